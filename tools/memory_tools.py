"""Tools over the semantic memory: remember what the musician prefers."""

from __future__ import annotations

from memory.semantic import PROFILE
from music.errors import CowriterError
from tools.context import ToolContext, ToolResult


def remember(ctx: ToolContext, text: str) -> ToolResult:
    """Remember a preference the musician stated ("no saxophone", "I sing baritone") for every later turn."""
    if not text.strip():
        raise CowriterError("There is nothing to remember in that message.")
    if ctx.memory is None:
        raise CowriterError("Memory is switched off, so I cannot keep that preference.")
    # Preferences belong to the musician, so they are recalled in every project.
    ctx.memory.remember(PROFILE, "preference", text.strip())
    return ToolResult(f"Noted: \"{text.strip()}\". I will keep it in mind for this project and the next.")
