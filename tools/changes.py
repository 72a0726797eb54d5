"""Turn a music transform's Change into a tool result: render what moved, commit it, or say nothing changed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.context import ToolResult
from tools.rendering import commit_rendered

if TYPE_CHECKING:
    from music.edits.transforms import Change
    from music.song import Song
    from tools.context import ToolContext


def section_to_render(song: Song, section: str) -> int | None:
    """The section a change to `section` should be heard in: the first it names, or None for the whole song.

    Raises:
        UnknownSection: If the name matches no section of `song`.
    """
    indices = song.find(section)
    return None if len(indices) == len(song.sections) and len(indices) > 1 else indices[0]


def first_difference(before: Song, after: Song) -> int | None:
    """The first section that differs between two versions (a new or renamed one), or None when none does."""
    for index, section in enumerate(after.sections):
        if index >= len(before.sections) or before.sections[index] != section:
            return index
    return None


def commit_change(ctx: ToolContext, change: Change, action: str, index: int | None, nothing: str) -> ToolResult:
    """Commit a transform's result as a new version, rendered first, and reply with what moved.

    Args:
        ctx: The tool context.
        change: What the transform returned.
        action: The version's action name, e.g. "change_key".
        index: The section to render, or None for the whole song.
        nothing: The reply when the change moved nothing; then nothing is committed.

    Returns:
        The new version and its render, or, for an unchanged song, only `nothing`.
    """
    if change.unchanged:
        why = " ".join(f"{entry}." for entry in change.held)
        return ToolResult(f"{nothing} {why}".strip() if why else nothing)
    summary = change.summary()
    if index is not None and index >= len(change.song.sections):
        index = None
    version, audio = commit_rendered(ctx, change.song, action, summary, index)
    return ToolResult(summary, version, audio=(audio,), changed=True)
