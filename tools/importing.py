"""The import tool: a MIDI or MusicXML file the musician uploads becomes a song sheet version."""

from __future__ import annotations

from music.errors import CowriterError
from music.formats.importer import SUFFIXES, import_song
from tools.common import uploaded_file
from tools.context import ToolContext, ToolResult
from tools.rendering import commit_rendered


def import_file(ctx: ToolContext, path: str) -> ToolResult:
    """Read an uploaded MIDI or MusicXML file into a new version of the song sheet and play it.

    Key, tempo, metre, chords per bar and the top melody are taken from the file.
    """
    source, name = uploaded_file(ctx, path)
    if source.suffix.lower() not in SUFFIXES:
        raise CowriterError(f"I can read MIDI and MusicXML files ({', '.join(SUFFIXES)}), not '{name}'.")
    song = import_song(source, name=name, limits=ctx.import_limits)
    summary = (
        f"Imported '{name}': {song.meta.key} at {song.meta.tempo:g} BPM, {song.meta.time_signature}, "
        f"{song.total_bars} bars in {len(song.sections)} sections."
    )
    version, audio = commit_rendered(ctx, song, "import_file", summary)
    return ToolResult(summary, version, audio=(audio,), changed=True)
