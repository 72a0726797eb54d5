"""Doubts: readings clear enough to run that the words still leave open, asked about instead.

A cut of "the verse" when there are two, a new part put "somewhere", "the second one" with
nothing said before it, a style said as a degree ("more jazzy": the band or the chords), a cut
said with a direction ("drop the bridge down a bit"), a way with nothing to move that way ("take
it up a notch": tempo, key or drive) and new words for a song that has words ("new lyrics": which).
"""

from __future__ import annotations

import re

from agent import intents
from agent.intents import Intent
from agent.section_words import SECTION_WORD
from agent.understand import fill, slots
from agent.understand.classifier import Scored
from music.song import Song

_PLURAL = re.compile(r"\b(?:all|every|both|each|whole)\b|\b(?:verses|choruses|hooks|refrains|bridges|intros|outros|solos)\b",
                     re.IGNORECASE)  # fmt: skip
_ONE_OF = re.compile(r"\b(?:one|either|any)\s+of\s+(?:the|those|these|them|our|my)\b|\bone\s+(?:verse|chorus|hook|refrain)\b(?!\s+\d)",
                     re.IGNORECASE)
_SOMEWHERE = re.compile(r"\b(?:somewhere|anywhere|wherever|some\s*place|some\s+point)\b", re.IGNORECASE)
_DOWN = re.compile(r"\b(?:down|lower)\b", re.IGNORECASE)
_DEGREE = re.compile(r"\b(?:more|less|bit|little|touch|tad|slightly|somewhat|kinda|kind\s+of)\s+(?:\w+\s+)?$", re.IGNORECASE)


def doubt(made: list[Intent], text: str, names: list[str], song: Song | None, telltale: bool) -> tuple[Intent, ...]:
    """The readings to offer when `made` should not run as it stands; () when it may."""
    if song is None or not made:
        return ()
    tool = made[0].tool
    several = _several(names, song)
    if several and _ONE_OF.search(text) and "section" in made[0].args:
        # "lose one of the hooks": which one.
        return tuple(Intent(tool, {**made[0].args, "section": song.sections[i].label}) for i in several[1][:3])
    if tool == intents.REMOVE_SECTION:
        if not telltale and _DOWN.search(text):
            # "drop the bridge down a bit": a cut said with a direction may mean taking it down; offer both.
            section = made[0].args.get("section", slots.WHOLE_SONG)
            return (made[0], Intent(intents.REVISE_SECTION, {"section": section, "direction": "calmer"}),
                    Intent(intents.CHANGE_KEY, {"section": section, "semitones": -2}))  # fmt: skip
        if several and not _PLURAL.search(text):
            # "lose the verse" with two verses: which one, or both.
            name, found = several
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
    words = which_words(made, text, names, song)
    if words:
        return words
    if tool == intents.SET_STYLE:
        said = slots.style(text)
        harmony = slots.harmony_style(text)
        if said is not None and harmony is not None and _DEGREE.search(text[: said.start]):
            # "make it more jazzy": the band playing jazz, or jazz chords under the same band.
            return (made[0], Intent(intents.REHARMONIZE, {"section": slots.WHOLE_SONG, "style": str(harmony.value)}))
    return ()


def _several(names: list[str], song: Song) -> tuple[str, tuple[int, ...]] | None:
    """The first name said that covers several sections of the song ("the verse" of two), with their places."""
    for name in names:
        found = song.find(name) if slots.resolves(name, song) else ()
        if len(found) > 1:
            return name, tuple(found)
    return None


# "take it up a notch", "bring it down a bit": a way to go and nothing said to move that way.
_NO_DIMENSION = re.compile(
    r"^(?:(?:ok|okay|so|now|right|hmm+|yeah)[\s,.]+)*(?:(?:can|could|would)\s+(?:you|u|we)\s+|let'?s\s+|please\s+|pls\s+)?"
    r"(?:(?:take|bring|turn|kick|knock|dial|nudge|push|crank|notch|step|put)\s+(?:it|things|everything|this|the\s+(?:song|section))\s+|"
    rf"put\s+(?:the\s+)?{SECTION_WORD.pattern}\s+|(?:go|move)\s+)(?:a\s+(?:bit|little)\s+|more\s+)?(?P<way>up|down)(?:\s+(?:a|one|another)?\s*(?:notch|bit|little|touch|tad|peg|gear|level|step|click))?"
    r"(?:\s+(?:please|pls|for\s+me))?\s*[.!?]*$", re.IGNORECASE)


def which_dimension(text: str, names: list[str], song: Song | None) -> tuple[Intent, ...]:
    """For "take it up a notch" with nothing to move: the tempo, the key and the drive that way; () otherwise."""
    said = _NO_DIMENSION.match(text.strip())
    if said is None or song is None:
        return ()
    up = said["way"].casefold() == "up"
    section = next((n for n in names if n != slots.WHOLE_SONG and slots.resolves(n, song)), None)
    return (fill.tempo_step(song, section, up, 0.08),
            Intent(intents.CHANGE_KEY, {"section": section or "all", "semitones": 2 if up else -2}),
            Intent(intents.REVISE_SECTION, {"section": section or slots.WHOLE_SONG, "direction": "more energy" if up else "calmer"}))


_ALL_OF_IT = re.compile(r"\b(?:all|every|whole|entire|everything|throughout)\b", re.IGNORECASE)


def which_words(made: list[Intent], text: str, names: list[str], song: Song | None) -> tuple[Intent, ...]:
    """For "new lyrics" with no section said, when the song has words: all of them anew, or one section's rewritten."""
    if song is None or made[0].tool != intents.WRITE_LYRICS or _ALL_OF_IT.search(text):
        return ()
    if any(n != slots.WHOLE_SONG for n in names) or any(n != slots.WHOLE_SONG for i in made for n in i.args.get("sections", ())):
        return ()
    worded = list(dict.fromkeys(s.kind for s in song.sections if s.lyrics))
    if not worded:
        return ()
    return (made[0], *(Intent(intents.REWRITE_LYRICS, {"section": kind, "how": ""}) for kind in worded[:2]))


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
