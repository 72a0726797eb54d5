"""Turn a song sheet into an arrangement: timed notes for every part, section by section.

The style (music.band.styles) decides the habits; music.band.drums, music.band.bassline and music.band.comping
play them and music.band.lead writes the sung line. Every section is written from its own data
(and the kind of section that follows it), so changing one section leaves the notes of the
others exactly as they were.
"""

from __future__ import annotations

import logging

from music.band.arrangement import Arrangement, NoteEvent, SectionSpan, Track
from music.band.bassline import bass_part
from music.band.comping import chord_part, lowest_note
from music.band.drums import drum_part, kit_program
from music.band.lead import lead_line
from music.band.section_context import EPS, SectionContext, clamp
from music.band.style_model import Style
from music.band.styles import style_for
from music.song import Part, Section, Song, chord_spans

logger = logging.getLogger(__name__)


def arrange(song: Song, *, swing: bool = True) -> Arrangement:
    """Write every part of `song` as timed notes, following its style and section overrides.

    One Track per part in `song.meta.parts` (drums on channel 9). A section's `parts`
    swap programs (a program change at the section start, and back after), its `tempo`
    enters the tempo map, its `key` sets the lead's scale, its `energy` sets density and
    velocity, and its `register` moves voicings, pad and an instrumental lead (never the bass or a sung line).
    The drums fill into every chorus, and an outro ends on a held chord and a crash.
    Without `swing`, a swung style's off-beats are written straight (for a lead sheet, which
    marks the swing instead).
    """
    style = style_for(song.meta.style)
    bar_beats = song.meta.beats_per_bar
    top, bottom = (int(x) for x in song.meta.time_signature.split("/"))
    compound = bottom == 8 and top % 3 == 0 and top > 3
    choruses = [i for i, s in enumerate(song.sections) if s.kind == "chorus"]
    last_chorus = choruses[-1] if len(choruses) > 1 else None
    contexts: list[SectionContext] = []
    spans: list[SectionSpan] = []
    tempo_map: list[tuple[float, float]] = []
    beat = 0.0
    sung = [_sung_pitches(song, i) for i in range(len(song.sections))]
    for i, section in enumerate(song.sections):
        end = beat + section.bars * bar_beats
        spans.append(SectionSpan(label=section.label, kind=section.kind, start=beat, end=end))
        tempo = song.tempo_of(i)
        if not tempo_map or tempo_map[-1][1] != tempo:
            tempo_map.append((beat, tempo))
        next_kind = song.sections[i + 1].kind if i + 1 < len(song.sections) else None
        contexts.append(
            SectionContext(
                song=song,
                style=style,
                index=i,
                section=section,
                start=beat,
                end=end,
                bar_beats=bar_beats,
                compound=compound,
                key=song.key_of(i),
                chords=chord_spans(section, beat, bar_beats),
                next_kind=next_kind,
                into_last_chorus=last_chorus is not None and i + 1 == last_chorus,
                swing=swing,
                voice=_middle_half(sung[i]),
                song_voice=_middle_half([p for pitches in sung for p in pitches]),
            )
        )
        beat = end
    tracks = tuple(_track(song, part, n, contexts) for n, part in enumerate(song.meta.parts))
    logger.debug("arranged %s as %s: %d tracks, %g beats", song.meta.title, style.name, len(tracks), beat)
    return Arrangement(
        tracks=tracks,
        tempo_map=tuple(tempo_map),
        time_signature=song.meta.time_signature,
        sections=tuple(spans),
        title=song.meta.title,
    )


def _channels(parts: tuple[Part, ...]) -> list[int]:
    """MIDI channel per part: drums on 9, the rest on 0-8 and 10-15 in order."""
    free = [c for c in range(16) if c != 9]
    channels, n = [], 0
    for part in parts:
        if part.role == "drums":
            channels.append(9)
        else:
            channels.append(free[n % len(free)])
            n += 1
    return channels


