"""Roman-numeral names for chord symbols in a key: function, secondary dominants and borrowed chords.

Numerals are counted on the key's own scale (VI in A minor is F) with b/# for roots outside
it; secondary dominants are named V/x and chords from a parallel mode say where they come from.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from music.song import Key, Mode
from music.theory.chords import (
    chord_bass,
    chord_pitch_classes,
    chord_quality,
    mode_steps,
    note_pc,
    split_symbol,
    tonic_pc,
)

logger = logging.getLogger(__name__)

Function = Literal["tonic", "predominant", "dominant", "secondary dominant", "borrowed", "chromatic"]

_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII")
_MAJOR_STEPS = mode_steps("major")
_MINOR_FAMILY = frozenset({"minor", "dorian", "phrygian"})
# Where a chord outside the key is looked for, nearest colour first: the parallel major or
# minor, then the Dorian and Mixolydian colours, then the rarer modes.
_SOURCES: dict[str, tuple[Mode, ...]] = {
    "major": ("minor", "mixolydian", "dorian", "phrygian"),
    "minor": ("major", "dorian", "phrygian"),
    "dorian": ("minor", "major", "mixolydian"),
    "mixolydian": ("major", "minor", "dorian"),
    "lydian": ("major", "mixolydian", "minor"),
    "phrygian": ("minor", "dorian", "major"),
}
_MAJOR_FUNCTIONS: dict[int, Function] = {1: "tonic", 2: "predominant", 3: "tonic", 4: "predominant",
                                         5: "dominant", 6: "tonic", 7: "dominant"}  # fmt: skip
_MINOR_FUNCTIONS: dict[int, Function] = {1: "tonic", 2: "predominant", 3: "tonic", 4: "predominant",
                                         5: "dominant", 6: "predominant", 7: "dominant"}  # fmt: skip
_QUALITY_TOKEN = re.compile(r"^(min|m(?!aj)|dim|°|o|aug|\+)")


@dataclass(frozen=True)
class RomanName:
    """A chord's roman numeral in a key, with its harmonic function.

    Attributes:
        figure: The numeral as a musician writes it: "ii7", "V7/V", "bVI", "I6", "viio7".
        function: "tonic", "predominant", "dominant", "secondary dominant", "borrowed" or
            "chromatic".
        borrowed_from: The parallel key a borrowed chord comes from ("D minor"), else None.
        symbol: The chord symbol that was named.
        degree: Scale degree of the root (1-7), counted on the key's scale.
        accidental: "b" or "#" when the root lies outside the key's scale, else "".
        quality: The chord's basic colour (major, minor, diminished, ...).
        target: For a secondary chord, the numeral it leads to ("V" in "V7/V"), else None.
    """

    figure: str
    function: Function
    borrowed_from: str | None
    symbol: str
    degree: int
    accidental: str
    quality: str
    target: str | None = None

    @property
    def numeral(self) -> str:
        """The numeral without extensions, inversion or target: 'bVI', 'ii', 'viio', 'V'."""
        match = re.match(r"^[b#]?(?:VII|VI|IV|V|III|II|I|vii|vi|iv|v|iii|ii|i)[o°ø+]?", self.figure)
        return match.group(0) if match else self.figure

    @property
    def is_dominant(self) -> bool:
        """True for the key's own V (any extension or inversion) and its leading-tone chord."""
        if self.target is not None or self.accidental:
            return False
        if self.degree == 5:
            return self.quality in ("major", "suspended")
        return self.degree == 7 and self.quality == "diminished"

    @property
    def is_tonic(self) -> bool:
        """True for the home chord, major or minor (I, i, I6, Imaj7 ...)."""
        return self.degree == 1 and not self.accidental and self.target is None


@lru_cache(maxsize=8192)
def roman_numeral(symbol: str, key: Key) -> RomanName:
    """Name a chord symbol as a roman numeral in `key`.

    Diatonic chords get their plain numeral and function (in minor, the harmonic minor's
    V and viio count as diatonic). Outside the key, a plain triad of the parallel major
    or minor is borrowed ("bVI" from D minor in D major); then a major or dominant-seventh
    chord whose root is a fifth above a degree other than the tonic is a secondary
    dominant ("V7/V", "V7/IV", "V7/vi"); then a chord of a Dorian, Mixolydian or Phrygian
    colour is borrowed from it; anything else is chromatic. A slash bass that is a chord
    tone gives the inversion ("I6", "V65"); any other bass is written after a slash as a
    scale degree ("IV/5").

    Args:
        symbol: A chord symbol such as "A7", "Bb", "C/E" or "F#m7b5".
        key: The key to name it in.

    Returns:
        The chord's RomanName.

    Raises:
        SongError: if the symbol cannot be read.
    """
    symbol = symbol.strip()
    sus = _sus_over_bass(symbol)
    if sus is not None:
        # "Gm7/C" is heard as a C9sus4: named on its bass, written as the musician wrote it.
        named = _named(sus, key)
        return RomanName(named.figure, named.function, named.borrowed_from, symbol, named.degree, named.accidental,
                         named.quality, named.target)  # fmt: skip
    return _named(symbol, key)


