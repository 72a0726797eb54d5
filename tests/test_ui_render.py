"""What the web page shows for a session: steps, replies, players, the sheet and the versions list."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import soundfile as sf

from agent.session import Step, Turn
from memory.store import ChatEntry, Version
from music.song import parse_song
from ui.panels import EMPTY_SHEET, HEAD_MARK, ab_defaults, head_caption, sheet_markdown, version_rows
from ui.render_chat import latest_audio, transcript_messages, turn_messages

SHEET = {
    "meta": {"title": "Leaving Home", "style": "folk", "tempo": 90, "key": {"tonic": "D", "mode": "minor"}},
    "sections": [
        {"kind": "verse", "label": "Verse 1", "bars": 2, "chords": ["Dm", "Bb"], "lyrics": ["The kettle's cold"]},
        {"kind": "chorus", "label": "Chorus", "bars": 2, "chords": ["F", "C"], "lyrics": ["So long, porch light"]},
    ],
}


def take(folder: Path, name: str = "take.wav") -> Path:
    path = folder / name
    sf.write(path, np.zeros(4410, dtype="float32"), 44100)
    return path


def version(number: int, parent: int | None, action: str, summary: str) -> Version:
    return Version(number, "demo", number, parent, action, summary, parse_song(SHEET), time.time())


def test_a_turn_shows_its_steps_folded_then_the_reply_then_a_player(tmp_path: Path) -> None:
    wav = take(tmp_path)
    turn = Turn(
        reply="The chorus is brighter now.",
        steps=(Step("revise_section", {"section": "chorus", "direction": "brighter"}, "Chorus up an octave.", True),),
        audio=(wav,),
    )
    messages = turn_messages(turn)
    step, reply, player = messages
    assert step["metadata"]["title"].endswith("revise_section")
    assert step["metadata"]["status"] == "done"
    assert "section=chorus" in step["metadata"]["log"]
    assert step["content"] == "Chorus up an octave."
    assert reply == {"role": "assistant", "content": "The chorus is brighter now."}
    assert type(player["content"]).__name__ == "Audio"
    assert player["content"].value["orig_name"] == wav.name


def test_an_error_reply_is_marked_and_has_no_player() -> None:
    messages = turn_messages(Turn("There is no section called 'bridge'; this song has Verse 1, Chorus.", error=True))
    assert len(messages) == 1
    assert messages[0]["content"].startswith("⚠️ There is no section called 'bridge'")


def test_the_conversation_comes_back_after_a_restart_with_its_players(tmp_path: Path) -> None:
    wav = take(tmp_path)
    gone = tmp_path / "deleted.wav"
    entries = [
        ChatEntry("user", "/plan folk song about leaving home", {}, 1.0),
        ChatEntry(
            "assistant",
            "Planned 'Leaving Home'.",
            {
                "audio": [str(wav)],
                "files": [],
                "steps": [{"tool": "plan_song", "args": {}, "result": "ok", "ok": True}],
            },
            2.0,
        ),
        ChatEntry("user", "/render chorus", {}, 3.0),
        ChatEntry("assistant", "Here is the chorus.", {"audio": [str(gone)]}, 4.0),
    ]
    messages = transcript_messages(entries)
    assert [m["role"] for m in messages] == ["user", "assistant", "assistant", "assistant", "user", "assistant"]
    assert messages[0]["content"] == "/plan folk song about leaving home"
    assert messages[1]["metadata"]["title"].endswith("plan_song")
    assert type(messages[3]["content"]).__name__ == "Audio"
    assert messages[5]["content"] == "Here is the chorus."  # the vanished take is left out, not shown broken
    assert latest_audio(entries) == wav


def test_the_sheet_shows_sections_chords_and_lyrics() -> None:
    text = sheet_markdown(parse_song(SHEET))
    for expected in ("Leaving Home", "D minor", "Verse 1", "Chorus", "Dm | Bb", "So long, porch light"):
        assert expected in text
    assert sheet_markdown(None) == EMPTY_SHEET


def test_versions_are_listed_newest_first_with_the_current_one_marked() -> None:
    first = version(1, None, "plan_song", "Planned 'Leaving Home'.")
    second = version(2, 1, "revise_section:brighter", "Chorus brighter.")
    rows = version_rows([first, second], head=first)
    assert rows == [
        ["", "2", "revise section (brighter)", "Chorus brighter."],
        [HEAD_MARK, "1", "plan song", "Planned 'Leaving Home'."],
    ]
    assert ab_defaults([first, second], second) == ("1", "2")
    assert ab_defaults([first, second], first) == ("2", "1")  # after an undo, A is the undone change
    assert "version 1" in head_caption(first, 2)
