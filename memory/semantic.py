"""What was said and decided, kept in Chroma and recalled by meaning, per project and profile."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

logger = logging.getLogger(__name__)

MemoryKind = Literal["preference", "decision", "lyric", "version"]
KINDS: tuple[str, ...] = get_args(MemoryKind)
#: The scope of the musician's own preferences, recalled in every project.
PROFILE = "*profile*"
COLLECTION = "cowriter_memories"
_MAX_TEXT = 4000
# chromadb keeps one shared system per folder in a class-level dict and starts it outside any lock:
# clients made at once in threads are handed a system that has not started ("Could not connect to
# tenant"), or one that another thread's failure has just stopped. Opening one at a time avoids both.
_OPENING = threading.Lock()
# Processes opening one fresh folder at once may still meet each other's first writes.
_OPEN_ATTEMPTS = 5
_OPEN_PAUSE = 0.2


@dataclass(frozen=True)
class Memory:
    """One recalled memory; a smaller `distance` (cosine, 0..2) means closer in meaning."""

    text: str
    kind: str
    distance: float
    meta: dict[str, Any] = field(default_factory=dict)
    project: str = ""
    id: str = ""
    created: float = 0.0


def _default_path() -> Path:
    # Mirrors the app's settings (COWRITER_HOME, else ~/.cowriter); callers normally pass a path.
    home = os.environ.get("COWRITER_HOME")
    return (Path(home) if home else Path.home() / ".cowriter") / "chroma"


def _scope(project: str) -> str:
    # Project names are case-insensitive in the project store; memories follow suit.
    cleaned = project.strip() if isinstance(project, str) else ""
    if not cleaned or len(cleaned) > 64:
        raise ValueError("A memory belongs to a project: give the project's name (1 to 64 characters).")
    return PROFILE if cleaned == PROFILE else cleaned.casefold()


def _memory_id(scope: str, kind: str, cleaned: str) -> str:
    # The same words said again in the same scope are one memory.
    return hashlib.sha256(f"{scope}\n{kind}\n{cleaned.casefold()}".encode()).hexdigest()[:32]


def _kinds(kinds: Sequence[str] | None) -> list[str]:
    wanted = list(dict.fromkeys(kinds)) if kinds is not None else list(KINDS)
    unknown = [kind for kind in wanted if kind not in KINDS]
    if unknown or not wanted:
        raise ValueError(f"Memory kinds are {', '.join(KINDS)}; {', '.join(unknown) or 'none'} is not one.")
    return wanted


def _memory(memory_id: str, text: object, meta: Any, distance: float) -> Memory:
    return Memory(
        text=str(text),
        kind=str(meta["kind"]),
        distance=float(distance),
        meta=json.loads(str(meta.get("meta") or "{}")),
        project=str(meta.get("project", "")),
        id=memory_id,
        created=float(meta.get("created") or 0.0),
    )


def open_memory(path: Path | None = None, *, host: str = "", port: int = 8000) -> SemanticMemory | None:
    """The semantic memory, or None when Chroma cannot open: memory is a help, never a reason to fail.

    Args:
        path: Folder of the embedded database (default: `$COWRITER_HOME/chroma`).
        host: Chroma server host; when set, `path` is ignored.
        port: Chroma server port.
    """
    try:
        return SemanticMemory(path, host=host, port=port)
    except Exception:
        logger.warning("semantic memory could not open (%s); working without recall", host or path, exc_info=True)
        return None


class SemanticMemory:
    """Memories of preferences, decisions, lyric drafts and version summaries, found by meaning.

    Embedded Chroma in a folder by default, or a Chroma server when `host` is given.
    Embeddings are computed on this machine; nothing is downloaded.

    Args:
        path: Folder of the embedded database (default: `$COWRITER_HOME/chroma`).
        host: Chroma server host; when set, `path` is ignored.
        port: Chroma server port.
    """

    def __init__(self, path: Path | None = None, *, host: str = "", port: int = 8000) -> None:
        import chromadb
        from chromadb.config import Settings

        from memory.embedding import MiniLMEmbedding

        settings = Settings(anonymized_telemetry=False)
        folder = Path(path) if path is not None else _default_path()
        self.location = f"{host.strip()}:{port}" if host.strip() else str(folder)
        for attempt in range(1, _OPEN_ATTEMPTS + 1):
            try:
                with _OPENING:
                    if host.strip():
                        self._client = chromadb.HttpClient(host=host.strip(), port=port, settings=settings)
                    else:
                        folder.mkdir(parents=True, exist_ok=True)
                        self._client = chromadb.PersistentClient(path=str(folder), settings=settings)
                    self._collection = self._client.get_or_create_collection(
                        COLLECTION,
                        embedding_function=MiniLMEmbedding(),  # type: ignore[arg-type]
                        configuration={"hnsw": {"space": "cosine"}},
                    )
                break
            except Exception:
                if attempt == _OPEN_ATTEMPTS:
                    raise
                logger.info("semantic memory at %s not ready (attempt %d)", self.location, attempt, exc_info=True)
                time.sleep(_OPEN_PAUSE * attempt)
        logger.info("semantic memory at %s", self.location)

    def remember(self, project: str, kind: MemoryKind, text: str, meta: dict[str, Any] | None = None) -> str:
        """Keep one memory and return its id; the same text said again is kept once.

        Args:
            project: The project it belongs to, or `PROFILE` for the musician's own
                preferences, which every project recalls.
            kind: 'preference', 'decision', 'lyric' or 'version'.
            text: What to remember, in words ("I never want saxophone").
            meta: Plain data to keep with it (a version id, a section label).

        Raises:
            ValueError: If the kind, text or meta is unusable.
        """
        scope = _scope(project)
        if kind not in KINDS:
            raise ValueError(f"A memory is a {', '.join(KINDS[:-1])} or {KINDS[-1]}, not {kind!r}.")
        cleaned = " ".join(text.split()) if isinstance(text, str) else ""
        if not cleaned:
            raise ValueError("There is nothing to remember in an empty text.")
        if len(cleaned) > _MAX_TEXT:
            raise ValueError(f"A memory can hold at most {_MAX_TEXT} characters; summarise it first.")
        try:
            meta_json = json.dumps(meta or {}, sort_keys=True)
        except (TypeError, ValueError):
            raise ValueError("A memory's extra information must be plain data (text, numbers, lists).") from None
        memory_id = _memory_id(scope, kind, cleaned)
        self._collection.upsert(
            ids=[memory_id],
            documents=[cleaned],
            metadatas=[
                {
                    "scope": scope,
                    "project": project.strip(),
                    "kind": kind,
                    "meta": meta_json,
                    "created": time.time(),
                }
            ],
        )
        logger.debug("remembered %s for %s: %s", kind, scope, cleaned)
        return memory_id

    def recall(self, project: str, query: str, k: int = 5, kinds: Sequence[str] | None = None) -> list[Memory]:
        """The `k` memories closest in meaning to `query`, from the project and the profile.

        Args:
            project: The project to recall from; the profile's memories always join in.
            query: What the musician is asking about, in words.
            k: How many memories at most.
            kinds: Only memories of these kinds (default: every kind).

        Raises:
            ValueError: If the query is empty, k is not 1-100, or a kind is unknown.
        """
        scope = _scope(project)
        where: dict[str, Any] = {"$and": [{"scope": {"$in": sorted({scope, PROFILE})}}, {"kind": {"$in": _kinds(kinds)}}]}
        return self._query(query, k, where)

    def recall_everywhere(
        self, query: str, k: int = 5, kinds: Sequence[str] | None = None, *, besides: str | None = None
    ) -> list[Memory]:
        """The `k` memories closest in meaning to `query` from every project ("the chorus we did last week").

        Args:
            query: What the musician is looking for, in words.
            k: How many memories at most.
            kinds: Only memories of these kinds (default: every kind but preferences).
            besides: A project to leave out (usually the one being worked on).

        Raises:
            ValueError: If the query is empty, k is not 1-100, or a kind is unknown.
        """
        wanted = _kinds(kinds if kinds is not None else [kind for kind in KINDS if kind != "preference"])
        where: dict[str, Any] = {"kind": {"$in": wanted}}
        if besides is not None:
            where = {"$and": [where, {"scope": {"$ne": _scope(besides)}}]}
        return self._query(query, k, where)

    def memories(self, project: str, kinds: Sequence[str] | None = None) -> list[Memory]:
        """Every memory of one project (or of the profile), oldest first, with distance 0."""
        where: dict[str, Any] = {"$and": [{"scope": _scope(project)}, {"kind": {"$in": _kinds(kinds)}}]}
        found = self._collection.get(where=where, include=["documents", "metadatas"])
        memories = [
            _memory(memory_id, text, meta, 0.0)
            for memory_id, text, meta in zip(
                found["ids"], found["documents"] or [], found["metadatas"] or [], strict=True
            )
        ]
        return sorted(memories, key=lambda memory: (memory.created, memory.id))

    def forget(self, project: str, kind: MemoryKind, text: str) -> bool:
        """Forget one memory by its words; True when there was one to forget.

        Raises:
            ValueError: If the project or kind is unusable.
        """
        if kind not in KINDS:
            raise ValueError(f"A memory is a {', '.join(KINDS[:-1])} or {KINDS[-1]}, not {kind!r}.")
        cleaned = " ".join(text.split()) if isinstance(text, str) else ""
        memory_id = _memory_id(_scope(project), kind, cleaned)
        if not cleaned or not self._collection.get(ids=[memory_id])["ids"]:
            return False
        self._collection.delete(ids=[memory_id])
        logger.debug("forgot %s of %s: %s", kind, project, cleaned)
        return True

    def _query(self, query: str, k: int, where: dict[str, Any]) -> list[Memory]:
        if not isinstance(query, str) or not query.strip():
            raise ValueError("Say what to recall: the query is empty.")
        if not isinstance(k, int) or not 1 <= k <= 100:
            raise ValueError("Ask for between 1 and 100 memories.")
        found = self._collection.query(
            query_texts=[query.strip()],
            n_results=k,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        memories = [
            _memory(memory_id, text, meta, distance)
            for memory_id, text, meta, distance in zip(
                found["ids"][0],
                (found["documents"] or [[]])[0],
                (found["metadatas"] or [[]])[0],
                (found["distances"] or [[]])[0],
                strict=True,
            )
        ]
        return sorted(memories, key=lambda memory: memory.distance)

    def forget_project(self, project: str) -> None:
        """Forget every memory of one project (the profile's memories stay unless it is named)."""
        self._collection.delete(where={"scope": _scope(project)})

    def count(self) -> int:
        """How many memories are kept, in every project."""
        return int(self._collection.count())
