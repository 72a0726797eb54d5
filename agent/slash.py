"""Slash commands ("/brighter chorus", "/export midi") read into Intents, and the help table made from them."""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.craft_slash import CRAFT_COMMANDS
from agent.intents import (
    ALTERNATIVE_PLANS,
    CHECKOUT,
    EXPORT,
    EXPORT_FORMATS,
    EXTEND,
    GENERATE,
    HELP,
    PLAN_SONG,
    REDO,
    REMEMBER,
    RENDER,
    REVISE_SECTION,
    RHYME_LINE,
    SET_LYRICS,
    SHOW_SHEET,
    UNDO,
    VERSIONS,
    WRITE_LYRICS,
    Intent,
    IntentError,
)
from agent.slash_text import QUOTES, SlashCommand, names, needs, section_builder, takes_flag, unquote
from agent.talk_slash import TALK_COMMANDS
from agent.vocabulary import FORMAT_WORDS

__all__ = ["COMMANDS", "HELP_TEXT", "SlashCommand", "help_table", "parse_slash"]

# A line break in /lyrics is a slash with a space on at least one side, so "24/7" stays one word.
_LINE_BREAK = re.compile(r"\s+/\s*|\s*/\s+|\s*\n\s*")


# -- builders: the text after the command -> Intent -----------------------------------------


def _nothing(tool: str) -> Callable[[SlashCommand, str], Intent]:
    def build(command: SlashCommand, rest: str) -> Intent:
        if rest:
            raise IntentError(f"/{command.name} takes nothing after it; type just /{command.name}.")
        return Intent(tool, {})

    return build


def _plan(command: SlashCommand, rest: str) -> Intent:
    mine, brief = _mine(rest)
    brief, takes = takes_flag(command, brief, "/plan --takes 3")
    if takes is not None:
        if brief or mine:
            raise IntentError("/plan --takes N plans this song's brief again, so it takes nothing else; type /plan --takes 3.")
        return Intent(ALTERNATIVE_PLANS, {"count": takes})
    if not brief:
        raise needs(command, "a brief", f"/{command.name} a folk song about leaving home, 90 BPM, D minor")
    return Intent(PLAN_SONG, {"brief": brief, "in_my_style": True} if mine else {"brief": brief})


def _plan_mine(command: SlashCommand, rest: str) -> Intent:
    brief = _mine(rest)[1]
    if not brief:
        raise needs(command, "a brief", f"/{command.name} a ballad about the sea")
    return Intent(PLAN_SONG, {"brief": brief, "in_my_style": True})


def _mine(rest: str) -> tuple[bool, str]:
    """Whether a brief starts with the --mine flag, and the brief without it."""
    match = re.match(r"(?:--|—|–)mine\b\s*", rest, re.IGNORECASE)
    return (True, rest[match.end() :].strip()) if match else (False, rest)


def _set_lyrics(command: SlashCommand, rest: str) -> Intent:
    example = "/lyrics chorus: first line / second line"
    closing = QUOTES.get(rest[:1])
    if closing is not None:
        end = rest.find(closing, 1)
        if end == -1:
            raise IntentError(f"The quote after /lyrics is not closed; write it like {example}.")
        section, after = rest[1:end].strip(), rest[end + 1 :].lstrip()
        if not after.startswith(":"):
            raise needs(command, "a colon after the section", example)
        text = after[1:]
    else:
        section, colon, text = rest.partition(":")
        if not colon:
            raise needs(command, "a section, a colon and the lines", example)
        section = section.strip()
    lines = [line.strip() for line in _LINE_BREAK.split(text) if line.strip()]
    if not section:
        raise needs(command, "a section before the colon", example)
    if not lines:
        raise needs(command, "at least one line after the colon", example)
    return Intent(SET_LYRICS, {"section": section, "lines": lines})


def _write(command: SlashCommand, rest: str) -> Intent:
    sections = names(command, rest)
    if not sections:
        raise needs(command, "at least one section", "/write verse 1, chorus")
    return Intent(WRITE_LYRICS, {"sections": sections})


def _render(command: SlashCommand, rest: str) -> Intent:
    return Intent(RENDER, {"section": unquote(command, rest) or None})


def _export(command: SlashCommand, rest: str) -> Intent:
    listed = f"{', '.join(EXPORT_FORMATS[:-1])} or {EXPORT_FORMATS[-1]}"
    said = " ".join(unquote(command, rest).casefold().lstrip(".").split())
    fmt = FORMAT_WORDS.get(said, said)
    if not said:
        raise IntentError(f"/export needs a format: {listed}.")
    if fmt not in EXPORT_FORMATS:
        raise IntentError(f"I can't export '{rest}'; /export needs a format: {listed}.")
    return Intent(EXPORT, {"format": fmt})


def _remember(command: SlashCommand, rest: str) -> Intent:
    if not rest:
        raise needs(command, "something to remember", "/remember no saxophone, ever")
    return Intent(REMEMBER, {"text": rest})


def _rhyme(command: SlashCommand, rest: str) -> Intent:
    match = re.fullmatch(r"(.+?)\s+(?:line\s+)?(\d{1,2})\s+(?:with|to)\s+(?:line\s+)?(\d{1,2})", rest.strip(), re.I)
    if match is None:
        raise needs(command, "a section and two line numbers", "/rhyme chorus 3 with 1")
    section = unquote(command, match[1])
    return Intent(RHYME_LINE, {"section": section, "line": int(match[2]), "with_line": int(match[3])})


