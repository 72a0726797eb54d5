"""The request bench's judge: what counts as the sections a request changed."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from music.edits.keys import modulate
from music.edits.transforms import brighten
from music.song import Song, parse_song

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_requests", BENCH / "requests.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


class _Turn:
    def __init__(self, tool: str, args: dict[str, Any]) -> None:
        step = type("Step", (), {"tool": tool, "args": args, "ok": True, "result": ""})()
        self.steps = (step,)
        self.reply = ""
        self.options = ()


def _song() -> Song:
    return parse_song(json.loads((BENCH / "data" / "session_song.json").read_text(encoding="utf-8")))


def test_a_key_change_may_prepare_the_section_before_it_in_its_last_chord_only() -> None:
    bench, song = _bench(), _song()
    lifted = modulate(song, "Chorus 3", 2).song
    assert lifted.sections[5].chords[-1] != song.sections[5].chords[-1]  # the bridge now leads into B minor
    case = {"say": "last chorus up a whole step", "expect": "edit", "tools": ["change_key"], "sections": ["Chorus 3"]}
    assert bench.judge(case, _Turn("change_key", {"semitones": 2}), song, lifted, 1, True).correct
    # A bridge changed in more than its last chord is a wrong section, key change or not.
    brighter_bridge = brighten(lifted, "Bridge").song
    outcome = bench.judge(case, _Turn("change_key", {"semitones": 2}), song, brighter_bridge, 1, True)
    assert not outcome.correct and outcome.wrong_section


def test_a_chord_chart_counts_by_its_chords_not_its_bar_lines() -> None:
    bench = _bench()
    assert bench._matches({"chart": "Am | F | C | G"}, {"chart": "Am F C G"})
    assert not bench._matches({"chart": "Am | F | C | G"}, {"chart": "Am F G C"})


def test_the_musicians_words_quoted_back_claim_no_change() -> None:
    bench = _bench()
    asked = 'I\'m not sure what you mean by "redo, I changed my mind". Did you mean /redo? Nothing changed.'
    assert not bench._invented(asked, (), "redo, I changed my mind")
    assert bench._invented('I changed the chorus to "brighter".', (), "redo, I changed my mind")
