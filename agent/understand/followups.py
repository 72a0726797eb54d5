"""Follow-ups: "same for the bridge", "the outro too" make the last turn's changes again where they say."""

from __future__ import annotations

import re

from agent import intents
from agent.intents import Intent
from agent.understand import slots
from agent.understand.classifier import mask
from music.song import Song

_MASKED_SECTIONS = r"the\s+section(?:\s*(?:,|and|&)\s*the\s+section)*"
_AGAIN = re.compile(
    rf"^(?:(?:ok|okay|great|nice|cool|good|now|and|also|then|right|perfect|lovely|yes|yeah)[\s,!.]+)*"
    rf"(?:(?:(?:do|try)\s+)?(?:the\s+)?same\s+(?:thing\s+|again\s+|here\s+)?(?:for|with|to|on|in)\s+{_MASKED_SECTIONS}|"
    rf"(?:(?:do|try)\s+)?{_MASKED_SECTIONS}\s+(?:too|as\s+well|also)|(?:now|next)\s+(?:do\s+)?{_MASKED_SECTIONS}|"
    rf"(?:do|try)\s+(?:it|that|this)\s+(?:to|for|on|with|in)\s+{_MASKED_SECTIONS}(?:\s+(?:too|as\s+well))?)"
    rf"(?:\s+(?:too|as\s+well|please|pls|then))*\s*[.!]*$",
    re.IGNORECASE,
)


def again(text: str, song: Song | None, previous: tuple[Intent, ...]) -> tuple[Intent, ...]:
    """The last turn's changes made again on the sections a follow-up names ("same for the bridge", "the outro too")."""
    if not previous:
        return ()
    found = [f for f in slots.sections(text, song) if f.value != slots.WHOLE_SONG]
    masked = mask(text, [(f.start, f.end, False) for f in found])
    if not found or not _AGAIN.match(masked):
        return ()
    made: list[Intent] = []
    for intent in previous:
        if "section" not in intent.args or intent.args.get("section") in (None, slots.WHOLE_SONG):
            continue  # a change to the whole song has no section to move to
        made.extend(Intent(intent.tool, {**intent.args, "section": str(f.value)}) for f in found)
    return tuple(without_repeats(made))


def without_repeats(found: list[Intent]) -> list[Intent]:
    """Each (tool, section, topic) once, the later reading winning ("too long, cut it to 2 bars")."""
    keep: dict[tuple[str, str, str], Intent] = {}
    for intent in found:
        if intent.tool in (intents.SET_STYLE, intents.SET_METER) and any(k[0] == intent.tool for k in keep):
            continue  # "turn this into a folk tune. acoustic guitar, fiddle": one song, one style, the first said
        # "bpm and key?": two questions of one section are two answers
        key = (intent.tool, str(intent.args.get("section", intent.args)).casefold(), str(intent.args.get("topic", "")))
        keep.pop(key, None)
        keep[key] = intent
    return list(keep.values())