# A chord over a bass a fifth below its root (Gm7/C) or a tone below it (F/G, Bb/C): the bass's
# suspended chord, by the intervals above the bass (a seventh and an eleventh, no third). music21
# hears the upper chord over a pedal instead (Gm7/C in F is its ii7542, F/G in C its IV742).
_SUS_SHAPES: dict[frozenset[int], str] = {
    frozenset({0, 2, 5, 7, 10}): "9sus4", frozenset({0, 2, 5, 10}): "9sus4", frozenset({0, 5, 7, 10}): "7sus4",
    frozenset({0, 2, 5, 9, 10}): "13sus4",
}  # fmt: skip


def _sus_over_bass(symbol: str) -> str | None:
    """The suspended chord a slash chord sounds as ("Gm7/C" -> "C9sus4", "F/G" -> "G9sus4"), or None."""
    root, suffix, bass = split_symbol(symbol)
    if bass is None:
        return None
    bass_pc = note_pc(bass)
    tones = chord_pitch_classes(root + suffix)
    if bass_pc in tones:
        return None  # an inversion
    shape = _SUS_SHAPES.get(frozenset({0, *((pc - bass_pc) % 12 for pc in tones)}))
    return None if shape is None else bass + shape


def roman_numerals(symbols: Sequence[str], key: Key, following: str | None = None) -> list[RomanName]:
    """Name a progression, using what follows each chord to spot secondary chords.

    A chord that could be borrowed (A major in A minor) is named as a secondary dominant
    when the next chord is the one it leads to (A -> Dm is V/iv), and a diminished chord
    a semitone below a diatonic chord that follows it is its leading-tone chord
    (F#dim7 -> G in C major is viio7/V).

    Args:
        symbols: The chord symbols in order.
        key: The key to name them in.
        following: The chord heard after the last one (the next section's first), if any.

    Raises:
        SongError: if a symbol cannot be read.
    """
    names = [roman_numeral(s, key) for s in symbols]
    nexts = [*symbols[1:], following]
    result = []
    for name, after in zip(names, nexts, strict=True):
        if after is not None and name.function in ("borrowed", "chromatic"):
            name = _resolving(name, after.strip(), key) or name
        result.append(name)
    return result


def key_name(key: Key) -> str:
    """The key as musicians say it: 'D minor', 'Bb major'."""
    return f"{key.tonic} {key.mode}"


# -- naming ----------------------------------------------------------------------------------

# music21 reads the chord symbols (music.theory.chords), but the naming is our own: music21's
# romanNumeralFromChord writes another style and hears some chords otherwise. It counts a minor
# key's degrees on the major scale (F in A minor is bVI), figures extended chords as stacked
# intervals (Imaj7 as I7, V7 in minor as V75#3, G9 as V7532, Gsus4 as v54), and with secondary
# dominants preferred it hears a tonic C/E as V6/IV and the VII of a minor key as V/III. It also
# takes milliseconds per chord, hundreds of times longer than this naming.


def _named(symbol: str, key: Key) -> RomanName:
    root, suffix, _bass = split_symbol(symbol)
    root_pc = note_pc(root)
    quality = chord_quality(root + suffix)
    interval = (root_pc - tonic_pc(key)) % 12
    if _diatonic(symbol, key):
        accidental, degree = _degree(interval, key.mode, quality)
        table = _MINOR_FUNCTIONS if key.mode in _MINOR_FAMILY else _MAJOR_FUNCTIONS
        return _name(symbol, key, degree, accidental, quality, table[degree], None)
    # A plain triad of the parallel major or minor is heard as borrowed before it is heard as
    # a secondary dominant (D major in A minor is the brighter IV, not V/VII); a seventh
    # chord's tritone makes it a dominant first (D7 in A minor is V7/VII).
    triad = quality in ("major", "minor") and not {10, 11} & _intervals(symbol)
    parallel: list[Mode] = [m for m in _SOURCES[key.mode] if m in ("major", "minor")] if triad else []
    for source in parallel:
        if _diatonic(symbol, _with_mode(key, source)):
            return _borrowed(symbol, key, source, quality, interval)
    secondary = _secondary_dominant(symbol, key)
    if secondary is not None:
        return secondary
    for source in _SOURCES[key.mode]:
        if _diatonic(symbol, _with_mode(key, source)):
            return _borrowed(symbol, key, source, quality, interval)
    accidental, degree = _degree(interval, key.mode, quality)
    return _name(symbol, key, degree, accidental, quality, "chromatic", None)


