"""The words around a request that say what kind it is: politeness to drop, a new song's brief, a lasting preference.

A brief is kept as the musician said it ("a folk song about leaving home, 90 BPM, D minor");
a preference ("I hate saxophone", "remember that I sing baritone") is told apart from a
reaction to this song ("I love the chorus").
"""

from __future__ import annotations

import re

from agent import intents
from agent.intents import Intent
from agent.section_words import MENTIONS_SECTION, WHOLE_SONG, known, rx, section_name
from agent.understand.qualities import qualities
from agent.vocabulary import FORMAT_WORDS
from music.preferences import read_preference as read_structured
from music.song import Song

_LEAD = rx(
    r"^(?:hey|hi|ok|okay|alright|all right|so|now|right|great|cool|nice|well|yes|yeah|please|pls|kindly|just|"
    r"maybe|could you|can you|would you|will you|could we|can we|shall we|let's|lets|let us|i want to|"
    r"i'd like to|i would like to|i wanna|i want you to|i'd like you to|i need you to|go ahead and|"
    r"help me(?=\s+\w)(?:\s+to)?)\b(?!-)[\s,.!:;]*"  # "hi-hats" is no greeting
)
_TRAIL = rx(
    r"(?:[\s,;:]*\b(?:please|pls|thanks|thank you|thx|for me|now|again|if you can|if you could|if possible|"
    r"real quick|quickly)|[\s?!.…]+)$"
)


