"""A musician types slash commands; each becomes one tool call, and misuse gets one sentence with the right usage."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
    # the craft
    ("/energy chorus up", Intent("revise_section", {"section": "chorus", "direction": "more energy"})),
    ('/energy "last chorus" down', Intent("revise_section", {"section": "last chorus", "direction": "calmer"})),
    ("/energy verse 2 UP", Intent("revise_section", {"section": "verse 2", "direction": "more energy"})),
    ("/calm verses", Intent("revise_section", {"section": "verses", "direction": "calmer"})),
    ("/tension bridge", Intent("revise_section", {"section": "bridge", "direction": "more tension"})),
    ("/resolve outro", Intent("revise_section", {"section": "outro", "direction": "resolve"})),
    ("/simpler verse 2", Intent("revise_section", {"section": "verse 2", "direction": "simpler"})),
    ('/richer "last chorus"', Intent("revise_section", {"section": "last chorus", "direction": "richer"})),
    ("/reharm bridge jazz", Intent("reharmonize", {"section": "bridge", "style": "jazz"})),
    ("/reharm verse 1 borrowed", Intent("reharmonize", {"section": "verse 1", "style": "borrowed"})),
    ('/reharm "last chorus" gospel', Intent("reharmonize", {"section": "last chorus", "style": "gospel"})),
    ("/reharm chorus mine", Intent("reharmonize", {"section": "chorus", "style": "mine"})),
    ('/key "last chorus" +2', Intent("change_key", {"section": "last chorus", "semitones": 2})),
    ("/key last chorus +2", Intent("change_key", {"section": "last chorus", "semitones": 2})),
    ("/key chorus -1", Intent("change_key", {"section": "chorus", "semitones": -1})),
    ("/key all +2", Intent("change_key", {"section": "all", "semitones": 2})),
    ("/key verse 2 −3", Intent("change_key", {"section": "verse 2", "semitones": -3})),
    ("/tempo 96", Intent("set_tempo", {"bpm": 96.0, "section": None})),
    ("/tempo 80 bridge", Intent("set_tempo", {"bpm": 80.0, "section": "bridge"})),
    ('/tempo 72.5 bpm "last chorus"', Intent("set_tempo", {"bpm": 72.5, "section": "last chorus"})),
    ("/meter 3/4", Intent("set_meter", {"time_signature": "3/4"})),
    ("/meter 6 / 8", Intent("set_meter", {"time_signature": "6/8"})),
    ("/bars intro 4", Intent("set_bars", {"section": "intro", "bars": 4})),
    ("/bars verse 2 12", Intent("set_bars", {"section": "verse 2", "bars": 12})),
    ('/bars "last chorus" 16 bars', Intent("set_bars", {"section": "last chorus", "bars": 16})),
    ("/add bridge", Intent("add_section", {"kind": "bridge", "after": None, "bars": None})),
    ("/add bridge 8", Intent("add_section", {"kind": "bridge", "after": None, "bars": 8})),
    ("/add pre-chorus after verse 1", Intent("add_section", {"kind": "pre-chorus", "after": "verse 1", "bars": None})),
    ('/add bridge after "chorus 2" 8', Intent("add_section", {"kind": "bridge", "after": "chorus 2", "bars": 8})),
    ("/add verse after verse 2 4", Intent("add_section", {"kind": "verse", "after": "verse 2", "bars": 4})),
    ("/add solo after bridge 8 bars", Intent("add_section", {"kind": "solo", "after": "bridge", "bars": 8})),
    ("/add Pre Chorus 4 after verse 1", Intent("add_section", {"kind": "pre-chorus", "after": "verse 1", "bars": 4})),
    ("/add middle eight after chorus 2", Intent("add_section", {"kind": "bridge", "after": "chorus 2", "bars": None})),
    ("/remove bridge", Intent("remove_section", {"section": "bridge"})),
    # the musician's own chords: a chart as written, or chords listed one a bar
    ('/chords verse "Am / / G | F | ^C | %"', Intent("set_chords", {"section": "verse", "chart": "Am / / G | F | ^C | %"})),
    ("/chords chorus C G Am F", Intent("set_chords", {"section": "chorus", "chart": "C | G | Am | F"})),
    ("/chords last chorus C, G, Am and F", Intent("set_chords", {"section": "last chorus", "chart": "C | G | Am | F"})),
    ('/chords "verse 2" Dm7 . . G7 | Cmaj7', Intent("set_chords", {"section": "verse 2", "chart": "Dm7 / / G7 | Cmaj7"})),
    ("/chords bridge C / / G", Intent("set_chords", {"section": "bridge", "chart": "C / / G"})),
    ("/cymbal chorus crash", Intent("set_cymbal", {"section": "chorus", "cymbal": "crash"})),
    ('/cymbal "last chorus" ride', Intent("set_cymbal", {"section": "last chorus", "cymbal": "ride"})),
    ("/cymbal verse 2 open hats", Intent("set_cymbal", {"section": "verse 2", "cymbal": "open hi-hat"})),
    ("/cymbal bridge groove", Intent("set_cymbal", {"section": "bridge", "cymbal": "groove"})),
    ('/move bridge before "last chorus"', Intent("move_section", {"section": "bridge", "before": "last chorus", "after": None})),
    ('/move "verse 2" after bridge', Intent("move_section", {"section": "verse 2", "before": None, "after": "bridge"})),
    ('/double "last chorus"', Intent("double_section", {"section": "last chorus"})),
    ("/melody chorus", Intent("write_melody", {"section": "chorus"})),
    ("/melody verse 1 baritone", Intent("write_melody", {"section": "verse 1", "voice": "baritone"})),
    ('/melody "last chorus" Soprano', Intent("write_melody", {"section": "last chorus", "voice": "soprano"})),
    ("/analyze", Intent("analyze", {"section": None, "path": None})),
    ("/analyze bridge", Intent("analyze", {"section": "bridge", "path": None})),
    ("/analyse chorus", Intent("analyze", {"section": "chorus", "path": None})),
    ("/check verse 1", Intent("check_lyrics", {"section": "verse 1"})),
    ("/style rock", Intent("set_style", {"style": "rock"})),
    ("/style hip hop", Intent("set_style", {"style": "hip hop"})),
    ("/rhymes home", Intent("rhymes", {"word": "home"})),
    ("/learn ~/songs", Intent("learn_style", {"folder": "~/songs"})),
    ('/learn "/home/me/My Songs"', Intent("learn_style", {"folder": "/home/me/My Songs"})),
    ("/plan --mine a ballad about the sea", Intent("plan_song", {"brief": "a ballad about the sea", "in_my_style": True})),
    ("/plan-mine a ballad about the sea", Intent("plan_song", {"brief": "a ballad about the sea", "in_my_style": True})),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), COMMANDS_TYPED, ids=[t.strip() for t, _ in COMMANDS_TYPED])
def test_a_slash_command_becomes_its_tool_call(text: str, expected: Intent) -> None:
    assert parse_slash(text) == expected


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_export_format_can_be_asked_for(fmt: str) -> None:
    assert parse_slash(f"/export {fmt}") == Intent("export", {"format": fmt})


MISUSED: list[tuple[str, str | None]] = [
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
    ("/energy chorus", "/energy needs a section and up or down, like /energy chorus up."),
    ("/energy up", "/energy needs a section and up or down, like /energy chorus up."),
    ("/calm", '/calm needs a section, like /calm chorus or /calm "last chorus".'),
    ("/reharm bridge funky", "/reharm needs a section and a style (jazz, borrowed, gospel, mine), like /reharm bridge jazz."),
    ("/key chorus 2", '/key needs a section and semitones with a sign, like /key "last chorus" +2 or /key all -1.'),
    ('/key "last chorus" up', "/key does not understand 'up'; write it like /key SECTION +N."),
    ("/tempo fast", "/tempo needs a tempo in BPM, like /tempo 96 or /tempo 80 bridge."),
    ("/meter waltz", "/meter needs a time signature, like /meter 3/4 or /meter 6/8."),
    ("/meter 3/5", "/meter needs a time signature, like /meter 3/4 or /meter 6/8."),
    ("/bars intro", "/bars needs a section and a number of bars, like /bars intro 4."),
    ("/add", "/add needs a kind of section (intro, verse, pre-chorus, chorus, bridge, solo, outro), like /add pre-chorus after verse 1."),
    ("/add breakdown", "/add needs a kind of section (intro, verse, pre-chorus, chorus, bridge, solo, outro), like /add pre-chorus after verse 1."),
    ("/add verse before chorus", '/add is written like /add KIND [after SECTION] [BARS], for example /add pre-chorus after verse 1, /add bridge 8 or /add bridge after "chorus 2" 8.'),
    ('/add bridge 8 after "chorus 2" 4', '/add is written like /add KIND [after SECTION] [BARS], for example /add pre-chorus after verse 1, /add bridge 8 or /add bridge after "chorus 2" 8.'),
    ("/remove", '/remove needs a section, like /remove chorus or /remove "last chorus".'),
    ("/chords verse", '/chords needs a section and its chords, like /chords verse "Am / / G | F | ^C | %" or /chords chorus C G Am F.'),
    ("/chords C G Am F", '/chords needs a section and its chords, like /chords verse "Am / / G | F | ^C | %" or /chords chorus C G Am F.'),
    ('/chords verse "Am F C G', "The quote after /chords is not closed; write it like /chords SECTION CHART."),
    ("/cymbal chorus", "/cymbal needs a section and a cymbal, like /cymbal chorus ride."),
    ("/cymbal chorus cowbell", "/cymbal needs a section and a cymbal, like /cymbal chorus ride."),
    ("/move bridge", '/move needs a section, before or after, and another section, like /move bridge before "last chorus".'),
    ("/double", '/double needs a section, like /double chorus or /double "last chorus".'),
    ("/melody", "/melody needs a section, like /melody chorus or /melody verse baritone."),
    ("/check", "/check needs a section, like /check verse 1."),
    ("/style", "/style needs a style, like /style rock."),
    ("/rhymes", "/rhymes needs one word, like /rhymes home."),
    ("/rhymes home and fire", "/rhymes needs one word, like /rhymes home."),
    ("/learn", "/learn needs the folder with your MIDI or MusicXML files, like /learn ~/songs."),
    ("/plan --mine", "/plan needs a brief, like /plan a folk song about leaving home, 90 BPM, D minor."),
    ("/plan-mine", "/plan-mine needs a brief, like /plan-mine a ballad about the sea."),
    ("/analyze bridge please", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), MISUSED, ids=[t or "empty" for t, _ in MISUSED])
def test_misuse_gets_one_plain_sentence_with_the_right_usage(text: str, message: str | None) -> None:
    if message is None:  # not misuse after all: the words reach the tool, which names the sections there are
        assert parse_slash(text).args["section"] == "bridge please"
        return
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
        assert command.summary.replace("|", "\\|") in HELP_TEXT  # a chart's bar lines are no table cells
        assert command.usage.startswith(f"/{command.name}")
    assert parse_slash("/help") == Intent("help", {})


def test_every_command_in_the_help_is_accepted_by_the_parser() -> None:
    # Fill each usage's placeholders with an example and parse it: help and parsing cannot drift.
    examples = {"BRIEF": "a blues in E", "SECTION": "chorus", "FORMAT": "midi", "TEXT": "no brass", "+N": "+2",
                "N": "2", "line one": "one", "line two": "two", "up/down": "up",
                "jazz/borrowed/gospel/mine": "jazz", "before/after": "before", "BPM": "96", "TIME": "3/4",
                "KIND": "bridge", "BARS": "8", "VOICE": "alto", "STYLE": "rock", "WORD": "home",
                "FOLDER": "~/songs", "SECONDS": "20", "LINE": "3", "CYMBAL": "ride", "TOPIC": "chords",
                "PREFERENCE": "saxophone", "HOW": "more hopeful", "IDEA": "the rain chorus", "PROJECT": "demo",
                "VERSION": "2", "CHART": "C G Am F"}  # fmt: skip
    for command in COMMANDS:
        typed = re.sub(r"\[, SECTION\]|\[|\]", "", command.usage)
        placeholders = "|".join(sorted(map(re.escape, examples), key=len, reverse=True))
        typed = re.sub(placeholders, lambda found: examples[found[0]], typed)
        intent = parse_slash(typed)
        assert isinstance(intent, Intent), command.name


def test_the_help_table_is_markdown_with_one_row_per_command() -> None:
    rows = help_table().splitlines()
    assert rows[0] == "| Command | What it does |"
    assert len(rows) == 2 + len(COMMANDS)
    assert all(row.startswith("| `/") and row.endswith(" |") for row in rows[2:])
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 3 for row in rows[2:])  # two cells, whatever a chart in them


def test_command_names_are_unique() -> None:
    names = [command.name for command in COMMANDS]
    assert len(names) == len(set(names))


def test_every_intent_tool_is_a_registered_tool_with_the_same_arguments() -> None:
    from agent.intents import OPTIONAL_ARGS, TOOL_ARGS
    from tools.registry import TOOLS

    answered_by_the_agent = {"help", "show_sheet", "versions"}
    for tool, names in TOOL_ARGS.items():
        if tool in answered_by_the_agent:
            continue
        assert tool in TOOLS, tool
        fields = TOOLS[tool].args_model.model_fields
        assert set(fields) == set(names), tool
        for name in OPTIONAL_ARGS.get(tool, frozenset()):
            assert not fields[name].is_required(), (tool, name)


@given(semitones=st.integers(-24, 24).filter(bool), section=st.sampled_from(["chorus", "last chorus", "verse 2", "all"]))
def test_a_key_change_of_any_size_reads_back_exactly(semitones: int, section: str) -> None:
    typed = f'/key "{section}" {semitones:+d}' if " " in section else f"/key {section} {semitones:+d}"
    assert parse_slash(typed) == Intent("change_key", {"section": section, "semitones": semitones})


@given(bpm=st.integers(30, 300), bars=st.integers(1, 128))
def test_tempo_and_bar_counts_read_back_exactly(bpm: int, bars: int) -> None:
    assert parse_slash(f"/tempo {bpm}") == Intent("set_tempo", {"bpm": float(bpm), "section": None})
    assert parse_slash(f"/bars intro {bars}") == Intent("set_bars", {"section": "intro", "bars": bars})
    assert parse_slash(f"/add bridge {bars}") == Intent("add_section", {"kind": "bridge", "after": None, "bars": bars})


@pytest.mark.parametrize(("text", "intent"), [
    ("/generate", Intent("generate_section", {"section": None})),
    ('/generate "last chorus"', Intent("generate_section", {"section": "last chorus"})),
    ("/extend 20", Intent("extend", {"seconds": 20.0})),
    ("/extend 7.5 seconds", Intent("extend", {"seconds": 7.5})),
    ("/rhyme chorus 3 with 1", Intent("rhyme_line", {"section": "chorus", "line": 3, "with_line": 1})),
    ('/rhyme "verse 2" line 4 to line 2', Intent("rhyme_line", {"section": "verse 2", "line": 4, "with_line": 2})),
], ids=["generate-song", "generate-section", "extend", "extend-seconds", "rhyme", "rhyme-quoted"])
def test_takes_and_rhymes_are_commands_too(text: str, intent: Intent) -> None:
    assert parse_slash(text) == intent


@pytest.mark.parametrize("text", ["/extend", "/extend forever", "/extend 900", "/rhyme chorus", "/rhyme 3 with 1"])
def test_takes_and_rhymes_misused_say_how(text: str) -> None:
    with pytest.raises(IntentError, match="like /"):
        parse_slash(text)
