"""What a musician asked for, as a tool name and its arguments, decided without the LLM."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, get_args

from music.errors import CowriterError
from music.song import SECTION_KINDS
from tools.craft import CymbalChoice, HarmonyStyle
from tools.export import ExportFormat
from tools.songwriting import Direction

# The values the tools' signatures accept, read from those signatures: one definition each.
DIRECTIONS: tuple[str, ...] = get_args(Direction)
HARMONY_STYLES: tuple[str, ...] = get_args(HarmonyStyle)
EXPORT_FORMATS: tuple[str, ...] = get_args(ExportFormat)
CYMBAL_CHOICES: tuple[str, ...] = get_args(get_args(CymbalChoice)[0])

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
REHARMONIZE: Final = "reharmonize"
SET_CHORDS: Final = "set_chords"
CHANGE_KEY: Final = "change_key"
SET_TEMPO: Final = "set_tempo"
SET_METER: Final = "set_meter"
SET_BARS: Final = "set_bars"
SET_CYMBAL: Final = "set_cymbal"
ADD_SECTION: Final = "add_section"
REMOVE_SECTION: Final = "remove_section"
MOVE_SECTION: Final = "move_section"
DOUBLE_SECTION: Final = "double_section"
WRITE_MELODY: Final = "write_melody"
SET_STYLE: Final = "set_style"
ANALYZE: Final = "analyze"
CHECK_LYRICS: Final = "check_lyrics"
RHYMES: Final = "rhymes"
LEARN_STYLE: Final = "learn_style"
RHYME_LINE: Final = "rhyme_line"
GENERATE: Final = "generate_section"
EXTEND: Final = "extend"
REWRITE_LYRICS: Final = "rewrite_lyrics"
ANSWER: Final = "answer_question"
LIST_PREFERENCES: Final = "list_preferences"
FORGET_PREFERENCE: Final = "forget_preference"
RECALL_IDEAS: Final = "recall_ideas"
BORROW_SECTION: Final = "borrow_section"
ALTERNATIVE_MELODIES: Final = "alternative_melodies"
ALTERNATIVE_PROGRESSIONS: Final = "alternative_progressions"
ALTERNATIVE_PLANS: Final = "alternative_plans"

# The argument names each tool takes; an Intent must carry exactly these (OPTIONAL_ARGS may be left out).
TOOL_ARGS: Final[dict[str, tuple[str, ...]]] = {
    PLAN_SONG: ("brief", "in_my_style"),
    WRITE_LYRICS: ("sections",),
    SET_LYRICS: ("section", "lines"),
    REVISE_SECTION: ("section", "direction"),
    REHARMONIZE: ("section", "style"),
    SET_CHORDS: ("section", "chart"),
    CHANGE_KEY: ("section", "semitones"),
    SET_TEMPO: ("bpm", "section"),
    SET_METER: ("time_signature",),
    SET_BARS: ("section", "bars"),
    SET_CYMBAL: ("section", "cymbal"),
    ADD_SECTION: ("kind", "after", "bars"),
    REMOVE_SECTION: ("section",),
    MOVE_SECTION: ("section", "before", "after"),
    DOUBLE_SECTION: ("section",),
    WRITE_MELODY: ("section", "voice"),
    SET_STYLE: ("style",),
    ANALYZE: ("section", "path"),
    CHECK_LYRICS: ("section",),
    RHYMES: ("word",),
    LEARN_STYLE: ("folder",),
    RHYME_LINE: ("section", "line", "with_line"),
    GENERATE: ("section",),
    EXTEND: ("seconds", "source"),
    REWRITE_LYRICS: ("section", "how", "line"),
    ANSWER: ("topic", "section", "chord", "version"),
    LIST_PREFERENCES: (),
    FORGET_PREFERENCE: ("text",),
    RECALL_IDEAS: ("query",),
    BORROW_SECTION: ("project", "version", "section", "into"),
    ALTERNATIVE_MELODIES: ("section", "count", "voice"),
    ALTERNATIVE_PROGRESSIONS: ("section", "count"),
    ALTERNATIVE_PLANS: ("count",),
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
# Arguments an Intent may leave to the tool's default: a plain plan is not in the musician's style.
OPTIONAL_ARGS: Final[dict[str, frozenset[str]]] = {
    PLAN_SONG: frozenset({"in_my_style"}),
    EXTEND: frozenset({"source"}),  # the newest take unless an uploaded file is named
    REWRITE_LYRICS: frozenset({"how", "line"}),
    ANSWER: frozenset({"section", "chord", "version"}),
    WRITE_MELODY: frozenset({"voice"}),  # the singer's voice from the preferences, else tenor
    ALTERNATIVE_MELODIES: frozenset({"count", "voice"}),  # one take, in the voice the melody was sung in
    ALTERNATIVE_PROGRESSIONS: frozenset({"count"}),
    ALTERNATIVE_PLANS: frozenset({"count"}),
}


class IntentError(CowriterError, ValueError):
    """A slash command used the wrong way; the message says the right usage."""


@dataclass(frozen=True)
class Intent:
    """One tool call the musician asked for, e.g. Intent("revise_section", {"section": "chorus", ...}).

    Attributes:
        tool: One of TOOL_NAMES.
        args: The tool's arguments, the names in TOOL_ARGS[tool] (those in OPTIONAL_ARGS[tool] may be left out).
    """

    tool: str
    args: dict[str, Any]

    def __post_init__(self) -> None:
        expected = TOOL_ARGS.get(self.tool)
        if expected is None:
            raise ValueError(f"'{self.tool}' is not a tool; the tools are {', '.join(TOOL_NAMES)}.")
        required = set(expected) - OPTIONAL_ARGS.get(self.tool, frozenset())
        if not required <= set(self.args) <= set(expected):
            wanted = ", ".join(expected) or "no arguments"
            raise ValueError(f"The tool {self.tool} takes {wanted}, not {', '.join(sorted(self.args)) or 'nothing'}.")
        problem = _argument_problem(self.tool, self.args)
        if problem:
            raise ValueError(problem)


def _argument_problem(tool: str, args: dict[str, Any]) -> str | None:
    """A sentence on an argument no run of the tool could accept, or None."""
    if tool == REVISE_SECTION and args["direction"] not in DIRECTIONS:
        return f"A section can be made {', '.join(DIRECTIONS)}, not '{args['direction']}'."
    if tool == EXPORT and args["format"] not in EXPORT_FORMATS:
        return f"'{args['format']}' is not an export format; use one of {', '.join(EXPORT_FORMATS)}."
    if tool == REHARMONIZE and args["style"] not in HARMONY_STYLES:
        return f"Chords can be reharmonized {', '.join(HARMONY_STYLES)}, not '{args['style']}'."
    if tool == SET_CYMBAL and args["cymbal"] not in CYMBAL_CHOICES:
        return f"The drums can keep time on the {', '.join(CYMBAL_CHOICES[:-1])}, or the groove's own, not '{args['cymbal']}'."
    if tool == ADD_SECTION and args["kind"] not in SECTION_KINDS:
        return f"'{args['kind']}' is not a kind of section; use one of {', '.join(SECTION_KINDS)}."
    if tool == MOVE_SECTION and (args["before"] is None) == (args["after"] is None):
        return "A section moves either before or after another one."
    for name in ("semitones", "bars", "count"):
        if name in args and args[name] is not None and (isinstance(args[name], bool) or not isinstance(args[name], int)):
            return f"The {name} of {tool} must be a whole number, not {args[name]!r}."
    return None