def _borrowed(symbol: str, key: Key, source: Mode, quality: str, interval: int) -> RomanName:
    accidental, degree = _degree(interval, key.mode, quality)
    name = _name(symbol, key, degree, accidental, quality, "borrowed", None)
    return RomanName(name.figure, "borrowed", key_name(_with_mode(key, source)), symbol, degree, accidental, quality)


def _name(
    symbol: str, key: Key, degree: int, accidental: str, quality: str, function: Function, target: str | None
) -> RomanName:
    figure = accidental + _figure(symbol, key, degree, quality)
    return RomanName(figure, function, None, symbol, degree, accidental, quality, target)


def _secondary_dominant(symbol: str, key: Key) -> RomanName | None:
    """V(7)/x when the chord is a dominant a fifth above a diatonic, non-tonic, non-diminished degree."""
    root, suffix, _bass = split_symbol(symbol)
    if not _is_dominant_shape(root + suffix):
        return None
    target_degree = _diatonic_degree((note_pc(root) - 7 - tonic_pc(key)) % 12, key.mode)
    target = _target_numeral(target_degree, key) if target_degree else None
    if target is None:
        return None
    return _as_secondary(symbol, key, "V", target)


def _resolving(name: RomanName, after: str, key: Key) -> RomanName | None:
    """The secondary name of `name` when the chord after it is the chord it leads to."""
    root, suffix, _bass = split_symbol(name.symbol)
    after_root = split_symbol(after)[0]
    degree = _diatonic_degree((note_pc(after_root) - tonic_pc(key)) % 12, key.mode)
    target = _target_numeral(degree, key) if degree else None
    if degree is None or target is None:
        return None
    if _loose_quality(after) not in (_target_quality(degree, key), _habitual(degree, key)):
        return None
    step = (note_pc(after_root) - note_pc(root)) % 12
    if step == 5 and _is_dominant_shape(root + suffix):
        return _as_secondary(name.symbol, key, "V", target)
    if step == 1 and name.quality == "diminished":
        return _as_secondary(name.symbol, key, "vii", target)
    return None


def _as_secondary(symbol: str, key: Key, numeral: str, target: str) -> RomanName:
    """Name `symbol` as V or viio of `target`, figured as in the target's own major key."""
    root, suffix, _bass = split_symbol(symbol)
    quality = chord_quality(root + suffix)
    local_tonic = (note_pc(root) + (5 if numeral == "V" else 1)) % 12
    local = Key(tonic=_plain_name(local_tonic), mode="major")
    degree = 5 if numeral == "V" else 7
    figure = _figure(symbol, local, degree, quality)
    accidental, key_degree = _degree((note_pc(root) - tonic_pc(key)) % 12, key.mode, quality)
    return RomanName(f"{figure}/{target}", "secondary dominant", None, symbol, key_degree, accidental, quality, target)


def _figure(symbol: str, key: Key, degree: int, quality: str) -> str:
    """Numeral, quality mark, extensions and inversion, without the root's accidental."""
    root, suffix, _bass = split_symbol(symbol)
    root_pc = note_pc(root)
    intervals = {(pc - root_pc) % 12 for pc in chord_pitch_classes(root + suffix)}
    numeral = _NUMERALS[degree - 1]
    if quality in ("minor", "diminished"):
        numeral = numeral.lower()
    extension = _QUALITY_TOKEN.sub("", suffix.replace("(", "").replace(")", ""), count=1)
    extension = extension.replace("M7", "maj7").replace("M9", "maj9")
    if extension == "M":
        extension = ""
    seventh_kind = ""
    if quality == "diminished":
        if 9 in intervals and 10 not in intervals:
            extension, seventh_kind = "o7", "o"
        elif 10 in intervals:
            extension, seventh_kind = "ø7", "ø"
        else:
            extension = "o"
    elif quality == "augmented":
        extension = "+" + ("7" if 10 in intervals else "maj7" if 11 in intervals else "")
        seventh_kind = "+" if len(extension) > 1 else ""
    elif quality == "suspended" and extension == "sus":
        extension = "sus4"
    elif extension.startswith("6"):
        # A bare 6 after a numeral means first inversion, so an added sixth is spelled out.
        extension = "add6" + ("add9" if "9" in extension else "")
    if quality in ("major", "minor") and extension in ("7", "maj7"):
        seventh_kind = extension[:-1]
    return numeral + _inversion(symbol, extension, seventh_kind, intervals, key)


