"""Music-theory analysis of a song sheet: key, roman numerals, cadences, melody, lyric stress and voice leading.

Everything is read from the sheet and its arrangement (music.band.arrange), never from sound;
`explain` turns an analysis into a few sentences a songwriter can use.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent
from music.errors import SongError
from music.formats.import_limits import ImportLimits
from music.song import Key, Song, bar_chords, bar_symbols
from music.theory.chords import (
    chord_pitch_classes,
    scale_pitch_classes,
    tonic_pc,
)
from music.theory.key_finding import key_from_weights
from music.theory.romans import RomanName, roman_numerals
from music.words.lead_analysis import (
    MelodicRange,
    ParallelMotion,
    StressFit,
    melodic_range,
    parallel_motion,
    stress_fit,
)

__all__ = [
    "BarHarmony", "Cadence", "MelodicRange", "ParallelMotion", "SectionAnalysis", "SongAnalysis", "StressFit",
    "analyze", "analyze_file", "analyze_section", "estimate_key", "explain", "parallel_motion",
]  # fmt: skip
logger = logging.getLogger(__name__)

_EPS = 1e-6
_PHRASE_BARS = 4
_MINOR_FAMILY = frozenset({"minor", "dorian", "phrygian"})
CadenceKind = Literal["authentic", "plagal", "half", "deceptive"]


@dataclass(frozen=True)
class BarHarmony:
    """The chords of one bar (numbered from 1 within its section) and their roman numerals."""

    bar: int
    symbols: tuple[str, ...]
    romans: tuple[RomanName, ...]


@dataclass(frozen=True)
class Cadence:
    """A phrase ending: the chord that arrives at the end of `bar` and the chord that led there."""

    bar: int
    kind: CadenceKind
    approach: RomanName
    arrival: RomanName
    section_end: bool


@dataclass(frozen=True)
class SectionAnalysis:
    """What one section does harmonically and melodically, in the key in force there."""

    index: int
    label: str
    kind: str
    key: Key
    estimated_key: Key | None
    bars: tuple[BarHarmony, ...]
    cadences: tuple[Cadence, ...]
    melodic_range: MelodicRange | None
    stress: StressFit
    parallels: tuple[ParallelMotion, ...]
    next_kind: str | None = None

    @property
    def romans(self) -> tuple[RomanName, ...]:
        """Every chord's numeral, in order."""
        return tuple(r for bar in self.bars for r in bar.romans)

    @property
    def borrowed(self) -> tuple[RomanName, ...]:
        """Chords taken from a parallel mode, in order of appearance."""
        return tuple(r for r in self.romans if r.function == "borrowed")

    @property
    def secondary_dominants(self) -> tuple[RomanName, ...]:
        """Secondary dominants and leading-tone chords (V7/V, viio7/ii), in order."""
        return tuple(r for r in self.romans if r.function == "secondary dominant")

    def figures(self) -> str:
        """The numerals bar by bar, as a lead sheet writes chords: 'I | bVI | IV | V'."""
        return " | ".join(" ".join(r.figure for r in bar.romans) for bar in self.bars)


@dataclass(frozen=True)
class SongAnalysis:
    """The whole song: the sheet's key against the key its notes sound in, and every section."""

    title: str
    sheet_key: Key
    estimated_key: Key | None
    sections: tuple[SectionAnalysis, ...]

    @property
    def key_agrees(self) -> bool:
        """True when the notes sound in the sheet's key (same tonic, and minor-like or major-like alike)."""
        return self.estimated_key is not None and _same_key(self.sheet_key, self.estimated_key)


def analyze(song: Song) -> SongAnalysis:
    """Analyse every section of `song` and estimate the key its pitched parts sound in.

    Returns:
        A SongAnalysis with the sheet's key, the estimated key and one SectionAnalysis per section.
    """
    arrangement = arrange(song)
    sections = tuple(_section(song, i, arrangement) for i in range(len(song.sections)))
    estimated = _song_key(song, arrangement)
    logger.debug("analysed %s: sheet %s, notes %s", song.meta.title, song.meta.key, estimated)
    return SongAnalysis(song.meta.title, song.meta.key, estimated, sections)


def analyze_section(song: Song, index: int) -> SectionAnalysis:
    """Analyse section `index` (0-based) of `song`.

    Raises:
        SongError: if the song has no such section.
    """
    if not 0 <= index < len(song.sections):
        raise SongError(f"There is no section number {index + 1}; this song has {len(song.sections)} sections.")
    return _section(song, index, arrange(song))


def analyze_file(path: Path, name: str | None = None, limits: ImportLimits | None = None) -> SongAnalysis:
    """Analyse an uploaded MIDI or MusicXML file, read into a song sheet by music.formats.importer.

    Args:
        path: The stored file.
        name: The file's own name, for the sentences; the stored name when not given.
        limits: How big a file is read; the defaults when not given.

    Raises:
        SongError: if the file cannot be read.
    """
    from music.formats.importer import import_song

    return analyze(import_song(Path(path), name=name, limits=limits))


