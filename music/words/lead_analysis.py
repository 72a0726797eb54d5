"""Measurements of a lead line: range and tessitura, lyric stress against the metre, parallels with the bass."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from music.band.arrangement import NoteEvent
from music.song import Section
from music.words.phrasing import note_stresses
from music.words.prosody import STRONG, felt_strength, metre_for

_EPS = 1e-6


@dataclass(frozen=True)
class MelodicRange:
    """Lowest and highest lead notes, and the tessitura: where the middle 80 % of its sung time lies."""

    low: int
    high: int
    tessitura_low: int
    tessitura_high: int

    @property
    def span(self) -> int:
        """Semitones from the lowest to the highest note."""
        return self.high - self.low


@dataclass(frozen=True)
class StressFit:
    """How the lyric's stressed syllables meet the metre's strong beats."""

    syllables: int
    stressed: int
    stressed_on_strong: int
    unstressed_on_strong: int

    @property
    def ratio(self) -> float | None:
        """Share of stressed syllables sung on strong beats; None when no stressed syllable is sung."""
        return self.stressed_on_strong / self.stressed if self.stressed else None


@dataclass(frozen=True)
class ParallelMotion:
    """Lead and bass moving the same way from a fifth to a fifth, or an octave to an octave."""

    interval: Literal["fifths", "octaves"]
    bar: int
    beat: float
    lead: tuple[int, int]
    bass: tuple[int, int]


def parallel_motion(
    lead: Sequence[NoteEvent], bass: Sequence[NoteEvent], bar_beats: float = 4.0, start: float = 0.0
) -> tuple[ParallelMotion, ...]:
    """Parallel fifths and octaves between a lead and a bass line.

    Every moment either line starts a note is paired with the next such moment; when both
    lines sound at both moments, both move in the same direction, and the interval
    between them is a perfect fifth (or twelfth) both times, or an octave both times, the
    pair is parallel. Bars and beats are counted from `start`, numbered from 1.
    """
    times = sorted({n.start for n in lead} | {n.start for n in bass})
    found: list[ParallelMotion] = []
    previous: tuple[int, int] | None = None
    for at in times:
        high, low = _sounding(lead, at), _sounding(bass, at)
        if high is None or low is None:
            previous = None
            continue
        if previous is not None:
            was_high, was_low = previous
            before, now = abs(was_high - was_low) % 12, abs(high - low) % 12
            same_way = (high - was_high) * (low - was_low) > 0
            if same_way and before == now and now in (0, 7):
                offset = at - start
                found.append(ParallelMotion("fifths" if now == 7 else "octaves", int(offset // bar_beats) + 1,
                                            round(offset % bar_beats, 3) + 1, (was_high, high), (was_low, low)))  # fmt: skip
        previous = (high, low)
    return tuple(found)


def _sounding(notes: Sequence[NoteEvent], at: float) -> int | None:
    """The highest pitch sounding at beat `at`."""
    pitches = [n.pitch for n in notes if n.start - _EPS <= at < n.start + n.duration - _EPS]
    return max(pitches) if pitches else None


def melodic_range(lead: Sequence[NoteEvent]) -> MelodicRange | None:
    """Range and tessitura of a line, weighting each note by its length; None for no notes."""
    if not lead:
        return None
    ordered = sorted(lead, key=lambda n: n.pitch)
    total = sum(n.duration for n in ordered)
    low_mark, high_mark = 0.1 * total, 0.9 * total
    running, tess_low, tess_high = 0.0, ordered[0].pitch, ordered[-1].pitch
    for note in ordered:
        if running <= low_mark < running + note.duration:
            tess_low = note.pitch
        if running < high_mark <= running + note.duration + _EPS:
            tess_high = note.pitch
        running += note.duration
    return MelodicRange(ordered[0].pitch, ordered[-1].pitch, tess_low, max(tess_low, tess_high))


def stress_fit(
    section: Section, lead: Sequence[NoteEvent], start: float, time_signature: str, bar_beats: float
) -> StressFit:
    """How the stressed syllables sung by `lead` (notes with lyrics) meet the strong beats.

    Args:
        section: The section sung, whose lyric lines give each syllable's stress.
        lead: The lead's notes in the section, timed in beats like `start`.
        start: The beat where the section begins.
        time_signature: The song's metre, which decides the strong beats.
        bar_beats: Quarter-note beats per bar.
    """
    sung = [n for n in lead if n.lyric and n.lyric.strip("-_ ")]
    marks = note_stresses(section, sung)
    metre = metre_for(time_signature)
    stressed = on_strong = off_mark = 0
    for note, accent in zip(sung, marks, strict=False):
        # As /check and the melody writer hear it: a stress pushed an eighth early lands on its beat.
        strong = felt_strength(note.start - start, note.duration, metre) == STRONG
        stressed += accent
        on_strong += accent and strong
        off_mark += (not accent) and strong
    return StressFit(len(sung), stressed, on_strong, off_mark)


