"""Sketch renders of a version, cached in the project store so a version is rendered once."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from music.band.arrange import arrange
from music.formats.midi import write_midi
from tools.common import commit

if TYPE_CHECKING:
    from memory.store import Version
    from music.song import Song
    from tools.context import ToolContext

logger = logging.getLogger(__name__)


def render_kind(song: Song, index: int | None) -> str:
    """The store's name for a render: the whole mix or one section of it."""
    return "mix" if index is None else f"section:{song.sections[index].label}"


def _sketch(ctx: ToolContext, song: Song, index: int | None, folder: Path) -> Path:
    excerpt = song if index is None else song.excerpt((index,))
    ctx.progress(f"Rendering {render_kind(song, index).removeprefix('section:')}", 0.0)
    midi = write_midi(arrange(excerpt), folder / "sketch.mid")
    wav = ctx.renderer.render(midi, folder / "sketch.wav")
    ctx.progress("Rendered", 1.0)
    return wav


def render_version(ctx: ToolContext, version: Version, index: int | None = None) -> Path:
    """The WAV of a version (or one section of it), rendered now or taken from the store."""
    kind = render_kind(version.song, index)
    cached = ctx.store.find_render(version.id, kind)
    if cached is not None and cached.path.exists():
        return cached.path
    with tempfile.TemporaryDirectory(prefix="cowriter-render-") as tmp:
        wav = _sketch(ctx, version.song, index, Path(tmp))
        render = ctx.store.add_render(version.id, kind, wav, {"engine": ctx.renderer.engine})
    logger.info("rendered %s of version %s with %s", kind, version.number, ctx.renderer.engine)
    return render.path


def commit_rendered(
    ctx: ToolContext, song: Song, action: str, summary: str, index: int | None = None
) -> tuple[Version, Path]:
    """Render a new song first, then store it as a version with its render.

    Rendering first means a failed render leaves the versions untouched.
    """
    with tempfile.TemporaryDirectory(prefix="cowriter-render-") as tmp:
        wav = _sketch(ctx, song, index, Path(tmp))
        version = commit(ctx, song, action, summary)
        render = ctx.store.add_render(version.id, render_kind(song, index), wav, {"engine": ctx.renderer.engine})
    return version, render.path


def render_stems(ctx: ToolContext, version: Version) -> dict[str, Path]:
    """Per-part WAV stems of a version, cached like the mix."""
    found = {r.kind.removeprefix("stem:"): r.path for r in ctx.store.renders(version.id) if r.kind.startswith("stem:")}
    if found and all(p.exists() for p in found.values()):
        return found
    with tempfile.TemporaryDirectory(prefix="cowriter-stems-") as tmp:
        midi = write_midi(arrange(version.song), Path(tmp) / "sketch.mid")
        stems = ctx.renderer.render_stems(midi, Path(tmp) / "stems")
        return {name: ctx.store.add_render(version.id, f"stem:{name}", path).path for name, path in stems.items()}
