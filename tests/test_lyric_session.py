"""Lyric craft from the chat: draft and rewrite lyrics, make a line rhyme, check the lines, find rhymes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage

from agent.session import Session
from agent.settings import Settings
from music.errors import CowriterError
from music.words.lyric_craft import RAP_VERSE, rhyme_scheme, rhymes_kept, scheme_for, syllable_counts
from tools.lyric_tools import Rewrite, read_how
from tools.lyricist import LyricRequest
from tools.registry import call_tool

CHORUS = "/lyrics chorus: I walked away from my front door / the river running cold / I'm leaving like a stone / and I won't be back again"


@pytest.fixture
def session(cowriter_home: Path):
    session = Session(Settings(home=cowriter_home, sample_rate=22050), project="lyrics")
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    assert not session.send(CHORUS).error
    yield session
    session.close()


def chorus_lines(session: Session) -> list[str]:
    song = session.song()
    return list(song.sections[song.find("chorus")[0]].lyrics)


@pytest.mark.parametrize("message", ["make line 4 rhyme with line 1 in the chorus", "/rhyme chorus 4 with 1"],
                         ids=["asked", "slash"])
def test_a_line_is_made_to_rhyme_and_the_change_is_named(session: Session, message: str) -> None:
    before = len(session.versions())
    turn = session.send(message)
    assert not turn.error, turn.reply
    lines = chorus_lines(session)
    assert lines[:3] == chorus_lines_before()[:3]
    scheme = rhyme_scheme(lines)
    assert any({pair.first, pair.second} == {1, 4} for pair in scheme.pairs), scheme.describe()
    assert "line 4" in turn.reply and "again" in turn.reply
    assert len(session.versions()) == before + 1 and turn.audio
    assert all(session.song().sections[i].lyrics == tuple(lines) for i in session.song().find("chorus"))


def chorus_lines_before() -> list[str]:
    return [line.strip() for line in CHORUS.split(":", 1)[1].split("/")]


def test_checking_lines_and_finding_rhymes_change_nothing(session: Session) -> None:
    before = len(session.versions())
    check = session.send("check the lyrics of the chorus")
    assert not check.error and "syllables" in check.reply and "rhyme scheme" in check.reply
    rhymes = session.send("what rhymes with home?")
    assert not rhymes.error and "roam" in rhymes.reply
    assert len(session.versions()) == before


def test_a_line_that_is_not_there_is_named_in_one_sentence(session: Session) -> None:
    before = len(session.versions())
    turn = session.send("/rhyme chorus 9 with 1")
    assert turn.error and "4 lyric lines" in turn.reply and "\n" not in turn.reply
    assert len(session.versions()) == before


# -- drafting and rewriting with a model: what lands on the sheet is measured --------------------------------

VERSE = ["I packed my life in a canvas bag", "the kitchen light still burning low",
         "my father's coat, my mother's flag", "the road is all I've come to know"]  # fmt: skip


def lines(*text: str) -> AIMessage:
    return AIMessage(content=json.dumps({"lines": list(text)}))


def line(text: str) -> AIMessage:
    return AIMessage(content=json.dumps({"line": text}))


@pytest.fixture
def writer_session(cowriter_home: Path, scripted_model: Any) -> Iterator[Callable[..., tuple[Session, Any]]]:
    opened: list[tuple[Session, Any]] = []

    def open_session(*replies: AIMessage, **settings: Any) -> tuple[Session, Any]:
        model = scripted_model(list(replies))
        session = Session(Settings(home=cowriter_home, sample_rate=22050, **settings), project="words",
                          chat_model=model)
        assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
        opened.append((session, model))
        return session, model

    yield open_session
    for session, model in opened:
        session.close()
        model.assert_complete()


def lyrics_of(session: Session, name: str) -> list[str]:
    song = session.song()
    return list(song.sections[song.find(name)[0]].lyrics)


def rewrite(session: Session, **args: Any) -> Any:
    return call_tool(session.tools, "rewrite_lyrics", args, lyricist=session._lyricist)


def test_drafted_lines_meet_their_targets_and_no_line_comes_back_in_another_section(writer_session: Any) -> None:
    session, model = writer_session(
        lines(*VERSE),
        lines(VERSE[0], "The ferry horn is calling out", "I leave the keys beneath the mat",
              "And never turn my head about"),  # the first line is Verse 1's
        line("The morning bus is running late"),
    )
    turn = session.send("/write verse 1")
    assert not turn.error, turn.reply
    verse = lyrics_of(session, "verse 1")
    assert verse == VERSE
    assert all(abs(n - 8) <= 1 for n in syllable_counts(verse)) and all(rhymes_kept(verse, "ABCB"))
    assert "rhyme scheme ABAB" in turn.reply
    turn = session.send("/write verse 2")
    assert not turn.error, turn.reply
    second = lyrics_of(session, "verse 2")
    assert second == ["The morning bus is running late", "The ferry horn is calling out",
                      "I leave the keys beneath the mat", "And never turn my head about"]  # fmt: skip
    assert not set(second) & set(verse)
    assert all(rhymes_kept(second, "ABCB"))


def test_when_no_draft_passes_the_musician_is_asked_and_nothing_changes(writer_session: Any) -> None:
    junk = ["Am | F | C | G", "[Chorus]", "first line", "Verse 2: la la"]
    session, model = writer_session(lines(*junk), *[line(text) for text in junk[:3]], lyric_attempts=1)
    before = session.head()
    turn = session.send("/write verse 1")
    assert turn.error
    assert turn.reply == "None of my drafts for Verse 1 held up; give me a first line or an image to build on."
    assert session.head().id == before.id
    assert lyrics_of(session, "verse 1") == []
    assert not any(text in " ".join(s.lyrics) for s in session.song().sections for text in junk)


def test_a_more_hopeful_chorus_is_redrafted_in_that_mood_everywhere(writer_session: Any) -> None:
    session, model = writer_session(
        lines("The sun comes up again", "I feel the morning light", "We'll find our way back then",
              "and hold each other tight"),
    )
    assert not session.send(CHORUS).error
    before = lyrics_of(session, "chorus")
    result = rewrite(session, section="chorus", how="more hopeful")
    after = lyrics_of(session, "chorus")
    assert after != before and not set(after) & set(before)
    assert all(list(s.lyrics) == after for s in session.song().sections if s.kind == "chorus")
    assert "Mood: hopeful" in str(model.calls[0][-1].content)
    old, new = syllable_counts(before), syllable_counts(after)
    assert result.summary == (
        f"Chorus 1, Chorus 2, Chorus 3: lines 1-4 rewritten (syllables {', '.join(map(str, old))} -> "
        f"{', '.join(map(str, new))}; rhyme scheme {rhyme_scheme(before).letters} -> ABAB)."
    )


def test_rewriting_line_three_changes_only_line_three_and_keeps_its_rhyme(writer_session: Any) -> None:
    verse = ["The ferry leaves at ten tonight", "My bag is heavy on my arm", "I watch the harbour lose its light",
             "The engines rumble like a farm"]  # fmt: skip
    session, model = writer_session(line("The water glitters in the night"))
    assert not session.send("/lyrics verse 1: " + " / ".join(verse)).error
    result = rewrite(session, section="verse 1", line=3)
    after = lyrics_of(session, "verse 1")
    assert [after[k] for k in (0, 1, 3)] == [verse[k] for k in (0, 1, 3)]
    assert after[2] == "The water glitters in the night"
    assert rhyme_scheme(after).letters == "ABAB"
    assert result.summary == (
        "Verse 1, line 3: 'I watch the harbour lose its light' -> 'The water glitters in the night' "
        "(8 -> 8 syllables; rhyme scheme ABAB)."
    )
    assert len(model.calls) == 1


def test_fewer_syllables_in_the_bridge_are_really_fewer(writer_session: Any) -> None:
    bridge = ["We always said we'd never leave", "But here I am and I believe", "The road will take me where I go",
              "And bring me back to what I know"]  # fmt: skip
    session, model = writer_session(
        lines("We said we'd never leave", "And still I do believe", "The road is long and slow", "It brings me home, I know"),
    )
    assert not session.send("/lyrics bridge: " + " / ".join(bridge)).error
    result = rewrite(session, section="bridge", how="fewer syllables")
    after = lyrics_of(session, "bridge")
    assert sum(syllable_counts(after)) < sum(syllable_counts(bridge))
    assert all(a < b for a, b in zip(syllable_counts(after), syllable_counts(bridge), strict=True))
    assert "syllables 8, 8, 8, 8 -> 6, 6, 6, 6; rhyme scheme AABB)" in result.summary
    assert "about 6 syllables a line" in str(model.calls[0][-1].content)


def test_an_image_asked_for_is_on_the_sheet(writer_session: Any) -> None:
    session, model = writer_session(
        lines(*VERSE),
        lines("The station clock is running slow", "My mother waves beside the gate",
              "I count the fields as cities grow", "I tell myself it's not too late"),  # no train in it
        line("I hear the whistle of the train"),
    )
    assert not session.send("/write verse 1").error
    result = rewrite(session, section="verse 1", how="use the image of a train")
    after = lyrics_of(session, "verse 1")
    assert after[0] == "I hear the whistle of the train"
    assert 'ends with "train"' in str(model.calls[2][-1].content)
    assert result.summary.endswith("'train' is in line 1.")


def test_avoided_words_never_reach_the_lines(writer_session: Any) -> None:
    session, model = writer_session(
        lines("I packed my life in a canvas bag", "the kitchen light still burning low",
              "the fire crackles in the grate", "the road is all I've come to know"),
        line("the fireflies are dancing late"),
        line("my father's coat, my mother's flag"),
    )
    song = session.song()
    answer = session._lyricist(LyricRequest(song=song, index=song.find("verse 1")[0], n_lines=4,
                                            avoid=frozenset({"fire"})))
    assert answer.lines == ("I packed my life in a canvas bag", "the kitchen light still burning low",
                            "my father's coat, my mother's flag", "the road is all I've come to know")  # fmt: skip


@pytest.mark.parametrize(
    ("args", "reply"),
    [
        ({"section": "verse 1", "how": "more hopeful"}, "Verse 1 has no lyrics yet; draft some first with /write verse 1."),
        ({"section": "chorus", "line": 9}, "Chorus 1 has 4 lyric lines, so there is no line 9."),
    ],
    ids=["no-lyrics", "no-such-line"],
)
def test_a_rewrite_that_cannot_be_done_is_one_sentence(session: Session, args: dict[str, Any], reply: str) -> None:
    before = len(session.versions())
    with pytest.raises(CowriterError) as caught:
        rewrite(session, **args)
    assert str(caught.value) == reply
    assert len(session.versions()) == before


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("more hopeful", Rewrite(mood="hopeful")),
        ("fewer syllables", Rewrite(syllables=-1)),
        ("use the image of a train", Rewrite(image="train")),
        ("make it happier and shorter", Rewrite(mood="happy", syllables=-1)),
        ("longer lines, with the image of a train station", Rewrite(image="station", syllables=1)),
        ("make it about the sea", Rewrite(theme="about the sea")),
        ("", Rewrite()),
    ],
    ids=["mood", "shorter", "image", "mood-and-shorter", "longer-and-image", "theme", "fresh"],
)
def test_what_a_rewrite_asks_for_is_read(how: str, expected: Rewrite) -> None:
    assert read_how(how) == expected


def test_the_rewrite_tool_takes_the_arguments_the_parser_fills() -> None:
    from agent.intents import REWRITE_LYRICS, TOOL_ARGS
    from tools.registry import TOOLS

    assert tuple(TOOLS["rewrite_lyrics"].args_model.model_fields) == TOOL_ARGS[REWRITE_LYRICS]


RAP = ["I came up counting pennies on the train", "my mother working doubles in the rain",
       "the corner shop was open all the night", "we learned to make a living out of light",
       "the teachers said my words would never land", "but now I hold the future in my hand",
       "the city never sleeping, never still", "I climbed the concrete steps of Sugar Hill",
       "they told me that the dream was out of reach", "I wrote it down in chalk along the beach",
       "my brother on the block with nothing said", "he carried all his troubles in his head",
       "the summer heat was rising off the street", "we turned the broken speakers to a beat",
       "and all the verses written for the crew", "the only thing I ever wanted true"]  # fmt: skip


def test_a_rap_verse_is_drafted_a_line_a_bar_in_couplets_and_rapped_that_way(
    cowriter_home: Path, scripted_model: Any
) -> None:
    model = scripted_model([lines(*RAP)])
    session = Session(Settings(home=cowriter_home, sample_rate=22050), project="bars", chat_model=model)
    try:
        assert not session.send("/plan hip hop song about the city").error
        verse = session.song().sections[session.song().find("verse 1")[0]]
        assert verse.bars == 16
        turn = session.send("/write verse 1")
        assert not turn.error, turn.reply
        drafted = lyrics_of(session, "verse 1")
        assert drafted == RAP  # sixteen lines for sixteen bars
        assert all(abs(n - 10) <= 1 for n in syllable_counts(drafted)) and all(rhymes_kept(drafted, scheme_for(RAP_VERSE, 16)))
        assert not session.send("/melody verse 1").error
        song = session.song()
        index = song.find("verse 1")[0]
        bar = song.meta.beats_per_bar
        sung = [n for n in song.sections[index].melody if n.lyric]
        per_bar = [sum(1 for n in sung if int(n.start // bar) == b) for b in range(16)]
        assert per_bar == syllable_counts(drafted)  # each line in its own bar
        model.assert_complete()
    finally:
        session.close()

