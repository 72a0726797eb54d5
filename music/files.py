"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_writer(path: Path, *, prefix: str | None = None) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces `path` only when the block ends without error.

    The bytes go to a temporary file in the same folder (named with `prefix`, by default
    a hidden name after `path`), are flushed to disk, and the file is renamed over `path`.
    On any error the temporary file is removed and `path` is untouched.
    """
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=prefix or f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
