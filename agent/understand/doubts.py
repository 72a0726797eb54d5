"""Doubts: readings clear enough to run that the words still leave open, asked about instead.

A cut of "the verse" when there are two, a new part put "somewhere", "the second one" with
nothing said before it, a style said as a degree ("more jazzy": the band or the chords), and
a cut said with a direction ("drop the bridge down a bit").
"""

from __future__ import annotations

import re

from agent import intents
from agent.intents import Intent
from agent.understand import slots
from agent.understand.classifier import Scored
from music.song import Song

_PLURAL = re.compile(r"\b(?:all|every|both|each|whole)\b|\b(?:verses|choruses|hooks|refrains|bridges|intros|outros|solos)\b",
                     re.IGNORECASE)  # fmt: skip
_SOMEWHERE = re.compile(r"\b(?:somewhere|anywhere|wherever|some\s*place|some\s+point)\b", re.IGNORECASE)
_DOWN = re.compile(r"\b(?:down|lower)\b", re.IGNORECASE)
_DEGREE = re.compile(r"\b(?:more|less|bit|little|touch|tad|slightly|somewhat|kinda|kind\s+of)\s+(?:\w+\s+)?$", re.IGNORECASE)


def doubt(made: list[Intent], text: str, names: list[str], song: Song | None, telltale: bool) -> tuple[Intent, ...]:
    """The readings to offer when `made` should not run as it stands; () when it may."""
    if song is None or not made:
        return ()
    tool = made[0].tool
    if tool == intents.REMOVE_SECTION:
        if not telltale and _DOWN.search(text):
            # "drop the bridge down a bit": a cut said with a direction may mean taking it down; offer both.
            section = made[0].args.get("section", slots.WHOLE_SONG)
            return (made[0], Intent(intents.REVISE_SECTION, {"section": section, "direction": "calmer"}),
                    Intent(intents.CHANGE_KEY, {"section": section, "semitones": -2}))  # fmt: skip
        for name in names:
            found = song.find(name) if slots.resolves(name, song) else ()
            if len(found) > 1 and not _PLURAL.search(text):
                # "lose the verse" with two verses: which one, or both.
                labels = [song.sections[i].label for i in found]
                return (*(Intent(tool, {"section": label}) for label in labels[:2]), Intent(tool, {"section": name}))
    if tool == intents.ADD_SECTION and _SOMEWHERE.search(text) and not made[0].args.get("after"):
        places = [s.label for s in song.sections if s.kind in ("bridge", "chorus")]
        picks = list(dict.fromkeys([*(p for p in places if p.startswith("Bridge")), *places[1:2], *places[-1:]]))[:3]
        return tuple(Intent(tool, {**made[0].args, "after": label}) for label in picks)
    ones = [one for kind in ("verse", "chorus") if (one := slots.one_of(text, kind)) and slots.resolves(one, song)]
    if ones and not names and "section" in made[0].args:
        # "make the second one darker" with no section said before: the second what?
        return tuple(Intent(tool, {**made[0].args, "section": one}) for one in ones)
    if tool == intents.SET_STYLE:
        said = slots.style(text)
        harmony = slots.harmony_style(text)
        if said is not None and harmony is not None and _DEGREE.search(text[: said.start]):
            # "make it more jazzy": the band playing jazz, or jazz chords under the same band.
            return (made[0], Intent(intents.REHARMONIZE, {"section": slots.WHOLE_SONG, "style": str(harmony.value)}))
    return ()


# Readings that change the words a section already has.
_ON_WORDS = {intents.REWRITE_LYRICS, intents.RHYME_LINE}
_TOSS_UP = 0.05


def possible(ranked: tuple[Scored, ...], names: list[str], song: Song | None) -> tuple[Scored, ...]:
    """The readings that can be done: where writing and rewriting words read alike, a section without words is written.

    A rewrite the words say outright ("rewrite", "work a lighthouse into the lyrics") stays,
    and the tool tells what is missing.
    """
    if song is None or not names or not all(slots.resolves(n, song) for n in names):
        return ranked
    if any(song.sections[i].lyrics for n in names for i in song.find(n)):
        return ranked
    writing = max((s.score for s in ranked if s.reading.tool == intents.WRITE_LYRICS), default=None)
    on_words = max((s.score for s in ranked if s.reading.tool in _ON_WORDS and not s.telltale), default=None)
    if writing is None or on_words is None or on_words - writing > _TOSS_UP:
        return ranked
    return tuple(s for s in ranked if s.telltale or s.reading.tool not in _ON_WORDS)
