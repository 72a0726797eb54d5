"""A musician says what they want in their own words; cowriter reads it into tool calls, asks, or leaves the song alone."""

from __future__ import annotations

from typing import Any

import pytest

from agent.intents import Intent
from agent.understand import understand
from music.song import Song, parse_song


def _section(kind: str, label: str, bars: int = 2) -> dict[str, Any]:
    return {"kind": kind, "label": label, "bars": bars, "chords": ["Am"] * bars}


@pytest.fixture
def song() -> Song:
    """A sketch with the usual sections plus one the band named themselves ("Breakdown")."""
    return parse_song({
        "meta": {"title": "Leaving Home", "tempo": 90, "key": {"tonic": "D", "mode": "minor"}},
        "sections": [
            _section("intro", "Intro"), _section("verse", "Verse 1"), _section("pre-chorus", "Pre-Chorus"),
            _section("chorus", "Chorus 1"),
            _section("verse", "Verse 2"), _section("chorus", "Chorus 2"), _section("solo", "Breakdown"),
            _section("bridge", "Bridge"), _section("chorus", "Chorus 3"), _section("outro", "Outro"),
        ],
    })  # fmt: skip


def plan(brief: str) -> Intent:
    return Intent("plan_song", {"brief": brief})


def lyrics(*sections: str) -> Intent:
    return Intent("write_lyrics", {"sections": list(sections)})


def brighter(section: str) -> Intent:
    return Intent("revise_section", {"section": section, "direction": "brighter"})


def darker(section: str) -> Intent:
    return Intent("revise_section", {"section": section, "direction": "darker"})


def play(section: str | None = None) -> Intent:
    return Intent("render", {"section": section})


def export(fmt: str) -> Intent:
    return Intent("export", {"format": fmt})


def remember(text: str) -> Intent:
    return Intent("remember", {"text": text})


UNDO, REDO = Intent("undo", {}), Intent("redo", {})
SHEET, VERSIONS, HELP = Intent("show_sheet", {}), Intent("versions", {}), Intent("help", {})


def checkout(number: int) -> Intent:
    return Intent("checkout", {"version": number})


def revise(section: str, direction: str) -> Intent:
    return Intent("revise_section", {"section": section, "direction": direction})


def reharm(section: str, style: str) -> Intent:
    return Intent("reharmonize", {"section": section, "style": style})


def key(section: str, semitones: int) -> Intent:
    return Intent("change_key", {"section": section, "semitones": semitones})


def tempo(bpm: float, section: str | None = None) -> Intent:
    return Intent("set_tempo", {"bpm": bpm, "section": section})


def meter(time_signature: str) -> Intent:
    return Intent("set_meter", {"time_signature": time_signature})


def bars(section: str, count: int) -> Intent:
    return Intent("set_bars", {"section": section, "bars": count})


def add(kind: str, after: str | None = None, count: int | None = None) -> Intent:
    return Intent("add_section", {"kind": kind, "after": after, "bars": count})


def move(section: str, before: str | None = None, after: str | None = None) -> Intent:
    return Intent("move_section", {"section": section, "before": before, "after": after})


def melody(section: str, voice: str | None = None) -> Intent:
    return Intent("write_melody", {"section": section} if voice is None else {"section": section, "voice": voice})


def analyze(section: str | None = None) -> Intent:
    return Intent("analyze", {"section": section, "path": None})


def remove(section: str) -> Intent:
    return Intent("remove_section", {"section": section})


def double(section: str) -> Intent:
    return Intent("double_section", {"section": section})


def check(section: str) -> Intent:
    return Intent("check_lyrics", {"section": section})


def rhymes(word: str) -> Intent:
    return Intent("rhymes", {"word": word})


def style(name: str) -> Intent:
    return Intent("set_style", {"style": name})


def cymbal(section: str, name: str) -> Intent:
    return Intent("set_cymbal", {"section": section, "cymbal": name})


def chords(section: str, chart: str) -> Intent:
    return Intent("set_chords", {"section": section, "chart": chart})


