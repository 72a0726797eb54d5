"""Slips of the keyboard put right before a message is read: "make the chorus brigther" is "brighter".

A word is only corrected when it is neither English (by its frequency in `wordfreq`) nor a
word cowriter knows (the examples, the quality words, the section kinds, the vocabulary), and
a word cowriter knows is close to it. Quoted words, chord symbols ("Cadd9", "Gsus4") and
dictated lines are never touched.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import lru_cache

from wordfreq import zipf_frequency

from agent.slash_text import CHORD_SYMBOL

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_QUOTE = re.compile(r"[\"“‘][^\"”’]*[\"”’]|(?<!\w)'[^']*'(?!\w)")
_CHORD = re.compile(rf"(?<![\w#/]){CHORD_SYMBOL}(?![\w#])")
# Texting shorthand, put in full before anything else is read ("hw long is the intro", "rhyme w/ line 1").
_SHORTHAND = {"hw": "how", "w/": "with", "w/o": "without", "b4": "before", "abt": "about", "thru": "through",
              "wat": "what", "wht": "what", "ur": "your", "u": "you", "bc": "because", "cuz": "because",
              "tho": "though", "rn": "right now",
              # "what'd we change last": did, when a person follows ("what'd it sound like" would)
              "what'd": "what did", "where'd": "where did", "how'd": "how did",
              # A melody said as a line is no lyric line: "write a top line for the chorus".
              "top line": "topline", "top-line": "topline", "vocal line": "vocal melody", "sung line": "sung melody",
              "melody line": "melody", "melodic line": "melody"}  # fmt: skip
_SHORT = re.compile(r"(?<![\w/'])(?:w/o|w/|hw|b4|abt|thru|wat|wht|ur|u|bc|cuz|tho|rn|top[\s-]line|vocal\s+line|sung\s+line|"
                    r"melod(?:y|ic)\s+line|(?:what|where|how)'d(?=\s+(?:we|you|i|they)\b))(?![\w/'])", re.IGNORECASE)
_RARE = 1.0  # zipf frequency below which a word is no English word worth keeping as written
_CLOSE = 0.75


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every word cowriter reads with meaning: in its examples, quality words and vocabulary."""
    from agent import vocabulary
    from agent.understand.classifier import load_examples
    from agent.understand.qualities import QUALITY_WORDS
    from music.song import KIND_ALIASES, SECTION_KINDS

    _, examples = load_examples()
    texts = [text for _, text in examples]
    texts += [word for words in QUALITY_WORDS.values() for word in words]
    texts += [*SECTION_KINDS, *KIND_ALIASES, *vocabulary.KIND_WORDS]
    return frozenset(w.casefold() for text in texts for w in _WORD.findall(text) if len(w) > 2)


@lru_cache(maxsize=1)
def _candidates() -> tuple[str, ...]:
    # Common words first, so that a tie between two close words goes to the one people write.
    return tuple(sorted(known_words(), key=lambda w: -zipf_frequency(w, "en")))


def corrected(text: str) -> str:
    """The text with shorthand written out and misspelt words replaced by the known word closest to them.

    Quoted words are left as written. For example "slwo down the outro" or "hw long is the intro".
    """
    return _replaced(_replaced(text, _SHORT, lambda said: _SHORTHAND[" ".join(said.casefold().split())]), _WORD, _fix)


def _replaced(text: str, pattern: re.Pattern[str], fix: Callable[[str], str | None]) -> str:
    """`text` with each match of `pattern` outside quotes and chord symbols replaced by `fix` of it (None: left as it is)."""
    spans = [m.span() for kept in (_QUOTE, _CHORD) for m in kept.finditer(text)]
    out, last = [], 0
    for match in pattern.finditer(text):
        if any(s <= match.start() < e for s, e in spans):
            continue
        fixed = fix(match.group())
        if fixed is not None:
            out.append(text[last : match.start()])
            out.append(fixed)
            last = match.end()
    out.append(text[last:])
    return "".join(out)


def _fix(word: str) -> str | None:
    lowered = word.casefold()
    if len(lowered) < 4 or lowered in known_words() or zipf_frequency(lowered, "en") >= _RARE:
        return None
    close = difflib.get_close_matches(lowered, _candidates(), n=1, cutoff=_CLOSE)
    return close[0] if close else None
