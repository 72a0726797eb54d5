"""Chords in a key and the bar-by-bar change list: what music.edits.harmony and music.edits.tension share.

Reading a chord's function (tonic, dominant, what it resolves to, the scale it borrows
from), building diatonic and approach chords, and writing what moved bar by bar with
every chord named by its roman numeral.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from music.song import Key, Section, Song, bar_symbols, map_chords, section_with
from music.theory.chords import (
    chord_pitch_classes,
    chord_quality,
    chord_root,
    note_pc,
    roman_to_symbol,
    scale_pitch_classes,
    split_symbol,
)
from music.theory.romans import roman_numerals

Bars = list[list[str]]
BarEdit = Callable[[Song, int, Bars, Key], dict[int, str]]

MINORISH = frozenset({"minor", "dorian", "phrygian"})
# Scales a chord outside the key may be borrowed from, as steps above the tonic.
_MAJOR = (0, 2, 4, 5, 7, 9, 11)
_NATURAL_MINOR = (0, 2, 3, 5, 7, 8, 10)
_MELODIC_MINOR = (0, 2, 3, 5, 7, 9, 11)
_HARMONIC_MINOR = (0, 2, 3, 5, 7, 8, 11)
_TRIADS: dict[tuple[int, ...], str] = {(4, 7): "", (3, 7): "m", (3, 6): "dim", (4, 8): "aug"}
_SEVENTHS: dict[tuple[int, ...], str] = {(4, 7, 11): "maj7", (4, 7, 10): "7", (3, 7, 10): "m7", (3, 6, 10): "m7b5"}

# -- reading chords in a key ----------------------------------------------------------------


def chord_intervals(symbol: str) -> frozenset[int]:
    """Semitones above the root of the chord's own notes, a slash bass left out (G7 -> 0, 4, 7, 10)."""
    root, suffix, _bass = split_symbol(symbol)
    root_pc = note_pc(root)
    return frozenset((pc - root_pc) % 12 for pc in chord_pitch_classes(root + suffix))


def chord_pcs(symbol: str) -> frozenset[int]:
    """The chord's own pitch classes, a slash bass left out."""
    root = chord_root(symbol)
    return frozenset((root + i) % 12 for i in chord_intervals(symbol))


def fits_scale(symbol: str, scale: Sequence[int] | frozenset[int]) -> bool:
    """True when every note of the chord is in `scale` (pitch classes)."""
    return chord_pcs(symbol) <= set(scale)


def is_tonic(symbol: str, key: Key) -> bool:
    """True for the key's home chord in any colour (C, Cmaj7, C/E in C major; Dm7 in D minor)."""
    wanted = "minor" if key.mode in MINORISH else "major"
    return chord_root(symbol) == note_pc(key.tonic) and chord_quality(symbol) == wanted


def is_dominant_type(symbol: str) -> bool:
    """True for a chord that can act as a dominant: a major triad, 7, 9, 13 or altered 7 (not maj7 or 6)."""
    intervals = chord_intervals(symbol)
    sixth_only = 9 in intervals and 10 not in intervals
    return chord_quality(symbol) == "major" and 11 not in intervals and not sixth_only


def resolves_to(symbol: str, target: str) -> bool:
    """True when `symbol` is a dominant a fifth above `target`'s root (G7 -> C, E -> Am)."""
    return is_dominant_type(symbol) and (chord_root(symbol) - chord_root(target)) % 12 == 7


def is_dominant_of_key(symbol: str, key: Key) -> bool:
    """True for the key's own V in any colour (G, G7, G13 in C; A7 in D minor)."""
    return is_dominant_type(symbol) and (chord_root(symbol) - note_pc(key.tonic)) % 12 == 7


def describe_chord(symbol: str, key: Key, following: str | None = None) -> str:
    """The chord with its roman numeral, as the change list writes it: 'Fm (iv, borrowed from C minor)'."""
    name = roman_numerals([symbol], key, following)[0]
    source = f", borrowed from {name.borrowed_from}" if name.borrowed_from else ""
    return f"{symbol} ({name.figure}{source})"


def scale_for(symbol: str, key: Key) -> tuple[int, ...]:
    """The scale a chord lives in: the key's own, else the one it is borrowed from, else the key's."""
    tonic = note_pc(key.tonic)
    lenders = (_MELODIC_MINOR, _HARMONIC_MINOR, _MAJOR) if key.mode in MINORISH else (_NATURAL_MINOR,)
    scales = [scale_pitch_classes(key), *(tuple((tonic + step) % 12 for step in steps) for steps in lenders)]
    return next((scale for scale in scales if fits_scale(symbol, scale)), scales[0])


