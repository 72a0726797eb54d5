"""Restyle a song: the same chords, lyrics and melody played by another style's band, at a tempo that suits it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from music.band.style_model import Style
from music.band.styles import STYLE_NAMES, TEMPO_TOLERANCE, find_style, fit_tempo
from music.edits.structure import set_meter
from music.edits.transforms import Change
from music.errors import SongError
from music.plan.planner import describe_song
from music.preference_notes import as_asked, band_note, pair_by_role
from music.preferences import Preferences
from music.song import Part, Song, parse_song

logger = logging.getLogger(__name__)

__all__ = ["STYLE_NAMES", "TEMPO_TOLERANCE", "restyle"]

_WHOLE_SONG = "Whole song"


def restyle(song: Song, style: str, preferences: Preferences | None = None) -> Change:
    """Play the song in another style: its band, grooves and feel, with chords, lyrics and melody kept.

    Sets `meta.style`; every part is replaced by the new style's instrument for the same
    role (so a song without a pad still has none; a second part of one role is numbered),
    in the whole song and in sections that bring their own instruments; the style's tags
    replace the old style's, and the sound description is written anew. The tempo moves
    to the nearest edge of the style's range only when it is more than 15% outside it
    (a 70 BPM jazz ballad stays at 70), and sections with their own tempo move by the same
    ratio. A section's own time-keeping cymbal stays only if the new style's drummer plays
    it. Key, sections, chords, lyrics, melody, energy and register are untouched, except that a
    style with its own metre (a waltz) takes the song into it, each bar keeping its chords.

    With the musician's `preferences`, an instrument they asked for keeps its place, a
    banned one gives way to the style's next best player of its role, and a section kind
    an instrument is banned from plays without it; each such move says so.

    Args:
        song: The song; it is not modified.
        style: A style name as a musician says it ("jazz", "hip hop", "rnb", "dance").
        preferences: The musician's standing preferences, if any.

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
    prefs = preferences or Preferences()
    moves: list[str] = []
    if meta.style != target.name:
        moves.append(f"style {meta.style} -> {target.name}")
    parts, swaps = _band(meta.parts, target, prefs)
    moves.extend(swaps)
    tempo, tempo_move = _tempo_for(meta.tempo, target)
    if tempo_move:
        moves.append(tempo_move)
    changes = [f"{_WHOLE_SONG}: {', '.join(moves)}"] if moves else []

    data = song.model_dump()
    old = find_style(meta.style)
    kept_tags = [t for t in meta.tags if t not in target.tags and (old is None or t not in old.tags)]
    data["meta"].update(
        style=target.name,
        parts=[p.model_dump() for p in parts],
        tempo=tempo,
        tags=list(dict.fromkeys((*target.tags, *kept_tags))),
        description=describe_song(song, target, parts, tempo),
    )
    ratio = tempo / meta.tempo
    for index, section in enumerate(song.sections):
        section_moves: list[str] = []
        entry = data["sections"][index]
        own: tuple[Part, ...] | None = None
        if section.parts is not None:
            own, own_swaps = _band(section.parts, target, prefs)
            section_moves.extend(own_swaps)
        kept = prefs.section_band(own if own is not None else parts, section.kind)
        if kept is not None:
            gone = [p for p in (own if own is not None else parts) if p not in kept]
            had = section.parts if section.parts is not None else meta.parts
            section_moves.extend(
                f"no {p.name}, {as_asked(reason)}"
                for p in gone
                if (reason := prefs.refusal(p, section.kind)) is not None and any(h.role == p.role for h in had)
            )
            own = kept
        if own is not None:
            entry["parts"] = None if own == parts else [p.model_dump() for p in own]
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
    restyled = parse_song(data)
    if target.metre != "4/4" and target.metre != meta.time_signature:
        # A waltz is in three: the bars keep their chords and the melody is re-timed into them.
        metre = set_meter(restyled, target.metre)
        restyled, changes = metre.song, [*changes, *metre.changes]
    logger.debug("restyled %s as %s: %s", meta.title, target.name, changes)
    return Change(restyled, tuple(changes))


def _band(parts: tuple[Part, ...], style: Style, prefs: Preferences) -> tuple[tuple[Part, ...], list[str]]:
    """The parts as the style plays them, as the musician's preferences allow, and the moves in words.

    Each part is compared with what the style alone would have put in its place: where the
    two agree the swap is said plainly ("Piano instead of Acoustic Guitar"); where a
    preference made the difference it says so.
    """
    plain, _ = _restyled_parts(parts, style)
    wanted = prefs.wanting
    kept, _ = _restyled_parts(parts, style, keep=lambda p: wanted(p) is not None)
    shaped = prefs.band(kept, style)
    moves: list[str] = []
    for before, alone, now in pair_by_role(parts, plain, shaped):
        if alone == now:
            if now is not None and before is not None and (now.name, now.program) != (before.name, before.program):
                moves.append(_swap(before, now, style))
        elif note := band_note(prefs, alone, now, before):
            moves.append(note)
    return shaped, moves


def _swap(before: Part, now: Part, style: Style) -> str:
    return f"{now.name} instead of {before.name}" if now.name != before.name else f"{now.name} with its usual {style.name} sound"


def _restyled_parts(
    parts: Sequence[Part], style: Style, keep: Callable[[Part], bool] | None = None
) -> tuple[tuple[Part, ...], list[str]]:
    """Each part swapped for the style's instrument of the same role (those `keep` picks stay), and the swaps in words."""
    restyled: list[Part] = []
    swaps: list[str] = []
    seen: dict[str, int] = {}
    for part in parts:
        if keep is not None and keep(part):
            restyled.append(part)
            continue
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
            swaps.append(_swap(part, new, style))
    return tuple(restyled), swaps


def _tempo_for(tempo: float, style: Style) -> tuple[float, str]:
    """The song's tempo for the style, and the move in words when it had to change."""
    moved = fit_tempo(tempo, style)
    if moved == tempo:
        return tempo, ""
    low, high = style.tempo_range
    return moved, f"tempo {tempo:g} -> {moved:g} BPM (far outside the {style.name} range of {low:g}-{high:g} BPM)"
