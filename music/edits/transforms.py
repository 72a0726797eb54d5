"""Named musical changes to sections of a song (brighter, darker), each explained by what it moved.

Every transform is a pure function `Song -> Change`: the input song is untouched and the
change lists, in musical words, each move it made, so a summary is never invented.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from music.band.styles import style_for
from music.errors import SongError
from music.song import Key, Part, Section, Song, map_chords, parse_song, section_with
from music.theory.chords import chord_quality, interval_name, note_pc, pc_name, scale_pitch_classes, split_symbol

logger = logging.getLogger(__name__)

REGISTER_LIMIT = 24
# An octave: a fourth was too little for the ear (and the spectral centroid) on many
# SoundFont instruments, whose samples darken as they climb a little.
REGISTER_STEP = 12
# The lowest centre a darker move takes the chord voicings to (E3): a close chord around it
# still sits above the low interval limits (see music.band.comping.clear_of_mud).
CLEAR_FLOOR = 52
_VOICED_ROLES = ("chords", "lead", "pad")

# General MIDI programs (0-based) with a natural brighter or darker neighbour of the same family.
_GM_NAMES = {
    0: "acoustic grand piano", 1: "bright piano", 4: "electric piano", 5: "FM electric piano",
    12: "marimba", 13: "xylophone", 24: "nylon guitar", 25: "steel guitar", 26: "jazz guitar",
    27: "clean electric guitar", 40: "violin", 41: "viola", 42: "cello", 48: "strings",
    49: "slow strings", 50: "synth strings", 52: "choir aahs", 53: "choir oohs", 56: "trumpet",
    57: "trombone", 58: "tuba", 60: "French horn", 64: "soprano sax", 65: "alto sax", 66: "tenor sax",
    67: "baritone sax", 68: "oboe", 70: "bassoon", 71: "clarinet", 72: "piccolo", 73: "flute",
    80: "square lead", 81: "saw lead", 88: "new age pad", 89: "warm pad", 90: "polysynth pad",
}  # fmt: skip
# Strings stay strings when brightened: FluidR3's synth strings (50) are louder and duller, and
# would darken the mix they were meant to lift.
BRIGHTER_PROGRAMS = {
    0: 1, 4: 5, 12: 13, 24: 25, 26: 27, 42: 40, 41: 40, 49: 48, 53: 52, 57: 56, 58: 57,
    60: 56, 65: 64, 66: 65, 67: 66, 70: 68, 71: 73, 73: 72, 80: 81, 89: 88, 90: 88,
}  # fmt: skip
# Darker drums: brushes instead of sticks, so bright cymbals don't take over a darker mix.
DARKER_KITS = {0: 40, 8: 40, 16: 40, 24: 40, 25: 40, 32: 40}
_KIT_NAMES = {0: "standard kit", 8: "room kit", 16: "power kit", 24: "electronic kit", 25: "808 kit",
              32: "jazz kit", 40: "brush kit"}  # fmt: skip
DARKER_PROGRAMS = {
    1: 0, 0: 4, 5: 4, 13: 12, 25: 24, 27: 26, 40: 42, 41: 42, 48: 49, 52: 53, 56: 60,
    64: 65, 65: 66, 66: 67, 68: 71, 72: 73, 73: 71, 81: 80, 88: 89, 90: 89,
}  # fmt: skip

_LETTERS = "CDEFGAB"
_NATURAL_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
_NUMBERED_LABEL = re.compile(r"^(.*?)\s*(\d+)$")

SectionMove = Callable[[Song, int], tuple[Section, tuple[str, ...]]]
# Whether the musician refuses a part in a kind of section (their "never use a saxophone").
Refused = Callable[[Part, str], bool]


@dataclass(frozen=True)
class Change:
    """A new version of the song and the moves that made it, in musical words.

    Each entry of `changes` reads "<section label>: <move>, <move>, ...".
    """

    song: Song
    changes: tuple[str, ...]
    # Why sections asked for did not change ("Intro: no melody written, ..."; old chords kept under the tune).
    held: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        """True when nothing moved."""
        return not self.changes

    def summary(self) -> str:
        """One line that says what moved, sections with the same moves named together, then what was held and why.

        For example "Chorus 1-3: Dm -> D, Bb -> Bbmaj7, Piano voicings up an octave (A3-A4 ->
        A4-A5), steel guitar instead of nylon guitar".
        """
        if self.unchanged:
            return " ".join(("Nothing changed.", *(f"{entry}." for entry in self.held)))
        groups: dict[str, list[str]] = {}
        for entry in self.changes:
            label, _, moves = entry.partition(": ")
            groups.setdefault(moves, []).append(label)
        for entry in self.held:
            label, _, why = entry.partition(": ")
            groups.setdefault(why, []).append(label)
        return "; ".join(f"{_join_labels(labels)}: {moves}" for moves, labels in groups.items())


def resolve_sections(song: Song, target: str | Sequence[int]) -> tuple[int, ...]:
    """The section indices a target names: a section name ('chorus', 'Verse 2') or indices.

    Raises:
        UnknownSection: If a name matches no section.
        SongError: If an index is outside the song or no section is named.
    """
    if isinstance(target, str):
        return song.find(target)
    indices = tuple(dict.fromkeys(int(i) for i in target))
    if not indices:
        raise SongError("Name at least one section to change.")
    for index in indices:
        if not 0 <= index < len(song.sections):
            raise SongError(f"There is no section number {index + 1}; this song has {len(song.sections)} sections.")
    return tuple(sorted(indices))


def also_heard(change: Change, before: Song) -> Change:
    """The change with what else the notes did: each part's move heard in every section that changed.

    For a move that reports in its own words (a key change names its interval, key and chords)
    but moves more than it names: a bass that stays in its register and so goes down while the
    key goes up, the new notes under a prepared dominant in the section before. The chords and
    the key are left to the move's own words.
    """
    from music.edits.heard import heard_in

    song = change.song
    if change.unchanged or len(song.sections) != len(before.sections):
        return change
    changed = [i for i, (was, now) in enumerate(zip(before.sections, song.sections, strict=True)) if was != now]
    lines = list(change.changes)
    for index, moves in heard_in(before, song, dict.fromkeys(changed, False)).items():
        label = song.sections[index].label
        line = next((n for n, entry in enumerate(lines) if entry.startswith(f"{label}: ")), None)
        said = lines[line] if line is not None else ""
        extra = [move for move in moves if not move.startswith("key ") and move not in said]
        if not extra:
            continue
        if line is None:
            lines.append(f"{label}: {', '.join(extra)}")
        else:
            lines[line] += ", " + ", ".join(extra)
    return Change(song, tuple(lines), change.held)


def transform_sections(
    song: Song, target: str | Sequence[int], move: SectionMove, *, own_words: bool = False, chord_words: bool = False
) -> Change:
    """Apply `move` to each targeted section of `song` and report what the listener will hear changed.

    The engine behind every section transform: `move(song, index)` returns the new section
    (and the moves it meant, in musical words). A bar whose new chords would clash with the
    sung line keeps its old chords (`music.theory.clashes.keep_clear`). The report of each section
    is computed from the notes before and after (`music.edits.heard`), never from what the move
    meant, unless `own_words`: a move whose words are themselves read off its result (the
    melody it wrote, the key it moved to). With `chord_words`, the move's words explain each
    chord it changed ("bar 2: G -> Dm9 Db7 (ii9 bII7; ii-V into C)") and stand for the
    chords, unless a bar kept its old chord; the other parts are still reported as heard. A
    section that ends up as it was is not reported.
    The result is re-validated and must keep every section's bar count.

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If the result would not be a valid song.
    """
    from music.edits.heard import heard_in
    from music.theory.clashes import keep_clear  # both arrange the song, which imports the transforms' tables

    changed = song
    meant: dict[int, tuple[str, ...]] = {}
    untouched: list[str] = []  # what an own-worded move says of a section it left as it was
    for index in resolve_sections(song, target):
        section, moves = move(song, index)
        if moves and section != song.sections[index]:
            changed = changed.replace_section(index, section)
            meant[index] = moves
        elif moves and own_words:
            untouched.append(f"{song.sections[index].label}: {', '.join(moves)}")
    if not meant:
        return Change(song, (), tuple(untouched))
    result = parse_song(changed.model_dump())
    for before, after in zip(song.sections, result.sections, strict=True):
        if before.bars != after.bars or len(after.chords) != after.bars:
            raise SongError(f"Changing {before.label} would change its length, so nothing was changed.")
    kept: dict[int, tuple[str, ...]] = {}
    for index in meant:
        result, kept[index] = keep_clear(song, result, index)
    moved = [index for index in meant if result.sections[index] != song.sections[index]]
    explained = {index: chord_words and not kept[index] for index in moved}
    # Both versions are arranged once for every section moved, not once per section.
    heard = {} if own_words else heard_in(song, result, {index: not explained[index] for index in moved})
    changes: list[str] = []
    held: list[str] = list(untouched)
    for index, moves in meant.items():
        label = song.sections[index].label
        if index not in explained:
            held.extend(f"{label}: {word}" for word in kept[index])
            continue
        words = moves if own_words else (*(moves if explained[index] else ()), *heard[index])
        if words or kept[index]:
            changes.append(f"{label}: {', '.join((*words, *kept[index]))}")
    return Change(result, tuple(changes), tuple(held)) if changes else Change(song, (), tuple(held))


def brighten(song: Song, target: str | Sequence[int], refused: Refused | None = None) -> Change:
    """Make sections brighter: higher register, major chords, added colour, brighter instruments.

    For each targeted section: voicings, pads and an instrumental lead go up an octave (to
    the register limit; a sung line stays in the singer's range and the bass in its own);
    minor chords become major through modal mixture (i -> I, iv -> IV, v -> V; in a
    major key ii, iii and vi become their major, secondary-dominant forms); plain major
    triads gain colour (maj7, add9 or 6, whichever the key's scale holds) on the same
    root; chord, lead and pad instruments move to a brighter General MIDI neighbour; in a
    style whose drummer has a ladder of cymbals (rock: hi-hat, open hi-hat, ride, crash),
    the drums keep time one cymbal brighter.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it, or section indices.
        refused: Whether the musician refuses a part in a kind of section ("never use a
            saxophone"); an instrument swap that would bring one in is left out.

    Returns:
        The change: the new song and the moves, section by section.

    Raises:
        UnknownSection: If a section name matches nothing.
    """
    return transform_sections(song, target, _section_move(+1, refused))


def darken(song: Song, target: str | Sequence[int], refused: Refused | None = None) -> Change:
    """Make sections darker: lower register, minor chords, plainer colours, darker instruments.

    The mirror of `brighten`: voicings, pads and an instrumental lead go down an octave (to
    the register limit; the sung line and the bass stay); major chords take the minor third of the parallel minor (I -> i, IV -> iv,
    V -> v, bVI -> bvi); maj7, add9 and 6 colours are stripped; chord, lead and pad
    instruments move to a darker, warmer General MIDI neighbour; sticks give way to
    brushes, and the drums keep time one cymbal darker where the style has a ladder.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it, or section indices.
        refused: Whether the musician refuses a part in a kind of section; an instrument
            swap that would bring one in is left out.

    Returns:
        The change: the new song and the moves, section by section.

    Raises:
        UnknownSection: If a section name matches nothing.
    """
    return transform_sections(song, target, _section_move(-1, refused))


def _section_move(direction: int, refused: Refused | None = None) -> SectionMove:
    programs = BRIGHTER_PROGRAMS if direction > 0 else DARKER_PROGRAMS

    def move(song: Song, index: int) -> tuple[Section, tuple[str, ...]]:
        section = song.sections[index]
        key = song.key_of(index)
        moves: list[str] = []
        updates: dict[str, object] = {}

        mapping: dict[str, str] = {}
        bars = []
        for bar in section.chords:
            bars.append(map_chords(bar, lambda symbol: mapping.setdefault(symbol, _recolour(symbol, key, direction))))
        moves.extend(f"{old} -> {new}" for old, new in mapping.items() if old != new)
        if tuple(bars) != section.chords:
            updates["chords"] = tuple(bars)

        style = style_for(song.meta.style)
        # Voicings go no lower than around E3: further down a chord turns to mud (or off a guitar's neck).
        floor = max(-REGISTER_LIMIT, min(0, CLEAR_FLOOR - style.registers.chords))
        register = max(floor, min(REGISTER_LIMIT, section.register + direction * REGISTER_STEP))
        if direction < 0 and register > section.register - 5:
            register = section.register  # at the floor already: a few semitones are not heard as darker
        if register != section.register:
            updates["register"] = register
            step = abs(register - section.register)
            moves.append(
                f"voicings {'up' if direction > 0 else 'down'} {interval_name(step)}"
            )
        else:
            logger.debug("%s is already at the register limit %d", section.label, section.register)

        allowed = None if refused is None else (lambda part: not refused(part, section.kind))
        parts, swaps = _swap_programs(song.parts_of(index), programs, DARKER_KITS if direction < 0 else {}, allowed)
        if swaps:
            updates["parts"] = parts
            moves.extend(swaps)

        playing = section.cymbal or style.time_cymbal(section.energy)
        cymbal = style.cymbal_step(playing, direction)
        if cymbal is not None:
            updates["cymbal"] = cymbal
            moves.append(f"drums keep time on the {cymbal} instead of the {playing}")

        if not updates:
            return section, ()
        return section_with(section, **updates), tuple(moves)

    return move


def _recolour(symbol: str, key: Key, direction: int) -> str:
    """The symbol moved one step brighter (direction > 0) or darker, root kept."""
    try:
        quality = chord_quality(symbol)
        root, suffix, bass = split_symbol(symbol)
    except SongError:
        logger.debug("leaving chord %s as written: it cannot be read", symbol)
        return symbol
    if direction > 0:
        if quality == "minor":
            return _checked(_with_third(root, _major_suffix(suffix), bass, major=True), "major", symbol)
        if quality == "major" and suffix in ("", "M", "maj"):
            return _checked(_join(root, _colour(root, key), bass), "major", symbol)
        return symbol
    if quality == "major":
        return _checked(_with_third(root, _minor_suffix(suffix), bass, major=False), "minor", symbol)
    if quality == "minor":
        plain = _plain_minor_suffix(suffix)
        return _checked(_join(root, plain, bass), "minor", symbol) if plain != suffix else symbol
    return symbol


def _checked(candidate: str, quality: str, original: str) -> str:
    """`candidate` if it is a readable chord of the wanted quality, else the plain triad on the same root."""
    try:
        if chord_quality(candidate) == quality:
            return candidate
    except SongError:
        logger.debug("rewritten chord %s cannot be read; using the plain triad", candidate)
    root, _suffix, bass = split_symbol(original)
    return _with_third(root, "" if quality == "major" else "m", bass, major=quality == "major")


def _major_suffix(suffix: str) -> str:
    """The minor chord's suffix with a major third: m -> '', m7 -> maj7, m9 -> maj9, m6 -> 6."""
    rest = suffix[3:] if suffix.startswith("min") else suffix[1:]
    if rest.startswith("7"):
        return "maj7" + rest[1:]
    if rest.startswith("9"):
        return "maj9" + rest[1:]
    if rest.startswith(("11", "13")):
        return "maj7"
    return rest


def _minor_suffix(suffix: str) -> str:
    """The major chord's suffix with a minor third, colours stripped: maj7, add9, 6 -> m; 7 -> m7."""
    for prefix in ("maj", "M"):
        if suffix.startswith(prefix):
            return "m"
    if suffix.startswith(("7", "9", "11", "13")):
        return "m7"
    return "m"


def _plain_minor_suffix(suffix: str) -> str:
    """A minor chord with its bright colours stripped: madd9, m(maj7), m6 -> m; m9 -> m7."""
    if any(colour in suffix for colour in ("add9", "maj7", "M7", "6")):
        return "m"
    if suffix in ("m9", "min9"):
        return "m7"
    return suffix


def _colour(root: str, key: Key) -> str:
    """The brightest colour the key's scale holds above `root`: maj7, else add9, else 6."""
    scale = set(scale_pitch_classes(key))
    root_pc = note_pc(root)
    for interval, suffix in ((11, "maj7"), (2, "add9"), (9, "6")):
        if (root_pc + interval) % 12 in scale:
            return suffix
    return ""


def _with_third(root: str, suffix: str, bass: str | None, major: bool) -> str:
    """Join a chord whose third changed; a slash bass on the old third follows it."""
    if bass is not None:
        old_third = (note_pc(root) + (3 if major else 4)) % 12
        if note_pc(bass) == old_third:
            bass = _spell_above(root, 4 if major else 3)
    return _join(root, suffix, bass)


def _join(root: str, suffix: str, bass: str | None) -> str:
    return root + suffix + (f"/{bass}" if bass else "")


def _spell_above(root: str, semitones: int) -> str:
    """The third above `root`, spelled on the letter two steps up (D -> F#, Eb -> Gb)."""
    letter = _LETTERS[(_LETTERS.index(root[0]) + 2) % 7]
    target = (note_pc(root) + semitones) % 12
    accidental = (target - _NATURAL_PC[letter] + 6) % 12 - 6
    if accidental == 0:
        return letter
    if abs(accidental) == 1:
        return letter + ("#" if accidental == 1 else "b")
    return pc_name(target, prefer_flats="b" in root)


def _swap_programs(
    parts: tuple[Part, ...], programs: dict[int, int], kits: dict[int, int],
    allowed: Callable[[Part], bool] | None = None,
) -> tuple[tuple[Part, ...], list[str]]:
    """The parts with chord, lead and pad instruments (and drum kits) moved to their neighbour, and the swaps in words.

    A neighbour that `allowed` refuses is no swap: the part stays as it was.
    """
    swapped = []
    words = []
    for part in parts:
        table, names = (kits, _KIT_NAMES) if part.role == "drums" else (programs, _GM_NAMES)
        new = table.get(part.program) if part.role in (*_VOICED_ROLES, "drums") else None
        if new is None:
            swapped.append(part)
            continue
        moved = part.model_copy(update={"program": new})
        if allowed is not None and not allowed(moved):
            swapped.append(part)
            continue
        swapped.append(moved)
        words.append(f"{names[new]} instead of {names[part.program]}")
    return tuple(swapped), words


def _join_labels(labels: list[str]) -> str:
    """'Chorus 1', 'Chorus 2', 'Chorus 3' -> 'Chorus 1-3'; other labels listed with 'and'."""
    numbered = [_NUMBERED_LABEL.match(label) for label in labels]
    if len(labels) > 1 and all(numbered):
        prefixes = {m.group(1) for m in numbered if m}
        numbers = [int(m.group(2)) for m in numbered if m]
        if len(prefixes) == 1 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            return f"{prefixes.pop()} {numbers[0]}-{numbers[-1]}"
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]
