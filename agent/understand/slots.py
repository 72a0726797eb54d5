"""Slot readers: the sections, numbers, intervals, keys, metres, chords and names a request carries, wherever they sit.

Each reader looks for one kind of value anywhere in a clause and says where it found it, so
the clause can be masked for the intent classifier and the value handed to the tool.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from wordfreq import zipf_frequency

from agent import vocabulary as vocab
from agent.section_words import WHOLE_SONG, alternation
from agent.slash_text import CHORD_SYMBOL
from agent.understand.charts import without_charts
from music.band.styles import STYLE_ALIASES, STYLES, find_style
from music.song import KIND_ALIASES, ORDINALS, SECTION_KINDS, Song


@dataclass(frozen=True)
class Found:
    """A value read from the text, with the span it came from."""

    value: object
    start: int
    end: int


# -- sections ------------------------------------------------------------------------------

_KIND_NAMES = sorted({*SECTION_KINDS, *KIND_ALIASES, "pre-chorus"}, key=len, reverse=True)
_ORDINAL_WORDS = {**ORDINALS, "opening": 1, "closing": -1, "very last": -1, "final": -1, "1st": 1, "2nd": 2,
                  "3rd": 3, "4th": 4, "last": -1}  # fmt: skip
_ORD = "|".join(sorted((re.escape(w) for w in _ORDINAL_WORDS), key=len, reverse=True))
_NUM_WORDS = "|".join(vocab.SMALL_NUMBERS)
_KIND_RX = "|".join(re.escape(k).replace(r"\ ", r"[\s-]?").replace(r"\-", r"[\s-]?") for k in _KIND_NAMES)
_SECTION = re.compile(
    rf"\b(?:(?:the|my|our|this|that|both|all(?:\s+(?:of\s+)?the)?|every|each)\s+)?"
    rf"(?:(?P<ord>{_ORD})\s+)?(?P<kind>{_KIND_RX})(?:\s*(?:#|no\.?\s*|number\s+)?(?P<num>\d{{1,2}}|{_NUM_WORDS})\b(?![\s-]*(?:bars?|bpm|beats|semitones?|"
    rf"steps?|seconds|secs|times?|lines?|syllables?|%)|(?<=[a-z])(?=\s+(?:more|last|of|another)\b)))?"
    rf"(?P<tail>'s|s'|s)?\b"
    # "the opening line of the bridge": an ordinal of the line, not the intro
    rf"(?!(?:(?<=opening)|(?<=ending)|(?<=closing))\s+(?:lines?|words?|bars?|chords?|notes?|couplet|phrase)\b)",
    re.IGNORECASE,
)
# "the first and the last chorus", "the second and third verses", "verses one and two": one kind, several places.
_ORDINAL_LIST = re.compile(
    rf"\b(?:the\s+)?(?P<ords>(?:{_ORD})(?:\s*(?:,|and|&|,\s*and)\s*(?:the\s+)?(?:{_ORD}))+)\s+(?P<kind>{_KIND_RX})(?:s|es)?\b",
    re.IGNORECASE,
)
_NUMBER_LIST = re.compile(
    rf"\b(?P<kind>{_KIND_RX})(?:s|es)?\s+(?P<nums>(?:\d{{1,2}}|{_NUM_WORDS})(?:\s*(?:,|and|&|,\s*and)\s*(?:\d{{1,2}}|{_NUM_WORDS}))+)\b"
    rf"(?![\s-]*(?:bars?|bpm|beats|semitones?|steps?|seconds|times?|lines?|syllables?))",
    re.IGNORECASE,
)


def joined_lists(text: str) -> str:
    """The text with the "and"s and commas inside a list of sections made "&", so no clause split breaks the list."""
    for pattern in (_ORDINAL_LIST, _NUMBER_LIST):
        text = pattern.sub(lambda m: re.sub(r"\s*,?\s*(?:\band\b|,)\s*", " & ", m.group()), text)
    return text


def _listed(text: str) -> list[Found]:
    """Sections named as a list sharing one kind, each with the span of its own ordinal or number."""
    found: list[Found] = []
    for pattern, group, word in ((_ORDINAL_LIST, "ords", _ORD), (_NUMBER_LIST, "nums", rf"\d{{1,2}}|{_NUM_WORDS}")):
        for match in pattern.finditer(text):
            kind = _kind_of(match["kind"])
            if kind is None:
                continue
            for item in re.finditer(rf"\b(?:{word})\b", match[group], re.IGNORECASE):
                said = item.group()
                is_ordinal = group == "ords"
                name = _section_name(kind, said if is_ordinal else None, None if is_ordinal else said)
                if name is not None:
                    start = match.start(group) + item.start()
                    found.append(Found(name, start, start + len(said)))
            if found:
                found[-1] = Found(found[-1].value, found[-1].start, match.end())  # the last one carries the kind
    return found


_WHOLE = re.compile(
    r"\b(?:the\s+)?(?:whole|entire|full)\s+(?:song|thing|track|tune|piece)\b|\beverything\b|\ball\s+of\s+it\b|"
    r"\b(?:all|every)\s+(?:the\s+)?sections\b|\bthe\s+(?:song|track|tune)\b|\bthroughout\b",
    re.IGNORECASE,
)
_LABEL_WORD = re.compile(r"[a-z][a-z'-]+")


def _kind_of(said: str) -> str | None:
    said = " ".join(said.casefold().replace("-", " ").split())
    for name in (said, said.replace(" ", "-"), said.replace(" ", "")):
        if name in SECTION_KINDS:
            return name
        if name in KIND_ALIASES:
            return KIND_ALIASES[name]
    return None


def _typo_kind(word: str) -> str | None:
    """The section kind a misspelt word means ("brigde", "chrous"), or None."""
    if len(word) < 5 or zipf_frequency(word, "en") > 2.0:  # a real word ("chords") is no typo
        return None
    close = difflib.get_close_matches(word.casefold(), ["chorus", "verse", "bridge", "intro", "outro", "choruses",
                                                         "verses", "prechorus"], n=1, cutoff=0.8)  # fmt: skip
    return _kind_of(close[0]) if close else None


def sections(text: str, song: Song | None) -> list[Found]:
    """Every section the text names, as names `Song.find` resolves ("chorus", "verse 2", "last chorus").

    The whole song comes back as WHOLE_SONG; labels the band made up ("Breakdown") are found
    when the song has them; a misspelt kind ("brigde") is read as the kind it is closest to.
    """
    found: list[Found] = []
    taken: list[tuple[int, int]] = []
    for item in _listed(text):
        found.append(item)
        taken.append((item.start, item.end))
    if song is not None:
        for place in _places(text, song):
            if not any(s < place.end and place.start < e for s, e in taken):
                found.append(place)
                taken.append((place.start, place.end))
        for section in song.sections:
            label = section.label
            if _kind_of(label) is None and not re.search(r"\d$", label):
                for match in re.finditer(rf"\b{re.escape(label)}\b", text, re.IGNORECASE):
                    found.append(Found(label, match.start(), match.end()))
                    taken.append(match.span())
    for match in _SECTION.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        kind = _kind_of(match["kind"])
        if kind is None:
            continue
        name = _section_name(kind, match["ord"], match["num"])
        if name is None:
            continue
        found.append(Found(name, match.start(), match.end()))
        taken.append(match.span())
    for match in _WHOLE.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in taken):
            found.append(Found(WHOLE_SONG, match.start(), match.end()))
            taken.append(match.span())
    for match in _LABEL_WORD.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        kind = _typo_kind(match.group())
        if kind is not None and _kind_of(match.group()) is None:
            number = _NUMBER_AFTER.match(text, match.end())
            ordinal = _ORDINAL_BEFORE.search(text[: match.start()])
            name = _section_name(kind, ordinal["ord"] if ordinal else None, number["num"] if number else None)
            start = ordinal.start() if ordinal else match.start()
            found.append(Found(name or kind, start, number.end() if number else match.end()))
    return sorted(found, key=lambda f: f.start)


_NUMBER_AFTER = re.compile(rf"\s*(?:#|no\.?\s*|number\s+)?(?P<num>\d{{1,2}}|{_NUM_WORDS})\b(?![\s-]*(?:bars?|bpm|beats))", re.I)
_ORDINAL_BEFORE = re.compile(rf"\b(?:the\s+)?(?P<ord>{_ORD})\s+$", re.IGNORECASE)
_PLACE = r"(?:section|part|bit|passage)"
# "the fourth section", "the last part" (not "the first part of the chorus"): a place in the form.
_NTH_PLACE = re.compile(rf"\b(?:the\s+)?(?P<ord>{_ORD})\s+{_PLACE}\b(?!\s+of\b)", re.IGNORECASE)
# "the part after the second chorus", "the section right before the outro": a neighbour of a section.
_NEXT_TO = re.compile(rf"\b(?:the\s+)?(?:{_PLACE}|one)\s+(?:(?:right|just|immediately|directly)\s+)?"
                      rf"(?P<rel>after|before|following|preceding|ahead\s+of|in\s+front\s+of)\s+", re.IGNORECASE)
# "the chorus right before the bridge", "the verse just after chorus one": the nearest of a kind on that side.
_KIND_NEXT_TO = re.compile(rf"\b(?:the\s+)?(?P<own>{_KIND_RX})\s+(?:right|just|immediately|directly)\s+"
                           rf"(?P<rel>after|before|following|preceding|ahead\s+of|in\s+front\s+of)\s+", re.IGNORECASE)
# "the top of the song", "the very beginning", "the end of the song": the first or the last section.
_ENDS = re.compile(r"(?<!from\s)(?<!\bin\s)(?:(?<!\bat\s)(?<!\bby\s)(?<!\btill\s)(?<!\buntil\s)(?<!\btowards\s)(?<!\bnear\s)\bthe\s+(?:very\s+)?(?:(?P<first>top|start|beginning)|(?P<last>end))\b(?!\s+of\s+(?!the\s+(?:song|track|tune)\b))"
                   r"(?:\s+of\s+the\s+(?:song|track|tune)\b)?|\b(?:(?P<first2>top|start|beginning)|(?P<last2>end))\s+of\s+the\s+(?:song|track|tune)\b)",
                   re.IGNORECASE)
# "the part right before the words start", "the bit after the singing stops": the unsung sections at either end.
_UNSUNG = re.compile(r"\b(?:the\s+)?(?:part|bit|section|stuff|music)\s+(?:right\s+|just\s+)?(?:(?P<before>before)|after)\s+"
                     r"(?:the\s+|my\s+)?(?:words|singing|vocals?|lyrics|voice)\s+(?:starts?|begins?|comes?\s+in|kicks?\s+in|"
                     r"stops?|ends?|finish(?:es)?|is\s+over|are\s+over)\b", re.IGNORECASE)
# "the one with 'neon on the water'": the section that sings those words.
_SUNG_WORDS = re.compile(r"""\b(?:the\s+)?(?:one|section|part|bit|verse|chorus|bridge|intro|outro)\s+(?:with|that\s+has|"""
                     r"""where\s+(?:i|we|it|she|he|they)\s+sings?|where|that\s+goes)\s+(?:the\s+(?:line|words?|lyrics?)\s+)?"""
                     r"""["'\u201c\u2018](?P<quote>[^"\u201d\u2019]{3,}?)["'\u201d\u2019](?!\w)""", re.IGNORECASE)


