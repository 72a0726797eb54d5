"""Content-addressed files under one folder, each written atomically and stored once."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
from pathlib import Path

from music.files import atomic_writer

logger = logging.getLogger(__name__)

_SUFFIX = re.compile(r"^(\.[A-Za-z0-9]{1,10}){1,2}$")
_TEMP_PREFIX = ".tmp-"
_CHUNK = 1 << 20


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the
    temporary file is renamed over `path`; the folder entry is then flushed too.

    Args:
        path: Destination file; its folder is created if missing.
        data: The complete new content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path, prefix=_TEMP_PREFIX) as handle:
        handle.write(data)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename is only durable once the folder's entry list reaches the disk.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_suffix(suffix: str) -> str:
    """Return a file suffix such as '.wav' in lower case, or raise ValueError.

    Args:
        suffix: A suffix with its leading dot ('.wav', '.mid', '.tar.gz').

    Raises:
        ValueError: If the suffix is not a short run of letters and digits after a dot.
    """
    if not _SUFFIX.match(suffix):
        raise ValueError(f"'{suffix}' is not a file ending I can store; use one like .wav, .mid or .musicxml.")
    return suffix.lower()


class BlobStore:
    """Files named by the SHA-256 of their content: `root/ab/cdef...<suffix>`.

    The same content with the same suffix is stored once, however often it is added.

    Args:
        root: The folder that holds the files (created if missing).
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path_for(self, digest: str, suffix: str) -> Path:
        """Where content with this SHA-256 hex digest and suffix lives."""
        return self.root / digest[:2] / (digest[2:] + check_suffix(suffix))

    def put_bytes(self, data: bytes, suffix: str) -> Path:
        """Store `data` and return its path; content already stored is not written again.

        Args:
            data: The file's content.
            suffix: File ending, with its dot ('.wav').
        """
        if not isinstance(data, bytes | bytearray | memoryview):
            raise ValueError("File content must be bytes.")
        data = bytes(data)
        path = self.path_for(hashlib.sha256(data).hexdigest(), suffix)
        if path.exists() and path.stat().st_size == len(data):
            return path
        write_atomic(path, data)
        logger.debug("stored blob %s (%d bytes)", path.name, len(data))
        return path

    def put_file(self, source: Path, suffix: str | None = None) -> Path:
        """Copy the file at `source` into the store and return the stored path.

        Args:
            source: An existing file.
            suffix: File ending for the stored copy; defaults to the source's own.

        Raises:
            ValueError: If `source` is not a readable file.
        """
        source = Path(source)
        if not source.is_file():
            raise ValueError(f"There is no file at {source}.")
        suffix = check_suffix(suffix if suffix is not None else "".join(source.suffixes[-1:]) or ".bin")
        digest = hashlib.sha256()
        with source.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
        path = self.path_for(digest.hexdigest(), suffix)
        if path.exists() and path.stat().st_size == source.stat().st_size:
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_writer(path, prefix=_TEMP_PREFIX) as out, source.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                out.write(chunk)
        _fsync_dir(path.parent)
        logger.debug("stored blob %s from %s", path.name, source)
        return path

    def sweep(self, older_than: float = 3600.0) -> int:
        """Delete temporary files left by writers that crashed; return how many went.

        Args:
            older_than: Only files at least this many seconds old are removed, so a
                writer still at work in another process keeps its file.
        """
        cutoff = time.time() - older_than
        removed = 0
        for tmp in self.root.glob(f"*/{_TEMP_PREFIX}*"):
            try:
                if tmp.stat().st_mtime < cutoff:
                    tmp.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        if removed:
            logger.info("removed %d unfinished blob file(s)", removed)
        return removed