def estimate_key(
    arrangement: Arrangement, start: float = 0.0, end: float = math.inf, ends: Sequence[str] = ()
) -> Key | None:
    """The key the pitched parts sound in between two beats, by duration-weighted key profiles.

    Drums never count: their note numbers are drum sounds, not pitches. Relative keys and
    modes share their notes, so the chords the passage starts and ends on (`ends`) pick
    the tonic among the keys that fit the notes equally well. None when no pitched note
    sounds there.
    """
    weights = [0.0] * 12
    for note in (n for track in arrangement.tracks if not track.is_drums for n in track.notes):
        overlap = min(note.start + note.duration, end) - max(note.start, start)
        weights[note.pitch % 12] += max(0.0, overlap)
    return key_from_weights(weights, ends)


def explain(analysis: SongAnalysis | SectionAnalysis) -> str:
    """A few sentences a songwriter reads: why the song or section sounds the way it does."""
    from music.theory.explanation import explain_section, explain_song

    if isinstance(analysis, SectionAnalysis):
        return explain_section(analysis)
    return explain_song(analysis)


# -- one section ---------------------------------------------------------------------------------


def _section(song: Song, index: int, arrangement: Arrangement) -> SectionAnalysis:
    section = song.sections[index]
    key = song.key_of(index)
    span = arrangement.sections[index]
    bar_beats = song.meta.beats_per_bar
    following = bar_symbols(song.sections[index + 1].chords[0])[0] if index + 1 < len(song.sections) else None
    symbols = [s for entry in section.chords for s in bar_symbols(entry)]
    names = iter(roman_numerals(symbols, key, following))
    bars = tuple(
        BarHarmony(b + 1, bar_symbols(entry), tuple(next(names) for _ in bar_symbols(entry)))
        for b, entry in enumerate(section.chords)
    )
    lead = _notes(arrangement, "lead", span.start, span.end) or [
        NoteEvent(span.start + n.start, n.duration, n.pitch, lyric=n.lyric) for n in section.melody
    ]
    bass = _notes(arrangement, "bass", span.start, span.end)
    next_kind = song.sections[index + 1].kind if index + 1 < len(song.sections) else None
    return SectionAnalysis(
        index=index,
        label=section.label,
        kind=section.kind,
        key=key,
        estimated_key=_heard_as(estimate_key(arrangement, span.start, span.end, (symbols[0], symbols[-1])), key),
        bars=bars,
        cadences=_cadences(bars),
        melodic_range=melodic_range(lead),
        stress=stress_fit(section, lead, span.start, song.meta.time_signature, bar_beats),
        parallels=parallel_motion(lead, bass, bar_beats, span.start),
        next_kind=next_kind,
    )


def _notes(arrangement: Arrangement, role: str, start: float, end: float) -> list[NoteEvent]:
    track = arrangement.track(role)
    if track is None:
        return []
    return sorted((n for n in track.notes if start - _EPS <= n.start < end - _EPS), key=lambda n: (n.start, -n.pitch))


def _cadences(bars: tuple[BarHarmony, ...]) -> tuple[Cadence, ...]:
    """Cadences at every fourth bar and at the section's end."""
    ends = sorted({b for b in range(_PHRASE_BARS, len(bars) + 1, _PHRASE_BARS)} | {len(bars)})
    found = []
    begin = 0
    for end in ends:
        phrase = [r for bar in bars[begin:end] for r in bar.romans]
        begin = end
        arrival = phrase[-1]
        k = len(phrase) - 1
        while k > 0 and phrase[k - 1].numeral == arrival.numeral and phrase[k - 1].target == arrival.target:
            k -= 1  # a held arrival chord still arrives from the chord before it
        if k == 0:
            continue
        kind = _cadence_kind(phrase[k - 1], arrival)
        if kind is not None:
            found.append(Cadence(end, kind, phrase[k - 1], arrival, end == len(bars)))
    return tuple(found)


def _cadence_kind(approach: RomanName, arrival: RomanName) -> CadenceKind | None:
    if arrival.is_tonic and approach.is_dominant:
        return "authentic"
    if arrival.is_tonic and approach.degree == 4 and not approach.accidental and approach.target is None:
        return "plagal"
    if approach.is_dominant and approach.degree == 5 and arrival.degree == 6 and arrival.target is None:
        return "deceptive"
    if arrival.is_dominant and arrival.degree == 5:
        return "half"
    return None


def _song_key(song: Song, arrangement: Arrangement) -> Key | None:
    """The whole song's key from its pitched parts, else from its chords, framed by its first and last chord."""
    ends = (bar_symbols(song.sections[0].chords[0])[0], bar_symbols(song.sections[-1].chords[-1])[-1])
    found = estimate_key(arrangement, ends=ends)
    if found is not None:
        return found
    weights = [0.0] * 12
    for begin, end, symbol in (chord for section in song.sections for entry in section.chords for chord in bar_chords(entry)):
        for pc in chord_pitch_classes(symbol):
            weights[pc] += end - begin
    return key_from_weights(weights, ends)


def _heard_as(found: Key | None, sheet: Key) -> Key | None:
    """The estimate, unless it has the sheet key's notes: then only the sheet can say which mode is meant."""
    if found is not None and set(scale_pitch_classes(found)) == set(scale_pitch_classes(sheet)):
        return sheet
    return found


def _same_key(sheet: Key, heard: Key) -> bool:
    same_family = (sheet.mode in _MINOR_FAMILY) == (heard.mode in _MINOR_FAMILY)
    return tonic_pc(sheet) == tonic_pc(heard) and same_family