def _places(text: str, song: Song) -> list[Found]:
    """Sections named by their place in the form or by their words, as their labels."""
    found: list[Found] = []
    for match in _NTH_PLACE.finditer(text):
        position = _ORDINAL_WORDS[match["ord"].casefold()]
        index = len(song.sections) - 1 if position == -1 else position - 1
        if 0 <= index < len(song.sections):
            found.append(Found(song.sections[index].label, match.start(), match.end()))
    sung = [index for index, section in enumerate(song.sections) if section.lyrics]
    for match in _UNSUNG.finditer(text) if sung else ():
        ends = range(sung[0]) if match["before"] else range(sung[-1] + 1, len(song.sections))
        found.extend(Found(song.sections[index].label, match.start(), match.end()) for index in ends)
    for match in _NEXT_TO.finditer(text):
        anchor = _SECTION.match(text, match.end())
        if anchor is None or (kind := _kind_of(anchor["kind"])) is None:
            continue
        name = _section_name(kind, anchor["ord"], anchor["num"])
        indices = _indices(name, song) if name else []
        if len(indices) != 1:
            continue
        index = indices[0] + (1 if match["rel"].casefold() in ("after", "following") else -1)
        if 0 <= index < len(song.sections):
            found.append(Found(song.sections[index].label, match.start(), anchor.end()))
    for match in _KIND_NEXT_TO.finditer(text):
        anchor = _SECTION.match(text, match.end())
        own = _kind_of(match["own"])
        if anchor is None or own is None or (kind := _kind_of(anchor["kind"])) is None:
            continue
        name = _section_name(kind, anchor["ord"], anchor["num"])
        indices = _indices(name, song) if name else []
        if len(indices) != 1:
            continue
        after = match["rel"].casefold() in ("after", "following")
        side = range(indices[0] + 1, len(song.sections)) if after else range(indices[0] - 1, -1, -1)
        nearest = next((i for i in side if song.sections[i].kind == own), None)
        if nearest is not None:
            found.append(Found(song.sections[nearest].label, match.start(), anchor.end()))
    for match in _ENDS.finditer(text):
        section = song.sections[0 if match["first"] or match["first2"] else -1]
        others = [m for m in _SECTION.finditer(text) if _kind_of(m["kind"]) is not None]
        whole = re.search(r"\bof\s+the\s+(?:song|track|tune)\b", match.group(), re.IGNORECASE)
        # "the outro should resolve at the end", "let the bridge resolve at the end": the end of that section.
        if not others or (whole and not any(_kind_of(m["kind"]) == section.kind for m in others)):
            found.append(Found(section.label, match.start(), match.end()))
    for match in _SUNG_WORDS.finditer(text):
        words = _plain(match["quote"])
        singing = [s.label for s in song.sections if words and words in _plain(" ".join(s.lyrics))]
        if len(singing) == 1:
            found.append(Found(singing[0], match.start(), match.end()))
    return found


