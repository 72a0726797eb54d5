"""Tools that move between versions: undo, redo, jump to a version, play a version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.rendering import render_version
from tools.songwriting import SectionName

if TYPE_CHECKING:
    from memory.store import Version


def undo(ctx: ToolContext) -> ToolResult:
    """Go back to the previous version of the song (nothing is deleted; redo comes forward again)."""
    return _moved(ctx, ctx.store.undo(ctx.project), "Back to")


def redo(ctx: ToolContext) -> ToolResult:
    """Go forward again to the version that undo left."""
    return _moved(ctx, ctx.store.redo(ctx.project), "Forward to")


def checkout(ctx: ToolContext, version: int) -> ToolResult:
    """Make an earlier or later version (by its number) the current one, e.g. to compare A/B."""
    match = ctx.store.by_number(ctx.project, version)
    return _moved(ctx, ctx.store.checkout(ctx.project, match.id), "Now on")


def render(ctx: ToolContext, section: SectionName | None = None) -> ToolResult:
    """Play the current version: the whole song, or one section of it when named."""
    head = current(ctx)
    if section:
        index = head.song.find(section)[0]
        path = render_version(ctx, head, index)
        label = head.song.sections[index].label
        return ToolResult(f"{label} of version {head.number}.", head, audio=(path,))
    path = render_version(ctx, head)
    return ToolResult(f"The whole song, version {head.number} ({head.song.total_bars} bars).", head, audio=(path,))


def _moved(ctx: ToolContext, version: Version, verb: str) -> ToolResult:
    audio = render_version(ctx, version)
    summary = f"{verb} version {version.number}: {version.summary}"
    return ToolResult(summary, version, audio=(audio,), changed=True)
