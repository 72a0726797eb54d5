"""Section names in a musician's words ("the last chorus", "verse two", "the whole thing"), and regex helpers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial

from agent.vocabulary import SMALL_NUMBERS
from music.errors import CowriterError
from music.song import Song

WHOLE_SONG = "whole song"
rx = partial(re.compile, flags=re.IGNORECASE)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first so "more melancholy" wins over a shorter prefix."""
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


_ORDINAL = r"(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last|final)"
_KIND = r"(?:pre[- ]?chorus|chorus|verse|bridge|introduction|intro|outro|solo|hook|refrain|middle (?:eight|8|bit|section)|coda|ending|tail)"
_KINDS = r"(?:pre[- ]?choruses|choruses|verses|bridges|intros|outros|solos)"
SECTION_WORD = rx(rf"(?:{_ORDINAL} {_KIND}|{_KIND}(?: \d{{1,2}})?|{_KINDS})")
MENTIONS_SECTION = rx(rf"\b(?:{_KINDS}|{_KIND})\b")
_WHOLE = {"song", "whole song", "whole thing", "entire song", "full song", "everything", "all", "all of it",
          "all sections", "every section", "all the sections", "whole track"}  # fmt: skip
_ARTICLE = rx(r"^(?:(?:the|my|our|this|that)\s+)+")
_DETERMINERS = rx(r"^(?:(?:the|my|our|this|that|these|those|both|each|every|all(?:\s+of)?)\s+)+")
_POINTERS = {"it", "that", "this", "them", "it all", "what we have", "what we've got", "the lot"}


def section_name(raw: str) -> str:
    """A section name as the musician said it: lower case, no articles, "whole song" for all of it."""
    text = " ".join(raw.casefold().strip(" \"'.,;:").split())
    if _ARTICLE.sub("", text) in _WHOLE or text in _WHOLE:
        return WHOLE_SONG
    text = _DETERMINERS.sub("", text)
    text = re.sub(r"\s*(?:#|no\.?\s*|number\s+)(\d+)$", r" \1", text)
    words = text.split()
    if len(words) >= 2 and words[-1] in SMALL_NUMBERS and words[-2] != "middle":
        words[-1] = str(SMALL_NUMBERS[words[-1]])
    return " ".join(words)


def known(name: str, song: Song | None) -> bool:
    """Whether `name` is a section word, or a label this song resolves."""
    if not name or name in _POINTERS:
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
