"""Read craft requests ("lift the last chorus a whole step", "make it a rock song") into Intents, or refuse.

Each reader takes the normalised message and the current song and returns an Intent only
when the whole message is one request it understands; section names must be known.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agent import intents
from agent.intents import Intent
from agent.section_words import (
    POINTERS,
    WHOLE_SONG,
    alternation,
    resolvable,
    rx,
    section_name,
    song_or_section,
)
from music.song import Song
from music.styles import find_style

Reader = Callable[[str, Song | None], Intent | None]

_S = r"(?P<s>.+?)"
_ADVERB = r"(?:(?:a\s+(?:bit|little|lot|touch|tad)|(?:a\s+)?little|some|much|lots|way|even|far|quite\s+a\s+bit)\s+)?"


# -- energy and tension in so many words ----------------------------------------------------

_NOUNS = {"energy": "energy", "drive": "energy", "punch": "energy", "power": "energy", "oomph": "energy",
          "intensity": "energy", "tension": "tension", "suspense": "tension"}  # fmt: skip
_NOUN = rf"(?P<n>{alternation(_NOUNS)})"
_DIRECTION = {("more", "energy"): "more energy", ("less", "energy"): "calmer", ("more", "tension"): "more tension",
              ("less", "tension"): "resolve"}  # fmt: skip
_MORE_OF = (
    rx(rf"^{_ADVERB}(?P<m>more|less)\s+{_NOUN}\s+(?:in|for|on|to|into|at)\s+{_S}$"),
    rx(rf"^(?:give|lend)\s+{_S}\s+{_ADVERB}(?P<m>more)\s+{_NOUN}$"),
    rx(rf"^(?:give|lend)\s+{_S}\s+(?:some|a\s+bit\s+of|a\s+little|a\s+lot\s+of|extra)\s+{_NOUN}$"),
    rx(rf"^(?:add|put|inject|bring|build(?:\s+up)?)\s+(?:(?:some|a\s+bit\s+of|a\s+little|a\s+lot\s+of|lots\s+of|"
       rf"extra|(?P<m>more))\s+)*{_NOUN}\s+(?:to|in|into|on)\s+{_S}$"),
    rx(rf"^{_S}\s+(?:needs|could\s+use|wants|should\s+have|could\s+do\s+with)\s+{_ADVERB}(?P<m>more|less)\s+{_NOUN}$"),
    rx(rf"^(?:take|pull|drain|strip)\s+(?:some\s+(?:of\s+the\s+)?|the\s+|a\s+bit\s+of\s+the\s+)?{_NOUN}"
       rf"\s+out\s+of\s+{_S}(?P<m>)$"),
)  # fmt: skip


def more_of(text: str, song: Song | None) -> Intent | None:
    """Read requests like "more energy in the chorus", "give the chorus more energy", "add tension to the bridge"."""
    for number, pattern in enumerate(_MORE_OF):
        match = pattern.match(text)
        if not match:
            continue
        section = resolvable(match["s"], song, harmony=True)
        said = (match.groupdict().get("m") or "").casefold()
        amount = "less" if number == len(_MORE_OF) - 1 else said or "more"
        if section is not None:
            direction = _DIRECTION[(amount, _NOUNS[" ".join(match["n"].casefold().split())])]
            return Intent(intents.REVISE_SECTION, {"section": section, "direction": direction})
    return None


# -- reharmonizing --------------------------------------------------------------------------

_STYLE_WORDS = {"jazz": "jazz", "jazzy": "jazz", "jazzier": "jazz", "gospel": "gospel", "churchy": "gospel",
                "borrowed": "borrowed", "modal mixture": "borrowed", "mixture": "borrowed", "my": "mine",
                "my own": "mine", "mine": "mine"}  # fmt: skip
_HSTYLE = rf"(?P<st>{alternation(_STYLE_WORDS)})"
_CHORDS = r"(?:chords|harmony|harmonies|changes|voicings|reharm|reharmonization|flavou?r|colours?|colors?)"
_REHARM = (
    rx(rf"^jazz\s+up\s+{_S}(?P<st>)$"),
    rx(rf"^jazz\s+{_S}\s+up(?P<st>)$"),
    rx(rf"^reharmoni[sz]e\s+{_S}\s+(?:with|using|in|as|into|the)\s+(?:an?\s+|the\s+|some\s+)?{_HSTYLE}"
       rf"(?:\s+(?:style|way|{_CHORDS}))?$"),
    rx(rf"^(?:reharmoni[sz]e|rewrite\s+the\s+chords\s+(?:of|in|for))\s+{_S}\s+(?:in\s+)?(?P<st>my\s+(?:own\s+)?style|"
       r"the\s+way\s+i\s+write)$"),
    rx(rf"^(?:give|use)\s+{_S}\s+(?:some\s+)?{_HSTYLE}\s+{_CHORDS}$"),
    rx(rf"^(?:use\s+|add\s+|try\s+|put\s+)?(?:some\s+)?{_HSTYLE}\s+{_CHORDS}\s+(?:in|for|on|into)\s+{_S}$"),
    rx(rf"^make\s+{_S}\s+(?:sound\s+)?(?:more\s+)?(?P<st>jazzy|jazzier|gospel|churchy)$"),
)  # fmt: skip


def reharmonize(text: str, song: Song | None) -> Intent | None:
    """Read requests like "jazz up the bridge", "gospel chords in the chorus", "reharmonize verse 1 in my style"."""
    for pattern in _REHARM:
        match = pattern.match(text)
        if not match:
            continue
        said = " ".join((match["st"] or "jazz").casefold().split())
        style = "mine" if said.startswith(("my ", "the way")) else _STYLE_WORDS.get(said)
        section = resolvable(match["s"], song, harmony=True)
        if section is not None and style is not None:
            return Intent(intents.REHARMONIZE, {"section": section, "style": style})
    return None


# -- key changes ----------------------------------------------------------------------------

_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
_INTERVALS = {
    "a half step": 1, "a half-step": 1, "half a step": 1, "a half tone": 1, "a semitone": 1, "a fret": 1,
    "a whole step": 2, "a whole tone": 2, "a full step": 2, "a tone": 2, "a step": 2, "a whole-step": 2,
    "a minor third": 3, "a minor 3rd": 3, "a major third": 4, "a major 3rd": 4, "a fourth": 5, "a perfect fourth": 5,
    "a 4th": 5, "a tritone": 6, "a fifth": 7, "a perfect fifth": 7, "a 5th": 7, "an octave": 12,
}  # fmt: skip
_UNITS = {"semitone": 1, "semitones": 1, "half step": 1, "half steps": 1, "half-steps": 1, "fret": 1, "frets": 1,
          "whole step": 2, "whole steps": 2, "step": 2, "steps": 2, "tone": 2, "tones": 2}  # fmt: skip
_AMOUNT = (rf"(?P<amt>{alternation(_INTERVALS)}|(?P<count>\d{{1,2}}|{'|'.join(_COUNTS)})\s+"
           rf"(?P<unit>{alternation(_UNITS)}))")  # fmt: skip
_UP_VERBS = {"lift", "raise", "bump", "push", "kick", "pitch up"}
_DOWN_VERBS = {"lower", "drop", "pitch down"}
_PLAIN_VERBS = {"move", "take", "shift", "transpose", "modulate", "put", "bring", "pitch"}
_KEY_VERB = rf"(?P<v>{alternation(_UP_VERBS | _DOWN_VERBS | _PLAIN_VERBS)})"
_WAY = r"(?P<{}>up|down|higher|lower)"
_KEY = (
    rx(rf"^{_KEY_VERB}\s+(?:the\s+key\s+of\s+)?{_S}\s+(?:{_WAY.format('w1')}\s+)?(?:by\s+)?{_AMOUNT}"
       rf"(?:\s+{_WAY.format('w2')})?$"),
    rx(rf"^{_KEY_VERB}\s+{_WAY.format('w1')}\s+(?:by\s+)?{_AMOUNT}\s+(?:for|in|on)\s+{_S}$"),
    rx(rf"^{_S}\s+{_WAY.format('w1')}\s+(?:by\s+)?{_AMOUNT}$"),
)  # fmt: skip


def _semitones(match: re.Match[str]) -> int | None:
    """The signed interval the match asks for; None when it names no direction or two."""
    said = " ".join(match["amt"].casefold().split())
    if match["count"]:
        count = match["count"].casefold()
        size = (int(count) if count.isdigit() else _COUNTS[count]) * _UNITS[" ".join(match["unit"].casefold().split())]
    else:
        size = _INTERVALS[said]
    groups = match.groupdict()
    verb = " ".join((groups.get("v") or "").casefold().split())
    ways = {w.casefold() for w in (groups.get("w1"), groups.get("w2")) if w}
    ups = bool(ways & {"up", "higher"}) or verb in _UP_VERBS
    downs = bool(ways & {"down", "lower"}) or verb in _DOWN_VERBS
    if ups == downs or not 0 < size <= 24:
        return None
    return size if ups else -size


def key_change(text: str, song: Song | None) -> Intent | None:
    """Read requests like "lift the last chorus a whole step", "take the bridge down a minor third", "transpose it up 2 semitones"."""
    for pattern in _KEY:
        match = pattern.match(text)
        if not match:
            continue
        raw = match["s"]
        name = section_name(raw)
        section = WHOLE_SONG if name in POINTERS else resolvable(raw, song)
        semitones = _semitones(match)
        if section is not None and semitones is not None:
            return Intent(intents.CHANGE_KEY, {"section": section, "semitones": semitones})
    return None


# -- tempo and metre ------------------------------------------------------------------------

_BPM = r"(?P<bpm>\d{2,3}(?:\.\d+)?)"
_UNIT = r"(?:\s*(?:bpm|beats\s+(?:per|a)\s+minute))"
_TEMPO = (
    rx(rf"^slow\s+(?:(?P<s>.+?)\s+)?down\s+to\s+{_BPM}{_UNIT}?$"),
    rx(rf"^speed\s+(?:(?P<s>.+?)\s+)?up\s+to\s+{_BPM}{_UNIT}?$"),
    rx(rf"^(?:slow\s+down|speed\s+up)\s+(?P<s>.+?)\s+to\s+{_BPM}{_UNIT}?$"),
    rx(rf"^(?:set|change|put|bring|take|move|drop|raise|lower|up)\s+the\s+tempo\s+(?:of\s+(?P<s>.+?)\s+)?"
       rf"(?:to\s+|at\s+)?{_BPM}{_UNIT}?$"),
    rx(rf"^(?:the\s+)?tempo\s*(?:[:=]|to|at|of)?\s*{_BPM}{_UNIT}?$"),
    rx(rf"^(?:make|take|play|set|put|have)\s+(?P<s>.+?)\s+(?:at\s+|to\s+)?{_BPM}{_UNIT}$"),
    rx(rf"^{_BPM}{_UNIT}$"),
)  # fmt: skip


def tempo(text: str, song: Song | None) -> Intent | None:
    """Read requests like "slow it down to 80 bpm", "tempo 96", "make the bridge 72 bpm"."""
    for pattern in _TEMPO:
        match = pattern.match(text)
        if not match:
            continue
        understood, section = song_or_section(match.groupdict().get("s"), song)
        if understood:
            return Intent(intents.SET_TEMPO, {"bpm": float(match["bpm"]), "section": section})
    return None


_TS = r"(?P<ts>[1-9]\d?\s*/\s*(?:16|1|2|4|8))"
_WHOLE_WORDS = r"(?:it|this|that|the\s+song|the\s+whole\s+song|the\s+whole\s+thing|everything|the\s+tune|the\s+track)"
_METER = (
    rx(rf"^(?:switch|change|go|move)\s+(?:{_WHOLE_WORDS}\s+)?(?:over\s+)?(?:to|into)\s+{_TS}(?:\s+time)?$"),
    rx(rf"^(?:make|put|set|write|play|have|turn)\s+{_WHOLE_WORDS}\s+(?:in\s+|into\s+)?{_TS}(?:\s+time)?$"),
    rx(rf"^(?:set|change|switch|make)\s+(?:the\s+)?(?:time\s+signature|meter|metre|time)\s+(?:to\s+)?{_TS}$"),
    rx(rf"^(?:time\s+signature|meter|metre)\s*(?::|to|of)?\s*{_TS}$"),
    rx(rf"^(?:in\s+)?{_TS}\s+time$"),
)  # fmt: skip


def meter(text: str, song: Song | None) -> Intent | None:
    """Read requests like "switch to 3/4", "put it in 6/8", "change the time signature to 3/4"."""
    for pattern in _METER:
        match = pattern.match(text)
        if match:
            return Intent(intents.SET_METER, {"time_signature": re.sub(r"\s+", "", match["ts"])})
    return None


# -- the form: bars, doubling, removing, adding, moving --------------------------------------

_BAR_COUNTS = {**_COUNTS, "sixteen": 16, "twenty-four": 24, "twenty four": 24, "thirty-two": 32, "thirty two": 32}
_N = rf"(?P<n>\d{{1,3}}|{alternation(_BAR_COUNTS)})"
_BARS = (
    rx(rf"^(?:make|set|change|turn)\s+{_S}\s+(?:to\s+|into\s+)?(?:only\s+|just\s+)?{_N}\s+bars?(?:\s+long)?$"),
    rx(rf"^(?:shorten|cut|trim|extend|lengthen|stretch|resize)\s+{_S}\s+(?:down\s+|out\s+)?to\s+{_N}\s+bars?$"),
    rx(rf"^{_S}\s+(?:should|needs\s+to|must|has\s+to|could)\s+be\s+(?:only\s+|just\s+)?{_N}\s+bars?(?:\s+long)?$"),
)  # fmt: skip


def _count(said: str) -> int:
    said = " ".join(said.casefold().split())
    return int(said) if said.isdigit() else _BAR_COUNTS[said]


def bars(text: str, song: Song | None) -> Intent | None:
    """Read requests like "make the intro 4 bars", "shorten the outro to two bars"."""
    for pattern in _BARS:
        match = pattern.match(text)
        section = resolvable(match["s"], song, whole=False) if match else None
        if match and section is not None:
            return Intent(intents.SET_BARS, {"section": section, "bars": _count(match["n"])})
    return None


_DOUBLE = (
    rx(rf"^double(?:\s+up)?\s+(?:the\s+length\s+of\s+)?{_S}$"),
    rx(rf"^make\s+{_S}\s+twice\s+as\s+long$"),
)
_REMOVE = (
    rx(rf"^(?:remove|delete|cut|drop|lose|ditch|scrap|kill|skip|take\s+out|cut\s+out|leave\s+out|get\s+rid\s+of)\s+{_S}$"),
    rx(rf"^(?:take|cut|leave)\s+{_S}\s+out$"),
)  # fmt: skip


def double(text: str, song: Song | None) -> Intent | None:
    """Read requests like "double the last chorus"."""
    for pattern in _DOUBLE:
        match = pattern.match(text)
        section = resolvable(match["s"], song, whole=False) if match else None
        if section is not None:
            return Intent(intents.DOUBLE_SECTION, {"section": section})
    return None


def remove(text: str, song: Song | None) -> Intent | None:
    """Read requests like "remove the bridge", "get rid of verse 2", "take the solo out"."""
    for pattern in _REMOVE:
        match = pattern.match(text)
        section = resolvable(match["s"], song, whole=False) if match else None
        if section is not None:
            return Intent(intents.REMOVE_SECTION, {"section": section})
    return None


_KIND_WORDS = {"intro": "intro", "verse": "verse", "pre-chorus": "pre-chorus", "pre chorus": "pre-chorus",
               "prechorus": "pre-chorus", "chorus": "chorus", "hook": "chorus", "refrain": "chorus",
               "bridge": "bridge", "middle eight": "bridge", "middle 8": "bridge", "solo": "solo",
               "guitar solo": "solo", "instrumental": "solo", "instrumental break": "solo", "outro": "outro",
               "coda": "outro", "ending": "outro"}  # fmt: skip
_NEW_KIND = rf"(?P<k>{alternation(_KIND_WORDS)})"
_ADD = rx(
    rf"^(?:add|insert|put\s+in|stick\s+in|throw\s+in|slot\s+in)\s+(?:an?|another|one\s+more|a\s+new|a\s+second|"
    rf"a\s+third|an\s+extra)\s+(?:{_N}[- ]bars?\s+)?{_NEW_KIND}(?:\s+(?:of\s+)?(?P<n2>\d{{1,3}})\s+bars?(?:\s+long)?)?"
    rf"(?:\s+(?:after|following)\s+(?P<a>.+?))?(?:\s*,?\s+(?:of\s+|with\s+)?(?P<n3>\d{{1,3}})\s+bars?(?:\s+long)?)?$"
)


def add(text: str, song: Song | None) -> Intent | None:
    """Read requests like "add a pre-chorus after verse 1", "add a 4-bar intro", "insert a solo after the bridge, 8 bars"."""
    match = _ADD.match(text)
    if not match:
        return None
    counts = [match[g] for g in ("n", "n2", "n3") if match[g]]
    if len(counts) > 1:
        return None
    after = None
    if match["a"]:
        after = resolvable(match["a"], song, whole=False)
        if after is None:
            return None
    kind = _KIND_WORDS[" ".join(match["k"].casefold().split())]
    return Intent(intents.ADD_SECTION, {"kind": kind, "after": after, "bars": _count(counts[0]) if counts else None})


_MOVE = rx(rf"^(?:move|put|place|shift)\s+{_S}\s+(?:to\s+)?(?:right\s+|just\s+|straight\s+)?"
           r"(?P<w>before|after|ahead\s+of|in\s+front\s+of|behind)\s+(?P<o>.+)$")  # fmt: skip


def move(text: str, song: Song | None) -> Intent | None:
    """Read requests like "move the bridge before the last chorus", "put verse 2 after the bridge"."""
    match = _MOVE.match(text)
    if not match:
        return None
    section, anchor = resolvable(match["s"], song, whole=False), resolvable(match["o"], song, whole=False)
    if section is None or anchor is None:
        return None
    before = match["w"].casefold().split()[0] in {"before", "ahead", "in"}
    return Intent(intents.MOVE_SECTION, {"section": section, "before": anchor if before else None,
                                         "after": None if before else anchor})  # fmt: skip


# -- melody ---------------------------------------------------------------------------------

_VOICES = {"soprano": "soprano", "mezzo": "mezzo", "mezzo-soprano": "mezzo", "mezzo soprano": "mezzo",
           "alto": "alto", "contralto": "alto", "tenor": "tenor", "baritone": "baritone", "bass": "bass"}  # fmt: skip
_VOICE = alternation(_VOICES)
_TUNE = r"(?:melody|melodies|top\s*line|topline|vocal\s+line|vocal\s+melody|sung\s+melody|singing\s+line)"
_MELODY = (
    rx(rf"^(?:write|compose|create|make|give\s+me|generate|do|draft|come\s+up\s+with|add|sketch)\s+"
       rf"(?:(?:a|an|the|some|new|fresh)\s+)*(?:(?P<v1>{_VOICE})\s+)?{_TUNE}\s+(?:for|to|in|on|over)\s+{_S}"
       rf"(?:\s+(?:for|in)\s+(?:an?\s+)?(?P<v2>{_VOICE})(?:\s+(?:voice|range|singer))?)?$"),
    rx(rf"^give\s+{_S}\s+an?\s+(?:new\s+)?(?:(?P<v1>{_VOICE})\s+)?{_TUNE}$"),
    rx(rf"^(?:an?\s+|the\s+)?(?:new\s+)?{_TUNE}\s+for\s+{_S}$"),
)  # fmt: skip


def melody(text: str, song: Song | None) -> Intent | None:
    """Read requests like "write a melody for the chorus", "write a baritone melody for verse 1"."""
    for pattern in _MELODY:
        match = pattern.match(text)
        if not match:
            continue
        section = resolvable(match["s"], song)
        groups = match.groupdict()
        said = groups.get("v1") or groups.get("v2") or "tenor"
        if section is not None:
            return Intent(intents.WRITE_MELODY, {"section": section, "voice": _VOICES[" ".join(said.casefold().split())]})
    return None


# -- style ----------------------------------------------------------------------------------

_STYLE_NOUNS = r"(?:song|tune|track|version|style|feel|arrangement|number|vibe|thing|groove|ballad)"
_RESTYLE = (
    rx(rf"^(?:make|turn|change|switch|convert|transform|redo|rework|do|play|rearrange|restyle|arrange|reimagine)\s+"
       rf"{_WHOLE_WORDS}\s+(?:into\s+|to\s+|as\s+|in\s+)?(?:an?\s+)?(?P<st>[a-z&'\- ]+?)(?:\s+{_STYLE_NOUNS})?$"),
    rx(rf"^(?:switch|change|set)\s+(?:the\s+)?(?:style|genre)\s+(?:to\s+)?(?:an?\s+)?(?P<st>[a-z&'\- ]+?)"
       rf"(?:\s+{_STYLE_NOUNS})?$"),
    rx(rf"^(?:restyle|rearrange|arrange)\s+(?:{_WHOLE_WORDS}\s+)?(?:as|in|to|for)\s+(?:an?\s+)?(?P<st>[a-z&'\- ]+?)"
       rf"(?:\s+{_STYLE_NOUNS})?$"),
)  # fmt: skip


def restyle(text: str, song: Song | None) -> Intent | None:
    """Read requests like "make it a rock song", "turn it into a jazz tune", "switch the style to r&b"."""
    for pattern in _RESTYLE:
        match = pattern.match(text)
        if match and len(match["st"].split()) <= 3 and find_style(match["st"]) is not None:
            return Intent(intents.SET_STYLE, {"style": " ".join(match["st"].casefold().split())})
    return None


# Requests that change the song; questions about it are read by agent.question_phrases.
_RHYME_LINE = (
    rx(rf"^make\s+line\s+(?P<a>\d{{1,2}})\s+rhyme\s+with\s+line\s+(?P<b>\d{{1,2}})\s+(?:in|of)\s+{_S}$"),
    rx(rf"^(?:in|for)\s+{_S},?\s+make\s+line\s+(?P<a>\d{{1,2}})\s+rhyme\s+with\s+line\s+(?P<b>\d{{1,2}})$"),
    rx(rf"^line\s+(?P<a>\d{{1,2}})\s+(?:of|in)\s+{_S}\s+should\s+rhyme\s+with\s+line\s+(?P<b>\d{{1,2}})$"),
)  # fmt: skip


def rhyme_line(text: str, song: Song | None) -> Intent | None:
    """Read "make line 3 rhyme with line 1 in the chorus" and its close variants."""
    for pattern in _RHYME_LINE:
        match = pattern.match(text)
        section = resolvable(match["s"], song, whole=False) if match else None
        if match and section is not None:
            return Intent(intents.RHYME_LINE, {"section": section, "line": int(match["a"]),
                                               "with_line": int(match["b"])})  # fmt: skip
    return None


# -- the drummer's cymbal ---------------------------------------------------------------

_CYMBAL = rf"(?:the\s+)?(?P<c>{alternation(w for w, c in intents.CYMBAL_WORDS.items() if c != 'groove')})"
_IN = r"(?:in|on|for|during|through|throughout)\s+"
_DRUMS = r"(?:the\s+)?(?:drums|drummer|kit|cymbals?)"
_CYMBALS = (
    rx(rf"^ride\s+(?:on\s+)?{_CYMBAL}\s+{_IN}{_S}$"),
    rx(rf"^(?:put|move|switch|take|send|get)\s+{_DRUMS}\s+(?:on|onto|over\s+to|to)\s+{_CYMBAL}\s+{_IN}{_S}$"),
    rx(rf"^(?:in|on|for|during)\s+{_S},?\s+(?:put|move|switch)\s+{_DRUMS}\s+(?:on|onto|to)\s+{_CYMBAL}$"),
    rx(rf"^(?:use|play|try|go\s+to|switch\s+to|move\s+to)\s+{_CYMBAL}\s+{_IN}{_S}$"),
    rx(rf"^{_CYMBAL}\s+{_IN}{_S}$"),
)  # fmt: skip
_USUAL = r"(?:the\s+|its\s+|their\s+)?(?P<c>groove|normal|usual)(?:\s+(?:groove|cymbals?|drums|beat))?"
_BACK_TO_GROOVE = (
    rx(rf"^(?:put|take|bring|set|switch)\s+{_DRUMS}\s+back\s+(?:on|to|onto)\s+{_USUAL}\s+{_IN}{_S}$"),
    rx(rf"^(?:go\s+)?back\s+to\s+{_USUAL}\s+{_IN}{_S}$"),
)  # fmt: skip


def cymbal(text: str, song: Song | None) -> Intent | None:
    """Read requests like "ride the crash in the last chorus", "put the drums on the ride for the bridge"."""
    for pattern in (*_CYMBALS, *_BACK_TO_GROOVE):
        match = pattern.match(text)
        section = resolvable(match["s"], song) if match else None
        if match and section is not None:
            word = " ".join(match["c"].casefold().split())
            return Intent(intents.SET_CYMBAL, {"section": section, "cymbal": intents.CYMBAL_WORDS[word]})
    return None


REQUEST_READERS: tuple[Reader, ...] = (rhyme_line, key_change, tempo, meter, bars, double, add, move, remove, more_of,
                                       reharmonize, melody, restyle, cymbal)  # fmt: skip