def _indices(name: str, song: Song) -> list[int]:
    """The positions of the sections `name` means, or none when the song has no such section."""
    try:
        return list(song.find(name))
    except Exception:  # UnknownSection: a sentence for the musician, not a reason to fail here
        return []


def _plain(words: str) -> str:
    return " ".join(re.sub(r"[^\w\s']", " ", words.casefold()).split())


def _section_name(kind: str, ordinal: str | None, number: str | None) -> str | None:
    if number:
        count = vocab.number_value(number)
        return f"{kind} {count}" if count else None
    if ordinal:
        position = _ORDINAL_WORDS[ordinal.casefold()]
        if position == -1:
            return f"last {kind}"
        return f"{kind} {position}"
    return kind


def resolves(name: str, song: Song | None) -> bool:
    """Whether the song has the section(s) `name` means (always true before there is a song)."""
    return song is None or name == WHOLE_SONG or bool(_indices(name, song))


_THE_ONE = re.compile(r"\bthe\s+(?P<which>first|second|third|fourth|last|final)\s+one\b", re.IGNORECASE)


def one_of(text: str, kind: str) -> str | None:
    """The section of `kind` that "the second one", "the last one" in `text` means ("chorus 2", "last chorus"), or None."""
    said = _THE_ONE.search(text)
    if said is None:
        return None
    word = said["which"].casefold()
    return f"last {kind}" if word in ("last", "final") else f"{kind} {vocab.ORDINAL_NUMBERS[word]}"


