"""A songwriting session against the project store: versions, undo and redo, renders, crashes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from memory.blobs import BlobStore
from memory.store import HeadMoved, NothingToRedo, NothingToUndo, ProjectStore, StoreError
from music.song import Section, Song

FORK = multiprocessing.get_context("fork")


def sketch(tempo: float = 92.0, title: str = "Night Drive") -> Song:
    return Song.model_validate(
        {
            "meta": {"title": title, "tempo": tempo, "key": {"tonic": "A", "mode": "minor"}},
            "sections": [
                Section(kind="verse", label="Verse 1", bars=4, chords=("Am", "F", "C", "G")).model_dump(),
                Section(kind="chorus", label="Chorus 1", bars=4, chords=("C", "G", "Am", "F")).model_dump(),
            ],
        }
    )


def check_consistent(home: Path) -> None:
    """The database is intact and every project's history hangs together."""
    with sqlite3.connect(home / "cowriter.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    store = ProjectStore(home)
    try:
        for project in store.projects():
            versions = store.versions(project)
            assert [v.number for v in versions] == list(range(1, len(versions) + 1))
            ids = {v.id for v in versions}
            assert all(v.parent is None or v.parent in ids for v in versions)
            head = store.head(project)
            assert (head is None) == (not versions)
            assert head is None or head.id in ids
    finally:
        store.close()


@pytest.fixture
def store(tmp_path: Path):
    opened = ProjectStore(tmp_path / "home")
    yield opened
    opened.close()


# -- the session ------------------------------------------------------------------


def test_undo_redo_and_a_new_idea_after_undo(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = ProjectStore(home)
    v1 = store.commit("Night Drive", sketch(92), "plan", "a four-bar verse and chorus in A minor at 92 BPM")
    v2 = store.commit("Night Drive", sketch(98), "add_energy", "tempo 92 -> 98")
    v3 = store.commit("Night Drive", sketch(104), "add_energy", "tempo 98 -> 104")
    assert [v.number for v in (v1, v2, v3)] == [1, 2, 3]
    assert (v2.parent, v3.parent) == (v1.id, v2.id)
    assert store.head("Night Drive") == v3

    assert store.undo("Night Drive") == v2
    assert store.undo("Night Drive") == v1
    with pytest.raises(NothingToUndo, match="nothing to undo: this is the first version"):
        store.undo("Night Drive")
    assert store.redo("Night Drive") == v2
    assert store.head("Night Drive").song.meta.tempo == 98

    # A new idea from version 2: the old "104 BPM" future is no longer what redo leads to.
    v4 = store.commit("Night Drive", sketch(96), "calm", "tempo 98 -> 96")
    assert v4.parent == v2.id and v4.number == 4
    with pytest.raises(NothingToRedo, match="nothing to redo"):
        store.redo("Night Drive")
    assert store.undo("Night Drive") == v2
    assert store.redo("Night Drive") == v4

    store.append_chat("Night Drive", "user", "make it calmer")
    store.append_chat("Night Drive", "assistant", "Tempo 98 -> 96.", {"audio": ["mix.wav"], "version": v4.id})
    store.close()

    # The app restarts.
    reopened = ProjectStore(home)
    assert reopened.projects() == ["Night Drive"]
    assert reopened.head("Night Drive") == v4
    assert reopened.versions("Night Drive") == [v1, v2, v3, v4]
    assert reopened.get(v3.id).song == sketch(104)
    assert reopened.get(v3.id).summary == "tempo 98 -> 104"
    transcript = reopened.chat("Night Drive")
    assert [(e.role, e.text) for e in transcript] == [("user", "make it calmer"), ("assistant", "Tempo 98 -> 96.")]
    assert transcript[1].extra == {"audio": ["mix.wav"], "version": v4.id}
    assert reopened.undo("Night Drive") == v2
    reopened.close()


def test_ab_compare_by_checking_out_an_old_version(store: ProjectStore) -> None:
    first = store.commit("Night Drive", sketch(92), "plan", "first sketch")
    second = store.commit("Night Drive", sketch(98), "add_energy", "tempo 92 -> 98")
    newest = store.commit("Night Drive", sketch(104), "add_energy", "tempo 98 -> 104")

    assert store.checkout("Night Drive", first.id) == first
    assert store.head("Night Drive") == first
    # Redo walks back to where the musician came from.
    assert store.redo("Night Drive") == second
    assert store.redo("Night Drive") == newest
    assert store.checkout("night drive", second.id) == second

    other = store.commit("Summer Song", sketch(120, "Summer Song"), "plan", "first sketch")
    with pytest.raises(StoreError, match="no version"):
        store.checkout("Night Drive", other.id)
    with pytest.raises(StoreError, match="no version"):
        store.get(9999)
    assert store.head("Night Drive") == second
    # The musician says "version 3", not an id: each project counts its own versions from 1.
    assert store.by_number("Night Drive", 3) == newest and store.by_number("Summer Song", 1) == other
    with pytest.raises(StoreError, match="There is no version 4; this project has versions 1 to 3."):
        store.by_number("Night Drive", 4)


def test_an_empty_project_has_nothing_to_undo_or_redo(store: ProjectStore) -> None:
    assert store.ensure_project("Blank Page") == "Blank Page"
    assert store.head("Blank Page") is None
    assert store.versions("Blank Page") == []
    assert store.chat("Blank Page") == []
    with pytest.raises(NothingToUndo, match="no versions yet"):
        store.undo("Blank Page")
    with pytest.raises(NothingToRedo, match="no versions yet"):
        store.redo("Blank Page")
    with pytest.raises(StoreError, match="no versions yet"):
        store.by_number("Blank Page", 1)
    assert store.head("Never Made") is None


def test_project_names_are_checked_and_case_insensitive(store: ProjectStore) -> None:
    assert store.ensure_project("  Night Drive ") == "Night Drive"
    assert store.ensure_project("night drive") == "Night Drive"
    assert store.ensure_project("Canción_de-cuna 2") == "Canción_de-cuna 2"
    before = store.projects()
    for bad in ["", "   ", "x" * 65, "../etc", "a/b", "semi;colon", "tab\tname", "*profile*"]:
        with pytest.raises(ValueError, match="project name"):
            store.ensure_project(bad)
        with pytest.raises(ValueError, match="project name"):
            store.commit(bad, sketch(), "plan", "nothing")
    assert store.projects() == before
    assert not (store.home / "exports").exists()
    folder = store.export_dir("night drive")
    assert folder == store.home / "exports" / "Night Drive" and folder.is_dir()


def test_bad_arguments_change_nothing(store: ProjectStore) -> None:
    version = store.commit("Night Drive", sketch(), "plan", "first sketch")
    with pytest.raises(ValueError, match="song sheet"):
        store.commit("Night Drive", {"sections": []}, "plan", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="action"):
        store.commit("Night Drive", sketch(), "  ", "x")
    with pytest.raises(ValueError, match="chat message"):
        store.append_chat("Night Drive", "robot", "hello")
    with pytest.raises(ValueError, match="plain data"):
        store.append_chat("Night Drive", "user", "hello", {"when": object()})
    with pytest.raises(ValueError, match="kind"):
        store.add_render(version.id, " ", b"RIFF")
    with pytest.raises(ValueError, match="plain data"):
        store.add_render(version.id, "mix", b"RIFF", {"peak": object()})
    with pytest.raises(ValueError, match="file ending"):
        store.add_render(version.id, "mix", b"RIFF", suffix="wav; rm")
    with pytest.raises(StoreError, match="no version"):
        store.add_render(424242, "mix", b"RIFF")
    assert store.versions("Night Drive") == [version]
    assert store.chat("Night Drive") == []
    assert store.renders(version.id) == []


# -- renders and uploads --------------------------------------------------------------


def test_renders_are_kept_once_per_content(store: ProjectStore, tmp_path: Path) -> None:
    v1 = store.commit("Night Drive", sketch(92), "plan", "first sketch")
    v2 = store.commit("Night Drive", sketch(92, "Night Drive (lyrics)"), "write_lyrics", "verse lyrics")
    audio = b"RIFF" + bytes(range(256)) * 64

    mix1 = store.add_render(v1.id, "mix", audio, {"lufs": -14.0, "seconds": 20.0})
    mix2 = store.add_render(v2.id, "mix", audio)
    assert mix1.path == mix2.path and mix1.path.read_bytes() == audio
    assert mix1.path.is_relative_to(store.home / "blobs") and mix1.path.suffix == ".wav"
    assert len([p for p in (store.home / "blobs").rglob("*") if p.is_file()]) == 1
    assert mix1.meta == {"lufs": -14.0, "seconds": 20.0}

    # The same file again for the same version is still one render, and keeps its details.
    again = store.add_render(v1.id, "mix", audio)
    assert again.id == mix1.id and again.meta == mix1.meta

    stem = tmp_path / "bass.wav"
    stem.write_bytes(b"RIFF-bass")
    bass = store.add_render(v1.id, "stem:Bass", stem, {"part": "Bass"})
    midi_file = tmp_path / "song.mid"
    midi_file.write_bytes(b"MThd-song")
    midi = store.add_render(v1.id, "export:midi", midi_file)
    assert midi.path.suffix == ".mid" and bass.path.read_bytes() == b"RIFF-bass"
    stem.unlink()  # the store keeps its own copy
    assert bass.path.is_file()

    assert [r.kind for r in store.renders(v1.id)] == ["mix", "stem:Bass", "export:midi"]
    assert store.find_render(v1.id, "stem:Bass") == bass
    assert store.find_render(v1.id, "section:Chorus 1") is None
    louder = store.add_render(v1.id, "mix", audio + b"louder", {"lufs": -9.0})
    assert store.find_render(v1.id, "mix") == louder
    assert store.find_render(v2.id, "mix") == mix2


def test_uploads_keep_their_file_ending(store: ProjectStore) -> None:
    path = store.add_upload("Night Drive", "../../demo take.MID", b"MThd\x00\x00\x00\x06")
    assert path.suffix == ".mid" and path.read_bytes() == b"MThd\x00\x00\x00\x06"
    assert path.is_relative_to(store.home / "blobs")
    assert store.add_upload("Night Drive", "copy.mid", b"MThd\x00\x00\x00\x06") == path
    with pytest.raises(ValueError, match="empty"):
        store.add_upload("Night Drive", "silence.wav", b"")
    with pytest.raises(ValueError, match="file ending"):
        store.add_upload("Night Drive", "notes.m!d", b"data")


def test_blob_store_sweeps_only_old_leftovers(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    kept = blobs.put_bytes(b"a chorus", ".wav")
    fresh = kept.parent / ".tmp-fresh"
    old = kept.parent / ".tmp-old"
    fresh.write_bytes(b"half")
    old.write_bytes(b"half")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert blobs.sweep() == 1
    assert fresh.exists() and not old.exists() and kept.exists()


# -- several writers and crashes ----------------------------------------------------


def test_threads_share_one_store(store: ProjectStore) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(5):
                store.commit("Night Drive", sketch(90 + n + i), "edit", f"writer {n} edit {i}")
                store.append_chat("Night Drive", "assistant", f"writer {n} edit {i}")
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = store.versions("Night Drive")
    assert sorted(v.number for v in versions) == list(range(1, 21))
    assert len(store.chat("Night Drive")) == 20
    check_consistent(store.home)


def _crash_inside_commit(home: str) -> None:
    store = ProjectStore(Path(home))
    store.commit("Night Drive", sketch(92), "plan", "first sketch")

    def die_before_moving_head(statement: str) -> None:
        # The new version row is written but the transaction is still open.
        if statement.startswith("UPDATE projects SET head"):
            os._exit(17)

    store._conn.set_trace_callback(die_before_moving_head)
    store.commit("Night Drive", sketch(120), "add_energy", "tempo 92 -> 120")
    os._exit(0)  # pragma: no cover - not reached


def test_a_writer_killed_inside_a_transaction_loses_only_that_change(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = FORK.Process(target=_crash_inside_commit, args=(str(home),))
    child.start()
    child.join(30)
    assert child.exitcode == 17

    check_consistent(home)
    store = ProjectStore(home)
    assert [v.summary for v in store.versions("Night Drive")] == ["first sketch"]
    assert store.head("Night Drive").song.meta.tempo == 92
    again = store.commit("Night Drive", sketch(120), "add_energy", "tempo 92 -> 120")
    assert again.number == 2
    store.close()


def _crash_inside_blob_write(home: str) -> None:
    import memory.blobs

    store = ProjectStore(Path(home))
    version = store.commit("Night Drive", sketch(92), "plan", "first sketch")

    def die(*args: object) -> None:
        os._exit(23)

    memory.blobs.os.replace = die  # type: ignore[assignment]
    store.add_render(version.id, "mix", b"RIFF-half-written-mix")
    os._exit(0)  # pragma: no cover - not reached


def test_a_render_killed_mid_write_leaves_no_half_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = FORK.Process(target=_crash_inside_blob_write, args=(str(home),))
    child.start()
    child.join(30)
    assert child.exitcode == 23

    check_consistent(home)
    store = ProjectStore(home)
    version = store.head("Night Drive")
    assert store.renders(version.id) == []
    assert all(p.name.startswith(".tmp-") for p in (home / "blobs").rglob("*") if p.is_file())
    mix = store.add_render(version.id, "mix", b"RIFF-half-written-mix")
    assert mix.path.read_bytes() == b"RIFF-half-written-mix"
    assert store.blobs.sweep(older_than=0) == 1
    store.close()


def _keep_committing(home: str) -> None:
    store = ProjectStore(Path(home))
    tempo = 60
    while True:
        store.append_chat("Night Drive", "user", f"try {tempo} BPM")
        version = store.commit("Night Drive", sketch(tempo), "edit", f"tempo {tempo}")
        store.add_render(version.id, "mix", f"RIFF {tempo}".encode())
        if tempo % 7 == 0:
            store.undo("Night Drive")
        tempo = 60 + (tempo - 59) % 200


def test_a_busy_writer_killed_at_any_moment_leaves_a_consistent_store(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = FORK.Process(target=_keep_committing, args=(str(home),))
    child.start()
    reader = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if (home / "cowriter.db").exists():
            reader = reader or ProjectStore(home)
            if len(reader.versions("Night Drive")) >= 12:
                break
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    assert child.exitcode == -signal.SIGKILL
    assert reader is not None
    reader.close()

    check_consistent(home)
    store = ProjectStore(home)
    versions = store.versions("Night Drive")
    assert len(versions) >= 12
    for version in versions[:-1]:
        (render,) = store.renders(version.id)
        assert render.path.read_bytes() == f"RIFF {int(version.song.meta.tempo)}".encode()
    nxt = store.commit("Night Drive", sketch(150), "edit", "after the crash")
    assert nxt.number == len(versions) + 1
    store.close()


# -- two writers on one project -----------------------------------------------------


def test_a_change_made_from_a_version_that_is_no_longer_current_is_refused(store: ProjectStore) -> None:
    first = store.commit("Night Drive", sketch(92), "plan", "first sketch")
    # Two windows both read version 1; the second saves first.
    theirs = store.commit("Night Drive", sketch(100), "set_tempo", "tempo 92 -> 100", parent=first.id)

    with pytest.raises(HeadMoved, match=r"now version 2\); nothing was overwritten") as refused:
        store.commit("Night Drive", sketch(92, title="Night Drive II"), "retitle", "new title", parent=first.id)

    assert (refused.value.number, refused.value.parent) == (2, first.id)
    assert isinstance(refused.value, StoreError)
    assert [v.number for v in store.versions("Night Drive")] == [1, 2]
    head = store.head("Night Drive")
    assert head is not None and head.id == theirs.id and head.song.meta.tempo == 100
    # Made again from the version that is current now, the change is saved on top of theirs.
    mine = store.commit("Night Drive", sketch(100, title="Night Drive II"), "retitle", "new title", parent=theirs.id)
    assert (mine.number, mine.parent) == (3, theirs.id)


def test_a_change_from_before_an_undo_is_refused_and_one_without_a_parent_is_not(store: ProjectStore) -> None:
    store.commit("Night Drive", sketch(92), "plan", "first sketch")
    second = store.commit("Night Drive", sketch(100), "set_tempo", "tempo 92 -> 100")
    store.undo("Night Drive")

    with pytest.raises(HeadMoved, match="now version 1"):
        store.commit("Night Drive", sketch(110), "set_tempo", "tempo 100 -> 110", parent=second.id)
    assert store.head_id("Night Drive") == store.by_number("Night Drive", 1).id
    # Callers that name no parent (an import that replaces the sheet) save on whatever is current.
    imported = store.commit("Night Drive", sketch(120), "import_file", "imported")
    assert imported.parent == store.by_number("Night Drive", 1).id
    assert store.head_id("No Such Project") is None


def _commit_from(home: str, parent: int, tempo: float, start: float, results: multiprocessing.Queue) -> None:
    store = ProjectStore(Path(home))
    while time.time() < start:
        time.sleep(0.001)
    try:
        version = store.commit("Night Drive", sketch(tempo), "set_tempo", f"tempo -> {tempo:g}", parent=parent)
        results.put(("saved", version.number))
    except HeadMoved as moved:
        results.put(("refused", moved.number))
    store.close()


def test_of_two_processes_saving_from_the_same_version_exactly_one_wins(tmp_path: Path) -> None:
    home = tmp_path / "home"
    store = ProjectStore(home)
    first = store.commit("Night Drive", sketch(92), "plan", "first sketch")
    results = FORK.Queue()
    start = time.time() + 0.5
    writers = [FORK.Process(target=_commit_from, args=(str(home), first.id, 100 + n, start, results)) for n in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(30)
    outcomes = sorted(results.get(timeout=5) for _ in writers)

    assert outcomes == [("refused", 2), ("refused", 2), ("refused", 2), ("saved", 2)]
    assert [v.number for v in store.versions("Night Drive")] == [1, 2]
    store.close()
    check_consistent(home)