def _generate(command: SlashCommand, rest: str) -> Intent:
    return Intent(GENERATE, {"section": unquote(command, rest) or None})


def _extend(command: SlashCommand, rest: str) -> Intent:
    match = re.fullmatch(r"(\d{1,3}(?:\.\d+)?)\s*(?:s|sec|secs|seconds)?", rest.strip(), re.IGNORECASE)
    if match is None or not 0 < float(match[1]) <= 300:
        raise needs(command, "a number of seconds from 1 to 300", "/extend 20")
    return Intent(EXTEND, {"seconds": float(match[1])})


def _checkout(command: SlashCommand, rest: str) -> Intent:
    match = re.fullmatch(r"(?:v|version)?\s*#?\s*(\d{1,6})", rest, re.IGNORECASE)
    if match is None or int(match[1]) < 1:
        raise needs(command, "a version number", "/checkout 3")
    return Intent(CHECKOUT, {"version": int(match[1])})


COMMANDS: tuple[SlashCommand, ...] = (
    SlashCommand("plan", "/plan BRIEF", "Plan a new song from a brief: style, topic, tempo, key; /plan --takes N plans "
                 "this song's brief N other ways, each its own version.", _plan),
    SlashCommand("plan-mine", "/plan-mine BRIEF", "Plan a new song in your own style (also /plan --mine BRIEF).",
                 _plan_mine),
    SlashCommand("lyrics", "/lyrics SECTION: line one / line two", "Set a section's lyrics to your own lines.",
                 _set_lyrics),
    SlashCommand("write", "/write SECTION[, SECTION]", "Draft lyrics for one or more sections.", _write),
    SlashCommand("brighter", "/brighter SECTION", "Make a section brighter (major colour, higher voicing).",
                 section_builder(REVISE_SECTION, direction="brighter")),
    SlashCommand("darker", "/darker SECTION", "Make a section darker (minor colour, lower voicing).",
                 section_builder(REVISE_SECTION, direction="darker")),
    *CRAFT_COMMANDS,
    *TALK_COMMANDS,
    SlashCommand("render", "/render [SECTION]", "Render the whole song, or one section, so you can hear it.", _render),
    SlashCommand("play", "/play [SECTION]", "Same as /render.", _render),
    SlashCommand("rhyme", "/rhyme SECTION LINE with LINE", "Make a line rhyme with another: /rhyme chorus 3 with 1.",
                 _rhyme),
    SlashCommand("generate", "/generate [SECTION]", "A realistic MusicGen take of a section or the whole song.",
                 _generate),
    SlashCommand("extend", "/extend SECONDS", "Make the newest take longer: MusicGen plays on.", _extend),
    SlashCommand("undo", "/undo", "Go back to the previous version.", _nothing(UNDO)),
    SlashCommand("redo", "/redo", "Go forward again after an undo.", _nothing(REDO)),
    SlashCommand("export", "/export FORMAT", f"Download as {', '.join(EXPORT_FORMATS)}.", _export),
    SlashCommand("remember", "/remember TEXT", "Keep a preference for this and later songs.", _remember),
    SlashCommand("sheet", "/sheet", "Show the song sheet: sections, chords and lyrics.", _nothing(SHOW_SHEET)),
    SlashCommand("versions", "/versions", "List the versions of this song.", _nothing(VERSIONS)),
    SlashCommand("checkout", "/checkout N", "Go to version N (nothing is lost).", _checkout),
    SlashCommand("help", "/help", "Show this list.", _nothing(HELP)),
)  # fmt: skip
_BY_NAME = {command.name: command for command in COMMANDS}


def help_table(commands: tuple[SlashCommand, ...] = COMMANDS) -> str:
    """The commands as a Markdown table: usage and one-line summary (a chart's bar lines escaped, not read as cells)."""
    rows = [f"| `{c.usage}` | {_cell(c.summary)} |" for c in commands]
    return "\n".join(["| Command | What it does |", "|---|---|", *rows])


def _cell(text: str) -> str:
    return text.replace("|", r"\|")


HELP_TEXT = (
    "Ask in your own words (\"make the chorus brighter\", \"play the bridge\"), or type a command:\n\n"
    + help_table()
    + '\n\nSection names with spaces can be quoted: /brighter "last chorus".'
)


def parse_slash(text: str) -> Intent:
    """The Intent a slash command asks for.

    Args:
        text: The message, starting with "/", e.g. '/brighter "last chorus"'.

    Returns:
        The Intent to run.

    Raises:
        IntentError: The command is unknown or used the wrong way; the message is one
            sentence giving the right usage.
    """
    stripped = text.strip()
    if not stripped.startswith("/"):
        raise IntentError("Slash commands start with '/'; type /help for the list.")
    match = re.match(r"/(\S*)\s*(.*)", stripped, re.DOTALL)
    word, rest = (match[1], match[2].strip()) if match else ("", "")
    if not word:
        raise IntentError("Type a command name after the slash; type /help for the list.")
    command = _BY_NAME.get(word.casefold())
    if command is None:
        raise IntentError(f"I don't know the command /{word}; type /help for the list.")
    return command.build(command, rest)
