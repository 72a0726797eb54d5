"""A chorus's title motif: the title line's opening cell, sung again wherever the words sing it again.

The title's rhythm is kept where a line repeats the title line after a word or two, and the
cell's contour comes back in every line that shares its rhythm, as a songwriter's hook does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import product

from music.song import Key, Section
from music.theory.chords import tonic_pc
from music.words.contour import Band, choose_pitches, hanging_leaps, stepwise
from music.words.phrasing import Slot
from music.words.prosody import STRONG, Metre, felt_strength, sung_words

_EPS = 1e-6
_WORD_CHARS = re.compile(r"[^\w']+")
_MOTIF = 4  # notes in a chorus's title motif, from its first strong syllable


def title_line(title: str, lines: list[str]) -> int:
    """The lyric line holding the song's title, else the first line."""
    words = _WORD_CHARS.sub(" ", title.casefold()).split()
    for k, line in enumerate(lines):
        sung = _WORD_CHARS.sub(" ", line.casefold()).split()
        if words and any(sung[j : j + len(words)] == words for j in range(len(sung))):
            return k
    return 0


def title_rhythm_again(
    slots: list[Slot], lines: list[str], title: int, metre: Metre, bars: int
) -> list[Slot]:
    """The chorus with each line that sings the whole title line again, after a word or two, in its rhythm.

    "On the last train out of here" after "the last train out of here": the repeated words
    keep the title line's rhythm in their own bars, the added words lead into them as
    eighth-note pickups, so the title motif comes back where a songwriter would bring it.
    """
    words = [[w.text.casefold() for w in sung_words(line)] for line in lines]
    ownership = [[s for s in slots if s.line == k] for k in range(len(lines))]
    own = ownership[title]
    if any(s.lyric is None for s in own) or len(words[title]) < 2:
        return slots
    result = list(slots)
    for k, line_words in enumerate(words):
        extra = len(line_words) - len(words[title])
        mine = ownership[k]
        if k == title or extra < 1 or line_words[extra:] != words[title]:
            continue
        if any(s.lyric is None for s in mine) or len(mine) <= len(own):
            continue
        pickups = len(mine) - len(own)
        shift = round((mine[pickups].start - own[0].start) / metre.bar_beats) * metre.bar_beats
        again = [replace(s, start=s.start + shift, line=k, lyric=m.lyric, word=m.word)
                 for s, m in zip(own, mine[pickups:], strict=True)]  # fmt: skip
        before = max((s.start + s.duration for s in slots if s.line < k), default=0.0)
        lead = [again[0].start - 0.5 * (pickups - j) for j in range(pickups)]
        if not lead or lead[0] < before - _EPS or again[-1].start + again[-1].duration > bars * metre.bar_beats + _EPS:
            continue
        led = [replace(m, start=at, duration=0.5) for m, at in zip(mine[:pickups], lead, strict=True)]
        first = result.index(mine[0])
        result[first : first + len(mine)] = [*led, *again]
    return result


def _motif_cells(slots: Sequence[Slot], metre: Metre, title: int) -> list[list[int]]:
    """The title line's opening cell and every other line's cell with its rhythm and stresses, title first.

    A cell is `_MOTIF` notes from the line's first stressed syllable; rhythm is compared
    from the strong beat it starts on.
    """
    spacing = metre.strong[1] - metre.strong[0] if len(metre.strong) > 1 else metre.bar_beats

    def cell(line: int) -> list[int]:
        members = [k for k, s in enumerate(slots) if s.line == line]
        first = next((j for j, k in enumerate(members) if slots[k].stressed), None)
        return members[first : first + _MOTIF] if first is not None else []

    def shape(indices: list[int]) -> tuple[object, ...]:
        start = slots[indices[0]].start
        return (
            round(start % spacing, 3),
            tuple(round(slots[k].start - start, 3) for k in indices),
            tuple(slots[k].stressed for k in indices),
            tuple(slots[k].lyric is None for k in indices),
        )

    lines = sorted({s.line for s in slots})
    if title not in lines:
        return []
    reference = cell(title)
    if len(reference) < 3:
        return []
    cells = [reference]
    for line in lines:
        other = cell(line)
        if line != title and len(other) == len(reference) and shape(other) == shape(reference):
            cells.append(other)
    return cells


# A sung line moves mostly by step: at least this share of its moves.
_STEPWISE = 0.6