# -- numbers --------------------------------------------------------------------------------

_NUMBER = re.compile(
    rf"\b(?:\d{{1,3}}(?:\.\d+)?|(?:{'|'.join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True))})"
    rf"(?:[\s-]+(?:and[\s-]+)?(?:{'|'.join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True))}))*)\b",
    re.IGNORECASE,
)


# Numbers said aloud: "a hundred and four" (whose "and" no clause split may cut), "one oh eight", "to one ten".
_SPOKEN_HUNDREDS = re.compile(
    rf"\b(?:a|one)\s+hundred(?:\s+and)?(?:[\s-]+(?:{'|'.join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True))}))+\b",
    re.IGNORECASE)
_SPOKEN_DIGITS = re.compile(rf"\b(?P<hundreds>one|two)\s+(?:oh|o|zero)\s+(?P<unit>{'|'.join(vocab.SMALL_NUMBERS)})\b|"
                            rf"\b(?P<lead>to|at|around|about)\s+(?P<h>one)\s+(?P<rest>(?:ten|eleven|twelve|\w+teen|twenty|thirty|"
                            rf"forty|fifty)(?:[\s-]+(?:{'|'.join(vocab.SMALL_NUMBERS)}))?)\b", re.IGNORECASE)


def spoken_numbers(text: str) -> str:
    """The text with numbers said the way one speaks a tempo written in digits: "one oh eight" is 108."""
    text = _SPOKEN_HUNDREDS.sub(lambda m: str(vocab.number_value(m.group())), text)

    def digits(match: re.Match[str]) -> str:
        if match["hundreds"]:
            return str(vocab.NUMBER_WORDS[match["hundreds"].casefold()] * 100 + vocab.SMALL_NUMBERS[match["unit"].casefold()])
        rest = vocab.number_value(match["rest"])
        return match.group() if rest is None or rest >= 100 else f"{match['lead']} {100 + rest}"

    return _SPOKEN_DIGITS.sub(digits, text)


def numbers(text: str) -> list[Found]:
    """Every number in the text, in digits or words ("one hundred and twelve" is 112)."""
    found = []
    for match in _NUMBER.finditer(text):
        value = vocab.number_value(match.group())
        if value is not None:
            found.append(Found(value, match.start(), match.end()))
    return found


_BPM = re.compile(r"(?P<n>\d{2,3}(?:\.\d+)?)\s*(?:bpm|beats\s+(?:per|a)\s+minute)\b", re.IGNORECASE)


def bpm(text: str) -> Found | None:
    """A tempo the text names: "96 bpm", or any number from 40 to 240 when it is the only one."""
    match = _BPM.search(text)
    if match:
        return Found(float(match["n"]), match.start(), match.end())
    said = [f for f in numbers(text) if isinstance(f.value, (int, float)) and 40 <= float(f.value) <= 240]
    if len(said) == 1:
        return Found(float(said[0].value), said[0].start, said[0].end)  # type: ignore[arg-type]
    return None


