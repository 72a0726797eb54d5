"""Energy on the song sheet: add_energy drives sections harder, calm lets them breathe.

A section's energy is what the arranger turns into drum and bass density, playing
strength and voicing spread; these transforms move it, and nudge the tempo with it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from music.band.style_model import ENERGY_BANDS, PEAK
from music.band.styles import style_for
from music.edits.transforms import Change, resolve_sections, transform_sections
from music.song import Section, Song, section_with

logger = logging.getLogger(__name__)

ENERGY_STEP = 0.2
TEMPO_NUDGE = 0.04  # a little faster or slower: 3-6 % once rounded to whole beats per minute
_TEMPO_BOUNDS = (0.03, 0.06)


def add_energy(song: Song, target: str | Sequence[int]) -> Change:
    """Drive sections harder: energy up 0.2 (to at most 1), so busier drums and bass, played harder.

    A section with its own tempo also speeds up about 4 %. Asked for the whole song, every
    section takes its own tempo 4 % above the one it had, so the song speeds up as one; a
    single section that follows the song's tempo keeps it, so it does not lurch ahead of
    its neighbours.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it ('chorus', 'verse 2', 'all'), or indices.

    Returns:
        The change: the new song and the moves, section by section ("energy 0.45 -> 0.65 ...").

    Raises:
        UnknownSection: If a section name matches nothing.
    """
    return _energy(song, target, +1)


def calm(song: Song, target: str | Sequence[int]) -> Change:
    """Let sections breathe: energy down 0.2 (to at least 0), so sparser drums and bass, played softer.

    The mirror of `add_energy`: a section with its own tempo (or every section, when the
    whole song is asked for) slows down about 4 %.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it, or section indices.

    Returns:
        The change: the new song and the moves, section by section.

    Raises:
        UnknownSection: If a section name matches nothing.
    """
    return _energy(song, target, -1)


def _energy(song: Song, target: str | Sequence[int], direction: int) -> Change:
    whole_song = len(resolve_sections(song, target)) == len(song.sections)

    def move(song: Song, index: int) -> tuple[Section, tuple[str, ...]]:
        section = song.sections[index]
        updates: dict[str, object] = {}
        moves: list[str] = []
        energy = next_energy(song.meta.style, section.energy, direction)
        if energy != section.energy:
            updates["energy"] = energy
            feel = "busier drums and bass, played harder" if direction > 0 else "sparser drums and bass, played softer"
            moves.append(f"energy {section.energy:g} -> {energy:g} ({feel})")
        if section.tempo is not None or whole_song:
            before = song.tempo_of(index)
            after = nudged_tempo(before, direction)
            if after != before:
                own = after != song.meta.tempo
                updates["tempo"] = after if own else None
                where = "its own tempo" if own else "back to the song's tempo"
                moves.append(f"tempo {before:g} -> {after:g} BPM ({where})")
        if not updates:
            logger.debug("%s is already as %s as it goes", section.label, "lively" if direction > 0 else "calm")
            return section, ()
        return section_with(section, **updates), tuple(moves)

    return transform_sections(song, target, move)


def next_energy(style: str, energy: float, direction: int) -> float:
    """The energy one step up or down: at least ENERGY_STEP, and far enough to be heard.

    The arranger changes its drum, bass and comping patterns at a few energies (the
    style's groove slots, the bands at 0.4 and 0.7 and the peak at 0.95); within them only
    the dynamics move. So a step always reaches the next such point, where the playing gets busier
    (or sparser), not only louder (or softer).
    """
    grooves = len(style_for(style).grooves)
    marks = sorted({*ENERGY_BANDS, PEAK, *(k / grooves for k in range(1, grooves))})
    stepped = energy + direction * ENERGY_STEP
    if direction > 0:
        above = [m for m in marks if m > energy + 1e-9]
        target = max(stepped, above[0]) if above else stepped
    else:
        below = [m for m in marks if m <= energy + 1e-9]
        target = min(stepped, below[-1] - 0.05) if below else stepped
    return round(min(1.0, max(0.0, target)), 2)


def nudged_tempo(tempo: float, direction: int) -> float:
    """A tempo about 4 % faster (direction +1) or slower (-1), in whole BPM, 3-6 % away where it can be, within 30-300."""
    low, high = _TEMPO_BOUNDS
    # Slower divides by what faster multiplies, so calming a livelier section finds its old tempo again.
    target = round(tempo * (1 + TEMPO_NUDGE) if direction > 0 else tempo / (1 + TEMPO_NUDGE))
    # Whole BPM is what a musician sets; keep the step inside 3-6 % even for very slow tempi.
    while abs(target - tempo) < low * tempo and abs(target - tempo) + 1 <= high * tempo:
        target += direction
    while abs(target - tempo) > high * tempo and abs(target - tempo) - 1 >= low * tempo:
        target -= direction
    return float(min(300, max(30, target)))
