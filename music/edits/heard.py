"""What a change did to the notes: a diff of the arrangements before and after, in a musician's words.

A transform says what it meant to do; this module says what the listener will hear, so a
summary built from it cannot claim a melody moved when the notes stayed where they were.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from statistics import median

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent, SectionSpan, Track
from music.band.section_context import EPS
from music.edits.transforms import _GM_NAMES, _KIT_NAMES
from music.song import Key, Section, Song, bar_symbols
from music.theory.chords import interval_name, note_name
from music.theory.romans import key_name

logger = logging.getLogger(__name__)

# Smallest move of a part's middle pitch that the ear takes for a change of register, in semitones.
REGISTER_MOVE = 3
# Smallest change of mean velocity heard as playing harder or softer.
VELOCITY_MOVE = 4.0
# The GM drum notes a drummer keeps time on, by the cymbal's name (pedal hats are feet, not time).
_CYMBAL_NOTES = {42: "hi-hat", 46: "open hi-hat", 51: "ride", 59: "ride", 49: "crash", 57: "crash"}
_PITCHED = ("bass", "chords", "lead", "pad")


@dataclass(frozen=True)
class PartFacts:
    """What one part plays in one section: its notes, range, middle, strength, instrument and time cymbal.

    `notes` holds (beat from the section start, pitch) per note; pitch facts are None for a
    part that is silent in the section, `cymbal` is None for anything but drums.
    """

    name: str
    role: str
    notes: tuple[tuple[float, int], ...]
    low: int | None
    high: int | None
    median: float | None
    velocity: float | None
    program: int
    cymbal: str | None

    @property
    def count(self) -> int:
        """How many notes (or drum hits) the part plays in the section."""
        return len(self.notes)


def part_facts(track: Track, span: SectionSpan) -> PartFacts:
    """The facts of `track` inside the section `span` of its arrangement."""
    # A track's notes are in time order, so the section's notes are one slice of them.
    first = bisect_left(track.notes, span.start - EPS, key=_start)
    last = bisect_left(track.notes, span.end - EPS, key=_start)
    notes = track.notes[first:last]
    pitches = [n.pitch for n in notes]
    cymbals = Counter(_CYMBAL_NOTES[p] for p in pitches if p in _CYMBAL_NOTES) if track.is_drums else Counter()
    return PartFacts(
        name=track.name,
        role=track.role,
        notes=tuple((round(n.start - span.start, 4), n.pitch) for n in notes),
        low=min(pitches) if pitches and not track.is_drums else None,
        high=max(pitches) if pitches and not track.is_drums else None,
        median=float(median(pitches)) if pitches and not track.is_drums else None,
        velocity=sum(n.velocity for n in notes) / len(notes) if notes else None,
        program=_program_at(track, span.start),
        cymbal=cymbals.most_common(1)[0][0] if cymbals else None,
    )


def heard_moves(before: Song, after: Song, index: int, *, chords: bool = True) -> tuple[str, ...]:
    """What changed in the notes of section `index` of `after`, compared with the same section of `before`.

    The section is found in `before` by its label; a section that is new has no moves.
    Each move names one part or aspect that the listener hears change, for example
    "F -> Fmaj7", "Piano voicings up an octave (A3-E4 -> A4-E5)", "busier drums
    (96 -> 128 hits)", "bright piano instead of acoustic grand piano", "tempo 100 -> 104 BPM".
    Without `chords`, the chord symbols' own move is left to the caller (a transform that
    explains each new chord itself).

    Raises:
        ValueError: If `index` is not a section of `after`.
    """
    return heard_in(before, after, {index: chords})[index]


def heard_in(before: Song, after: Song, chords: dict[int, bool]) -> dict[int, tuple[str, ...]]:
    """`heard_moves` of each section index in `chords` (with its chord move where True), each song arranged once.

    Raises:
        ValueError: If an index is not a section of `after`.
    """
    for index in chords:
        if not 0 <= index < len(after.sections):
            raise ValueError(f"There is no section number {index + 1}; the song has {len(after.sections)} sections.")
    if not chords:
        return {}
    old, new = arrange(before), arrange(after)
    return {index: _moves(before, old, after, new, index, named) for index, named in chords.items()}


def heard_changes(before: Song, after: Song) -> tuple[str, ...]:
    """What changed in the notes, section by section: "<label>: <move>, <move>" for each section that changed.

    Sections of `after` come in song order; one that sounds as it did is left out, so an
    empty tuple means nothing audible changed. Each song is arranged once.
    """
    old, new = arrange(before), arrange(after)
    entries = []
    for index, section in enumerate(after.sections):
        moves = _moves(before, old, after, new, index)
        if moves:
            entries.append(f"{section.label}: {', '.join(moves)}")
    return tuple(entries)


# -- the diff ---------------------------------------------------------------------------------


def _moves(
    before: Song, old: Arrangement, after: Song, new: Arrangement, index: int, with_chords: bool = True
) -> tuple[str, ...]:
    section = after.sections[index]
    was = _index_of(before, section.label)
    if was is None:
        logger.debug("%s is new, so nothing in it moved", section.label)
        return ()
    old_key, new_key = before.key_of(was), after.key_of(index)
    chords = _chord_move(before.sections[was], section)
    moves = [f"key {key_name(old_key)} -> {key_name(new_key)}"] if old_key != new_key else []
    moves += [chords] if chords and with_chords else []
    moves += _part_moves(_pairs(old, was, new, index), section, bool(chords), (old_key, new_key))
    old_tempo, new_tempo = before.tempo_of(was), after.tempo_of(index)
    if old_tempo != new_tempo:
        moves.append(f"tempo {old_tempo:g} -> {new_tempo:g} BPM")
    return tuple(moves)


Pair = tuple[PartFacts | None, PartFacts | None]


def _pairs(old: Arrangement, was: int, new: Arrangement, index: int) -> list[Pair]:
    """Each part's facts before and after, paired by role and place (None where a part is missing)."""
    old_parts = _parts(old, old.sections[was])
    new_parts = _parts(new, new.sections[index])
    pairs: list[Pair] = [(old_parts.get(key), facts) for key, facts in new_parts.items()]
    pairs += [(facts, None) for key, facts in old_parts.items() if key not in new_parts]
    return pairs


