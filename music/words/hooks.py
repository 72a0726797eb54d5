"""Whether a chorus has a hook, judged from its notes as a songwriter would hear it.

A title motif (rhythm and contour) that comes back, a lift from the verse (a higher peak
reached by a leap), chord tones and the tonic on the strong syllables; and how each
section is sung: verses tell (many short notes), choruses sing (held notes), with pushes
ahead of the beat and pickups into the lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from music.errors import SongError
from music.song import Note, Song
from music.theory.chords import tonic_pc
from music.words.contour import chord_at, chord_tones
from music.words.phrasing import syllable_pieces
from music.words.prosody import BEAT, STRONG, Metre, anticipated_beat, felt_strength, metre_for

_EPS = 1e-6
_MOTIF_NOTES = 4  # a hook cell: four notes from the first strong syllable of the line
_HELD = 1.5  # beats that make a line's last syllable a held one
_WORD = re.compile(r"[^\w']+")


@dataclass(frozen=True)
class SectionShape:
    """How one section is sung, measured from its notes.

    Attributes:
        label: The section's label.
        lines: Phrases found (lyric lines, or runs of notes between rests).
        syllables: Notes that carry a syllable.
        syllables_per_beat: Syllables per beat of sung time (notes' lengths, rests left out).
        mean_length: Mean length of a sung syllable in beats, a held ending included.
        held_ends: Share of lines whose last syllable is held 1.5 beats or more.
        syncopation: Share of onsets pushed ahead of a beat: off the beat and tied over it.
        pickups: Lines that start before the strong beat they lead into.
        distinct_pitches: How many different pitches the section sings.
        stepwise: Share of intervals that are repeats or steps of one or two semitones.
        peak: The highest pitch (None without notes).
        middle: The duration-weighted median pitch: where the voice sits (None without notes).
    """

    label: str
    lines: int
    syllables: int
    syllables_per_beat: float
    mean_length: float
    held_ends: float
    syncopation: float
    pickups: int
    distinct_pitches: int
    stepwise: float
    peak: int | None
    middle: int | None


@dataclass(frozen=True)
class HookReport:
    """Whether a chorus hooks the ear, measured against the verse before it.

    Attributes:
        label: The chorus's label.
        motif_line: The line (from 0) whose opening is the title motif: the one holding the
            song's title, else the first.
        motif: The motif as (onset after its strong beat, then the gaps between its notes in beats, then
            the direction of each move: 1 up, -1 down, 0 repeat); empty when no line has one.
        motif_lines: Lines of the chorus that sing the motif (its own line included).
        lift: Semitones from the verse's peak to the chorus's peak (0 without a verse).
        leap_into: Interval from the last note before the chorus to its first note (0 when none).
        leap_to_peak: Interval into the chorus's first peak note.
        largest_leap: The largest interval in the chorus or into it, in semitones.
        chord_tones_on_stress: Share of stressed syllables on a strong beat (or pushed ahead of
            one) that are tones of the chord there.
        tonic_on_stress: How many of those stressed syllables sing the tonic.
        chorus: The chorus's shape.
        verse: The verse's shape (None when the song has no sung verse).
    """

    label: str
    motif_line: int
    motif: tuple[float, ...]
    motif_lines: int
    lift: int
    leap_into: int
    leap_to_peak: int
    largest_leap: int
    chord_tones_on_stress: float
    tonic_on_stress: int
    chorus: SectionShape
    verse: SectionShape | None

    @property
    def motif_returns(self) -> int:
        """How many times the motif comes back after it is first sung."""
        return max(0, self.motif_lines - 1)

    @property
    def has_hook(self) -> bool:
        """A returning motif, a lift of a minor third or more and a leap of a fourth into the chorus or its peak."""
        leap = max(abs(self.leap_into), self.leap_to_peak, self.largest_leap)
        return self.motif_returns >= 1 and self.lift >= 3 and leap >= 5


def section_shape(song: Song, index: int) -> SectionShape:
    """Measure how section `index` is sung: density, held endings, pushes, pickups, pitches and steps.

    Raises:
        SongError: If there is no section at `index`.
    """
    _check(song, index)
    section = song.sections[index]
    metre = metre_for(song.meta.time_signature)
    notes = sorted(section.melody, key=lambda n: n.start)
    if not notes:
        return SectionShape(section.label, 0, 0, 0.0, 0.0, 0.0, 0.0, 0, 0, 1.0, None, None)
    lines = note_lines(song, index)
    sung = [n for n in notes if n.lyric is not None]
    pitches = [n.pitch for n in notes]
    steps = [abs(b - a) for a, b in zip(pitches, pitches[1:], strict=False)]
    syllable_lengths = _syllable_lengths(notes)
    held = sum(1 for line in lines if _syllable_lengths(line)[-1:] and _syllable_lengths(line)[-1] >= _HELD - _EPS)
    pushed = sum(1 for n in notes if _pushed(n, metre))
    return SectionShape(
        label=section.label,
        lines=len(lines),
        syllables=len(sung),
        syllables_per_beat=len(sung) / sum(n.duration for n in notes),
        mean_length=sum(syllable_lengths) / len(syllable_lengths) if syllable_lengths else 0.0,
        held_ends=held / len(lines) if lines else 0.0,
        syncopation=pushed / len(notes),
        pickups=sum(1 for line in lines if _has_pickup(line, metre)),
        distinct_pitches=len(set(pitches)),
        stepwise=sum(1 for s in steps if s <= 2) / len(steps) if steps else 1.0,
        peak=max(pitches),
        middle=_middle(notes),
    )


def hook_report(song: Song, index: int) -> HookReport:
    """Measure the hook of the chorus at `index`: its title motif, its lift from the verse and its strong syllables.

    The verse compared is the nearest sung verse before the chorus (else after it).

    Raises:
        SongError: If there is no section at `index`, or it has no melody.
    """
    _check(song, index)
    section = song.sections[index]
    if not section.melody:
        raise SongError(f"{section.label} has no melody yet, so it has no hook to measure.")
    metre = metre_for(song.meta.time_signature)
    notes = sorted(section.melody, key=lambda n: n.start)
    lines = note_lines(song, index)
    motif_line = _title_line(song, index, len(lines))
    motif = _motif(lines[motif_line], metre) if motif_line < len(lines) else ()
    count = sum(1 for line in lines if motif and _sings(line, motif, metre))
    verses = [i for i, s in enumerate(song.sections) if s.kind == "verse" and any(n.lyric for n in s.melody)]
    verse = min(verses, key=lambda i: (i > index, abs(i - index))) if verses else None
    peak = max(n.pitch for n in notes)
    verse_peak = max(n.pitch for n in song.sections[verse].melody) if verse is not None else None
    before = song.sections[index - 1].melody if index > 0 else ()
    leap_into = notes[0].pitch - max(before, key=lambda n: n.start).pitch if before else 0
    at = next(k for k, n in enumerate(notes) if n.pitch == peak)
    leap_to_peak = peak - notes[at - 1].pitch if at else leap_into
    moves = [abs(b.pitch - a.pitch) for a, b in zip(notes, notes[1:], strict=False)]
    stressed = _stressed_notes(section.lyrics, notes, metre)
    key_tonic = tonic_pc(song.key_of(index))
    in_chord = [
        n.pitch % 12 in chord_tones(chord_at(section, anticipated_beat(n.start, n.duration, metre), metre))
        for n in stressed
    ]
    return HookReport(
        label=section.label,
        motif_line=motif_line,
        motif=motif,
        motif_lines=count,
        lift=peak - verse_peak if verse_peak is not None else 0,
        leap_into=leap_into,
        leap_to_peak=leap_to_peak,
        largest_leap=max([*moves, abs(leap_into)]),
        chord_tones_on_stress=sum(in_chord) / len(in_chord) if in_chord else 1.0,
        tonic_on_stress=sum(1 for n in stressed if n.pitch % 12 == key_tonic),
        chorus=section_shape(song, index),
        verse=section_shape(song, verse) if verse is not None else None,
    )


def note_lines(song: Song, index: int) -> list[list[Note]]:
    """The section's notes phrase by phrase: by its lyric lines when the notes sing them, else between rests."""
    section = song.sections[index]
    notes = sorted(section.melody, key=lambda n: n.start)
    counts = [len(syllable_pieces(line)) for line in section.lyrics]
    counts = [c for c in counts if c]
    if counts and sum(counts) == sum(1 for n in notes if n.lyric is not None):
        lines: list[list[Note]] = []
        left = iter(counts)
        wanted = 0
        for note in notes:
            if note.lyric is not None and wanted == 0:
                wanted = next(left)
                lines.append([])
            if not lines:
                lines.append([])
            lines[-1].append(note)
            wanted -= 1 if note.lyric is not None else 0
        return lines
    phrases: list[list[Note]] = []
    for note in notes:
        if not phrases or note.start - (phrases[-1][-1].start + phrases[-1][-1].duration) >= 0.75 - _EPS:
            phrases.append([])
        phrases[-1].append(note)
    return phrases


def _check(song: Song, index: int) -> None:
    if not 0 <= index < len(song.sections):
        raise SongError(f"There is no section number {index + 1}; this song has {len(song.sections)} sections.")


def _title_line(song: Song, index: int, lines: int) -> int:
    """The lyric line holding the song's title, else the first line."""
    title = _WORD.sub(" ", song.meta.title.casefold()).split()
    sung = [line for line in song.sections[index].lyrics if syllable_pieces(line)]
    if title and len(sung) == lines:
        for k, line in enumerate(sung):
            words = _WORD.sub(" ", line.casefold()).split()
            if any(words[j : j + len(title)] == title for j in range(len(words))):
                return k
    return 0


def _motif(line: list[Note], metre: Metre) -> tuple[float, ...]:
    """The line's opening cell from its first strong syllable: onset in the bar, gaps, directions."""
    first = next((k for k, n in enumerate(line) if _lands_strong(n, metre)), 0)
    cell = line[first : first + _MOTIF_NOTES]
    if len(cell) < 3:
        return ()
    return _signature(cell, metre)


def _signature(cell: list[Note], metre: Metre) -> tuple[float, ...]:
    """Onset from the strong beat it follows (beat 1 or 3 of 4/4 sound alike), gaps and directions."""
    spacing = metre.strong[1] - metre.strong[0] if len(metre.strong) > 1 else metre.bar_beats
    where = round(cell[0].start % spacing, 3)
    gaps = tuple(round(b.start - a.start, 3) for a, b in zip(cell, cell[1:], strict=False))
    moves = tuple(float((b.pitch > a.pitch) - (b.pitch < a.pitch)) for a, b in zip(cell, cell[1:], strict=False))
    return (where, *gaps, *moves)


def _sings(line: list[Note], motif: tuple[float, ...], metre: Metre) -> bool:
    """True when some run of the line's notes has the motif's place in the bar, rhythm and contour."""
    size = (len(motif) + 1) // 2
    return any(_signature(line[k : k + size], metre) == motif for k in range(len(line) - size + 1))


def _lands_strong(note: Note, metre: Metre) -> bool:
    return felt_strength(note.start, note.duration, metre) == STRONG


def _pushed(note: Note, metre: Metre) -> bool:
    """An onset off the beat whose note is tied over the next beat: a push ahead of it."""
    return metre.strength(note.start) < BEAT and anticipated_beat(note.start, note.duration, metre) != note.start


def _has_pickup(line: list[Note], metre: Metre) -> bool:
    """The line's first notes lead into a strong beat from before it (an upbeat), within a beat and a half."""
    if len(line) < 2 or _lands_strong(line[0], metre):
        return False
    landing = next((n for n in line if _lands_strong(n, metre)), None)
    return landing is not None and anticipated_beat(landing.start, landing.duration, metre) - line[0].start <= 1.5


def _syllable_lengths(notes: list[Note]) -> list[float]:
    """Each syllable's sung length: its note and the melisma notes that continue it."""
    lengths: list[float] = []
    for note in notes:
        if note.lyric is not None or not lengths:
            lengths.append(note.duration)
        else:
            lengths[-1] += note.duration
    return lengths


def _stressed_notes(lyrics: tuple[str, ...], notes: list[Note], metre: Metre) -> list[Note]:
    """Stressed syllables sung on a strong beat or pushed ahead of one (all strong-beat notes when unknown)."""
    marks = [stressed for line in lyrics for _text, stressed, _word in syllable_pieces(line)]
    sung = [n for n in notes if n.lyric is not None]
    if len(marks) != len(sung):
        return [n for n in notes if _lands_strong(n, metre)]
    return [n for n, stressed in zip(sung, marks, strict=True) if stressed and _lands_strong(n, metre)]


def _middle(notes: list[Note]) -> int:
    """The pitch under which half the sung time lies."""
    weighted = sorted((n.pitch, n.duration) for n in notes)
    half = sum(d for _p, d in weighted) / 2
    running = 0.0
    for pitch, duration in weighted:
        running += duration
        if running >= half - _EPS:
            return pitch
    return weighted[-1][0]
