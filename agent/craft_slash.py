"""Slash commands for the craft: energy, tension, harmony, chords, key, tempo, metre, form, melody, style, analysis."""

from __future__ import annotations

import re
from collections.abc import Callable

from agent.intents import (
    ADD_SECTION,
    ALTERNATIVE_MELODIES,
    ALTERNATIVE_PROGRESSIONS,
    ANALYZE,
    CHANGE_KEY,
    CHECK_LYRICS,
    DOUBLE_SECTION,
    HARMONY_STYLES,
    LEARN_STYLE,
    MOVE_SECTION,
    REHARMONIZE,
    REMOVE_SECTION,
    REVISE_SECTION,
    RHYMES,
    SECTION_KINDS,
    SET_BARS,
    SET_CHORDS,
    SET_CYMBAL,
    SET_METER,
    SET_STYLE,
    SET_TEMPO,
    WRITE_MELODY,
    Intent,
    IntentError,
)
from agent.section_words import alternation, known
from agent.slash_text import (
    CHART,
    QUOTES,
    SlashCommand,
    needs,
    section_and,
    section_builder,
    split_quoted,
    takes_flag,
    typed_chart,
    unquote,
)
from agent.vocabulary import CYMBAL_WORDS, KIND_WORDS, VOICE_WORDS
from music.words.voices import VOICES

Builder = Callable[[SlashCommand, str], Intent]

_SIGNED = r"[+\-−]\s*\d{1,2}"
_QUOTED = "|".join(f"{re.escape(opening)}[^{re.escape(closing)}]*{re.escape(closing)}" for opening, closing in QUOTES.items())
_CHORDS_EXAMPLE = '/chords verse "Am / / G | F | ^C | %" or /chords chorus C G Am F'
_VOICES = {**{voice: voice for voice in VOICES}, **VOICE_WORDS}  # after a command, "bass" can only be the voice


def _usage_error(command: SlashCommand) -> IntentError:
    return IntentError(f"/{command.name} is written like {command.usage}, for example {_EXAMPLES[command.name]}.")


def _energy(command: SlashCommand, rest: str) -> Intent:
    section, way = section_and(command, rest, r"up|down")
    if not section or way is None:
        raise needs(command, "a section and up or down", "/energy chorus up")
    return Intent(REVISE_SECTION, {"section": section, "direction": "more energy" if way.lower() == "up" else "calmer"})


def _reharm(command: SlashCommand, rest: str) -> Intent:
    section, style = section_and(command, rest, "|".join(HARMONY_STYLES))
    if not section or style is None:
        raise needs(command, f"a section and a style ({', '.join(HARMONY_STYLES)})", "/reharm bridge jazz")
    return Intent(REHARMONIZE, {"section": section, "style": style.lower()})


def _chords(command: SlashCommand, rest: str) -> Intent:
    section, said = _section_and_chart(command, rest)
    chart = typed_chart(said)
    if not section or not chart:
        raise needs(command, "a section and its chords", _CHORDS_EXAMPLE)
    return Intent(SET_CHORDS, {"section": section, "chart": chart})


def _section_and_chart(command: SlashCommand, rest: str) -> tuple[str, str]:
    """The section and the chart typed after it, without quotes.

    After a quoted name or a section word ("verse 2", "last chorus") the rest is the chart as
    typed, so the sheet can name a chord it cannot read; after another bare name, the chart is
    what reads as chords.
    """
    name, chart, quoted = split_quoted(command, rest)
    if not quoted:
        words = rest.split()
        named = max((n for n in range(1, len(words) + 1) if known(" ".join(words[:n]), None)), default=0)
        if not named:
            name, said = section_and(command, rest, rf"{_QUOTED}|{CHART}")
            return name, unquote(command, said or "")
        name, chart = " ".join(words[:named]), " ".join(words[named:])
    return name, unquote(command, chart)


def _key(command: SlashCommand, rest: str) -> Intent:
    section, step = section_and(command, rest, _SIGNED)
    if not section or step is None:
        raise needs(command, "a section and semitones with a sign", '/key "last chorus" +2 or /key all -1')
    return Intent(CHANGE_KEY, {"section": section, "semitones": int(re.sub(r"\s|\+", "", step).replace("−", "-"))})


def _tempo(command: SlashCommand, rest: str) -> Intent:
    match = re.fullmatch(r"(\d{1,3}(?:\.\d+)?)\s*(?:bpm\b)?\s*(.*)", rest, re.IGNORECASE | re.DOTALL)
    if match is None:
        raise needs(command, "a tempo in BPM", "/tempo 96 or /tempo 80 bridge")
    section = unquote(command, match[2]) if match[2] else None
    return Intent(SET_TEMPO, {"bpm": float(match[1]), "section": section or None})


def _meter(command: SlashCommand, rest: str) -> Intent:
    said = unquote(command, rest).replace(" ", "")
    if not re.fullmatch(r"[1-9]\d?/(?:1|2|4|8|16)", said):
        raise needs(command, "a time signature", "/meter 3/4 or /meter 6/8")
    return Intent(SET_METER, {"time_signature": said})


