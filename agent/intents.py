"""What a musician asked for, as a tool name and its arguments, decided without the LLM."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

from music.errors import CowriterError

Direction = Literal["brighter", "darker"]
ExportFormat = Literal["wav", "stems", "midi", "musicxml", "chordpro", "json", "lyrics"]

DIRECTIONS: tuple[str, ...] = get_args(Direction)
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
# What musicians call each export format, in lower case; every value is one of EXPORT_FORMATS.
FORMAT_WORDS: Final[dict[str, str]] = {
    "wav": "wav", "wave": "wav", "audio": "wav", "mixdown": "wav", "stems": "stems", "stem": "stems",
    "separate tracks": "stems", "individual tracks": "stems", "multitrack": "stems", "multitracks": "stems",
    "midi": "midi", "mid": "midi", "musicxml": "musicxml", "music xml": "musicxml", "xml": "musicxml",
    "musescore": "musicxml", "sheet music": "musicxml", "score": "musicxml", "notation": "musicxml",
    "chordpro": "chordpro", "chord pro": "chordpro", "chord sheet": "chordpro", "chord chart": "chordpro",
    "json": "json", "lyrics": "lyrics", "lyric sheet": "lyrics", "lyrics sheet": "lyrics", "words": "lyrics",
    "text": "lyrics", "txt": "lyrics",
}  # fmt: skip

PLAN_SONG: Final = "plan_song"
WRITE_LYRICS: Final = "write_lyrics"
SET_LYRICS: Final = "set_lyrics"
REVISE_SECTION: Final = "revise_section"
RENDER: Final = "render"
UNDO: Final = "undo"
REDO: Final = "redo"
EXPORT: Final = "export"
REMEMBER: Final = "remember"
SHOW_SHEET: Final = "show_sheet"
VERSIONS: Final = "versions"
CHECKOUT: Final = "checkout"
HELP: Final = "help"

# The argument names each tool takes; an Intent must carry exactly these.
TOOL_ARGS: Final[dict[str, tuple[str, ...]]] = {
    PLAN_SONG: ("brief",),
    WRITE_LYRICS: ("sections",),
    SET_LYRICS: ("section", "lines"),
    REVISE_SECTION: ("section", "direction"),
    RENDER: ("section",),
    UNDO: (),
    REDO: (),
    EXPORT: ("format",),
    REMEMBER: ("text",),
    SHOW_SHEET: (),
    VERSIONS: (),
    CHECKOUT: ("version",),
    HELP: (),
}
TOOL_NAMES: tuple[str, ...] = tuple(TOOL_ARGS)


class IntentError(CowriterError, ValueError):
    """A slash command used the wrong way; the message says the right usage."""


@dataclass(frozen=True)
class Intent:
    """One tool call the musician asked for, e.g. Intent("revise_section", {"section": "chorus", ...}).

    Attributes:
        tool: One of TOOL_NAMES.
        args: The tool's arguments, exactly the names in TOOL_ARGS[tool].
    """

    tool: str
    args: dict[str, Any]

    def __post_init__(self) -> None:
        expected = TOOL_ARGS.get(self.tool)
        if expected is None:
            raise ValueError(f"'{self.tool}' is not a tool; the tools are {', '.join(TOOL_NAMES)}.")
        if set(self.args) != set(expected):
            wanted = ", ".join(expected) or "no arguments"
            raise ValueError(f"The tool {self.tool} takes {wanted}, not {', '.join(sorted(self.args)) or 'nothing'}.")
        if self.tool == REVISE_SECTION and self.args["direction"] not in DIRECTIONS:
            raise ValueError(f"A section can be made brighter or darker, not '{self.args['direction']}'.")
        if self.tool == EXPORT and self.args["format"] not in EXPORT_FORMATS:
            listed = ", ".join(EXPORT_FORMATS)
            raise ValueError(f"'{self.args['format']}' is not an export format; use one of {listed}.")