def _part_moves(pairs: list[Pair], section: Section, new_chords: bool, keys: tuple[Key, Key]) -> list[str]:
    """The moves of every part, aspect by aspect: register, notes, instrument, cymbal, presence, density, dynamics."""
    playing = [(a, b) for a, b in pairs if a is not None and b is not None and a.count and b.count]
    registers = [_register_move(a, b, _word(b, section), *keys) for a, b in playing]
    moves = [move for move in registers if move]
    for (a, b), register in zip(playing, registers, strict=True):
        # New chords explain why accompaniment notes changed, and a new time cymbal why the
        # drums did; a changed melody is news of its own.
        explained = register or a.count != b.count or a.cymbal != b.cymbal or (new_chords and b.role != "lead")
        changed = 0 if explained else _changed_notes(a, b)
        if changed:
            moves.append(f"{_word(b, section)}: {changed} {_noun(b, changed)} changed")
    moves += [f"{_instrument(b)} instead of {_instrument(a)}" for a, b in playing if a.program != b.program]
    moves += [
        f"drums keep time on the {b.cymbal} instead of the {a.cymbal}"
        for a, b in playing
        if a.cymbal and b.cymbal and a.cymbal != b.cymbal
    ]
    for was, now in pairs:
        moves.extend(_presence_moves(was, now, section))
    for a, b in playing:
        if a.count != b.count:
            feel = "busier" if b.count > a.count else "sparser"
            moves.append(f"{feel} {_word(b, section, sound=True)} ({a.count} -> {b.count} {_noun(b, 2)})")
    for a, b in playing:
        if a.velocity is not None and b.velocity is not None and abs(b.velocity - a.velocity) >= VELOCITY_MOVE:
            feel = "harder" if b.velocity > a.velocity else "softer"
            moves.append(
                f"{_word(b, section, sound=True)} played {feel} (velocity {a.velocity:.0f} -> {b.velocity:.0f})"
            )
    return moves


def _index_of(song: Song, label: str) -> int | None:
    """The index of the section called `label`, matched exactly first and then regardless of case."""
    for index, section in enumerate(song.sections):
        if section.label == label:
            return index
    folded = label.casefold()
    return next((i for i, s in enumerate(song.sections) if s.label.casefold() == folded), None)


