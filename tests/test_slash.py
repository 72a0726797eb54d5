"""A musician types slash commands; each becomes one tool call, and misuse gets one sentence with the right usage."""

from __future__ import annotations

import re

import pytest

from agent.intents import EXPORT_FORMATS, Intent, IntentError
from agent.slash import COMMANDS, HELP_TEXT, help_table, parse_slash
from music.errors import CowriterError

COMMANDS_TYPED: list[tuple[str, Intent]] = [
    ("/plan a folk song about leaving home, 90 BPM, D minor",
     Intent("plan_song", {"brief": "a folk song about leaving home, 90 BPM, D minor"})),
    ("/lyrics chorus: we were young / the road was long / and we sang",
     Intent("set_lyrics", {"section": "chorus", "lines": ["we were young", "the road was long", "and we sang"]})),
    ('/lyrics "last chorus": open all night / 24/7',
     Intent("set_lyrics", {"section": "last chorus", "lines": ["open all night", "24/7"]})),
    ("/lyrics verse 2:\nfirst line\nsecond line",
     Intent("set_lyrics", {"section": "verse 2", "lines": ["first line", "second line"]})),
    ("/write chorus", Intent("write_lyrics", {"sections": ["chorus"]})),
    ("/write verse 1, chorus", Intent("write_lyrics", {"sections": ["verse 1", "chorus"]})),
    ('/write "last chorus" and bridge & intro', Intent("write_lyrics", {"sections": ["last chorus", "bridge", "intro"]})),
    ("/brighter chorus", Intent("revise_section", {"section": "chorus", "direction": "brighter"})),
    ('/brighter "last chorus"', Intent("revise_section", {"section": "last chorus", "direction": "brighter"})),
    ("/brighter last chorus", Intent("revise_section", {"section": "last chorus", "direction": "brighter"})),
    ("/darker 'verse 2'", Intent("revise_section", {"section": "verse 2", "direction": "darker"})),
    ("/darker   Verse 2  ", Intent("revise_section", {"section": "Verse 2", "direction": "darker"})),
    ("/render", Intent("render", {"section": None})),
    ("/render bridge", Intent("render", {"section": "bridge"})),
    ("/play", Intent("render", {"section": None})),
    ('/play "first verse"', Intent("render", {"section": "first verse"})),
    ("/undo", Intent("undo", {})),
    ("/redo", Intent("redo", {})),
    ("/export midi", Intent("export", {"format": "midi"})),
    ("/export MusicXML", Intent("export", {"format": "musicxml"})),
    ("/export .wav", Intent("export", {"format": "wav"})),
    ("/export mid", Intent("export", {"format": "midi"})),
    ("/remember no saxophone, ever", Intent("remember", {"text": "no saxophone, ever"})),
    ("/sheet", Intent("show_sheet", {})),
    ("/versions", Intent("versions", {})),
    ("/checkout 3", Intent("checkout", {"version": 3})),
    ("/checkout v12", Intent("checkout", {"version": 12})),
    ("/help", Intent("help", {})),
    ("  /UNDO  ", Intent("undo", {})),
    ("/Brighter Chorus", Intent("revise_section", {"section": "Chorus", "direction": "brighter"})),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), COMMANDS_TYPED, ids=[t.strip() for t, _ in COMMANDS_TYPED])
def test_a_slash_command_becomes_its_tool_call(text: str, expected: Intent) -> None:
    assert parse_slash(text) == expected


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_export_format_can_be_asked_for(fmt: str) -> None:
    assert parse_slash(f"/export {fmt}") == Intent("export", {"format": fmt})


MISUSED: list[tuple[str, str]] = [
    ("/foo", "I don't know the command /foo; type /help for the list."),
    ("/", "Type a command name after the slash; type /help for the list."),
    ("undo", "Slash commands start with '/'; type /help for the list."),
    ("/export", "/export needs a format: wav, stems, midi, musicxml, chordpro, json or lyrics."),
    ("/export mp3", "I can't export 'mp3'; /export needs a format: wav, stems, midi, musicxml, chordpro, json or lyrics."),
    ("/plan", "/plan needs a brief, like /plan a folk song about leaving home, 90 BPM, D minor."),
    ("/lyrics chorus", "/lyrics needs a section, a colon and the lines, like /lyrics chorus: first line / second line."),
    ("/lyrics chorus:   ", "/lyrics needs at least one line after the colon, like /lyrics chorus: first line / second line."),
    ("/lyrics : one / two", "/lyrics needs a section before the colon, like /lyrics chorus: first line / second line."),
    ('/lyrics "chorus one / two', "The quote after /lyrics is not closed; write it like /lyrics chorus: first line / second line."),
    ("/write", "/write needs at least one section, like /write verse 1, chorus."),
    ('/write "last chorus, bridge', "A quote after /write is not closed; write it like /write SECTION[, SECTION]."),
    ("/brighter", '/brighter needs a section, like /brighter chorus or /brighter "last chorus".'),
    ("/darker  ", '/darker needs a section, like /darker chorus or /darker "last chorus".'),
    ('/brighter "last chorus', "The quote after /brighter is not closed; write it like /brighter SECTION."),
    ('/brighter "last chorus" now', "Put nothing after the closing quote; write it like /brighter SECTION."),
    ("/undo twice", "/undo takes nothing after it; type just /undo."),
    ("/help me", "/help takes nothing after it; type just /help."),
    ("/remember", "/remember needs something to remember, like /remember no saxophone, ever."),
    ("/checkout", "/checkout needs a version number, like /checkout 3."),
    ("/checkout three", "/checkout needs a version number, like /checkout 3."),
    ("/checkout 0", "/checkout needs a version number, like /checkout 3."),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), MISUSED, ids=[t or "empty" for t, _ in MISUSED])
def test_misuse_gets_one_plain_sentence_with_the_right_usage(text: str, message: str) -> None:
    with pytest.raises(IntentError) as caught:
        parse_slash(text)
    assert str(caught.value) == message
    assert isinstance(caught.value, CowriterError)
    # one sentence: a single full stop, at the end (the usage examples are part of it)
    assert str(caught.value).endswith(".")
    assert "\n" not in str(caught.value)


def test_help_lists_every_command_that_parsing_knows() -> None:
    for command in COMMANDS:
        assert f"`{command.usage}`" in HELP_TEXT
        assert command.summary in HELP_TEXT
        assert command.usage.startswith(f"/{command.name}")
    assert parse_slash("/help") == Intent("help", {})


def test_every_command_in_the_help_is_accepted_by_the_parser() -> None:
    # Fill each usage's placeholders with an example and parse it: help and parsing cannot drift.
    examples = {"BRIEF": "a blues in E", "SECTION": "chorus", "FORMAT": "midi", "TEXT": "no brass", "N": "2",
                "line one": "one", "line two": "two"}
    for command in COMMANDS:
        typed = re.sub(r"\[, SECTION\]|\[|\]", "", command.usage)
        for placeholder, example in examples.items():
            typed = typed.replace(placeholder, example)
        intent = parse_slash(typed)
        assert isinstance(intent, Intent), command.name


def test_the_help_table_is_markdown_with_one_row_per_command() -> None:
    rows = help_table().splitlines()
    assert rows[0] == "| Command | What it does |"
    assert len(rows) == 2 + len(COMMANDS)
    assert all(row.startswith("| `/") and row.endswith(" |") for row in rows[2:])


def test_command_names_are_unique() -> None:
    names = [command.name for command in COMMANDS]
    assert len(names) == len(set(names))
