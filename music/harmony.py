"""Harmony on the song sheet: simplify, enrich and reharmonize, every chord named by its function.

The naming (roman numerals, secondary dominants, tritone subs, borrowed chords) and the bar
bookkeeping here are shared with music.tension.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Literal, get_args

from music.errors import SongError
from music.romans import roman_numeral, roman_numerals
from music.song import Key, Section, Song, section_with
from music.theory import (
    chord_pitch_classes,
    chord_quality,
    chord_root,
    note_pc,
    roman_to_symbol,
    scale_note_names,
    scale_pitch_classes,
    split_symbol,
)
from music.transforms import Change, transform_sections

logger = logging.getLogger(__name__)

ReharmonizeStyle = Literal["jazz", "borrowed", "gospel"]
Bars = list[list[str]]
BarEdit = Callable[[Song, int, Bars, Key], dict[int, str]]

_STYLES: tuple[str, ...] = get_args(ReharmonizeStyle)
MINORISH = frozenset({"minor", "dorian", "phrygian"})
# Scales a chord outside the key may be borrowed from, as steps above the tonic.
_MAJOR = (0, 2, 4, 5, 7, 9, 11)
_NATURAL_MINOR = (0, 2, 3, 5, 7, 8, 10)
_MELODIC_MINOR = (0, 2, 3, 5, 7, 9, 11)
_HARMONIC_MINOR = (0, 2, 3, 5, 7, 8, 11)
# The chords a simple chart keeps, per mode; everything else moves to the nearest of them.
# Minor keeps its natural VII and harmonic V too: i-VI-III-VII and V-i are the commonest minor moves.
_PRIMARIES: dict[str, tuple[str, ...]] = {
    "major": ("I", "IV", "V", "vi"),
    "minor": ("i", "iv", "v", "VI", "III", "VII", "V"),
    "dorian": ("i", "IV", "v", "VII", "III"),
    "mixolydian": ("I", "IV", "VII", "v"),
    "lydian": ("I", "II", "V", "vi"),
    "phrygian": ("i", "II", "VII", "iv", "VI"),
}
_TRIADS: dict[tuple[int, ...], str] = {(4, 7): "", (3, 7): "m", (3, 6): "dim", (4, 8): "aug"}
_SEVENTHS: dict[tuple[int, ...], str] = {(4, 7, 11): "maj7", (4, 7, 10): "7", (3, 7, 10): "m7", (3, 6, 10): "m7b5"}
_QUALITY_SUFFIX = {"major": "", "minor": "m", "diminished": "dim", "augmented": "aug"}
_PLAIN = frozenset({"", "m", "min", "maj", "M", "dim"})
_WITH_SEVENTH = frozenset({"7", "maj7", "M7", "m7", "min7"})


# -- reading chords in a key ----------------------------------------------------------------


def chord_intervals(symbol: str) -> frozenset[int]:
    """Semitones above the root of the chord's own notes, a slash bass left out (G7 -> 0, 4, 7, 10)."""
    root, suffix, _bass = split_symbol(symbol)
    root_pc = note_pc(root)
    return frozenset((pc - root_pc) % 12 for pc in chord_pitch_classes(root + suffix))


def _pcs(symbol: str) -> frozenset[int]:
    root = chord_root(symbol)
    return frozenset((root + i) % 12 for i in chord_intervals(symbol))


def _fits(symbol: str, scale: Sequence[int] | frozenset[int]) -> bool:
    return _pcs(symbol) <= set(scale)


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
    return next((scale for scale in scales if _fits(symbol, scale)), scales[0])


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
    """The section's chords as a list of bars, each a list of symbols."""
    return [entry.split() for entry in section.chords]


def write_bars(bars: Bars) -> tuple[str, ...]:
    """Bars back into the sheet's one-entry-per-bar form."""
    return tuple(" ".join(bar) for bar in bars)


def following_chord(song: Song, index: int) -> str | None:
    """The first chord of the next section, which the last chord of this one leads into."""
    if index + 1 >= len(song.sections):
        return None
    return song.sections[index + 1].chords[0].split()[0]


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
    chords = write_bars(bars)
    if chords == section.chords or not moves:
        return section, ()
    return section_with(section, chords=chords), tuple(moves)


