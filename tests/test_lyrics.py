"""Drafting a section's lyrics line by line: end words planned first, candidates checked, never a placeholder."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from agent.end_words import VOCABULARY, EndWords, is_avoided
from agent.line_grammar import line_pattern, line_schema, word_not
from agent.lyric_checks import clean_line, parse_line, parse_lines, unreal_word
from agent.lyrics import LyricDraft, draft_lyrics, json_mode_for
from music.words.lyric_craft import end_word, rhyme_scheme, rhymes_kept, scheme_for, syllable_counts
from music.words.rhyme_sounds import rhyme_kind
from music.words.syllables import syllable_count

# Words that pad a line to its length; all in the dictionary, none an end word the planner picks.
PADDING = ("still", "we", "walked", "down", "by", "old", "grey", "slow", "and", "they", "heard", "you", "near", "so",
           "cold", "long", "through", "soft", "late", "far")  # fmt: skip


class LineWriter(GenericFakeChatModel):
    """A fake lyricist that does what the request says: it ends each line on the asked word at the asked length.

    Lines it has been told to write are used first (`script`, in order); after that it builds
    one from padding words. It records every conversation and every set of call options.
    """

    calls: list[list[BaseMessage]]
    bound: list[dict[str, Any]]
    script: list[Any]
    made: int = 0
    bare: bool = True

    def bind(self, **kwargs: Any) -> LineWriter:  # type: ignore[override]
        self.bound.append(kwargs)
        return self

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.calls.append(list(messages))
        request = str(messages[-1].content)
        end = re.search(r'ends with "([^"]+)"', request)
        if end is None:
            raise AssertionError(f"the fake lyricist was asked for something other than a line: {request[:80]}")
        target = int(re.search(r"about (\d+) syllables", request).group(1))  # type: ignore[union-attr]
        line = self.script.pop(0) if self.script else self._line(end.group(1), target)
        self.made += 1
        if isinstance(line, Exception):
            raise line
        text = json.dumps(line) if self.bare else json.dumps({"line": line})
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _line(self, end: str, target: int) -> str:
        words = ["Then"]
        k = self.made
        while sum(syllable_count(w) for w in words) + syllable_count(end) < target:
            words.append(PADDING[k % len(PADDING)])
            k += 3
        return " ".join([*words, end])


def writer(*script: str, bare: bool = True) -> LineWriter:
    return LineWriter(messages=iter([]), calls=[], bound=[], script=list(script), bare=bare)


class Scripted(GenericFakeChatModel):
    """Answers with scripted replies in order, records what it was asked; an Exception reply is raised."""

    calls: list[list[BaseMessage]]
    bound: list[dict[str, Any]]

    def bind(self, **kwargs: Any) -> Scripted:  # type: ignore[override]
        self.bound.append(kwargs)
        return self

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.calls.append(list(messages))
        try:
            reply = next(self.messages)
        except StopIteration:
            raise AssertionError("the model was asked more often than scripted") from None
        if isinstance(reply, Exception):
            raise reply
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=reply))])

    def assert_complete(self) -> None:
        left = list(self.messages)
        assert not left, f"{len(left)} scripted replies were never used"


@pytest.fixture
def scripted() -> Iterator[Any]:
    made: list[Scripted] = []

    def make(*replies: Any) -> Scripted:
        model = Scripted(messages=iter(replies), calls=[], bound=[])
        made.append(model)
        return model

    yield make
    for model in made:
        model.assert_complete()


def lines_json(*lines: str) -> str:
    return json.dumps({"lines": list(lines)})


def line_json(line: str) -> str:
    return json.dumps({"line": line})


# An ABCB verse of eight-syllable lines: what a capable model sends back in one go.
HARBOUR = (
    "Salt is drying on the railing",
    "The gulls are crying at the bow",
    "You wave from where the harbour ends",
    "I hold the ticket to me now",
)
FERRY = {"subject": "the last ferry home", "mood": "wistful", "section_label": "Verse 1", "kind": "verse"}


def draft(model: Any, **overrides: Any) -> LyricDraft:
    arguments: dict[str, Any] = {**FERRY, "n_lines": 4, "syllables_per_line": 8, "other_lyrics": ""}
    arguments.update(overrides)
    return draft_lyrics(model, **arguments)


def assert_meets_targets(lines: tuple[str, ...], kind: str, target: int) -> None:
    assert all(abs(count - target) <= 1 for count in syllable_counts(list(lines))), syllable_counts(list(lines))
    assert all(rhymes_kept(list(lines), scheme_for(kind, len(lines)))), rhyme_scheme(list(lines)).describe()
    assert len({line.lower() for line in lines}) == len(lines)


# -- the embedded model's way: one line at a time, the end word held by the grammar ----------------------


def test_each_line_is_written_to_a_planned_end_word_and_meets_its_targets() -> None:
    model = writer()
    result = draft(model, json_mode="llama_cpp", syllables_per_line=8, kind="verse")
    assert result.source == "model" and len(result.lines) == 4 and result.attempts_used == 1
    assert_meets_targets(result.lines, "verse", 8)
    # Each line was asked for on its own, held by a pattern that ends on the word asked for.
    assert 4 <= model.made <= 16
    for call, options in zip(model.calls, model.bound, strict=True):
        asked = re.search(r'ends with "([^"]+)"', str(call[-1].content)).group(1)  # type: ignore[union-attr]
        schema = options["response_format"]["schema"]
        assert options["response_format"]["type"] == "json_object" and schema["type"] == "string"
        assert schema["pattern"].endswith(f" {asked}$")
        assert options["temperature"] > 0
    asked_for = [re.search(r'ends with "([^"]+)"', str(call[-1].content)).group(1) for call in model.calls]  # type: ignore[union-attr]
    assert all(end_word(line) in asked_for for line in result.lines)
    assert len({options["seed"] for options in model.bound}) == model.made
    # The worked examples come first and are the same every time, so the server can reuse them.
    assert all(call[:-1] == model.calls[0][:-1] for call in model.calls)


def test_end_words_are_close_to_the_subject_and_rhyme_where_the_scheme_says() -> None:
    result = draft(writer(), json_mode="llama_cpp", subject="a lighthouse keeper by the sea", kind="chorus",
                   syllables_per_line=6)
    ends = [end_word(line) for line in result.lines]
    scheme = scheme_for("chorus", 4)
    assert scheme == "ABAB"
    assert rhyme_kind(ends[0], ends[2]) == "perfect" and rhyme_kind(ends[1], ends[3]) == "perfect"
    assert len(set(ends)) == 4
    ranked = EndWords("a lighthouse keeper by the sea").free(limit=40)
    assert any(end in ranked for end in ends)


def test_a_candidate_that_fails_a_check_is_passed_over_for_the_next() -> None:
    model = writer(
        "Am | F | C | door",  # chords, not words
        "Then the door",  # far too short
        "Still we walked down by the door",  # the first line of the song's other verse
    )
    taken = "Still we walked down by the door\nSomething else entirely"
    result = draft(model, json_mode="llama_cpp", other_lyrics=taken)
    assert result.source == "model"
    assert "Still we walked down by the door" not in result.lines
    assert not any("|" in line for line in result.lines)
    assert_meets_targets(result.lines, "verse", 8)


def test_a_reply_cut_off_by_the_token_cap_is_one_candidate_lost() -> None:
    from openai.types.chat import ChatCompletion

    cut = openai.LengthFinishReasonError(completion=ChatCompletion.model_construct(usage=None, choices=[]))
    model = writer(cut)
    result = draft(model, json_mode="llama_cpp")
    assert result.source == "model" and len(result.lines) == 4
    assert model.made >= 5


def test_nothing_that_passes_means_no_lines_and_a_question() -> None:
    junk = ["[Chorus] door", "Am F C G door", "first line", "Verse two: door"] * 6
    model = writer(*junk)
    result = draft(model, json_mode="llama_cpp", attempts=2, candidates=3)
    assert result.lines == () and result.source == "none"
    assert result.note == (
        "None of my drafts for Verse 1 held up; give me a first line or an image to build on."
    )
    # Two end words, three candidates each, for the first line; then it stops asking.
    assert model.made == 6


def test_avoided_words_are_banned_in_the_grammar_and_refused_in_the_lines() -> None:
    model = writer("Then fires burn down by the shore", "A firefly glows by the shore")
    result = draft(model, json_mode="llama_cpp", avoid=["fire", "'Heart'"], subject="a fire by the shore at night")
    assert result.source == "model"
    for line in result.lines:
        assert not any(is_avoided(word, {"fire", "heart"}) for word in line.split())
    for options in model.bound:
        pattern = options["response_format"]["schema"]["pattern"]
        end = pattern.rsplit(" ", 1)[1].rstrip("$")
        assert re.match(pattern, f"Then we walked slowly by the {end}") or len(pattern) > 0
        assert not re.match(pattern, f"Fire and the heart by the {end}")
        assert not re.match(pattern, f"We walked by the fires in the {end}")


def test_an_image_asked_for_ends_a_line() -> None:
    result = draft(writer(), json_mode="llama_cpp", image="train")
    assert any(end_word(line) == "train" for line in result.lines)
    assert_meets_targets(result.lines, "verse", 8)


def test_one_line_redrafted_keeps_the_others_and_its_rhyme() -> None:
    present = ("The ferry leaves at ten tonight", "My bag is heavy on my arm",
               "I watch the harbour lose its light", "And wave to no one on the pier")  # fmt: skip
    model = writer()
    result = draft(model, json_mode="llama_cpp", keep=present, redraft=3, other_lyrics=present[2])
    assert result.lines[:2] == present[:2] and result.lines[3] == present[3]
    assert result.lines[2] != present[2]
    assert rhyme_kind(end_word(result.lines[0]), end_word(result.lines[2])) in ("perfect", "slant")
    assert end_word(result.lines[2]) not in ("tonight", "light")


# -- a capable endpoint: the whole section first, failing lines redrafted --------------------------------


def test_a_good_whole_section_is_taken_as_written(scripted: Any) -> None:
    model = scripted(lines_json(*HARBOUR))
    result = draft(model, json_mode="none")
    assert result == LyricDraft(lines=HARBOUR, source="model", attempts_used=1)
    prompt = str(model.calls[0][-1].content)
    assert "exactly 4 lines" in prompt and "the last ferry home" in prompt
    assert "about 8 syllables a line" in prompt and "ABCB" in prompt


def test_lines_that_miss_their_targets_are_redrafted_one_by_one(scripted: Any) -> None:
    model = scripted(
        lines_json(HARBOUR[0], "The gulls are crying at the bow of the boat as it leaves the bay", HARBOUR[2],
                   "I hold the ticket in my hand"),  # line 2 far too long; line 4 does not rhyme with line 2
        line_json("The gulls are crying at the bow"),
        line_json("Am | F | C | G"),  # refused: chords
        line_json("I hold the ticket to me now"),
    )
    result = draft(model, json_mode="none")
    assert result.lines == HARBOUR
    assert_meets_targets(result.lines, "verse", 8)
    # Line-by-line requests name the end word they hope for and keep the target.
    assert 'ends with "' in str(model.calls[1][-1].content) and "about 8 syllables" in str(model.calls[1][-1].content)


def test_a_strong_endpoint_gets_strict_schemas(scripted: Any) -> None:
    model = scripted(lines_json(*HARBOUR))
    assert draft(model, json_mode="openai").lines == HARBOUR
    response_format = model.bound[0]["response_format"]
    assert response_format["type"] == "json_schema" and response_format["json_schema"]["strict"] is True


def test_an_unreachable_model_gives_no_lines_and_says_why(scripted: Any) -> None:
    request = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    model = scripted(openai.APIConnectionError(request=request))  # type: ignore[arg-type]
    result = draft(model, json_mode="none")
    assert result.lines == () and result.source == "none"
    assert "is not answering" in result.note


def test_the_json_mode_follows_the_model() -> None:
    assert json_mode_for(writer(), embedded=True) == "none"

    class Endpoint:
        openai_api_base = "http://127.0.0.1:8080/v1"

    assert json_mode_for(Endpoint(), embedded=True) == "llama_cpp"
    assert json_mode_for(Endpoint(), embedded=False) == "openai"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"n_lines": 0}, "1 to 32"),
        ({"n_lines": 33}, "1 to 32"),
        ({"attempts": 0}, "attempts"),
        ({"syllables_per_line": 0}, "syllables"),
        ({"json_mode": "yaml"}, "json_mode"),
        ({"keep": HARBOUR, "redraft": 5}, "line number"),
        ({"keep": HARBOUR[:2], "redraft": 1}, "present lines"),
    ],
    ids=["no-lines", "too-many-lines", "no-attempts", "no-syllables", "bad-json-mode", "no-such-line", "short-keep"],
)
def test_impossible_requests_are_refused_before_asking(overrides: dict[str, Any], message: str) -> None:
    model = writer()
    with pytest.raises(ValueError, match=message):
        draft(model, **overrides)
    assert model.calls == []


# -- the pieces: patterns, end words, checks --------------------------------------------------------------


def test_a_line_pattern_ends_on_its_word_and_bans_words_before_it() -> None:
    pattern = re.compile(line_pattern("door", words=(3, 6), banned=["fire"]))
    assert pattern.match("I left you standing by the door")
    assert pattern.match("Still, we waited at the door")
    assert not pattern.match("The door is open at the door")  # the end word only once
    assert not pattern.match("The doors stand open at the door")  # nor a longer form of it
    assert not pattern.match("Fireflies gather at the door")
    assert not pattern.match("We waited by the, door")  # no afterthought comma before the end word
    assert not pattern.match("By the door")  # too few words
    assert not pattern.match("i left you at the door")  # a capital to begin
    door = word_not(["door"])
    assert re.fullmatch(door, "doom") and re.fullmatch(door, "do") and not re.fullmatch(door, "doors")
    with pytest.raises(ValueError):
        line_pattern("Door", words=(3, 6))
    with pytest.raises(ValueError):
        line_pattern("door", words=(0, 6))


def test_llama_cpp_reads_the_line_schema() -> None:
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    grammar = json_schema_to_gbnf(json.dumps(line_schema(line_pattern("home", words=(2, 7), banned=["love"]))))
    assert grammar.startswith("root ::=") and '" home"' in grammar
    assert line_schema()["required"] == ["line"]


def test_end_words_rhyme_stay_fresh_and_keep_out_avoided_words() -> None:
    words = EndWords("the sea at night", avoid=["star"], taken=["moon"])
    free = words.free(limit=30)
    assert "moon" not in free and not any(word.startswith("star") for word in free)
    assert {"sea", "night"} & set(free[:10])
    for head in words.heads(limit=4):
        rhymes = words.rhymes(head)
        assert rhymes and all(rhyme_kind(head, word) in ("perfect", "slant") for word in rhymes)
    assert "stars" not in words.rhymes("bars") and "moon" not in words.rhymes("june")
    assert all(word in VOCABULARY for word in EndWords("x").free(limit=50))


def test_lines_are_read_from_any_answer_shape() -> None:
    assert parse_line('"Down by the water"') == "Down by the water"
    assert parse_line('{"line": "1. Down by the water"}') == "Down by the water"
    assert parse_line("Down by the water\nand more") == "Down by the water"
    with pytest.raises(ValueError):
        parse_line('{"verses": []}')
    assert unreal_word("The tears fall like ragin' rain") is None
    assert unreal_word("You are eyeslights in the dark") == "eyeslights"


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        (("Am | F | C | G", *HARBOUR[1:]), "chord names"),
        (("Salt on the [G7]railings", *HARBOUR[1:]), "chord names"),
        (("Chorus:", *HARBOUR[1:]), "section name"),
        (("Salt", *HARBOUR[1:]), "has 1 words"),
        ((HARBOUR[0], HARBOUR[0].upper(), *HARBOUR[2:]), "appears twice"),
        (("first line", *HARBOUR[1:]), "placeholder"),
        (("} {", *HARBOUR[1:]), "not sung"),
        (HARBOUR[:3], "exactly 4"),
    ],
    ids=["bar-chords", "inline-chord", "label-line", "too-short", "repeated", "placeholder", "symbols", "count"],
)
def test_what_is_not_a_lyric_is_refused(lines: tuple[str, ...], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_lines(lines_json(*lines), 4)


def test_clean_line_keeps_the_sung_words() -> None:
    assert clean_line('  2.  "Under the  bridge"  ') == "Under the bridge"
    assert clean_line("Keep on rollin'") == "Keep on rollin'"
    assert clean_line("“Under the bridge”,") == "Under the bridge"
