"""The project store: projects, versions, renders, uploads and chat in SQLite; a crash loses one change at most."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from memory.blobs import BlobStore, check_suffix
from music.errors import CowriterError
from music.song import Song

logger = logging.getLogger(__name__)

_PROJECT_NAME = re.compile(r"^[\w \-]{1,64}$")
_ROLES = ("user", "assistant", "system", "tool")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS projects (name TEXT PRIMARY KEY COLLATE NOCASE, head INTEGER, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT NOT NULL COLLATE NOCASE REFERENCES projects(name),
    number INTEGER NOT NULL, parent INTEGER REFERENCES versions(id), action TEXT NOT NULL, summary TEXT NOT NULL,
    song TEXT NOT NULL, created REAL NOT NULL, last_child INTEGER, UNIQUE (project, number));
CREATE TABLE IF NOT EXISTS renders (
    id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER NOT NULL REFERENCES versions(id), kind TEXT NOT NULL,
    path TEXT NOT NULL, meta TEXT NOT NULL, created REAL NOT NULL, UNIQUE (version_id, kind, path));
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT NOT NULL COLLATE NOCASE REFERENCES projects(name),
    filename TEXT NOT NULL, path TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS chat (
    id INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT NOT NULL COLLATE NOCASE REFERENCES projects(name),
    role TEXT NOT NULL, text TEXT NOT NULL, extra TEXT NOT NULL, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS chat_by_project ON chat (project, id);
"""

# The same content added again for the same version and kind stays one render, now the newest.
_ADD_RENDER = """
INSERT INTO renders (version_id, kind, path, meta, created) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (version_id, kind, path)
DO UPDATE SET meta = iif(excluded.meta = '{}', meta, excluded.meta), created = excluded.created
RETURNING *
"""


class StoreError(CowriterError):
    """The project store cannot do what was asked; the message says why in one sentence."""


class NothingToUndo(StoreError):
    """Undo was asked for at the first version (or before any)."""


class NothingToRedo(StoreError):
    """Redo was asked for at a version nothing was undone from."""


class HeadMoved(StoreError):
    """A change was made from a version that is no longer current: another window or process saved first.

    Nothing was saved; the change may be made again from the new head.

    Args:
        project: The project's name.
        parent: The id of the version the change was made from.
        number: The number of the version that is current now (0 when there is none).
    """

    def __init__(self, project: str, parent: int, number: int) -> None:
        super().__init__(
            f"Someone else changed the song while I worked (now version {number}); "
            "nothing was overwritten — ask again."
        )
        self.project = project
        self.parent = parent
        self.number = number


@dataclass(frozen=True)
class Version:
    """One saved state of a project's song sheet and how it came about."""

    id: int
    project: str
    number: int
    parent: int | None
    action: str
    summary: str
    song: Song
    created: float


@dataclass(frozen=True)
class Render:
    """A file made from one version: a mix, a stem, a section, a take or an export."""

    id: int
    version_id: int
    kind: str
    path: Path
    meta: dict[str, Any] = field(default_factory=dict)
    created: float = 0.0


@dataclass(frozen=True)
class ChatEntry:
    """One message of a project's conversation, as the chat shows it again after a restart."""

    role: str
    text: str
    extra: dict[str, Any]
    created: float


def check_project_name(name: str) -> str:
    """Return the project name without surrounding spaces, or raise ValueError.

    Args:
        name: 1-64 characters: letters, digits, spaces, '-' and '_'.
    """
    cleaned = name.strip() if isinstance(name, str) else ""
    if not _PROJECT_NAME.match(cleaned):
        raise ValueError(f"A project name needs 1 to 64 letters, digits, spaces, dashes or underscores, not {name!r}.")
    return cleaned


def _to_json(value: dict[str, Any] | None, what: str) -> str:
    try:
        return json.dumps(value or {}, sort_keys=True)
    except (TypeError, ValueError):
        raise ValueError(f"The {what} must be plain data (text, numbers, lists and dictionaries).") from None


