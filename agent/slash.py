"""Slash commands ("/brighter chorus", "/export midi") read into Intents, and the help table made from them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from agent.intents import (
    CHECKOUT,
    EXPORT,
    EXPORT_FORMATS,
    FORMAT_WORDS,
    HELP,
    PLAN_SONG,
    REDO,
    REMEMBER,
    RENDER,
    REVISE_SECTION,
    SET_LYRICS,
    SHOW_SHEET,
    UNDO,
    VERSIONS,
    WRITE_LYRICS,
    Intent,
    IntentError,
)

_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’"}
# A line break in /lyrics is a slash with a space on at least one side, so "24/7" stays one word.
_LINE_BREAK = re.compile(r"\s+/\s*|\s*/\s+|\s*\n\s*")
_NAME_BREAK = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*", re.IGNORECASE)


@dataclass(frozen=True)
class SlashCommand:
    """One slash command: how it is typed, what it does, and how its text becomes an Intent.

    Attributes:
        name: The word after the slash, e.g. "export".
        usage: How to type it, e.g. "/export FORMAT".
        summary: One line on what it does, for the help table.
        build: Turns the text after the command into an Intent, or raises IntentError.
    """

    name: str
    usage: str
    summary: str
    build: Callable[[SlashCommand, str], Intent] = field(repr=False, compare=False)


def _needs(command: SlashCommand, what: str, example: str) -> IntentError:
    return IntentError(f"/{command.name} needs {what}, like {example}.")


def _unquote(command: SlashCommand, text: str) -> str:
    """A name typed bare ("last chorus") or quoted ('"last chorus"'), without the quotes."""
    text = text.strip()
    closing = _QUOTES.get(text[:1])
    if closing is None:
        return text
    end = text.find(closing, 1)
    if end == -1:
        raise IntentError(f"The quote after /{command.name} is not closed; write it like {command.usage}.")
    if text[end + 1 :].strip():
        raise IntentError(f"Put nothing after the closing quote; write it like {command.usage}.")
    return text[1:end].strip()


def _names(command: SlashCommand, text: str) -> list[str]:
    """Section names separated by commas, "and" or "&"; names in double quotes are kept whole."""
    text = text.replace("“", '"').replace("”", '"')
    if text.count('"') % 2:
        raise IntentError(f"A quote after /{command.name} is not closed; write it like {command.usage}.")
    names: list[str] = []
    for quoted, bare in re.findall(r'"([^"]*)"|([^"]+)', text):
        names.extend([quoted] if quoted else _NAME_BREAK.split(bare))
    return list(dict.fromkeys(name.strip() for name in names if name.strip()))


# -- builders: the text after the command -> Intent -----------------------------------------


def _nothing(tool: str) -> Callable[[SlashCommand, str], Intent]:
    def build(command: SlashCommand, rest: str) -> Intent:
        if rest:
            raise IntentError(f"/{command.name} takes nothing after it; type just /{command.name}.")
        return Intent(tool, {})

    return build


def _plan(command: SlashCommand, rest: str) -> Intent:
    if not rest:
        raise _needs(command, "a brief", "/plan a folk song about leaving home, 90 BPM, D minor")
    return Intent(PLAN_SONG, {"brief": rest})


def _set_lyrics(command: SlashCommand, rest: str) -> Intent:
    example = "/lyrics chorus: first line / second line"
    closing = _QUOTES.get(rest[:1])
    if closing is not None:
        end = rest.find(closing, 1)
        if end == -1:
            raise IntentError(f"The quote after /lyrics is not closed; write it like {example}.")
        section, after = rest[1:end].strip(), rest[end + 1 :].lstrip()
        if not after.startswith(":"):
            raise _needs(command, "a colon after the section", example)
        text = after[1:]
    else:
        section, colon, text = rest.partition(":")
        if not colon:
            raise _needs(command, "a section, a colon and the lines", example)
        section = section.strip()
    lines = [line.strip() for line in _LINE_BREAK.split(text) if line.strip()]
    if not section:
        raise _needs(command, "a section before the colon", example)
    if not lines:
        raise _needs(command, "at least one line after the colon", example)
    return Intent(SET_LYRICS, {"section": section, "lines": lines})


def _write(command: SlashCommand, rest: str) -> Intent:
    names = _names(command, rest)
    if not names:
        raise _needs(command, "at least one section", "/write verse 1, chorus")
    return Intent(WRITE_LYRICS, {"sections": names})


def _revise(direction: str) -> Callable[[SlashCommand, str], Intent]:
    def build(command: SlashCommand, rest: str) -> Intent:
        section = _unquote(command, rest)
        if not section:
            raise _needs(command, "a section", f'/{command.name} chorus or /{command.name} "last chorus"')
        return Intent(REVISE_SECTION, {"section": section, "direction": direction})

    return build


def _render(command: SlashCommand, rest: str) -> Intent:
    return Intent(RENDER, {"section": _unquote(command, rest) or None})


def _export(command: SlashCommand, rest: str) -> Intent:
    listed = f"{', '.join(EXPORT_FORMATS[:-1])} or {EXPORT_FORMATS[-1]}"
    said = " ".join(_unquote(command, rest).casefold().lstrip(".").split())
    fmt = FORMAT_WORDS.get(said, said)
    if not said:
        raise IntentError(f"/export needs a format: {listed}.")
    if fmt not in EXPORT_FORMATS:
        raise IntentError(f"I can't export '{rest}'; /export needs a format: {listed}.")
    return Intent(EXPORT, {"format": fmt})


def _remember(command: SlashCommand, rest: str) -> Intent:
    if not rest:
        raise _needs(command, "something to remember", "/remember no saxophone, ever")
    return Intent(REMEMBER, {"text": rest})


def _checkout(command: SlashCommand, rest: str) -> Intent:
    match = re.fullmatch(r"(?:v|version)?\s*#?\s*(\d{1,6})", rest, re.IGNORECASE)
    if match is None or int(match[1]) < 1:
        raise _needs(command, "a version number", "/checkout 3")
    return Intent(CHECKOUT, {"version": int(match[1])})


COMMANDS: tuple[SlashCommand, ...] = (
    SlashCommand("plan", "/plan BRIEF", "Plan a new song from a brief: style, topic, tempo, key.", _plan),
    SlashCommand("lyrics", "/lyrics SECTION: line one / line two", "Set a section's lyrics to your own lines.",
                 _set_lyrics),
    SlashCommand("write", "/write SECTION[, SECTION]", "Draft lyrics for one or more sections.", _write),
    SlashCommand("brighter", "/brighter SECTION", "Make a section brighter (major colour, higher voicing).",
                 _revise("brighter")),
    SlashCommand("darker", "/darker SECTION", "Make a section darker (minor colour, lower voicing).",
                 _revise("darker")),
    SlashCommand("render", "/render [SECTION]", "Render the whole song, or one section, so you can hear it.", _render),
    SlashCommand("play", "/play [SECTION]", "Same as /render.", _render),
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
    """The commands as a Markdown table: usage and one-line summary."""
    rows = [f"| `{c.usage}` | {c.summary.replace('|', '/')} |" for c in commands]
    return "\n".join(["| Command | What it does |", "|---|---|", *rows])


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
