"""The export tool: the current version as files for a DAW, MuseScore or a songbook."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from music.arrange import arrange
from music.chordpro import lyrics_text, to_chordpro
from music.errors import CowriterError
from music.midi import write_midi
from music.musicxml import write_musicxml
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.rendering import render_stems, render_version

if TYPE_CHECKING:
    from memory.store import Version

ExportFormat = Literal["wav", "stems", "midi", "musicxml", "chordpro", "json", "lyrics"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)


def export(ctx: ToolContext, format: ExportFormat) -> ToolResult:
    """Export the current version of the song as files to download.

    Formats: wav (the mix), stems (one WAV per part, zipped), midi, musicxml (a lead
    sheet with chord symbols and lyrics), chordpro, json (the sheet) or lyrics.
    """
    if format not in FORMATS:
        raise CowriterError(f"I can export {', '.join(FORMATS)}; '{format}' is not one of them.")
    version = current(ctx)
    folder = ctx.store.export_dir(ctx.project)
    stem = f"{_slug(version.song.meta.title)}-v{version.number}"
    paths = _WRITERS[format](ctx, version, folder, stem)
    names = ", ".join(p.name for p in paths)
    return ToolResult(f"Exported version {version.number} as {format}: {names}.", version, files=tuple(paths))


def _wav(ctx: ToolContext, version: Version, folder: Path, stem: str) -> list[Path]:
    return [_copy(render_version(ctx, version), folder / f"{stem}.wav")]


def _stems(ctx: ToolContext, version: Version, folder: Path, stem: str) -> list[Path]:
    stems = render_stems(ctx, version)
    target = folder / f"{stem}-stems"
    target.mkdir(parents=True, exist_ok=True)
    copied = [_copy(path, target / f"{_slug(name)}.wav") for name, path in sorted(stems.items())]
    archive = folder / f"{stem}-stems.zip"
    with _atomic(archive) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in copied:
            bundle.write(path, path.name)
    return [archive, *copied]


def _midi(ctx: ToolContext, version: Version, folder: Path, stem: str) -> list[Path]:
    return [write_midi(arrange(version.song), folder / f"{stem}.mid")]


def _musicxml(ctx: ToolContext, version: Version, folder: Path, stem: str) -> list[Path]:
    return [write_musicxml(version.song, folder / f"{stem}.musicxml")]


def _chordpro(ctx: ToolContext, version: Version, folder: Path, stem: str) -> list[Path]:
    return [_write_text(folder / f"{stem}.cho", to_chordpro(version.song))]


def _json(ctx: ToolContext, version: Version, folder: Path, stem: str) -> list[Path]:
    return [_write_text(folder / f"{stem}.json", version.song.to_json())]


def _lyrics(ctx: ToolContext, version: Version, folder: Path, stem: str) -> list[Path]:
    return [_write_text(folder / f"{stem}-lyrics.txt", lyrics_text(version.song))]


_WRITERS = {"wav": _wav, "stems": _stems, "midi": _midi, "musicxml": _musicxml,
            "chordpro": _chordpro, "json": _json, "lyrics": _lyrics}  # fmt: skip


class _atomic:
    """A temporary path beside `target` that replaces it only when the block succeeds."""

    def __init__(self, target: Path) -> None:
        self.target = target
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        os.close(fd)
        self.tmp = Path(name)

    def __enter__(self) -> Path:
        return self.tmp

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            os.replace(self.tmp, self.target)
        else:
            self.tmp.unlink(missing_ok=True)


def _write_text(path: Path, text: str) -> Path:
    with _atomic(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def _copy(source: Path, target: Path) -> Path:
    with _atomic(target) as tmp:
        shutil.copyfile(source, tmp)
    return target


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "song"