def _track(song: Song, part: Part, position: int, contexts: list[SectionContext]) -> Track:
    channel = _channels(song.meta.parts)[position]
    occurrence = sum(1 for p in song.meta.parts[:position] if p.role == part.role)
    notes: list[NoteEvent] = []
    changes: list[tuple[float, int]] = []
    program = part.program
    for ctx in contexts:
        playing = _playing_part(ctx.section, part, occurrence)
        if playing is None:
            continue
        wanted = kit_program(ctx.style, ctx.energy, playing.program) if part.role == "drums" else playing.program
        if wanted != program:
            changes.append((ctx.start, wanted))
            program = wanted
        notes.extend(_write(part.role, ctx, playing.program))
    notes.sort(key=lambda n: (n.start, n.pitch))
    return Track(
        name=part.name,
        role=part.role,
        program=part.program,
        channel=channel,
        notes=tuple(notes),
        program_changes=tuple(changes),
        volume=style_for(song.meta.style).volume(part.role),
    )


def _playing_part(section: Section, part: Part, occurrence: int) -> Part | None:
    """The part that plays `part`'s role in this section (a section override may swap or drop it)."""
    if section.parts is None:
        return part
    same_role = [p for p in section.parts if p.role == part.role]
    return same_role[occurrence] if occurrence < len(same_role) else None


def _write(role: str, ctx: SectionContext, program: int) -> list[NoteEvent]:
    if role == "drums":
        return drum_part(ctx)
    if role == "bass":
        return bass_part(ctx)
    if role in ("chords", "pad"):
        return chord_part(ctx, pad=role == "pad", lowest=lowest_note(program))
    centre = lead_centre(ctx.style, ctx.section)
    velocity = ctx.velocity(72, 30)
    line = lead_line(sung_section(ctx.song, ctx.index), ctx.start, ctx.bar_beats, ctx.key, ctx.chords, centre, velocity)
    # A written melody is the musician's own phrasing; only a line written here takes the swing.
    return line if ctx.section.melody else _swing_line(line, ctx)


def sung_section(song: Song, index: int) -> Section:
    """The section as its lead plays it: lyrics without a melody sung as the melody writer writes them."""
    from music.words.melody import sung_line  # the melody writer reads arrangements' tables itself

    section = song.sections[index]
    line = sung_line(song, index)
    return section.model_copy(update={"melody": line}) if line else section


def _sung_pitches(song: Song, index: int) -> list[int]:
    """The pitches sung in section `index` (none where nobody sings)."""
    section = song.sections[index]
    if not any(line.strip() for line in section.lyrics) and not any(n.lyric for n in section.melody):
        return []
    return [n.pitch for n in sung_section(song, index).melody]


def _middle_half(pitches: list[int]) -> tuple[int, int] | None:
    """The lowest and highest of the middle half of `pitches` (None for none): where a line mostly lies."""
    ordered = sorted(pitches)
    return (ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]) if ordered else None


def lead_centre(style: Style, section: Section) -> int:
    """The pitch the lead's line is written around.

    A sung line stays in the singer's range; only an instrumental lead follows the section's register.
    """
    sung = any(line.strip() for line in section.lyrics)
    return clamp(style.registers.lead + (0 if sung else section.register), 36, 96)


def _swing_line(notes: list[NoteEvent], ctx: SectionContext) -> list[NoteEvent]:
    """The line with its off-beat notes played late, as the style swings, each note ending where it did."""
    swung: list[NoteEvent] = []
    for note in notes:
        offset = note.start - ctx.start
        late = ctx.swung(offset) - offset
        if late > EPS and note.duration > late + EPS:
            if swung and abs(swung[-1].start + swung[-1].duration - note.start) < EPS:
                before = swung[-1]
                swung[-1] = NoteEvent(before.start, before.duration + late, before.pitch, before.velocity, before.lyric)
            note = NoteEvent(note.start + late, note.duration - late, note.pitch, note.velocity, note.lyric)
        swung.append(note)
    return swung
