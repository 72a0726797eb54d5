"""What every tool receives besides its arguments: the project's store, memory and renderer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from music.formats.import_limits import ImportLimits

if TYPE_CHECKING:
    from audio.render import SketchRenderer
    from memory.semantic import SemanticMemory
    from memory.store import ProjectStore, Version

Progress = Callable[[str, float], None]


def _no_progress(message: str, fraction: float) -> None:
    """Ignore progress when nobody is listening."""


@dataclass
class ToolContext:
    """Dependencies a tool needs; injected by the agent, never seen by the LLM."""

    store: ProjectStore
    project: str
    renderer: SketchRenderer
    memory: SemanticMemory | None = None
    progress: Progress = field(default=_no_progress)
    # The id of the head a tool call started from: its commit names it, so a change made while
    # another writer saved never lands on their version unseen. None outside a call (no check).
    basis: int | None = None
    # How big a file import_file reads; the agent passes the limits its settings name.
    import_limits: ImportLimits = field(default_factory=ImportLimits)


@dataclass(frozen=True)
class ToolResult:
    """What a tool did: a one-line musical summary, the new version if any, and files to offer.

    `audio` holds renders the chat should play; `files` holds downloads.
    """

    summary: str
    version: Version | None = None
    audio: tuple[Path, ...] = ()
    files: tuple[Path, ...] = ()
    changed: bool = False
    # Tool calls the musician may want next, offered as buttons: (tool name, arguments).
    offers: tuple[tuple[str, dict[str, Any]], ...] = ()
