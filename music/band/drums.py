"""The drummer: a style's groove bar by bar, crashes into sections, fills and build-ups into choruses, endings.

Hits are (offset in the bar, GM drum note, accent 0..1); the section's energy sets the velocity.
"""

from __future__ import annotations

from dataclasses import replace

from music.band.arrangement import NoteEvent
from music.band.section_context import EPS, SectionContext, clamp
from music.band.style_model import (
    BRUSH_KIT,
    CLAP,
    CRASH,
    CYMBALS,
    FLOOR_TOM,
    HIGH_TOM,
    KICK,
    LOW_TOM,
    MID_TOM,
    OPEN_HAT,
    PEAK,
    SIDE_STICK,
    SNARE,
    TIME_CYMBALS,
    DrumPattern,
    Style,
    driven,
)
from music.song import Cymbal, Song

Hit = tuple[float, int, float]
_SNARES = frozenset({SNARE, CLAP, SIDE_STICK})
_TOMS_SMALL = (SNARE, SNARE, HIGH_TOM, MID_TOM)
_TOMS_LOUD = (HIGH_TOM, MID_TOM, LOW_TOM, SNARE)
_TOMS_BIG = (SNARE, SNARE, HIGH_TOM, HIGH_TOM, MID_TOM, MID_TOM, LOW_TOM, FLOOR_TOM)
_TRIPLETS = (SNARE, SNARE, HIGH_TOM, SNARE, MID_TOM, LOW_TOM)


def kit_program(style: Style, energy: float, program: int) -> int:
    """The drum kit (GM program on channel 10) for a section: brushes when the style plays them quietly.

    Only the style's own kit changes; a kit the musician chose is left alone.
    """
    own = style.part("drums")
    if style.brush_energy and energy < style.brush_energy and own is not None and program == own.program:
        return BRUSH_KIT
    return program


def drum_part(ctx: SectionContext) -> list[NoteEvent]:
    """The drums of one section as notes, timed from the start of the song.

    Every bar plays the groove for the section's energy, keeping time on the section's own
    cymbal when it names one, doubling the time at the peak; a section that starts with some
    energy crashes on its downbeat; the bar (or two) before a chorus (in a song without one,
    before a verse or a solo) carries a fill or, in dance styles, a snare build-up; an outro's
    last bar is one crash and kick on the downbeat, left to ring to the end.
    """
    groove = ctx.style.groove(ctx.energy)
    if ctx.energy >= PEAK and groove.hats:
        # The drummer doubles the time: quarter-note hats go to eighths, eighths to sixteenths.
        groove = replace(groove, hats=driven(groove.hats, 4.0 * groove.bars, gap=0.5))
    base = _on_cymbal(fit_groove(groove, ctx.bar_beats, ctx.compound), ctx.section.cymbal)
    # A groove longer than a bar (a two-bar clave) runs on from the section's first bar.
    cycle = groove.bars if abs(ctx.bar_beats - 4.0) < EPS and not ctx.compound else 1
    scale = 58 + 50 * ctx.energy
    leads_in = ctx.next_kind in landings(ctx.song)
    notes: list[NoteEvent] = []
    for bar in range(ctx.section.bars):
        bar_start = ctx.start + bar * ctx.bar_beats
        window = (bar % cycle) * ctx.bar_beats
        own = [(o - window, d, a) for o, d, a in base if window - EPS <= o < window + ctx.bar_beats - EPS]
        hits = _with_lead_in(ctx, bar, own) if leads_in else own
        if bar == 0 and ctx.energy >= 0.25:
            hits = [h for h in hits if not (h[0] < EPS and h[1] in (*CYMBALS, CRASH))]
            hits.append((0.0, CRASH, 1.0))
        last = bar == ctx.section.bars - 1
        if last and ctx.ending:
            hits = [(0.0, KICK, 1.0), (0.0, CRASH, 1.0)]
        for offset, drum, accent in sorted(hits):
            at = ctx.start + ctx.swung(bar_start - ctx.start + offset)
            ring = ctx.end - at if last and ctx.ending else 0.25
            velocity = clamp(int(round(scale * accent)), 1, 127)
            notes.append(NoteEvent(start=at, duration=min(ring, ctx.end - at), pitch=drum, velocity=velocity))
    return notes


def _on_cymbal(hits: list[Hit], cymbal: Cymbal | None) -> list[Hit]:
    """The groove with its time-keeping strokes (hats, ride) moved to `cymbal`; None keeps them."""
    if cymbal is None:
        return hits
    note = TIME_CYMBALS[cymbal]
    return [(offset, note if drum in CYMBALS else drum, accent) for offset, drum, accent in hits]


