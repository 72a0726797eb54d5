"""Takes to A/B: which alternatives tool a clause asks for in so many words, and how many takes."""

from __future__ import annotations

import re

from agent import intents
from agent import vocabulary as vocab
from agent.understand import slots
from agent.understand.classifier import mask
from music.song import Song

# What each alternatives tool makes, as a musician names one of it, and several ("more melodies").
THINGS = {
    intents.ALTERNATIVE_MELODIES: (r"(?:melod(?:y|ies)|tunes?|top\s*lines?|toplines?|vocal\s+lines?)",
                                   r"(?:melodies|tunes|top\s*lines|toplines|vocal\s+lines)"),
    intents.ALTERNATIVE_PROGRESSIONS: (r"(?:(?:chord\s+)?(?:progressions?|progs?)|chords|sets?\s+of\s+chords|"
                                       r"chord\s+(?:options|ideas?|choices))",
                                       r"(?:(?:chord\s+)?(?:progressions|progs)|sets\s+of\s+chords|chord\s+(?:options|ideas|choices))"),
    intents.ALTERNATIVE_PLANS: (r"(?:plans?)", r"(?:plans)"),
}  # fmt: skip
# A take of anything, one and several.
_ANY = (r"(?:options?|alternatives?|versions?|takes?|ideas?|variations?|choices|goes|tries|shots|passes)",
        r"(?:options|alternatives|versions|takes|ideas|variations|choices)")  # fmt: skip
_NUMBERS = "|".join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True))
_TAKEN = "(?:" + "|".join(one for one, _ in (*THINGS.values(), _ANY)) + r")\b"
# How many, as said before the takes: "3", "three", "a couple of", "a few", "some".
_AMOUNT = rf"(?:\d{{1,3}}|{_NUMBERS}|a\s+couple(?:\s+of)?|a\s+few|a\s+handful\s+of|a\s+bunch\s+of|several|some|more)"
_COUNT = re.compile(rf"\b(?P<n>{_AMOUNT})\s+(?:[\w'-]+\s+){{0,4}}?{_TAKEN}", re.IGNORECASE)
_PLURAL = re.compile(r"\b(?:" + "|".join(several for _, several in (*THINGS.values(), _ANY)) + r")\b", re.IGNORECASE)
_SOME = {"a couple": 2, "a couple of": 2, "a few": 3, "a handful of": 3, "a bunch of": 3, "several": 3, "some": 3, "more": 3}

_OTHERS = rf"(?:another|other|different|alternative|alternate|{_NUMBERS}|\d{{1,3}}|a\s+couple\s+of|a\s+few|several)"
# Words between "another" and the thing that keep it one phrase: "another chorus melody", never "different in the chords".
_GAP = r"(?:\s+(?!(?:in|on|under|of|for|with|to|at|from|into)\b)[\w'/-]+){0,3}?"
_ALTERNATIVE = {tool: re.compile(rf"\b{_OTHERS}{_GAP}\s+{thing}\b|\b(?:alternatives?|options?|choices?|versions?|takes?|"
                                 rf"variations?|ideas|go|pass|shot|stab)\s+(?:for|of|on|at)\s+(?:the\s+|this\s+|that\s+)?"
                                 rf"(?:[\w'-]+\s+){{0,2}}?{thing}\b|\bmore{_GAP}\s+{plural}\b", re.IGNORECASE)
                for tool, (thing, plural) in THINGS.items()}  # fmt: skip
_REPLAN = re.compile(r"\bre-?plan\b|\bplan\s+(?:it|this|that|the\s+song|this\s+song|this\s+brief|the\s+brief|this\s+one)\b"
                     r".*\b(?:again|differently|another\s+way|(?:a\s+)?different\s+way|other\s+ways?)\b", re.IGNORECASE)


def count(clause: str, song: Song | None) -> int:
    """How many takes a clause asks for: the number said before the thing, 3 for a plural, else 1.

    "three chorus melodies", "a couple of other progressions", "another plan". Section names
    are masked first, so "another melody for verse 2" asks for one.
    """
    masked = mask(clause, [(f.start, f.end, f.value == slots.WHOLE_SONG) for f in slots.sections(clause, song)])
    said = _COUNT.search(masked)
    if said is not None:
        word = " ".join(said["n"].casefold().split())
        value = _SOME.get(word) or vocab.number_value(word)
        if isinstance(value, int) and value > 0:
            return value
    return 3 if _PLURAL.search(masked) else 1


def alternative_of(text: str) -> str | None:
    """The alternatives tool a clause asks for in so many words ("another melody", "three other plans"), or None.

    Chords asked for in a harmony style ("different, jazzier chords") are a reharmonization, not another progression.
    """
    for tool, pattern in _ALTERNATIVE.items():
        if pattern.search(text) and not (tool == intents.ALTERNATIVE_PROGRESSIONS and slots.harmony_style(text)):
            return tool
    return intents.ALTERNATIVE_PLANS if _REPLAN.search(text) else None


# "gimme some options for the bridge", "hit me with some alternatives": takes asked for, and not of what.
_UNNAMED = re.compile(rf"\b(?:{_AMOUNT}|other|different|alternative)\s+(?:other\s+|different\s+|alternative\s+)?"
                      rf"{_ANY[1]}(?:\s+(?:for|of|on)\b|\s*[?.!]*$)", re.IGNORECASE)


# "I have some ideas": takes the musician has, not ones asked for.
_HAVE = re.compile(r"\b(?:i|we)(?:\s+(?:have|had|got|already)|'ve)\b", re.IGNORECASE)


def unnamed(text: str) -> bool:
    """Whether a clause asks for takes of a section without saying of what ("a few options for the bridge")."""
    return bool(_UNNAMED.search(text)) and not _HAVE.search(text) and alternative_of(text) is None and not any(
        re.search(rf"\b{thing}\b", text, re.IGNORECASE) for thing, _ in THINGS.values())

