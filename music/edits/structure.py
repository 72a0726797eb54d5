"""The song's form, tempo and metre: add, remove, move, double and resize sections; set tempo and time signature."""

from __future__ import annotations

import itertools
import logging
import math
import re
import zlib
from collections.abc import Sequence

from music.edits.transforms import Change, resolve_sections, transform_sections
from music.errors import SongError
from music.plan.forms import DEFAULT_BARS, ENERGY
from music.plan.progressions import progression, symbols
from music.song import (
    SECTION_KINDS,
    Meta,
    Note,
    Section,
    SectionKind,
    Song,
    bar_symbols,
    parse_song,
    refitted,
    section_with,
)

logger = logging.getLogger(__name__)

MIN_TEMPO, MAX_TEMPO = 30.0, 300.0
MAX_BARS = 128
KIND_NAMES: dict[str, str] = {kind: kind.title() for kind in SECTION_KINDS}  # 'pre-chorus' -> 'Pre-Chorus'
# Verses and choruses are numbered even when there is only one; other kinds only when repeated.
_ALWAYS_NUMBERED = frozenset({"verse", "chorus"})
_EPS = 1e-9
Target = str | Sequence[int]


# -- tempo and metre ---------------------------------------------------------------------------


def set_tempo(song: Song, bpm: float, target: Target | None = None) -> Change:
    """Set the song's tempo, or give sections a tempo of their own.

    Without a target the song's tempo changes and sections with their own tempo keep it.
    A target naming every section ('all') puts the whole song at `bpm`, dropping section
    tempos; otherwise the named sections get a tempo override (none if it is the song's).

    Args:
        song: The song; it is not modified.
        bpm: Beats per minute, 30 to 300.
        target: None for the song's tempo, or a section name or indices.

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If the tempo is not a number from 30 to 300.
    """
    bpm, old = _checked_tempo(bpm), song.meta.tempo
    if target is not None and len(indices := resolve_sections(song, target)) < len(song.sections):

        def move(current: Song, index: int) -> tuple[Section, tuple[str, ...]]:
            section, override = current.sections[index], None if bpm == old else bpm
            if override == section.tempo:
                return section, ()
            return section_with(section, tempo=override), (f"tempo {current.tempo_of(index):g} -> {bpm:g} BPM",)

        return transform_sections(song, indices, move)
    dropped = target is not None
    sections = [section_with(s, tempo=None) if dropped and s.tempo is not None else s for s in song.sections]
    if bpm == old and sections == list(song.sections):
        return Change(song, ())
    moves = [f"tempo {old:g} -> {bpm:g} BPM"] if bpm != old else []
    for section in song.sections:
        if section.tempo is not None and section.tempo != bpm:
            verb = "now plays at the song's tempo instead of" if dropped else "keeps its own"
            moves.append(f"{section.label} {verb} {section.tempo:g} BPM")
    return Change(_rebuilt(song, sections, tempo=bpm), (f"Song: {', '.join(moves)}",))


def set_meter(song: Song, time_signature: str) -> Change:
    """Change the time signature (4/4 to 3/4 for a waltz feel), keeping every bar and its chords.

    Each bar keeps its chord entry, so the song keeps its bar count; written melody notes
    are re-timed by scaling each into the new bar length, so every note stays in its bar.

    Args:
        song: The song; it is not modified.
        time_signature: The new metre, such as '3/4', '6/8' or '4/4'.

    Raises:
        SongError: If the text is not a time signature.
    """
    metre, old = _checked_metre(time_signature), song.meta.time_signature
    if metre == old:
        return Change(song, ())
    old_beats, new_beats = song.meta.beats_per_bar, Meta(time_signature=metre).beats_per_bar
    sections, retimed = [], []
    for section in song.sections:
        if section.melody and new_beats != old_beats:
            melody = tuple(_retimed(note, old_beats, new_beats) for note in section.melody)
            section = section.model_copy(update={"melody": melody})
            retimed.append(f"{section.label}: melody re-timed into {new_beats:g}-beat bars ({len(melody)} notes)")
        sections.append(section)
    result = _rebuilt(song, sections, time_signature=metre)
    words = (
        f"time signature {old} -> {metre}",
        f"bars {'now' if new_beats != old_beats else 'stay'} {new_beats:g} beats long",
        f"still {song.total_bars} bars with one chord entry each",
        f"{_clock(song.duration_seconds())} -> {_clock(result.duration_seconds())} long",
    )
    return Change(result, (f"Song: {', '.join(words)}", *retimed))