UNDERSTOOD: list[tuple[str, Intent]] = [
    # starting a song: the brief is the request minus its leading verb phrase
    ("Let's write a folk song about leaving home, 90 BPM, D minor",
     plan("a folk song about leaving home, 90 BPM, D minor")),
    ("write me a pop song about summer", plan("a pop song about summer")),
    ("new song: rock, 140 bpm, E minor, about a highway", plan("rock, 140 bpm, E minor, about a highway")),
    ("start a ballad about my grandmother", plan("a ballad about my grandmother")),
    ("Could you write a sad song about rain please?", plan("a sad song about rain")),
    ("I want a song about summer", plan("a song about summer")),
    ("write a blues about my dog", plan("a blues about my dog")),
    ("compose a lullaby for my daughter", plan("a lullaby for my daughter")),
    ("make a hip hop track about the city", plan("a hip hop track about the city")),
    ("Begin a country tune about trucks", plan("a country tune about trucks")),
    ("I'd like a bossa nova in A minor", plan("a bossa nova in A minor")),
    ("new song about a highway", plan("song about a highway")),
    ("write a song about not going home", plan("a song about not going home")),
    ("Hi! Can you help me write a song about my cat?", plan("a song about my cat")),
    ("write a song in F♯ minor about tides", plan("a song in F♯ minor about tides")),
    # lyrics: section names as said, minus articles
    ("Write lyrics for the first verse and the chorus", lyrics("first verse", "chorus")),
    ("lyrics for verse 2", lyrics("verse 2")),
    ("can you write words for the bridge?", lyrics("bridge")),
    ("write the chorus lyrics", lyrics("chorus")),
    ("write lyrics for verse 1, verse 2 & the chorus", lyrics("verse 1", "verse 2", "chorus")),
    ("write me lyrics for the second verse", lyrics("second verse")),
    ("write new words for both choruses", lyrics("choruses")),
    ("write the words to the bridge", lyrics("bridge")),
    ("write the lyrics for the whole song", lyrics("whole song")),
    ("write some lyrics", lyrics("whole song")),
    # brighter and darker, in every way musicians say it
    ("make the chorus brighter", brighter("chorus")),
    ("brighten the chorus", brighter("chorus")),
    ("brighter chorus", brighter("chorus")),
    ("the chorus should be brighter", brighter("chorus")),
    ("chorus: brighter", brighter("chorus")),
    ("can the bridge be a bit darker?", darker("bridge")),
    ("darken verse 2", darker("verse 2")),
    ("make the verses darker", darker("verses")),
    ("make the last chorus happier", brighter("last chorus")),
    ("make the bridge sadder", darker("bridge")),
    ("make the intro moodier", darker("intro")),
    ("make the outro gloomier", darker("outro")),
    ("make the chorus brighter, please!", brighter("chorus")),
    ("Ok, now make the chorus a little brighter", brighter("chorus")),
    ("could you please brighten up the bridge a bit?", brighter("bridge")),
    ("the bridge needs to be much darker", darker("bridge")),
    ("I want the chorus brighter", brighter("chorus")),
    ("make the pre-chorus brighter", brighter("pre-chorus")),
    ("could the pre chorus be brighter", brighter("pre chorus")),
    ("make verse two darker", darker("verse 2")),
    ("make both verses darker", darker("verses")),
    ("darken the bridge a little", darker("bridge")),
    ("the verses could be a touch darker", darker("verses")),
    ("intro - darker", darker("intro")),
    ("darker outro please", darker("outro")),
    ("make the chorus sound happier", brighter("chorus")),
    ("make the middle eight darker", darker("middle eight")),
    ("make the hook brighter", brighter("hook")),
    ("make the refrain sadder", darker("refrain")),
    ("make chorus 2 brighter", brighter("chorus 2")),
    ("make the final chorus brighter", brighter("final chorus")),
    ("make the chorus more melancholy", darker("chorus")),
    ("make the chorus less dark", brighter("chorus")),
    ("make the whole song darker", darker("whole song")),
    ("MAKE THE CHORUS BRIGHTER!!", brighter("chorus")),
    ("make the chorus brighter 🙂", brighter("chorus")),
    ("make the bridge a bit more hopeful", brighter("bridge")),
    # hearing it
    ("play the chorus", play("chorus")),
    ("let me hear the bridge", play("bridge")),
    ("render verse 1", play("verse 1")),
    ("play it", play()),
    ("play the whole song", play()),
    ("render", play()),
    ("play it again", play()),
    ("I want to hear the chorus", play("chorus")),
    ("please play me the last chorus", play("last chorus")),
    ("can I hear verse 2?", play("verse 2")),
    ("let's hear it", play()),
    ("play back the intro", play("intro")),
    ("play verse two", play("verse 2")),
    # history
    ("undo", UNDO),
    ("undo that", UNDO),
    ("go back", UNDO),
    ("take that back", UNDO),
    ("revert", UNDO),
    ("undo the last change", UNDO),
    ("scratch that", UNDO),
    ("redo", REDO),
    ("put it back", REDO),
    ("redo that", REDO),
    ("go back to version 3", checkout(3)),
    ("switch to version 12", checkout(12)),
    ("check out v5", checkout(5)),
    ("back to version two", checkout(2)),
    ("can we go back to version 4?", checkout(4)),
    # files
    ("export midi", export("midi")),
    ("give me the musicxml", export("musicxml")),
    ("download the stems", export("stems")),
    ("save as chordpro", export("chordpro")),
    ("export the song as wav", export("wav")),
    ("I want the midi file", export("midi")),
    ("export it as MIDI", export("midi")),
    ("save the song sheet as json", export("json")),
    ("download the chord sheet", export("chordpro")),
    ("can I get the wav?", export("wav")),
    ("I want to download the midi", export("midi")),
    # lasting preferences
    ("I don't like saxophone", remember("I don't like saxophone")),
    ("no saxophone please", remember("no saxophone")),
    ("I never want drums in intros", remember("I never want drums in intros")),
    ("remember that I sing baritone", remember("I sing baritone")),
    ("I prefer minor keys", remember("I prefer minor keys")),
    ("I don't want any saxophone", remember("I don't want any saxophone")),
    ("I prefer songs in minor keys", remember("I prefer songs in minor keys")),
    ("remember that the singer is a baritone", remember("the singer is a baritone")),
    ("I hate autotune.", remember("I hate autotune")),
    ("I'd rather not have strings", remember("I'd rather not have strings")),
    ("keep in mind that I play in open D tuning", remember("I play in open D tuning")),
    ("don't use a saxophone", remember("don't use a saxophone")),
    ("I'm not a fan of brass", remember("I'm not a fan of brass")),
    ("I'm a baritone", remember("I'm a baritone")),
    ("no drums in the intro", remember("no drums in the intro")),
    # reading the project
    ("show me the song", SHEET),
    ("what do we have so far?", SHEET),
    ("versions", VERSIONS),
    ("show the version history", VERSIONS),
    ("help", HELP),
    ("what can you do?", HELP),
    # energy and tension
    ("more energy in the chorus", revise("chorus", "more energy")),
    ("give the chorus more energy", revise("chorus", "more energy")),
    ("give the chorus a bit more energy", revise("chorus", "more energy")),
    ("make the chorus more energetic", revise("chorus", "more energy")),
    ("make the chorus bigger", revise("chorus", "more energy")),
    ("pump up the chorus", revise("chorus", "more energy")),
    ("energize the last chorus", revise("last chorus", "more energy")),
    ("the chorus needs more energy", revise("chorus", "more energy")),
    ("add some energy to verse 2", revise("verse 2", "more energy")),
    ("calm the verses down", revise("verses", "calmer")),
    ("calm down the intro", revise("intro", "calmer")),
    ("tone down the verses", revise("verses", "calmer")),
    ("make the bridge calmer", revise("bridge", "calmer")),
    ("make the intro a little softer", revise("intro", "calmer")),
    ("less energy in the verses", revise("verses", "calmer")),
    ("take some energy out of the verses", revise("verses", "calmer")),
    ("make the bridge more tense", revise("bridge", "more tension")),
    ("add tension to the bridge", revise("bridge", "more tension")),
    ("more tension in the pre-chorus", revise("pre-chorus", "more tension")),
    ("the bridge needs more tension", revise("bridge", "more tension")),
    ("build tension in the pre chorus", revise("pre chorus", "more tension")),
    ("resolve the outro", revise("outro", "resolve")),
    ("resolve the tension in the bridge", revise("bridge", "resolve")),
    ("less tension in the outro", revise("outro", "resolve")),
    ("make the outro more resolved", revise("outro", "resolve")),
    # simpler and richer chords
    ("simplify the chords in verse 2", revise("verse 2", "simpler")),
    ("simplify verse 2", revise("verse 2", "simpler")),
    ("make the chorus simpler", revise("chorus", "simpler")),
    ("simpler chords in the bridge", revise("bridge", "simpler")),
    ("richer chords in the chorus", revise("chorus", "richer")),
    ("make the chorus chords richer", revise("chorus", "richer")),
    ("enrich the harmony of the bridge", revise("bridge", "richer")),
    ("make the verse lusher", revise("verse", "richer")),
    # reharmonizing
    ("jazz up the bridge", reharm("bridge", "jazz")),
    ("jazz the chorus up", reharm("chorus", "jazz")),
    ("make the bridge jazzier", reharm("bridge", "jazz")),
    ("reharmonize the bridge with jazz chords", reharm("bridge", "jazz")),
    ("give the chorus some gospel chords", reharm("chorus", "gospel")),
    ("gospel chords in the last chorus", reharm("last chorus", "gospel")),
    ("use borrowed chords in the bridge", reharm("bridge", "borrowed")),
    ("reharmonize verse 1 in my style", reharm("verse 1", "mine")),
    # key changes
    ("lift the last chorus a whole step", key("last chorus", 2)),
    ("lift the last chorus up a semitone", key("last chorus", 1)),
    ("take the bridge down a minor third", key("bridge", -3)),
    ("raise the final chorus a half step", key("final chorus", 1)),
    ("drop the bridge a semitone", key("bridge", -1)),
    ("move the chorus up a fourth", key("chorus", 5)),
    ("transpose the whole song up 2 semitones", key("whole song", 2)),
    ("transpose everything down two frets", key("whole song", -2)),
    ("modulate the last chorus up a tone", key("last chorus", 2)),
    ("bump the key of the last chorus up a whole step", key("last chorus", 2)),
    ("last chorus up a whole step", key("last chorus", 2)),
    # tempo and metre
    ("slow it down to 80 bpm", tempo(80)),
    ("speed it up to 120", tempo(120)),
    ("tempo 96", tempo(96)),
    ("set the tempo to 100 BPM", tempo(100)),
    ("make it 120 bpm", tempo(120)),
    ("slow the bridge down to 72 bpm", tempo(72, "bridge")),
    ("switch to 3/4", meter("3/4")),
    ("change the time signature to 6/8", meter("6/8")),
    ("put it in 6/8", meter("6/8")),
    ("make the song 3/4", meter("3/4")),
    # the form
    ("make the intro 4 bars", bars("intro", 4)),
    ("make the intro four bars long", bars("intro", 4)),
    ("shorten the outro to two bars", bars("outro", 2)),
    ("extend the bridge to 16 bars", bars("bridge", 16)),
    ("the intro should be just 2 bars", bars("intro", 2)),
    ("double the last chorus", double("last chorus")),
    ("make the outro twice as long", double("outro")),
    ("remove the bridge", remove("bridge")),
    ("delete verse 2", remove("verse 2")),
    ("get rid of the intro", remove("intro")),
    ("take the solo out", remove("solo")),
    ("add a pre-chorus after verse 1", add("pre-chorus", "verse 1")),
    ("add a bridge", add("bridge")),
    ("add a 4-bar intro", add("intro", None, 4)),
    ("insert a solo after the bridge, 8 bars", add("solo", "bridge", 8)),
    ("add another chorus after the bridge", add("chorus", "bridge")),
    ("add a middle eight after chorus 2", add("bridge", "chorus 2")),
    ("move the bridge before the last chorus", move("bridge", before="last chorus")),
    ("put verse 2 after the bridge", move("verse 2", after="bridge")),
    # melody
    ("write a melody for the chorus", melody("chorus")),
    ("write the melody for verse 1", melody("verse 1")),
    ("write a baritone melody for verse 1", melody("verse 1", "baritone")),
    ("write a melody for the chorus for a soprano", melody("chorus", "soprano")),
    ("give the chorus a melody", melody("chorus")),
    ("compose a topline for the bridge", melody("bridge")),
    # style
    ("make it a rock song", style("rock")),
    ("make it rock", style("rock")),
    ("turn it into a jazz tune", style("jazz")),
    ("switch the style to r&b", style("r&b")),
    ("make the song a hip hop track", style("hip hop")),
    # reading the music, changing nothing
    ("analyze the bridge", analyze("bridge")),
    ("analyse the chorus", analyze("chorus")),
    ("analyze the song", analyze()),
    ("analyze", analyze()),
    ("explain the harmony of verse 2", analyze("verse 2")),
    ("why does the chorus sound sad?", analyze("chorus")),
    ("why does the bridge feel so tense?", analyze("bridge")),
    ("why is the outro so dark?", Intent("answer_question", {"topic": "colour", "section": "outro"})),
    ("why does it sound sad?", analyze()),
    ("what makes the verse so moody?", analyze("verse")),
    ("what rhymes with home?", rhymes("home")),
    ("rhymes for fire", rhymes("fire")),
    ("give me a word that rhymes with night", rhymes("night")),
    ("what's a good rhyme for love?", rhymes("love")),
    ("check the lyrics of verse 1", check("verse 1")),
    ("check verse 1's lyrics", check("verse 1")),
    ("check the chorus lyrics", check("chorus")),
    ("count the syllables in verse 2", check("verse 2")),
    ("what's the rhyme scheme of the chorus?", check("chorus")),
    ("do the lyrics of verse 1 fit?", check("verse 1")),
    # a new song in the musician's own style
    ("write a ballad about the sea in my style", Intent("plan_song", {"brief": "a ballad about the sea", "in_my_style": True})),
    ("new song: folk, in my own style", Intent("plan_song", {"brief": "folk", "in_my_style": True})),
    # the drummer's cymbal
    ("ride the crash in the last chorus", cymbal("last chorus", "crash")),
    ("put the drums on the ride for the bridge", cymbal("bridge", "ride")),
    ("in the chorus, put the drummer on the crash", cymbal("chorus", "crash")),
    ("hi-hats in the verses", cymbal("verses", "hi-hat")),
    ("switch to the ride cymbal in the bridge", cymbal("bridge", "ride")),
    ("use open hats in chorus 2", cymbal("chorus 2", "open hi-hat")),
    ("put the drums back on the groove in verse 1", cymbal("verse 1", "groove")),
    ("back to the normal drums in the chorus", cymbal("chorus", "groove")),
    # the musician's own chords: listed ones are one a bar, a chart keeps its bars, holds and pushes
    ("make the verse chords Am F C G", chords("verse", "Am | F | C | G")),
    ("the chorus should go C G Am F", chords("chorus", "C | G | Am | F")),
    ("change the bridge chords to Dm / / G | C", chords("bridge", "Dm / / G | C")),
    ("use Am F C G for the verses", chords("verses", "Am | F | C | G")),
    ("make the verse chords Am, F, C and G.", chords("verse", "Am | F | C | G")),
    ("Am F C G for the last chorus please", chords("last chorus", "Am | F | C | G")),
    ("could verse 2 go Cadd9 Gsus4 Am7 Fmaj7?", chords("verse 2", "Cadd9 | Gsus4 | Am7 | Fmaj7")),
    ("the intro: Am . . G | F | ^C | %", chords("intro", "Am / / G | F | ^C | %")),
    ("change the verse from Am F C G to C G Am F", chords("verse", "C | G | Am | F")),
]  # fmt: skip

def _resolved(intent: Intent, song: Song) -> tuple[str, dict[str, Any]]:
    """An intent with its section names as the sections they select, so "first verse" and "verse 1" compare equal."""
    args = dict(intent.args)
    everything = tuple(range(len(song.sections)))
    for key in ("section", "after", "before"):
        if isinstance(args.get(key), str):
            args[key] = everything if args[key] == "whole song" else song.find(args[key])
    if "sections" in args:
        chosen: set[int] = set()
        for name in args["sections"]:
            chosen |= set(everything if name == "whole song" else song.find(name))
        args["sections"] = tuple(sorted(chosen))
    if "bpm" in args:
        args["bpm"] = float(args["bpm"])
    return intent.tool, args


@pytest.mark.parametrize(("text", "expected"), UNDERSTOOD, ids=[text for text, _ in UNDERSTOOD])
def test_a_plain_request_becomes_its_tool_call(text: str, expected: Intent, song: Song) -> None:
    understood = understand(text, song)
    assert understood.clarify is None, understood.clarify
    assert [_resolved(i, song) for i in understood.intents] == [_resolved(expected, song)]


# -- what a musician says that must change nothing ------------------------------------------

