"""Pitches for a timed melody: the best singable path through a voice's range over the section's chords.

A search over every note's candidate pitches: chord tones on strong beats (and on stresses
pushed ahead of them), scale tones between; steps and skips of a third are cheap, leaps dear
and turned back by a step; phrases arch; a chorus peaks on one note, leapt up to, and its
motif returns in the contour (and where the chords allow, the notes) of its first singing.
"""

from __future__ import annotations

import logging
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from music.song import Key, Section
from music.song import chord_at as sounding
from music.theory.chords import chord_pitch_classes, chord_root, scale_pitch_classes, split_symbol, tonic_pc
from music.words.phrasing import Slot
from music.words.prosody import BEAT, STRONG, Metre, anticipated_beat, felt_strength

logger = logging.getLogger(__name__)

_EPS = 1e-6
# Cost of moving by each interval in semitones (index): steps are free, a repeat or a third nearly,
# so lines skip through their chords as sung tunes do.
_INTERVAL = (0.6, 0.0, 0.05, 0.45, 0.55, 2.6, 6.0, 3.6, 7.0, 7.5, 10.0, 12.0, 9.0)
# The older, steadier costs, for a short line whose chords would make the skips outnumber the steps.
_STEADY = (0.5, 0.0, 0.0, 1.2, 1.6, 3.0, 6.0, 4.0, 7.0, 7.5, 10.0, 12.0, 9.0)
# And, for a line whose arch would still skip too often, skips made dear.
_STRICT = tuple(cost + (3.0 if size > 2 else 0.0) for size, cost in enumerate(_STEADY))
_STEPS = 0.65  # the least share of steps and repeats a sung line keeps
_ECHO = 0.8  # per semitone away from the motif's first singing
_NO_LEAP = 8.0  # a chorus peak not leapt up to
_AWAY = 2.0  # a chorus peak off its middle line
_BREATH = 4.0  # a chorus peak at a line's end, stepped back from only after the breath
_TONIC = 1.2  # a stressed strong syllable that could sing the tonic and does not
_UNRESOLVED = 25.0  # a leap not turned back by a step
_OFF_TEMPLATE = 40.0  # moving against the shared contour
_SHAPE = 0.35  # per semitone away from the phrase's arch
_BROKEN = 60.0  # a peak whose line leaves a leap hanging or moves too little by step


@dataclass(frozen=True)
class Band:
    """Where a section sings: lowest and highest pitch, the base its phrases arch above, the arch heights.

    A chorus has `peak_above`: its single highest note is a chord tone just above that
    pitch (whichever of the lowest few sings best, nearness to `peak_target` breaking
    ties), and every other note stays below it; `leap_to_peak` is the least interval the
    note before the peak leaps up by. `seed` leans the choice of peak one way or another.
    """

    low: int
    high: int
    base: int
    arches: tuple[float, ...] = field(default=(3.0, 5.0, 2.0, 6.0))
    peak_above: int | None = None
    peak_target: int | None = None
    rising: float = 0.0
    leap_to_peak: int = 0
    seed: int = 0


def chord_at(section: Section, beat: float, metre: Metre) -> str:
    """The chord symbol sounding at `beat` (from the section start), pushes and holds included."""
    return sounding(section, beat, metre.bar_beats)


@lru_cache(maxsize=1024)
def chord_tones(symbol: str) -> frozenset[int]:
    """Pitch classes of the chord itself (a slash bass outside the chord is not a melody chord tone)."""
    root, suffix, _bass = split_symbol(symbol)
    return frozenset(chord_pitch_classes(root + suffix))


@lru_cache(maxsize=1024)
def _passing_tones(symbol: str, key: Key) -> frozenset[int]:
    """Scale tones that sit well over the chord: its own tones, and scale notes not a semitone from a borrowed one."""
    tones = chord_tones(symbol)
    borrowed = [pc for pc in tones if pc not in scale_pitch_classes(key)]
    clashing = {(pc + d) % 12 for pc in borrowed for d in (-1, 1)} - tones
    return frozenset((set(scale_pitch_classes(key)) - clashing) | tones)


@lru_cache(maxsize=1024)
def _held_tones(symbol: str, key: Key) -> frozenset[int]:
    """Passing tones that may be held a beat: none a semitone above a chord tone or a semitone from its third."""
    tones = chord_tones(symbol)
    root = chord_root(symbol)
    thirds = [t for t in tones if (t - root) % 12 in (3, 4)]
    rubbing = {(t + 1) % 12 for t in tones} | {(t + d) % 12 for t in thirds for d in (-1, 1)}
    return frozenset(pc for pc in _passing_tones(symbol, key) if pc in tones or pc not in rubbing)


