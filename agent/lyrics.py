"""Lyric drafting a small model can succeed at: end words planned first, each line sampled, checked, the best kept.

For every line the rhyme scheme and the song's subject choose the word it ends on
(agent.end_words). The model then writes several sampled candidates that arrive at that
word (held to it by llama.cpp's grammar when the endpoint is the embedded model). Each
candidate is checked (a sung line, real words, no avoided word, not already in the song,
the syllable target within two, the rhyme) and scored (syllables, closeness to the brief,
stresses on strong beats); the best is kept. A capable endpoint is first asked for the whole section at once, and
only the lines that fail are redrafted. When no candidate for a line passes, nothing is
made up: the draft comes back empty with a question for the musician.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from agent.end_words import VOCABULARY, EndWords, is_avoided, relevance
from agent.line_grammar import BEFORE_A_NOUN_NOT, BEFORE_AN_ADVERB_NOT, line_pattern, line_schema
from agent.llm import JsonMode, call_llm
from agent.llm_server import LLMUnavailable
from agent.lyric_checks import MAX_LINES, line_problem, normalise, parse_line, parse_list, sung_words, unreal_word
from music.words.lyric_craft import (
    end_word,
    rhyme_partners,
    rhyme_scheme,
    scheme_for,
    stress_cost,
    syllable_counts,
    syllable_target,
)
from music.words.rhyme_sounds import rhyme_kind
from music.words.syllables import syllable_count
from prompts import load_prompt

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

logger = logging.getLogger(__name__)

__all__ = ["LyricDraft", "draft_lyrics", "json_mode_for"]

_OTHER_LYRICS_CHARS = 1200
_TEMPERATURE = 0.8
# End words that are not things: the word before them is held to different rules.
_ADVERBS = frozenset({"again", "alone", "tonight", "away", "tomorrow", "forever", "today"})
_DETERMINERS = frozenset("the a an my your our his her their this that every".split())
_THINGS = frozenset(VOCABULARY) - _ADVERBS
# Words of the request a line must not parrot back.
_ECHO = re.compile(r"\b(?:syllables?|ends? with|mood|song about)\b", re.IGNORECASE)


@dataclass(frozen=True)
class LyricDraft:
    """A section's lyric draft and how it was made.

    Attributes:
        lines: Exactly the number of lines asked for, or none when no candidate passed.
        source: "model" for lines the model wrote and the checks passed; "none" when there are no lines.
        attempts_used: The most end words any line needed (0 when the model was never reached).
        note: When there are no lines, why, in one sentence for the musician.
    """

    lines: tuple[str, ...]
    source: Literal["model", "none"]
    attempts_used: int
    note: str = ""


@dataclass(frozen=True)
class _Brief:
    """What every line of one section is judged against."""

    kind: str
    subject: str
    mood: str
    direction: str
    target: int
    beats: float
    time_signature: str
    avoid: frozenset[str]
    taken: frozenset[str]
    query: str


@dataclass
class _Candidate:
    line: str
    score: float
    meets_target: bool  # syllables within one of the target
    good: bool  # and close enough to the brief to stop looking


@dataclass
class _Section:
    """The lines so far and what each still needs."""

    lines: list[str | None]
    rhyme_with: list[int | None]
    heads: set[int]

    def used_ends(self) -> list[str]:
        return [end_word(line) for line in self.lines if line]

    def used(self) -> set[str]:
        return {normalise(line) for line in self.lines if line}


def json_mode_for(model: Any, embedded: bool) -> JsonMode:
    """How to ask a chat model for JSON, judged from the model itself.

    llama.cpp's grammar for the embedded server, OpenAI's strict schema for another
    OpenAI-protocol endpoint, words only for any other chat model (its client takes neither).

    Args:
        model: The chat model.
        embedded: Whether the settings point at cowriter's own embedded model.
    """
    if getattr(model, "openai_api_base", None) is None:
        return "none"
    return "llama_cpp" if embedded else "openai"


def draft_lyrics(
    model: BaseChatModel,
    *,
    section_label: str,
    kind: str,
    subject: str,
    mood: str,
    n_lines: int,
    syllables_per_line: int | None,
    other_lyrics: str,
    attempts: int = 3,
    json_mode: JsonMode = "llama_cpp",
    avoid: Iterable[str] = (),
    direction: str = "",
    image: str = "",
    keep: Sequence[str] = (),
    redraft: int | None = None,
    beats: float = 8.0,
    time_signature: str = "4/4",
    candidates: int = 3,
    seed: int = 0,
) -> LyricDraft:
    """Draft `n_lines` lines for one section, or none with a question when no candidate passes.

    Args:
        model: The chat model.
        section_label: The section's label, e.g. "Chorus 2".
        kind: The section kind, e.g. "chorus".
        subject: What the song is about.
        mood: The mood to write in.
        n_lines: How many lines, 1 to 32.
        syllables_per_line: The target length, or None for what `kind` and `beats` suggest.
        other_lyrics: Lyrics the lines must not repeat (the song's other sections), one line each.
        attempts: How many end words to try for a line before giving up, at least 1.
        json_mode: "llama_cpp" for llama.cpp's schema grammar, "openai" for a strict JSON
            schema, "none" to ask in words only.
        avoid: Words never to use (their longer forms neither: "fire" keeps out "fires").
        direction: The musician's wish in their words ("about the sea"), passed to the model.
        image: A word the lines must use; one line ends on it.
        keep: The section's present lines, when only one of them is redrafted.
        redraft: With `keep`, the line (from 1) to write anew; it keeps its rhyme partner.
        beats: Beats each line is sung over, for the stress check and the default target.
        time_signature: The song's metre, for the stress check.
        candidates: Sampled candidates per end word, at least 1.
        seed: Varies the samples; the same seed drafts the same lines from the same model.

    Returns:
        The draft; `lines` is empty (and `note` asks the musician) when nothing passed.

    Raises:
        ValueError: If a count, the target, `json_mode` or `redraft` is out of range.
    """
    if not 1 <= n_lines <= MAX_LINES:
        raise ValueError(f"a section takes 1 to {MAX_LINES} lyric lines, not {n_lines}")
    if attempts < 1 or candidates < 1:
        raise ValueError("attempts and candidates must be at least 1")
    if syllables_per_line is not None and not 1 <= syllables_per_line <= 30:
        raise ValueError(f"{syllables_per_line} syllables is not a line length; use 1 to 30 or leave it empty")
    if json_mode not in ("llama_cpp", "openai", "none"):
        raise ValueError(f"json_mode must be 'llama_cpp', 'openai' or 'none', not {json_mode!r}")
    if keep and (len(keep) != n_lines or redraft is None or not 1 <= redraft <= n_lines):
        raise ValueError(f"to redraft one line, give all {n_lines} present lines and a line number from 1 to {n_lines}")

    # "no clichés like 'fire'" reaches here as words; a phrase keeps out each of its words.
    avoided = frozenset(word for phrase in avoid for word in re.findall(r"[a-z][a-z']*", phrase.lower()))
    target = syllables_per_line or syllable_target(kind, beats)
    theme = ", ".join(part for part in (direction.strip(), f"the image of {image}" if image else "") if part)
    query = ". ".join(part for part in (subject.strip() or "a song", mood.strip(), theme) if part)
    others = [line for line in other_lyrics.splitlines() if line.strip()]
    brief = _Brief(
        kind=kind, subject=subject.strip() or "the song's own story", mood=mood.strip() or "honest",
        direction=theme, target=target, beats=beats, time_signature=time_signature, avoid=avoided,
        taken=frozenset(normalise(line) for line in others), query=query,
    )  # fmt: skip
    section = _plan(kind, n_lines, keep, redraft)
    words = EndWords(query, brief_words=[subject, image], avoid=avoided, taken=[end_word(line) for line in others])
    drafter = _Drafter(model, json_mode, brief, words, attempts, candidates, seed, section_label)
    try:
        if json_mode != "llama_cpp" and not keep:
            drafter.whole_section(section, other_lyrics)
            if image and not any(image.lower() in _words(line) for line in section.lines if line):
                _make_room(section)
        for index in range(n_lines):
            if section.lines[index] is None and not drafter.line(section, index, image):
                return LyricDraft((), "none", drafter.rounds, note=_question(section_label))
    except LLMUnavailable as error:
        logger.warning("Lyric drafting stopped: %s", error)
        return LyricDraft((), "none", drafter.rounds, note=str(error))
    return LyricDraft(tuple(line for line in section.lines if line), "model", drafter.rounds)


def _make_room(section: _Section) -> None:
    """Empty a place for a line that must carry an image: a line that rhymes with nothing, else the first pair."""
    free = [i for i, mate in enumerate(section.rhyme_with) if mate is None and i not in section.heads]
    if free:
        section.lines[free[0]] = None
        return
    head = min(section.heads)
    for i, mate in enumerate(section.rhyme_with):
        if i == head or mate == head:
            section.lines[i] = None


def _cut_short() -> tuple[type[Exception], ...]:
    """The errors the openai client raises for a structured reply stopped by the token cap."""
    import openai

    return (openai.LengthFinishReasonError, openai.ContentFilterFinishReasonError)


def _question(label: str) -> str:
    return f"None of my drafts for {label} held up; give me a first line or an image to build on."


def _plan(kind: str, n_lines: int, keep: Sequence[str], redraft: int | None) -> _Section:
    if not keep or redraft is None:
        scheme = scheme_for(kind, n_lines)
        partners = rhyme_partners(scheme)
        return _Section([None] * n_lines, partners, {p for p in partners if p is not None})
    # One line anew: it must still rhyme with whichever line it rhymed with before.
    letters = rhyme_scheme(list(keep)).letters
    index = redraft - 1
    mates = [j for j, letter in enumerate(letters) if letter == letters[index] and j != index and letter != "-"]
    lines: list[str | None] = list(keep)
    lines[index] = None
    rhyme_with: list[int | None] = [None] * n_lines
    rhyme_with[index] = min(mates, key=lambda j: abs(j - index)) if mates else None
    return _Section(lines, rhyme_with, set())


class _Drafter:
    """Asks the model for lines and keeps the best candidates."""

    def __init__(self, model: BaseChatModel, json_mode: JsonMode, brief: _Brief, words: EndWords, attempts: int,
                 candidates: int, seed: int, label: str) -> None:
        self.model = model
        self.json_mode = json_mode
        self.brief = brief
        self.words = words
        self.attempts = attempts
        self.candidates = candidates
        self.seed = seed
        self.label = label
        self.rounds = 0

    # -- the whole section at once (capable endpoints) --------------------------------------------

    def whole_section(self, section: _Section, other_lyrics: str) -> None:
        """Ask once for every line; keep each line that passes for its place, leave the rest empty."""
        from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

        n_lines = len(section.lines)
        scheme = "".join(_letters(section.rhyme_with))
        pairs = [f"{p + 1} and {i + 1}" for i, p in enumerate(section.rhyme_with) if p is not None]
        form = f"about {self.brief.target} syllables a line"
        if pairs:
            form += f"; rhyme scheme {scheme} (lines {', '.join(pairs)} rhyme)"
        if self.brief.avoid:
            form += f"; never use the words {', '.join(sorted(self.brief.avoid))}"
        slots = {
            "section_label": self.label, "kind": self.brief.kind, "subject": self.brief.subject,
            "mood": self.brief.mood + (f"; {self.brief.direction}" if self.brief.direction else ""),
            "n_lines": str(n_lines), "syllables": form,
            "other_lyrics": other_lyrics.strip()[-_OTHER_LYRICS_CHARS:] or "(none yet)",
        }  # fmt: skip
        messages: list[BaseMessage] = [
            SystemMessage("You are a lyricist. You answer with JSON only."),
            HumanMessage(load_prompt("lyrics", **slots)),
        ]
        self.rounds = max(self.rounds, 1)
        for attempt in range(2):
            try:
                reply = call_llm(self._bind_section(n_lines), messages)
            except _cut_short() as error:
                logger.info("Whole-section draft %d cut short: %s", attempt + 1, error)
                return
            text = reply.text if isinstance(reply.text, str) else str(reply.content)
            try:
                drafted = parse_list(text)
            except ValueError as error:
                logger.info("Whole-section draft %d unreadable: %s", attempt + 1, error)
                retry = load_prompt("lyrics_retry", problems=f"{error}.", n_lines=str(n_lines))
                messages += [AIMessage(text or ""), HumanMessage(retry)]
                continue
            for index, line in enumerate(drafted[:n_lines]):
                mate = section.rhyme_with[index]
                if mate is not None and section.lines[mate] is None:
                    continue  # its partner will be redrafted, so whatever this line rhymes with now is lost
                candidate = self._judge(line, section, index, end=None)
                if candidate is not None and candidate.meets_target:
                    section.lines[index] = candidate.line
            return

    def _bind_section(self, n_lines: int) -> Any:
        max_tokens = 24 * n_lines + 40
        if self.json_mode == "openai":
            lines = {"type": "array", "items": {"type": "string"}}
            schema = {"type": "object", "properties": {"lines": lines}, "required": ["lines"], "additionalProperties": False}
            strict = {"name": "lyric_lines", "strict": True, "schema": schema}
            return self.model.bind(response_format={"type": "json_schema", "json_schema": strict}, max_tokens=max_tokens)
        return self.model.bind(max_tokens=max_tokens)

    # -- one line ------------------------------------------------------------------------------------

    def line(self, section: _Section, index: int, image: str) -> bool:
        """Draft line `index` (from 0): try end words in turn, several samples each; True when one passed."""
        best: _Candidate | None = None
        for round_, end in enumerate(self._ends(section, index, image)[: self.attempts]):
            self.rounds = max(self.rounds, round_ + 1)
            for sample in range(self.candidates):
                seed = self.seed + 7919 * index + 101 * round_ + sample
                text = self._ask(end, seed)
                try:
                    line = parse_line(text)
                except ValueError as error:
                    logger.info("Line %d, '%s': unreadable answer (%s)", index + 1, end, error)
                    continue
                # Only the grammar holds a model to the end word; another model may land on a word that works as well.
                forced = end if self.json_mode == "llama_cpp" or end == image.lower() else None
                candidate = self._judge(line, section, index, end=forced)
                if candidate is None:
                    continue
                if best is None or candidate.score > best.score:
                    best = candidate
                if candidate.good:
                    break
            # A line on target is worth more than another end word's gamble.
            if best is not None and best.meets_target:
                break
        if best is None:
            return False
        section.lines[index] = best.line
        return True

    def _ends(self, section: _Section, index: int, image: str) -> list[str]:
        """The end words to try for a line, best first."""
        used = section.used_ends()
        mate = section.rhyme_with[index]
        mate_line = section.lines[mate] if mate is not None else None
        if mate_line:
            return self.words.rhymes(end_word(mate_line), exclude=used)
        ends = self.words.heads(exclude=used) if index in section.heads else self.words.free(exclude=used)
        wanted = image.lower()
        if wanted and not any(wanted in _words(line) for line in section.lines if line):
            return [wanted, *[word for word in ends if word != wanted]]
        return ends

    def _ask(self, end: str, seed: int) -> str:
        from langchain_core.messages import HumanMessage

        request = _line_request(self.brief, end)
        messages = [*_examples(self.json_mode == "llama_cpp"), HumanMessage(request)]
        try:
            reply = call_llm(self._bind_line(end, seed), messages)
        except _cut_short() as error:
            # The reply ran out of tokens before the line was done: a candidate lost, not a failure.
            logger.info("A line ending on '%s' was cut short: %s", end, error)
            return ""
        return reply.text if isinstance(reply.text, str) else str(reply.content)

    def _bind_line(self, end: str, seed: int) -> Any:
        target = self.brief.target
        # Words before the end word: sung lines average about 1.3 syllables a word.
        rest = max(1, target - syllable_count(end))
        low = max(1, round(rest / 1.6))
        high = max(low + 1, round(rest / 1.05))
        max_tokens = 3 * high + 24
        if self.json_mode == "llama_cpp":
            # Nor may a thing follow another thing: "the night sky flight" is a model pushed past its own ending.
            before = BEFORE_AN_ADVERB_NOT if end in _ADVERBS else BEFORE_A_NOUN_NOT | _THINGS
            pattern = line_pattern(end, words=(low, high), banned=self.brief.avoid, before_end_not=before)
            return self.model.bind(
                response_format={"type": "json_object", "schema": line_schema(pattern)},
                max_tokens=max_tokens, temperature=_TEMPERATURE, seed=seed,
            )  # fmt: skip
        if self.json_mode == "openai":
            strict = {"name": "lyric_line", "strict": True, "schema": line_schema()}
            return self.model.bind(
                response_format={"type": "json_schema", "json_schema": strict},
                max_tokens=max_tokens, temperature=_TEMPERATURE, seed=seed,
            )  # fmt: skip
        return self.model.bind(max_tokens=max_tokens)

    # -- judging ---------------------------------------------------------------------------------------

    def _judge(self, line: str, section: _Section, index: int, *, end: str | None) -> _Candidate | None:
        """Score a candidate for line `index`, or None when it fails a check that cannot be bargained with."""
        brief = self.brief
        problem = line_problem(line) or _problem(line, brief, section, index, end)
        if not problem and index in section.heads and not self.words.rhymes(end_word(line), exclude=section.used_ends()):
            problem = f"nothing rhymes with '{end_word(line)}' for the line that must rhyme with it"
        if problem:
            logger.debug("Line %d candidate refused: %s", index + 1, problem)
            return None
        syllables = syllable_counts([line])[0]
        miss = abs(syllables - brief.target)
        close = relevance([line], brief.query)[0]
        score = 2.0 * close - 0.5 * miss - (1.0 if miss > 1 else 0.0)
        # A small model echoes the lines around it; a section of lines opening alike reads as a stutter.
        opening = _words(line)[:3]
        if any(_words(other)[:3] == opening for other in section.lines if other):
            score -= 1.5
        # "... by the door": a thing named with its article or owner reads as meant, not as steered there.
        if len(_words(line)) > 1 and _words(line)[-2] in _DETERMINERS and last_is_thing(line):
            score += 0.3
        cost = stress_cost(line, brief.time_signature, brief.beats)
        score -= 0.5 * (cost if cost is not None else 3.0)
        # A small model's lines wander off the subject; a capable endpoint's first line on target is taken.
        near = close >= 0.12 or self.json_mode != "llama_cpp"
        good = miss <= 1 and near
        logger.debug("Line %d candidate %.2f%s: %s (%d syllables, closeness %.2f, stress %s)",
                     index + 1, score, " good" if good else "", line, syllables, close, cost)
        return _Candidate(line, score, miss <= 1, good)


def _problem(line: str, brief: _Brief, section: _Section, index: int, end: str | None) -> str | None:
    """Why a cleaned, sung line cannot take place `index`, or None."""
    odd = unreal_word(line)
    if odd:
        return f"'{odd}' is not a word"
    if any(is_avoided(word, brief.avoid) for word in _words(line)):
        return "it uses a word the musician wants to avoid"
    key = normalise(line)
    if key in brief.taken or key in section.used():
        return "the line is already in the song"
    if _ECHO.search(line):
        return "the line repeats the request"
    last = end_word(line)
    if end is not None and last != end:
        return f"it ends on '{last}', not '{end}'"
    if any(word in (last, f"{last}s", f"{last}'s") for word in _words(line)[:-1]):
        return f"it uses '{last}' twice"
    counts = [_words(line).count(word) for word in set(_words(line)) if len(word) > 3]
    if counts and max(counts) > 2:
        return "it repeats a word three times"
    syllables = syllable_counts([line])[0]
    if abs(syllables - brief.target) > 2:
        return f"{syllables} syllables is far from {brief.target}"
    mate = section.rhyme_with[index]
    mate_line = section.lines[mate] if mate is not None else None
    if mate_line and rhyme_kind(end_word(mate_line), last) not in ("perfect", "slant"):
        return f"'{last}' does not rhyme with '{end_word(mate_line)}'"
    if any(last == end_word(other) for other in section.lines if other):
        return f"another line already ends on '{last}'"
    return None


def last_is_thing(line: str) -> bool:
    """Whether a line ends on a thing rather than on a word like "again"."""
    return end_word(line) not in _ADVERBS


def _words(line: str) -> list[str]:
    return [re.sub(r"[^a-z']", "", token.lower()).strip("'") for token in sung_words(line)]


def _line_request(brief: _Brief, end: str) -> str:
    direction = f" Also: {brief.direction}." if brief.direction else ""
    return _request(brief.subject, brief.mood, direction, brief.kind, brief.target, end)


def _request(subject: str, mood: str, direction: str, kind: str, syllables: int | str, end: str) -> str:
    return load_prompt(
        "lyric_line", subject=subject, mood=mood, direction=direction, kind=kind, syllables=str(syllables), end=end
    )


@cache
def _examples(bare: bool) -> tuple[BaseMessage, ...]:
    """The system prompt and the worked examples every line request starts with (the same, so the server reuses them).

    With `bare`, the examples answer with a JSON string alone, as the grammar makes the model do; else with {"line": ...}.
    """
    import json

    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    messages: list[BaseMessage] = [SystemMessage(load_prompt("lyric_writer").strip())]
    for row in load_prompt("lyric_line_examples").splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) != 6 or cells[0] in ("subject", "") or set(cells[0]) <= {"-"}:
            continue
        subject, mood, kind, syllables, end, line = cells
        request = _request(subject, mood, "", kind, syllables, end)
        messages += [HumanMessage(request), AIMessage(json.dumps(line if bare else {"line": line}))]
    return tuple(messages)


def _letters(partners: Sequence[int | None]) -> list[str]:
    letters: list[str] = []
    for partner in partners:
        letters.append(letters[partner] if partner is not None else chr(ord("A") + len(set(letters))))
    return letters
