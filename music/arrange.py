"""Turn a song sheet into an arrangement: timed notes for every part, section by section.

The style (music.styles) decides the grooves and habits; music.lead writes the sung line.
Every section is written from its own data only, so changing one section leaves the
notes of the others exactly as they were.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from music.arrangement import Arrangement, NoteEvent, SectionSpan, Track
from music.lead import ChordSpan, lead_line
from music.song import Key, Part, Section, Song
from music.styles import CRASH, HIGH_TOM, LOW_TOM, MID_TOM, SNARE, Comping, DrumPattern, Style, style_for
from music.theory import chord_bass, chord_pitch_classes, scale_pitch_classes, voice_chord

logger = logging.getLogger(__name__)

_EPS = 1e-6
# Comping rhythms per energy band (quiet, medium, loud), as beat offsets written for a 4-beat span.
_COMP_HITS: dict[str, tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]] = {
    "strum": ((0.0, 2.0), (0.0, 1.0, 1.5, 2.5, 3.0, 3.5), (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5)),
    "block": ((0.0,), (0.0, 1.0, 2.0, 3.0), (0.0, 1.0, 1.5, 2.0, 3.0, 3.5)),
    "arpeggio": (
        (0.0, 1.0, 2.0, 3.0),
        (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5),
        (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5),
    ),
    "stabs": ((0.0,), (0.0, 1.5, 3.0), (0.5, 1.5, 2.5, 3.5)),
    "pad": ((0.0,), (0.0,), (0.0,)),
}


@dataclass(frozen=True)
class _Context:
    """Everything one section's writers need."""

    song: Song
    style: Style
    index: int
    section: Section
    start: float
    end: float
    bar_beats: float
    compound: bool
    key: Key
    chords: tuple[ChordSpan, ...]
    next_kind: str | None

    @property
    def energy(self) -> float:
        return self.section.energy

    def velocity(self, base: int, spread: int) -> int:
        """A velocity that grows with the section's energy."""
        return max(1, min(127, int(round(base + spread * self.energy))))


def arrange(song: Song) -> Arrangement:
    """Write every part of `song` as timed notes, following its style and section overrides.

    One Track per part in `song.meta.parts` (drums on channel 9). A section's `parts`
    swap programs (a program change at the section start, and back after), its `tempo`
    enters the tempo map, its `key` sets the lead's scale, its `energy` sets density and
    velocity, and its `register` moves voicings, lead and pad (bass by whole octaves).
    """
    style = style_for(song.meta.style)
    bar_beats = song.meta.beats_per_bar
    top, bottom = (int(x) for x in song.meta.time_signature.split("/"))
    compound = bottom == 8 and top % 3 == 0 and top > 3
    contexts: list[_Context] = []
    spans: list[SectionSpan] = []
    tempo_map: list[tuple[float, float]] = []
    beat = 0.0
    for i, section in enumerate(song.sections):
        end = beat + section.bars * bar_beats
        spans.append(SectionSpan(label=section.label, kind=section.kind, start=beat, end=end))
        tempo = song.tempo_of(i)
        if not tempo_map or tempo_map[-1][1] != tempo:
            tempo_map.append((beat, tempo))
        next_kind = song.sections[i + 1].kind if i + 1 < len(song.sections) else None
        chords = _chord_spans(section, beat, bar_beats)
        contexts.append(
            _Context(song, style, i, section, beat, end, bar_beats, compound, song.key_of(i), chords, next_kind)
        )
        beat = end
    tracks = tuple(_track(song, part, n, contexts) for n, part in enumerate(song.meta.parts))
    return Arrangement(
        tracks=tracks,
        tempo_map=tuple(tempo_map),
        time_signature=song.meta.time_signature,
        sections=tuple(spans),
        title=song.meta.title,
    )


def _chord_spans(section: Section, start: float, bar_beats: float) -> tuple[ChordSpan, ...]:
    """Each chord with its start and end beat; a bar with several chords splits evenly."""
    spans: list[ChordSpan] = []
    for bar, entry in enumerate(section.chords):
        symbols = entry.split()
        width = bar_beats / len(symbols)
        for k, symbol in enumerate(symbols):
            at = start + bar * bar_beats + k * width
            spans.append(ChordSpan(at, at + width, symbol))
    return tuple(spans)


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


def _track(song: Song, part: Part, position: int, contexts: list[_Context]) -> Track:
    channel = _channels(song.meta.parts)[position]
    occurrence = sum(1 for p in song.meta.parts[:position] if p.role == part.role)
    notes: list[NoteEvent] = []
    changes: list[tuple[float, int]] = []
    program = part.program
    for ctx in contexts:
        playing = _playing_part(ctx.section, part, occurrence)
        if playing is None:
            continue
        if playing.program != program:
            changes.append((ctx.start, playing.program))
            program = playing.program
        notes.extend(_write(part.role, ctx))
    notes.sort(key=lambda n: (n.start, n.pitch))
    return Track(
        name=part.name,
        role=part.role,
        program=part.program,
        channel=channel,
        notes=tuple(notes),
        program_changes=tuple(changes),
    )


