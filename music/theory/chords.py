"""Chord and key theory in musicians' spelling: chord tones, voicings, scales and roman numerals.

music21 reads the chord symbols; results are cached because music21 is slow to build chords.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Literal

from music.errors import SongError
from music.song import Key, Mode

logger = logging.getLogger(__name__)

Quality = Literal["major", "minor", "diminished", "augmented", "suspended", "power"]

_LETTERS = "CDEFGAB"
_NATURAL_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
_FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
_MODE_STEPS: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
}
# The major key whose signature each mode shares, as semitones above the mode's tonic;
# it decides whether a key is written with flats or sharps.
_RELATIVE_MAJOR = {"major": 0, "minor": 3, "dorian": 10, "mixolydian": 5, "lydian": 7, "phrygian": 8}
_FLAT_MAJOR_KEYS = frozenset({"F", "Bb", "Eb", "Ab", "Db", "Gb", "Cb"})
_FLAT_MAJOR_PCS = frozenset({5, 10, 3, 8, 1})

_SYMBOL = re.compile(r"^([A-G])(#|b)?(.*?)(?:/([A-G])(#|b)?)?$")
_ROMAN = re.compile(
    r"^(?P<acc>b|#|♭|♯)?(?P<num>VII|VI|IV|V|III|II|I|vii|vi|iv|v|iii|ii|i)"
    r"(?P<qual>°|o|ø|\+|dim|aug)?(?P<fig>[^/]*)(?:/(?P<of>.+))?$"
)
_ROMAN_DEGREE = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7}


# -- names and spelling ---------------------------------------------------------------


def note_pc(name: str) -> int:
    """Pitch class (0-11) of a note name such as 'Bb', 'F#' or 'C'.

    Raises:
        SongError: if the name is not a note.
    """
    text = name.strip()
    if not text or text[0].upper() not in _NATURAL_PC:
        raise SongError(f"'{name}' is not a note name; write it like C, F# or Bb.")
    pc = _NATURAL_PC[text[0].upper()]
    for mark in text[1:]:
        if mark in "#♯":
            pc += 1
        elif mark in "b♭-":
            pc -= 1
        else:
            raise SongError(f"'{name}' is not a note name; write it like C, F# or Bb.")
    return pc % 12


def pc_name(pc: int, prefer_flats: bool = False) -> str:
    """A note name for pitch class `pc`, with flats or sharps as asked."""
    return (_FLAT_NAMES if prefer_flats else _SHARP_NAMES)[pc % 12]


def tonic_pc(key: Key) -> int:
    """Pitch class of the key's tonic."""
    return note_pc(key.tonic)


def prefers_flats(key: Key) -> bool:
    """True when the key is written with flats (F major, D minor, Bb, ...)."""
    if "b" in key.tonic[1:]:
        return True
    if "#" in key.tonic[1:]:
        return False
    relative = (tonic_pc(key) + _RELATIVE_MAJOR[key.mode]) % 12
    return relative in _FLAT_MAJOR_PCS


def scale_pitch_classes(key: Key) -> tuple[int, ...]:
    """The seven pitch classes of the key's scale, tonic first."""
    tonic = tonic_pc(key)
    return tuple((tonic + step) % 12 for step in _MODE_STEPS[key.mode])


def mode_steps(mode: Mode) -> tuple[int, ...]:
    """Semitones above the tonic of each degree of `mode`."""
    return _MODE_STEPS[mode]


def scale_note_names(key: Key) -> tuple[str, ...]:
    """The scale's notes spelled one letter per degree (D minor: D E F G A Bb C)."""
    return tuple(_degree_name(key, degree) for degree in range(1, 8))


def _degree_name(key: Key, degree: int, shift: int = 0) -> str:
    """Spell scale degree `degree` (1-7) of `key`, raised or lowered by `shift` semitones."""
    letter_index = (_LETTERS.index(key.tonic[0].upper()) + degree - 1) % 7
    letter = _LETTERS[letter_index]
    target = (tonic_pc(key) + _MODE_STEPS[key.mode][degree - 1] + shift) % 12
    accidental = (target - _NATURAL_PC[letter] + 6) % 12 - 6
    if accidental == 0:
        return letter
    if accidental in (1, -1):
        return letter + ("#" if accidental == 1 else "b")
    # Double sharps and flats are correct but unreadable on a lead sheet: respell.
    return pc_name(target, prefers_flats(key))


# -- chord symbols ----------------------------------------------------------------------