def _inversion(symbol: str, extension: str, seventh_kind: str, intervals: set[int], key: Key) -> str:
    """The extension with figured-bass inversion digits, or '/degree' for any other bass."""
    root_pc = note_pc(split_symbol(symbol)[0])
    bass = (chord_bass(symbol) - root_pc) % 12
    if bass == 0:
        return extension
    triad = extension in ("", "o", "+")
    seventh = extension in ("7", "maj7", "o7", "ø7", "+7", "+maj7")
    if bass in intervals and (triad or seventh):
        position = 1 if bass in (3, 4) else 2 if bass in (6, 7, 8) else 3
        if triad and position < 3:
            return extension + ("6" if position == 1 else "64")
        if seventh:
            return seventh_kind + ("65", "43", "42")[position - 1]
    accidental, degree = _degree((chord_bass(symbol) - tonic_pc(key)) % 12, key.mode, "major")
    return f"{extension}/{accidental}{degree}"


# -- scale degrees -----------------------------------------------------------------------------


def _degree(interval: int, mode: Mode, quality: str) -> tuple[str, int]:
    """(accidental, degree) of a root `interval` semitones above the tonic, counted on the mode's scale.

    A root outside the scale is the degree above it lowered or the degree below it raised,
    whichever lands nearer the major scale's degree, so E major in C minor is #III and Ab in
    C major is bVI; diminished chords prefer the raised name (#ivo7). In minor the leading
    tone's diminished chord is plain viio, as it is written in minor keys.
    """
    steps = mode_steps(mode)
    if interval in steps:
        return "", steps.index(interval) + 1
    if mode == "minor" and interval == 11 and quality == "diminished":
        return "", 7
    lowered = steps.index((interval + 1) % 12)
    raised = steps.index((interval - 1) % 12)
    flat_cost = _distance(interval, _MAJOR_STEPS[lowered])
    sharp_cost = _distance(interval, _MAJOR_STEPS[raised])
    prefer_sharp = quality == "diminished"
    if lowered == 0 or sharp_cost < flat_cost or (sharp_cost == flat_cost and prefer_sharp):
        return "#", raised + 1
    return "b", lowered + 1


def _distance(a: int, b: int) -> int:
    gap = abs(a - b) % 12
    return min(gap, 12 - gap)


def _diatonic_degree(interval: int, mode: Mode) -> int | None:
    steps = mode_steps(mode)
    return steps.index(interval) + 1 if interval in steps else None


def _target_quality(degree: int, key: Key) -> str:
    """Quality of the triad the key's scale builds on `degree`: major, minor or diminished."""
    steps = mode_steps(key.mode)
    root = steps[degree - 1]
    third = (steps[(degree + 1) % 7] - root) % 12
    fifth = (steps[(degree + 3) % 7] - root) % 12
    if fifth == 6:
        return "diminished"
    return "major" if third == 4 else "minor"


def _target_numeral(degree: int, key: Key) -> str | None:
    """The numeral a secondary chord points at, or None for the tonic and diminished triads."""
    if degree == 1:
        return None
    quality = _target_quality(degree, key)
    if quality == "diminished":
        return None
    numeral = _NUMERALS[degree - 1]
    # V of the dominant is written V/V in minor too: the dominant there is major by habit.
    if degree == 5 and key.mode == "minor":
        return numeral
    return numeral if quality == "major" else numeral.lower()


def _habitual(degree: int, key: Key) -> str:
    """The quality a chord on `degree` usually has in practice: V is major in minor keys too."""
    return "major" if degree == 5 and key.mode == "minor" else _target_quality(degree, key)


def _loose_quality(symbol: str) -> str:
    quality = chord_quality(symbol)
    return "major" if quality in ("suspended", "power") else quality


def _is_dominant_shape(symbol: str) -> bool:
    """A major triad, with or without a minor seventh and colour tones, but never a major seventh."""
    intervals = _intervals(symbol)
    return chord_quality(symbol) == "major" and 11 not in intervals and 7 in intervals


def _intervals(symbol: str) -> set[int]:
    """Semitones above the root of each chord tone, without any slash bass."""
    root, suffix, _bass = split_symbol(symbol)
    return {(pc - note_pc(root)) % 12 for pc in chord_pitch_classes(root + suffix)}


def _diatonic(symbol: str, key: Key) -> bool:
    """Every note in the key's scale; in minor the harmonic minor's V and viio count too."""
    tonic = tonic_pc(key)
    scale = {(tonic + s) % 12 for s in mode_steps(key.mode)}
    pcs = set(chord_pitch_classes(symbol))
    if pcs <= scale:
        return True
    if key.mode != "minor":
        return False
    harmonic = (scale - {(tonic + 10) % 12}) | {(tonic + 11) % 12}
    root = (note_pc(split_symbol(symbol)[0]) - tonic) % 12
    return root in (7, 11) and pcs <= harmonic


def _with_mode(key: Key, mode: Mode) -> Key:
    return Key(tonic=key.tonic, mode=mode)


def _plain_name(pc: int) -> str:
    return ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")[pc % 12]