def _playing_part(section: Section, part: Part, occurrence: int) -> Part | None:
    """The part that plays `part`'s role in this section (a section override may swap or drop it)."""
    if section.parts is None:
        return part
    same_role = [p for p in section.parts if p.role == part.role]
    return same_role[occurrence] if occurrence < len(same_role) else None


def _write(role: str, ctx: _Context) -> list[NoteEvent]:
    if role == "drums":
        return _drums(ctx)
    if role == "bass":
        return _bass(ctx)
    if role == "chords":
        return _comp(ctx, ctx.style.comping, ctx.style.registers.chords)
    if role == "pad":
        return _comp(ctx, "pad", ctx.style.registers.pad)
    centre = _clamp(ctx.style.registers.lead + ctx.section.register, 36, 96)
    velocity = ctx.velocity(72, 30)
    return lead_line(ctx.section, ctx.start, ctx.bar_beats, ctx.key, ctx.chords, centre, velocity)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _swung(offset: float, swing: float) -> float:
    """Delay off-beat eighths for a swing feel."""
    return offset + swing if swing and abs(offset % 1.0 - 0.5) < _EPS else offset


# -- drums ------------------------------------------------------------------------------


def _drums(ctx: _Context) -> list[NoteEvent]:
    notes: list[NoteEvent] = []
    groove = ctx.style.groove(ctx.energy)
    for bar in range(ctx.section.bars):
        bar_start = ctx.start + bar * ctx.bar_beats
        hits = _fit_groove(groove, ctx.bar_beats, ctx.compound)
        fill = bar == ctx.section.bars - 1 and ctx.next_kind == "chorus" and ctx.energy >= 0.2
        if fill:
            fill_start = ctx.bar_beats - 1.0
            hits = [h for h in hits if h[0] < fill_start - _EPS]
            toms = (SNARE, SNARE, HIGH_TOM, MID_TOM) if ctx.energy < 0.6 else (HIGH_TOM, MID_TOM, LOW_TOM, SNARE)
            hits += [(fill_start + 0.25 * k, toms[k], 0.9 + 0.05 * k) for k in range(4)]
        if bar == 0 and ctx.energy >= 0.25:
            hits = [h for h in hits if not (h[0] < _EPS and h[1] in (42, 44, 46, 51))]
            hits.append((0.0, CRASH, 1.0))
        for offset, note, accent in hits:
            velocity = _clamp(int(round((58 + 50 * ctx.energy) * accent)), 1, 127)
            at = bar_start + _swung(offset, ctx.style.swing)
            notes.append(NoteEvent(start=at, duration=min(0.25, ctx.end - at), pitch=note, velocity=velocity))
    return notes


