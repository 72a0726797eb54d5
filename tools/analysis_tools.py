"""Tools that read music without changing it: explain a song, a section or a file, and learn the musician's style."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

from pydantic import Field

from audio.analysis import RECORDING_SUFFIXES, analyze_recording, describe_recording
from music.errors import CowriterError
from music.formats.importer import SUFFIXES
from music.plan import fingerprint
from music.theory import analysis
from tools.common import current, uploaded_file
from tools.context import ToolContext, ToolResult
from tools.profiles import save_profile
from tools.songwriting import SectionName

logger = logging.getLogger(__name__)

FilePath = Annotated[str | None, Field(description="an uploaded MIDI, MusicXML or audio file to analyse instead of the song")]
Folder = Annotated[str, Field(description="a folder holding the musician's own MIDI or MusicXML files")]


def analyze(ctx: ToolContext, section: SectionName | None = None, path: FilePath = None) -> ToolResult:
    """Explain why the song, one section of it, or an uploaded file sounds the way it does.

    Use for questions such as "why does the chorus sound sad?" or "analyze the bridge":
    the key it sounds in, its chords as roman numerals, borrowed colours, cadences and the
    melody's range. Leave both arguments empty for the whole song. Nothing changes.
    """
    if path:
        if section:
            raise CowriterError("Ask about a section of the song or about a file, not both at once.")
        source, name = uploaded_file(ctx, path)
        suffix = source.suffix.lower()
        if suffix not in (*SUFFIXES, *RECORDING_SUFFIXES):
            raise CowriterError(f"I can analyse MIDI, MusicXML and audio files "
                                f"({', '.join((*SUFFIXES, *RECORDING_SUFFIXES))}), not '{name}'.")
        if not source.is_file():
            raise CowriterError(f"I could not find the file '{name}'.")
        if suffix in RECORDING_SUFFIXES:
            return ToolResult(f"'{name}': {describe_recording(analyze_recording(source, name))}.")
        return ToolResult(analysis.explain(analysis.analyze_file(source, name, ctx.import_limits)))
    song = current(ctx).song
    if section:
        index = song.find(section)[0]
        return ToolResult(analysis.explain(analysis.analyze_section(song, index)))
    return ToolResult(analysis.explain(analysis.analyze(song)))


def learn_style(ctx: ToolContext, folder: Folder) -> ToolResult:
    """Learn the musician's style from their own MIDI and MusicXML files: chord habits, keys, tempi, metres.

    Use when the musician points at a folder of their songs. What is learned is kept for
    reharmonize with style 'mine' and for plan_song with in_my_style. The song sheet
    does not change.
    """
    if not folder.strip():
        raise CowriterError("Tell me which folder holds your MIDI or MusicXML files.")
    profile = fingerprint.learn_style(Path(folder.strip()).expanduser())
    path = save_profile(ctx, profile)
    logger.info("saved the style profile to %s", path)
    count = len(profile.songs)
    skipped = f" ({len(profile.skipped)} I could not read)" if profile.skipped else ""
    learned = f"Learned your style from {count} song{'s' if count != 1 else ''}{skipped}: {profile.describe()}"
    return ToolResult(f"{learned} Try /reharm SECTION mine, or /plan --mine BRIEF.")