def diatonic_chord(root: str, key: Key, seventh: bool = False) -> str:
    """The chord the key's scale builds on `root` (D in C -> Dm, or Dm7); a major triad off the scale."""
    scale = scale_pitch_classes(key)
    root_pc = note_pc(root)
    if root_pc not in scale:
        return root + ("7" if seventh else "")
    step = scale.index(root_pc)
    stack = tuple((scale[(step + k) % 7] - root_pc) % 12 for k in (2, 4, 6))
    triad = _TRIADS.get(stack[:2], "")
    return root + (_SEVENTHS.get(stack, triad) if seventh else triad)


def approach_chord(roman: str, target: str) -> str:
    """The chord `roman` names with `target`'s root as a major tonic: ('V7', 'Am') -> E7, ('viio7', 'G') -> F#dim7."""
    return roman_to_symbol(roman, Key(tonic=split_symbol(target)[0], mode="major"))


# -- bars and the change list ---------------------------------------------------------------


def read_bars(section: Section) -> Bars:
    """The section's chords as a list of bars, each a list of symbols (holds left out)."""
    return [list(bar_symbols(entry)) for entry in section.chords]


def write_bars(bars: Bars, before: tuple[str, ...]) -> tuple[str, ...]:
    """Bars back into the sheet's one-entry-per-bar form.

    A bar with as many chords as it had before keeps its rhythm (its holds); a bar that
    gained or lost a chord shares the bar evenly between its chords.
    """
    return tuple(
        map_chords(entry, _next_of(iter(bar))) if len(bar) == len(bar_symbols(entry)) else " ".join(bar)
        for bar, entry in zip(bars, before, strict=True)
    )


def _next_of(symbols: Iterator[str]) -> Callable[[str], str]:
    """A chord change that writes the next of `symbols` in place of each old chord, in order."""
    return lambda _old: next(symbols)


def following_chord(song: Song, index: int) -> str | None:
    """The first chord of the next section, which the last chord of this one leads into."""
    if index + 1 >= len(song.sections):
        return None
    return bar_symbols(song.sections[index + 1].chords[0])[0]


def bar_moves(before: Bars, after: Bars, key: Key, notes: dict[int, str], following: str | None) -> list[str]:
    """'bar 4: F -> F F#dim7 (IV viio7/V; passing diminished into G)' for every bar that changed."""
    names = iter(roman_numerals([s for bar in after for s in bar], key, following))
    moves: list[str] = []
    for b, (old, new) in enumerate(zip(before, after, strict=True)):
        figures = " ".join(next(names).figure for _symbol in new)
        if old != new:
            note = f"; {notes[b]}" if b in notes else ""
            moves.append(f"bar {b + 1}: {' '.join(old)} -> {' '.join(new)} ({figures}{note})")
    return moves


def bar_edit_move(edit: BarEdit) -> Callable[[Song, int], tuple[Section, tuple[str, ...]]]:
    """A section move from an in-place bar edit that returns notes per bar.

    Bars that only swapped chords one for one, with no note, read as a list of swaps
    ('C -> Cmaj7 (Imaj7)'); the others are shown bar by bar.
    """

    def move(song: Song, index: int) -> tuple[Section, tuple[str, ...]]:
        section, key = song.sections[index], song.key_of(index)
        before = read_bars(section)
        after = [list(bar) for bar in before]
        notes = edit(song, index, after, key)
        mapping: dict[str, str] = {}
        by_bar = set(notes)
        for b, (old, new) in enumerate(zip(before, after, strict=True)):
            if b in by_bar or old == new:
                continue
            if len(old) != len(new) or any(mapping.get(o, n) != n for o, n in zip(old, new, strict=True)):
                by_bar.add(b)
                continue
            mapping.update(zip(old, new, strict=True))
        moves = [f"{old} -> {describe_chord(new, key)}" for old, new in mapping.items() if old != new]
        shown = [before[b] if b in by_bar else after[b] for b in range(len(before))]
        moves += bar_moves(shown, after, key, notes, following_chord(song, index))
        return finish_section(section, after, moves)

    return move


def finish_section(section: Section, bars: Bars, moves: list[str]) -> tuple[Section, tuple[str, ...]]:
    """The section with its new bars and the moves, or the section untouched when nothing moved."""
    chords = write_bars(bars, section.chords)
    if chords == section.chords or not moves:
        return section, ()
    return section_with(section, chords=chords), tuple(moves)
