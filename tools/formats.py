"""The export formats, named once; light enough for `cowriter --help` to read."""

from __future__ import annotations

from typing import Literal, get_args

ExportFormat = Literal["wav", "stems", "midi", "musicxml", "chordpro", "json", "lyrics"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)