def _bars(command: SlashCommand, rest: str) -> Intent:
    section, bars = section_and(command, rest, r"\d{1,3}(?:\s+bars?)?")
    if not section or bars is None:
        raise needs(command, "a section and a number of bars", "/bars intro 4")
    return Intent(SET_BARS, {"section": section, "bars": int(bars.split()[0])})


def _cymbal(command: SlashCommand, rest: str) -> Intent:
    section, said = section_and(command, rest, rf"(?:the\s+)?(?:{alternation(CYMBAL_WORDS)})")
    if not section or said is None:
        raise needs(command, "a section and a cymbal", "/cymbal chorus ride")
    word = " ".join(said.casefold().split()).removeprefix("the ")
    return Intent(SET_CYMBAL, {"section": section, "cymbal": CYMBAL_WORDS[word]})


def _add(command: SlashCommand, rest: str) -> Intent:
    kinds = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in (*SECTION_KINDS, *KIND_WORDS)),
                            key=len, reverse=True))  # fmt: skip
    match = re.match(rf"\s*({kinds})(?!\S)\s*(?:(\d{{1,3}})(?:\s+bars?)?(?!\S))?\s*", rest, re.IGNORECASE)
    if match is None:
        raise needs(command, f"a kind of section ({', '.join(SECTION_KINDS)})", "/add pre-chorus after verse 1")
    said = " ".join(match[1].casefold().split())
    kind, bars, after = KIND_WORDS.get(said, said), int(match[2]) if match[2] else None, None
    tail = rest[match.end() :].strip()
    if tail:
        where = re.match(r"after\s+", tail, re.IGNORECASE)
        if where is None:
            raise _usage_error(command)
        after, more = _after_section(command, tail[where.end() :])
        if more is not None and bars is not None:
            raise _usage_error(command)
        bars = more if more is not None else bars
    return Intent(ADD_SECTION, {"kind": kind, "after": after, "bars": bars})


def _after_section(command: SlashCommand, text: str) -> tuple[str, int | None]:
    """The section after "after", and a bar count typed behind it.

    A bare number behind a bare name is the name's own number ("verse 2"), unless it says
    "bars" or a second number follows ("verse 2 8"); behind a quoted name it is the bar count.
    """
    name, rest, quoted = split_quoted(command, text)
    if quoted:
        match = re.fullmatch(r"(\d{1,3})(?:\s+bars?)?", rest, re.IGNORECASE) if rest else None
        if rest and match is None:
            raise _usage_error(command)
        return _named(command, name), int(match[1]) if match else None
    match = re.fullmatch(r"(.+?)\s+(\d{1,3})\s+bars?", rest, re.IGNORECASE) or re.fullmatch(
        r"(.+?\s\d{1,2})\s+(\d{1,3})", rest
    )
    if match:
        return _named(command, match[1]), int(match[2])
    return _named(command, rest), None


def _named(command: SlashCommand, name: str) -> str:
    if not name.strip():
        raise _usage_error(command)
    return name.strip()


def _move(command: SlashCommand, rest: str) -> Intent:
    quoted = r"\"[^\"]*\"|“[^”]*”|'[^']*'"
    match = re.fullmatch(rf"({quoted}|.+?)\s+(before|after)\s+({quoted}|.+)", rest.strip(), re.IGNORECASE | re.DOTALL)
    if match is None:
        raise needs(command, "a section, before or after, and another section", '/move bridge before "last chorus"')
    section, anchor = unquote(command, match[1]), unquote(command, match[3])
    if not section or not anchor:
        raise _usage_error(command)
    where = match[2].lower()
    return Intent(MOVE_SECTION, {"section": section, "before": anchor if where == "before" else None,
                                 "after": anchor if where == "after" else None})  # fmt: skip


def _melody(command: SlashCommand, rest: str) -> Intent:
    rest, takes = takes_flag(command, rest, "/melody chorus --takes 3")
    section, voice = section_and(command, rest, alternation(_VOICES))
    if not section:
        raise needs(command, "a section", "/melody chorus or /melody verse baritone")
    # Without a voice: the singer's voice from the preferences, else tenor (other takes: the one it was sung in).
    args = {"section": section} if voice is None else {"section": section, "voice": _VOICES[" ".join(voice.lower().split())]}
    return Intent(WRITE_MELODY, args) if takes is None else Intent(ALTERNATIVE_MELODIES, {**args, "count": takes})


def _progression(command: SlashCommand, rest: str) -> Intent:
    rest, takes = takes_flag(command, rest, "/progression verse --takes 2")
    section = unquote(command, rest)
    if not section:
        raise needs(command, "a section", "/progression verse or /progression chorus --takes 3")
    return Intent(ALTERNATIVE_PROGRESSIONS, {"section": section, "count": 1 if takes is None else takes})