def split_symbol(symbol: str) -> tuple[str, str, str | None]:
    """Split a chord symbol into root name, quality suffix and slash bass ('C/E' -> C, '', E).

    Raises:
        SongError: if the text does not look like a chord symbol.
    """
    match = _SYMBOL.match(symbol.strip())
    if not match:
        raise SongError(f"'{symbol}' is not a chord symbol I can read; write it like Am, F, C/E or G7.")
    root = match.group(1) + (match.group(2) or "")
    bass = match.group(4) + (match.group(5) or "") if match.group(4) else None
    return root, match.group(3), bass


def music21_figure(symbol: str) -> str:
    """The chord symbol as music21 spells it: 'Bbmaj7/D' -> 'B-maj7/D', 'Cmaj9' -> 'CM9', 'C6/9' -> 'C6add9'.

    Raises:
        SongError: if the symbol cannot be read.
    """
    root, suffix, bass = split_symbol(symbol)
    return _music21_figure(root, suffix) + (f"/{bass[0]}{bass[1:].replace('b', '-')}" if bass else "")


def _music21_figure(root: str, suffix: str) -> str:
    """The same chord written the way music21's ChordSymbol reads it."""
    figure_root = root[0] + root[1:].replace("b", "-")
    text = suffix.replace("(", "").replace(")", "").replace("min", "m")
    # music21 spells a few qualities differently from lead sheets.
    text = re.sub(r"maj(9|11|13)", r"M\1", text).replace("mmaj7", "mM7").replace("6/9", "6add9")
    # A dominant ninth or thirteenth with its third suspended: "G9sus4" is G7sus4 with the ninth.
    text = re.sub(r"^(9|13)sus4?$", lambda m: "7sus4add9" + ("add13" if m[1] == "13" else ""), text)
    if text == "M":
        text = ""
    if text == "sus":
        text = "sus4"
    return figure_root + text


@lru_cache(maxsize=4096)
def _parse(symbol: str) -> tuple[int, tuple[int, ...], int, tuple[int, ...]]:
    """Root, all pitch classes (root first, by interval), bass, and the chord tones without the bass."""
    root, suffix, bass = split_symbol(symbol)
    root_pc = note_pc(root)
    intervals = _intervals_from_music21(symbol, root, suffix)
    tones = tuple((root_pc + i) % 12 for i in intervals)
    bass_pc = note_pc(bass) if bass else root_pc
    pcs = tones if bass_pc in tones else tones + (bass_pc,)
    return root_pc, pcs, bass_pc, tones


@lru_cache(maxsize=512)
def _intervals_from_music21(symbol: str, root: str, suffix: str) -> tuple[int, ...]:
    """Intervals above the root (0 first, ascending) of the chord music21 builds."""
    from music21 import harmony

    figure = _music21_figure(root, suffix)
    try:
        chord = harmony.ChordSymbol(figure)
        pitches = list(chord.pitches)
        root_pitch = chord.root()
    except Exception as err:  # music21 raises several unrelated exception types
        logger.debug("music21 could not read %s (%s): %s", symbol, figure, err)
        raise SongError(f"'{symbol}' is not a chord symbol I can read; write it like Am, F, C/E or G7.") from None
    if not pitches or root_pitch is None or root_pitch.pitchClass != note_pc(root):
        raise SongError(f"'{symbol}' is not a chord symbol I can read; write it like Am, F, C/E or G7.")
    intervals = sorted({(p.pitchClass - root_pitch.pitchClass) % 12 for p in pitches})
    if not intervals or intervals[0] != 0:
        intervals = [0, *intervals]
    return tuple(intervals)


def chord_pitch_classes(symbol: str) -> tuple[int, ...]:
    """Pitch classes of a chord symbol, root first then upwards by interval (slash bass last if extra).

    Raises:
        SongError: if the symbol cannot be read.
    """
    return _parse(symbol)[1]


def chord_root(symbol: str) -> int:
    """Pitch class of the chord's root (C/E -> 0)."""
    return _parse(symbol)[0]


def chord_bass(symbol: str) -> int:
    """Pitch class of the lowest note: the slash bass if written, else the root (C/E -> 4)."""
    return _parse(symbol)[2]


def chord_quality(symbol: str) -> Quality:
    """The chord's basic colour: major, minor, diminished, augmented, suspended or power."""
    # A slash bass outside the chord does not change its colour, so only chord tones count.
    root_pc, _pcs, _bass, tones = _parse(symbol)
    intervals = {(pc - root_pc) % 12 for pc in tones}
    if 4 in intervals and 8 in intervals and 7 not in intervals:
        return "augmented"
    if 4 in intervals:
        return "major"
    if 3 in intervals:
        return "diminished" if 6 in intervals and 7 not in intervals else "minor"
    if 5 in intervals or 2 in intervals:
        return "suspended"
    return "power"


