"""Hostile and oversize song files are refused in one sentence, quickly, in bounded memory, leaving nothing behind."""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hostile_files import CASES, Case, metre, musicxml, real_mxl, smf, tempo, track, tune

from agent.session import Session
from agent.settings import Settings
from music.errors import SongError
from music.formats.import_limits import ImportLimits
from music.formats.importer import import_song
from music.sandbox import run_limited

SECONDS = 10.0  # each hostile file is refused within this
MEMORY_MB = 1024.0  # by a reader that never grows past this


def tempo_track() -> bytes:
    return track(tempo(600_000), metre(3, 2))


def _stored(home: Path) -> tuple[set[Path], int]:
    files = {p for p in home.rglob("*") if p.is_file() and not p.name.endswith(("-wal", "-shm", "-journal"))}
    with sqlite3.connect(home / "cowriter.db") as conn:
        uploads = conn.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
    return files, uploads


@pytest.fixture(scope="module")
def refusals(figures: Callable[[str], None]) -> Iterator[list[tuple[str, float, float]]]:
    """(case, seconds, reader's peak MB) of every refusal; the totals join the suite's figures."""
    rows: list[tuple[str, float, float]] = []
    yield rows
    if not rows:
        return
    slowest = max(rows, key=lambda row: row[1])
    biggest = max(rows, key=lambda row: row[2])
    figures(f"hostile files: {len(rows)} refused, slowest {slowest[1]:.2f} s ({slowest[0]}), "
            f"peak memory {biggest[2]:.0f} MB ({biggest[0]}), all {sum(r[1] for r in rows):.1f} s")  # fmt: skip