# -- the transforms -------------------------------------------------------------------------


def simplify(song: Song, target: str | Sequence[int]) -> Change:
    """Make sections easier to play: plain triads, the key's primary chords, one chord a bar.

    Extensions and slash basses are stripped (Cmaj7 -> C, G7sus4 -> G, C/E -> C); chords
    outside the key's primaries (I, IV, V, vi in major; i, iv, v, V, VI, III, VII in
    minor) move to the primary sharing most notes with them (Dm7 -> F); a bar with
    several chords keeps the one on its downbeat.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it ('chorus', 'verse 2', 'all'), or indices.

    Returns:
        The change: the new song and the moves, section by section.

    Raises:
        UnknownSection: If a section name matches nothing.
    """

    def move(song: Song, index: int) -> tuple[Section, tuple[str, ...]]:
        section, key = song.sections[index], song.key_of(index)
        primaries = tuple(roman_to_symbol(r, key) for r in _PRIMARIES[key.mode])
        mapping: dict[str, str] = {}
        mapped = [list(dict.fromkeys(mapping.setdefault(s, _simplest(s, key, primaries)) for s in bar))
                  for bar in read_bars(section)]  # fmt: skip
        moves = [
            f"{describe_chord(old, key)} -> {describe_chord(new, key)}" for old, new in mapping.items() if old != new
        ]
        merged = [[bar[0]] for bar in mapped]
        notes = {b: "one chord a bar" for b, bar in enumerate(mapped) if len(bar) > 1}
        moves += bar_moves(mapped, merged, key, notes, following_chord(song, index))
        return finish_section(section, merged, moves)

    return transform_sections(song, target, move)


def enrich(song: Song, target: str | Sequence[int]) -> Change:
    """Make sections richer: sevenths (then ninths) by function, and passing chords in long stretches.

    Triads gain the seventh their function calls for (maj7 on I and IV, m7 on ii, iii and
    vi, 7 on V and on secondary dominants, m7b5 on vii); chords that already have a
    seventh gain the ninth the key holds. Where one chord holds for two bars or more, the
    second half of its last bar passes through the chord a step above.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it, or section indices.

    Returns:
        The change: the new song and the moves, section by section.

    Raises:
        UnknownSection: If a section name matches nothing.
    """

    def edit(song: Song, index: int, bars: Bars, key: Key) -> dict[int, str]:
        notes = _passing_chords(bars, key)
        for bar in bars:
            bar[:] = [_richer(s, key) for s in bar]
        return notes

    return transform_sections(song, target, bar_edit_move(edit))


def reharmonize(song: Song, target: str | Sequence[int], style: ReharmonizeStyle) -> Change:
    """Give sections new chords under the same bars, in a jazz, borrowed or gospel way.

    jazz: ii-V approaches into strong bars, tritone subs (bII7) for dominants that resolve
    to the tonic, ninths and thirteenths on the rest. borrowed: modal mixture; in a major
    key iv (after IV, before I), bVI (for vi after V) and bVII from the parallel minor, in
    a minor key IV and V from the melodic minor. gospel: passing diminished sevenths
    between chords a tone apart (#ivo7 between IV and V, #io7 between I and ii), IV over
    the tonic bass in held tonic bars, and 13 (major) or 7#9 (minor) dominants.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it, or section indices.
        style: "jazz", "borrowed" or "gospel".

    Returns:
        The change: the new song and the moves, section by section.

    Raises:
        SongError: If the style is not one of the three.
        UnknownSection: If a section name matches nothing.
    """
    if style not in _STYLES:
        raise SongError(f"I can reharmonize in a jazz, borrowed or gospel way, but not '{style}'.")
    edit: BarEdit = {"jazz": _jazz, "borrowed": _borrowed, "gospel": _gospel}[style]
    return transform_sections(song, target, bar_edit_move(edit))


# -- simpler and richer ---------------------------------------------------------------------


