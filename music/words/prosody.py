"""Words against the beat: which syllables a singer stresses, how strong each beat is, and a line's rhythm.

The rhythm of a lyric line is searched, not guessed: every syllable is placed on a
sixteenth-note grid so that stressed syllables land on strong beats, unstressed ones
fall between them, and the line fills its bars with natural note lengths.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from music.words.syllables import stresses, syllables

logger = logging.getLogger(__name__)

GRID = 0.25  # a sixteenth note, in quarter-note beats
_EPS = 1e-6
_SUNG = re.compile(r"[A-Za-z0-9]")
_LETTERS = re.compile(r"[^a-z']")
# One-syllable words a singer passes over lightly, although the dictionary stresses most of them.
FUNCTION_WORDS = frozenset(
    "a an the and but or nor so if as at by for from in into of on onto to with than that "
    "i me my i'm i've i'll i'd you your you're you've you'll he him his she her it its it's we us our we're "
    "they them their they're is am are was were be been do does did have has had can could will would "
    "shall should may might must just".split()
)
# Metrical strength of a position: 3 strong beat, 2 other beat, 1 eighth between beats, 0 sixteenth.
STRONG, BEAT, EIGHTH, SIXTEENTH = 3, 2, 1, 0
PUSH = 0.5  # how far ahead of its beat a pushed stress comes: an eighth, tied over the beat
# Cost of a syllable at each strength (index = strength), stressed and unstressed.
_PLACE_STRESSED = (6.0, 4.5, 3.0, 0.0)
_PLACE_WEAK = (1.2, 0.0, 0.4, 6.0)
# Cost of the gap to the next syllable, in grid steps: eighths and quarters are the most natural.
_GAPS = {1: 2.0, 2: 0.0, 3: 1.2, 4: 0.0, 6: 0.4, 8: 0.9, 12: 1.8, 16: 2.6}


@dataclass(frozen=True)
class Metre:
    """A bar as a singer feels it: its length, strong beats and pulse, all in quarter-note beats."""

    bar_beats: float
    strong: tuple[float, ...]
    pulse: float

    def strength(self, beat: float) -> int:
        """How strong `beat` (from the start of a section) is: STRONG, BEAT, EIGHTH or SIXTEENTH."""
        offset = beat % self.bar_beats
        if any(abs(offset - s) < _EPS or abs(offset - s - self.bar_beats) < _EPS for s in self.strong):
            return STRONG
        if _on_grid(offset, self.pulse):
            return BEAT
        return EIGHTH if _on_grid(offset, 0.5) else SIXTEENTH

    def strong_per_bar(self) -> int:
        """How many strong beats one bar has."""
        return len(self.strong)


def _on_grid(value: float, step: float) -> bool:
    return abs(value / step - round(value / step)) < _EPS


@lru_cache(maxsize=64)
def metre_for(time_signature: str) -> Metre:
    """The strong beats of a time signature: 1 and 3 in 4/4, 1 in 3/4, 1 and 4 in 6/8, 1 and 7 in 12/8.

    Raises:
        ValueError: If the text is not a time signature like 4/4.
    """
    try:
        top, bottom = (int(x) for x in time_signature.split("/"))
    except ValueError:
        raise ValueError(f"'{time_signature}' is not a time signature; write it like 4/4, 3/4 or 6/8") from None
    if top < 1 or bottom not in (1, 2, 4, 8, 16):
        raise ValueError(f"'{time_signature}' is not a time signature; write it like 4/4, 3/4 or 6/8")
    bar = top * 4 / bottom
    compound = bottom == 8 and top % 3 == 0 and top > 3
    pulse = 1.5 if compound else 4 / bottom
    pulses = round(bar / pulse)
    halves = pulses % 2 == 0 and (pulses >= 4 or (compound and pulses >= 2))
    strong = (0.0, bar / 2) if halves else (0.0,)
    return Metre(bar_beats=bar, strong=strong, pulse=pulse)


# -- stresses ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SungWord:
    """One sung word of a line: the text, its syllables as written and the stress of each (1 or 0)."""

    text: str
    pieces: tuple[str, ...]
    stresses: tuple[int, ...]


def sung_words(line: str) -> list[SungWord]:
    """The words of a lyric line that get notes, with their syllables and sung stresses.

    Stresses come from CMUdict. Where a word has a secondary stress right next to its
    primary one ('sha-dow', 'mid-night') only the primary counts, and one-syllable
    function words ('the', 'to', 'my', 'is') are sung light unless they end the line.
    Tokens without letters or digits (a dash) get no note.
    """
    tokens = [t for t in line.split() if _SUNG.search(t)]
    words = []
    for position, token in enumerate(tokens):
        pieces = tuple(syllables(token))
        marks = word_stresses(token, last=position == len(tokens) - 1)
        words.append(SungWord(token, pieces, marks))
    return words


def word_stresses(word: str, last: bool = False) -> tuple[int, ...]:
    """The sung stress (1 or 0) of each piece of `syllables(word)`; `last` marks a line's final word."""
    return _word_stresses(word, len(syllables(word)), last)


@lru_cache(maxsize=8192)
def _word_stresses(word: str, count: int, last: bool) -> tuple[int, ...]:
    letters = _LETTERS.sub("", word.casefold())
    if count == 1:
        light = letters in FUNCTION_WORDS or stresses(word) == [0]
        return (0,) if light and not last else (1,)
    pattern = _dictionary_pattern(letters)
    if pattern is not None and len(pattern) == count:
        marks = [
            1 if level == "1" or (level == "2" and _no_primary_beside(pattern, k)) else 0
            for k, level in enumerate(pattern)
        ]
    else:
        marks = list(stresses(word))
    if not any(marks):
        marks[0] = 1
    return tuple(marks)


