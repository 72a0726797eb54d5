"""Slash commands for asking about the song, rewriting lyrics, and the musician's preferences and past ideas."""

from __future__ import annotations

import re
from typing import get_args

from agent.intents import (
    ANSWER,
    BORROW_SECTION,
    FORGET_PREFERENCE,
    LIST_PREFERENCES,
    RECALL_IDEAS,
    REWRITE_LYRICS,
    Intent,
    IntentError,
)
from agent.slash_text import SlashCommand, needs, split_quoted, unquote
from tools.questions import Topic

TOPICS: tuple[str, ...] = get_args(Topic)


def _ask(command: SlashCommand, rest: str) -> Intent:
    match = re.fullmatch(r"(\S+)\s*(.*)", rest.strip(), re.DOTALL)
    topic = match[1].casefold().replace("-", "_") if match else ""
    if topic not in TOPICS:
        raise needs(command, f"a topic ({', '.join(TOPICS)})", "/ask chords bridge")
    tail = match[2].strip() if match else ""
    # "/ask tempo version 1", "/ask chords bridge v2": an earlier version's sheet.
    said = re.search(r"(?:^|\s)(?:in\s+|of\s+)?(?:version|v)\s*(\d{1,6})$", tail, re.IGNORECASE)
    version = int(said[1]) if said else None
    tail = tail[: said.start()].strip() if said else tail
    chord = None
    if topic == "why_chord" and tail:
        first, _, remainder = tail.partition(" ")
        if re.fullmatch(r"[A-G](?:#|b)?\S*", first):
            chord, tail = first, remainder.strip()
    args = {"topic": topic, "section": unquote(command, tail) or None, "chord": chord}
    return Intent(ANSWER, {**args, "version": version} if version else args)


def _rewrite(command: SlashCommand, rest: str) -> Intent:
    example = '/rewrite chorus more hopeful or /rewrite "verse 1" line 3'
    name, tail, quoted = split_quoted(command, rest)
    if not quoted:
        match = re.match(r"((?:pre-chorus|chorus|verse|bridge|intro|outro|solo)(?:\s+\d{1,2})?|\S+)\s*(.*)", rest.strip(),
                         re.IGNORECASE | re.DOTALL)  # fmt: skip
        if match is None:
            raise needs(command, "a section", example)
        name, tail = match[1], match[2].strip()
    if not name:
        raise needs(command, "a section", example)
    line = None
    found = re.match(r"line\s+(\d{1,2})\b\s*", tail, re.IGNORECASE)
    if found:
        line, tail = int(found[1]), tail[found.end() :].strip()
    args: dict[str, object] = {"section": name, "how": tail}
    if line is not None:
        args["line"] = line
    return Intent(REWRITE_LYRICS, args)


def _nothing(tool: str) -> object:
    def build(command: SlashCommand, rest: str) -> Intent:
        if rest:
            raise IntentError(f"/{command.name} takes nothing after it; type just /{command.name}.")
        return Intent(tool, {})

    return build


def _text(tool: str, name: str, what: str, example: str) -> object:
    def build(command: SlashCommand, rest: str) -> Intent:
        if not rest.strip():
            raise needs(command, what, example)
        return Intent(tool, {name: rest.strip()})

    return build


def _borrow(command: SlashCommand, rest: str) -> Intent:
    example = '/borrow "night drive" 4 chorus into bridge'
    project, tail, quoted = split_quoted(command, rest)
    if not quoted:
        project, _, tail = rest.strip().partition(" ")
    match = re.fullmatch(r"v?(\d{1,4})\s+(.+?)\s+into\s+(.+)", tail.strip(), re.IGNORECASE)
    if not project or match is None:
        raise needs(command, "a project, a version, a section and where it goes", example)
    return Intent(BORROW_SECTION, {"project": project, "version": int(match[1]), "section": unquote(command, match[2]),
                                   "into": unquote(command, match[3])})  # fmt: skip


TALK_COMMANDS: tuple[SlashCommand, ...] = (
    SlashCommand("ask", "/ask TOPIC [SECTION] [version N]", f"Answer from the sheet: {', '.join(TOPICS)}.", _ask),
    SlashCommand("rewrite", "/rewrite SECTION [line N] [HOW]", "Rewrite a section's lyrics, or one line: more hopeful, "
                 "fewer syllables, the image of a train.", _rewrite),
    SlashCommand("preferences", "/preferences", "List the preferences you asked me to keep.",
                 _nothing(LIST_PREFERENCES)),  # type: ignore[arg-type]
    SlashCommand("forget", "/forget PREFERENCE", "Forget a preference, in your words: /forget saxophone.",
                 _text(FORGET_PREFERENCE, "text", "the preference", "/forget saxophone")),  # type: ignore[arg-type]
    SlashCommand("recall", "/recall IDEA", "Find an idea from any of your projects: /recall the chorus about rain.",
                 _text(RECALL_IDEAS, "query", "what to look for", "/recall the bridge with the key change")),  # type: ignore[arg-type]
    SlashCommand("borrow", "/borrow PROJECT VERSION SECTION into SECTION", "Bring a section from another project.",
                 _borrow),
)  # fmt: skip
