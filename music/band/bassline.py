"""The bassist: a style's bass steps under each chord, walking lines, approach notes, and a held final root.

The line is written around the style's bass register, and stays there.
"""

from __future__ import annotations

from dataclasses import replace

from music.band.arrangement import NoteEvent
from music.band.section_context import EPS, SectionContext
from music.band.style_model import BassStep, BassTone, energy_band
from music.song import ChordSpan
from music.theory.chords import chord_bass, chord_pitch_classes, chord_root, scale_pitch_classes

_LOWEST, _HIGHEST = 28, 60
_LEGATO = 0.1  # beats of silence between two notes that still count as joined
# Compound metres (6/8, 12/8) feel the beat in dotted quarters: one pattern for every style.
_COMPOUND: tuple[tuple[BassStep, ...], ...] = (
    ((0.0, "R", 2.9),),
    ((0.0, "R", 1.4), (1.5, "5", 1.4)),
    ((0.0, "R", 0.9), (1.0, "R", 0.45), (1.5, "5", 0.9), (2.5, "A", 0.45)),
)


def bass_part(ctx: SectionContext) -> list[NoteEvent]:
    """The bass of one section as notes, timed from the start of the song.

    Each chord gets the style's steps for the section's energy (roots when quiet, then
    rhythmic figures, then walking or passing notes); an outro's last bar holds the root.
    The line stays in the style's bass register whatever the section's register: brighter
    and darker move the upper parts, never the bass up an octave or down into mud.
    """
    centre = ctx.style.registers.bass
    scale = frozenset(scale_pitch_classes(ctx.key))
    velocity = ctx.velocity(70, 35)
    steps, period = (
        (_COMPOUND[energy_band(ctx.energy)], 3.0) if ctx.compound else (ctx.style.bass_steps(ctx.energy), 4.0)
    )
    notes: list[NoteEvent] = []
    previous = _near(chord_bass(ctx.chords[0].symbol), centre)
    for n, span in enumerate(ctx.chords):
        following = ctx.chords[n + 1] if n + 1 < len(ctx.chords) else ctx.chords[0]
        root = _near(chord_bass(span.symbol), centre)
        target = _near(chord_bass(following.symbol), centre)
        length = span.end - span.start
        if ctx.ending and ctx.in_last_bar(span):
            moves = [(0.0, root, length)]
        else:
            moves = _line(_tiled(steps, length, period), span, root, target, scale, previous)
        moves = _tied_over(moves, span, following if following.tied and n + 1 < len(ctx.chords) else None, steps, period)
        for offset, pitch, hold in moves:
            at = ctx.start + ctx.swung(span.start - ctx.start + offset)
            late = at - (span.start + offset)
            duration = min(hold - late, ctx.end - at)
            if duration > EPS:
                notes.append(NoteEvent(start=at, duration=duration, pitch=pitch, velocity=velocity))
            previous = pitch
    return _glided(notes, ctx.style.glide) if ctx.style.glide else notes


def _tied_over(
    moves: list[tuple[float, int, float]],
    span: ChordSpan,
    tied: ChordSpan | None,
    steps: tuple[BassStep, ...],
    period: float,
) -> list[tuple[float, int, float]]:
    """The moves under one chord as pushes play them.

    Not again on a downbeat tied over from a push; a push's last note held over the bar line
    until the bass moves again.
    """
    if span.tied:
        moves = [move for move in moves if move[0] > EPS]
    if tied is None or not moves:
        return moves
    again = next((offset for offset, _tone, _hold in _tiled(steps, tied.end - tied.start, period) if offset > EPS), None)
    offset, pitch, _hold = moves[-1]
    return [*moves[:-1], (offset, pitch, span.end - span.start - offset + (again or tied.end - tied.start))]


def _glided(notes: list[NoteEvent], beats: float) -> list[NoteEvent]:
    """The line with each note played legato into a different next note sliding up or down to it (within an octave)."""
    out = list(notes)
    for k, (note, after) in enumerate(zip(notes, notes[1:], strict=False)):
        step = after.pitch - note.pitch
        legato = after.start - (note.start + note.duration) <= _LEGATO
        if legato and step and abs(step) <= 12 and note.duration > beats:
            out[k] = replace(note, slide=step, slide_beats=beats)
    return out


def _tiled(steps: tuple[BassStep, ...], length: float, period: float) -> list[BassStep]:
    """The steps written for one `period`, repeated or cut to fill a chord `length` beats long."""
    result: list[BassStep] = []
    shift = 0.0
    while shift < length - EPS:
        for offset, tone, hold in steps:
            at = shift + offset
            if at < length - EPS:
                result.append((at, tone, min(hold, length - at)))
        shift += period
    return result


