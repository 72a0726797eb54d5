"""A refused upload leaves nothing behind: no stored file, no record, no version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from agent.session import Session
from agent.settings import Settings


def _stored(home: Path) -> tuple[set[Path], int]:
    files = {p for p in (home / "blobs").rglob("*") if p.is_file()}
    with sqlite3.connect(home / "cowriter.db") as conn:
        uploads = conn.execute("SELECT COUNT(*) FROM uploads").fetchone()[0]
    return files, uploads


@pytest.mark.parametrize(
    ("name", "data"),
    [("broken.mid", b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x00\x60MTrk\xff\xff"),
     ("not-xml.musicxml", b"<score-partwise><part"),
     ("song.txt", b"just some words")],
)  # fmt: skip
def test_a_refused_upload_leaves_no_file_and_no_record(name: str, data: bytes, cowriter_home: Path) -> None:
    session = Session(Settings(home=cowriter_home), project="uploads")
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    files, uploads = _stored(cowriter_home)
    versions = len(session.versions())

    turn = session.upload(name, data)

    assert turn.error and "\n" not in turn.reply.strip()
    assert len(session.versions()) == versions
    assert _stored(cowriter_home) == (files, uploads)
    session.close()


def test_an_upload_over_the_size_setting_is_refused_by_its_name(cowriter_home: Path) -> None:
    session = Session(Settings(home=cowriter_home, max_upload_mb=0.001), project="small uploads")

    turn = session.upload("long take.mid", b"MThd" + b"\0" * 4096)

    assert turn.error and "long take.mid" in turn.reply and "MB" in turn.reply
    assert _stored(cowriter_home) == (set(), 0)
    session.close()
