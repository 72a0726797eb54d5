"""The songcraft bench as a guard: a few briefs planned, sung and edited every way the tools offer.

Every edit of the verses and the choruses leaves no clash the song did not have, every change
report is borne out by the note diff, and each chorus hooks. The bench itself
(`python bench/songcraft.py`) prints the same figures for every style.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from music.edits.transforms import Change
from music.song import Song

BENCH = Path(__file__).resolve().parents[1] / "bench" / "songcraft.py"
# One song each of three styles, subjects whose choruses hooked in the bench's own run.
BRIEFS = [
    ("pop", "a pop song about leaving home"),
    ("rock", "a rock song about an old photograph"),
    ("jazz", "a jazz song about a rainy harbour town"),
]
STYLES = [style for style, _brief in BRIEFS]
KEY_CHANGE = "key up a whole step"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_songcraft", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


songcraft = _load()


@cache
def measured(style: str, brief: str) -> Any:
    return songcraft.measure_song(style, brief)


@pytest.mark.parametrize(("style", "brief"), BRIEFS, ids=STYLES)
def test_the_chorus_hooks(style: str, brief: str) -> None:
    song = measured(style, brief)
    assert song.planned_style == style
    assert song.has_hook and song.motif_back, song
    assert song.lift is not None and song.lift >= 3


@pytest.mark.parametrize(("style", "brief"), BRIEFS, ids=STYLES)
def test_no_edit_brings_a_new_clash(style: str, brief: str) -> None:
    song = measured(style, brief)
    assert len(song.edits) == 2 * len(songcraft.EDITS)
    assert [(e.edit, e.section, e.new_clashes) for e in song.edits if e.new_clashes] == []


@pytest.mark.parametrize(("style", "brief"), BRIEFS, ids=STYLES)
def test_every_report_is_borne_out_by_the_notes(style: str, brief: str) -> None:
    song = measured(style, brief)
    edits = [e for e in song.edits if e.edit != KEY_CHANGE]
    assert sum(e.changed for e in edits) >= len(edits) // 2, "most edits change something to report"
    assert [(e.edit, e.section, e.problems) for e in edits if e.problems] == []


def test_the_key_change_report_is_borne_out_by_the_notes() -> None:
    # The key change names what else the notes did: the prepared dominant's notes in the section
    # before, a part that stays in its register and so goes down while the key goes up.
    problems = [p for style, brief in BRIEFS for e in measured(style, brief).edits if e.edit == KEY_CHANGE
                for p in e.problems]  # fmt: skip
    assert problems == []


def test_a_report_that_claims_too_much_or_too_little_is_caught() -> None:
    song = measured(*BRIEFS[0]).song
    assert isinstance(song, Song)
    change = songcraft.EDITS["brighter"](song, "chorus")
    assert songcraft.report_problems(song, change) == ()
    first, *rest = change.changes
    label = first.partition(": ")[0]
    claimed = Change(change.song, (f"{first}, drums played harder (velocity 80 -> 90)", *rest), change.held)
    assert any(p.startswith(f"{label}: said but not checked") for p in songcraft.report_problems(song, claimed))
    voicings = next(move for move in first.split(", ") if "voicings" in move)
    short = Change(change.song, (first.replace(f", {voicings}", ""), *rest), change.held)
    assert any(p.startswith(f"{label}: heard but not said") for p in songcraft.report_problems(song, short))
    wrong = Change(change.song, tuple(e.replace(" -> ", " -> Bbm7", 1) for e in change.changes), change.held)
    assert songcraft.report_problems(song, wrong)
