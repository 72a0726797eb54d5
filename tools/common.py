"""Steps every song-changing tool shares: find the current song, commit, remember."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from memory.store import HeadMoved
from music.errors import CowriterError

if TYPE_CHECKING:
    from memory.store import Version
    from music.song import Song
    from tools.context import ToolContext

logger = logging.getLogger(__name__)

T = TypeVar("T")
#: How often a change is made again on a head another writer moved, before the musician is asked instead.
RETRIES = 2


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
    """Store a new version on the head the tool call started from, and remember its summary for later recall.

    Raises:
        HeadMoved: If another writer saved a version since the call started; nothing is stored.
    """
    version = ctx.store.commit(ctx.project, song, action, summary, parent=ctx.basis)
    if ctx.basis is not None:
        ctx.basis = version.id  # a second change in the same call builds on the first
    if ctx.memory is not None:
        try:
            ctx.memory.remember(ctx.project, "version", f"Version {version.number} ({action}): {summary}",
                                meta={"version": version.number, "sections": list(song.labels)})
        except Exception:  # memory is a help, never a reason to lose a version
            logger.warning("could not remember version %s", version.number, exc_info=True)
    return version


def on_fresh_head(ctx: ToolContext, run: Callable[[], T]) -> T:
    """Run one tool call so that it saves only on the head it read; made again when another writer saved first.

    A tool is a pure function of the head and its arguments, so running it again on the new
    head is the honest way to apply the same change there. After `RETRIES` tries the
    musician is told, in one sentence, that nothing was overwritten.

    Raises:
        HeadMoved: If the head kept moving; nothing of this call was saved.
    """
    for _ in range(RETRIES):
        try:
            return _from_head(ctx, run)
        except HeadMoved as moved:
            logger.info("project %s moved on to version %d; making the change again there", ctx.project, moved.number)
    return _from_head(ctx, run)


def _from_head(ctx: ToolContext, run: Callable[[], T]) -> T:
    # Read before the tool reads anything: whatever the tool sees is this head or a later one.
    ctx.basis = ctx.store.head_id(ctx.project)
    try:
        return run()
    finally:
        ctx.basis = None


def uploaded_file(ctx: ToolContext, path: str) -> tuple[Path, str]:
    """The file at `path` if it lies in the data folder (an upload), and the name the musician knows it by.

    Stored uploads are named by their content; the second value is the name the file came
    with. A path outside the data folder gets one sentence that tells nothing of it.

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
    return resolved, ctx.store.upload_name(resolved)