def _line(
    steps: list[BassStep], span: ChordSpan, root: int, target: int, scale: frozenset[int], previous: int
) -> list[tuple[float, int, float]]:
    """(offset, pitch, length) of each step under one chord."""
    tones = chord_pitch_classes(span.symbol)
    chord = chord_root(span.symbol)
    walking = [k for k, step in enumerate(steps) if step[1] == "W"]
    walk = _walk(len(walking), root, target, tones, chord, scale, final=bool(walking) and walking[-1] == len(steps) - 1)
    result = []
    for k, (offset, tone, hold) in enumerate(steps):
        if tone == "W":
            pitch = walk[walking.index(k)]
        else:
            pitch = _tone(tone, root, target, tones, chord, scale, previous)
        result.append((offset, pitch, hold))
        previous = pitch
    return result


def _tone(
    tone: BassTone, root: int, target: int, tones: tuple[int, ...], chord: int, scale: frozenset[int], previous: int
) -> int:
    """The pitch a bass step names under the chord."""
    if tone == "R":
        return root
    if tone == "5":
        return _above(root, _fifth(chord, tones))
    if tone == "5-":
        low = _above(root, _fifth(chord, tones)) - 12
        return low if low >= _LOWEST else low + 12
    if tone == "8":
        return root + 12 if root + 12 <= _HIGHEST else root
    if tone == "3":
        return _above(root, _third(chord, tones))
    if tone == "6":
        return root + 9
    if tone == "7":
        seventh = next(((chord + i) % 12 for i in (10, 11) if (chord + i) % 12 in tones), None)
        return _above(root, seventh) if seventh is not None else root + 12
    if tone == "C":
        return _chromatic(target, previous)
    return _approach(target, scale, previous)


def _walk(
    count: int, root: int, target: int, tones: tuple[int, ...], chord: int, scale: frozenset[int], final: bool
) -> list[int]:
    """A walking line of `count` quarter notes from the root, stepping into the next chord when `final`.

    Up through the chord (root, third, fifth, sixth or seventh) when the next root lies
    above or level, down the scale when it lies below; the last note is a half step into
    the next root, from the side the line comes from.
    """
    if count == 0:
        return []
    body = count - 1 if final and count > 1 else count
    if target >= root and root + 9 <= _HIGHEST:
        climb = [_above(root, _third(chord, tones)), _above(root, _fifth(chord, tones))]
        climb.append(climb[-1] + next((s for s in (2, 1, 3) if (climb[-1] + s) % 12 in scale), 2))
        line = [root, *climb]
    else:
        below = [p for p in range(root - 1, root - 13, -1) if p % 12 in scale and p >= _LOWEST]
        line = [root, *below]
    notes = [line[k % len(line)] for k in range(body)]
    if final and count > 1:
        last = notes[-1]
        step = _chromatic(target, last)
        notes.append(step if step != last else 2 * target - step)
    return notes


def _near(pc: int, centre: int) -> int:
    """The pitch of class `pc` nearest `centre`."""
    low = centre - ((centre - pc) % 12)
    return low if centre - low <= 6 else low + 12


def _above(base: int, pc: int) -> int:
    """The first pitch of class `pc` above `base` (an octave up if it is `base`'s own class)."""
    return base + ((pc - base) % 12 or 12)


def _fifth(chord: int, tones: tuple[int, ...]) -> int:
    """The chord's fifth (diminished or augmented if that is what it has)."""
    return next(((chord + i) % 12 for i in (7, 6, 8) if (chord + i) % 12 in tones), (chord + 7) % 12)


def _third(chord: int, tones: tuple[int, ...]) -> int:
    """The chord's third, or the suspended note that stands in for it."""
    return next(((chord + i) % 12 for i in (4, 3, 5, 2) if (chord + i) % 12 in tones), (chord + 7) % 12)


def _approach(target: int, scale: frozenset[int], previous: int) -> int:
    """A passing note into `target`: the scale step next to it on the side nearer `previous`."""
    steps = [s for s in (-2, -1, 1, 2) if (target + s) % 12 in scale] or [-1]
    return min((target + s for s in steps), key=lambda p: (abs(p - previous), p))


def _chromatic(target: int, previous: int) -> int:
    """The half step into `target` from the side `previous` comes from (below when level)."""
    return target + 1 if previous > target else target - 1