NOTHING_TO_EDIT = [
    "don't touch the bridge", "leave the chorus as it is", "keep the verses the same", "hands off the outro",
    "the verse is perfect now", "I love this version", "thanks!", "hello", "good morning", "nice one",
    "is the outro too long?", "is the chorus too dark?", "should the chorus be brighter?", "what key is this in?",
    "how long is the song?", "which instruments are playing?", "who wrote this song?", "what chords does the bridge use?",
    "why does the chorus sound sad?", "don't make the chorus brighter", "never lift the last chorus a whole step",
    "don't double the last chorus", "no, keep it in D minor", "do not export anything", "lol my cat walked on the keys",
    "what are the chorus chords?", "don't change the verse chords", "is the chorus C G Am F?",
    "leave the bridge chords as they are", "why is there an E7 in the bridge", "the E7 in the bridge gives me chills",
]  # fmt: skip
_READ_ONLY = {"answer_question", "analyze", "show_sheet", "versions", "help", "check_lyrics", "rhymes", "list_preferences",
              "render", "recall_ideas", "export"}  # fmt: skip


@pytest.mark.parametrize("text", NOTHING_TO_EDIT)
def test_negations_questions_and_opinions_never_edit(text: str, song: Song) -> None:
    understood = understand(text, song)
    assert {i.tool for i in understood.intents} <= _READ_ONLY, understood.intents


@pytest.mark.parametrize(
    ("text", "topic"),
    [("which key are we in?", "key"), ("what chords does the bridge use?", "chords"), ("who wrote this song?", "author"),
     ("what are the chorus chords?", "chords"),
     ("how fast is this thing", "tempo"), ("what's the time signature", "meter"), ("how many bars is the intro?", "bars"),
     ("what instruments are on this?", "instruments"), ("what did you change last time?", "last_change"),
     ("which version am I on", "version"), ("is the bridge too dark?", "colour"), ("how long is the song", "length")],
)  # fmt: skip
def test_questions_about_the_song_are_answered_from_the_sheet(text: str, topic: str, song: Song) -> None:
    understood = understand(text, song)
    assert [(i.tool, i.args["topic"]) for i in understood.intents] == [("answer_question", topic)]


def test_leaving_a_section_alone_is_heard_and_wins_over_a_change_said_with_it(song: Song) -> None:
    understood = understand("don't touch the bridge", song)
    assert understood.social == ("leave",) and understood.left_alone == ("bridge",)
    understood = understand("make the bridge brighter, actually no, leave the bridge as it is", song)
    assert not understood.intents


# -- compound requests ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a sunnier bridge and a slower outro", [("revise_section", "bridge", "brighter"), ("set_tempo", "outro", None)]),
        ("brighter chorus, and moodier verses", [("revise_section", "chorus", "brighter"),
                                                 ("revise_section", "verse", "darker")]),
        ("take the last chorus up a whole step and double it", [("change_key", "last chorus", None),
                                                                ("double_section", "last chorus", None)]),
        ("cut the intro to 2 bars and double the outro", [("set_bars", "intro", None), ("double_section", "outro", None)]),
        ("the verses are too sunny, make them brooding", [("revise_section", "verse", "darker")]),
        ("Make verse 1 brighter and the bridge.", [("revise_section", "verse 1", "brighter"),
                                                  ("revise_section", "bridge", "brighter")]),
    ],
)  # fmt: skip
def test_compound_requests_run_every_part(text: str, expected: list[tuple[str, str, str | None]], song: Song) -> None:
    understood = understand(text, song)
    got = [(i.tool, str(i.args.get("section")), i.args.get("direction")) for i in understood.intents]
    assert [(tool, song.find(section), direction) for tool, section, direction in got] == [
        (tool, song.find(section), direction) for tool, section, direction in expected
    ]


def test_one_request_for_two_sections_ending_in_a_full_stop_covers_both(song: Song) -> None:
    understood = understand("Write lyrics for the first verse and the chorus.", song)
    assert [(i.tool, i.args.get("sections")) for i in understood.intents] == [("write_lyrics", ["verse 1", "chorus"])]


# -- asking when unsure -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offered"),
    [("the intro feels cluttered", {"calmer", "simpler"}), ("change the key", {"change_key"}),
     ("jazz it up", {"reharmonize", "set_style"}), ("make the chorus more purple", None)],
)  # fmt: skip
def test_an_unclear_request_is_asked_about_with_its_likely_readings(text: str, offered: set[str] | None,
                                                                      song: Song) -> None:
    understood = understand(text, song)
    assert not understood.intents
    if offered is None:  # nothing close enough to offer: the conversation answers, and changes nothing
        return
    assert understood.clarify is not None
    said = {o.args.get("direction") or o.tool for o in understood.clarify.options}
    assert offered <= said, understood.clarify.options


# -- the development part of bench/requests.py --------------------------------------------------


def test_the_development_requests_are_understood(dev_song: Song) -> None:
    """The dev part of the request bench, read without running tools: at least 90% right, no edit unasked for."""
    import json
    from pathlib import Path

    cases = json.loads((Path(__file__).parents[1] / "bench" / "data" / "requests_dev.json").read_text(encoding="utf-8"))
    right, false_edits = 0, []
    for case in cases:
        understood = understand(case["say"], dev_song)
        tools = sorted(i.tool for i in understood.intents)
        if case["expect"] in ("edit", "action"):
            right += tools == sorted(case["tools"]) and understood.clarify is None
        elif case["expect"] == "ask":
            right += understood.clarify is not None and not tools
        else:
            edits = [t for t in tools if t not in _READ_ONLY]
            right += not edits
            false_edits.extend(f"{case['say']!r} -> {t}" for t in edits)
    assert not false_edits
    assert right / len(cases) >= 0.9, f"{right}/{len(cases)}"


@pytest.fixture
def dev_song() -> Song:
    import json
    from pathlib import Path

    return parse_song(json.loads((Path(__file__).parents[1] / "bench" / "data" / "session_song.json").read_text()))


# -- sections by their place in the form, their words, or misspelt with a number ----------------


