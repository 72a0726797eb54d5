"""Slips of the keyboard put right before a message is read: "make the chorus brigther" is "brighter".

A word is only corrected when it is neither English (by its frequency in `wordfreq`) nor a
word cowriter knows (the examples, the quality words, the section kinds, the vocabulary), and
a word cowriter knows is close to it. Quoted words and dictated lines are never touched.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from wordfreq import zipf_frequency

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_QUOTE = re.compile(r"[\"“‘][^\"”’]*[\"”’]|(?<!\w)'[^']*'(?!\w)")
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


def corrected(text: str, keep: tuple[tuple[int, int], ...] = ()) -> str:
    """The text with misspelt words replaced by the known word closest to them.

    Args:
        text: A message, e.g. "slwo down the outro".
        keep: Spans left as written, besides quoted ones (dictated lines).
    """
    spans = [m.span() for m in _QUOTE.finditer(text)] + list(keep)
    out, last = [], 0
    for match in _WORD.finditer(text):
        if any(s <= match.start() < e for s, e in spans):
            continue
        fixed = _fix(match.group())
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
