"""Two windows on one project: two processes edit the same song at once, and neither silently undoes the other."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from agent.session import Session
from agent.settings import Settings
from memory.store import Version
from music.plan import planner
from music.song import Song

EDITS = 15
# One writer moves the tempo up a step at a time, the other numbers its takes of the first verse:
# both only ever go up, so a version that undoes the other writer's change shows as a step back.
WRITERS = {"tempo": "/tempo {n}", "lyrics": "/lyrics verse 1: take {n}"}
FIRST_TEMPO = 90

WRITER = textwrap.dedent("""
    import json, logging, sys, time
    from pathlib import Path
    from agent.session import Session
    from agent.settings import Settings

    home, kind, command, edits = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    retried = []

    class Retries(logging.Handler):
        def emit(self, record):
            if "making the change again" in record.getMessage():
                retried.append(record.getMessage())

    logging.getLogger("tools.common").addHandler(Retries())
    logging.getLogger("tools.common").setLevel(logging.INFO)
    session = Session(Settings(home=home, sample_rate=8000), "duet")
    session.send("/play")  # loads the SoundFont before the race starts
    (home / f"{kind}.ready").touch()
    while not (home / "go").exists():
        time.sleep(0.01)
    replies = []
    for n in range(1, edits + 1):
        turn = session.send(command.format(n=n + 90 if kind == "tempo" else n))
        replies.append({"error": turn.error, "reply": turn.reply})
    (home / f"{kind}.json").write_text(json.dumps({"replies": replies, "retried": len(retried)}))
""")


def takes(song: Song) -> int:
    """Which numbered take the first verse holds (0 before any)."""
    lyrics = song.sections[song.find("verse 1")[0]].lyrics
    return int(lyrics[0].removeprefix("take ")) if lyrics and lyrics[0].startswith("take ") else 0


def rest(song: Song) -> dict:
    """Everything about a song but the tempo and the first verse's lyrics: what neither writer touches."""
    data = song.model_dump(mode="json")
    data["meta"].pop("tempo")
    data["sections"][song.find("verse 1")[0]].pop("lyrics")
    return data


def silent_reverts(versions: list[Version]) -> list[str]:
    """Versions that lose something their parent had, instead of adding exactly their own change."""
    by_id = {v.id: v for v in versions}
    found = []
    for version in versions:
        parent = by_id.get(version.parent) if version.parent is not None else None
        if parent is None:
            continue
        before, after = parent.song, version.song
        tempo_moved = after.meta.tempo != before.meta.tempo
        take_moved = takes(after) != takes(before)
        own = {"set_tempo": (True, False), "set_lyrics": (False, True)}.get(version.action)
        if (
            own != (tempo_moved, take_moved)
            or after.meta.tempo < before.meta.tempo
            or takes(after) < takes(before)
            or rest(after) != rest(before)
        ):
            found.append(f"version {version.number} ({version.action}) from {parent.number}")
    return found


def test_two_processes_on_one_project_never_silently_revert_each_other(cowriter_home: Path, figures: Any) -> None:
    session = Session(Settings(home=cowriter_home, sample_rate=8000), "duet")
    planned = planner.plan_song(f"a folk song about leaving home, {FIRST_TEMPO} BPM, D minor")
    # Two short sections keep each render, and so the whole race, short.
    song = planned.model_copy(update={"sections": planned.sections[1:3]})
    session.workspace.store.commit("duet", song, "plan_song", "Two sections to work on.")
    session.close()

    root = Path(__file__).parents[2]
    writers = {
        kind: subprocess.Popen(
            [sys.executable, "-c", WRITER, str(cowriter_home), kind, command, str(EDITS)],
            cwd=root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kind, command in WRITERS.items()
    }
    deadline = time.monotonic() + 60
    while not all((cowriter_home / f"{kind}.ready").exists() for kind in WRITERS):
        assert all(w.poll() is None for w in writers.values()), "a writer failed to start"
        assert time.monotonic() < deadline, "the writers never got ready"
        time.sleep(0.05)
    started = time.monotonic()
    (cowriter_home / "go").touch()
    for kind, writer in writers.items():
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, f"the {kind} writer failed: {err[-2000:]}"
    seconds = time.monotonic() - started

    reports = {kind: json.loads((cowriter_home / f"{kind}.json").read_text()) for kind in WRITERS}
    replies = [reply for report in reports.values() for reply in report["replies"]]
    refused = [r for r in replies if r["error"]]
    retried = sum(report["retried"] for report in reports.values())
    session = Session(Settings(home=cowriter_home, sample_rate=8000), "duet")
    versions = session.versions()
    reverts = silent_reverts(versions)
    figures(
        f"two writers: {len(versions) - 1} versions in {seconds:.1f} s, {len(reverts)} silent reverts, "
        f"{retried} retried, {len(refused)} refused"
    )

    assert reverts == []
    # Every refusal is the one sentence, and says nothing was overwritten.
    assert all("nothing was overwritten" in r["reply"] for r in refused), refused
    assert len(versions) - 1 == len(replies) - len(refused)
    assert retried + len(refused) > 0, "the two writers never met; the race was not run"
    # The head holds the newest change of each writer: the highest tempo and the last take saved.
    head = session.head()
    assert head is not None and head.id == versions[-1].id
    assert head.song.meta.tempo == max(v.song.meta.tempo for v in versions)
    assert takes(head.song) == max(takes(v.song) for v in versions)
    session.close()
