"""Killed with SIGKILL at random moments during edit turns, cowriter loses no version it acknowledged.

A writer process edits one project turn after turn and reports each version it gave back;
the test kills it at random moments, starts it again, and at the end every acknowledged
version is in the store with the same song, and the databases pass SQLite's integrity check.
`COWRITER_SOAK=1` (`make soak`) runs a longer variant.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from memory.store import ProjectStore

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]

ROOT = Path(__file__).resolve().parents[2]
SOAK = os.environ.get("COWRITER_SOAK") == "1"
TURNS, KILLS = (400, 60) if SOAK else (100, 10)
EDITS = ("/brighter chorus", "/darker chorus", "/energy verse up", "/energy verse down", "/key all +1",
         "/key all -1", "/tempo {tempo}", "/richer bridge", "/simpler bridge", "/undo")  # fmt: skip

WRITER = """
import hashlib, sys
from agent.session import Session
from agent.settings import Settings
home, start, total = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
edits = sys.argv[4].split("|")
session = Session(Settings(home=home, sample_rate=11025), project="kills")  # renders at 11 kHz: this is about what is kept
if session.head() is None:
    session.send("/plan folk song about leaving home, 90 BPM, D minor")
print("ready", flush=True)
for turn in range(start, total):
    text = edits[turn % len(edits)].replace("{tempo}", str(80 + turn % 40))
    print("sent", turn, flush=True)
    session.send(text)
    head = session.head()
    sha = hashlib.sha256(head.song.model_dump_json().encode()).hexdigest()
    print("ack", turn, head.id, sha, flush=True)
session.close()
"""


def _sha(song_json: str) -> str:
    return hashlib.sha256(song_json.encode()).hexdigest()


def _kept(store: ProjectStore, version_id: int) -> str | None:
    try:
        return _sha(store.get(version_id).song.model_dump_json())
    except Exception:  # a version that is gone, or unreadable, is lost
        return None


def test_kill_9_during_edit_turns_loses_no_acknowledged_version(tmp_path: Path, figures: Callable[[str], None]) -> None:
    home = tmp_path / "home"
    rng = random.Random(31)
    acknowledged: dict[int, str] = {}
    turn, kills, started = 0, 0, time.monotonic()
    while turn < TURNS:
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(home), str(turn), str(TURNS), "|".join(EDITS)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready", "the writer did not start"
        # Kill somewhere inside the next few turns, unless enough kills were made.
        killer = None
        if kills < KILLS:
            killer = threading.Timer(rng.uniform(0.3, 4.0), writer.send_signal, (signal.SIGKILL,))
            killer.start()
        for line in writer.stdout:
            words = line.split()
            if words[:1] == ["sent"]:
                turn = int(words[1])
            elif words[:1] == ["ack"]:
                acknowledged[int(words[2])] = words[3]
                turn = int(words[1]) + 1
        writer.wait()
        if killer is not None:
            killer.cancel()
        if writer.returncode == -signal.SIGKILL:
            kills += 1
            turn += 0 if turn >= TURNS else 1  # the turn in flight may be lost; the next one follows
        else:
            assert writer.returncode == 0, writer.returncode
    for database in ("cowriter.db", "agent.db"):
        with sqlite3.connect(home / database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", database
    store = ProjectStore(home)
    lost = [vid for vid, sha in acknowledged.items() if _kept(store, vid) != sha]
    head = store.head("kills")
    assert head is not None
    store.close()
    figures(f"kill -9: {kills} kills during {TURNS} edit turns, {len(acknowledged)} versions acknowledged, "
          f"{len(lost)} lost, {time.monotonic() - started:.0f} s")
    assert kills >= min(KILLS, 1)
    assert not lost
