"""The export tool: the current version as files for a DAW, MuseScore or a songbook."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from music.band.arrange import arrange
from music.errors import CowriterError
from music.files import atomic_writer
from music.formats.chordpro import lyrics_text, to_chordpro
from music.formats.midi import write_midi
from music.formats.musicxml import write_musicxml
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.formats import FORMATS, ExportFormat  # noqa: F401 - FORMATS is read from here too
from tools.rendering import render_stems, render_version

if TYPE_CHECKING:
    from memory.store import Version



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
    with atomic_writer(archive) as stream, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as bundle:
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


def _write_text(path: Path, text: str) -> Path:
    with atomic_writer(path) as stream:
        stream.write(text.encode("utf-8"))
    return path


def _copy(source: Path, target: Path) -> Path:
    with atomic_writer(target) as stream, source.open("rb") as original:
        shutil.copyfileobj(original, stream)
    return target


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "song"
