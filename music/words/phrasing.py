"""Syllables in time: each lyric line laid over its bars, or an instrumental line's rhythm, before any pitch.

Lines spread over the section about two bars each with a breath between. A verse tells:
music.words.prosody places its syllables as speech would, as tightly as its stresses allow. A
chorus sings: its stresses sit on successive strong beats, held, with the light syllables
tucked in before the next one, so lines of the same metre share one rhythm. Lines may
start with an upbeat, and a style that pushes sings some stresses an eighth early, tied
over the beat. An answering line may end on a two-note melisma.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from music.errors import SongError
from music.song import Section
from music.words.prosody import (
    PUSH,
    STRONG,
    Metre,
    anticipated_beat,
    felt_strength,
    fit_line,
    sung_words,
    word_stresses,
)

_EPS = 1e-6
# A rapped line: light syllables a sixteenth apart, stresses on eighths.
RAP_STEP, RAP_STRESS = 0.25, 0.5
_WORD_CHARS = re.compile(r"[^\w']+")
_BREATH = 0.5  # the rest a chorus line leaves before the next: it holds its last note to there
# How often each style pushes a line's stress ahead of the beat (the share of lines); others take a quarter.
PUSHES = {"pop": 0.75, "rock": 0.75, "edm": 0.75, "hip-hop": 1.0, "trap": 1.0, "r&b": 0.75, "folk": 0.5,
          "country": 0.75, "funk": 0.75, "disco": 0.75, "bossa nova": 0.75, "reggae": 0.5, "blues": 0.5, "waltz": 0.0}
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


@dataclass(frozen=True)
class Feel:
    """How a style sets words in time.

    `pushes` is the share of lines that sing one stress an eighth ahead of its beat, tied
    over it; `pickup` how many beats a line may start before its bar line.
    """

    pushes: float = 0.0
    pickup: float = 0.5


def feel_for(style: str, metre: Metre) -> Feel:
    """The phrasing a style likes: pop, rock, country, hip-hop and EDM push; a waltz, a ballad and jazz rarely do."""
    pushes = PUSHES.get(style, 0.25)
    if metre.bar_beats != 4.0 or metre.pulse != 1.0:
        pushes = 0.0  # a waltz or a six-eight lilts on its beats
    return Feel(pushes=pushes, pickup=1.0)


def syllable_pieces(line: str) -> list[tuple[str, bool, str]]:
    """(sung text, stressed, word) for each syllable of a lyric line; a piece that continues its word ends in '-'."""
    result = []
    for word in sung_words(line):
        for k, (piece, stress) in enumerate(zip(word.pieces, word.stresses, strict=True)):
            text = piece + ("-" if k < len(word.pieces) - 1 else "")
            result.append((text, bool(stress), word.text))
    return result


def lyric_slots(
    section: Section, lines: list[str], metre: Metre, feel: Feel | None = None, seed: int = 0
) -> list[Slot]:
    """Timed syllables of every lyric line, lines spread evenly over the section.

    Without a `feel` lines are set as speech and never pushed; `seed` picks which lines push.

    Raises:
        SongError: If a line has more syllables than its share of the section can hold.
    """
    feel = feel or Feel()
    bar = metre.bar_beats
    total = section.bars * bar
    count = len(lines)
    if count <= section.bars:
        starts = [math.floor(k * section.bars / count) * bar for k in range(count)]
    else:
        starts = [round(k * total / count / metre.pulse) * metre.pulse for k in range(count)]
    sings = section.kind == "chorus"
    slots: list[Slot] = []
    for k, line in enumerate(lines):
        pieces = syllable_pieces(line)
        end = starts[k + 1] if k + 1 < count else total
        # After the first line an upbeat may borrow from the rest before the bar line.
        pickup = (_BREATH if sings else feel.pickup) if k and starts[k] - starts[k - 1] >= 3.0 else 0.0
        stresses = [p[1] for p in pieces]
        timings = _sung_timing(stresses, starts[k], end, metre, pickup) if sings else None
        if timings is None:
            timings = _line_timing(stresses, starts[k], end, metre, pickup, tell=not sings and feel.pushes > 0)
        if timings is None:
            raise SongError(
                f"The line '{line}' has {len(pieces)} syllables, more than {section.label} has room for; "
                "split it over more lines or give the section more bars."
            )
        line_slots = [
            Slot(at, length, text, stressed, k, word)
            for (at, length), (text, stressed, word) in zip(timings, pieces, strict=True)
        ]
        if _pushed_line(k, count, feel, seed, sings):
            # A chorus keeps its opening cell (the motif) as its other lines sing it.
            keep = stresses.index(True) + 4 if sings and any(stresses) else 1
            line_slots = _pushed(line_slots, metre, last_only=sings, keep=keep)
        line_slots[-1] = _held_within_its_chord(line_slots[-1], section, bar)
        slots.extend(_with_melisma(line_slots, odd_line=k % 2 == 1 or k == count - 1, pulse=metre.pulse))
    return slots


def _held_within_its_chord(last: Slot, section: Section, bar: float) -> Slot:
    """A line's held last note, let go at the bar line where the chord under it changes (held on, it would rub)."""
    first = int(last.start // bar)
    for later in range(first + 1, section.bars):
        if later * bar >= last.start + last.duration - _EPS:
            break
        if section.chords[later] != section.chords[first]:
            return replace(last, duration=max(later * bar - last.start, min(last.duration, 1.0)))
    return last


def rap_slots(section: Section, lines: list[str], metre: Metre) -> list[Slot] | None:
    """Timed syllables of rapped lines: a sixteenth-note flow, each line from the top of its share of bars.

    Every stressed syllable lands on an eighth (the next one free), the light ones run on
    sixteenths between, and a line's last syllable rings to the next beat. None when a line
    has more syllables than its bars can take even at that speed, or the metre is not 4/4.
    """
    if metre.bar_beats != 4.0 or metre.pulse != 1.0 or not lines:
        return None
    bar = metre.bar_beats
    count = len(lines)
    starts = [math.floor(k * section.bars / count) * bar for k in range(count)] if count <= section.bars else None
    if starts is None:
        return None
    slots: list[Slot] = []
    for k, line in enumerate(lines):
        end = starts[k + 1] if k + 1 < count else section.bars * bar
        at = starts[k]
        onsets: list[tuple[float, str, bool, str]] = []
        for text, stressed, word in syllable_pieces(line):
            if stressed:
                at = math.ceil(at / RAP_STRESS - _EPS) * RAP_STRESS
            onsets.append((at, text, stressed, word))
            at += RAP_STEP
        if not onsets or onsets[-1][0] + RAP_STEP > end - _EPS:
            return None
        for n, (start, text, stressed, word) in enumerate(onsets):
            if n + 1 < len(onsets):
                length = onsets[n + 1][0] - start
            else:  # the line's last syllable rings to the next beat, leaving a breath before the next line
                length = min(max(math.ceil(start + RAP_STEP - _EPS) - start, RAP_STEP), end - start - RAP_STEP)
            slots.append(Slot(start, max(length, RAP_STEP), text, stressed, k, word))
    return slots


def _pushed_line(k: int, count: int, feel: Feel, seed: int, sings: bool) -> bool:
    """Whether line `k` pushes a stress: a chorus pushes all its lines or none, so they keep one rhythm."""
    if feel.pushes <= 0:
        return False
    if sings:
        return feel.pushes >= 0.5 or k == count - 1
    return ((k * 0.618 + seed * 0.377) % 1.0) < feel.pushes


def _pushed(slots: list[Slot], metre: Metre, last_only: bool, keep: int = 1) -> list[Slot]:
    """The line with one stressed syllable (its last that can be) sung an eighth early and tied over its beat.

    The light syllables before it move with it; the note before them gives up the time. The
    first `keep` notes stay where they are.
    """
    stressed = [k for k, s in enumerate(slots) if s.stressed and k > 0]
    for k in reversed(stressed[-1:] if last_only else stressed):
        if metre.strength(slots[k].start) != STRONG:
            continue
        g = k
        while g > 0 and not slots[g - 1].stressed and slots[g - 1].duration < 2 * PUSH - _EPS:
            g -= 1
        if g < keep or slots[g - 1].duration < 2 * PUSH - _EPS:
            continue
        moved = [replace(s, start=s.start - PUSH) for s in slots[g : k + 1]]
        if any(metre.strength(s.start) == STRONG for s in moved[:-1]):
            continue  # a light syllable would fall on a strong beat
        moved[-1] = replace(moved[-1], duration=moved[-1].duration + PUSH)
        before = replace(slots[g - 1], duration=slots[g - 1].duration - PUSH)
        return [*slots[: g - 1], before, *moved, *slots[k + 1 :]]
    return slots


def _sung_timing(
    stressed: list[bool], start: float, slot_end: float, metre: Metre, pickup: float
) -> list[tuple[float, float]] | None:
    """A sung line: its stresses on successive strong beats and held, light syllables tucked in before each.

    None when the line does not fall that way (too many stresses or light syllables for its bars).
    """
    marks = [k for k, s in enumerate(stressed) if s]
    if not marks:
        return None
    spacing = metre.strong[1] - metre.strong[0] if len(metre.strong) > 1 else metre.bar_beats
    slot = slot_end - start
    limit = slot_end - (_BREATH if slot >= 2.0 else 0.0)
    lead = marks[0]
    lead_unit = _unit_for(lead, pickup, metre) if lead else 0.0
    first = start
    if lead and lead_unit == 0.0:
        first = start + spacing  # the light opening takes the line's first strong beat's time as an upbeat
        lead_unit = _unit_for(lead, spacing, metre)
        if lead_unit == 0.0:
            return None
    places = [first + j * spacing for j in range(len(marks))]
    tail = len(stressed) - 1 - marks[-1]
    if places[-1] + 1.0 + 0.5 * tail > limit + _EPS:
        return None
    onsets = [first - lead_unit * (lead - j) for j in range(lead)]
    for j, k in enumerate(marks):
        onsets.append(places[j])
        following = (marks[j + 1] if j + 1 < len(marks) else len(stressed)) - k - 1
        if j + 1 < len(marks):
            unit = _unit_for(following, spacing - 0.5, metre) if following else 0.0
            if following and unit == 0.0:
                return None
            onsets.extend(places[j + 1] - unit * (following - i) for i in range(following))
        else:
            onsets.extend(places[j] + 1.0 + 0.5 * i for i in range(following))
    hold = max(2.0, metre.bar_beats)
    timings = [(onsets[k], onsets[k + 1] - onsets[k]) for k in range(len(onsets) - 1)]
    last = onsets[-1]
    timings.append((last, min(limit - last, hold) if tail else min(limit - last, hold + 1.0)))
    return timings


def _unit_for(count: int, room: float, metre: Metre) -> float:
    """The longest light-syllable value (a beat in a simple triple bar, else an eighth or a sixteenth) that fits."""
    units = (1.0, 0.5, 0.25) if metre.pulse == 1.0 and metre.bar_beats == 3.0 else (0.5, 0.25)
    return next((u for u in units if count * u <= room + _EPS), 0.0)


def _line_timing(
    stressed: list[bool], start: float, slot_end: float, metre: Metre, pickup: float, tell: bool = False
) -> list[tuple[float, float]] | None:
    """The best rhythm for one line: about two bars, longer when its stresses need more strong beats.

    A line that `tell`s (a verse in a style that talks) is sung as tightly as its stresses allow.
    """
    slot = slot_end - start
    limit = slot_end - (1.0 if slot >= 3.0 else 0.5 if slot >= 2.0 else 0.0)
    two_bars = start + 2 * metre.bar_beats
    needed = start + math.ceil(sum(stressed) / metre.strong_per_bar()) * metre.bar_beats + 1.0
    ends = {min(limit, two_bars), min(limit, max(two_bars, needed)), limit}
    if tell:
        ends |= {start + b for b in (4.0, 5.0, 6.0) if start + b < limit - _EPS}
    best: tuple[float, list[tuple[float, float]]] | None = None
    for end in sorted(ends):
        fitted = fit_line(stressed, start, end, metre, pickup)
        if fitted is None:
            continue
        timings, cost = fitted
        cost += 0.5 * max(0.0, end - two_bars) / metre.bar_beats  # a line longer than two bars drags
        if tell:
            cost += 0.3 * (end - start)  # a telling line moves on
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


def unpushed(slots: Sequence[Slot], metre: Metre) -> list[Slot]:
    """The slots with no unstressed syllable held over a strong beat it comes an eighth before.

    The ear hears such a note as a push, the weak syllable landing on the strong beat; it
    ends on the beat instead, and the beat breathes.
    """
    out = []
    for slot in slots:
        if slot.lyric is not None and not slot.stressed:
            beat = anticipated_beat(slot.start, slot.duration, metre)
            if beat != slot.start and metre.strength(beat) == STRONG:
                slot = replace(slot, duration=beat - slot.start)
        out.append(slot)
    return out


def alignment(slots: Sequence[Slot], metre: Metre) -> float:
    """Share of sung syllables placed as the words want: stressed on strong beats (or pushed ahead of one), unstressed off them."""
    sung = [s for s in slots if s.lyric is not None]
    if not sung:
        return 1.0
    agree = sum(
        1 for s in sung if (felt_strength(s.start, s.duration, metre) == STRONG) == s.stressed
    )
    return agree / len(sung)


class Sung(Protocol):
    """A sung note as the stress reader needs it: its syllable and its time."""

    @property
    def lyric(self) -> str | None: ...  # noqa: D102

    @property
    def start(self) -> float: ...  # noqa: D102

    @property
    def duration(self) -> float: ...  # noqa: D102


def note_stresses(section: Section, sung: Sequence[Sung]) -> list[bool]:
    """Stress of each sung note's syllable: from the section's lyrics when the notes spell them, else rebuilt.

    The one reading of stresses that the melody writer, /analyze and /check share.
    """
    expected = [(text, stressed) for line in section.lyrics for text, stressed, _word in syllable_pieces(line)]
    if len(expected) == len(sung) and all(
        _fold(text) == _fold(n.lyric or "") for (text, _s), n in zip(expected, sung, strict=True)
    ):
        return [s for _text, s in expected]
    marks: list[bool] = []
    word: list[Sung] = []
    for k, n in enumerate(sung):
        word.append(n)
        if (n.lyric or "").rstrip().endswith("-") and k + 1 < len(sung):
            continue
        text = "".join((p.lyric or "").strip().rstrip("-") for p in word)
        last = k + 1 == len(sung) or sung[k + 1].start - (n.start + n.duration) >= 1.0 - _EPS
        found = word_stresses(text, last=last)
        marks.extend(bool(s) for s in (found if len(found) == len(word) else (1,) + (0,) * (len(word) - 1)))
        word = []
    return marks


def _fold(text: str) -> str:
    return _WORD_CHARS.sub("", text.casefold())