def normalize(text: str) -> str:
    """The message with typographic quotes, spacing, politeness and end punctuation removed."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    # Emoji carry mood, not instructions; symbols such as the sharp sign in "F♯ minor" stay.
    text = " ".join("".join(c for c in text if ord(c) < 0x1F000).split())
    previous = None
    while previous != text:
        previous = text
        text = _TRAIL.sub("", _LEAD.sub("", text)).strip()
    return text


_SONG_NOUNS = {
    "song", "tune", "track", "ballad", "number", "anthem", "lullaby", "hymn", "ditty", "jingle", "piece", "lament",
    "shanty", "serenade", "waltz", "tango", "march", "banger", "jam", "demo", "single", "blues",
}  # fmt: skip
_STYLES = {
    "folk", "pop", "rock", "jazz", "country", "punk", "metal", "funk", "funky", "soul", "reggae", "disco", "gospel",
    "indie", "hip-hop", "rap", "r&b", "rnb", "edm", "techno", "house", "ambient", "synthwave", "synth-pop",
    "synthpop", "bossa", "samba", "latin", "celtic", "bluegrass", "americana", "grunge", "emo", "lo-fi", "lofi",
    "trap", "swing", "motown", "ska", "dubstep", "trance", "electronic", "acoustic", "orchestral", "cinematic",
    "christmas", "love", "protest", "drinking", "sea", "pirate", "campfire",
}  # fmt: skip
_PLAN = rx(
    r"^(?:write|start|make|compose|begin|create|draft|do|work\s+on|come\s+up\s+with|put\s+together|i\s+want|"
    r"i'd\s+like|i\s+would\s+like|give\s+me|how\s+about)(?:\s+(?:me|us))?\s+"
    r"(?P<brief>(?:an?|another|one\s+more|some)\s+\S.*)$"
)
_NEW_SONG = (
    rx(r"^(?:an?\s+)?new\s+(?:song|tune|track)\s*[:—–-]\s*(?P<brief>\S.*)$"),
    rx(r"^(?:an?\s+)?new\s+(?P<brief>(?:song|tune|track)\s+(?:about|in|for|with|called)\s+\S.*)$"),
)
_HEAD_END = rx(
    r"\b(?:about|for|with|in|at|on|of|that|called|titled|named|where|which|like|set|from|to)\b|[,:;()]|\s[-–—]\s|\d"
)

_REMEMBER_CMD = rx(
    r"^(?:please\s+)?(?:remember|keep\s+in\s+mind|bear\s+in\s+mind|don't\s+forget|dont\s+forget|do\s+not\s+forget|"
    r"never\s+forget|(?:note|take\s+note|make\s+a\s+note)\s+that)(?:\s+that)?\s*[:,]?\s+(?P<text>.+)$"
)
_ADVERBS = r"(?:(?:really|just|generally|usually|always|absolutely|truly|honestly|definitely|personally|mostly)\s+)*"
_LIKING = (
    r"(?:(?:don't|dont|do\s+not|never)\s+(?:ever\s+)?(?:want|like|use|need|enjoy|care\s+for|love)|prefer|hate|"
    r"dislike|detest|love|like|adore|enjoy|can't\s+stand|cannot\s+stand|sing|play|(?:would|'d)\s+(?:rather|prefer)|"
    r"(?:\s*am|'m)\s+(?:not\s+)?a\s+fan\s+of)"
)
_PREFERENCE = (
    rx(rf"^i(?:\s+|(?=')){_ADVERBS}{_LIKING}\s+(?P<obj>.+)$"),
    rx(r"^i\s+(?:always|only|usually|generally|mostly)\s+(?:want|use|write|work)\s+(?P<obj>.+)$"),
    rx(r"^(?:no|avoid|never\s+(?:ever\s+)?(?:use|put|give\s+me)|(?:don't|dont|do\s+not)\s+(?:ever\s+)?(?:use|add|include)|"
        r"never\s+add|never\s+include|always\s+use|always\s+include)\s+(?P<obj>.+)$"),
    rx(r"^(?:the|my|our)\s+(?:lead\s+)?(?:singer|vocalist|voice|vocals|vocal\s+range|range)\s+"
        r"(?:is|are|sings?|has)\s+(?P<obj>.+)$"),
    rx(r"^i(?:'m|\s+am)\s+(?P<obj>an?\s+(?:baritone|tenor|soprano|alto|mezzo|contralto|bass|countertenor)\b.*)$"),
)
_NO_THING = 2  # the pattern of "no X", "avoid X", "never use X"
_PRONOUNS = {"it", "that", "this", "these", "those", "them", "what", "how", "where", "when", "you", "your", "yours",
             "me", "him", "her", "us", "i", "we", "they"}  # fmt: skip
_CHITCHAT = {
    "thanks", "thank", "way", "problem", "problems", "worries", "idea", "no", "wait", "stop", "not", "more", "one",
    "clue", "sorry", "kidding", "please", "doubt", "matter", "never", "offence", "offense",
}  # fmt: skip
_REACTION = rx(r"\b(?:song|version|versions|idea|sound|result|change|changes|edit|one|vibe|lyrics|melody|chords|"
                r"words|tempo|key|beat|groove|mix|tune|track|draft)\b")  # fmt: skip
_THIS_SONGS = rx(r"\b(?:the|this|that)\s+(?:(?:first|second|third|fourth|last|final|next|other)\s+)?(?:intro|verse|"
                 r"pre-?chorus|chorus|bridge|solo|outro|middle\s+(?:eight|8))\b(?!s)")
# "I'd rather end on the last chorus" is a wish for this song's form; "no drums in the intro" bans them in every intro.
_SONGS = rx(r"\b(?:songs|tunes|tracks)\b")
_OWNERS = {"the", "this", "that", "these", "those", "your", "our", "my", "its", "it's"}


def _preference(obj: str) -> bool:
    """Whether a liked or disliked thing is a lasting preference, not a reaction to this song."""
    text = re.sub(r"^not\s+", "", obj.casefold().strip(" .,!"))
    words = text.split()
    if not words or words[0] in _PRONOUNS or words[0] in _CHITCHAT or re.search(r"\bversions?\b|\bv\d", text):
        return False
    if known(section_name(text), None) or section_name(text) == WHOLE_SONG:
        return False
    if words[0] in _OWNERS and (_REACTION.search(text) or MENTIONS_SECTION.search(text)):
        return False
    return not (MENTIONS_SECTION.search(text) and _comparative(text))


def read_preference(text: str, song: Song | None) -> Intent | None:
    """A lasting preference said in so many words ("I hate saxophone", "remember that I sing baritone"), or None."""
    command = _REMEMBER_CMD.match(text)
    if command:
        said = command["text"].strip(" .,")
        # An explicit "remember" is trusted; only a bare pointer or a section name is too vague to keep.
        vague = len(said.split()) < 2 or section_name(said) == WHOLE_SONG or known(section_name(said), None)
        return None if vague else Intent(intents.REMEMBER, {"text": said})
    if _FOR_NOW.search(text):
        return None  # "my voice is shot today": how things are now, not how they always are
    lasting = bool(_LASTING.search(text))
    said = _LASTING.sub("", _LEAD_IN.sub("", text)).strip(" ,.;:!")
    for number, pattern in enumerate(_PREFERENCE):
        match = pattern.match(said)
        if not match:
            continue
        this_song = number != _NO_THING and _THIS_SONGS.search(match["obj"]) and not _SONGS.search(match["obj"])
        if this_song or not _preference(match["obj"]):
            # "I always sing these in G, keep that in mind from now on": said to last, whatever it points at;
            # "I'd rather end on the last chorus" without it is about this song.
            if not (lasting and not MENTIONS_SECTION.search(match["obj"])):
                continue
        # "no saxophone" is a preference; "no loose ends" is how to finish a section.
        if number == _NO_THING and not read_structured(text).does():
            continue
        return Intent(intents.REMEMBER, {"text": text})
    return None


# "fyi", "note for the future:", "just so you know": a lead-in before what is to be kept.
_LEAD_IN = rx(r"^(?:(?:fyi|btw|by\s+the\s+way|just\s+so\s+you\s+know|for\s+the\s+record|heads\s+up|"
              r"(?:a\s+)?note\s+for\s+(?:the\s+)?future|for\s+(?:all\s+|any\s+|every\s+)?future\s+(?:songs?|reference|projects?)|"
              r"going\s+forward|"
              r"from\s+now\s+on|in\s+general)\s*[:,-]?\s*)+")
# Words that make a wish last beyond this song.
_LASTING = rx(r"\s*,?\s*(?:(?:so\s+)?(?:keep|bear)\s+(?:that|this|it)\s+in\s+mind\s*)?(?:from\s+now\s+on|going\s+forward|"
              r"in\s+(?:the\s+)?future|for\s+(?:the\s+|all\s+|any\s+|every\s+)?future(?:\s+(?:songs?|projects?))?|"
              r"in\s+(?:any|all|every)\s+(?:of\s+)?(?:my|our)\s+songs?)\b|"
              r"\s*,?\s*(?:so\s+)?(?:keep|bear)\s+(?:that|this|it)\s+in\s+mind\b")
_FOR_NOW = rx(r"\b(?:today|tonight|right\s+now|at\s+the\s+moment|this\s+(?:week|morning|evening|time)|for\s+now)\b")
_MY_STYLE = rx(r"\s*,?\s*\b(?:in\s+my\s+(?:own\s+)?style|like\s+my\s+(?:other|own)\s+songs)\b")


def _planned(brief: str) -> Intent:
    """A plan of `brief`; "in my style" in it asks for the musician's learned style."""
    mine = _MY_STYLE.search(brief)
    if mine is None:
        return Intent(intents.PLAN_SONG, {"brief": brief})
    rest = " ".join(f"{brief[: mine.start()]} {brief[mine.end() :]}".split()).strip(" ,")
    return Intent(intents.PLAN_SONG, {"brief": rest, "in_my_style": True})


