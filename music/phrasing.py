"""Syllables in time: each lyric line laid over its bars, or an instrumental line's rhythm, before any pitch.

Lines spread over the section about two bars each with a breath between; music.prosody
places each line's syllables; an answering line may end on a two-note melisma.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from music.errors import SongError
from music.prosody import STRONG, Metre, fit_line, sung_words
from music.song import Section

_EPS = 1e-6
# Instrumental rhythms (durations in beats) by energy: quiet, medium, loud.
_RHYTHMS = ((2.0, 1.0, 1.0), (1.0, 0.5, 0.5, 1.0, 1.0), (0.5, 0.5, 1.0, 0.5, 0.5, 1.0))


@dataclass(frozen=True)
class Slot:
    """A timed note before it has a pitch: onset and length in beats from the section start.

    `lyric` is the sung syllable (None for an instrumental note or a melisma's second note),
    `stressed` whether the words (or the metre, for instruments) accent it, `line` its
    phrase, `word` the lyric word it belongs to.
    """

    start: float
    duration: float
    lyric: str | None
    stressed: bool
    line: int
    word: str | None = None


def syllable_pieces(line: str) -> list[tuple[str, bool, str]]:
    """(sung text, stressed, word) for each syllable of a lyric line; a piece that continues its word ends in '-'."""
    result = []
    for word in sung_words(line):
        for k, (piece, stress) in enumerate(zip(word.pieces, word.stresses, strict=True)):
            text = piece + ("-" if k < len(word.pieces) - 1 else "")
            result.append((text, bool(stress), word.text))
    return result


def lyric_slots(section: Section, lines: list[str], metre: Metre) -> list[Slot]:
    """Timed syllables of every lyric line, lines spread evenly over the section.

    Raises:
        SongError: If a line has more syllables than its share of the section can hold.
    """
    bar = metre.bar_beats
    total = section.bars * bar
    count = len(lines)
    if count <= section.bars:
        starts = [math.floor(k * section.bars / count) * bar for k in range(count)]
    else:
        starts = [round(k * total / count / metre.pulse) * metre.pulse for k in range(count)]
    slots: list[Slot] = []
    for k, line in enumerate(lines):
        pieces = syllable_pieces(line)
        end = starts[k + 1] if k + 1 < count else total
        # After the first line an upbeat may borrow half a beat of the rest before the bar line.
        pickup = 0.5 if k and starts[k] - starts[k - 1] >= 3.0 else 0.0
        timings = _line_timing([p[1] for p in pieces], starts[k], end, metre, pickup)
        if timings is None:
            raise SongError(
                f"The line '{line}' has {len(pieces)} syllables, more than {section.label} has room for; "
                "split it over more lines or give the section more bars."
            )
        line_slots = [
            Slot(at, length, text, stressed, k, word)
            for (at, length), (text, stressed, word) in zip(timings, pieces, strict=True)
        ]
        slots.extend(_with_melisma(line_slots, odd_line=k % 2 == 1 or k == count - 1, pulse=metre.pulse))
    return slots


def _line_timing(
    stressed: list[bool], start: float, slot_end: float, metre: Metre, pickup: float
) -> list[tuple[float, float]] | None:
    """The best rhythm for one line: about two bars, longer when its stresses need more strong beats."""
    slot = slot_end - start
    limit = slot_end - (1.0 if slot >= 3.0 else 0.5 if slot >= 2.0 else 0.0)
    two_bars = start + 2 * metre.bar_beats
    needed = start + math.ceil(sum(stressed) / metre.strong_per_bar()) * metre.bar_beats + 1.0
    best: tuple[float, list[tuple[float, float]]] | None = None
    for end in sorted({min(limit, two_bars), min(limit, max(two_bars, needed)), limit}):
        fitted = fit_line(stressed, start, end, metre, pickup)
        if fitted is None:
            continue
        timings, cost = fitted
        cost += 0.5 * max(0.0, end - two_bars) / metre.bar_beats  # a line longer than two bars drags
        if best is None or cost < best[0] - _EPS:
            best = (cost, timings)
    return best[1] if best else None


def _with_melisma(slots: list[Slot], odd_line: bool, pulse: float) -> list[Slot]:
    """An answering line's last stressed syllable, when held two beats or more, turns on a second note."""
    stressed = [k for k, s in enumerate(slots) if s.stressed]
    if not odd_line or not stressed or slots[stressed[-1]].duration < 2.0 - _EPS:
        return slots
    k = stressed[-1]
    held = slots[k]
    # The syllable holds, then turns to a short second note before the breath.
    first = held.duration - min(pulse, 1.0)
    turn = Slot(held.start + first, held.duration - first, None, False, held.line, held.word)
    return [*slots[:k], replace(held, duration=first), turn, *slots[k + 1 :]]


def instrumental_slots(section: Section, metre: Metre) -> list[Slot]:
    """Two-bar instrumental phrases whose busyness follows the section's energy (a solo is always busy)."""
    bar = metre.bar_beats
    total = section.bars * bar
    phrase_bars = min(2, section.bars)
    band = 2 if section.kind == "solo" else 0 if section.energy < 0.4 else 1 if section.energy < 0.7 else 2
    rhythm = _RHYTHMS[band]
    slots: list[Slot] = []
    for phrase, first_bar in enumerate(range(0, section.bars, phrase_bars)):
        begin = first_bar * bar
        length = min(phrase_bars * bar, total - begin)
        available = length - (1.0 if length > 2.0 else 0.0)
        at, k = 0.0, 0
        while at < available - _EPS:
            duration = min(rhythm[k % len(rhythm)], available - at)
            strong = metre.strength(begin + at) == STRONG
            slots.append(Slot(begin + at, duration, None, strong, phrase, None))
            at += duration
            k += 1
    return slots


def retimed(reference: Sequence[Slot], fresh: Sequence[Slot]) -> list[Slot]:
    """The reference tune's rhythm carrying the new section's syllables, in order."""
    syllables = iter([s for s in fresh if s.lyric is not None])
    result = []
    for slot in reference:
        if slot.lyric is None:
            result.append(slot)
            continue
        new = next(syllables)
        result.append(replace(slot, lyric=new.lyric, stressed=new.stressed, word=new.word))
    return result


def alignment(slots: Sequence[Slot], metre: Metre) -> float:
    """Share of sung syllables placed as the words want: stressed on strong beats, unstressed off them."""
    sung = [s for s in slots if s.lyric is not None]
    if not sung:
        return 1.0
    agree = sum(1 for s in sung if (metre.strength(s.start) == STRONG) == s.stressed)
    return agree / len(sung)
