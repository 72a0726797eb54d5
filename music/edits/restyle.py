"""Restyle a song: the same chords, lyrics and melody played by another style's band, at a tempo that suits it.

What the change reports is read off the song before and after, never off what the restyle
meant: the sheet (style, band, tempo, metre, a section's own band, tempo and cymbal) and the
band's notes as arranged (busier or sparser parts, the drums' time cymbal and their swing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, SectionSpan
from music.band.style_model import Style
from music.band.styles import STYLE_NAMES, TEMPO_TOLERANCE, find_style, fit_tempo
from music.edits.heard import PartFacts, part_facts
from music.edits.structure import set_meter
from music.edits.transforms import Change
from music.errors import SongError
from music.plan.planner import describe_song
from music.preference_notes import as_asked, band_note, pair_by_role
from music.preferences import Preferences
from music.song import Part, Section, Song, parse_song

logger = logging.getLogger(__name__)

__all__ = ["STYLE_NAMES", "TEMPO_TOLERANCE", "restyle"]

_WHOLE_SONG = "Whole song"
# A part whose note count moved by less than a tenth is heard as playing what it played.
BUSIER = 0.1
# Drums with at least this share of hits off the straight sixteenth grid swing; a trap
# drummer's hi-hat rolls put a few hits there without swinging.
SWUNG = 0.15


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

    The report compares the two songs: "Whole song: style folk -> jazz, Piano instead of
    Acoustic Guitar, sparser bass (215 -> 180 notes), drums swing instead of playing
    straight", then each section whose own band, tempo or cymbal moved. A restyle the
    listener would not hear (the style the song already has) changes nothing.

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
    prefs = preferences or Preferences()
    restyled = _restyled(song, target, prefs)
    changes = _report(song, restyled, target, prefs)
    if not changes:
        return Change(song, ())
    logger.debug("restyled %s as %s: %s", song.meta.title, target.name, changes)
    return Change(restyled, changes)


# -- the new song -------------------------------------------------------------------------------


def _restyled(song: Song, style: Style, prefs: Preferences) -> Song:
    """The song played by `style`'s band at a tempo it plays, in its metre."""
    meta = song.meta
    parts = _band(meta.parts, style, prefs)
    tempo = fit_tempo(meta.tempo, style)
    data = song.model_dump()
    old = find_style(meta.style)
    kept_tags = [t for t in meta.tags if t not in style.tags and (old is None or t not in old.tags)]
    data["meta"].update(
        style=style.name,
        parts=[p.model_dump() for p in parts],
        tempo=tempo,
        tags=list(dict.fromkeys((*style.tags, *kept_tags))),
        description=describe_song(song, style, parts, tempo),
    )
    data["sections"] = [_restyled_section(s, parts, style, prefs, tempo / meta.tempo) for s in song.sections]
    restyled = parse_song(data)
    if style.metre != "4/4" and style.metre != meta.time_signature:
        # A waltz is in three: the bars keep their chords and the melody is re-timed into them.
        restyled = set_meter(restyled, style.metre).song
    return restyled


def _restyled_section(
    section: Section, parts: tuple[Part, ...], style: Style, prefs: Preferences, ratio: float
) -> dict[str, object]:
    """The section's sheet for the new style: its own band restyled or cut for a ban, its tempo and cymbal."""
    entry = section.model_dump()
    own = None if section.parts is None else _band(section.parts, style, prefs)
    kept = prefs.section_band(own if own is not None else parts, section.kind)
    own = kept if kept is not None else own
    if own is not None:
        entry["parts"] = None if own == parts else [p.model_dump() for p in own]
    if section.tempo is not None and ratio != 1.0:
        entry["tempo"] = float(max(30, min(300, round(section.tempo * ratio))))
    if section.cymbal is not None and section.cymbal not in style.cymbals:
        entry["cymbal"] = None
    return entry


def _band(parts: tuple[Part, ...], style: Style, prefs: Preferences) -> tuple[Part, ...]:
    """The parts as the style plays them, as the musician's preferences allow (a wanted part keeps its place)."""
    kept = _restyled_parts(parts, style, keep=lambda p: prefs.wanting(p) is not None)
    return prefs.band(kept, style)


def _restyled_parts(parts: Sequence[Part], style: Style, keep: Callable[[Part], bool] | None = None) -> tuple[Part, ...]:
    """Each part swapped for the style's instrument of the same role (those `keep` picks stay)."""
    restyled: list[Part] = []
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
    return tuple(restyled)


# -- what the listener will hear ----------------------------------------------------------------


def _report(before: Song, after: Song, style: Style, prefs: Preferences) -> tuple[str, ...]:
    """'Whole song: <move>, ...' and then '<label>: <move>, ...' for each section whose own sheet moved."""
    whole = [*_sheet_moves(before, after, style, prefs), *_heard_band(before, after)]
    lines = [f"{_WHOLE_SONG}: {', '.join(whole)}"] if whole else []
    for was, now in zip(before.sections, after.sections, strict=True):
        moves = _section_moves(was, now, after, style, prefs)
        if moves:
            lines.append(f"{now.label}: {', '.join(moves)}")
    return tuple(lines)


