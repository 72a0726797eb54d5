"""Tools read only what the musician gave cowriter: a path elsewhere is refused without saying whether it exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import AIMessage

from agent.session import Session
from agent.settings import Settings
from music.band.arrange import arrange
from music.errors import CowriterError
from music.formats.midi import write_midi
from music.plan.planner import plan_song
from tools.registry import call_tool


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    write_midi(arrange(plan_song("a pop song in G major, 100 BPM")), folder / "secret.mid")
    (folder / "secret.musicxml").write_text("<score-partwise/>")
    return folder


@pytest.mark.parametrize(("tool", "name"), [("import_file", "secret.mid"), ("import_file", "secret.musicxml"),
                                            ("analyze", "secret.mid"), ("import_file", "../../etc/passwd.mid"),
                                            ("analyze", "cowriter.db")])  # fmt: skip
def test_a_path_outside_the_data_folder_is_refused_alike_whether_it_exists_or_not(tool: str, name: str, outside: Path,
                                                                                   cowriter_home: Path) -> None:
    session = Session(Settings(home=cowriter_home), project="paths")
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    there = outside / name if not name.endswith(".db") else cowriter_home / name
    with pytest.raises(CowriterError) as err:
        call_tool(session.tools, tool, {"path": str(there)})
    assert "only read files uploaded to cowriter" in str(err.value)
    assert str(outside) not in str(err.value)
    assert len(session.versions()) == 1
    session.close()


def test_the_model_cannot_point_learn_style_at_a_folder(outside: Path, cowriter_home: Path, scripted_model) -> None:
    model = scripted_model([
        AIMessage(content="", tool_calls=[{"name": "learn_style", "args": {"folder": str(outside)}, "id": "c1"},
                                          {"name": "import_file", "args": {"path": str(outside / "secret.mid")},
                                           "id": "c2"}]),
        AIMessage(content="Done."),
    ])  # fmt: skip
    session = Session(Settings(home=cowriter_home, llm_use_tools=True), project="learn", chat_model=model)
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    turn = session.send("hello there")
    assert not any(s.ok for s in turn.steps)
    assert not (cowriter_home / "profiles" / "mine.json").exists()
    assert len(session.versions()) == 1
    session.close()


def test_every_tool_that_takes_a_path_is_one_checked_here_or_kept_from_the_model() -> None:
    from agent.graph import MUSICIAN_ONLY
    from tools.registry import TOOLS

    takers = {(name, field) for name, spec in TOOLS.items() for field in spec.args_model.model_fields
              if field in ("path", "paths", "file", "folder", "directory", "out", "source")}  # fmt: skip
    assert takers == {("import_file", "path"), ("analyze", "path"), ("extend", "source"), ("learn_style", "folder")}
    assert "learn_style" in MUSICIAN_ONLY


def test_a_recording_outside_the_data_folder_is_not_extended(outside: Path, cowriter_home: Path) -> None:
    import numpy as np
    import soundfile as sf

    sf.write(outside / "secret.wav", np.zeros(22050, dtype=np.float32), 22050)
    session = Session(Settings(home=cowriter_home), project="extend")
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    for there in (outside / "secret.wav", outside / "missing.wav"):
        with pytest.raises(CowriterError) as err:
            call_tool(session.tools, "extend", {"seconds": 5, "source": str(there)}, engine=object())
        assert "only read files uploaded to cowriter" in str(err.value)
    session.close()