def _no_primary_beside(pattern: str, k: int) -> bool:
    return all(pattern[j] != "1" for j in (k - 1, k + 1) if 0 <= j < len(pattern))


@lru_cache(maxsize=8192)
def _dictionary_pattern(letters: str) -> str | None:
    """CMUdict's stress digits for the word ('102' for 'everything'), or None if it is not listed."""
    import pronouncing

    found = pronouncing.phones_for_word(letters) if letters else []
    return pronouncing.stresses(found[0]) if found else None


# -- a line's rhythm --------------------------------------------------------------------


def fit_line(
    stressed: list[bool], start: float, sung_end: float, metre: Metre, pickup: float = 0.0
) -> tuple[list[tuple[float, float]], float] | None:
    """Place each syllable of a line between `start` and `sung_end` (beats from the section start).

    Unstressed syllables opening the line may come up to `pickup` beats early, as an
    upbeat into the line's first bar. Returns (onset, length) per syllable and the cost of
    the placement (lower is more natural), or None when the syllables do not fit even as
    sixteenth notes. The last syllable is held until `sung_end` (at most two bars' worth).
    """
    count = len(stressed)
    start -= pickup
    slots = int(round((sung_end - start) / GRID))
    if count == 0 or slots < count:
        return None
    beats = [start + j * GRID for j in range(slots)]
    bar_line = start + pickup
    # Which pulse (beat of the metre: a quarter, or a dotted quarter in 6/8) each grid point falls in.
    pulse_of = [math.floor(b / metre.pulse + _EPS) for b in beats]
    on_pulse = [_on_grid(b, metre.pulse) for b in beats]
    strength = [metre.strength(b) for b in beats]
    last_stress = max((k for k, s in enumerate(stressed) if s), default=-1)
    ideal = _ideal_last_stress(beats, strength, sung_end, count - 1 - last_stress)
    inf = math.inf
    cost = [[inf] * slots for _ in range(count)]
    back = [[-1] * slots for _ in range(count)]
    for j in range(slots - count + 1):
        cost[0][j] = _place(stressed[0], strength[j]) + _opening(beats[j], bar_line, stressed[0])
        if last_stress == 0:
            cost[0][j] += 0.3 * max(0.0, ideal - beats[j])
    for k in range(1, count):
        previous_light = not stressed[k - 1]
        for j in range(k, slots - (count - 1 - k)):
            place = _place(stressed[k], strength[j])
            if beats[j] < bar_line - _EPS:
                place += 0.2 if not stressed[k] else 10.0  # only light syllables make an upbeat
            if k == last_stress:
                place += 0.3 * max(0.0, ideal - beats[j])
            best, arg = inf, -1
            for gap, gap_cost in _GAPS.items():
                i = j - gap
                if i < 0 or cost[k - 1][i] == inf:
                    continue
                total = cost[k - 1][i] + gap_cost
                if previous_light and gap > 4:
                    total += 1.0  # an unstressed syllable held long sounds like a stumble
                if stressed[k - 1] and gap == 1:
                    total += 1.0  # a stressed syllable clipped to a sixteenth loses its weight
                if pulse_of[i] != pulse_of[j - 1] and not on_pulse[i]:
                    total += 0.8  # a note tied across the pulse from off it: a syncopation, used sparingly
                if total < best:
                    best, arg = total, i
            if arg >= 0:
                cost[k][j] = best + place
                back[k][j] = arg
    final = [cost[count - 1][j] + _held_cost(sung_end - beats[j]) for j in range(slots)]
    end = min(range(slots), key=lambda j: (final[j], j))
    if final[end] == inf:
        return None
    onsets = [end]
    for k in range(count - 1, 0, -1):
        onsets.append(back[k][onsets[-1]])
    onsets.reverse()
    times = [beats[j] for j in onsets]
    hold = max(2.0, metre.bar_beats)
    timings = [(times[k], times[k + 1] - times[k]) for k in range(count - 1)]
    timings.append((times[-1], min(sung_end - times[-1], hold)))
    return timings, final[end]


def _opening(beat: float, bar_line: float, stressed: bool) -> float:
    """A line should start near its bar line: late starts cost more than an upbeat before it."""
    if beat < bar_line - _EPS:
        return 0.2 * (bar_line - beat) + (10.0 if stressed else 0.0)
    return 0.5 * (beat - bar_line)


def _place(stressed: bool, strength: int) -> float:
    return (_PLACE_STRESSED if stressed else _PLACE_WEAK)[strength]


def _held_cost(remaining: float) -> float:
    """A line's last syllable wants at least a beat before the breath."""
    return 3.0 if remaining < 0.5 - _EPS else 1.0 if remaining < 1.0 - _EPS else 0.0


def _ideal_last_stress(beats: list[float], strength: list[int], sung_end: float, trailing: int) -> float:
    """Where the line's last stressed syllable would land best: the last strong beat that leaves room after it."""
    room = 1.0 + 0.5 * trailing
    candidates = [b for b, s in zip(beats, strength, strict=True) if s == STRONG and b <= sung_end - room + _EPS]
    return candidates[-1] if candidates else beats[0]


def anticipated_beat(start: float, duration: float, metre: Metre) -> float:
    """The beat a note belongs to: the beat it is pushed ahead of (an eighth early, tied over it), else its onset."""
    beat = math.ceil(start / metre.pulse - _EPS) * metre.pulse
    if beat - start > _EPS and beat - start <= PUSH + _EPS and start + duration > beat + 0.2:
        return beat
    return start


def felt_strength(start: float, duration: float, metre: Metre) -> int:
    """How strong a sung note's place is as the ear hears it: a pushed note counts on the beat it anticipates."""
    return metre.strength(anticipated_beat(start, duration, metre))
