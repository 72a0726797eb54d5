"""The pieces every slash command is read with: the command record, quoted section names, chord charts, usage errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agent.intents import Intent, IntentError
from music.song import CHORD, HOLD

QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’"}
# "--takes 3" anywhere after a command: that many alternatives, each its own version.
_TAKES = re.compile(r"(?:^|(?<=\s))(?:--|—|–)takes?\b\s*=?\s*(?P<n>\d{1,3}\b)?", re.IGNORECASE)
_NAME_BREAK = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*", re.IGNORECASE)
# A chord symbol as the sheet reads it, unanchored so it can be found in what a musician types.
CHORD_SYMBOL = CHORD.pattern.removeprefix("^").removesuffix("$")
# One slot of a bar: a chord ('^' pushes it an eighth early), a hold ('/' or '.'), or '%' for the bar before.
_SLOT = rf"(?:\^?{CHORD_SYMBOL}|[/.%])(?![\w#])"
# What musicians put between chords they list: "C G Am F", "C, G, Am and F", "C - G - Am - F", "C then G".
_LISTED = r"\s*(?:,|->|→|[–—-])\s*|\s+(?i:and|then)\s+"
# A chord chart as typed, bare: "Am / / G | F | ^C | %" or "C G Am F" (case matters: "am" is no chord).
CHART = rf"(?-i:(?:\|\s*)?{_SLOT}(?:(?:\s*\|\s*|{_LISTED}|\s+){_SLOT})*(?:\s*\|)?)"


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


def needs(command: SlashCommand, what: str, example: str) -> IntentError:
    """The error for a command missing something: "/NAME needs WHAT, like EXAMPLE."."""
    return IntentError(f"/{command.name} needs {what}, like {example}.")


def unquote(command: SlashCommand, text: str) -> str:
    """A name typed bare ("last chorus") or quoted ('"last chorus"'), without the quotes."""
    text = text.strip()
    closing = QUOTES.get(text[:1])
    if closing is None:
        return text
    end = text.find(closing, 1)
    if end == -1:
        raise IntentError(f"The quote after /{command.name} is not closed; write it like {command.usage}.")
    if text[end + 1 :].strip():
        raise IntentError(f"Put nothing after the closing quote; write it like {command.usage}.")
    return text[1:end].strip()


def names(command: SlashCommand, text: str) -> list[str]:
    """Section names separated by commas, "and" or "&"; names in double quotes are kept whole."""
    text = text.replace("“", '"').replace("”", '"')
    if text.count('"') % 2:
        raise IntentError(f"A quote after /{command.name} is not closed; write it like {command.usage}.")
    found: list[str] = []
    for quoted, bare in re.findall(r'"([^"]*)"|([^"]+)', text):
        found.extend([quoted] if quoted else _NAME_BREAK.split(bare))
    return list(dict.fromkeys(name.strip() for name in found if name.strip()))


def split_quoted(command: SlashCommand, text: str) -> tuple[str, str, bool]:
    """A leading quoted name and the text after it, or ('', text, False) when the text starts bare.

    Returns:
        (name, rest, quoted).
    """
    text = text.strip()
    closing = QUOTES.get(text[:1])
    if closing is None:
        return "", text, False
    end = text.find(closing, 1)
    if end == -1:
        raise IntentError(f"The quote after /{command.name} is not closed; write it like {command.usage}.")
    return text[1:end].strip(), text[end + 1 :].strip(), True


def section_and(command: SlashCommand, text: str, tail: str) -> tuple[str, str | None]:
    """A section name (quoted or bare) followed by a word matching the regex `tail`, e.g. 'last chorus' and '+2'.

    Returns:
        (section, tail text), the tail None when the text has none; the section may be ''.

    Raises:
        IntentError: If a quote is not closed or something after a quoted name is not the tail.
    """
    name, rest, quoted = split_quoted(command, text)
    if quoted:
        if rest and not re.fullmatch(tail, rest, re.IGNORECASE):
            raise IntentError(f"/{command.name} does not understand '{rest}'; write it like {command.usage}.")
        return name, rest or None
    match = re.fullmatch(rf"(?P<section>.*?)\s*(?<!\S)(?P<tail>{tail})", rest, re.IGNORECASE)
    if match is None:
        return rest, None
    return match["section"].strip(), match["tail"]


def takes_flag(command: SlashCommand, text: str, example: str) -> tuple[str, int | None]:
    """The text without its "--takes N" flag, and N (None when there is no flag).

    Raises:
        IntentError: If the flag has no number after it.
    """
    match = _TAKES.search(text)
    if match is None:
        return text, None
    if match["n"] is None:
        raise needs(command, "a number after --takes", example)
    return " ".join((text[: match.start()] + " " + text[match.end() :]).split()), int(match["n"])


def typed_chart(said: str) -> str:
    """A chord chart as the musician typed it, in the sheet's notation: chords listed with no bar lines are one a bar.

    "C G Am F" and "C, G, Am and F" are "C | G | Am | F"; "Am . . G | F" is "Am / / G | F"; a
    bar with holds and no bar lines ("C / / G") stays one bar. Anything else is left for the
    sheet to judge.
    """
    slots = [HOLD if slot == "." else slot for slot in re.sub(_LISTED, " ", said).replace("|", " | ").split()]
    if "|" not in slots and HOLD not in slots:
        return " | ".join(slots)
    return " ".join(slots).strip("| ")


def section_builder(tool: str, example: str = "", **fixed: Any) -> Callable[[SlashCommand, str], Intent]:
    """A builder for commands that take one section name and nothing else: '/NAME SECTION'."""

    def build(command: SlashCommand, rest: str) -> Intent:
        section = unquote(command, rest)
        if not section:
            said = example or f'/{command.name} chorus or /{command.name} "last chorus"'
            raise needs(command, "a section", said)
        return Intent(tool, {"section": section, **fixed})

    return build