def sounding_chords(slots: Sequence[Slot], section: Section, metre: Metre) -> list[str]:
    """The chord each note belongs to: the one at its onset, or the one it is pushed ahead of."""
    return [chord_at(section, anticipated_beat(s.start, s.duration, metre), metre) for s in slots]


def directions(reference: Sequence[int], reference_slots: Sequence[Slot], slots: Sequence[Slot]) -> list[int | None]:
    """The reference tune's contour laid on new slots: the direction (-1, 0, 1) each new note should move.

    Sung notes follow the reference's syllables in order; notes without a syllable move freely.
    """
    sung = [p for p, s in zip(reference, reference_slots, strict=True) if s.lyric is not None]
    if not sung:
        if len(reference) != len(slots):
            return [None] * len(slots)
        return [None] + [_sign(b - a) for a, b in zip(reference, reference[1:], strict=False)]
    result: list[int | None] = []
    syllable = -1
    for k, slot in enumerate(slots):
        if slot.lyric is None:
            result.append(None)
            continue
        syllable += 1
        follows_syllable = k > 0 and slots[k - 1].lyric is not None
        if syllable == 0 or not follows_syllable or syllable >= len(sung):
            result.append(None)
        else:
            result.append(_sign(sung[syllable] - sung[syllable - 1]))
    return result


def choose_pitches(
    slots: Sequence[Slot],
    section: Section,
    key: Key,
    metre: Metre,
    band: Band,
    template: Sequence[int | None] | None = None,
    echo: Sequence[int | None] | None = None,
) -> list[int]:
    """The pitch of every slot: the cheapest singable path (see the module's rules); mostly steps.

    Where skipping through the chords would leave fewer than two notes in three moving by
    step, or a leap hanging, the line is sung again with the steadier costs, then with
    skips made dear.

    Args:
        slots: The timed notes, in order.
        section: The section (its chords).
        key: The key in force.
        metre: The section's metre.
        band: Where the section sings.
        template: Optional direction per note (from `directions`) to keep a shared contour.
        echo: Optional pitch per note to come back to (a motif's first singing), where the chords allow.

    Returns:
        One MIDI pitch per slot.
    """
    takes = []
    for intervals in (_INTERVAL, _STEADY, _STRICT):
        path = _choose(slots, section, key, metre, band, template, echo, intervals)
        if sings_well(path):
            return path
        takes.append(path)
    # No take keeps every rule: the one that breaks them least.
    return min(takes, key=lambda p: (hanging_leaps(p), not sings_well(p, _STEPS - 0.05), -stepwise(p)))


def sings_well(path: Sequence[int], steps: float = _STEPS) -> bool:
    """Whether a line keeps the singer's rules: at least `steps` of its moves by step, every leap turned back by one."""
    return stepwise(path) >= steps and not hanging_leaps(path)


def stepwise(path: Sequence[int]) -> float:
    """The share of a line's moves that are steps (a whole tone or less) or repeats; 1 for a line of one note."""
    moves = [abs(b - a) for a, b in zip(path, path[1:], strict=False)]
    return sum(1 for move in moves if move <= 2) / len(moves) if moves else 1.0


def hanging_leaps(path: Sequence[int]) -> int:
    """Leaps of a fourth or more not turned back by a step the other way."""
    moves = [b - a for a, b in zip(path, path[1:], strict=False)]
    return sum(
        1
        for k, move in enumerate(moves)
        if abs(move) >= 5 and not (k + 1 < len(moves) and 1 <= abs(moves[k + 1]) <= 2 and moves[k + 1] * move < 0)
    )


