"""Restyle a song: the same chords, lyrics and melody played by another style's band, at a tempo that suits it."""

from __future__ import annotations

import logging
from dataclasses import replace

from music.errors import SongError
from music.planner import Brief, describe
from music.song import Part, Song, parse_song
from music.style_model import Style
from music.styles import STYLE_NAMES, find_style
from music.transforms import Change

logger = logging.getLogger(__name__)

__all__ = ["STYLE_NAMES", "TEMPO_TOLERANCE", "restyle"]

# How far outside a style's tempo range a song may sit before restyling moves it: a pop song
# at 112 BPM can become hip-hop (80-100) as it is, but not a ballad (56-90).
TEMPO_TOLERANCE = 0.15
_WHOLE_SONG = "Whole song"


def restyle(song: Song, style: str) -> Change:
    """Play the song in another style: its band, grooves and feel, with chords, lyrics and melody kept.

    Sets `meta.style`; every part is replaced by the new style's instrument for the same
    role (so a song without a pad still has none; a second part of one role is numbered),
    in the whole song and in sections that bring their own instruments; the style's tags
    replace the old style's, and the sound description is written anew. The tempo moves
    to the nearest edge of the style's range only when it is more than 15% outside it,
    and sections with their own tempo move by the same ratio. A section's own time-keeping
    cymbal stays only if the new style's drummer plays it. Key, sections, chords, lyrics,
    melody, energy and register are untouched.

    Args:
        song: The song; it is not modified.
        style: A style name as a musician says it ("jazz", "hip hop", "rnb", "dance").

    Returns:
        The change: the new song and, in musical words, what moved.

    Raises:
        SongError: If the style is not one cowriter knows (the message lists those it does).
    """
    target = find_style(style)
    if target is None:
        listed = ", ".join(STYLE_NAMES[:-1]) + " or " + STYLE_NAMES[-1]
        raise SongError(f"I don't know the style '{style.strip()}'; choose {listed}.")
    meta = song.meta
    moves: list[str] = []
    if meta.style != target.name:
        moves.append(f"style {meta.style} -> {target.name}")
    parts, swaps = _restyled_parts(meta.parts, target)
    moves.extend(swaps)
    tempo, tempo_move = _tempo_for(meta.tempo, target)
    if tempo_move:
        moves.append(tempo_move)
    changes = [f"{_WHOLE_SONG}: {', '.join(moves)}"] if moves else []

    data = song.model_dump()
    old = find_style(meta.style)
    kept_tags = [t for t in meta.tags if t not in target.tags and (old is None or t not in old.tags)]
    subject = meta.description.split(", about ", 1)[1] if ", about " in meta.description else ""
    data["meta"].update(
        style=target.name,
        parts=[p.model_dump() for p in parts],
        tempo=tempo,
        tags=list(dict.fromkeys((*target.tags, *kept_tags))),
        description=describe(Brief(subject=subject, mood=meta.mood), _as_played(target, parts), meta.key, tempo),
    )
    ratio = tempo / meta.tempo
    for index, section in enumerate(song.sections):
        section_moves: list[str] = []
        entry = data["sections"][index]
        if section.parts is not None:
            own, own_swaps = _restyled_parts(section.parts, target)
            entry["parts"] = None if own == parts else [p.model_dump() for p in own]
            section_moves.extend(own_swaps)
        if section.tempo is not None and ratio != 1.0:
            moved = float(max(30, min(300, round(section.tempo * ratio))))
            entry["tempo"] = moved
            if moved != section.tempo:
                section_moves.append(f"tempo {section.tempo:g} -> {moved:g} BPM")
        if section.cymbal is not None and section.cymbal not in target.cymbals:
            entry["cymbal"] = None
            section_moves.append(f"drums back to the {target.name} groove's own cymbal")
        if section_moves:
            changes.append(f"{section.label}: {', '.join(section_moves)}")
    if not changes:
        return Change(song, ())
    logger.debug("restyled %s as %s: %s", meta.title, target.name, changes)
    return Change(parse_song(data), tuple(changes))


def _restyled_parts(parts: tuple[Part, ...], style: Style) -> tuple[tuple[Part, ...], list[str]]:
    """Each part swapped for the style's instrument of the same role, and the swaps in words."""
    restyled: list[Part] = []
    swaps: list[str] = []
    seen: dict[str, int] = {}
    for part in parts:
        same_role = [p for p in style.parts if p.role == part.role]
        count = seen.get(part.role, 0)
        seen[part.role] = count + 1
        new = same_role[count] if count < len(same_role) else style.part(part.role)
        if new is None:
            restyled.append(part)
            continue
        if count >= len(same_role) and count:
            new = new.model_copy(update={"name": f"{new.name} {count + 1}"})
        restyled.append(new)
        if (new.name, new.program) != (part.name, part.program):
            swaps.append(
                f"{new.name} instead of {part.name}"
                if new.name != part.name
                else f"{new.name} with its usual {style.name} sound"
            )
    return tuple(restyled), swaps


def _as_played(style: Style, parts: tuple[Part, ...]) -> Style:
    """The style with its instruments named as the song's parts have them (a song may lack a pad)."""
    if parts == style.parts or not parts:
        return style
    names = [p.name.lower() if not p.name.isupper() else p.name for p in parts]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return replace(style, instruments=listed)


def _tempo_for(tempo: float, style: Style) -> tuple[float, str]:
    """The song's tempo for the style, and the move in words when it had to change."""
    low, high = style.tempo_range
    if low / (1 + TEMPO_TOLERANCE) <= tempo <= high * (1 + TEMPO_TOLERANCE):
        return tempo, ""
    moved = low if tempo < low else high
    return moved, f"tempo {tempo:g} -> {moved:g} BPM (far outside the {style.name} range of {low:g}-{high:g} BPM)"
