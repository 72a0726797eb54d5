"""The words musicians use for cowriter's values, defined once: formats, cymbals, voices, kinds, intervals, numbers.

Every value on the right is one the tools accept (see agent.intents); the slash grammar, the
request readers, the clarifying questions and /help all read these tables.
"""

from __future__ import annotations

import re
from typing import Final

# What musicians call each export format, in lower case; every value is an export format.
FORMAT_WORDS: Final[dict[str, str]] = {
    "wav": "wav", "wave": "wav", "audio": "wav", "audio file": "wav", "mixdown": "wav",
    "stems": "stems", "stem": "stems", "separate tracks": "stems", "individual tracks": "stems",
    "multitrack": "stems", "multitracks": "stems",
    "midi": "midi", "mid": "midi", "musicxml": "musicxml", "music xml": "musicxml", "xml": "musicxml",
    "musescore": "musicxml", "sheet music": "musicxml", "score": "musicxml", "notation": "musicxml",
    "chordpro": "chordpro", "chord pro": "chordpro", "chord sheet": "chordpro", "chord chart": "chordpro",
    "songbook": "chordpro", "json": "json", "lyrics": "lyrics", "lyric sheet": "lyrics", "lyrics sheet": "lyrics",
    "words": "lyrics", "text": "lyrics", "text file": "lyrics", "txt": "lyrics",
}  # fmt: skip
# What drummers call each cymbal, in lower case; "groove" hands the choice back to the style.
CYMBAL_WORDS: Final[dict[str, str]] = {
    "hi-hat": "hi-hat", "hi hat": "hi-hat", "hihat": "hi-hat", "hi-hats": "hi-hat", "hi hats": "hi-hat",
    "hihats": "hi-hat", "hats": "hi-hat", "hat": "hi-hat", "closed hats": "hi-hat", "closed hi-hat": "hi-hat",
    "closed hi-hats": "hi-hat", "closed hat": "hi-hat", "open hi-hat": "open hi-hat", "open hi-hats": "open hi-hat",
    "open hi hats": "open hi-hat", "open hihats": "open hi-hat", "open hats": "open hi-hat",
    "open hat": "open hi-hat", "ride": "ride", "ride cymbal": "ride", "crash": "crash", "crash cymbal": "crash",
    "crashes": "crash", "groove": "groove", "usual": "groove", "normal": "groove", "default": "groove",
}  # fmt: skip
VOICE_WORDS: Final[dict[str, str]] = {
    "soprano": "soprano", "mezzo": "mezzo", "mezzo-soprano": "mezzo", "mezzo soprano": "mezzo", "alto": "alto",
    "contralto": "alto", "tenor": "tenor", "baritone": "baritone", "bass voice": "bass", "bass singer": "bass",
    "sopranos": "soprano", "altos": "alto", "tenors": "tenor", "baritones": "baritone", "mezzos": "mezzo",
}  # fmt: skip
# Kinds of section a musician may ask to add, by the names they use.
KIND_WORDS: Final[dict[str, str]] = {
    "intro": "intro", "introduction": "intro", "verse": "verse", "pre-chorus": "pre-chorus", "pre chorus": "pre-chorus",
    "prechorus": "pre-chorus", "chorus": "chorus", "hook": "chorus", "refrain": "chorus", "bridge": "bridge",
    "middle eight": "bridge", "middle 8": "bridge", "middle bit": "bridge", "middle section": "bridge", "solo": "solo", "guitar solo": "solo", "instrumental": "solo",
    "instrumental break": "solo", "outro": "outro", "coda": "outro",
    "ending": "outro", "tail": "outro",
}  # fmt: skip
HARMONY_STYLE_WORDS: Final[dict[str, str]] = {
    "jazz": "jazz", "jazzy": "jazz", "jazzier": "jazz", "bebop": "jazz", "tritone": "jazz", "gospel": "gospel",
    "churchy": "gospel", "church": "gospel", "borrowed": "borrowed", "borrow": "borrowed", "modal mixture": "borrowed",
    "mixture": "borrowed", "modal interchange": "borrowed", "parallel key": "borrowed", "parallel minor": "borrowed",
    "parallel major": "borrowed", "my style": "mine", "my own": "mine", "the way i write": "mine",
    "the way i'd write": "mine", "the way i usually write": "mine", "the way i'd usually write": "mine",
    "how i write": "mine", "how i usually write": "mine", "how i'd write": "mine", "my usual": "mine",
}  # fmt: skip
# Intervals by name, in semitones; INTERVAL_UNITS are counted ("three semitones").
INTERVALS: Final[dict[str, int]] = {
    "half step": 1, "half a step": 1, "half tone": 1, "semitone": 1, "a fret": 1, "whole step": 2, "whole tone": 2,
    "full step": 2, "a tone": 2, "a step": 2, "minor third": 3, "minor 3rd": 3, "major third": 4, "major 3rd": 4,
    "a third": 3, "fourth": 5, "perfect fourth": 5, "4th": 5, "tritone": 6, "fifth": 7, "perfect fifth": 7,
    "5th": 7, "octave": 12,
}  # fmt: skip
INTERVAL_UNITS: Final[dict[str, int]] = {
    "semitone": 1, "semitones": 1, "half step": 1, "half steps": 1, "half-steps": 1, "fret": 1, "frets": 1,
    "whole step": 2, "whole steps": 2, "step": 2, "steps": 2, "tone": 2, "tones": 2,
}  # fmt: skip
METRE_WORDS: Final[dict[str, str]] = {
    "waltz": "3/4", "three four": "3/4", "in three": "3/4", "three-four": "3/4", "six eight": "6/8",
    "twelve eight": "12/8", "in four": "4/4", "four four": "4/4", "common time": "4/4", "cut time": "2/2",
    "two four": "2/4", "five four": "5/4", "seven eight": "7/8", "shuffle in twelve": "12/8",
}  # fmt: skip
SMALL_NUMBERS: Final[dict[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12,
}  # fmt: skip
NUMBER_WORDS: Final[dict[str, int]] = {
    **SMALL_NUMBERS, "zero": 0, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
}  # fmt: skip
ORDINAL_NUMBERS: Final[dict[str, int]] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "original": 1,
}  # fmt: skip


def number_value(said: str | None) -> int | float | None:
    """The number in digits or words: "12", "twelve", "one hundred and twelve", "eighty-four"."""
    if not said:
        return None
    text = said.casefold().strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        return float(text)
    total, current = 0, 0
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "and"]
    if not words:
        return None
    for word in words:
        if word == "a":
            continue
        if word == "hundred":
            current = max(current, 1) * 100
        elif word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
        else:
            return None
    total += current
    return total