def _simplest(symbol: str, key: Key, primaries: tuple[str, ...]) -> str:
    """The chord a simple chart writes for `symbol`: its plain triad if primary, else the closest primary."""
    root = split_symbol(symbol)[0]
    quality = chord_quality(symbol)
    triad = root + _QUALITY_SUFFIX[quality] if quality in _QUALITY_SUFFIX else diatonic_chord(root, key)
    if triad in primaries:
        return triad
    notes = _pcs(triad)

    def closeness(candidate: tuple[int, str]) -> tuple[bool, int, int]:
        order, primary = candidate
        return chord_root(primary) == chord_root(symbol), len(notes & _pcs(primary)), -order

    return max(enumerate(primaries), key=closeness)[1]


def _richer(symbol: str, key: Key, thirteenth: bool = False) -> str:
    """One step richer: a triad gains its seventh, a seventh chord its ninth (or 13 on dominants)."""
    root, suffix, bass = split_symbol(symbol)
    quality = chord_quality(symbol)
    scale = set(scale_for(symbol, key))
    root_pc = note_pc(root)

    def has(interval: int) -> bool:
        return (root_pc + interval) % 12 in scale

    new: str | None = None
    if suffix in _PLAIN and quality == "major":
        new = "maj7" if has(11) else "7"
    elif suffix in _PLAIN and quality == "minor":
        new = "m7" if has(10) else None
    elif suffix in _PLAIN and quality == "diminished":
        new = "m7b5" if has(10) else "dim7"
    elif suffix in ("maj7", "M7"):
        new = "maj9" if has(2) else None
    elif suffix in _WITH_SEVENTH and quality == "minor":
        new = "m9" if has(2) else None
    elif suffix == "7":
        new = "13" if thirteenth and has(2) and has(9) else "9" if has(2) else "7b9" if has(1) else None
    if new is None:
        return symbol
    return root + new + (f"/{bass}" if bass else "")


def _passing_chords(bars: Bars, key: Key) -> dict[int, str]:
    """Put a passing chord a step above in the second half of the last bar of each long one-chord stretch."""
    notes: dict[int, str] = {}
    run = 1
    for b, bar in enumerate(list(bars)):
        held = b > 0 and len(bar) == 1 and bars[b - 1] == bar
        run = run + 1 if held else 1
        if run >= 2 and (b + 1 == len(bars) or bars[b + 1] != bar):
            bars[b] = [bar[0], _step_above(bar[0], key)]
            notes[b] = f"passing chord after {run} bars of {bar[0]}"
    return notes


def _step_above(symbol: str, key: Key) -> str:
    """The scale's chord a step above `symbol`'s root, or a step below when that one is diminished."""
    names = scale_note_names(key)
    pcs = scale_pitch_classes(key)
    root = chord_root(symbol)
    step = pcs.index(root) if root in pcs else min(range(7), key=lambda s: (pcs[s] - root) % 12)
    above = diatonic_chord(names[(step + 1) % 7], key)
    return above if chord_quality(above) != "diminished" else diatonic_chord(names[(step - 1) % 7], key)


# -- reharmonizing --------------------------------------------------------------------------


def _jazz(song: Song, index: int, bars: Bars, key: Key) -> dict[int, str]:
    notes: dict[int, str] = {}
    for b in range(2, len(bars), 2):
        arrival, before = bars[b][0], bars[b - 1]
        if chord_quality(arrival) not in ("major", "minor") or arrival == before[-1]:
            continue
        ii = approach_chord("ii7" if chord_quality(arrival) == "major" else "iiø7", arrival)
        if resolves_to(before[-1], arrival) and len(before) == 1:
            if b >= 2 and chord_root(bars[b - 2][-1]) == chord_root(ii):
                continue  # the ii is already there, a bar earlier
            bars[b - 1] = [ii, before[0]]
        elif not resolves_to(before[-1], arrival) and b % 4 == 0:
            bars[b - 1] = [ii, approach_chord("V7", arrival)]
        else:
            continue
        notes[b - 1] = f"ii-V into {arrival}"
    subs = set()
    slots = [(b, k) for b, bar in enumerate(bars) for k in range(len(bar))]
    after = [bars[b][k] for b, k in slots[1:]] + [following_chord(song, index)]
    for (b, k), next_chord in zip(slots, after, strict=True):
        symbol = bars[b][k]
        if next_chord is not None and is_tonic(next_chord, key) and resolves_to(symbol, next_chord):
            bars[b][k] = approach_chord("bII7", next_chord)
            subs.add((b, k))
            notes[b] = "; ".join(filter(None, (notes.get(b), f"tritone sub for {symbol}")))
    for b, k in slots:
        if (b, k) not in subs:
            bars[b][k] = _richer(_richer(bars[b][k], key), key, thirteenth=True)
    return notes