def _sheet_moves(before: Song, after: Song, style: Style, prefs: Preferences) -> list[str]:
    """The whole song's sheet before and after: style, band, tempo and time signature."""
    old, new = before.meta, after.meta
    moves = [f"style {old.style} -> {new.style}"] if old.style != new.style else []
    moves += _band_moves(old.parts, new.parts, style, prefs)
    if old.tempo != new.tempo:
        low, high = style.tempo_range
        moves.append(
            f"tempo {old.tempo:g} -> {new.tempo:g} BPM (far outside the {style.name} range of {low:g}-{high:g} BPM)"
        )
    if old.time_signature != new.time_signature:
        moves.append(f"time signature {old.time_signature} -> {new.time_signature}")
    return moves


def _section_moves(was: Section, now: Section, after: Song, style: Style, prefs: Preferences) -> list[str]:
    """A section's own sheet before and after: its band (against the new song's), tempo, cymbal and melody."""
    band = after.meta.parts
    old = was.parts if was.parts is not None else band
    new = now.parts if now.parts is not None else band
    moves = _band_moves(old, new, style, prefs, was.kind) if old != new else []
    if was.tempo is not None and now.tempo is not None and was.tempo != now.tempo:
        moves.append(f"tempo {was.tempo:g} -> {now.tempo:g} BPM")
    if was.cymbal is not None and now.cymbal is None:
        moves.append(f"drums back to the {style.name} groove's own cymbal")
    if was.melody != now.melody:
        moves.append(f"melody re-timed into {after.meta.time_signature} bars ({len(now.melody)} notes)")
    return moves


def _band_moves(
    before: Sequence[Part], after: Sequence[Part], style: Style, prefs: Preferences, kind: str | None = None
) -> list[str]:
    """Each part that changed between the two bands, said plainly or, where a preference made it so, with why.

    Each part is compared with what the style alone would have put in its place: where the
    two agree the swap is said plainly ("Piano instead of Acoustic Guitar"); where a
    preference made the difference it says so, and a part gone from a section of `kind`
    names the ban that keeps it out.
    """
    moves: list[str] = []
    for was, alone, now in pair_by_role(before, _restyled_parts(before, style), after):
        if now is None and alone is not None and (reason := prefs.refusal(alone, kind)) is not None:
            moves.append(f"no {alone.name}, {as_asked(reason)}")
        elif alone == now:
            if now is not None and was is not None and (now.name, now.program) != (was.name, was.program):
                moves.append(_swap(was, now, style))
        elif note := band_note(prefs, alone, now, was):
            moves.append(note)
    return moves


def _swap(before: Part, now: Part, style: Style) -> str:
    return f"{now.name} instead of {before.name}" if now.name != before.name else f"{now.name} with its usual {style.name} sound"


def _heard_band(before: Song, after: Song) -> list[str]:
    """What the band's notes did over the whole song: parts busier or sparser, the drums' time cymbal and swing."""
    old, new = _whole_song(arrange(before)), _whole_song(arrange(after))
    sung = any(s.lyrics or s.melody for s in after.sections)
    moves: list[str] = []
    for key, now in new.items():
        was = old.get(key)
        if was is None or not was.count or not now.count:
            continue
        if abs(now.count - was.count) >= BUSIER * was.count:
            feel = "busier" if now.count > was.count else "sparser"
            noun = "hits" if now.role == "drums" else "notes"
            moves.append(f"{feel} {_part_word(now, sung)} ({was.count} -> {now.count} {noun})")
        if now.role == "drums":
            moves.extend(_drum_moves(was, now))
    return moves


def _drum_moves(was: PartFacts, now: PartFacts) -> list[str]:
    """The drummer's time cymbal and swing, before and after."""
    moves = []
    if was.cymbal and now.cymbal and was.cymbal != now.cymbal:
        moves.append(f"drums keep time on the {now.cymbal} instead of the {was.cymbal}")
    if _swung(was) != _swung(now):
        swing = "swing instead of playing straight" if _swung(now) else "play straight instead of swinging"
        moves.append(f"drums {swing}")
    return moves


def _whole_song(arrangement: Arrangement) -> dict[tuple[str, int], PartFacts]:
    """Each part's facts over the whole song, keyed by role and its place among parts of that role."""
    span = SectionSpan(label=_WHOLE_SONG, kind="song", start=0.0, end=arrangement.end_beat)
    places: dict[str, int] = {}
    facts = {}
    for track in arrangement.tracks:
        place = places[track.role] = places.get(track.role, -1) + 1
        facts[(track.role, place)] = part_facts(track, span)
    return facts


def _swung(drums: PartFacts) -> bool:
    """True when enough of the drums' hits land off the straight sixteenth grid: the swung off-beats."""
    off = sum(1 for beat, _pitch in drums.notes if abs(beat * 4 - round(beat * 4)) > 1e-3)
    return off >= SWUNG * drums.count


def _part_word(part: PartFacts, sung: bool) -> str:
    """How a musician names the part: 'melody' or 'lead line', 'bass', 'drums', or the instrument's name."""
    if part.role == "lead":
        return "melody" if sung else "lead line"
    return part.role if part.role in ("bass", "drums") else part.name
