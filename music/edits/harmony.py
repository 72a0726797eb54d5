"""Harmony on the song sheet: simplify, enrich and reharmonize, every chord named by its function.

Reading chords in a key and the bar-by-bar change list live in music.edits.chord_edits, shared
with music.edits.tension.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Literal, get_args

from music.edits.chord_edits import (
    MINORISH,
    BarEdit,
    Bars,
    approach_chord,
    bar_edit_move,
    bar_moves,
    chord_intervals,
    chord_pcs,
    describe_chord,
    diatonic_chord,
    finish_section,
    fits_scale,
    following_chord,
    is_dominant_of_key,
    is_tonic,
    read_bars,
    resolves_to,
    scale_for,
)
from music.edits.transforms import Change, transform_sections
from music.errors import SongError
from music.song import Key, Section, Song
from music.theory.chords import (
    chord_quality,
    chord_root,
    note_pc,
    roman_to_symbol,
    scale_note_names,
    scale_pitch_classes,
    split_symbol,
)
from music.theory.romans import roman_numeral

logger = logging.getLogger(__name__)

ReharmonizeStyle = Literal["jazz", "borrowed", "gospel"]

_STYLES: tuple[str, ...] = get_args(ReharmonizeStyle)
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
_QUALITY_SUFFIX = {"major": "", "minor": "m", "diminished": "dim", "augmented": "aug"}
_PLAIN = frozenset({"", "m", "min", "maj", "M", "dim"})
_WITH_SEVENTH = frozenset({"7", "maj7", "M7", "m7", "min7"})


# -- the transforms -------------------------------------------------------------------------


def simplify(song: Song, target: str | Sequence[int]) -> Change:
    """Make sections easier to play: plain triads, the key's primary chords, one chord a bar.

    Extensions and slash basses are stripped (Cmaj7 -> C, G7sus4 -> G, C/E -> C); chords
    outside the key's primaries (I, IV, V, vi in major; i, iv, v, V, VI, III, VII in
    minor) move to the primary sharing most notes with them (Dm7 -> F); a bar with
    several chords keeps the one on its downbeat. A section that is already all that
    goes down to three chords, each chord to the one of I, IV and V (i, iv and V in
    minor) with its function (F G C Am in A minor -> Dm E Am Am).

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
        bars = read_bars(section)
        mapped = [list(dict.fromkeys(mapping.setdefault(s, _simplest(s, key, primaries)) for s in bar)) for bar in bars]
        if all(len(bar) == 1 for bar in bars) and all(old == new for old, new in mapping.items()):
            # Already plain triads of the key, one a bar: the next step down is the three chords every player knows.
            mapping = {}
            # A sung minor seventh (G in A minor) would clash with the raised one of a major V: then v it is.
            natural = any((n.pitch - note_pc(key.tonic)) % 12 == 10 for n in section.melody)
            mapped = [[mapping.setdefault(s, _three_chord(s, key, natural))] for bar in bars for s in bar]
        moves = [
            f"{describe_chord(old, key)} -> {describe_chord(new, key)}" for old, new in mapping.items() if old != new
        ]
        merged = [[bar[0]] for bar in mapped]
        notes = {b: "one chord a bar" for b, bar in enumerate(mapped) if len(bar) > 1}
        moves += bar_moves(mapped, merged, key, notes, following_chord(song, index))
        return finish_section(section, merged, moves)

    return transform_sections(song, target, move, chord_words=True)


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

    return transform_sections(song, target, bar_edit_move(edit), chord_words=True)


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
    return transform_sections(song, target, bar_edit_move(edit), chord_words=True)


# -- simpler and richer ---------------------------------------------------------------------


# The three-chord chart (I, IV, V; i, iv, V in minor): each scale degree's chord goes to the one with its function.
_THREE_CHORDS: dict[str, dict[int, str]] = {
    "major": {0: "I", 2: "IV", 3: "I", 4: "I", 5: "IV", 7: "V", 8: "IV", 9: "I", 10: "IV", 11: "V"},
    "minor": {0: "i", 2: "iv", 3: "i", 5: "iv", 7: "V", 8: "iv", 10: "V", 11: "V"},
}


def _three_chord(symbol: str, key: Key, natural_seventh: bool = False) -> str:
    """The chord of the key's three primaries that does what `symbol` does (tonic, subdominant or dominant).

    In minor the dominant is major (V), or minor (v) where the melody sings the key's natural seventh.
    """
    table = _THREE_CHORDS["minor" if key.mode in ("minor", "dorian", "phrygian") else "major"]
    degree = (chord_root(symbol) - note_pc(key.tonic)) % 12
    roman = table.get(degree)
    if roman == "V" and natural_seventh and table is _THREE_CHORDS["minor"]:
        roman = "v"
    return roman_to_symbol(roman, key) if roman is not None else symbol


def _simplest(symbol: str, key: Key, primaries: tuple[str, ...]) -> str:
    """The chord a simple chart writes for `symbol`: its plain triad if primary, else the closest primary."""
    root = split_symbol(symbol)[0]
    quality = chord_quality(symbol)
    triad = root + _QUALITY_SUFFIX[quality] if quality in _QUALITY_SUFFIX else diatonic_chord(root, key)
    if triad in primaries:
        return triad
    notes = chord_pcs(triad)

    def closeness(candidate: tuple[int, str]) -> tuple[bool, int, int]:
        order, primary = candidate
        return chord_root(primary) == chord_root(symbol), len(notes & chord_pcs(primary)), -order

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
        if fits_scale(chord, scale_pitch_classes(key)):
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
