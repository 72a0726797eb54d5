"""Every reading cowriter can offer as a button is a command that runs exactly that reading."""

from __future__ import annotations

import pytest

from agent.commands import to_slash
from agent.intents import DIRECTIONS, HARMONY_STYLES, TOOL_ARGS, Intent
from agent.slash import parse_slash
from tools.questions import TOPICS

OFFERED = [
    *(Intent("revise_section", {"section": "last chorus", "direction": d}) for d in DIRECTIONS),
    *(Intent("reharmonize", {"section": "bridge", "style": s}) for s in HARMONY_STYLES),
    Intent("change_key", {"section": "whole song", "semitones": -2}),
    Intent("change_key", {"section": "chorus 3", "semitones": 1}),
    Intent("set_tempo", {"bpm": 92.0, "section": None}),
    Intent("set_tempo", {"bpm": 80.0, "section": "outro"}),
    Intent("set_meter", {"time_signature": "6/8"}),
    Intent("set_bars", {"section": "intro", "bars": 2}),
    Intent("set_cymbal", {"section": "chorus", "cymbal": "open hi-hat"}),
    Intent("set_chords", {"section": "verse", "chart": "Am / / G | F | ^C | %"}),
    Intent("set_chords", {"section": "last chorus", "chart": "C | G | Am | F"}),
    Intent("add_section", {"kind": "pre-chorus", "after": "Verse 2", "bars": 4}),
    Intent("add_section", {"kind": "outro", "after": None, "bars": None}),
    Intent("remove_section", {"section": "verse 2"}),
    Intent("move_section", {"section": "bridge", "before": "last chorus", "after": None}),
    Intent("double_section", {"section": "last chorus"}),
    Intent("write_melody", {"section": "chorus"}),
    Intent("write_melody", {"section": "verse 1", "voice": "alto"}),
    Intent("alternative_melodies", {"section": "chorus", "count": 3}),
    Intent("alternative_melodies", {"section": "verse 2", "voice": "baritone", "count": 1}),
    Intent("alternative_progressions", {"section": "bridge", "count": 1}),
    Intent("alternative_progressions", {"section": "last chorus", "count": 2}),
    Intent("alternative_plans", {"count": 2}),
    Intent("set_style", {"style": "rock"}),
    Intent("write_lyrics", {"sections": ["verse 1", "chorus"]}),
    Intent("rewrite_lyrics", {"section": "chorus", "how": "more hopeful"}),
    Intent("rewrite_lyrics", {"section": "verse 1", "how": "", "line": 3}),
    Intent("rhyme_line", {"section": "chorus", "line": 4, "with_line": 2}),
    Intent("render", {"section": None}), Intent("render", {"section": "bridge"}),
    Intent("export", {"format": "musicxml"}), Intent("checkout", {"version": 3}),
    Intent("undo", {}), Intent("redo", {}), Intent("versions", {}), Intent("show_sheet", {}), Intent("help", {}),
    Intent("remember", {"text": "never use a saxophone"}), Intent("forget_preference", {"text": "saxophone"}),
    Intent("list_preferences", {}), Intent("recall_ideas", {"query": "the chorus about rain"}),
    Intent("borrow_section", {"project": "night drive", "version": 4, "section": "Chorus 1", "into": "chorus"}),
    Intent("rhymes", {"word": "home"}), Intent("check_lyrics", {"section": "bridge"}),
    Intent("analyze", {"section": "bridge", "path": None}),
    *(Intent("answer_question", {"topic": t, "section": "bridge", "chord": None}) for t in TOPICS if t != "why_chord"),
    Intent("answer_question", {"topic": "why_chord", "section": "bridge", "chord": "E7"}),
]  # fmt: skip


@pytest.mark.parametrize("intent", OFFERED, ids=lambda i: f"{i.tool}:{'/'.join(map(str, i.args.values()))}")
def test_an_offered_reading_is_a_command_that_runs_it(intent: Intent) -> None:
    command = to_slash(intent)
    assert command.startswith("/")
    assert parse_slash(command) == Intent(intent.tool, _as_typed(intent))


def _as_typed(intent: Intent) -> dict[str, object]:
    # Commands name the whole song "all", which the tools read as the whole song too.
    return {k: ("all" if v == "whole song" else v) for k, v in intent.args.items()}


def test_every_tool_the_understanding_can_choose_has_a_command() -> None:
    offered = {intent.tool for intent in OFFERED}
    missing = set(TOOL_ARGS) - offered - {"plan_song", "set_lyrics", "analyze", "learn_style", "generate_section",
                                          "extend"}  # fmt: skip
    assert not missing