# -- intervals and keys ------------------------------------------------------------------------

_INTERVAL = re.compile(
    rf"\b(?P<amt>{alternation(vocab.INTERVALS)})\b|\b(?P<count>\d{{1,2}}|{_NUM_WORDS})\s+(?P<unit>{alternation(vocab.INTERVAL_UNITS)})\b",
    re.IGNORECASE,
)
_UP = re.compile(r"\b(?:up|higher|raise|raised|lift|lifted|bump|push|brighter\s+key|sharpen|pitch\s+up|above)\b", re.I)
_DOWN = re.compile(r"\b(?:down|lower|lowered|drop|dropped|flatten|pitch\s+down|below|deeper)\b", re.IGNORECASE)
_TARGET_KEY = re.compile(
    r"\b(?:to|in|into|at)\s+(?P<tonic>[a-g])(?P<acc>#|♯|b|♭|\s+sharp|\s+flat)?(?:\s*(?P<mode>major|minor|maj|min|m))?\b",
    re.IGNORECASE,
)


def interval(text: str) -> Found | None:
    """The size of an interval in semitones, unsigned ("a whole step" is 2, "a fourth" is 5)."""
    match = _INTERVAL.search(text)
    if match is None:
        return None
    if match["amt"]:
        size = vocab.INTERVALS[" ".join(match["amt"].casefold().replace("-", " ").split())]
    else:
        count = int(vocab.number_value(match["count"]) or 0)
        size = count * vocab.INTERVAL_UNITS[" ".join(match["unit"].casefold().replace("-", " ").split())]
    return Found(size, match.start(), match.end()) if 0 < size <= 24 else None


def way(text: str) -> int:
    """+1 when the text says up, -1 when it says down, 0 when neither or both."""
    ups, downs = bool(_UP.search(text)), bool(_DOWN.search(text))
    return 0 if ups == downs else (1 if ups else -1)


def target_key(text: str) -> Found | None:
    """A key the text asks for ("in B minor", "to G"), as (tonic, mode or None)."""
    for match in _TARGET_KEY.finditer(text):
        tonic = match["tonic"].upper()
        acc = (match["acc"] or "").strip().casefold()
        if acc in ("#", "♯", "sharp"):
            tonic += "#"
        elif acc in ("b", "♭", "flat"):
            tonic += "b"
        mode = (match["mode"] or "").casefold()
        said_mode = "minor" if mode in ("minor", "min", "m") else "major" if mode in ("major", "maj") else None
        # "in a" is an article, not the key of A, unless a mode follows.
        if match["tonic"] in "aA" and not acc and said_mode is None:
            continue
        return Found((tonic, said_mode), match.start(), match.end())
    return None


# -- metre, counts, lines, versions -----------------------------------------------------------

_TIME_SIGNATURE = re.compile(r"\b(?P<top>[1-9]\d?)\s*/\s*(?P<bottom>1|2|4|8|16)\b")


def time_signature(text: str) -> Found | None:
    """A metre: "3/4", "six eight", "waltz time", "in three"."""
    match = _TIME_SIGNATURE.search(text)
    if match:
        return Found(f"{match['top']}/{match['bottom']}", match.start(), match.end())
    lowered = text.casefold().replace("-", " ")
    for words, metre in vocab.METRE_WORDS.items():
        where = re.search(rf"\b{alternation([words])}\b", lowered)
        if where:
            return Found(metre, where.start(), where.end())
    return None


_BARS = re.compile(rf"\b(?P<n>\d{{1,3}}|{_NUM_WORDS}|sixteen|twenty[\s-]four|thirty[\s-]two)[\s-]*bars?\b", re.I)


def bar_count(text: str) -> Found | None:
    """A number of bars ("4 bars", "two-bar", "to 8 bars")."""
    match = _BARS.search(text)
    if match:
        value = vocab.number_value(match["n"])
        return Found(value, match.start(), match.end()) if value else None
    return None


_LINE = re.compile(
    rf"\b(?:line\s+(?P<n>\d{{1,2}}|{_NUM_WORDS})|(?:the\s+)?(?P<ord>first|second|third|fourth|fifth|sixth|last|final|"
    rf"1st|2nd|3rd|4th|opening|closing|very\s+last)\s+line)\b",
    re.IGNORECASE,
)


_WITH_ORDINAL = re.compile(r"\b(?:with|to)\s+the\s+(?P<ord>first|second|third|fourth|fifth|sixth|last|final|1st|2nd|3rd|4th)\b"
                           r"(?!\s+line)",
                           re.IGNORECASE)


