"""Key changes: lift a section into a new key, or move the whole song to another key or mode.

Chords are re-spelled letter by letter (D minor up a tone: Bb -> C, never A# -> C), so a
move up and back, or up an octave, gives back the chords exactly as written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from music.edits.transforms import REGISTER_LIMIT, Change, also_heard, resolve_sections, transform_sections
from music.errors import SongError
from music.song import HOLD, Key, Meta, Mode, Note, Section, Song, bar_symbols, map_chords, parse_song, section_with
from music.theory.chords import (
    chord_pitch_classes,
    chord_quality,
    chord_root,
    interval_name,
    is_diatonic,
    mode_steps,
    note_pc,
    pc_name,
    prefers_flats,
    roman_to_symbol,
    scale_note_names,
    scale_pitch_classes,
    split_symbol,
    tonic_pc,
)
from music.theory.clashes import clashes

logger = logging.getLogger(__name__)

MAX_SEMITONES = 24
_LETTERS = "CDEFGAB"
_NATURAL_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII")
# Chord names by the intervals above the root, for chords rebuilt from a new mode's scale.
_SUFFIXES: dict[frozenset[int], str] = {
    frozenset(k): v
    for k, v in (
        ((0, 4, 7), ""), ((0, 3, 7), "m"), ((0, 3, 6), "dim"), ((0, 4, 8), "aug"), ((0, 4, 7, 11), "maj7"),
        ((0, 4, 7, 10), "7"), ((0, 3, 7, 10), "m7"), ((0, 3, 6, 10), "m7b5"), ((0, 3, 6, 9), "dim7"),
        ((0, 3, 7, 11), "mmaj7"), ((0, 4, 7, 9), "6"), ((0, 3, 7, 9), "m6"), ((0, 2, 4, 7), "add9"),
        ((0, 2, 3, 7), "madd9"), ((0, 2, 4, 7, 10), "9"), ((0, 2, 4, 7, 11), "maj9"), ((0, 2, 3, 7, 10), "m9"),
        ((0, 5, 7), "sus4"), ((0, 2, 7), "sus2"), ((0, 7), "5"), ((0, 5, 7, 10), "7sus4"),
    )
}  # fmt: skip

Respell = Callable[[str], str]


def modulate(song: Song, target: str | Sequence[int], semitones: int) -> Change:
    """Move sections into a new key: chords, melody and the section's key, by `semitones`.

    "Lift the last chorus a whole step" is `modulate(song, "last chorus", 2)`. Chords are
    spelled for the new key (D minor up a whole step: Dm -> Em, Bb -> C); the melody moves
    by the same interval, and whole octaves raise or lower the voicings (the register); the
    section's key override is set (and dropped again when it lands back on the song's key). Aimed at every section ('all'), the song's own key
    changes instead, and sections with their own key move along with it.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it ('last chorus', 'all'), or section indices.
        semitones: How far to move, -24 to +24 (+2 is up a whole step).

    Returns:
        The change: the new song and the moves in musical words.

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If the interval is not a whole number of semitones within two octaves,
            or the melody would leave the playable range.
    """
    semitones = _checked_semitones(semitones)
    indices = resolve_sections(song, target)
    if semitones == 0:
        return Change(song, ())
    interval = _interval_words(semitones)
    register_words = f"voicings {_interval_words(_octaves(semitones))}" if _octaves(semitones) else ""
    if len(indices) == len(song.sections):
        new_home = _shifted_key(song.meta.key, semitones)
        return also_heard(_rekey_song(song, new_home, semitones, lambda key: _shifted_key(key, semitones), interval), song)

    home = song.meta.key

    def move(current: Song, index: int) -> tuple[Section, tuple[str, ...]]:
        section = current.sections[index]
        old_key = current.key_of(index)
        new_key = _shifted_key(old_key, semitones)
        if _same_key(new_key, home):
            new_key = home
        respell = _transposer(old_key, new_key, semitones)
        chords, mapping = _map_chords(section.chords, respell)
        melody = _moved_melody(section, semitones, old_key, new_key)
        moves = [interval] if semitones % 12 else []  # a bare octave is said by the voicings and melody
        if not _same_key(old_key, new_key):
            moves.append(f"{old_key} -> {new_key}")
        moves.extend(f"{old} -> {new}" for old, new in mapping.items() if old != new)
        if section.melody:
            moves.append(f"melody {interval}")
        if register_words:
            moves.append(register_words)
        override = None if new_key == home else new_key
        register = _shifted_register(section, semitones)
        return section_with(section, chords=chords, melody=melody, key=override, register=register), tuple(moves)

    moved = transform_sections(song, indices, move, own_words=True)
    return also_heard(prepared(moved, song, indices), song)


def prepared(change: Change, before: Song, indices: Sequence[int]) -> Change:
    """The change with each key change it makes prepared: the chord before it leads into the new key.

    Where a moved section follows one in another key, the last chord of that one is a pivot
    when it belongs to both keys and already leads in (the new key's IV, ii or V); else it
    becomes the new key's dominant seventh, unless that would clash with a written melody.
    The report names it ("Bridge: last chord E7 -> F#7, the dominant of B minor, into Chorus 3").
    """
    song = change.song
    words: list[str] = []
    for index in sorted(set(indices)):
        if index == 0 or index - 1 in indices:
            continue
        before_key, new_key, old_key = song.key_of(index - 1), song.key_of(index), before.key_of(index)
        previous = song.sections[index - 1]
        bars = list(previous.chords)
        last = bar_symbols(bars[-1])[-1]
        dominant = roman_to_symbol("V7", new_key)
        # Back in the key of the section before: a dominant that led into the lifted key leads home again.
        undone = before_key == new_key and old_key != new_key and last == roman_to_symbol("V7", old_key)
        if before_key == new_key and not undone:
            continue
        leading = {roman_to_symbol(r, new_key) for r in ("V", "V7", "IV", "ii" if new_key.mode == "major" else "iv")}
        if last in leading and is_diatonic(last, before_key) and not undone:
            words.append(f"{previous.label}: its last chord {last} is a pivot, in {before_key} and {new_key}")
            continue
        if chord_root(last) == chord_root(dominant) and chord_quality(last) == "major":
            continue  # it already leads in
        trial = song.replace_section(index - 1, previous.model_copy(update={"chords": (*bars[:-1], _last_chord_as(bars[-1], dominant))}))
        if previous.melody and len(clashes(trial, index - 1)) > len(clashes(song, index - 1)):
            words.append(f"{previous.label}: its last chord {last} kept, {dominant} would clash with the sung line")
            continue
        song = trial
        words.append(f"{previous.label}: last chord {last} -> {dominant}, the dominant of {new_key}, into {song.sections[index].label}")
    if song == change.song and not words:
        return change
    return Change(song, (*change.changes, *words), change.held)


def set_key(song: Song, key: Key) -> Change:
    """Move the whole song into `key`, in the same mode or a new one.

    In the same mode everything moves by the nearest interval (up to a tritone up, or a
    fourth down). When the mode changes, each chord keeps its scale degree and takes the
    new mode's diatonic quality (D minor i-VI-III to D major I-vi-iii), its seventh and
    colour notes following the new scale. Two habits of songwriters win over the rule: a
    major chord that would become a diminished triad stays major as a borrowed chord
    (VII stays as bVII), and going to minor a major V stays major, as in harmonic minor.
    Chords that were already borrowed keep their quality; the melody follows by degree.
    Sections with their own key move by the same interval.

    Args:
        song: The song; it is not modified.
        key: The new key of the song.

    Returns:
        The change: the new song and the moves in musical words.

    Raises:
        SongError: If `key` is not a Key or the melody would leave the playable range.
    """
    if not isinstance(key, Key):
        raise SongError("Give the new key as a tonic and a mode, for example D major.")
    old_home = song.meta.key
    if key == old_home:
        return Change(song, ())
    semitones = (tonic_pc(key) - tonic_pc(old_home) + 5) % 12 - 5

    def section_key(old: Key) -> Key:
        mode = key.mode if old.mode == old_home.mode else old.mode
        return _spelled_key((tonic_pc(old) + semitones) % 12, mode, prefers_flats(old))

    intro = _interval_words(semitones) if semitones else ""
    return also_heard(_rekey_song(song, key, semitones, section_key, intro), song)


# -- the whole song in a new key -------------------------------------------------------------


def _rekey_song(song: Song, home: Key, semitones: int, section_key: Callable[[Key], Key], interval: str) -> Change:
    """Every section into its new key; the song's key becomes `home`.

    Sections in the song's key are reported together on one 'Song' line; sections with a
    key of their own get a line each.
    """
    old_home = song.meta.key
    shared: dict[str, str] = {}
    own: list[str] = []
    sections = []
    for index, section in enumerate(song.sections):
        old_key = song.key_of(index)
        new_key = home if section.key is None else section_key(old_key)
        respell = _respeller(old_key, new_key, semitones)
        chords, mapping = _map_chords(section.chords, respell)
        melody = _moved_melody(section, semitones, old_key, new_key)
        override = None if section.key is None or _same_key(new_key, home) else new_key
        register = _shifted_register(section, semitones)
        sections.append(section_with(section, chords=chords, melody=melody, key=override, register=register))
        if section.key is None:
            shared.update(mapping)
        else:
            moves = [f"{old_key} -> {new_key}", *_mapping_words(mapping, old_key, new_key)]
            own.append(f"{section.label}: {', '.join(moves)}")
    meta = Meta.model_validate({**song.meta.model_dump(), "key": home.model_dump()})
    result = parse_song({"meta": meta.model_dump(), "sections": [s.model_dump() for s in sections]})
    head = interval if semitones % 12 else ""  # a bare octave is said by the voicings and melody
    words = [w for w in (head, f"{old_home} -> {home}" if old_home != home else "") if w]
    if shared:
        words.extend(_mapping_words(shared, old_home, home))
        if any(s.melody for s in song.sections if s.key is None) and (semitones or old_home.mode != home.mode):
            words.append(f"melody {interval}" if old_home.mode == home.mode else f"melody follows into {home}")
    if _octaves(semitones):
        words.append(f"voicings {_interval_words(_octaves(semitones))}")
    if result == song:
        return Change(song, ())
    logger.debug("moved %s from %s to %s", song.meta.title, old_home, home)
    return Change(result, (f"Song: {', '.join(words)}", *own))


def _mapping_words(mapping: dict[str, str], old: Key, new: Key) -> list[str]:
    """'Dm -> Em' for a plain move; 'i -> I (Dm -> D)' or 'C kept as bVII' when the mode changed."""
    if old.mode == new.mode:
        return [f"{a} -> {b}" for a, b in mapping.items() if a != b]
    return [
        f"{a} kept as {_roman(b, new)}" if a == b else f"{_roman(a, old)} -> {_roman(b, new)} ({a} -> {b})"
        for a, b in mapping.items()
    ]


def _respeller(old: Key, new: Key, semitones: int) -> Respell:
    return _transposer(old, new, semitones) if old.mode == new.mode else _mode_mapper(old, new, semitones)


def _map_chords(chords: tuple[str, ...], respell: Respell) -> tuple[tuple[str, ...], dict[str, str]]:
    """The bars with every symbol respelled, and each distinct symbol's new name."""
    mapping: dict[str, str] = {}
    bars = tuple(map_chords(bar, lambda symbol: mapping.setdefault(symbol, respell(symbol))) for bar in chords)
    return bars, mapping


def _last_chord_as(entry: str, symbol: str) -> str:
    """One bar with its last chord replaced by `symbol`, in the same place in the bar."""
    slots = entry.split()
    last = max(k for k, slot in enumerate(slots) if slot != HOLD)
    return " ".join([*slots[:last], symbol, *slots[last + 1 :]])


# -- spelling --------------------------------------------------------------------------------


def _transposer(old: Key, new: Key, semitones: int) -> Respell:
    """Chords moved by `semitones`, letters moved as far as the tonic's letter moved."""
    steps = (_LETTERS.index(new.tonic[0]) - _LETTERS.index(old.tonic[0])) % 7
    flats = prefers_flats(new)

    def respell(symbol: str) -> str:
        return transpose_spelled(symbol, semitones, steps, flats)

    return respell


def transpose_spelled(symbol: str, semitones: int, letter_steps: int, prefer_flats: bool) -> str:
    """A chord symbol moved by `semitones`, each letter moved by `letter_steps` (Bb, +2, 1 -> C).

    A name that would need a double sharp or flat is respelled with sharps or flats as asked.

    Raises:
        SongError: If the symbol cannot be read.
    """
    root, suffix, bass = split_symbol(symbol)
    text = _moved_name(root, semitones, letter_steps, prefer_flats) + suffix
    if bass is not None:
        text += "/" + _moved_name(bass, semitones, letter_steps, prefer_flats)
    chord_pitch_classes(text)  # the new spelling must read back as a chord
    return text


def _moved_name(name: str, semitones: int, letter_steps: int, prefer_flats: bool) -> str:
    letter = _LETTERS[(_LETTERS.index(name[0]) + letter_steps) % 7]
    target = (note_pc(name) + semitones) % 12
    accidental = (target - _NATURAL_PC[letter] + 6) % 12 - 6
    if accidental == 0:
        return letter
    if abs(accidental) == 1:
        return letter + ("#" if accidental > 0 else "b")
    return pc_name(target, prefer_flats)


def _shifted_key(key: Key, semitones: int) -> Key:
    """`key` moved by `semitones`, spelled with the fewest accidentals (an octave keeps its spelling)."""
    if semitones % 12 == 0:
        return key
    return _spelled_key((tonic_pc(key) + semitones) % 12, key.mode, prefers_flats(key))


def _spelled_key(pc: int, mode: Mode, lean_flats: bool) -> Key:
    """The key on pitch class `pc` whose signature is smallest (Db major, not C# major)."""

    def weight(tonic: str) -> tuple[int, bool]:
        names = scale_note_names(Key(tonic=tonic, mode=mode))
        accidentals = sum(len(n) - 1 for n in names)
        # A scale that had to reuse a letter would need double sharps or flats.
        awkward = 10 * (7 - len({n[0] for n in names}))
        return accidentals + awkward, ("b" in tonic) != lean_flats

    tonic = min((pc_name(pc, False), pc_name(pc, True)), key=weight)
    return Key(tonic=tonic, mode=mode)


def _same_key(a: Key, b: Key) -> bool:
    return a.mode == b.mode and tonic_pc(a) == tonic_pc(b)


# -- changing mode ---------------------------------------------------------------------------


def _mode_mapper(old: Key, new: Key, semitones: int) -> Respell:
    """Chords kept on their scale degree, rebuilt from the new mode's scale."""
    old_scale = scale_pitch_classes(old)
    new_scale = scale_pitch_classes(new)
    new_names = scale_note_names(new)
    degree = {pc: d for d, pc in enumerate(old_scale)}
    chromatic = _transposer(old, new, semitones)

    def respell(symbol: str) -> str:
        root, suffix, bass = split_symbol(symbol)
        plain = root + suffix
        if not is_diatonic(plain, old) or (bass is not None and note_pc(bass) not in degree):
            return chromatic(symbol)
        d = degree[chord_root(plain)]
        tones = {new_scale[degree[pc]] for pc in chord_pitch_classes(plain)}
        new_suffix = _SUFFIXES.get(frozenset((pc - new_scale[d]) % 12 for pc in tones))
        if new_suffix is None:
            triad = {new_scale[(d + k) % 7] for k in (0, 2, 4)}
            new_suffix = _SUFFIXES[frozenset((pc - new_scale[d]) % 12 for pc in triad)]
        quality = chord_quality(plain)
        # A major chord turned diminished jars (VII keeps its own chord, as bVII), and a minor
        # key keeps its major dominant (V stays V, as in harmonic minor).
        if quality == "major" and (new_suffix == "dim" or (new.mode == "minor" and d == 4)):
            return chromatic(symbol)
        text = new_names[d] + new_suffix
        if bass is not None:
            text += "/" + new_names[degree[note_pc(bass)]]
        return text

    return respell


def _roman(symbol: str, key: Key) -> str:
    """The roman numeral of a chord in `key`, as a musician reads it ('Bb' in D minor -> 'VI').

    Case shows the quality (upper major, lower minor), '°' diminished, 'ø' half-diminished,
    '+' augmented; 'b' or '#' marks a root outside the scale (bVII); a seventh adds '7'.

    Raises:
        SongError: If the symbol cannot be read.
    """
    root, suffix, _bass = split_symbol(symbol)
    quality = chord_quality(symbol)
    degree = (_LETTERS.index(root[0]) - _LETTERS.index(key.tonic[0])) % 7
    expected = (tonic_pc(key) + mode_steps(key.mode)[degree]) % 12
    offset = (note_pc(root) - expected + 6) % 12 - 6
    accidental = {-1: "b", 1: "#"}.get(offset, "")
    numeral = _NUMERALS[degree]
    if quality in ("minor", "diminished"):
        numeral = numeral.lower()
    marks = {"diminished": "°", "augmented": "+"}.get(quality, "")
    if "m7b5" in suffix:
        marks = "ø"
    seventh = "maj7" if "maj7" in suffix or "M7" in suffix else "7" if "7" in suffix else ""
    return accidental + numeral + marks + seventh


# -- melody ----------------------------------------------------------------------------------


def _moved_melody(section: Section, semitones: int, old: Key, new: Key) -> tuple[Note, ...]:
    """The melody moved by `semitones`; in a new mode, scale notes move to the same degree of the new scale."""
    shift = {pc: 0 for pc in range(12)}
    if old.mode != new.mode:
        old_steps, new_steps = mode_steps(old.mode), mode_steps(new.mode)
        for d, pc in enumerate(scale_pitch_classes(old)):
            shift[pc] = new_steps[d] - old_steps[d]
    moved = []
    for note in section.melody:
        pitch = note.pitch + semitones + shift[note.pitch % 12]
        if not 0 <= pitch <= 127:
            raise SongError(
                f"That would push the melody of {section.label} out of the playable range, so nothing was changed."
            )
        moved.append(note.model_copy(update={"pitch": pitch}))
    return tuple(moved)


def _octaves(semitones: int) -> int:
    """The whole octaves in a move, in semitones (14 -> 12, -13 -> -12): they go to the register."""
    return int(semitones / 12) * 12


def _shifted_register(section: Section, semitones: int) -> int:
    """The section's register moved by the whole octaves of `semitones`, since chord symbols carry no octave."""
    register = section.register + _octaves(semitones)
    if not -REGISTER_LIMIT <= register <= REGISTER_LIMIT:
        raise SongError(f"{section.label} is already as far as its voicings go that way, so nothing was changed.")
    return register


def _checked_semitones(semitones: object) -> int:
    if isinstance(semitones, bool) or not isinstance(semitones, int | float):
        raise SongError("Say how far to move in semitones, for example 2 for a whole step up.")
    if semitones != int(semitones):
        raise SongError(f"A key change moves by whole semitones, not {semitones:g}.")
    if abs(semitones) > MAX_SEMITONES:
        raise SongError(f"A move of {int(semitones)} semitones is more than two octaves; choose between -24 and 24.")
    return int(semitones)


def _interval_words(semitones: int) -> str:
    """'up a whole step', 'down a minor third', 'up an octave and a fifth'."""
    return f"{'up' if semitones > 0 else 'down'} {interval_name(semitones)}"