def with_motif(
    slots: Sequence[Slot],
    first_take: tuple[int, ...],
    section: Section,
    key: Key,
    metre: Metre,
    band: Band,
    title: int,
) -> tuple[int, ...]:
    """The chorus sung again so that its title motif returns in every line that has its rhythm.

    The title line's own contour comes first, its notes echoed where the chords allow. Where
    the chords under a later line will not take that contour, the contours the other lines
    first sang are tried, then every other, the title line singing the one chosen. A take
    never costs the tune a leap left hanging, its tonic on a strong stressed syllable, nor its
    mostly stepwise motion (three moves in five by step);
    of those, the one that keeps the leap up to its peak and whose motif returns most wins,
    and without any the first take stands.
    """
    cells = _motif_cells(slots, metre, title)
    if len(cells) < 2:
        return first_take
    anchors = [k for k, s in enumerate(slots) if s.stressed and felt_strength(s.start, s.duration, metre) == STRONG]
    hanging, tonic = hanging_leaps(first_take), min(1, _on_tonic(first_take, anchors, key))
    least_steps = min(_STEPWISE, stepwise(first_take))
    best, best_score = first_take, _hook_score(first_take, first_take, cells, band.leap_to_peak)
    for shape, echo in _motif_shapes(first_take, cells):
        echoed = _laid(echo, cells, len(slots)) if echo is not None else None
        again = tuple(choose_pitches(slots, section, key, metre, band, _laid(shape, cells, len(slots)), echoed))
        if hanging_leaps(again) > hanging or _on_tonic(again, anchors, key) < tonic or stepwise(again) < least_steps:
            continue
        score = _hook_score(again, first_take, cells, band.leap_to_peak)
        if score > best_score:
            best, best_score = again, score
            if score == (True, len(cells) - 1):
                break
    return best


def _motif_shapes(
    first_take: Sequence[int], cells: list[list[int]]
) -> Iterator[tuple[tuple[int | None, ...], list[int] | None]]:
    """Contours a title motif may take, each a move per note after its first, with the notes to echo.

    The title line's first contour, then each other line's, with the notes they were first
    sung on; then every other contour of up, down and repeat, on whatever notes the chords give.
    """
    tried: set[tuple[int | None, ...]] = set()
    for cell in cells:
        notes = [first_take[k] for k in cell]
        shape = (None, *(_sign(b - a) for a, b in zip(notes, notes[1:], strict=False)))
        if shape not in tried:
            tried.add(shape)
            yield shape, notes
    for moves in product((1, -1, 0), repeat=len(cells[0]) - 1):
        if (None, *moves) not in tried:
            yield (None, *moves), None


def _laid(shape: Sequence[int | None], cells: list[list[int]], length: int) -> list[int | None]:
    """A value per note of the section: `shape`'s in every motif cell, None elsewhere."""
    laid: list[int | None] = [None] * length
    for cell in cells:
        for j, k in enumerate(cell):
            laid[k] = shape[j]
    return laid


def _hook_score(
    pitches: Sequence[int], first_take: Sequence[int], cells: list[list[int]], leap: int
) -> tuple[bool, int]:
    """How well a take hooks: its motif returns and it leaps up to its peak by `leap` (or as far as the first take did).

    Then how often the motif returns.
    """
    leaps = _leap_to_peak(pitches) >= min(leap, _leap_to_peak(first_take))
    motif = _moves(pitches, cells[0])
    returns = sum(1 for cell in cells[1:] if _moves(pitches, cell) == motif)
    return leaps and returns > 0, returns


def _on_tonic(pitches: Sequence[int], anchors: Sequence[int], key: Key) -> int:
    """How many of the notes at `anchors` sing the key's tonic."""
    return sum(1 for k in anchors if pitches[k] % 12 == tonic_pc(key))


def _moves(pitches: Sequence[int], cell: list[int]) -> list[int]:
    """The contour a cell sings: up (1), down (-1) or repeat (0) between its notes."""
    return [_sign(pitches[b] - pitches[a]) for a, b in zip(cell, cell[1:], strict=False)]


def _leap_to_peak(pitches: Sequence[int]) -> int:
    """The interval up into the first singing of the highest note (0 when the line starts on it)."""
    at = pitches.index(max(pitches))
    return pitches[at] - pitches[at - 1] if at else 0


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)