def transpose_symbol(symbol: str, semitones: int, prefer_flats: bool = False) -> str:
    """The chord symbol moved by `semitones`, quality kept ('Am7', 3 -> 'Cm7').

    Raises:
        SongError: if the symbol cannot be read.
    """
    root, suffix, bass = split_symbol(symbol)
    new_root = pc_name(note_pc(root) + semitones, prefer_flats)
    text = new_root + suffix
    if bass is not None:
        text += "/" + pc_name(note_pc(bass) + semitones, prefer_flats)
    return text


# -- voicing ----------------------------------------------------------------------------


def voice_chord(symbol: str, center: int, previous: tuple[int, ...] | None = None) -> tuple[int, ...]:
    """A close voicing of 3-5 MIDI notes whose mean lies near `center`.

    With `previous`, the inversion that moves the voices least is chosen among those
    whose mean stays within a few semitones of `center`, so a higher centre always gives
    a higher voicing.

    Raises:
        SongError: if the symbol cannot be read.
        ValueError: if `center` is outside the MIDI range.
    """
    if not 12 <= center <= 115:
        raise ValueError(f"a voicing centre of {center} is outside the playable range; use 12-115")
    return _voice(symbol, int(center), tuple(previous) if previous else None)


@lru_cache(maxsize=8192)
def _voice(symbol: str, center: int, previous: tuple[int, ...] | None) -> tuple[int, ...]:
    root_pc, _pcs, _bass, chord_tones = _parse(symbol)
    tones = _playable_tones(root_pc, chord_tones)
    if len(tones) == 2:
        # A power chord doubles its root or its fifth on top: root-fifth-root or fifth-root-fifth.
        low, high = tones
        candidates = _close_voicings([low, high, low], center) + _close_voicings([high, low, high], center)
    else:
        candidates = _close_voicings(tones, center)
    near = [c for c in candidates if abs(_mean(c) - center) <= 3.5]
    pool = near or sorted(candidates, key=lambda c: abs(_mean(c) - center))[:3]

    def cost(voicing: tuple[int, ...]) -> tuple[float, tuple[int, ...]]:
        distance = abs(_mean(voicing) - center)
        if previous:
            return _movement(previous, voicing) + 0.5 * distance, voicing
        root_position = 0.0 if voicing[0] % 12 == root_pc else 0.75
        return distance + root_position, voicing

    return min(pool, key=cost)


# Which chord tones a five-finger voicing keeps first: root, third, seventh, colour notes, fifth.
_TONE_PRIORITY = (0, 4, 3, 10, 11, 9, 2, 1, 5, 6, 8, 7)


def _playable_tones(root_pc: int, tones: tuple[int, ...]) -> list[int]:
    """At most five chord tones, ascending from the root, dropping the fifth before colour notes."""
    if len(tones) <= 5:
        return list(tones)
    intervals = {(pc - root_pc) % 12 for pc in tones}
    kept = sorted((i for i in intervals), key=_TONE_PRIORITY.index)[:5]
    return [(root_pc + i) % 12 for i in sorted(kept)]


def _close_voicings(tones: list[int], center: int) -> list[tuple[int, ...]]:
    """Every close-position stack of `tones` (each rotation) around `center`."""
    result: list[tuple[int, ...]] = []
    for rotation in range(len(tones)):
        order = tones[rotation:] + tones[:rotation]
        if len(set(order)) < len(order) and rotation:
            continue  # a doubled power-chord root only makes sense at the bottom
        for low in range(center - 24, center + 13):
            if low % 12 != order[0]:
                continue
            stack = [low]
            for pc in order[1:]:
                step = (pc - stack[-1]) % 12 or 12
                stack.append(stack[-1] + step)
            if stack[0] >= 0 and stack[-1] <= 127:
                result.append(tuple(stack))
    return result


def _mean(notes: tuple[int, ...]) -> float:
    return sum(notes) / len(notes)


def _movement(previous: tuple[int, ...], voicing: tuple[int, ...]) -> float:
    """How far the voices travel: each note to its nearest partner, both ways."""
    there = sum(min(abs(a - b) for b in voicing) for a in previous)
    back = sum(min(abs(a - b) for a in previous) for b in voicing)
    return (there + back) / 2


# -- roman numerals -------------------------------------------------------------------

# A lead sheet's numeral names a chord quality by its case and figure ('V7' is a dominant seventh
# in any mode). music21's RomanNumeral builds the seventh or ninth from the key's scale instead
# (V7 in C Lydian gets an F#, Imaj7 in A minor a G natural, V9 in C Phrygian an Ab), reads no sus
# figure, raises vi and vii of a minor key by their case, and spells bVI in D minor as B double
# flat; it also takes milliseconds per numeral. So the numerals are read here.

