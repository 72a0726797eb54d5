"""MusicGen from the chat: /generate and /extend on a tiny random-weight checkpoint, progress, stop, export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf

from agent.session import Session
from agent.settings import Settings
from audio.musicgen_checkpoint import write_random_checkpoint
from music.errors import CowriterError

pytestmark = pytest.mark.usefixtures("torch_on_one_thread")


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_random_checkpoint(tmp_path_factory.mktemp("ckpt") / "tiny")


def short_song(session: Session) -> None:
    """A fast song whose choruses last two bars: a take of three seconds."""
    assert not session.send("/plan folk song about leaving home, 160 BPM, D minor").error
    assert not session.send("/bars chorus 2").error


def test_a_take_of_the_chorus_is_made_extended_kept_and_exported(
    cowriter_home: Path, checkpoint: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session(Settings(home=cowriter_home, musicgen_model=str(checkpoint), musicgen_device="cpu"), "takes")
    short_song(session)
    versions = len(session.versions())
    heard: list[float] = []
    turn = session.send("/generate chorus", progress=lambda message, fraction: heard.append(fraction))
    assert not turn.error, turn.reply
    assert "seed" in turn.reply and len(turn.audio) == 1
    assert heard and max(heard) == pytest.approx(1.0, abs=0.05)
    take_seconds = sf.info(turn.audio[0]).duration
    chorus = session.song().sections[session.song().find("chorus")[0]]
    assert take_seconds == pytest.approx(chorus.bars * 4 * 60 / session.song().tempo_of(2), abs=0.2)
    assert len(session.versions()) == versions  # a take never changes the sheet

    turn = session.send("/extend 1")
    assert not turn.error, turn.reply
    assert sf.info(turn.audio[0]).duration == pytest.approx(take_seconds + 1, abs=0.2)
    [exported] = session.export("take")
    assert sf.info(exported).duration == pytest.approx(take_seconds + 1, abs=0.2)
    session.close()

    out = cowriter_home / "take.wav"
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "export", "--project", "takes", "--format", "take", "--out", str(out)],
        capture_output=True, text=True, env={**os.environ, "COWRITER_HOME": str(cowriter_home)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert sf.info(out).duration == pytest.approx(take_seconds + 1, abs=0.2)


def test_stop_ends_a_take_and_keeps_nothing(cowriter_home: Path, checkpoint: Path) -> None:
    session = Session(Settings(home=cowriter_home, musicgen_model=str(checkpoint), musicgen_device="cpu"), "stop")
    short_song(session)
    steps: list[float] = []

    def stop_after_three(message: str, fraction: float) -> None:
        steps.append(fraction)
        if len(steps) == 3:
            session.cancel()

    turn = session.send("/generate chorus", progress=stop_after_three)
    assert turn.error and "\n" not in turn.reply.strip()
    assert len(steps) < 10
    assert not session.send("/render chorus").error  # the session still works
    with pytest.raises(CowriterError, match="no MusicGen take"):
        session.export("take")
    session.close()


def test_without_a_checkpoint_the_musician_is_told_what_to_install(cowriter_home: Path, tmp_path: Path) -> None:
    settings = Settings(home=cowriter_home, musicgen_model=str(tmp_path / "nowhere"))
    session = Session(settings, "no weights")
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    turn = session.send("/generate chorus")
    assert turn.error and "\n" not in turn.reply.strip()
    assert "nowhere" in turn.reply or "musicgen" in turn.reply.lower()
    assert not session.send("/render chorus").error  # the sketch is still there
    session.close()
