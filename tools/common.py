"""Steps every song-changing tool shares: find the current song, commit, remember."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from music.errors import CowriterError

if TYPE_CHECKING:
    from memory.store import Version
    from music.song import Song
    from tools.context import ToolContext

logger = logging.getLogger(__name__)


class NoSong(CowriterError):
    """The project has no song sheet yet."""

    def __init__(self) -> None:
        super().__init__("There is no song yet; describe one (for example: a folk song about leaving home, 90 BPM, D minor).")


def current(ctx: ToolContext) -> Version:
    """The project's current version, or NoSong."""
    head = ctx.store.head(ctx.project)
    if head is None:
        raise NoSong()
    return head


def commit(ctx: ToolContext, song: Song, action: str, summary: str) -> Version:
    """Store a new version and remember its summary for later recall."""
    version = ctx.store.commit(ctx.project, song, action, summary)
    if ctx.memory is not None:
        try:
            ctx.memory.remember(ctx.project, "version", f"Version {version.number} ({action}): {summary}",
                                meta={"version": version.number, "sections": list(song.labels)})
        except Exception:  # memory is a help, never a reason to lose a version
            logger.warning("could not remember version %s", version.number, exc_info=True)
    return version


def uploaded_file(ctx: ToolContext, path: str) -> Path:
    """The file at `path` if it lies in the data folder (an upload), else one sentence that tells nothing of it.

    A tool call may come from the language model, or from words it was shown; it reads only
    what the musician gave cowriter, and never says whether a file elsewhere exists.

    Raises:
        CowriterError: If the path is outside the data folder.
    """
    name = Path(path).name
    home = Path(ctx.store.home).resolve()
    try:
        resolved = Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        resolved = None
    if resolved is None or not resolved.is_relative_to(home) or resolved.suffix.lower() in (".db", ".sqlite", ".sqlite3"):
        raise CowriterError(f"I only read files uploaded to cowriter; upload '{name}' in the page first.")
    return resolved
