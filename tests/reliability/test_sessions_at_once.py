"""Eight Sessions opened at the same moment on a fresh data folder all start, and each remembers and recalls."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

from agent.session import Session
from agent.settings import Settings

SESSIONS = 8


def test_eight_sessions_started_at_once_on_a_fresh_folder_all_work(cowriter_home: Path, figures: Any) -> None:
    assert not cowriter_home.exists()
    stdout = sys.stdout
    start = threading.Barrier(SESSIONS)
    opened: dict[int, Session] = {}
    errors: list[BaseException] = []

    def open_one(n: int) -> None:
        start.wait()
        try:
            opened[n] = Session(Settings(home=cowriter_home), f"Song {n}")
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    began = time.monotonic()
    threads = [threading.Thread(target=open_one, args=(n,)) for n in range(SESSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    seconds = time.monotonic() - began
    assert errors == []

    recalled = 0
    for n, session in opened.items():
        memory = session.workspace.memory
        assert memory is not None, f"session {n} started without its memory"
        memory.remember(session.project, "decision", f"the bridge of song {n} stays eight bars")
        found = memory.recall(session.project, "how long is the bridge?", k=3, kinds=["decision"])
        recalled += [m.text for m in found] == [f"the bridge of song {n} stays eight bars"]
        assert session.head() is None and session.transcript() == []
    figures(f"eight sessions at once: {len(opened)} of {SESSIONS} opened in {seconds:.1f} s, {recalled} recall their memory")

    assert len(opened) == SESSIONS
    assert recalled == SESSIONS
    assert sorted(opened[0].workspace.store.projects()) == [f"Song {n}" for n in range(SESSIONS)]
    # Starting at once must leave the process's output where it was (one start-up used to swap it away).
    assert sys.stdout is stdout
    for session in opened.values():
        session.close()