def _retimed(note: Note, old_beats: float, new_beats: float) -> Note:
    """The note scaled into its bar's new length, so it stays in the same bar."""
    bar, ratio = math.floor(note.start / old_beats + _EPS), new_beats / old_beats
    offset = max(0.0, note.start - bar * old_beats)
    return note.model_copy(update={"start": bar * new_beats + offset * ratio, "duration": note.duration * ratio})


# -- resizing ----------------------------------------------------------------------------------


def set_bars(song: Song, target: Target, bars: int) -> Change:
    """Make sections `bars` long.

    Longer: the chord pattern continues and the section still ends on its last chord.
    Shorter: the first bars stay and the last bar takes the closing chord (cadence kept).
    Lyrics are kept; melody notes past the new end are dropped and counted in the change.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it, or section indices.
        bars: The new length of each targeted section, 1 to 128.

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If `bars` is not a whole number from 1 to 128.
    """
    bars, sections, changes = _checked_bars(bars), list(song.sections), []
    for index in resolve_sections(song, target):
        section = sections[index]
        if section.bars == bars:
            continue
        fitted, dropped = refitted(section, bars, song.meta.beats_per_bar)
        moves = [f"{section.bars} -> {bars} bars"]
        if bars > section.bars:
            moves.append(f"pattern continued ({' | '.join(fitted.chords[section.bars :])})")
        moves.append(f"still ends on {bar_symbols(fitted.chords[-1])[-1]}")
        if dropped:
            moves.append(f"{dropped} melody note{'s' if dropped > 1 else ''} past bar {bars} dropped")
        sections[index] = fitted
        changes.append(f"{section.label}: {', '.join(moves)}")
    return Change(_rebuilt(song, sections), tuple(changes)) if changes else Change(song, ())


def double_section(song: Song, target: Target) -> Change:
    """Double sections in place: twice the bars, the chords played twice, lyrics and melody repeated.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it ('last chorus'), or section indices.

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If a doubled section would be longer than 128 bars.
    """
    sections, changes = list(song.sections), []
    for index in resolve_sections(song, target):
        section = sections[index]
        if section.bars * 2 > MAX_BARS:
            raise SongError(f"{section.label} would be {section.bars * 2} bars long, over the limit of {MAX_BARS}.")
        length = section.bars * song.meta.beats_per_bar
        melody = section.melody + tuple(n.model_copy(update={"start": n.start + length}) for n in section.melody)
        sections[index] = section_with(
            section, bars=section.bars * 2, chords=section.chords * 2, lyrics=section.lyrics * 2, melody=melody
        )
        moves = [f"doubled, {section.bars} -> {section.bars * 2} bars", f"chords played twice ({section.chord_line()})"]
        if any(line.strip() for line in section.lyrics):
            moves.append("lyrics sung twice")
        changes.append(f"{section.label}: {', '.join(moves)}")
    return Change(_rebuilt(song, sections), tuple(changes))


# -- adding, removing, moving --------------------------------------------------------------------