def lines(text: str, n_lines: int | None = None) -> list[Found]:
    """Line numbers the text names ("line 3", "the second line", "the last line" when the count is known).

    "Rhyme the second line with the first" names two: a bare ordinal after "with" is a line too.
    """
    found = []
    for match in _WITH_ORDINAL.finditer(text):
        word = match["ord"].casefold()
        value: int | float | None = n_lines if word in ("last", "final") else vocab.ORDINAL_NUMBERS.get(word)
        if value and _LINE.search(text):
            found.append(Found(value, match.start(), match.end()))
    for match in _LINE.finditer(text):
        if match["n"]:
            value = vocab.number_value(match["n"])
        else:
            word = " ".join(match["ord"].casefold().split())
            position = _ORDINAL_WORDS.get(word) or vocab.ORDINAL_NUMBERS.get(word)  # "the opening line", "the sixth line"
            value = n_lines if position == -1 else position
        if value:
            found.append(Found(value, match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


_VERSION = re.compile(
    rf"\b(?:v\s*(?P<v>\d{{1,4}})|version\s+(?:number\s+|no\.?\s*|#\s*)?(?P<n>\d{{1,4}}|{_NUM_WORDS})|"
    r"(?:the\s+)?(?P<ord>first|second|third|fourth|fifth|original)\s+(?:version|draft|take))\b",
    re.IGNORECASE,
)


_FOLDER = re.compile(r"""["'“‘](?P<quoted>(?:~|\.{1,2}|[A-Za-z]:)?[/\\][^"'”’]+)["'”’]|(?<![\w/])(?P<bare>(?:~|\.{1,2})?/[^\s,;:'"]*[^\s,;:.!?'"]|~)(?![\w/])""")


_NAMED_FOLDER = re.compile(r"""\b(?:folder|directory|dir)\s+(?:called\s+|named\s+)?["'“‘](?P<name>[^"'”’/\\]+)["'”’]""", re.I)


def folder(text: str) -> str | None:
    """A folder the musician points to: "~/Music/demos", "/home/me/songs", "./my_songs", a quoted path or folder name."""
    match = _FOLDER.search(text)
    if match:
        return match["quoted"] or match["bare"]
    named = _NAMED_FOLDER.search(text) or _OWN_FOLDER.search(text)  # "the folder 'choir_midi'", "my old demos folder"
    return named["name"] if named else None


_OWN_FOLDER = re.compile(r"\b(?:in|from)\s+(?:my|our|the)\s+(?P<name>[\w-]+(?:\s+[\w-]+){0,2}?)\s+(?:folder|directory)\b", re.I)


# "my 'Harvest Song' project", "the project called Lighthouse", "from 'Neon Nights'": another project by its name.
_PROJECT = re.compile(r"""["“‘'](?P<quoted>[^"”’']{2,60})["”’'](?:\s+project\b)?|\bproject\s+(?:called\s+|named\s+)?"""
                      r"""(?P<after>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,4})|\b(?:my|our|the)\s+(?P<before>[A-Z][\w'-]*"""
                      r"""(?:\s+[A-Z][\w'-]*){0,4})\s+project\b""")


def project(text: str) -> str | None:
    """The name of another project the musician names ("my 'Harvest Song' project", "the project called Lighthouse")."""
    match = _PROJECT.search(text)
    return (match["quoted"] or match["after"] or match["before"]) if match else None


def version(text: str) -> Found | None:
    """A version number: "version 3", "v2", "the first version"."""
    match = _VERSION.search(text)
    if not match:
        return None
    said = match["v"] or match["n"]
    value = vocab.number_value(said) if said else vocab.ORDINAL_NUMBERS.get(match["ord"].casefold(), 1)
    return Found(value, match.start(), match.end()) if value else None


# -- names from the vocabulary ---------------------------------------------------------------


def _word_in(text: str, words: dict[str, str]) -> Found | None:
    lowered = text.casefold()
    for said in sorted(words, key=len, reverse=True):
        pattern = re.escape(said).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
        # "gospel-ify the bridge", "jazzified": a word made a verb still names its value
        where = re.search(rf"(?<![\w-]){pattern}(?:-?i?f(?:y|ied|ying))?(?![\w-])", lowered)
        if where:
            return Found(words[said], where.start(), where.end())
    return None


def export_format(text: str) -> Found | None:
    """An export format in a musician's words ("the chord sheet" is chordpro)."""
    return _word_in(text, vocab.FORMAT_WORDS)


_OLD_CYMBAL = re.compile(r"\b(?:from|instead\s+of|rather\s+than|off|replace|swap\s+out|ditch|lose|not)\s+(?:the\s+)?$", re.I)
_NEW_CYMBAL = re.compile(r"\b(?:to|for|onto|into|with|on)\s+(?:the\s+|a\s+)?$", re.IGNORECASE)


def cymbal(text: str) -> Found | None:
    """A cymbal ("the ride", "open hats"), or "groove" for the style's own.

    Of two named, the one moved to wins ("switch the hats to ride", "ride instead of the hats").
    """
    lowered = text.casefold()
    if re.search(r"\bopen(?:\s+up)?\s+(?:the\s+)?(?:hi[\s-]?)?hats?\b", lowered):
        return Found("open hi-hat", 0, 0)
    named: list[Found] = []
    rest = text
    while (found := _word_in(rest, vocab.CYMBAL_WORDS)) is not None:
        named.append(found)
        rest = rest[: found.start] + " " * (found.end - found.start) + rest[found.end :]
    if len({f.value for f in named}) <= 1:
        return named[0] if named else None
    new = [f for f in named if _NEW_CYMBAL.search(text[: f.start])]
    kept = [f for f in named if not _OLD_CYMBAL.search(text[: f.start])]
    return (new or kept or named)[-1 if new else 0]


def voice(text: str) -> Found | None:
    """A voice type ("alto", "baritone range")."""
    return _word_in(text, vocab.VOICE_WORDS)


def section_kind(text: str) -> Found | None:
    """The kind of a section to add ("a pre-chorus", "a guitar solo", "a middle eight")."""
    return _word_in(text, vocab.KIND_WORDS)


def harmony_style(text: str) -> Found | None:
    """How to reharmonize: jazz, borrowed, gospel or the musician's own habits ("the way I usually do it")."""
    named = _word_in(text, vocab.HARMONY_STYLE_WORDS)
    habit = _HABIT.search(text) if named is None else None
    return Found(vocab.HARMONY_STYLE_WORDS["my style"], habit.start(), habit.end()) if habit else named


# The musician's habits said in their own words: "the way I usually do it", "my kinda chords".
_HABIT = re.compile(r"\b(?:the\s+way|how)\s+i\s+(?:\w+ly\s+|always\s+|tend\s+to\s+)?(?:do|write|play|voice)\b"
                    r"(?:\s+(?:it|them|chords|things|mine))?|\bmy\s+(?:kinda|kind\s+of|sort\s+of|type\s+of|usual|own|"
                    r"signature)\s+(?:chords|changes|harmony|harmonies|progressions?|thing|moves)\b", re.IGNORECASE)


def style(text: str) -> Found | None:
    """An arrangement style named in the text ("rock", "an r&b jam", "hip hop")."""
    lowered = text.casefold()
    names = sorted({*STYLES, *STYLE_ALIASES}, key=len, reverse=True)
    for name in names:
        for where in re.finditer(rf"(?<![\w&-]){re.escape(name)}(?![\w&-])", lowered):
            if find_style(name) is not None and not _PEOPLE.match(lowered, where.end()) and not _PEOPLE_DO.search(
                    lowered, 0, where.start()) and not (name == "pop" and _POP_THE_VERB.search(lowered, 0, where.end())):
                return Found(name, where.start(), where.end())
    return None


# "make the chorus pop", "really make it pop out": stand out, not a pop arrangement.
_POP_THE_VERB = re.compile(r"\b(?:make|makes|making|let)\s+(?:it|her|em|them|the\s+\w+(?:\s+\w+)?|\w+)\s+(?:really\s+)?pop$")


# "an old country singer", "folk audiences", "a jazz club": a style word about people or a place, not a style to play.
_PEOPLE = re.compile(r"\s+(?:singers?|fans?|audiences?|crowds?|stars?|legends?|artists?|players?|musicians?|people|folks?|"
                     r"clubs?|venues?|pubs?|radio|stations?|scene|circuit|festivals?|days|years|background|kids?|students?|"
                     r"pupils?|teachers?|choirs?|band\s+(?:kids?|members?|students?|teachers?|leaders?))\b")


# "I want people dance", "get everybody to dance": what people do, not a style to play.
_PEOPLE_DO = re.compile(r"\b(?:people|everyone|everybody|them|folks|the\s+crowd|us)\s+(?:to\s+)?$")


_ANCHOR = re.compile(r"\b(?P<w>before|after|ahead\s+of|in\s+front\s+of|behind|following|preceding|between)\s+(?P<rest>.+)$",
                     re.I)


def anchor(text: str, song: Song | None) -> tuple[str, str] | None:
    """("before" or "after", section name) for "in front of chorus 2", "after the bridge"."""
    match = _ANCHOR.search(text)
    if not match:
        return None
    named = sections(match["rest"], song)
    if not named:
        return None
    word = match["w"].casefold().split()[0]
    # "between verse 1 and the first chorus": after the first of the two.
    return ("before" if word in ("before", "ahead", "in", "preceding") else "after"), str(named[0].value)


_QUOTED = re.compile(r"[\"“]([^\"”]{2,200})[\"”]")
_SUNG_QUOTE = re.compile(r"\b(?:words?|lyrics?|lines?|goes|sings?|say|says)\b[^'\"]{0,24}?\b(?:be|is|are|to|:)\s*"
                         r"['‘](?P<line>[^'’]*\s[^'’]*\s[^'’]*)['’](?!\w)", re.IGNORECASE)
_AFTER_COLON = re.compile(r"(?::|\bgoes\s+like\s+this\b|\bgoes\b|\bare\b|\bis\b)\s*(?P<rest>.+)$", re.I | re.S)


def dictated_lines(text: str) -> list[str]:
    """Lyric lines the musician dictates: quoted, or after a colon split on slashes and line breaks.

    A chord chart is no lyric: "the bridge chords: Dm / / G | C" dictates no lines.
    """
    text = without_charts(text)
    # "'I drove all night / to see your light'": one quote may hold several lines.
    quoted = [line for q in _QUOTED.findall(text) if len(q.split()) >= 2 for line in _split_lines(q)]
    if quoted:
        return quoted
    sung = _SUNG_QUOTE.search(text)  # "the words should be 'engine hum, the town asleep'"
    if sung:
        return _split_lines(sung["line"])
    opening = _DICTATION.search(text)
    if opening is None:
        return []
    head, rest = text[: opening.start()], text[opening.end():]
    parts = re.split(r"\s+/\s*|\s*/\s+|\s*\n\s*", rest.strip())
    lines = [p.strip(" ,;\"'“”‘’") for p in parts if len(p.split()) >= 2]
    if len(parts) > 1 or "\n" in opening.group() or (opening.group().strip() == ":" and _SUNG.search(head)):
        return lines
    return []  # "two things: the bridge wants more tension, and ...": a list of requests, not lyrics


def _split_lines(said: str) -> list[str]:
    return [line.strip(" ,;") for line in re.split(r"\s+/\s*|\s*/\s+|\s*\n\s*", said.strip()) if line.strip(" ,;")]


# A colon, a line break or a dash before dictated lines ("new chorus words, use these - ... / ...").
_DICTATION = re.compile(r":|\n|\s[-\u2013\u2014]\s")
_SUNG = re.compile(r"\b(?:lyrics?|words?|lines?|goes|go|sings?|sung|say|says|read|reads|text|to)\s*$|\b(?:lyrics?|words|lines?)\b",
                   re.IGNORECASE)


_RHYME_WORD = re.compile(r"\brhym\w*(?:\s+\w+){0,2}?\s+(?:with|for|to|on)\s+[\"'“]?(?P<w>[a-z][a-z'-]*)", re.IGNORECASE)


def rhyme_word(text: str) -> str | None:
    """The word to rhyme in "what rhymes with rain", "a rhyme for city"."""
    match = _RHYME_WORD.search(text)
    return match["w"].casefold().strip("'") if match else None


_CHORD_NAMED = re.compile(rf"(?<![\w/])({CHORD_SYMBOL})(?![\w#])")


def chord(text: str) -> str | None:
    """A chord symbol named in the text ("E7", "Fmaj7", "the G")."""
    match = _CHORD_NAMED.search(text)
    if match is None:
        return None
    said = match.group(1)
    # A lone capital A or I-like word at a sentence start is English, not a chord.
    if said == "A" and re.search(r"\bA\s+[a-z]", text):
        return None
    return said


_SHORT_VERSE = re.compile(r"\bv\s?(?P<n>[1-9])\b", re.IGNORECASE)
_SHORT_CHORUS = re.compile(r"\b(?:ch|chr|cho|chor)\s?(?P<n>[1-9])\b", re.IGNORECASE)
# Words that make "v2" a version of the song: going to one, hearing or comparing one, asking what one was.
_VERSION_TALK = re.compile(r"\b(?:go|going|went|switch\w*|revert\w*|restore|return\w*|load|check\s*out|checkout|compare|"
                           r"play|hear|listen|versions?|undo|redo|between|vs|versus|was|were|earlier|older|previous|"
                           r"back\s+to|take\s+me|prefer\w*)\b", re.IGNORECASE)


def sections_said_short(text: str) -> str:
    """The message with "v2" as verse 2 in a request to change it (not where it is a version), "ch2" as chorus 2."""
    text = _SHORT_CHORUS.sub(lambda m: f"chorus {m['n']}", text)  # "ch2 calmer": never a version
    if not _SHORT_VERSE.search(text) or _VERSION_TALK.search(text):
        return text
    return _SHORT_VERSE.sub(lambda m: f"verse {m['n']}", text)