def _choose(
    slots: Sequence[Slot],
    section: Section,
    key: Key,
    metre: Metre,
    band: Band,
    template: Sequence[int | None] | None,
    echo: Sequence[int | None] | None,
    intervals: tuple[float, ...],
) -> list[int]:
    """One search for every slot's pitch, moving by `intervals` costs (see `choose_pitches`)."""
    chords = sounding_chords(slots, section, metre)
    targets = _targets(slots, section, metre, band)
    final_pc = tonic_pc(key) if section.kind in ("chorus", "outro") else chord_root(chords[-1])
    turns = [s.lyric is None and s.word is not None for s in slots]
    home = tonic_pc(key) if section.kind == "chorus" else None  # a chorus anchors its hook on the tonic

    def solve(peak_at: int | None, peak: int | None, leap: int = 0) -> tuple[list[int], float]:
        ceiling = peak - 1 if peak is not None else band.high
        candidates = []
        for k, slot in enumerate(slots):
            if k == peak_at and peak is not None:
                candidates.append([peak])
                continue
            tones = chord_tones(chords[k])
            first_of_line = k == 0 or slots[k - 1].line != slot.line
            held = slot.lyric is not None and slot.duration >= 2.0 - _EPS
            landing = anticipated_beat(slot.start, slot.duration, metre)
            needs_chord = metre.strength(landing) == STRONG or landing != slot.start or first_of_line or held
            if needs_chord:
                allowed = tones
            elif slot.duration >= 1.0 - _EPS:
                allowed = _held_tones(chords[k], key)
            else:
                allowed = _passing_tones(chords[k], key)
            top = ceiling
            if peak is not None and peak_at is not None and k == peak_at - 1 and leap:
                top = min(ceiling, peak - leap)  # the peak is leapt up to
            pool = [p for p in range(band.low, top + 1) if p % 12 in allowed]
            if not pool:  # a band too narrow for this chord: take the nearest chord tone below it
                pool = [max(p for p in range(band.low - 12, top + 1) if p % 12 in tones)]
            candidates.append(pool)
        node = [[_node_cost(k, p, slots, chords, targets, metre, final_pc, home, echo) for p in candidates[k]]
                for k in range(len(slots))]  # fmt: skip
        return _cheapest_path(candidates, node, template, turns, intervals)

    choices = _peaks(slots, chords, metre, band)
    if not choices:
        return solve(None, None)[0]
    target = band.peak_target if band.peak_target is not None else band.high
    # The peak (note and pitch) that gives the most singable whole section wins; a long
    # stressed note and nearness to the target break ties.
    best: tuple[float, list[int]] | None = None
    # A peak reached by step costs more than one leapt up to, but is there when no leap sings well.
    leaps = ((band.leap_to_peak, 0.0), (0, _NO_LEAP)) if band.leap_to_peak else ((0, 0.0),)
    for rank, (at, pitch, placing) in enumerate(choices):
        # The seed leans towards one peak or another, so another take sings another tune.
        lean = (zlib.crc32(f"{band.seed}|{at}|{pitch}".encode()) % 1000) / 1000 if band.seed else 0.0
        for leap, missed in leaps:
            path, cost = solve(at, pitch, leap)
            cost += 0.5 * abs(pitch - target) + 0.01 * rank + 3.0 * lean + missed + placing
            if not sings_well(path):
                cost += _BROKEN
            if best is None or cost < best[0]:
                best = (cost, path)
    return best[1] if best else solve(None, None)[0]