_MAJOR_FIGURES = {"": "", "7": "7", "maj7": "maj7", "M7": "maj7", "6": "6", "9": "9", "maj9": "maj9",
                  "add9": "add9", "sus4": "sus4", "sus2": "sus2", "sus": "sus4", "5": "5", "11": "11", "13": "13"}  # fmt: skip
_MINOR_FIGURES = {"": "m", "7": "m7", "9": "m9", "6": "m6", "11": "m11", "add9": "madd9"}
_DIM_FIGURES = {"": "dim", "7": "dim7"}
_HALF_DIM_FIGURES = {"": "m7b5", "7": "m7b5"}
_AUG_FIGURES = {"": "aug", "7": "aug7"}


@lru_cache(maxsize=2048)
def roman_to_symbol(roman: str, key: Key) -> str:
    """The chord symbol a roman numeral names in `key` ('VI' in D minor -> 'Bb').

    Case gives the quality (upper major, lower minor); 'o'/'°' diminished, 'ø' half
    diminished, '+' augmented; a leading 'b' or '#' borrows a chromatic root ('bVII');
    figures 7, maj7, 6, 9, sus4, add9 become extensions; 'V7/IV' is a secondary chord.

    Raises:
        SongError: if the numeral cannot be read.
    """
    match = _ROMAN.match(roman.strip())
    if not match:
        raise SongError(f"'{roman}' is not a roman numeral I can read; write it like i, IV, V7 or bVII.")
    if match.group("of"):
        target = roman_to_symbol(match.group("of"), key)
        target_root, _suffix, _bass = split_symbol(target)
        local = Key(tonic=target_root, mode="major")
        return roman_to_symbol(roman.strip().split("/", 1)[0], local)
    numeral = match.group("num")
    degree = _ROMAN_DEGREE[numeral.lower()]
    accidental = match.group("acc") or ""
    shift = -1 if accidental in ("b", "♭") else 1 if accidental in ("#", "♯") else 0
    root = _degree_name(key, degree, shift)
    figures = _figure_table(numeral, match.group("qual") or "")
    figure = match.group("fig")
    if figure not in figures:
        raise SongError(f"'{roman}' has a figure I cannot read; use 7, maj7, 6, 9, sus4 or add9.")
    return root + figures[figure]


def _figure_table(numeral: str, quality: str) -> dict[str, str]:
    if quality in ("°", "o", "dim"):
        return _DIM_FIGURES
    if quality == "ø":
        return _HALF_DIM_FIGURES
    if quality in ("+", "aug"):
        return _AUG_FIGURES
    return _MAJOR_FIGURES if numeral.isupper() else _MINOR_FIGURES


def is_diatonic(symbol: str, key: Key) -> bool:
    """True when every note of the chord lies in the key's scale."""
    scale = set(scale_pitch_classes(key))
    return all(pc in scale for pc in chord_pitch_classes(symbol))


_INTERVAL_NAMES = ("a unison", "a half step", "a whole step", "a minor third", "a major third", "a fourth",
                   "a tritone", "a fifth", "a minor sixth", "a major sixth", "a minor seventh", "a major seventh")  # fmt: skip


def interval_name(semitones: int) -> str:
    """A distance as musicians say it: 'a whole step', 'a minor third', 'an octave and a fifth', 'two octaves'."""
    size = abs(semitones)
    octaves, rest = divmod(size, 12)
    if not octaves:
        return _INTERVAL_NAMES[rest]
    whole = {1: "an octave", 2: "two octaves"}.get(octaves, f"{octaves} octaves")
    return f"{whole} and {_INTERVAL_NAMES[rest]}" if rest else whole


def note_name(pitch: int, key: Key | None = None) -> str:
    """A MIDI note as a name with its octave (60 -> C4): spelled as the key's scale spells it, else with flats."""
    if key is None:
        return f"{pc_name(pitch % 12, prefer_flats=pitch % 12 != 6)}{pitch // 12 - 1}"
    # A note outside the key is spelled as the parallel major or minor spells it (Bb in D
    # major is the minor's flat sixth), else as the key's own signature leans (C# in G).
    parallel = Key(tonic=key.tonic, mode="major" if key.mode in ("minor", "dorian", "phrygian") else "minor")
    spelled = {note_pc(n): n for n in (*scale_note_names(parallel), *scale_note_names(key))}
    name = spelled.get(pitch % 12) or pc_name(pitch % 12, prefers_flats(key))
    # B# and Cb belong to the neighbouring octave number, so the octave follows the letter's own C.
    octave = (pitch - {"B#": 12, "Cb": -12}.get(name, 0)) // 12 - 1
    return f"{name}{octave}"