def add_section(
    song: Song, kind: str, *, after: str | None = None, bars: int | None = None, label: str | None = None
) -> Change:
    """Add a new section of `kind`.

    Chords come from the nearest section of the same kind (a new chorus also repeats its
    lyrics and melody), else from a planner progression in the key. It goes after `after`,
    else an intro first, an outro last, anything else before a closing outro. Without a
    `label` it is named for its kind, and sections of that kind are renumbered in order.

    Args:
        song: The song; it is not modified.
        kind: intro, verse, pre-chorus, chorus, bridge, solo or outro.
        after: The section to follow (the last one, when the name matches several).
        bars: Its length, 1 to 128; by default that of the section it copies, or its kind's usual length.
        label: Its label, which must not be taken.

    Raises:
        UnknownSection: If `after` matches no section.
        SongError: If the kind, length or label cannot be used.
    """
    kind = _checked_kind(kind)
    if label is not None:
        label = " ".join(str(label).split())
        if not label:
            raise SongError("Give the new section a label with at least one letter, or leave it out.")
        if label.casefold() in {existing.casefold() for existing in song.labels}:
            raise SongError(f"There is already a section called '{label}'; choose another label.")
    position = _insert_position(song, kind, after)
    same_kind = [i for i, s in enumerate(song.sections) if s.kind == kind]
    source = min(same_kind, key=lambda i: (abs(i - position + 0.5), i)) if same_kind else None
    romans: tuple[str, ...] = ()
    key = song.key_of(position - 1) if position > 0 else song.meta.key
    if source is not None:
        model = song.sections[source]
        length = _checked_bars(bars) if bars is not None else model.bars
        fitted = refitted(model, length, song.meta.beats_per_bar)[0]
        chords = fitted.chords
        lyrics = model.lyrics if kind == "chorus" else ()
        melody = fitted.melody if lyrics else ()
        fields: dict[str, object] = {
            "key": model.key, "energy": model.energy, "register": model.register, "cymbal": model.cymbal,
            "pushes": fitted.pushes,
        }  # fmt: skip
    else:
        length = _checked_bars(bars) if bars is not None else DEFAULT_BARS[kind]
        next_kind = song.sections[position].kind if position < len(song.sections) else None
        seed = zlib.crc32(f"{song.meta.title}|{kind}|{position}".encode())
        romans = progression(kind, key.mode, song.meta.style, seed, length, next_kind, song.meta.time_signature)
        chords, lyrics, melody = symbols(romans, key), (), ()
        fields = {"key": None if key == song.meta.key else key, "energy": ENERGY[kind]}
    sections = list(song.sections)
    sections.insert(position, section_with(Section(kind=kind, label=label or kind, bars=length, chords=chords,
                                                   lyrics=lyrics, melody=melody), **fields))  # fmt: skip
    renames: list[str] = []
    if label is None:
        sections, renames = _renumbered(sections, kind, fresh=position)
    # Renames are listed first, so the new section's line names sections as they are called now.
    if source is not None:
        copied = sections[source + (source >= position)].label
        origin = f"chords from {copied}" + (f", lyrics repeated from {copied}" if lyrics else "")
    else:
        origin = f"chords {' - '.join(dict.fromkeys(romans))} in {key}"
    where = f"after {sections[position - 1].label}" if position > 0 else "at the start"
    added = f"{sections[position].label}: new {kind} {where}, {length} bars, {origin} ({' | '.join(chords)})"
    return Change(_rebuilt(song, sections), (*renames, added))


def remove_section(song: Song, target: Target) -> Change:
    """Remove sections; the remaining sections of the same kind are renumbered.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it ('verse 2', 'the bridge'), or section indices.

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If it would remove every section of the song.
    """
    indices = resolve_sections(song, target)
    if len(indices) == len(song.sections):
        if len(indices) == 1:
            raise SongError(f"{song.sections[0].label} is the only section left and a song needs one, so I kept it.")
        raise SongError("That would remove every section and a song needs at least one, so nothing was removed.")
    changes = [f"{song.sections[i].label}: removed ({song.sections[i].bars} bars)" for i in indices]
    sections = [s for i, s in enumerate(song.sections) if i not in indices]
    for kind in dict.fromkeys(song.sections[i].kind for i in indices):
        sections, renames = _renumbered(sections, kind)
        changes.extend(renames)
    return Change(_rebuilt(song, sections), tuple(changes))


def move_section(song: Song, target: Target, *, before: str | None = None, after: str | None = None) -> Change:
    """Move one section before or after another; sections of its kind are renumbered in song order.

    Args:
        song: The song; it is not modified.
        target: The section to move ('bridge', 'Verse 2'), or its index.
        before: The section it should come before (the first one, when the name matches several).
        after: The section it should follow (the last one, when the name matches several).

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If not exactly one of before and after is given, or the target is not one section.
    """
    if (before is None) == (after is None):
        raise SongError("Say where the section should go: before or after another section, not both.")
    indices = resolve_sections(song, target)
    if len(indices) != 1:
        raise SongError(f"Name one section to move; that matches {', '.join(song.labels[i] for i in indices)}.")
    index = indices[0]
    anchors = [i for i in resolve_sections(song, str(before if before is not None else after)) if i != index]
    if not anchors:
        raise SongError(f"{song.labels[index]} cannot be moved next to itself; name another section.")
    anchor = anchors[0] if before is not None else anchors[-1]
    order = [i for i in range(len(song.sections)) if i != index]
    order.insert(order.index(anchor) + (before is None), index)
    if order == list(range(len(song.sections))):
        return Change(song, ())
    sections, renames = _renumbered([song.sections[i] for i in order], song.sections[index].kind)
    moved = f"{song.labels[index]}: moved {'before' if before is not None else 'after'} {song.labels[anchor]}"
    return Change(_rebuilt(song, sections), (moved, *renames))