def fit_groove(groove: DrumPattern, bar_beats: float, compound: bool) -> list[Hit]:
    """The groove's hits for one bar (or the bars of a longer 4/4 groove), fitted to the bar's length and metre.

    A 4/4 bar plays the pattern as written; other metres keep its character (how many
    kicks, whether there is a backbeat, how dense the cymbal is) on their own pulse.
    """
    if abs(bar_beats - 4.0) < EPS and not compound:
        return list(groove.hits())
    pulse = 1.5 if compound else 1.0
    beats = [k * pulse for k in range(int(round(bar_beats / pulse)))]
    kick = (0.0,) + ((beats[len(beats) // 2],) if len(groove.kick) >= 3 and len(beats) >= 4 else ())
    snare: tuple[float, ...]
    if not groove.snare:
        snare = ()
    elif len(beats) == 3 and not compound:
        snare = (1.0, 2.0)
    else:
        snare = tuple(b for n, b in enumerate(beats) if n % 2 == 1)
    dense = len(groove.hats) > 4
    step = 0.5 if dense or compound else 1.0
    hats = tuple(k * step for k in range(int(round(bar_beats / step)))) if groove.hats else ()
    hits: list[Hit] = [(o, KICK, groove.kick_accent) for o in kick if groove.kick]
    hits += [(o, groove.snare_note, 1.0) for o in snare if o < bar_beats - EPS]
    hits += [(o, groove.hat_note, 0.85 if o % 1.0 < EPS else 0.7) for o in hats if o < bar_beats - EPS]
    if groove.open_hats and not compound:
        hits += [(o, OPEN_HAT, 0.8) for o in groove.open_hats if o < bar_beats - EPS and o % 1.0 > EPS]
    return hits


def _with_lead_in(ctx: SectionContext, bar: int, hits: list[Hit]) -> list[Hit]:
    """The bar's hits with the lead-in to the section that follows written over them, if this bar carries one."""
    from_end = ctx.section.bars - 1 - bar
    big = ctx.into_last_chorus
    if ctx.style.fill == "build":
        length = 2 if big and ctx.section.bars >= 2 else 1
        if from_end >= length:
            return hits
        return _build(hits, ctx.bar_beats, sixteenths=from_end == 0 and big, rolling=length == 1, last=from_end == 0)
    if from_end:
        return hits
    if ctx.style.fill == "triplets":
        return _triplet_fill(hits, ctx.bar_beats, big)
    return _tom_fill(hits, ctx.bar_beats, big, ctx.energy)


def landings(song: Song) -> tuple[str, ...]:
    """The kinds of section a drummer fills into: the choruses, or in a song without one its verses and solos."""
    return ("chorus",) if any(s.kind == "chorus" for s in song.sections) else ("verse", "solo")


def _tom_fill(hits: list[Hit], bar_beats: float, big: bool, energy: float) -> list[Hit]:
    """Sixteenths around the kit over the last beat (two beats before the last chorus), kick under the first."""
    span = min(bar_beats, 2.0 if big else 1.0)
    start = bar_beats - span
    drums = _TOMS_BIG if big else _TOMS_SMALL if energy < 0.6 else _TOMS_LOUD
    count = int(round(span * 4))
    kept = [h for h in hits if h[0] < start - EPS]
    fill = [(start + 0.25 * k, drums[k * len(drums) // count], 0.8 + 0.2 * k / count) for k in range(count)]
    kicks = [(start + b, KICK, 0.9) for b in range(int(span))]
    return kept + fill + kicks


def _triplet_fill(hits: list[Hit], bar_beats: float, big: bool) -> list[Hit]:
    """Triplet eighths between snare and toms over the last two beats (the whole bar before the last chorus)."""
    span = min(bar_beats, 4.0 if big else 2.0)
    start = bar_beats - span
    count = int(round(span * 3))
    kept = [h for h in hits if h[0] < start - EPS or h[1] in CYMBALS and h[0] < start + EPS]
    fill = [(start + k / 3, _TRIPLETS[k % len(_TRIPLETS)], 0.6 + 0.4 * k / count) for k in range(count)]
    return kept + fill + [(start, KICK, 0.8)]


def _build(hits: list[Hit], bar_beats: float, sixteenths: bool, rolling: bool, last: bool) -> list[Hit]:
    """A dance build-up: a snare roll that speeds up into the drop, the kick gone for the last beat.

    A one-bar build goes quarters, eighths, then sixteenths; the two-bar build before the
    last chorus plays a bar of eighths, then a bar of sixteenths.
    """
    kept = [h for h in hits if h[1] not in _SNARES and not (last and h[1] == KICK and h[0] >= bar_beats - 1.0 - EPS)]
    offsets: list[float] = []
    if rolling:
        half, three_quarters = bar_beats / 2, bar_beats * 3 / 4
        offsets += [float(b) for b in range(int(half))]
        offsets += [half + 0.5 * k for k in range(int(round((three_quarters - half) / 0.5)))]
        offsets += [three_quarters + 0.25 * k for k in range(int(round((bar_beats - three_quarters) / 0.25)))]
    else:
        step = 0.25 if sixteenths else 0.5
        offsets = [step * k for k in range(int(round(bar_beats / step)))]
    ramp_from = 0.7 if sixteenths else 0.45
    roll = [(o, SNARE, ramp_from + (1.0 - ramp_from) * o / bar_beats) for o in offsets]
    return kept + roll