class ProjectStore:
    """Projects and their version history in `home/cowriter.db`, files in `home/blobs/`.

    One store object may be shared by threads; several processes may open the same home.
    Undo, redo and checkout only move a project's head pointer.

    Args:
        home: The data folder (created if missing).
    """

    def __init__(self, home: Path, max_upload_mb: float = 50.0) -> None:
        self.home = Path(home)
        self.max_upload_bytes = int(max_upload_mb * 1024 * 1024)
        self.home.mkdir(parents=True, exist_ok=True)
        self.blobs = BlobStore(self.home / "blobs")
        self.blobs.sweep()
        self._lock = threading.RLock()
        database = self.home / "cowriter.db"
        self._conn = sqlite3.connect(database, timeout=30.0, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        # FULL makes each committed turn survive power loss too, at a small cost per commit.
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        with self._transaction() as conn:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so reads inside see what they will change.
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, args).fetchall()

    def ensure_project(self, name: str) -> str:
        """Create the project if new; return its name as first spelled ('night drive' finds 'Night Drive').

        Raises:
            ValueError: If the name is not 1-64 letters, digits, spaces, '-' or '_'.
        """
        cleaned = check_project_name(name)
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO projects (name, head, created) VALUES (?, NULL, ?)", (cleaned, time.time())
            )
            return str(conn.execute("SELECT name FROM projects WHERE name = ?", (cleaned,)).fetchone()["name"])

    def projects(self) -> list[str]:
        """Every project's name, in alphabetical order."""
        return [row["name"] for row in self._query("SELECT name FROM projects ORDER BY name COLLATE NOCASE")]

    def export_dir(self, project: str) -> Path:
        """The folder for a project's exported files (`home/exports/<project>/`), created."""
        folder = self.home / "exports" / self.ensure_project(project)
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def commit(self, project: str, song: Song, action: str, summary: str, *, parent: int | None = None) -> Version:
        """Save `song` as a new version, a child of the head, and move the head to it.

        `action` names what made it ('brighten', 'import'); `summary` says in one line, in
        musical terms, what changed. The project is created if new.

        Args:
            project: The project's name.
            song: The new sheet.
            action: What made it.
            summary: What changed, in one line.
            parent: The id of the version the change was made from. When given, the version
                is saved only if that is still the head, so a change made from a version that
                another writer has since moved on from never undoes theirs.

        Raises:
            HeadMoved: If `parent` is given and is no longer the head; nothing is saved.
        """
        if not isinstance(song, Song):
            raise ValueError("Only a song sheet can be saved as a version.")
        if not action.strip():
            raise ValueError("A version needs the name of the action that made it.")
        name = self.ensure_project(project)
        with self._transaction() as conn:
            head = conn.execute("SELECT head FROM projects WHERE name = ?", (name,)).fetchone()["head"]
            if parent is not None and head != parent:
                # Checked inside the write transaction: no other writer can move the head between check and save.
                moved = conn.execute("SELECT number FROM versions WHERE id = ?", (head,)).fetchone()
                raise HeadMoved(name, parent, int(moved["number"]) if moved is not None else 0)
            number = conn.execute("SELECT COUNT(*) + 1 FROM versions WHERE project = ?", (name,)).fetchone()[0]
            new_id = conn.execute(
                "INSERT INTO versions (project, number, parent, action, summary, song, created) VALUES (?,?,?,?,?,?,?)",
                (name, number, head, action.strip(), summary.strip(), song.to_json(), time.time()),
            ).lastrowid
            conn.execute("UPDATE versions SET last_child = ? WHERE id = ?", (new_id, head))
            conn.execute("UPDATE projects SET head = ? WHERE name = ?", (new_id, name))
        logger.info("project %s: version %d (%s)", name, number, action)
        return self.get(int(new_id or 0))

    def head(self, project: str) -> Version | None:
        """The version the project is at now, or None before its first version."""
        with self._lock:
            row = _head_row(self._conn, check_project_name(project))
        return _version(row) if row is not None else None

    def head_id(self, project: str) -> int | None:
        """The id of the version the project is at now, or None (also for a project not yet created)."""
        rows = self._query("SELECT head FROM projects WHERE name = ?", (check_project_name(project),))
        return int(rows[0]["head"]) if rows and rows[0]["head"] is not None else None

    def get(self, version_id: int) -> Version:
        """The version with this id.

        Raises:
            StoreError: If there is no such version.
        """
        rows = self._query("SELECT * FROM versions WHERE id = ?", (version_id,))
        if not rows:
            raise StoreError(f"There is no version with id {version_id}.")
        return _version(rows[0])

    def by_number(self, project: str, number: int) -> Version:
        """The project's version with this number (1 is its first).

        Raises:
            StoreError: If the project has no such version; the message names those it has.
        """
        name = check_project_name(project)
        rows = self._query("SELECT * FROM versions WHERE project = ? AND number = ?", (name, number))
        if rows:
            return _version(rows[0])
        (count,) = self._query("SELECT COUNT(*) FROM versions WHERE project = ?", (name,))[0]
        if not count:
            raise StoreError("This project has no versions yet.")
        raise StoreError(f"There is no version {number}; this project has versions 1 to {count}.")

    def versions(self, project: str) -> list[Version]:
        """Every version of the project, oldest first."""
        rows = self._query("SELECT * FROM versions WHERE project = ? ORDER BY id", (check_project_name(project),))
        return [_version(row) for row in rows]

    def undo(self, project: str) -> Version:
        """Move the head back to its parent and return that version.

        Raises:
            NothingToUndo: At the first version, or before any.
        """
        name = check_project_name(project)
        with self._transaction() as conn:
            head = _head_row(conn, name)
            if head is None:
                raise NothingToUndo("There is nothing to undo: this project has no versions yet.")
            if head["parent"] is None:
                raise NothingToUndo("There is nothing to undo: this is the first version.")
            # Remember the way back down, so redo returns to the version undone from.
            conn.execute("UPDATE versions SET last_child = ? WHERE id = ?", (head["id"], head["parent"]))
            conn.execute("UPDATE projects SET head = ? WHERE name = ?", (head["parent"], name))
            target = int(head["parent"])
        return self.get(target)

    def redo(self, project: str) -> Version:
        """Move the head forward to the version last undone from (else its newest child).

        Raises:
            NothingToRedo: When the head has no later version.
        """
        name = check_project_name(project)
        with self._transaction() as conn:
            head = _head_row(conn, name)
            if head is None:
                raise NothingToRedo("There is nothing to redo: this project has no versions yet.")
            target = head["last_child"]
            if target is None:
                target = conn.execute("SELECT MAX(id) FROM versions WHERE parent = ?", (head["id"],)).fetchone()[0]
            if target is None:
                raise NothingToRedo("There is nothing to redo: this is the newest version.")
            conn.execute("UPDATE projects SET head = ? WHERE name = ?", (target, name))
        return self.get(int(target))

    def checkout(self, project: str, version_id: int) -> Version:
        """Move the head to any version of the project (to compare or restore it).

        Raises:
            StoreError: If the version does not belong to the project.
        """
        name = check_project_name(project)
        with self._transaction() as conn:
            row = conn.execute("SELECT * FROM versions WHERE id = ? AND project = ?", (version_id, name)).fetchone()
            if row is None:
                raise StoreError(f"Project '{name}' has no version with id {version_id}.")
            # Redo from any ancestor should lead back along the path to this version.
            child, parent = row["id"], row["parent"]
            while parent is not None:
                conn.execute("UPDATE versions SET last_child = ? WHERE id = ?", (child, parent))
                child = parent
                parent = conn.execute("SELECT parent FROM versions WHERE id = ?", (parent,)).fetchone()["parent"]
            conn.execute("UPDATE projects SET head = ? WHERE name = ?", (row["id"], name))
        return _version(row)

    def add_render(
        self,
        version_id: int,
        kind: str,
        source: Path | bytes,
        meta: dict[str, Any] | None = None,
        suffix: str | None = None,
    ) -> Render:
        """Keep a file made from a version; its content is copied into the blob store.

        Args:
            version_id: The version it was made from.
            kind: What it is: 'mix', 'stem:Bass', 'section:Chorus 1', 'take', 'export:midi'.
            source: A file to copy, or the content itself.
            meta: Plain data about it (loudness, duration, seed...).
            suffix: File ending; defaults to the source file's own, or '.wav' for bytes.

        Raises:
            StoreError: If the version does not exist.
            ValueError: If kind, suffix, meta or source is unusable.
        """
        kind = kind.strip() if isinstance(kind, str) else ""
        if not kind:
            raise ValueError("A render needs a kind, such as 'mix' or 'stem:Bass'.")
        meta_json = _to_json(meta, "render information")
        self.get(version_id)
        if isinstance(source, bytes | bytearray | memoryview):
            path = self.blobs.put_bytes(bytes(source), check_suffix(suffix or ".wav"))
        else:
            path = self.blobs.put_file(Path(source), suffix)
        relative = path.relative_to(self.home).as_posix()
        with self._transaction() as conn:
            row = conn.execute(_ADD_RENDER, (version_id, kind, relative, meta_json, time.time())).fetchone()
        return self._render(row)

    def renders(self, version_id: int) -> list[Render]:
        """Every file kept for a version, oldest first."""
        rows = self._query("SELECT * FROM renders WHERE version_id = ? ORDER BY created, id", (version_id,))
        return [self._render(row) for row in rows]

    def find_render(self, version_id: int, kind: str) -> Render | None:
        """The newest file of this kind for a version, or None."""
        sql = "SELECT * FROM renders WHERE version_id = ? AND kind = ? ORDER BY created DESC, id DESC LIMIT 1"
        rows = self._query(sql, (version_id, kind))
        return self._render(rows[0]) if rows else None

    def add_upload(self, project: str, filename: str, data: bytes) -> Path:
        """Keep a file the musician uploaded; the stored copy keeps its file ending (.mid, .wav).

        Raises:
            ValueError: If the name has no usable file ending, or the file is empty or too big.
        """
        name = self.ensure_project(project)
        base = Path(str(filename).replace("\\", "/")).name
        if not base:
            raise ValueError("An uploaded file needs a name.")
        if not data:
            raise ValueError(f"The uploaded file {base} is empty.")
        if len(data) > self.max_upload_bytes:
            raise ValueError(f"The uploaded file {base} is bigger than {self.max_upload_bytes / 2**20:g} MB.")
        path = self.blobs.put_bytes(bytes(data), check_suffix(Path(base).suffix or ".bin"))
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO uploads (project, filename, path, created) VALUES (?, ?, ?, ?)",
                (name, base, path.relative_to(self.home).as_posix(), time.time()),
            )
        return path

    def drop_upload(self, project: str, path: Path) -> None:
        """Forget an upload that was refused: its record, and its file unless something else keeps the same bytes."""
        name = self.ensure_project(project)
        stored = Path(path).relative_to(self.home).as_posix()
        with self._transaction() as conn:
            conn.execute("DELETE FROM uploads WHERE id = (SELECT MAX(id) FROM uploads WHERE project = ? AND path = ?)",
                         (name, stored))  # fmt: skip
            kept = conn.execute("SELECT 1 FROM uploads WHERE path = ? UNION SELECT 1 FROM renders WHERE path = ?",
                                (stored, stored)).fetchone()  # fmt: skip
        if kept is None:
            Path(path).unlink(missing_ok=True)

    def upload_name(self, path: Path) -> str:
        """The name the musician's file had when it was uploaded; the stored name if it was not an upload."""
        try:
            stored = Path(path).resolve().relative_to(self.home.resolve()).as_posix()
        except ValueError:
            return Path(path).name
        rows = self._query("SELECT filename FROM uploads WHERE path = ? ORDER BY id DESC LIMIT 1", (stored,))
        return str(rows[0]["filename"]) if rows else Path(path).name

    def append_chat(self, project: str, role: str, text: str, extra: dict[str, Any] | None = None) -> None:
        """Add one message to the project's transcript.

        Args:
            project: The project's name (created if new).
            role: 'user', 'assistant', 'system' or 'tool'.
            text: The message as shown.
            extra: Plain data the chat needs to show it again (audio paths, tool steps).
        """
        if role not in _ROLES:
            raise ValueError(f"A chat message comes from one of {', '.join(_ROLES)}, not {role!r}.")
        extra_json = _to_json(extra, "message's extra information")
        name = self.ensure_project(project)
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO chat (project, role, text, extra, created) VALUES (?, ?, ?, ?, ?)",
                (name, role, str(text), extra_json, time.time()),
            )

    def chat(self, project: str) -> list[ChatEntry]:
        """The project's transcript, oldest message first."""
        rows = self._query("SELECT * FROM chat WHERE project = ? ORDER BY id", (check_project_name(project),))
        return [ChatEntry(row["role"], row["text"], json.loads(row["extra"]), row["created"]) for row in rows]

    def _render(self, row: sqlite3.Row) -> Render:
        path = self.home / row["path"]
        return Render(row["id"], row["version_id"], row["kind"], path, json.loads(row["meta"]), row["created"])


def _head_row(conn: sqlite3.Connection, project: str) -> sqlite3.Row | None:
    sql = "SELECT v.* FROM projects p JOIN versions v ON v.id = p.head WHERE p.name = ?"
    return conn.execute(sql, (project,)).fetchone()  # type: ignore[no-any-return]


def _version(row: sqlite3.Row) -> Version:
    fields = {name: row[name] for name in ("id", "project", "number", "parent", "action", "summary", "created")}
    return Version(song=Song.from_json(row["song"]), **fields)