def _insert_position(song: Song, kind: str, after: str | None) -> int:
    if after is not None:
        return resolve_sections(song, after)[-1] + 1
    if kind == "intro":
        return 0
    count = len(song.sections)
    while kind != "outro" and count > 1 and song.sections[count - 1].kind == "outro":
        count -= 1
    return count


# -- labels and checks -------------------------------------------------------------------------


def _renumbered(sections: list[Section], kind: str, fresh: int | None = None) -> tuple[list[Section], list[str]]:
    """Sections of `kind` with standard labels ('Verse 2') numbered 1, 2, 3 in song order, and the renames.

    `fresh` is the index of a new, not yet labelled section. Custom labels ('Guitar Break')
    are never touched; if renumbering would clash with one, only the new section is named.
    """
    name = KIND_NAMES[kind]
    pattern = re.compile(rf"^{re.escape(name).replace('-', '-?')}(?:\s+\d+)?$", re.IGNORECASE)
    members = [i for i, s in enumerate(sections) if s.kind == kind and (i == fresh or pattern.match(s.label))]
    labels: dict[int, str] = {}
    for number, i in enumerate(members, start=1):
        was_numbered = kind in _ALWAYS_NUMBERED if i == fresh else bool(re.search(r"\d$", sections[i].label))
        labels[i] = f"{name} {number}" if len(members) > 1 or was_numbered else name
    result = [s.model_copy(update={"label": labels[i]}) if i in labels else s for i, s in enumerate(sections)]
    if len({s.label.casefold() for s in result}) < len(result):
        logger.debug("renumbering %s sections would clash with a custom label; numbers kept", kind)
        taken = {s.label.casefold() for i, s in enumerate(sections) if i != fresh}
        number = next(n for n in itertools.count(len(members)) if f"{name} {n}".casefold() not in taken)
        named = {fresh: f"{name} {number}"} if fresh is not None else {}
        return [s.model_copy(update={"label": named[i]}) if i in named else s for i, s in enumerate(sections)], []
    renames = [
        f"{sections[i].label}: renamed {labels[i]}" for i in members if i != fresh and labels[i] != sections[i].label
    ]
    return result, renames


def _rebuilt(song: Song, sections: Sequence[Section], **meta: object) -> Song:
    """A re-validated song with these sections and meta fields."""
    data: dict[str, object] = {**song.meta.model_dump(), **meta}
    return parse_song({"meta": data, "sections": [s.model_dump() for s in sections]})


def _checked_tempo(bpm: object) -> float:
    if isinstance(bpm, bool) or not isinstance(bpm, int | float) or not math.isfinite(bpm):
        raise SongError("Give the tempo as a number of beats per minute, for example 96.")
    if not MIN_TEMPO <= bpm <= MAX_TEMPO:
        raise SongError(f"A tempo of {bpm:g} BPM is outside what I can play; choose between 30 and 300 BPM.")
    return float(bpm)


def _checked_metre(text: object) -> str:
    metre = "".join(str(text).split())
    try:  # pydantic's ValidationError is a ValueError too
        if isinstance(text, str) and metre.isascii() and 1 <= int(metre.partition("/")[0]) <= 16:
            return Meta(time_signature=metre).time_signature
    except ValueError:
        logger.debug("%r is not a time signature", text)
    raise SongError(f"'{text}' is not a time signature I can write; try 4/4, 3/4 or 6/8.")


def _checked_bars(bars: object) -> int:
    if isinstance(bars, bool) or not isinstance(bars, int | float) or not math.isfinite(bars) or bars != int(bars):
        raise SongError("Give the length as a whole number of bars, for example 8.")
    if not 1 <= bars <= MAX_BARS:
        raise SongError(f"A section of {bars:g} bars is not possible; choose between 1 and {MAX_BARS} bars.")
    return int(bars)


def _checked_kind(kind: object) -> SectionKind:
    text = " ".join(str(kind).casefold().split()).replace("pre chorus", "pre-chorus").replace("prechorus", "pre-chorus")
    text = {"refrain": "chorus", "hook": "chorus", "middle eight": "bridge", "coda": "outro"}.get(text, text)
    if text not in SECTION_KINDS:
        raise SongError(f"'{kind}' is not a kind of section; use one of {', '.join(SECTION_KINDS)}.")
    return text  # type: ignore[return-value]


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"