def _peaks(slots: Sequence[Slot], chords: list[str], metre: Metre, band: Band) -> list[tuple[int, int, float]]:
    """Where a chorus may peak, best first: (note, pitch, what the place costs) for strong-beat notes.

    Long stressed notes come first; each may take the lowest few chord tones above the
    verses (or, when the voice has no room above them, its highest chord tone). A peak off
    the middle line costs a little; one whose step back waits for the next line costs more,
    and is there for a chorus whose in-line peaks cannot be stepped back from.
    """
    if band.peak_above is None or not slots:
        return []
    lines = sorted({s.line for s in slots})
    # The middle line peaks; another take (seed) may peak on another line after the title's.
    middle = lines[1 + (len(lines) // 2 - 1 + band.seed) % (len(lines) - 1)] if len(lines) > 1 else lines[0]
    strong = [k for k, s in enumerate(slots) if felt_strength(s.start, s.duration, metre) == STRONG]
    across: list[int] = []
    if band.leap_to_peak:  # a leap needs a note before it to leap from and one after to step back
        inner = [k for k in strong if 0 < k < len(slots) - 1]
        across = [k for k in inner if slots[k + 1].line != slots[k].line]
        strong = [k for k in inner if k not in across] or strong

    def first(pool: list[int], count: int) -> list[int]:
        return sorted(pool, key=lambda k: (not slots[k].stressed, -slots[k].duration, k))[:count]

    pool = [(k, 0.0) for k in first([k for k in strong if slots[k].line == middle] or strong, 4)]
    # Other lines after the first may peak too, when the middle one cannot sing it well.
    pool += [(k, _AWAY) for k in first([k for k in strong if slots[k].line not in (middle, lines[0])], 3)]
    pool += [(k, _BREATH + (0.0 if slots[k].line == middle else _AWAY)) for k in first(across, 3)]
    choices: list[tuple[int, int, float]] = []
    for at, placing in pool:
        tones = chord_tones(chords[at])
        above = [p for p in range(band.peak_above + 1, band.high + 1) if p % 12 in tones]
        if not above:
            logger.info(
                "no chord tone above %d fits the voice; the chorus cannot peak above the verses", band.peak_above
            )
            above = [max([p for p in range(band.low, band.high + 1) if p % 12 in tones] or [band.high])]
        choices.extend((at, pitch, placing) for pitch in above[:3])
    return choices


def _targets(slots: Sequence[Slot], section: Section, metre: Metre, band: Band) -> list[float]:
    """The arch each phrase follows: from the base up to the phrase's height and back."""
    total = section.bars * metre.bar_beats
    by_line: dict[int, list[int]] = {}
    for k, slot in enumerate(slots):
        by_line.setdefault(slot.line, []).append(k)
    targets = [float(band.base)] * len(slots)
    for line, members in by_line.items():
        # A phrase of few notes arches less: its notes are far apart and should still move by step.
        height = band.arches[line % len(band.arches)] * min(1.0, len(members) / 8)
        for j, k in enumerate(members):
            progress = j / (len(members) - 1) if len(members) > 1 else 0.5
            rise = band.rising * slots[k].start / total
            targets[k] = band.base + rise + height * math.sin(math.pi * progress)
    return targets


def _node_cost(
    k: int,
    pitch: int,
    slots: Sequence[Slot],
    chords: list[str],
    targets: list[float],
    metre: Metre,
    final_pc: int,
    home: int | None,
    echo: Sequence[int | None] | None,
) -> float:
    slot = slots[k]
    wanted = echo[k] if echo is not None and k < len(echo) else None
    cost = _SHAPE * abs(pitch - targets[k]) if wanted is None else _ECHO * abs(pitch - wanted)
    landing = felt_strength(slot.start, slot.duration, metre)
    tones = chord_tones(chords[k])
    if slot.stressed and landing >= BEAT and pitch % 12 not in tones:
        cost += 1.0  # an accented syllable sounds best on a chord tone
    if home is not None and slot.stressed and landing == STRONG and home in tones and pitch % 12 != home:
        cost += _TONIC  # and the tonic, where the chord has it, anchors the key
    if k == len(slots) - 1 and pitch % 12 != final_pc:
        cost += 1.5  # the section comes home
    return cost


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def _cheapest_path(
    candidates: list[list[int]],
    node: list[list[float]],
    template: Sequence[int | None] | None,
    turns: Sequence[bool],
    intervals: tuple[float, ...] = _INTERVAL,
) -> tuple[list[int], float]:
    """Viterbi over (pitch, pending leap direction): a leap must be answered by a step the other way.

    `turns` marks a melisma's second note, which must leave the syllable's pitch.
    """
    inf = math.inf
    # State index: candidate index * 3 + pending (0 none, 1 a leap up waits, 2 a leap down waits).
    cost = [inf] * (len(candidates[0]) * 3)
    for c, value in enumerate(node[0]):
        cost[c * 3] = value
    backs: list[list[int]] = [[-1] * len(cost)]
    for k in range(1, len(candidates)):
        previous, here = candidates[k - 1], candidates[k]
        wanted = template[k] if template is not None and k < len(template) else None
        new = [inf] * (len(here) * 3)
        back = [-1] * len(new)
        for c, pitch in enumerate(here):
            for pc_index, before in enumerate(previous):
                step = pitch - before
                size = abs(step)
                if size >= len(intervals):
                    continue
                move = intervals[size] + node[k][c]
                if wanted is not None and _sign(step) != wanted:
                    move += _OFF_TEMPLATE
                if turns[k] and size == 0:
                    move += 4.0
                pending = (1 if step > 0 else 2) if size >= 5 else 0
                for waiting in range(3):
                    total = cost[pc_index * 3 + waiting]
                    if total == inf:
                        continue
                    if waiting and not (1 <= size <= 2 and _sign(step) == (-1 if waiting == 1 else 1)):
                        total += _UNRESOLVED
                    total += move
                    state = c * 3 + pending
                    if total < new[state]:
                        new[state], back[state] = total, pc_index * 3 + waiting
        if all(value == inf for value in new):  # nothing reachable: jump freely rather than fail
            best = min(range(len(cost)), key=lambda s: cost[s])
            new = [cost[best] + 20.0 + node[k][c] if s % 3 == 0 else inf for c in range(len(here)) for s in (0, 1, 2)]
            back = [best] * len(new)
        cost = new
        backs.append(back)
    ending = [value + (_UNRESOLVED if s % 3 else 0.0) for s, value in enumerate(cost)]
    state = min(range(len(ending)), key=lambda s: (ending[s], s))
    total = ending[state]
    path = []
    for k in range(len(candidates) - 1, -1, -1):
        path.append(candidates[k][state // 3])
        state = backs[k][state]
    path.reverse()
    return path, total