def _fit_groove(groove: DrumPattern, bar_beats: float, compound: bool) -> list[tuple[float, int, float]]:
    """The groove's hits for one bar as (offset, drum, accent), fitted to the bar's length and metre."""
    snare: tuple[float, ...]
    if abs(bar_beats - 4.0) < _EPS and not compound:
        kick, snare, hats = groove.kick, groove.snare, groove.hats
    else:
        pulse = 1.5 if compound else 1.0
        beats = [k * pulse for k in range(int(round(bar_beats / pulse)))]
        kick = (0.0,) + ((beats[len(beats) // 2],) if len(groove.kick) >= 3 and len(beats) >= 4 else ())
        if not groove.snare:
            snare = ()
        elif len(beats) == 3 and not compound:
            snare = (1.0, 2.0)
        else:
            snare = tuple(b for n, b in enumerate(beats) if n % 2 == 1)
        dense = len(groove.hats) > 4
        step = 0.5 if dense or compound else 1.0
        hats = tuple(k * step for k in range(int(round(bar_beats / step)))) if groove.hats else ()
    hits = [(o, 36, 1.0) for o in kick if o < bar_beats - _EPS]
    hits += [(o, groove.snare_note, 1.0) for o in snare if o < bar_beats - _EPS]
    hits += [(o, groove.hat_note, 0.75 if o % 1.0 else 0.85) for o in hats if o < bar_beats - _EPS]
    hits += [(o, 46, 0.8) for o in groove.open_hats if o < bar_beats - _EPS and not compound]
    return hits


# -- bass -------------------------------------------------------------------------------


def _bass(ctx: _Context) -> list[NoteEvent]:
    register = ctx.section.register
    # The bass line is written at home and moved whole, so it only ever changes by octaves.
    octaves = int(register / 12) * 12
    while octaves and not 24 <= ctx.style.registers.bass + octaves <= 64:
        octaves -= 12 if octaves > 0 else -12
    centre = ctx.style.registers.bass
    scale = set(scale_pitch_classes(ctx.key))
    velocity = ctx.velocity(70, 35)
    notes: list[NoteEvent] = []
    for n, span in enumerate(ctx.chords):
        following = ctx.chords[n + 1] if n + 1 < len(ctx.chords) else ctx.chords[0]
        root = _near(chord_bass(span.symbol), centre)
        target = _near(chord_bass(following.symbol), centre)
        for offset, pitch, length in _bass_moves(ctx, span, root, target, scale):
            at = span.start + offset
            duration = min(length, ctx.end - at)
            notes.append(NoteEvent(start=at, duration=duration, pitch=pitch + octaves, velocity=velocity))
    return notes


def _bass_moves(
    ctx: _Context, span: ChordSpan, root: int, target: int, scale: set[int]
) -> list[tuple[float, int, float]]:
    """(offset, pitch, length) of the bass notes under one chord."""
    length = span.end - span.start
    tones = chord_pitch_classes(span.symbol)
    fifth = root + 7 if (tones[0] + 7) % 12 in tones else root + (((tones[-1] - tones[0]) % 12) or 7)
    energy, move = ctx.energy, ctx.style.bass
    if move == "walking" and energy >= 0.35 and length >= 2:
        third = root + ((tones[1] - tones[0]) % 12 if len(tones) > 1 else 4)
        steps = [root, third, fifth, _approach(target, scale, fifth)]
        count = int(length)
        walk = [steps[0]] + steps[1 : count - 1] + [steps[-1]] if count >= 2 else [root]
        return [(float(k), p, 0.95) for k, p in enumerate(walk[:count])]
    if energy < 0.4 or move == "roots" and energy < 0.7:
        if length > 2 and energy >= 0.3:
            return [(0.0, root, length / 2), (length / 2, root, length / 2)]
        return [(0.0, root, length)]
    if energy < 0.7 or move in ("roots", "root-fifth") and length < 4:
        if length >= 2:
            return [(0.0, root, length / 2), (length / 2, fifth, length / 2)]
        return [(0.0, root, length)]
    if move == "pulse":
        eighths = int(length * 2)
        moves = [(k * 0.5, root, 0.45) for k in range(eighths)]
        if target != root and eighths >= 2:
            moves[-1] = (moves[-1][0], _approach(target, scale, root), 0.45)
        return moves
    # Alternating bass: root, the fifth below, root, then a step into the next chord.
    low_fifth = fifth - 12 if fifth - 12 >= 28 else fifth
    quarters = [root, low_fifth, root, _approach(target, scale, root)]
    return [(float(k), p, 0.9) for k, p in enumerate(quarters[: int(length)])]


def _near(pc: int, centre: int) -> int:
    """The pitch of class `pc` nearest `centre`."""
    low = centre - ((centre - pc) % 12)
    return low if centre - low <= 6 else low + 12


def _approach(target: int, scale: set[int], previous: int) -> int:
    """A passing note into `target`: the scale step next to it on the side nearer `previous`."""
    steps = [s for s in (-2, -1, 1, 2) if (target + s) % 12 in scale] or [-1]
    return min((target + s for s in steps), key=lambda p: (abs(p - previous), p))


# -- chords and pads ----------------------------------------------------------------------


def _comp(ctx: _Context, comping: Comping, base_centre: int) -> list[NoteEvent]:
    centre = _clamp(base_centre + ctx.section.register, 30, 100)
    band = 0 if ctx.energy < 0.4 else 1 if ctx.energy < 0.7 else 2
    hits_for_span = _COMP_HITS[comping][band]
    velocity = ctx.velocity(52, 40) if comping == "pad" else ctx.velocity(60, 42)
    notes: list[NoteEvent] = []
    previous: tuple[int, ...] | None = None
    for span in ctx.chords:
        voicing = voice_chord(span.symbol, centre, previous)
        previous = voicing
        length = span.end - span.start
        offsets = [_swung(o, ctx.style.swing) for o in hits_for_span if o < length - _EPS]
        for k, offset in enumerate(offsets):
            until = offsets[k + 1] if k + 1 < len(offsets) else length
            at = span.start + offset
            if comping == "arpeggio":
                cycle = voicing + voicing[-2:0:-1]
                pitch = cycle[k % len(cycle)]
                notes.append(NoteEvent(at, min(until - offset + 0.5, span.end - at), pitch, velocity))
                continue
            hold = 0.35 if comping == "stabs" else (until - offset) * (0.98 if comping == "pad" else 0.9)
            accent = 6 if offset % 1.0 < _EPS else 0
            for voice, pitch in enumerate(voicing):
                # A strum sounds string after string; other comping lands together.
                lag = 0.012 * voice if comping == "strum" else 0.0
                start = at + lag
                duration = min(hold - lag, span.end - start)
                if duration > _EPS:
                    notes.append(NoteEvent(start, duration, pitch, _clamp(velocity + accent, 1, 127)))
    return notes
