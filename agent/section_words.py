"""Section names in a musician's words ("the last chorus", "verse two", "the whole thing"), and regex helpers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial

from music.errors import CowriterError
from music.song import Song

WHOLE_SONG = "whole song"
rx = partial(re.compile, flags=re.IGNORECASE)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so "more melancholy" wins over a shorter prefix."""
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


_ORDINAL = r"(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last|final)"
_KIND = r"(?:pre[- ]?chorus|chorus|verse|bridge|intro|outro|solo|hook|refrain|middle (?:eight|8)|coda|ending)"
_KINDS = r"(?:pre[- ]?choruses|choruses|verses|bridges|intros|outros|solos)"
SECTION_WORD = rx(rf"(?:{_ORDINAL} {_KIND}|{_KIND}(?: \d{{1,2}})?|{_KINDS})")
MENTIONS_SECTION = rx(rf"\b(?:{_KINDS}|{_KIND})\b")
_WHOLE = {"song", "whole song", "whole thing", "entire song", "full song", "everything", "all", "all of it",
          "all sections", "every section", "all the sections", "whole track"}  # fmt: skip
_ARTICLE = rx(r"^(?:(?:the|my|our|this|that)\s+)+")
_DETERMINERS = rx(r"^(?:(?:the|my|our|this|that|these|those|both|each|every|all(?:\s+of)?)\s+)+")
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
POINTERS = {"it", "that", "this", "them", "it all", "what we have", "what we've got", "the lot"}


def section_name(raw: str) -> str:
    """A section name as the musician said it: lower case, no articles, "whole song" for all of it."""
    text = " ".join(raw.casefold().strip(" \"'.,;:").split())
    if _ARTICLE.sub("", text) in _WHOLE or text in _WHOLE:
        return WHOLE_SONG
    text = _DETERMINERS.sub("", text)
    text = re.sub(r"\s*(?:#|no\.?\s*|number\s+)(\d+)$", r" \1", text)
    words = text.split()
    if len(words) >= 2 and words[-1] in NUMBER_WORDS and words[-2] != "middle":
        words[-1] = str(NUMBER_WORDS[words[-1]])
    return " ".join(words)


def known(name: str, song: Song | None) -> bool:
    """Whether `name` is a section word, or a label this song resolves."""
    if not name or name in POINTERS:
        return False
    if SECTION_WORD.fullmatch(name):
        return True
    if song is None:
        return False
    try:
        song.find(name)
    except CowriterError:
        return False
    return True


def sections(listed: str, song: Song | None) -> list[str] | None:
    """Names split on "and", "," and "&", each one known; None when any is not."""
    names: list[str] = []
    for piece in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+plus\s+", listed.strip()):
        name = section_name(piece)
        if name != WHOLE_SONG and not known(name, song):
            return None
        if name not in names:
            names.append(name)
    return names or None


_HARMONY_WORDS = rx(
    r"^(?:(?:the|its)\s+)?(?:chords|chord\s+progression|progression|harmony|harmonies|changes|tension|energy)"
    r"\s+(?:in|of|for|on|at)\s+(?P<s>.+)$"
)
_HARMONY_SUFFIX = rx(r"^(?P<s>.+?)(?:'s|s')?\s+(?:chords|chord\s+progression|progression|harmony|changes)$")


def harmony_target(raw: str) -> str:
    """The section in "the chords in verse 2", "the chorus chords" or "the tension in the bridge"."""
    text = raw.strip()
    for pattern in (_HARMONY_WORDS, _HARMONY_SUFFIX):
        match = pattern.match(text)
        if match:
            return match["s"]
    return text


def resolvable(raw: str, song: Song | None, *, whole: bool = True, harmony: bool = False) -> str | None:
    """The section name in `raw` when it is one the song can resolve (or the whole song, if allowed).

    With `harmony`, words such as "the chords in" or "the tension in" before the name are dropped.
    """
    name = section_name(harmony_target(raw) if harmony else raw)
    if name == WHOLE_SONG:
        return WHOLE_SONG if whole else None
    return name if known(name, song) else None


def song_or_section(
    raw: str | None, song: Song | None, pointers: frozenset[str] | set[str] = POINTERS
) -> tuple[bool, str | None]:
    """(understood, section): None for the whole song ('it', 'the song'), a name for a known section."""
    if raw is None:
        return True, None
    name = section_name(raw)
    if name == WHOLE_SONG or name in pointers:
        return True, None
    return (True, name) if known(name, song) else (False, None)