@pytest.fixture(scope="module")
def workbench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Session, Path]]:
    """One session with a song in it, shared by the cases: each must leave it exactly as it found it."""
    home = tmp_path_factory.mktemp("hostile") / "home"
    session = Session(Settings(home=home), project="hostile files")
    assert not session.upload("first song.mid", smf(track(tune(bars=8)), tempo_track())).error
    yield session, home
    session.close()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_hostile_file_is_refused_in_one_sentence_and_changes_nothing(
    case: Case, workbench: tuple[Session, Path], refusals: list[tuple[str, float, float]],
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    session, home = workbench
    data = case.build()
    versions = [v.id for v in session.versions()]
    stored = _stored(home)
    caplog.set_level(logging.INFO, logger="music.sandbox")

    started = time.perf_counter()
    turn = session.upload(case.name, data)
    elapsed = time.perf_counter() - started

    reads = [record for record in caplog.records if hasattr(record, "read_peak_mb")]
    # A reader stopped from outside reports nothing: count it at its limit.
    peak = max((record.read_peak_mb or MEMORY_MB for record in reads), default=0.0)
    refusals.append((case.id, elapsed, peak))
    reply = turn.reply.strip()
    assert turn.error
    assert "\n" not in reply and "Traceback" not in reply
    assert case.name in reply and case.says in reply
    assert not re.search(r"[0-9a-f]{24}", reply)  # the file's own name, never the stored one
    assert [v.id for v in session.versions()] == versions
    assert _stored(home) == stored
    assert elapsed < SECONDS
    assert peak < MEMORY_MB


def test_there_are_at_least_eighty_hostile_files() -> None:
    assert len(CASES) >= 80
    assert len({case.id for case in CASES}) == len(CASES)


# -- files that are fine still import, and quickly ----------------------------------------------


@pytest.mark.parametrize("fmt", ["midi", "musicxml", "mxl"])
def test_a_song_cowriter_wrote_imports_again_quickly(fmt: str, workbench: tuple[Session, Path], tmp_path: Path) -> None:
    session, _home = workbench
    song = session.song()
    assert song is not None
    exported = session.export("midi" if fmt == "midi" else "musicxml")[0]
    path = exported
    if fmt == "mxl":
        path = tmp_path / "first song.mxl"
        path.write_bytes(real_mxl(exported.read_bytes()))

    started = time.perf_counter()
    imported = import_song(path, name=f"first song.{fmt}")
    elapsed = time.perf_counter() - started

    assert imported.total_bars == song.total_bars
    assert (imported.meta.tempo, imported.meta.time_signature) == (song.meta.tempo, song.meta.time_signature)
    assert elapsed < 3.0


def test_a_song_at_the_limits_imports(tmp_path: Path) -> None:
    path = tmp_path / "long.mid"
    path.write_bytes(smf(track(tune(bars=512))))
    assert import_song(path).total_bars == 512
    xml = tmp_path / "long.musicxml"
    xml.write_bytes(musicxml("<measure>" + "</measure><measure>".join(["<note><pitch><step>C</step><octave>4"
                             "</octave></pitch><duration>4</duration></note>"] * 512) + "</measure>"))  # fmt: skip
    assert import_song(xml).total_bars == 512


# -- the limits are named settings ---------------------------------------------------------------


def test_every_import_limit_is_a_setting_with_the_same_default(cowriter_home: Path) -> None:
    assert Settings(home=cowriter_home).import_limits == ImportLimits()


def test_a_cowriter_environment_variable_moves_a_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "sixteen.mid"
    path.write_bytes(smf(track(tune(bars=16))))
    monkeypatch.setenv("COWRITER_IMPORT_MAX_BARS", "8")

    limits = Settings().import_limits

    assert limits.max_bars == 8
    with pytest.raises(SongError, match=r"^'sixteen.mid' is too long to import: it runs 16 bars and I read songs up to 8 bars\.$"):
        import_song(path, limits=limits)
    assert import_song(path).total_bars == 16


@pytest.mark.parametrize("wrong", [{"max_bars": 0}, {"max_read_seconds": -1.0}, {"max_notes": float("nan")},
                                   {"min_bpm": 300.0, "max_bpm": 200.0}])  # fmt: skip
def test_a_limit_that_makes_no_sense_is_refused(wrong: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="import"):
        ImportLimits(**wrong)  # type: ignore[arg-type]


# -- the backstop: the process that reads is bounded in time and memory -------------------------


def test_a_read_that_takes_too_long_is_stopped_in_one_sentence(tmp_path: Path) -> None:
    chords = "".join(f"<note><chord/><pitch><step>{s}</step><octave>4</octave></pitch><duration>4</duration></note>"
                     for s in "DEFGAB")  # fmt: skip
    path = tmp_path / "chorale.musicxml"
    path.write_bytes(musicxml("<measure>" + "</measure><measure>".join(
        ["<note><pitch><step>C</step><octave>4</octave></pitch><duration>4</duration></note>" + chords] * 512)
        + "</measure>"))  # fmt: skip
    started = time.perf_counter()
    with pytest.raises(SongError, match=r"^'chorale.musicxml' took too long to read \(over 0\.2 seconds\)"):
        import_song(path, limits=ImportLimits(max_read_seconds=0.2))
    assert time.perf_counter() - started < 2.0


def test_a_read_that_needs_too_much_memory_is_stopped_in_one_sentence() -> None:
    with pytest.raises(SongError, match=r"^'big.mid' needs more memory to read than a song file should \(over 512 MB\)"):
        run_limited(bytearray, 2 * 1024**3, name="big.mid", failed="unused", seconds=10, memory_mb=512)


@pytest.mark.parametrize("call", [(os._exit, 3), (int, "four")], ids=["reader-dies", "reader-fails"])
def test_a_reader_that_fails_gives_the_callers_sentence(call: tuple) -> None:
    function, *args = call
    with pytest.raises(SongError, match=r"^I could not read 'x.mid'\.$"):
        run_limited(function, *args, name="x.mid", failed="I could not read 'x.mid'.", seconds=10, memory_mb=1024)