def _parts(arrangement: Arrangement, span: SectionSpan) -> dict[tuple[str, int], PartFacts]:
    """Facts per part, keyed by role and its place among parts of that role, so swapped instruments still pair."""
    seen: Counter[str] = Counter()
    facts = {}
    for track in arrangement.tracks:
        facts[(track.role, seen[track.role])] = part_facts(track, span)
        seen[track.role] += 1
    return facts


def _program_at(track: Track, beat: float) -> int:
    """The program sounding on `track` at `beat`: its own, or the last program change at or before it."""
    program = track.program
    for at, changed in track.program_changes:
        if at <= beat + EPS:
            program = changed
    return program


def _start(note: NoteEvent) -> float:
    return note.start


def _chord_move(old: Section, new: Section) -> str:
    """The chords as the sheet changed them: each old -> new symbol once, or the new chord line."""
    if old.chord_line() == new.chord_line():
        return ""
    if old.chords == new.chords:
        return f"new chords: {new.chord_line()}"
    old_bars = [bar_symbols(bar) for bar in old.chords]
    new_bars = [bar_symbols(bar) for bar in new.chords]
    mapping: dict[str, str] = {}
    if [len(bar) for bar in old_bars] == [len(bar) for bar in new_bars]:
        for was, now in zip((s for bar in old_bars for s in bar), (s for bar in new_bars for s in bar), strict=True):
            if mapping.setdefault(was, now) != now:
                return f"new chords: {new.chord_line()}"
        if len(set(mapping.values())) == len(mapping):
            return ", ".join(f"{was} -> {now}" for was, now in mapping.items() if was != now)
    return f"new chords: {new.chord_line()}"


def _register_move(old: PartFacts, new: PartFacts, word: str, old_key: Key, new_key: Key) -> str:
    """'<part> up an octave (E4-A4 -> E5-A5)' when the part's middle and range moved together, else ''.

    A different count of notes can shift the middle pitch without anything moving, so the
    lowest and highest notes must follow the middle (or stay) for it to count.
    """
    if new.role not in _PITCHED or old.median is None or new.median is None:
        return ""
    if old.low is None or old.high is None or new.low is None or new.high is None:
        return ""
    shift = new.median - old.median
    if abs(shift) < REGISTER_MOVE:
        return ""
    ends = (new.low - old.low, new.high - old.high)
    if any(end * shift < 0 for end in ends) or not any(ends):
        return ""
    was = f"{note_name(old.low, old_key)}-{note_name(old.high, old_key)}"
    now = f"{note_name(new.low, new_key)}-{note_name(new.high, new_key)}"
    return f"{word} {'up' if shift > 0 else 'down'} {interval_name(round(abs(shift)))} ({was} -> {now})"


def _changed_notes(old: PartFacts, new: PartFacts) -> int:
    """How many notes differ in time or pitch between the two versions of a part."""
    was, now = Counter(old.notes), Counter(new.notes)
    return max(sum((was - now).values()), sum((now - was).values()))


def _presence_moves(old: PartFacts | None, new: PartFacts | None, section: Section) -> list[str]:
    """A part that starts or stops playing in the section."""
    if new is not None and new.count and (old is None or not old.count):
        return [f"{_word(new, section, sound=True)} comes in"]
    if old is not None and old.count and (new is None or not new.count):
        return [f"{_word(old, section, sound=True)} drops out"]
    return []


def _word(part: PartFacts, section: Section, sound: bool = False) -> str:
    """How a musician names the part: 'melody' or 'lead line', 'bass', 'drums', '<name> voicings'.

    With `sound`, a chord or pad part is named as the instrument alone ('busier Piano').
    """
    if part.role == "lead":
        return "melody" if section.lyrics or section.melody else "lead line"
    if part.role in ("bass", "drums"):
        return part.role
    return part.name if sound else f"{part.name} voicings"


def _noun(part: PartFacts, count: int) -> str:
    noun = "hit" if part.role == "drums" else "note"
    return noun if count == 1 else f"{noun}s"


def _instrument(part: PartFacts) -> str:
    """The General MIDI name of the part's program (a kit's name for drums)."""
    if part.role == "drums":
        return _KIT_NAMES.get(part.program, f"drum kit {part.program}")
    if part.program in _GM_NAMES:
        return _GM_NAMES[part.program]
    import pretty_midi  # only for programs the transforms never name

    return str(pretty_midi.program_to_instrument_name(part.program)).lower()