def _borrowed(song: Song, index: int, bars: Bars, key: Key) -> dict[int, str]:
    notes: dict[int, str] = {}
    minorish = key.mode in MINORISH
    parallel = Key(tonic=key.tonic, mode="minor" if minorish else "major")
    slots = [(b, k) for b, bar in enumerate(bars) for k in range(len(bar))]
    chords = [bars[b][k] for b, k in slots] + [following_chord(song, index) or ""]  # "" after the song ends

    def borrow(n: int, roman: str, keep: bool = False) -> bool:
        b, k = slots[n]
        chord = roman_to_symbol(roman, parallel)
        if _fits(chord, scale_pitch_classes(key)):
            return False  # already at home in this mode: nothing borrowed
        if chord_intervals(chords[n]) & {10, 11}:
            chord = _richer(chord, key)  # a seventh chord stays a seventh chord
        if chord == bars[b][k]:
            return False
        bars[b] = [bars[b][0], chord] if keep and len(bars[b]) == 1 else bars[b][:k] + [chord] + bars[b][k + 1 :]
        source = f"{key.tonic} melodic minor" if minorish else roman_numeral(chord, key).borrowed_from
        notes[b] = f"{chord} is {roman}, borrowed from {source or parallel}"
        return True

    for n in range(len(slots)):
        triad, after = roman_numeral(chords[n], key).numeral, chords[n + 1]
        before = roman_numeral(chords[n - 1], key).numeral if n else ""
        if minorish and triad in ("iv", "v"):
            borrow(n, triad.upper())
        elif not minorish and triad == "IV" and (not after or is_tonic(after, key)):
            borrow(n, "iv", keep=True)
        elif not minorish and triad == "vi" and before == "V":
            borrow(n, "bVI")
    if not notes:
        # Nothing took a borrowed chord naturally: colour the last approach to the tonic, or the last chord.
        away = [n for n in range(len(slots)) if not is_tonic(chords[n], key)]
        homing = [n for n in away if chords[n + 1] and is_tonic(chords[n + 1], key)]
        for spot in (homing or away or [len(slots) - 1])[-1:]:
            any(borrow(spot, roman) for roman in (("V", "IV") if minorish else ("bVII", "iv", "bVI")))
    return notes


def _gospel(song: Song, index: int, bars: Bars, key: Key) -> dict[int, str]:
    notes: dict[int, str] = {}
    landings = [b for b in range(1, len(bars)) if len(bars[b - 1]) == 1 and bars[b][0] != bars[b - 1][0]
                and chord_quality(bars[b][0]) in ("major", "minor")]  # fmt: skip
    rising = [b for b in landings if (chord_root(bars[b][0]) - chord_root(bars[b - 1][0])) % 12 == 2]
    for b in rising or landings[:1]:
        bars[b - 1] = [bars[b - 1][0], approach_chord("viio7", bars[b][0])]
        notes[b - 1] = f"passing diminished into {bars[b][0]}"
    four = diatonic_chord(scale_note_names(key)[3], key)
    for b, bar in enumerate(bars):
        if len(bar) == 1 and is_tonic(bar[0], key) and "/" not in bar[0]:
            bars[b] = [bar[0], f"{four}/{key.tonic}"]
            notes[b] = f"{roman_numeral(four, key).numeral} over the tonic in the bass"
    colour = "7#9" if key.mode in MINORISH else "13"
    for bar in bars:
        bar[:] = [split_symbol(s)[0] + colour if is_dominant_of_key(s, key) and "/" not in s else s for s in bar]
    return notes
