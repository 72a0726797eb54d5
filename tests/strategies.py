"""Songs to try a change on: a song planned from a one-line brief, and which of its sections to change.

Each test names the styles, keys, metres and tempos a musician might ask for, how many sections
one request may touch, whether a section may be asked for by name ("the chorus") as well as by
number, and how the chosen sections already sound (their energy, their register) before the change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from music.plan.planner import plan_song
from music.song import Song, section_with

STYLES = ("folk", "pop", "rock", "ballad", "jazz", "edm")
TONICS = ("C", "G", "D", "A", "E", "B", "F#", "F", "Bb", "Eb", "Ab", "Db")
MODES = ("major", "minor", "dorian", "mixolydian", "lydian", "phrygian")
METRES = ("4/4", "3/4", "6/8")

Target = str | tuple[int, ...]


@st.composite
def planned_song(
    draw: st.DrawFn,
    *,
    styles: Sequence[str] = STYLES,
    tonics: Sequence[str] = TONICS,
    modes: Sequence[str] = MODES,
    metres: Sequence[str] = METRES,
    tempos: Sequence[int] = (),
    max_targets: int = 3,
    names: bool = False,
    targets_with: Mapping[str, st.SearchStrategy[Any]] | None = None,
) -> tuple[Song, Target]:
    """A song planned from "a <style> song about the sea in <tonic> <mode>, <tempo> BPM, <metre>", and a target.

    No tonics leaves the key to the planner, no tempos the tempo. The target is 1 to `max_targets`
    section numbers, sorted; with `names`, half the time it is a kind of section instead ("chorus").
    Each field in `targets_with` is drawn once and set on every targeted section.
    """
    brief = f"a {draw(st.sampled_from(styles))} song about the sea"
    if tonics:
        brief += f" in {draw(st.sampled_from(tonics))} {draw(st.sampled_from(modes))}"
    if tempos:
        brief += f", {draw(st.sampled_from(tempos))} BPM"
    brief += f", {draw(st.sampled_from(metres))}"
    song = plan_song(brief)
    target: Target
    if names and draw(st.booleans()):
        target = draw(st.sampled_from(sorted({s.kind for s in song.sections})))
    else:
        numbers = st.integers(0, len(song.sections) - 1)
        target = tuple(sorted(draw(st.lists(numbers, min_size=1, max_size=max_targets, unique=True))))
    fields = {name: draw(values) for name, values in (targets_with or {}).items()}
    if fields:
        for i in song.find(target) if isinstance(target, str) else target:
            song = song.replace_section(i, section_with(song.sections[i], **fields))
    return song, target
