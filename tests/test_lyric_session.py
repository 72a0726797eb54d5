"""Lyric craft from the chat: make a line rhyme, check the lines, find rhymes."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.session import Session
from agent.settings import Settings
from music.lyric_craft import rhyme_scheme

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