def _analyze(command: SlashCommand, rest: str) -> Intent:
    return Intent(ANALYZE, {"section": unquote(command, rest) or None, "path": None})


def _style(command: SlashCommand, rest: str) -> Intent:
    style = unquote(command, rest)
    if not style:
        raise needs(command, "a style", "/style rock")
    return Intent(SET_STYLE, {"style": style})


def _rhymes(command: SlashCommand, rest: str) -> Intent:
    word = unquote(command, rest)
    if not re.fullmatch(r"[A-Za-z][A-Za-z'’-]*", word):
        raise needs(command, "one word", "/rhymes home")
    return Intent(RHYMES, {"word": word})


def _learn(command: SlashCommand, rest: str) -> Intent:
    folder = unquote(command, rest)
    if not folder:
        raise needs(command, "the folder with your MIDI or MusicXML files", "/learn ~/songs")
    return Intent(LEARN_STYLE, {"folder": folder})


_EXAMPLES = {
    "add": '/add pre-chorus after verse 1, /add bridge 8 or /add bridge after "chorus 2" 8',
    "move": '/move bridge before "last chorus"',
}

CRAFT_COMMANDS: tuple[SlashCommand, ...] = (
    SlashCommand("energy", "/energy SECTION up/down", "More drive (busier drums and bass, played harder), or less.",
                 _energy),
    SlashCommand("calm", "/calm SECTION", "Let a section breathe: sparser, softer.",
                 section_builder(REVISE_SECTION, direction="calmer")),
    SlashCommand("tension", "/tension SECTION", "More pull: secondary dominants, suspensions, a pedal.",
                 section_builder(REVISE_SECTION, direction="more tension")),
    SlashCommand("resolve", "/resolve SECTION", "Let a section settle: suspensions released, a full cadence.",
                 section_builder(REVISE_SECTION, direction="resolve")),
    SlashCommand("simpler", "/simpler SECTION", "Simpler chords: plain triads, one a bar.",
                 section_builder(REVISE_SECTION, direction="simpler")),
    SlashCommand("richer", "/richer SECTION", "Richer chords: sevenths, ninths, passing chords.",
                 section_builder(REVISE_SECTION, direction="richer")),
    SlashCommand("reharm", "/reharm SECTION jazz/borrowed/gospel/mine", "New chords under the same bars.", _reharm),
    SlashCommand("chords", "/chords SECTION CHART", "Your own chords for a section, one a bar, or as a chart (| between "
                 f"bars, / holds a chord, % repeats the bar, ^ pushes it early): {_CHORDS_EXAMPLE}.", _chords),
    SlashCommand("key", "/key SECTION +N", "Change key by semitones: /key \"last chorus\" +2, /key all -1.", _key),
    SlashCommand("tempo", "/tempo BPM [SECTION]", "Set the song's tempo, or one section's.", _tempo),
    SlashCommand("meter", "/meter TIME", "Change the time signature, e.g. /meter 3/4.", _meter),
    SlashCommand("bars", "/bars SECTION N", "Make a section N bars long.", _bars),
    SlashCommand("cymbal", "/cymbal SECTION CYMBAL", "Keep time on the hi-hat, open hi-hat, ride or crash; "
                 "groove gives back the style's own.", _cymbal),
    SlashCommand("add", "/add KIND [after SECTION] [BARS]", "Add a section: intro, verse, pre-chorus, chorus, bridge, "
                 "solo or outro.", _add),
    SlashCommand("remove", "/remove SECTION", "Remove a section.", section_builder(REMOVE_SECTION)),
    SlashCommand("move", "/move SECTION before/after SECTION", "Move a section before or after another.", _move),
    SlashCommand("double", "/double SECTION", "Double a section: its bars, chords and lyrics twice.",
                 section_builder(DOUBLE_SECTION)),
    SlashCommand("melody", "/melody SECTION [VOICE] [--takes N]", f"Write the sung melody ({', '.join(VOICES)}; your voice, "
                 "else tenor, if unsaid); --takes N writes N other melodies, each its own version to compare.", _melody),
    SlashCommand("progression", "/progression SECTION [--takes N]", "Another chord progression for a section from the "
                 "style's tables (N of them with --takes N), each its own version to compare.", _progression),
    SlashCommand("style", "/style STYLE", "Play the song in another style, e.g. /style rock.", _style),
    SlashCommand("analyze", "/analyze [SECTION]", "Explain why the song or a section sounds as it does.", _analyze),
    SlashCommand("analyse", "/analyse [SECTION]", "Same as /analyze.", _analyze),
    SlashCommand("check", "/check SECTION", "Check a section's lyrics: syllables, rhyme scheme, fit to the notes.",
                 section_builder(CHECK_LYRICS, "/check verse 1")),
    SlashCommand("rhymes", "/rhymes WORD", "Rhymes for a word, perfect then slant.", _rhymes),
    SlashCommand("learn", "/learn FOLDER", "Learn your style from a folder of your MIDI or MusicXML songs.", _learn),
)  # fmt: skip