@pytest.mark.parametrize(
    ("text", "tool", "label"),
    [
        ("the fourth section sounds a bit grey to me. brighten it up?", "revise_section", "Verse 2"),
        ("could the part after the second chorus be a little more brooding?", "revise_section", "Bridge"),
        ("the section right before the outro - drummer should move over to the ride there", "set_cymbal", "Chorus 3"),
        ("the one with 'neon on the water' - make its chords richer", "revise_section", "Verse 2"),
        ("verese 1 feels empty and lifeless, pump some energy into it", "revise_section", "Verse 1"),
        ("make the last part calmer", "revise_section", "Outro"),
    ],
)  # fmt: skip
def test_a_section_is_found_by_its_place_its_words_or_a_misspelling(text: str, tool: str, label: str,
                                                                       dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert [i.tool for i in understood.intents] == [tool], understood
    assert [dev_song.sections[k].label for k in dev_song.find(str(understood.intents[0].args["section"]))] == [label]


@pytest.mark.parametrize(
    ("text", "direction"),
    [("more air in the bridge, it sounds muffled and heavy", "brighter"),
     ("the chorus harmony is overcomplicated, keep it dead simple", "simpler"),
     ("the chorus harmony sounds thin, thicken it with 7ths and 9ths", "richer"),
     ("the opening needs more oomph, it's kind of limp", "more energy")],
)  # fmt: skip
def test_words_about_chords_ask_about_harmony_and_producers_words_are_read(text: str, direction: str,
                                                                           dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert [(i.tool, i.args.get("direction")) for i in understood.intents] == [("revise_section", direction)]


@pytest.mark.parametrize("text", ["the chorus needs something", "more chorus"])
def test_a_section_the_song_has_is_no_new_section_to_add(text: str, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert not understood.intents
    assert understood.clarify is not None


def test_a_new_section_said_with_an_article_is_added(dev_song: Song) -> None:
    understood = understand("add another verse after the bridge", dev_song)
    assert [(i.tool, i.args["kind"], i.args["after"]) for i in understood.intents] == [("add_section", "verse", "Bridge")]


def test_a_tempo_change_without_a_way_offers_a_little_faster_and_a_little_slower(dev_song: Song) -> None:
    understood = understand("change the tempo", dev_song)
    assert not understood.intents and understood.clarify is not None
    assert [(o.tool, o.args["bpm"]) for o in understood.clarify.options] == [("set_tempo", 108.0), ("set_tempo", 92.0)]


def test_speeding_the_whole_thing_up_is_the_songs_tempo(dev_song: Song) -> None:
    understood = understand("it's dragging overall, speed the whole thing up a bit", dev_song)
    assert [(i.tool, i.args["bpm"], i.args["section"]) for i in understood.intents] == [("set_tempo", 104.0, None)]


def test_showing_the_sheet_writes_nothing(dev_song: Song) -> None:
    understood = understand("show me the full sheet with chords and lyrics", dev_song)
    assert [i.tool for i in understood.intents] == ["show_sheet"]


def test_a_list_of_requests_after_a_colon_is_no_dictated_lyric(dev_song: Song) -> None:
    understood = understand("Right, two things: the bridge wants more tension, and the outro could do with resolving "
                            "properly at the end.", dev_song)  # fmt: skip
    assert [(i.tool, i.args["section"], i.args["direction"]) for i in understood.intents] == [
        ("revise_section", "bridge", "more tension"), ("revise_section", "outro", "resolve")]


def test_lines_after_a_dash_and_split_by_slashes_are_dictated(dev_song: Song) -> None:
    understood = understand("new chorus words, use these - Hold on till the morning finds us / Nothing but the engine "
                            "and the sound / Hold on till the dark unwinds us / Keep the wheels turning round", dev_song)
    assert [i.tool for i in understood.intents] == ["set_lyrics"]
    assert len(understood.intents[0].args["lines"]) == 4


def test_rewriting_bleak_lyrics_rewrites_the_words_not_the_chords(dev_song: Song) -> None:
    understood = understand("chorus lyrics are a bit bleak, rewrite them more hopeful", dev_song)
    assert [i.tool for i in understood.intents] == ["rewrite_lyrics"]


# -- slips of the keyboard ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tool", "value"),
    [("make the chorus brigther", "revise_section", "brighter"), ("make the verse darkr", "revise_section", "darker"),
     ("slwo down the outro", "set_tempo", None), ("dobule the last chorus", "double_section", None),
     ("add a soloo after the bridge", "add_section", None)],
)  # fmt: skip
def test_a_misspelt_request_is_read_as_meant(text: str, tool: str, value: str | None, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert [i.tool for i in understood.intents] == [tool]
    assert value is None or understood.intents[0].args["direction"] == value


def test_quoted_and_dictated_words_and_names_are_never_corrected() -> None:
    from agent.understand.spelling import corrected

    assert corrected("rhyme 'brigther' with something") == "rhyme 'brigther' with something"
    assert corrected("write a song about Kalamazoo") == "write a song about Kalamazoo"
    assert corrected("make the chorus brigther") == "make the chorus brighter"


# -- a change asked for with no word of which -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offered"),
    [("the bridge should be different", {"/brighter bridge", "/reharm bridge borrowed", "/rewrite bridge"}),
     ("the chorus needs something", {"/brighter chorus", "/rewrite chorus"}),
     ("do something with the drums in the outro", {"/energy outro up", "/calm outro", "/cymbal outro ride"}),
     ("can you try something different in the bridge chords", {"/reharm bridge borrowed", "/reharm bridge jazz"})],
)  # fmt: skip
def test_a_vague_change_is_asked_about_with_the_usual_ways_a_section_moves(text: str, offered: set[str],
                                                                             dev_song: Song) -> None:
    from agent.commands import to_slash

    understood = understand(text, dev_song)
    assert not understood.intents
    assert understood.clarify is not None
    assert offered <= {to_slash(o) for o in understood.clarify.options}


def test_a_question_back_never_offers_a_cut_or_a_forgetting_unasked(dev_song: Song) -> None:
    for text in ("the chorus needs something", "do something with the drums in the outro", "more chorus"):
        understood = understand(text, dev_song)
        offered = {o.tool for o in understood.clarify.options} if understood.clarify else set()
        assert not offered & {"remove_section", "forget_preference", "remember", "generate_section"}, text


def test_a_different_key_still_asks_which_key(dev_song: Song) -> None:
    understood = understand("can we do it in a different key?", dev_song)
    assert understood.clarify is not None
    assert {o.tool for o in understood.clarify.options} == {"change_key"}


# -- statements that only sound like requests, and details that are no requests -------------------


@pytest.mark.parametrize(
    "text",
    ["lol my cat just walked across my midi keyboard", "The E7 in the bridge gives me goosebumps every single time.",
     "wow that's so much better", "the bridge goes nowhere"],
)  # fmt: skip
def test_gear_goosebumps_and_complaints_make_no_version(text: str, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert not [i for i in understood.intents if i.tool not in ("answer_question",)], understood.intents


def test_a_list_of_details_after_an_analysis_is_the_analysis(dev_song: Song) -> None:
    understood = understand("Run a theory analysis on the chorus: roman numerals, cadences, borrowed chords, all of it.",
                            dev_song)
    assert [i.tool for i in understood.intents] == ["analyze"]


def test_how_things_are_today_is_no_lasting_preference(dev_song: Song) -> None:
    understood = understand("can we drop the whole song a half step? my voice is shot today", dev_song)
    assert [(i.tool, i.args["semitones"]) for i in understood.intents] == [("change_key", -1)]


def test_ideas_from_another_session_are_recalled_not_rewritten(dev_song: Song) -> None:
    understood = understand("find the chorus we wrote last week about the lighthouse", dev_song)
    assert [i.tool for i in understood.intents] == ["recall_ideas"]


def test_a_cut_runs_only_when_said_and_a_quality_verb_asks_for_it(dev_song: Song) -> None:
    assert [i.tool for i in understand("cut the second chorus, it's getting repetitive", dev_song).intents] == [
        "remove_section"]
    understood = understand("intro is too hyper for an opening, chill it out a bit", dev_song)
    assert [(i.tool, i.args["direction"]) for i in understood.intents] == [("revise_section", "calmer")]


def test_a_style_said_twice_in_one_message_is_one_change(dev_song: Song) -> None:
    understood = understand("Turn this into a folk tune. Acoustic guitar, fiddle, that sort of thing.", dev_song)
    assert [(i.tool, i.args["style"]) for i in understood.intents] == [("set_style", "folk")]


@pytest.mark.parametrize(
    ("text", "label", "bars"),
    [("2 more bars on the intro", "Intro", 6), ("add two bars to the bridge", "Bridge", 10),
     ("cut 2 bars from the outro", "Outro", 2), ("the verse should be four bars longer", "Verse 1", 12)],
)  # fmt: skip
def test_bars_added_or_taken_away_count_from_the_length_there_is(text: str, label: str, bars: int,
                                                                 dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert understood.intents and all(i.tool == "set_bars" and i.args["bars"] == bars for i in understood.intents)
    assert label in {dev_song.sections[k].label for i in understood.intents for k in dev_song.find(i.args["section"])}


def test_double_time_is_a_faster_tempo_not_a_doubled_section(dev_song: Song) -> None:
    understood = understand("double time the outro", dev_song)
    assert [(i.tool, i.args["section"]) for i in understood.intents] == [("set_tempo", "outro")]
    assert understood.intents[0].args["bpm"] > dev_song.meta.tempo


@pytest.mark.parametrize(
    ("text", "sections"),
    [("same thing for the bridge", ["bridge"]), ("and the outro too", ["outro"]), ("now do the verses", ["verse"]),
     ("do the same for verse 2 and the bridge", ["verse 2", "bridge"])],
)  # fmt: skip
def test_a_follow_up_makes_the_last_change_again_where_it_says(text: str, sections: list[str], dev_song: Song) -> None:
    brighter = (Intent("revise_section", {"section": "chorus", "direction": "brighter"}),)
    understood = understand(text, dev_song, brighter)
    assert [(i.tool, i.args["section"], i.args["direction"]) for i in understood.intents] == [
        ("revise_section", section, "brighter") for section in sections]
    assert not understand(text, dev_song).intents  # with nothing done before, there is nothing to do again


@pytest.mark.parametrize(
    "text",
    ["my producer says the verse is too long but I disagree", "I'll write the lyrics myself tomorrow",
     "the second verse lyrics are mine, keep them", "I don't want a key change", "this chorus could be a hit",
     "the chorus is really growing on me"],
)  # fmt: skip
def test_reported_opinions_plans_of_my_own_and_refusals_change_nothing(text: str, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert not understood.intents, understood.intents


def test_a_refused_instrument_is_still_a_lasting_preference(dev_song: Song) -> None:
    assert [i.tool for i in understand("I don't want a saxophone", dev_song).intents] == ["remember"]


# -- lists of sections, where a change goes, tempo by a number of BPM, lasting wishes -------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("make the first and the last chorus brighter", [brighter("chorus 1"), brighter("last chorus")]),
     ("make the first and second verse darker", [darker("verse 1"), darker("verse 2")]),
     ("make verses one and two darker", [darker("verse 1"), darker("verse 2")]),
     ("ratchet up the tension in the second verse so it really pulls into chorus two",
      [revise("verse 2", "more tension")]),
     ("Could the bridge build more suspense before we crash back into the last chorus? I want it to feel like it's "
      "holding its breath.", [revise("bridge", "more tension")]),
     ("the part after the bridge should be the biggest moment of the song - crank the energy",
      [revise("Chorus 3", "more energy")]),
     ("bit more tension under verse one pls", [revise("verse 1", "more tension")]),
     ("last chorus: up a whole step and more energy", [key("last chorus", 2), revise("last chorus", "more energy")]),
     ("switch the hats to ride in the choruses", [cymbal("chorus", "ride")]),
     ("ride cymbal instead of the hats in verse 2", [cymbal("verse 2", "ride")]),
     ("drop the tempo by ten bpm", [tempo(80)]),
     ("5 bpm faster please", [tempo(95)]),
     ("Tempo's a bit brisk for a night drive. Ease it back a little.", [tempo(86)]),
     ("get rid of the outro, I'd rather end on the last chorus", [remove("outro")]),
     ("can I get the stems? zipped is fine", [export("stems")]),
     ("fyi I always sing these in G, keep that in mind from now on",
      [remember("fyi I always sing these in G, keep that in mind from now on")]),
     ("note for the future: never put a saxophone in any of my songs",
      [remember("note for the future: never put a saxophone in any of my songs")]),
     ("you can drop that no-sax rule now", [Intent("forget_preference", {"text": "you can drop that no-sax rule now"})]),
     ]  # fmt: skip
)
def test_lists_landmarks_amounts_and_wishes_are_read(text: str, expected: list[Intent], song: Song) -> None:
    understood = understand(text, song)
    assert understood.clarify is None, understood.clarify
    assert [_resolved(i, song) for i in understood.intents] == [_resolved(i, song) for i in expected]


def test_words_worked_into_the_lyrics_are_a_rewrite_and_them_are_the_words(song: Song) -> None:
    lighthouse = understand("work a lighthouse into the bridge lyrics somehow", song)
    assert [(i.tool, i.args["section"]) for i in lighthouse.intents] == [("rewrite_lyrics", "bridge")]
    hopeful = understand("the chorus words are a bit cheesy, can you make them more hopeful", song)
    assert [i.tool for i in hopeful.intents] == ["rewrite_lyrics"]
    assert "hopeful" in hopeful.intents[0].args["how"]


def test_dictated_lines_then_a_request_run_both(song: Song) -> None:
    understood = understand("New chorus lyrics - 'Ride until the sky turns silver / Nothing but the engine and the rain'"
                            " - and then write a melody for them", song)
    assert [i.tool for i in understood.intents] == ["set_lyrics", "write_melody"]
    assert understood.intents[0].args["lines"] == ["Ride until the sky turns silver", "Nothing but the engine and the rain"]
    quoted = understand("verse 1 lyrics: 'I drove all night / to see your light'", song)
    assert quoted.intents[0].args["lines"] == ["I drove all night", "to see your light"]


@pytest.mark.parametrize(
    ("text", "tool"),
    [("can you move the chorus?", "move_section"), ("add a section", "add_section"),
     ("I don't love the chorus. Can you fix it?", "revise_section")],
)  # fmt: skip
def test_a_request_missing_its_where_or_what_offers_commands_that_run(text: str, tool: str, song: Song) -> None:
    from agent.commands import to_slash
    from agent.slash import parse_slash

    understood = understand(text, song)
    assert not understood.intents and understood.clarify is not None
    assert understood.clarify.options[0].tool == tool
    for option in understood.clarify.options:
        assert parse_slash(to_slash(option)).tool == option.tool


def test_a_version_named_by_its_tempo_is_no_tempo_to_set_and_other_projects_are_searched(song: Song) -> None:
    by_tempo = understand("switch me to the 96 bpm version so I can compare", song)
    assert not by_tempo.intents and by_tempo.clarify is not None  # which version: never a new one at 96 BPM
    recalled = understand("wasn't there a chorus about rain in one of my other projects? dig it out", song)
    assert [i.tool for i in recalled.intents] == ["recall_ideas"]


@pytest.mark.parametrize(
    ("text", "tool", "args"),
    [("hw long is the intro", "answer_question", {"topic": "bars", "section": "intro"}),
     ("make the 3rd line of the first verse rhyme w/ the first", "rhyme_line",
      {"section": "verse 1", "line": 3, "with_line": 1}),
     ("write a top line for the chorus", "write_melody", {"section": "chorus"}),
     ("intro's a bit thin. fill it out", "revise_section", {"section": "intro", "direction": "richer"}),
     ("the chorus should feel like sunrise", "revise_section", {"section": "chorus", "direction": "brighter"}),
     ("I wish the intro was darker", "revise_section", {"section": "intro", "direction": "darker"}),
     ("the chorus right before the bridge needs more tension", "revise_section",
      {"section": "Chorus 2", "direction": "more tension"}),
     ("top of the song: darker please", "revise_section", {"section": "Intro", "direction": "darker"}),
     ("no outro. end on the last chorus", "remove_section", {"section": "outro"}),
     ("learn my style from the files in ~/Music/sketches", "learn_style", {"folder": "~/Music/sketches"}),
     ("make a realistic audio take of the chorus with MusicGen", "generate_section", {"section": "chorus"})],
)  # fmt: skip
def test_shorthand_jargon_and_places_in_the_form_are_read(text: str, tool: str, args: dict[str, object],
                                                          dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert [(i.tool, i.args) for i in understood.intents] == [(tool, args)]


def test_a_question_about_an_earlier_version_is_answered_from_it_and_never_goes_there(dev_song: Song) -> None:
    understood = understand("what was the tempo in the first version?", dev_song)
    assert [(i.tool, i.args.get("topic"), i.args.get("version")) for i in understood.intents] == [
        ("answer_question", "tempo", 1)]
    assert [i.tool for i in understand("go back to version 1", dev_song).intents] == ["checkout"]


def test_the_second_part_of_a_compound_takes_the_section_of_the_first(dev_song: Song) -> None:
    understood = understand("write a melody for verse 2 and then get line 4 to rhyme with line 3", dev_song)
    assert [(i.tool, i.args["section"]) for i in understood.intents] == [("write_melody", "verse 2"),
                                                                          ("rhyme_line", "verse 2")]
    added = understand("we need a third verse, between the second chorus and the bridge", dev_song)
    assert [(i.tool, i.args["kind"], i.args["after"]) for i in added.intents] == [("add_section", "verse", "Chorus 2")]


@pytest.mark.parametrize(
    ("text", "tools"),
    [("fix the lyrics", {"check_lyrics", "rewrite_lyrics", "write_lyrics"}),
     ("can we try a different style?", {"set_style"}),
     ("let's start something new", {"plan_song"}),
     ("the turnaround out of the chorus feels stale, change it up", {"reharmonize", "revise_section"}),
     ("give it a half-time feel in the bridge", {"set_tempo", "revise_section"})],
)  # fmt: skip
def test_a_vague_or_unplayable_wish_offers_its_own_kind_of_change(text: str, tools: set[str], dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert not understood.intents and understood.clarify is not None
    assert {o.tool for o in understood.clarify.options} <= tools and understood.clarify.options


def test_praise_in_studio_words_changes_nothing(dev_song: Song) -> None:
    for text in ("synth bass and kick are locked right in the pocket in verse 2 👌", "verse 2 grooves nicely"):
        assert not understand(text, dev_song).intents, text


def test_chords_said_without_a_section_ask_where_they_go(song: Song) -> None:
    understood = understand("make the chords Am F C G", song)
    assert not understood.intents and understood.clarify is not None
    assert {(o.tool, o.args["chart"]) for o in understood.clarify.options} == {("set_chords", "Am | F | C | G")}


@pytest.mark.parametrize("text", ["new chords for the bridge, jazzier", "change the verse chords",
                                  "different chords for the bridge"])  # fmt: skip
def test_words_about_chords_without_the_chords_are_not_my_own_chords(text: str, song: Song) -> None:
    understood = understand(text, song)
    read = [*understood.intents, *(understood.clarify.options if understood.clarify else ())]
    assert read and all(i.tool != "set_chords" for i in read), read


# -- the seventh development set's lessons, in other words ---------------------------------------


@pytest.mark.parametrize(
    ("text", "offered"),
    [("scrap the chorus", {"Chorus 1", "Chorus 2", "chorus"}),  # three choruses: which one, or all
     ("can we squeeze a pre-chorus in somewhere", {"Bridge", "Chorus 2", "Chorus 3"}),  # where it goes
     ("make the first one brighter", {"verse 1", "chorus 1"}),  # the first what?
     ("make it a bit more jazzy", {"set_style", "reharmonize"}),  # the band, or the chords
     ("could you drop the intro down a little", {"remove_section", "calmer", "change_key"})],  # a cut, or down
)  # fmt: skip
def test_readings_the_words_leave_open_are_offered_never_run(text: str, offered: set[str], dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert not understood.intents and understood.clarify is not None, understood
    said = set()
    for option in understood.clarify.options:
        said |= {option.tool, str(option.args.get("section")), str(option.args.get("after")), str(option.args.get("direction"))}
    assert offered <= said, understood.clarify.options


@pytest.mark.parametrize(
    ("text", "expected"),
    [("bit slower?", [("set_tempo", None)]),  # a change said with a rising voice
     ("organ solo before the outro?", [("add_section", None)]),
     ("verse 2 sounds thin compared to verse 1, more energy there", [("revise_section", "verse 2")]),
     ("can the outro get more tension leading into the end, the outro I mean", [("revise_section", "outro")]),
     ("make the last chorus bigger and push it up a half step", [("revise_section", "last chorus"),
                                                                 ("change_key", "last chorus")]),
     ("make v1 sparser", [("revise_section", "verse 1")]),  # v1 is the first verse here
     ("switch back to v1", [("checkout", None)]),  # and a version here
     ("get the bridge to soar", [("revise_section", "bridge")]),
     ("make the last chorus hit harder than the first two", [("revise_section", "last chorus")]),  # asked, not praise
     ("what are the changes in verse 2?", [("answer_question", "verse 2")])],
)  # fmt: skip
def test_shorthand_landmarks_and_pointers_are_read_once(text: str, expected: list[tuple[str, str | None]],
                                                       dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert [(i.tool, i.args.get("section")) for i in understood.intents] == expected, understood


@pytest.mark.parametrize(
    "text",
    ["loving the outro, the way it fades is perfect", "really dig the verse, it breathes",
     "honestly the bridge lands way harder than the intro", "one day we should try it as a waltz, not today",
     "could do a live version someday"],
)
def test_praise_that_says_why_and_someday_plans_change_nothing(text: str, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert not understood.intents, understood


def test_a_length_for_a_section_the_song_lacks_is_asked_not_a_crash(dev_song: Song) -> None:
    understood = understand("the solo drags on", dev_song)
    assert not understood.intents


def test_a_preference_said_as_a_thing_to_forget_is_forgotten(dev_song: Song) -> None:
    understood = understand("ok forget the whole no-saxophone thing", dev_song)
    assert [i.tool for i in understood.intents] == ["forget_preference"]


def test_the_rest_left_at_its_tempo_is_left_alone_not_set_again(dev_song: Song) -> None:
    # "leave the rest at 100" once set the whole song's tempo again, undoing the section's own.
    understood = understand("bring the bridge down to 90 bpm but leave the rest of it at 100", dev_song)
    assert [(i.tool, i.args.get("section")) for i in understood.intents] == [("set_tempo", "bridge")]


def test_words_for_a_section_without_any_are_written_not_rewritten(dev_song: Song) -> None:
    understood = understand("give the intro some words, like a whispered spoken bit", dev_song)
    assert [i.tool for i in understood.intents] == ["write_lyrics"], understood


def test_lyrics_turned_to_another_subject_are_rewritten(dev_song: Song) -> None:
    understood = understand("the bridge lyrics should be more about home", dev_song)
    assert [(i.tool, i.args.get("section")) for i in understood.intents] == [("rewrite_lyrics", "bridge")], understood


def test_a_line_to_rewrite_in_no_section_offers_it_where_the_song_has_words(dev_song: Song) -> None:
    understood = understand("redo line 3", dev_song)
    assert not understood.intents and understood.clarify is not None
    offered = [(o.tool, o.args["section"], o.args.get("line")) for o in understood.clarify.options]
    # The verses sing their own words, so each is offered; the choruses share theirs.
    assert offered == [("rewrite_lyrics", "Verse 1", 3), ("rewrite_lyrics", "chorus", 3), ("rewrite_lyrics", "Verse 2", 3)]


def test_a_bare_quality_after_a_rewrite_of_words_says_how_to_rewrite_them(dev_song: Song) -> None:
    for text, section, how in (("rewrite the verse 2 words more tender, less angry", "verse 2", "less angry"),
                               ("make the verse 2 lyrics sweeter, less bitter", "verse 2", "less bitter"),
                               ("make the outro words warmer, less gloomy", "outro", "less gloomy")):  # fmt: skip
        understood = understand(text, dev_song)
        assert [(i.tool, i.args["section"]) for i in understood.intents] == [("rewrite_lyrics", section)], understood
        assert how in understood.intents[0].args["how"]


def test_lines_asked_to_be_written_are_written_even_beside_a_remark(dev_song: Song) -> None:
    for text, section in (("the outro has no words yet - could you pen a few lines for it?", "outro"),
                          ("the intro is just chords right now - could you write a few lines for it?", "intro"),
                          ("the outro's empty right now, could you write some lines for it, like a spoken bit", "outro")):
        understood = understand(text, dev_song)
        assert [(i.tool, i.args.get("sections")) for i in understood.intents] == [("write_lyrics", [section])], text


@pytest.mark.parametrize("text", ["change the bridge", "could you change the chorus?", "can you fix the outro?"])
def test_a_section_to_change_with_no_word_of_how_offers_the_usual_ways(text: str, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert not understood.intents and understood.clarify is not None
    assert {o.tool for o in understood.clarify.options} <= {"revise_section", "reharmonize", "rewrite_lyrics", "set_bars"}


def test_a_style_named_with_a_quality_word_is_the_style(dev_song: Song) -> None:
    understood = understand("big bouncy backbeat, full funk treatment for the whole thing", dev_song)
    assert [(i.tool, i.args.get("style")) for i in understood.intents] == [("set_style", "funk")], understood


@pytest.mark.parametrize(("text", "style"), [("jazzify the outro chords", "jazz"), ("church-ify the bridge harmony", "gospel"),
                                             ("redo the verse chords how I usually write them", "mine")])
def test_a_harmony_said_as_a_made_up_verb_or_as_my_habit_is_read(text: str, style: str, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert [(i.tool, i.args.get("style")) for i in understood.intents] == [("reharmonize", style)], understood


def test_two_values_said_in_one_breath_are_two_changes(dev_song: Song) -> None:
    understood = understand("turn it into a funk track at 112 bpm", dev_song)
    assert {(i.tool, str(i.args.get("style") or i.args.get("bpm"))) for i in understood.intents} == {
        ("set_style", "funk"), ("set_tempo", "112.0")}
    # A waltz is a metre and a style in one word: one change.
    assert [i.tool for i in understand("try it as a waltz", dev_song).intents] == ["set_meter"]


@pytest.mark.parametrize(("text", "topics"), [("tempo and key?", {"tempo", "key"}),
                                              ("the chorus, lyric-wise, what does it say?", {"lyrics"}),
                                              ("which section follows the second chorus", {"form"})])
def test_short_questions_a_topic_said_as_wise_and_a_place_in_the_form_are_answered(text: str, topics: set[str],
                                                                                   dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert {i.args.get("topic") for i in understood.intents} == topics, understood
    assert all(i.tool == "answer_question" for i in understood.intents), understood


def test_stems_asked_for_beside_a_reason_are_exported(dev_song: Song) -> None:
    understood = understand("could I grab the stems? I'd like to mix it myself", dev_song)
    assert [(i.tool, i.args.get("format")) for i in understood.intents] == [("export", "stems")], understood


def test_swapping_sections_of_several_offers_the_neighbouring_pairs(dev_song: Song) -> None:
    understood = understand("trade the verse and the chorus", dev_song)
    assert not understood.intents and understood.clarify is not None
    moves = [o for o in understood.clarify.options if o.tool == "move_section"]
    assert [(m.args["section"], m.args["after"]) for m in moves] == [("Verse 1", "Chorus 1"), ("Chorus 1", "Verse 2")]


def test_shaking_a_section_up_offers_the_usual_ways(dev_song: Song) -> None:
    understood = understand("could you shake up the outro a little", dev_song)
    assert not understood.intents and understood.clarify is not None
    assert {o.tool for o in understood.clarify.options} <= {"revise_section", "reharmonize", "rewrite_lyrics"}


def test_less_is_more_is_simpler(dev_song: Song) -> None:
    understood = understand("the bridge chords are too much, less is more", dev_song)
    assert [(i.tool, i.args.get("direction")) for i in understood.intents] == [("revise_section", "simpler")], understood


@pytest.mark.parametrize(("text", "up"), [("bring it up a bit", True), ("could you knock it down a notch?", False)])
def test_a_way_with_nothing_to_move_offers_tempo_key_and_drive(text: str, up: bool, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert not understood.intents and understood.clarify is not None
    offered = {(o.tool, o.args.get("direction") or o.args.get("semitones") or o.args.get("bpm")) for o in understood.clarify.options}
    assert offered == {("set_tempo", 108.0 if up else 92.0), ("change_key", 2 if up else -2),
                       ("revise_section", "more energy" if up else "calmer")}


def test_fresh_words_for_a_song_that_has_words_asks_which(dev_song: Song) -> None:
    understood = understand("some fresh lyrics please", dev_song)
    assert not understood.intents and understood.clarify is not None
    assert {o.tool for o in understood.clarify.options} == {"write_lyrics", "rewrite_lyrics"}
    assert [i.tool for i in understand("fresh lyrics for the entire song please", dev_song).intents] == ["write_lyrics"]


@pytest.mark.parametrize("text", ["the opening line of the bridge is awkward, fix only that one",
                                  "the opening line of the bridge is awkward - could you rewrite it?"])
def test_a_line_complained_about_then_asked_for_is_rewritten(text: str, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert [(i.tool, i.args["section"], i.args.get("line")) for i in understood.intents] == [("rewrite_lyrics", "bridge", 1)]


def test_a_section_to_outdo_is_a_landmark(dev_song: Song) -> None:
    understood = understand("chorus 3 should step it up from chorus 2 a little", dev_song)
    assert [(i.tool, i.args["section"], i.args["direction"]) for i in understood.intents] == [
        ("revise_section", "chorus 3", "more energy")]


# -- pictures, habits, wishes and places: a producer's and a folk singer's ways of saying things ----------------


def _said(understood: Any) -> list[tuple[str, dict[str, Any]]]:
    return [(i.tool, i.args) for i in understood.intents]


@pytest.mark.parametrize("text", ["make the bridge sadder, like rain on a window at night",
                                  "bridge needs to be sadder, think rain on a window at 4am"])
def test_a_picture_of_the_change_is_no_second_change(text: str, dev_song: Song) -> None:
    assert _said(understand(text, dev_song)) == [("revise_section", {"section": "bridge", "direction": "darker"})]


def test_a_picture_after_words_to_rewrite_says_what_they_are_about(dev_song: Song) -> None:
    understood = understand("rewrite the chorus lyrics, like something about a lighthouse", dev_song)
    assert [i.tool for i in understood.intents] == ["rewrite_lyrics"]
    assert "lighthouse" in understood.intents[0].args["how"]


@pytest.mark.parametrize("text", ["rework the verse chords how I usually play them", "give the verse my kind of chords"])
def test_the_musicians_habit_in_their_own_words_is_their_harmony(text: str, dev_song: Song) -> None:
    assert _said(understand(text, dev_song)) == [("reharmonize", {"section": "verse", "style": "mine"})]


def test_a_part_wished_for_is_added_and_a_part_put_elsewhere_is_moved(dev_song: Song) -> None:
    assert [(i.tool, i.args["kind"]) for i in understand("need a second bridge right after chorus 3", dev_song).intents] == [
        ("add_section", "bridge")]
    assert [i.tool for i in understand("i want a chorus that hits harder", dev_song).intents] == ["revise_section"]
    moved = understand("put the intro right after the bridge", dev_song).intents
    assert [(i.tool, i.args["section"], i.args["after"]) for i in moved] == [("move_section", "intro", "bridge")]


def test_progs_are_progressions_and_a_line_said_as_the_4th_is_line_4(dev_song: Song) -> None:
    assert _said(understand("give me three other chord progs for the bridge", dev_song)) == [
        ("alternative_progressions", {"section": "bridge", "count": 3})]
    assert _said(understand("make line 2 of the chorus rhyme with the 4th one", dev_song)) == [
        ("rhyme_line", {"section": "chorus", "line": 2, "with_line": 4})]


def test_rhyme_with_it_means_the_line_said_before(dev_song: Song) -> None:
    understood = understand("rewrite line 1 of the verse and then have line 3 rhyme with it", dev_song)
    assert [(i.tool, i.args.get("line"), i.args.get("with_line")) for i in understood.intents] == [
        ("rewrite_lyrics", 1, None), ("rhyme_line", 3, 1)]


def test_a_plus_sign_joins_two_changes(dev_song: Song) -> None:
    assert [i.tool for i in understand("ride on the bridge + calmer bridge", dev_song).intents] == ["set_cymbal", "revise_section"]


def test_a_move_between_versions_plays_the_version_it_lands_on(dev_song: Song) -> None:
    assert _said(understand("jump to version 1, let me hear it", dev_song)) == [("checkout", {"version": 1})]


def test_a_chart_to_see_is_the_sheet_and_a_chart_to_export_is_a_file(dev_song: Song) -> None:
    assert [i.tool for i in understand("can I see the chord chart", dev_song).intents] == ["show_sheet"]
    assert _said(understand("export the chord chart", dev_song)) == [("export", {"format": "chordpro"})]


@pytest.mark.parametrize("text", ["all good, no more changes for today", "the bass line in the verse is gorgeous",
                                  "I do like that chord at the end of the bridge",
                                  "oh that is lovely. the bridge really does soar now",
                                  "we used to play tunes like this in a pub band in the nineties"])
def test_remarks_in_passing_change_nothing(text: str, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert not understood.intents and understood.clarify is None, understood


def test_one_of_several_sections_asks_which(dev_song: Song) -> None:
    understood = understand("remove one of the choruses", dev_song)
    assert not understood.intents and understood.clarify is not None
    assert [o.args["section"] for o in understood.clarify.options] == ["Chorus 1", "Chorus 2", "Chorus 3"]


def test_takes_of_a_section_with_no_word_of_what_ask_which(dev_song: Song) -> None:
    understood = understand("some alternatives for the verse please", dev_song)
    assert not understood.intents and understood.clarify is not None
    assert {o.tool for o in understood.clarify.options} == {"alternative_progressions", "alternative_melodies"}


def test_it_before_a_section_said_later_is_the_song(dev_song: Song) -> None:
    assert _said(understand("take it down a semitone and make the outro two bars long", dev_song)) == [
        ("change_key", {"section": "whole song", "semitones": -1}), ("set_bars", {"section": "outro", "bars": 2})]


@pytest.mark.parametrize(("text", "tool", "value"), [
    ("I wonder whether you could slow the bridge to 80", "set_tempo", 80),
    ("Perhaps we might try it at eighty-eight?", "set_tempo", 88),
    ("Might I hear a couple of other melodies for the chorus?", "alternative_melodies", 2),
    ("I wonder if the bridge could be stretched to sixteen bars", "set_bars", 16),
])  # fmt: skip
def test_a_request_said_softly_is_a_request(text: str, tool: str, value: int, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert [(i.tool, i.args.get("bpm") or i.args.get("count") or i.args.get("bars")) for i in understood.intents] == [
        (tool, value)], understood
    assert not understand("I wonder if it would suit a ballad", dev_song).intents  # thinking aloud still only offers


def test_the_introduction_the_coda_and_doing_without(dev_song: Song) -> None:
    assert _said(understand("the introduction is far too long, four bars would be plenty", dev_song)) == [
        ("set_bars", {"section": "intro", "bars": 4})]
    assert _said(understand("I think we can do without the coda", dev_song)) == [("remove_section", {"section": "outro"})]


def test_the_one_after_a_section_names_which(dev_song: Song) -> None:
    understood = understand("Two verses feel like plenty. Would you cut the second one, the one after chorus 1?", dev_song)
    readings = [*understood.intents, *(understood.clarify.options if understood.clarify else ())]
    assert "remove_section" in {i.tool for i in readings}
    assert {i.args["section"] for i in readings} == {"Verse 2"}  # never both verses


def test_twice_round_doubles_a_section(dev_song: Song) -> None:
    assert _said(understand("could we go round the bridge twice?", dev_song)) == [("double_section", {"section": "bridge"})]


def test_a_fresh_melody_replaces_the_one_there(dev_song: Song) -> None:
    assert _said(understand("write a fresh melody for the bridge", dev_song)) == [("write_melody", {"section": "bridge"})]
    assert [i.tool for i in understand("redo the bridge melody from scratch", dev_song).intents] == ["write_melody"]
    assert [i.tool for i in understand("the tune of the bridge is dull. write a new melody for it", dev_song).intents] == [
        "write_melody"]


def test_a_complaint_then_its_remedy_runs_the_remedy(dev_song: Song) -> None:
    assert _said(understand("the outro feels hurried - please make it 8 bars", dev_song)) == [
        ("set_bars", {"section": "outro", "bars": 8})]
    # a complaint about another section than the remedy's still runs
    assert [i.tool for i in understand("the intro is too busy. could you make the outro 8 bars?", dev_song).intents] == [
        "revise_section", "set_bars"]


def test_a_quality_on_its_own_after_a_change_is_a_second_change(dev_song: Song) -> None:
    assert _said(understand("could you make the bridge four bars, and sadder too?", dev_song)) == [
        ("set_bars", {"section": "bridge", "bars": 4}), ("revise_section", {"section": "bridge", "direction": "darker"})]


def test_a_request_tagged_do_you_think_still_asks_for_it() -> None:
    from agent.understand import acts

    assert acts.act("could the chorus be brighter, do you think?") == "request"
    assert acts.act("do you think the chorus is bright enough?") != "request"


def test_a_full_stop_at_the_end_resolves() -> None:
    from agent.understand.qualities import direction

    assert direction("a proper full stop at the end of the outro") == ("resolve",)


def test_playing_along_is_no_request_to_play(dev_song: Song) -> None:
    assert [i.tool for i in understand("I want to play along on guitar. What are the chords of the verse?", dev_song).intents] == [
        "answer_question"]


def test_a_mind_changed_about_the_last_edit_undoes_it(dev_song: Song) -> None:
    assert [i.tool for i in understand("changed my mind about that last edit, can you undo it?", dev_song).intents] == ["undo"]


def test_put_it_up_a_bit_offers_tempo_key_and_drive(dev_song: Song) -> None:
    understood = understand("Could you put it up a bit?", dev_song)
    assert not understood.intents and understood.clarify is not None
    assert {o.tool for o in understood.clarify.options} == {"set_tempo", "change_key", "revise_section"}


def test_a_style_word_about_people_or_a_place_is_no_style(dev_song: Song) -> None:
    for text in ("my dad was a jazz musician", "we played to rock crowds all summer"):
        assert not understand(text, dev_song).intents, text
    assert _said(understand("the chorus words are too glossy for a folk singer, rewrite them about a harbour", dev_song)) == [
        ("rewrite_lyrics", {"section": "chorus", "how": "about a harbour"})]


def test_a_new_part_after_the_third_is_after_the_third_of_its_kind(dev_song: Song) -> None:
    assert _said(understand("one more chorus please, after the third", dev_song)) == [
        ("add_section", {"kind": "chorus", "after": "Chorus 3", "bars": None})]


def test_an_analysis_of_the_whole_song_is_no_new_song(dev_song: Song) -> None:
    assert [i.tool for i in understand("give me an analysis of the whole song", dev_song).intents] == ["analyze"]
    assert [i.tool for i in understand("write me a ballad of lost love", None).intents] == ["plan_song"]


def test_letting_it_breathe_is_why_not_a_second_change(dev_song: Song) -> None:
    assert _said(understand("ride cymbal on the bridge, let it breathe", dev_song)) == [
        ("set_cymbal", {"section": "bridge", "cymbal": "ride"})]


def test_stepping_away_for_a_while_changes_nothing(dev_song: Song) -> None:
    for text in ("brb, I go make a tea and come back", "I'm taking a break, back in ten", "we gotta go eat, be right back"):
        understood = understand(text, dev_song)
        assert not understood.intents and understood.clarify is None, text
    assert _said(understand("let's take a break in the bridge: make it four bars", dev_song)) == [
        ("set_bars", {"section": "bridge", "bars": 4})]


def test_talk_about_a_kind_of_music_is_no_style_to_play(dev_song: Song) -> None:
    for text in ("honestly I feel country music is hard to sing", "sometimes reggae is too relaxed for me"):
        assert not understand(text, dev_song).intents, text
    assert [i.tool for i in understand("make it country, country suits this story", dev_song).intents] == ["set_style"]
    assert [i.tool for i in understand("I want the crowd to dance, push the tempo up", dev_song).intents] == ["set_tempo"]


def test_what_a_part_already_gives_liked_is_no_change(dev_song: Song) -> None:
    for text in ("the Dm in the verse gives a nice lift", "honestly the bridge is the best bit"):
        understood = understand(text, dev_song)
        assert not understood.intents and understood.clarify is None, text
    assert [i.tool for i in understand("the bridge has a good groove but needs more tension", dev_song).intents] == [
        "revise_section"]


def test_second_language_words_for_sections_and_ways(dev_song: Song) -> None:
    assert _said(understand("the middle section needs more suspense", dev_song)) == [
        ("revise_section", {"section": "bridge", "direction": "more tension"})]
    assert _said(understand("a more brilliant last chorus please", dev_song)) == [
        ("revise_section", {"section": "last chorus", "direction": "brighter"})]
    assert [i.tool for i in understand("everything a little more quick", dev_song).intents] == ["set_tempo"]
    assert understand("everything a little more quick", dev_song).intents[0].args["bpm"] > 100


def test_words_said_more_of_something_are_rewritten(dev_song: Song) -> None:
    assert [i.tool for i in understand("verse 1 words a bit more hopeful", dev_song).intents] == ["rewrite_lyrics"]
    assert [i.tool for i in understand("the chorus lyrics less gloomy, about a harbour at dawn", dev_song).intents] == [
        "rewrite_lyrics"]


def test_redo_said_first_is_the_history(dev_song: Song) -> None:
    assert [i.tool for i in understand("redo, sorry, I was wrong about it", dev_song).intents] == ["redo"]
    assert [i.tool for i in understand("redo the bridge words", dev_song).intents] == ["rewrite_lyrics"]


def test_going_up_or_down_with_nothing_to_move_asks_which(dev_song: Song) -> None:
    for text in ("can we go down a bit?", "put the bridge more up"):
        understood = understand(text, dev_song)
        assert not understood.intents and understood.clarify is not None, text
        assert {o.tool for o in understood.clarify.options} == {"set_tempo", "change_key", "revise_section"}, text


def test_a_count_said_too_much_is_no_quality(dev_song: Song) -> None:
    understood = understand("lose one refrain, three is too much", dev_song)
    assert not understood.intents and understood.clarify is not None
    assert {(o.tool, o.args["section"]) for o in understood.clarify.options} == {
        ("remove_section", "Chorus 1"), ("remove_section", "Chorus 2"), ("remove_section", "Chorus 3")}


def test_double_it_with_nothing_said_asks_a_section_or_double_time(dev_song: Song) -> None:
    understood = understand("double it please", dev_song)
    assert not understood.intents and understood.clarify is not None
    assert [o.tool for o in understood.clarify.options] == ["double_section", "double_section", "set_tempo"]


def test_a_section_and_change_it_asks_how(dev_song: Song) -> None:
    understood = understand("the outro, could you change it?", dev_song)
    assert not understood.intents and understood.clarify is not None and len(understood.clarify.options) >= 2
    assert {o.args.get("section") for o in understood.clarify.options} == {"outro"}


def test_that_line_is_the_line_said_before(dev_song: Song) -> None:
    made = understand("line two of verse 1 is awkward. can you reword that line so it flows?", dev_song).intents
    assert [(i.tool, i.args.get("line")) for i in made] == [("rewrite_lyrics", 2)]


def test_dont_change_a_thing_keeps_every_section_as_it_is(dev_song: Song) -> None:
    understood = understand("That Dm in the bridge pulling back home is spot on. Don't change a thing.", dev_song)
    assert not understood.intents and understood.clarify is None
    assert [i.tool for i in understand("make the chorus brighter but leave everything else as it is", dev_song).intents] == [
        "revise_section"]


def test_explain_why_asks_for_the_analysis(dev_song: Song) -> None:
    assert [i.tool for i in understand("explain to me why the chorus feels so open", dev_song).intents] == ["analyze"]


def test_playing_it_to_someone_is_no_request_to_play(dev_song: Song) -> None:
    made = understand("make a realistic take of the intro, I want to play it to my band", dev_song).intents
    assert [i.tool for i in made] == ["generate_section"]


def test_dynamics_and_tempo_marks_on_a_score(dev_song: Song) -> None:
    assert _said(understand("last chorus fortissimo, tutti", dev_song)) == [
        ("revise_section", {"section": "last chorus", "direction": "more energy"})]
    assert _said(understand("verse 1 diminuendo", dev_song)) == [("revise_section", {"section": "verse 1", "direction": "calmer"})]
    made = understand("Bridge: 4 bars, rallentando to 90.", dev_song).intents
    assert [(i.tool, i.args.get("section")) for i in made] == [("set_bars", "bridge"), ("set_tempo", "bridge")]
    assert _said(understand("Final chorus: up a semitone", dev_song)) == [
        ("change_key", {"section": "last chorus", "semitones": 1})]


def test_voices_in_the_plural_and_choruses_said_short(dev_song: Song) -> None:
    assert _said(understand("a new melody for the bridge, for my tenors", dev_song)) == [
        ("write_melody", {"section": "bridge", "voice": "tenor"})]
    assert _said(understand("ch3 darker", dev_song)) == [("revise_section", {"section": "chorus 3", "direction": "darker"})]
    assert [i.tool for i in understand("jazz chords on the bridge, then a new melody over them", dev_song).intents] == [
        "reharmonize", "write_melody"]


def test_a_question_between_two_things_is_one_question(dev_song: Song) -> None:
    assert not [i for i in understand("what's the difference between a verse and a pre-chorus anyway?", dev_song).intents
                if i.tool not in ("answer_question", "analyze")]
    assert understand("asking for a jazz band kid", dev_song).social == ("chat",)


def test_a_section_borrowed_from_another_project(dev_song: Song) -> None:
    assert _said(understand("copy the verse from my 'Marigold' project, version 2, into verse 1", dev_song)) == [
        ("borrow_section", {"project": "Marigold", "version": 2, "section": "verse", "into": "verse 1"})]
    understood = understand("use the chorus from my 'Marigold' project", dev_song)
    assert not understood.intents


def test_a_folder_said_by_its_name() -> None:
    from agent.understand import slots

    assert slots.folder("my demos are in the folder 'old_demos'") == "old_demos"
    assert slots.folder("learn from ~/Music/demos") == "~/Music/demos"


def test_fix_the_second_one_with_nothing_before_asks_which_and_how(dev_song: Song) -> None:
    understood = understand("could you fix the second one?", dev_song)
    assert not understood.intents and understood.clarify is not None
    assert {o.args["section"] for o in understood.clarify.options} == {"verse 2", "chorus 2"}


def test_words_to_print_are_a_lyrics_file(dev_song: Song) -> None:
    for text in ("I'd like the lyrics on their own to hand out at the gig", "can you print the words for me"):
        assert _said(understand(text, dev_song)) == [("export", {"format": "lyrics"})], text


def test_a_breakdown_of_a_section_is_its_analysis(dev_song: Song) -> None:
    assert [i.tool for i in understand("give me a breakdown of the chorus, what makes it tick", dev_song).intents] == ["analyze"]


def test_a_lead_in_for_all_future_songs_keeps_the_wish(dev_song: Song) -> None:
    assert [i.tool for i in understand("for all future songs: no saxophone", dev_song).intents] == ["remember"]


@pytest.mark.parametrize(("said", "wanted"), [
    ("the chorus feels kind of dull to me could you brighten it up a little", [revise("chorus", "brighter")]),
    ("the whole thing is too quiet I want it louder", [revise("whole song", "more energy")]),
    ("the verses are kinda dark lighten em up", [revise("verse", "brighter")]),
    ("cut the outro let's end on the last chorus", [remove("outro")]),
])
def test_a_message_said_in_one_breath_is_read_clause_by_clause(dev_song: Song, said: str, wanted: list[Intent]) -> None:
    assert list(understand(said, dev_song).intents) == wanted


@pytest.mark.parametrize(("said", "bpm"), [("push it up to one twelve", 112), ("take it on up to one oh four", 104),
                                           ("set the tempo to a hundred and twenty", 120)])
def test_a_tempo_said_aloud(dev_song: Song, said: str, bpm: float) -> None:
    assert list(understand(said, dev_song).intents) == [tempo(bpm)]


def test_a_hundred_and_twenty_is_one_number_beside_another_change(dev_song: Song) -> None:
    assert list(understand("set the tempo to a hundred and twenty and darken the bridge", dev_song).intents) == [
        tempo(120), revise("bridge", "darker")]


def test_verse_one_twelve_bars_is_no_tempo() -> None:
    from agent.understand.slots import spoken_numbers

    assert spoken_numbers("make verse one twelve bars") == "make verse one twelve bars"
    assert spoken_numbers("cut verse one to ten bars") == "cut verse one to ten bars"


def test_where_the_music_goes_next_is_no_section_to_change(dev_song: Song) -> None:
    assert list(understand("cool the bridge down before we hit the last chorus", dev_song).intents) == [
        revise("bridge", "calmer")]
    assert list(understand("more tension in the bridge so folks are aching to get back to that chorus", dev_song)
                .intents) == [revise("bridge", "more tension")]


@pytest.mark.parametrize(("said", "direction"), [("tone the intro down", "calmer"), ("settle the intro down a bit", "calmer"),
                                                 ("strip the intro back", "simpler"), ("liven the intro up", "more energy")])
def test_a_verb_and_its_particle_hold_the_section_between_them(dev_song: Song, said: str, direction: str) -> None:
    assert list(understand(said, dev_song).intents) == [revise("intro", direction)]


@pytest.mark.parametrize("said", ["my dad could play this song in his sleep", "that guy wrote a song every morning",
                                  "you ever hear Townes? that man could write a song"])
def test_what_someone_else_does_changes_nothing(dev_song: Song, said: str) -> None:
    understood = understand(said, dev_song)
    assert not understood.intents and understood.clarify is None


def test_make_it_pop_is_no_pop_arrangement(dev_song: Song) -> None:
    assert "set_style" not in [i.tool for i in understand("make the bridge pop", dev_song).intents]
    assert [i.tool for i in understand("make it a pop song", dev_song).intents] == ["set_style"]


def test_em_are_the_words_just_named(dev_song: Song) -> None:
    assert [i.tool for i in understand("the verse two words are clunky make em flow better", dev_song).intents] == [
        "rewrite_lyrics"]


def test_a_folder_named_in_passing(dev_song: Song) -> None:
    assert _said(understand("learn my style from the songs in my old demos folder", dev_song)) == [
        ("learn_style", {"folder": "old demos"})]


def test_what_did_said_short(dev_song: Song) -> None:
    assert [i.args.get("topic") for i in understand("what'd we change last", dev_song).intents] == ["last_change"]


def test_a_year_gone_by_is_a_memory_not_a_request(dev_song: Song) -> None:
    assert not understand("I wrote my first song in nineteen seventy eight on a porch in Alabama", dev_song).intents
    assert list(understand("we recorded this in 1998, can you make the chorus brighter", dev_song).intents) == [
        revise("chorus", "brighter")]


@pytest.mark.parametrize("said", ["we don't need that intro", "honestly we dont need the bridge anymore",
                                  "the song doesn't need an outro"])
def test_a_part_the_song_does_not_need_is_cut(dev_song: Song, said: str) -> None:
    assert [i.tool for i in understand(said, dev_song).intents] == ["remove_section"]


@pytest.mark.parametrize("said", ["we don't need the chorus to be any brighter", "we don't need any more changes"])
def test_not_needing_a_change_is_no_cut(dev_song: Song, said: str) -> None:
    assert "remove_section" not in [i.tool for i in understand(said, dev_song).intents]


@pytest.mark.parametrize("said", ["my cousin says the chorus should be darker. could we try that",
                                  "a drummer I know said 96 bpm is great for this groove, can we try it"])
def test_an_idea_someone_else_had_then_go_ahead_is_done(dev_song: Song, said: str) -> None:
    assert [i.tool for i in understand(said, dev_song).intents] in (["revise_section"], ["set_tempo"])


def test_an_idea_someone_else_had_alone_changes_nothing(dev_song: Song) -> None:
    assert not understand("my cousin says the chorus should be darker", dev_song).intents


def test_a_pointer_names_no_style(dev_song: Song) -> None:
    said = [i.tool for i in understand("she said it sits better in E minor, can we change it to that", dev_song).intents]
    assert said == ["change_key"]


@pytest.mark.parametrize("said", ["write words for the bridge and then put a tune to them",
                                  "lyrics for the intro please, and a melody for those too"])
def test_a_tune_for_the_words_just_asked_is_a_melody_not_a_new_song(dev_song: Song, said: str) -> None:
    tools = [i.tool for i in understand(said, dev_song).intents]
    assert "plan_song" not in tools and "write_melody" in tools


def test_a_rhetorical_question_beside_its_remedy_is_the_complaint(dev_song: Song) -> None:
    said = understand("is the verse a bit too cluttered?? could it be simpler", dev_song)
    assert list(said.intents) == [revise("verse", "simpler")]
    # Asked about one part and changing another, the question still gets its answer.
    other = [i.tool for i in understand("is the bridge too dark? and make the chorus brighter", dev_song).intents]
    assert other == ["answer_question", "revise_section"]


def test_playing_it_myself_on_an_instrument_renders_nothing(dev_song: Song) -> None:
    said = [i.tool for i in understand("which chords does the bridge use? I'd like to play it on piano", dev_song).intents]
    assert said == ["answer_question"]


def test_a_question_about_a_part_asked_not_to_change_is_still_answered(dev_song: Song) -> None:
    said = [i.tool for i in understand("how come the chorus sounds so sad? don't change it, just wondering", dev_song).intents]
    assert said == ["analyze"]


def test_a_folder_of_midi_files_to_learn_from_is_no_export(dev_song: Song) -> None:
    said = _said(understand("there's a folder of midi files in ~/songs/old, could you learn my style from them", dev_song))
    assert said == [("learn_style", {"folder": "~/songs/old"})]


def test_chord_ideas_are_other_progressions(dev_song: Song) -> None:
    said = _said(understand("show me three other chord ideas for the chorus", dev_song))
    assert said == [("alternative_progressions", {"section": "chorus", "count": 3})]


@pytest.mark.parametrize(("said", "line"), [("can line 2 of the bridge be about a lighthouse", 2),
                                            ("the first line of verse 1 should be about the sea", 1)])
def test_a_line_given_a_subject_is_rewritten(dev_song: Song, said: str, line: int) -> None:
    found = understand(said, dev_song).intents
    assert [(i.tool, i.args.get("line")) for i in found] == [("rewrite_lyrics", line)]


@pytest.mark.parametrize("said", ["there's more story to tell, could there be a third verse after chorus 2",
                                  "can we have a short solo before the last chorus"])
def test_a_part_wished_for_in_a_question_is_added(dev_song: Song, said: str) -> None:
    assert [i.tool for i in understand(said, dev_song).intents] == ["add_section"]


@pytest.mark.parametrize(("said", "label"), [("the bit before the vocals come in could be more exciting", "Intro"),
                                             ("make the music after the singing ends calmer", "Outro")])
def test_the_unsung_part_at_either_end_is_named_by_the_words(dev_song: Song, said: str, label: str) -> None:
    found = understand(said, dev_song).intents
    assert [i.tool for i in found] == ["revise_section"]
    assert {dev_song.sections[k].label for i in found for k in dev_song.find(str(i.args["section"]))} == {label}


@pytest.mark.parametrize("said", ["shorten the tail to two bars", "make the tail calmer"])
def test_the_tail_is_the_outro(dev_song: Song, said: str) -> None:
    found = understand(said, dev_song).intents
    assert found and {dev_song.sections[k].label for i in found for k in dev_song.find(str(i.args["section"]))} == {"Outro"}


def test_the_rest_said_to_stay_keeps_only_the_change_asked_for(dev_song: Song) -> None:
    found = understand("take the verse at 92 so it lays back, everything else stays at 100", dev_song)
    assert [(i.tool, i.args.get("bpm")) for i in found.intents] == [("set_tempo", 92.0)]


@pytest.mark.parametrize("said", ["the bass player was rushing all night at the show",
                                  "this outro is gonna sound massive with a real band",
                                  "I have some ideas",
                                  "great chorus, the energy is exactly where it should be"])
def test_what_the_band_did_or_will_sound_like_changes_nothing(dev_song: Song, said: str) -> None:
    read = understand(said, dev_song)
    assert read.intents == () and (read.clarify is None or not read.clarify.options)


@pytest.mark.parametrize("said", ["I'd love a couple of options for the outro", "we'd like some alternatives for the chorus"])
def test_takes_wished_for_of_a_section_are_asked_about(dev_song: Song, said: str) -> None:
    read = understand(said, dev_song)
    assert read.intents == () and read.clarify is not None
    assert {o.tool for o in read.clarify.options} == {"alternative_melodies", "alternative_progressions"}


def test_takes_asked_for_without_naming_what_are_asked_about(dev_song: Song) -> None:
    read = understand("throw me a few alternatives", dev_song)
    assert read.intents == () and read.clarify is not None
    assert {o.tool for o in read.clarify.options} >= {"alternative_melodies", "alternative_progressions"}


def test_tightening_a_line_named_before_rewrites_that_line(dev_song: Song) -> None:
    found = understand("line 2 of the chorus feels clumsy, tidy it up", dev_song).intents
    assert [(i.tool, i.args.get("line")) for i in found] == [("rewrite_lyrics", 2)]


def test_playing_my_own_parts_plays_nothing(dev_song: Song) -> None:
    assert [i.tool for i in understand("send me the midi, I want to play my own parts over it", dev_song).intents] == ["export"]