# "make a tune for them", "a melody to those words": music for words just named, not a new song.
_FOR_THE_WORDS = rx(r"\b(?:tune|melody)\s+(?:for|to|over|on)\s+(?:it|them|those|these|that|this|the\s+(?:words|lyrics|lines))\b")


def for_the_words(text: str) -> bool:
    """Whether a tune is asked for words already there ("make a tune for them too"), not as a new song."""
    return bool(_FOR_THE_WORDS.search(text))


def read_plan(text: str, song: Song | None) -> Intent | None:
    """A new song asked for ("write me a folk song about home"), with the brief as said, or None."""
    if for_the_words(text):
        return None
    for pattern in _NEW_SONG:
        match = pattern.match(text)
        if match:
            return _planned(match["brief"].strip())
    match = _PLAN.match(text)
    if not match:
        return None
    brief = match["brief"].strip()
    head = _HEAD_END.split(brief.casefold(), maxsplit=1)[0]
    words = set(head.replace("hip hop", "hip-hop").replace("r & b", "r&b").split())
    if words & (_SONG_NOUNS | _STYLES) and not _comparative(head) and not words & FORMAT_WORDS.keys():
        return _planned(brief)
    return None


def _comparative(text: str) -> bool:
    """Whether the text asks for a direction in so many words ("darker", "more tension"), not just a mood ("a sad song")."""
    return any(quality.weight > 1 for quality in qualities(text, by_meaning=False))
