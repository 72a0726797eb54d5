"""The band leaves room for the singer: where a section is sung, the chords and the pad are voiced
around the sung line (below it or above it), not on top of it; an instrumental section keeps the
style's own register, and brighter and darker still move the voicings from there."""

from __future__ import annotations

import pytest

from music.band.arrange import arrange
from music.band.arrangement import Arrangement
from music.band.styles import style_for
from music.edits.transforms import brighten
from music.plan.planner import plan_song
from music.song import Song

LINES = (
    "I walked along the river in the rain",
    "the lights went down on every street I know",
    "and I kept your letter folded in my coat",
    "I never learned the words to let you go",
)


def sung(brief: str) -> Song:
    """The planned song with four lines sung in every verse and chorus."""
    song = plan_song(brief)
    return song.model_copy(update={"sections": tuple(
        s.model_copy(update={"lyrics": LINES}) if s.kind in ("verse", "chorus") else s for s in song.sections
    )})  # fmt: skip


def middle_half(arr: Arrangement, role: str, index: int) -> tuple[int, int]:
    """The lowest and highest of the middle half of a part's pitches in one section."""
    span = arr.sections[index]
    track = arr.track(role)
    assert track is not None
    pitches = sorted(n.pitch for n in track.notes if span.start <= n.start < span.end)
    return pitches[len(pitches) // 4], pitches[(3 * len(pitches)) // 4]


def median(arr: Arrangement, role: str, index: int) -> int:
    span = arr.sections[index]
    track = arr.track(role)
    assert track is not None
    pitches = sorted(n.pitch for n in track.notes if span.start <= n.start < span.end)
    return pitches[len(pitches) // 2]


@pytest.mark.parametrize("brief", ["a pop song about rain", "a jazz ballad about an old friend",
                                   "an edm track about the night", "a country song about a truck"])  # fmt: skip
def test_the_chords_and_pad_sit_around_the_sung_line_not_on_it(brief: str) -> None:
    song = sung(brief)
    arr = arrange(song)
    for index, section in enumerate(song.sections):
        if section.kind not in ("verse", "chorus"):
            continue
        low, high = middle_half(arr, "lead", index)
        for role in ("chords", "pad"):
            if arr.track(role) is None:
                continue
            centre = median(arr, role, index)
            assert centre < low or centre > high, f"{section.label}: {role} centred on {centre}, voice {low}-{high}"


def test_an_instrumental_song_keeps_the_styles_own_register() -> None:
    song = plan_song("a pop song about rain")
    arr = arrange(song)
    home = style_for("pop").registers.chords
    for index, section in enumerate(song.sections):
        assert abs(median(arr, "chords", index) - home) <= 7, section.label


def test_a_brighter_sung_chorus_still_lifts_its_voicings() -> None:
    song = sung("a pop song about rain")
    chorus = song.find("chorus 1")[0]
    lifted = brighten(song, "chorus 1").song
    assert median(arrange(lifted), "chords", chorus) > median(arrange(song), "chords", chorus)
