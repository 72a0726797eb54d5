"""The `cowriter` command as a musician uses it from a terminal: chat through a pipe, export, list projects."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import mido
import pytest

ROOT = Path(__file__).resolve().parents[1]
SESSION = "/plan folk song about leaving home, 90 BPM, D minor\n/brighter chorus\n/undo\n"


def cowriter(home: Path, *args: str, stdin: str = "", timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the command as a separate process with its data folder in `home`."""
    entry = Path(sys.executable).parent / "cowriter"
    command = [str(entry)] if entry.exists() else [sys.executable, "-m", "ui.cli"]
    # CI=1 as on the build machine, where some libraries talk on stdout when it is set.
    env = {**os.environ, "COWRITER_HOME": str(home), "CI": "1"}
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout
    )


def one_sentence(text: str) -> bool:
    """One plain line ending like a sentence, with no traceback in it."""
    line = text.strip()
    return bool(line) and "\n" not in line and "Traceback" not in line and line.endswith((".", "!", "?"))


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli") / "cowriter-home"


@pytest.fixture(scope="module")
def session_output(home: Path) -> subprocess.CompletedProcess[str]:
    """A short session typed into `cowriter chat`: plan a song, brighten the chorus, undo."""
    return cowriter(home, "chat", "--project", "demo", stdin=SESSION)


@pytest.fixture(scope="module")
def title(
    home: Path, session_output: subprocess.CompletedProcess[str], tmp_path_factory: pytest.TempPathFactory
) -> str:
    out = tmp_path_factory.mktemp("sheet") / "sheet.json"
    result = cowriter(home, "export", "--project", "demo", "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return str(json.loads(out.read_text())["meta"]["title"])


def test_help_is_instant_and_names_the_commands(tmp_path: Path) -> None:
    result = cowriter(tmp_path, "--help", timeout=60)
    assert result.returncode == 0
    for command in ("ui", "chat", "export", "projects"):
        assert command in result.stdout


def test_a_piped_session_prints_the_plan_the_change_and_the_undo(session_output) -> None:
    assert session_output.returncode == 0, session_output.stderr
    out = session_output.stdout
    assert "[plan_song]" in out
    assert "D minor" in out and "90" in out
    assert "Chorus" in out
    assert "[revise_section]" in out
    assert "[undo]" in out
    assert "version 1" in out.lower()
    audio = [line.split("audio:", 1)[1].strip() for line in out.splitlines() if line.strip().startswith("audio:")]
    assert audio, "the session should have played something"
    assert all(Path(path).is_file() and path.endswith(".wav") for path in audio)


def test_export_midi_writes_a_file_a_daw_can_open(home: Path, title: str, tmp_path: Path) -> None:
    out = tmp_path / "song.mid"
    result = cowriter(home, "export", "--project", "demo", "--format", "midi", "--out", str(out))
    assert result.returncode == 0, result.stderr
    midi = mido.MidiFile(out)
    notes = [m for track in midi.tracks for m in track if m.type == "note_on" and m.velocity > 0]
    assert len(midi.tracks) >= 2 and notes
    names = [m.name for track in midi.tracks for m in track if m.type == "track_name"]
    assert names[0] == title
    tempo = next(m.tempo for m in midi.tracks[0] if m.type == "set_tempo")
    assert round(mido.tempo2bpm(tempo)) == 90


def test_export_musicxml_is_a_lead_sheet_with_the_title(home: Path, title: str, tmp_path: Path) -> None:
    out = tmp_path / "song.musicxml"
    result = cowriter(home, "export", "--project", "demo", "--format", "musicxml", "--out", str(out))
    assert result.returncode == 0, result.stderr
    root = ET.parse(out).getroot()
    assert root.tag in {"score-partwise", "score-timewise"}
    assert title in ET.tostring(root, encoding="unicode")


def test_export_chordpro_into_a_folder_keeps_its_name(home: Path, title: str, tmp_path: Path) -> None:
    result = cowriter(home, "export", "--project", "demo", "--format", "chordpro", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = Path(result.stdout.strip())
    assert written.parent == tmp_path and written.suffix == ".cho"
    text = written.read_text(encoding="utf-8")
    assert f"{{title: {title}}}" in text
    assert "Dm" in text  # the tonic chord of D minor is on the sheet


def test_projects_lists_the_session(home: Path, session_output) -> None:
    result = cowriter(home, "projects")
    assert result.returncode == 0
    assert "demo" in result.stdout.splitlines()


def test_export_without_a_song_says_so_in_one_sentence(home: Path, tmp_path: Path) -> None:
    assert cowriter(home, "chat", "--project", "empty", stdin="").returncode == 0
    out = tmp_path / "nothing.mid"
    result = cowriter(home, "export", "--project", "empty", "--format", "midi", "--out", str(out))
    assert result.returncode == 1
    assert one_sentence(result.stderr), result.stderr
    assert "song" in result.stderr.lower()
    assert not out.exists()


def test_export_of_an_unknown_project_says_so(home: Path, tmp_path: Path) -> None:
    result = cowriter(home, "export", "--project", "nope", "--format", "midi", "--out", str(tmp_path / "x.mid"))
    assert result.returncode == 1
    assert one_sentence(result.stderr), result.stderr
    listed = cowriter(home, "projects")
    assert "nope" not in listed.stdout.splitlines()


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = cowriter(tmp_path, "export", "--project", "demo", "--format", "mp3", "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert "mp3" in result.stderr
