"""One real turn through the whole agent against the embedded model (llama.cpp on loopback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.session import Session
from agent.settings import Settings

pytestmark = pytest.mark.slow


def test_a_conversational_turn_reaches_the_embedded_model(cowriter_home: Path) -> None:
    session = Session(Settings(home=cowriter_home), project="embedded")
    try:
        assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
        turn = session.send("What do you think this song is about?")
        assert not turn.error, turn.reply
        assert turn.reply.strip()
        assert turn.steps == ()  # the embedded model talks; it is not handed the tools
        # Lyric drafting goes through the same server and always yields the asked lines.
        turn = session.send("Write lyrics for the chorus.")
        assert not turn.error, turn.reply
        chorus = session.song().sections[session.song().find("chorus")[0]]
        assert len(chorus.lyrics) == chorus.bars // 2
    finally:
        session.close()
