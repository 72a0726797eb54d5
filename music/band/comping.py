"""The keyboard and guitar player: comping rhythms and voicings (close, open, power, shell, sevenths, ninths).

Pads hold each chord; the chord part plays the style's pattern for the section's energy.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from music.band.arrangement import NoteEvent
from music.band.section_context import EPS, SectionContext, clamp, tile
from music.band.style_model import PEAK, Comp, Voicing, driven, energy_band
from music.song import ChordSpan, Key
from music.theory.chords import (
    chord_pitch_classes,
    chord_quality,
    chord_root,
    scale_pitch_classes,
    split_symbol,
    voice_chord,
)

_PAD = Comp((0.0,), hold=0.98)
# Compound metres (6/8, 12/8): onsets per dotted-half span, quiet to loud.
_COMPOUND_HITS = ((0.0,), (0.0, 1.5), (0.0, 1.0, 1.5, 2.5))
_COMPOUND_ARPEGGIO = ((0.0, 1.0, 1.5, 2.5), (0.0, 0.5, 1.0, 1.5, 2.0, 2.5), (0.0, 0.5, 1.0, 1.5, 2.0, 2.5))
_STRUM_LAG = 0.012
# Low interval limits: the lowest note (MIDI) on which an interval of n semitones still sounds
# clear rather than muddy, as arrangers teach it (a major third on Bb2, a fifth on Bb1).
_LOW_INTERVAL_LIMITS = {1: 52, 2: 51, 3: 48, 4: 46, 5: 45, 6: 46, 7: 34, 8: 43, 9: 41, 10: 41, 11: 41}
# Around the voice: how far a voicing reaches either side of its centre, the lowest centre that
# stays clear of mud below a singer (G3) and the highest a pad climbs above one (C6).
_SPREAD, _CLEAR, _PAD_HIGHEST = 5, 55, 84
_STEPS = (5, 7, 12)  # the moves that take a voicing off the voice: a fourth, a fifth, an octave
# The lowest note a chord instrument has, by General MIDI program: guitars go down to E2.
_GUITARS, _GUITAR_LOWEST, _KEYBOARD_LOWEST = range(24, 32), 40, 21


def lowest_note(program: int) -> int:
    """The lowest note an instrument of General MIDI `program` can play (guitars E2, the rest a piano's A0)."""
    return _GUITAR_LOWEST if program in _GUITARS else _KEYBOARD_LOWEST


def clear_of_mud(voicing: tuple[int, ...], lowest: int = _KEYBOARD_LOWEST) -> tuple[int, ...]:
    """A voicing an arranger would write low down, clear of mud.

    Nothing sits under the instrument's `lowest` note and no interval under its low limit
    (a major third not below Bb2, a fifth not below Bb1). A muddy voicing becomes the clear one of the same notes whose mean pitch is nearest its
    own: another inversion (G2 Bb2 D3 -> Bb2 D3 G3), or else the same chord opened upwards
    (Ab2 C3 Eb3 -> Ab2 Eb3 C4).
    """
    notes = tuple(sorted(p + 12 * -(-(lowest - p) // 12) if p < lowest else p for p in voicing))
    if _clear(notes):
        return notes
    target = sum(voicing) / len(voicing)
    candidates = [_opened(notes)]
    pcs = sorted({p % 12 for p in notes}, key=lambda pc: (pc - notes[0]) % 12)
    for rotation in range(len(pcs)):
        order = pcs[rotation:] + pcs[:rotation]
        for low in range(max(lowest, notes[0] - 12), notes[0] + 13):
            if low % 12 != order[0]:
                continue
            stack = [low]
            for pc in order[1:]:
                stack.append(stack[-1] + ((pc - stack[-1]) % 12 or 12))
            stack += [p + 12 for p in stack[: len(notes) - len(stack)]]  # doubled notes stay doubled
            if _clear(tuple(sorted(stack))):
                candidates.append(tuple(sorted(stack)))
    return min(candidates, key=lambda c: (abs(sum(c) / len(c) - target), c))


def _clear(notes: tuple[int, ...]) -> bool:
    return all(not (0 < b - a < 12 and a < _LOW_INTERVAL_LIMITS[b - a]) for a, b in zip(notes, notes[1:], strict=False))


def _opened(notes: tuple[int, ...]) -> tuple[int, ...]:
    """The chord with each note that sits too close above a low one moved up an octave."""
    opened = list(notes)
    while not _clear(tuple(opened)):
        k = next(k for k in range(1, len(opened)) if 0 < opened[k] - opened[k - 1] < 12
                 and opened[k - 1] < _LOW_INTERVAL_LIMITS[opened[k] - opened[k - 1]])  # fmt: skip
        opened[k] += 12
        opened.sort()
    return tuple(dict.fromkeys(opened))


def chord_part(ctx: SectionContext, pad: bool = False, lowest: int = _KEYBOARD_LOWEST) -> list[NoteEvent]:
    """The chord part (or, with `pad`, the pad) of one section as notes, timed from the song start.

    Quiet sections hold their chords, louder ones play the style's rhythm; an outro's
    last bar holds its final chord to the end. The section's register moves the voicings,
    never under the instrument's `lowest` note nor into mud (see `clear_of_mud`).
    """
    registers = ctx.style.registers
    home = registers.pad if pad else registers.chords
    centre = clamp(around_the_voice(home, ctx, pad) + ctx.section.register, 30, 100)
    comp = _PAD if pad else ctx.style.comp(ctx.energy)
    if not pad and ctx.energy >= PEAK and not comp.cycle:
        comp = replace(comp, hits=driven(comp.hits))
    period = 4.0
    if ctx.compound and not pad:
        band = energy_band(ctx.energy)
        hits = (_COMPOUND_ARPEGGIO if comp.manner == "arpeggio" else _COMPOUND_HITS)[band]
        comp = Comp(hits, comp.manner, comp.voicing, comp.hold if comp.manner != "stabs" else 0.9)
        period = 3.0
    velocity = ctx.velocity(52, 40) if pad else ctx.velocity(60, 42)
    notes: list[NoteEvent] = []
    previous: tuple[int, ...] | None = None
    for n, span in enumerate(ctx.chords):
        voicing, previous = voice(comp.voicing, span.symbol, centre, previous, ctx.key)
        voicing = clear_of_mud(voicing, lowest)
        length = span.end - span.start
        if ctx.ending and ctx.in_last_bar(span):
            notes.extend(NoteEvent(span.start, length, p, velocity) for p in voicing)
            continue
        offsets = _struck(ctx, comp, span, period)
        # A push rings on over the downbeat it is tied to, until the chord is struck again.
        tied = ctx.chords[n + 1] if n + 1 < len(ctx.chords) and ctx.chords[n + 1].tied else None
        rings = span.end + (_struck(ctx, comp, tied, period) or [tied.end - tied.start])[0] if tied else span.end
        for k, offset in enumerate(offsets):
            until = offsets[k + 1] if k + 1 < len(offsets) else rings - span.start
            at = span.start + offset
            if comp.manner == "arpeggio":
                cycle = voicing + voicing[-2:0:-1]
                notes.append(NoteEvent(at, min(until - offset + 0.5, rings - at), cycle[k % len(cycle)], velocity))
                continue
            hold = comp.hold if comp.manner == "stabs" else (until - offset) * comp.hold
            accent = 6 if abs(offset - round(offset)) < EPS or tied is not None else 0
            for string, pitch in enumerate(voicing):
                # A strum sounds string after string; other comping lands together.
                lag = _STRUM_LAG * string if comp.manner == "strum" else 0.0
                duration = min(hold - lag, rings - at - lag)
                if duration > EPS:
                    notes.append(NoteEvent(at + lag, duration, pitch, clamp(velocity + accent, 1, 127)))
    return notes


def around_the_voice(centre: int, ctx: SectionContext, pad: bool) -> int:
    """The centre a voicing takes so that it sits around the singer, not on top of the sung line.

    A voicing spans about half an octave either side of its centre. Where that covers the
    middle of the section's sung line, it moves by a fourth, a fifth or an octave (or else just
    clear of it) to one side of it, the same side all song long: chords below the singer unless
    that would be muddy (under G3), a pad above unless that climbs past C6. Small changes to the
    tune leave it be.
    """
    if ctx.voice is None or ctx.song_voice is None or _off_the_voice(centre, ctx.voice):
        return centre
    song_low, song_high = ctx.song_voice
    up = song_high + _SPREAD + 1 <= _PAD_HIGHEST if pad else song_low - _SPREAD - 1 < _CLEAR
    low, high = ctx.voice
    moves = (step if up else -step for step in _STEPS)
    edge = high + _SPREAD + 1 if up else low - _SPREAD - 1
    return next((centre + move for move in moves if _off_the_voice(centre + move, ctx.voice)), edge)


def _off_the_voice(centre: int, voice: tuple[int, int]) -> bool:
    """True when a voicing around `centre` stays off the middle of the sung line."""
    low, high = voice
    return centre + _SPREAD < low or centre - _SPREAD > high


def _struck(ctx: SectionContext, comp: Comp, span: ChordSpan, period: float) -> list[float]:
    """Where the comp strikes a chord, in beats from the chord's start: not on the downbeat a push is tied over."""
    lead_in = span.start - ctx.start
    length = span.end - span.start
    swung = [ctx.swung(lead_in + o) - lead_in for o in _onsets(comp, lead_in, length, period)]
    return [o for o in swung if o < length - EPS and not (span.tied and o < EPS)]


def _onsets(comp: Comp, lead_in: float, length: float, period: float) -> list[float]:
    """A chord's onsets from its own start: the comp's pattern from the chord on, or its cycle's grid from the section on."""
    if not comp.cycle:
        return tile(comp.hits, length, period)
    first = lead_in - lead_in % comp.cycle
    grid = [first + o - lead_in for o in tile(comp.hits, lead_in + length - first, comp.cycle)]
    return [o for o in grid if -EPS < o < length - EPS]


def voice(
    kind: Voicing, symbol: str, centre: int, previous: tuple[int, ...] | None, key: Key
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The notes to play for `symbol` in voicing `kind`, and the upper voicing the next chord leads from.

    close: three to five notes packed near `centre`; open: the same with the root an
    octave or more below; power: root and fifth doubled (close when the fifth is not
    perfect); shell: rootless third and seventh with a diatonic ninth; seventh: the triad
    with its diatonic seventh; rhodes: sevenths and ninths, the fifth (then root) left out.
    Every kind keeps its mean near `centre`, so a higher register always sounds higher.
    """
    if kind in ("close", "open"):
        upper = voice_chord(symbol, centre, previous)
        if kind == "close":
            return upper, upper
        root_pc = chord_root(symbol)
        low = upper[0] - ((upper[0] - root_pc) % 12 or 12)
        return ((low, *upper) if low >= 28 else upper), upper
    if kind == "power":
        root, _suffix, _bass = split_symbol(symbol)
        tones = chord_pitch_classes(symbol)
        fifth_is_perfect = (chord_root(symbol) + 7) % 12 in tones
        upper = voice_chord(root + "5" if fifth_is_perfect else symbol, centre, previous)
        return upper, upper
    upper = _stack(_extended(symbol, key, kind), centre, previous)
    return upper, upper


def _extended(symbol: str, key: Key, kind: Voicing) -> tuple[int, ...]:
    """The pitch classes a jazz, hip-hop or R&B player would voice for `symbol` in `key`."""
    root_name, suffix, _bass = split_symbol(symbol)
    tones = chord_pitch_classes(root_name + suffix)
    root = chord_root(symbol)
    intervals = {(pc - root) % 12 for pc in tones}
    scale = set(scale_pitch_classes(key))
    quality = chord_quality(symbol)
    in_key = {i for i in range(12) if (root + i) % 12 in scale}
    if not intervals & {9, 10, 11} and quality in ("major", "minor", "suspended"):
        sevenths = (10,) if quality == "minor" else (11, 10)
        intervals |= {next((i for i in sevenths if i in in_key), 0)}
    if kind == "seventh":
        if len(intervals) > 4:
            intervals.discard(7)
        return tuple((root + i) % 12 for i in sorted(intervals))
    if quality not in ("diminished", "power") and 2 in in_key and 1 not in intervals:
        intervals.add(2)
    if kind == "shell":
        guide = {i for i in intervals if i in (1, 2, 3, 4, 5, 9, 10, 11) or quality in ("diminished", "augmented")}
        intervals = guide - {0} if len(guide - {0}) >= 2 else intervals
    else:
        for drop in (7, 0):
            if len(intervals) > 4:
                intervals.discard(drop)
    return tuple((root + i) % 12 for i in sorted(intervals))


@lru_cache(maxsize=8192)
def _stack(pcs: tuple[int, ...], centre: int, previous: tuple[int, ...] | None) -> tuple[int, ...]:
    """A close stack of `pcs` whose mean lies near `centre`, moving least from `previous`."""
    candidates: list[tuple[int, ...]] = []
    for rotation in range(len(pcs)):
        order = pcs[rotation:] + pcs[:rotation]
        for low in range(centre - 24, centre + 13):
            if low % 12 != order[0]:
                continue
            stack = [low]
            for pc in order[1:]:
                stack.append(stack[-1] + ((pc - stack[-1]) % 12 or 12))
            if stack[0] >= 0 and stack[-1] <= 127:
                candidates.append(tuple(stack))
    near = [c for c in candidates if abs(_mean(c) - centre) <= 3.5]
    pool = near or sorted(candidates, key=lambda c: abs(_mean(c) - centre))[:3]

    def cost(voicing: tuple[int, ...]) -> tuple[float, tuple[int, ...]]:
        distance = abs(_mean(voicing) - centre)
        if previous:
            moved = sum(min(abs(a - b) for b in voicing) for a in previous)
            moved += sum(min(abs(a - b) for a in previous) for b in voicing)
            return moved / 2 + 0.5 * distance, voicing
        return distance, voicing

    return min(pool, key=cost)


def _mean(notes: tuple[int, ...]) -> float:
    return sum(notes) / len(notes)
