"""Which way a section should move, read from the qualities a musician names and how they name them.

"Brighter", "make it sunny" and "needs more sparkle" want more of a quality; "too sunny",
"less busy" and a complaint such as "the verse feels a bit depressing" want its opposite.
The quality words are the vocabulary below; a word it lacks ("brooding", "jubilant") is
read by its meaning, as the nearest quality word in the sentence embeddings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np

OPPOSITE: dict[str, str] = {
    "brighter": "darker", "darker": "brighter", "more energy": "calmer", "calmer": "more energy",
    "more tension": "resolve", "resolve": "more tension", "simpler": "richer", "richer": "simpler",
}  # fmt: skip

# Words (and short phrases) that name a quality; asking for more of one moves that way.
QUALITY_WORDS: dict[str, tuple[str, ...]] = {
    "brighter": (
        "bright", "brighten", "sunny", "sun", "sunshine", "happy", "cheerful", "cheery", "joyful", "joyous", "hopeful",
        "uplifting", "uplifted", "uplift", "light", "lighten", "shine", "shiny", "sparkle", "sparkly", "major",
        "optimistic", "glad", "radiant", "jubilant", "euphoric", "sweet", "positive", "summery", "lift the mood", "air",
        "airy", "open up", "brilliant", "brilliance", "sunrise", "dawn", "daybreak", "sunlight", "sunlit",
    ),
    "darker": (
        "dark", "darken", "sad", "moody", "gloomy", "gloom", "brooding", "brood", "melancholy", "melancholic",
        "somber", "sombre", "bleak", "ominous", "menace", "menacing", "haunting", "haunted", "bittersweet", "shadow",
        "shadowy", "grim", "mournful", "murky", "dull", "depressing", "depressed", "mopey", "minor", "sinister",
        "eerie", "noir", "heavy-hearted", "downbeat", "wistful", "desolate", "lonely", "cold", "muffled",
    ),
    "more energy": (
        "energy", "energetic", "energize", "energise", "punch", "punchy", "drive", "driving", "power", "powerful",
        "oomph", "intensity", "intense", "big", "huge", "loud", "busy", "hard", "hit hard", "hit harder", "go harder",
        "explode", "take off", "soar", "soars", "soaring", "lively", "alive", "life", "pump up", "pump it up", "beef up", "liven up", "kick",
        "excitement", "exciting", "groove", "bang", "impact", "cluttered", "crowded", "overcrowded",
        "frantic", "much", "overwhelming", "full", "dense", "aggressive", "fire", "fiery", "ramp up", "juice",
        "step it up", "step up", "kick it up", "amp up", "amp it up", "forte", "fortissimo", "tutti", "everyone in",
        "everybody in", "crescendo",
    ),
    "calmer": (
        "calm", "calmer", "chill", "mellow", "laid back", "laid-back", "relaxed", "breathe", "space", "sparse",
        "soft", "gentle", "quiet", "peaceful", "tranquil", "subdued", "down a notch", "tone down",
        "thin out", "pull back", "lifeless", "sleepy", "flat", "limp", "weak", "tame", "lame", "static", "coasting",
        "boring", "dead", "restrained", "delicate", "intimate", "serene", "still", "settle down", "calm down", "cool down", "cool off",
        "diminuendo", "decrescendo", "pianissimo", "mezzo piano",
    ),
    "more tension": (
        "tension", "tense", "suspense", "suspenseful", "unresolved", "unsettled", "restless", "edge", "edgy",
        "anticipation", "pull", "unease", "uneasy", "anxious", "nervous", "build", "build up", "urgency", "urgent",
        "hold its breath", "holding its breath", "hold your breath", "holding your breath", "holds its breath",
        "dissonant", "dissonance", "on edge",
    ),
    "resolve": (
        "resolve", "resolved", "resolution", "settle", "settled", "finished", "final", "conclusive", "cadence",
        "land", "home", "closure", "complete", "release", "at rest", "full stop", "proper ending",
    ),
    "simpler": (
        "simple", "simplify", "plain", "basic", "triads", "basic triads", "easy", "easier", "stripped", "strip back", "bare",
        "minimal", "sparse chords", "three chords", "straightforward", "dumb down", "stripped back", "dead simple",
        "less is more",
        "thin",
    ),
    "richer": (
        "rich", "enrich", "lush", "lusher", "fancy", "sophisticated", "complex", "complicated", "colourful",
        "colorful", "extended", "extensions", "sevenths", "ninths", "seventh", "ninth", "interesting", "spice",
        "spicy", "dress up", "cluttered harmony", "colour", "color", "bland", "lush it up", "thick", "thicken",
        "7ths", "9ths", "fill out", "fill it out", "flesh out", "flesh it out", "fuller",
    ),
}  # fmt: skip
# Words that name too much of a quality, and so always ask for its opposite.
_TOO_MUCH: dict[str, str] = {
    "overcomplicated": "simpler", "over-complicated": "simpler", "overcooked": "simpler", "overdone": "simpler",
    "overblown": "calmer", "overbusy": "calmer", "over-busy": "calmer", "overproduced": "calmer",
}  # fmt: skip
# Words that name a quality on two axes at once ("cluttered": too many notes, or too many chords).
_ALSO: dict[str, tuple[str, ...]] = {"cluttered": ("richer",), "crowded": ("richer",), "dull": ("calmer",)}
_HARMONIC = re.compile(r"\b(?:chords?|harmon\w*|progression|changes|voicings?|triads?)\b", re.IGNORECASE)
_RHYTHMIC = re.compile(r"\b(?:drums?|drummer|beat|groove|kit|bass|percussion|rhythm|hats?|band|playing|loud)\b", re.I)

_INVERT_BEFORE = re.compile(
    r"\b(?:too|overly|less|not\s+so|not\s+as|so\s+much|too\s+much|rid\s+of|remove|lose|kill|drain|without|"
    r"out\s+of)(?:\s+(?:the|some|of|that|this|a|bit|little|kinda|really|very|way|all))*\s*$",
    re.IGNORECASE,
)
_OUT_AFTER = re.compile(r"^\s*(?:\w+\s+)?out\b", re.IGNORECASE)
_DOWN_AFTER = re.compile(r"^(?:\s+(?:a\s+)?\w+){0,3}?\s+down\b", re.IGNORECASE)
_TURNING = re.compile(r"\b(?:bring|turn|take|tone|dial|knock|pull|wind|ease|back|drop)\b[^.]*$", re.IGNORECASE)
_ENOUGH = re.compile(r"^\s*(?:\w+\s+)?enough\b", re.IGNORECASE)
_STRONG_BEFORE = re.compile(
    r"\b(?:more|less|too|so|overly|a\s+lot|way|much)(?:\s+\w+)?\s*$|"
    r"\b(?:can|could|would|should|will|must|let|make|please|pls)\s+(?:it|them|you|we|u|the\s+\w+(?:\s+\d+)?)?\s*$",
    re.IGNORECASE,
)
# Where a clause stops talking about the music: "a song about driving at night", "for what the words say".
_TOPIC = re.compile(r"\b(?:about|for\s+what|for\s+where|for\s+a\s+song|than|before|so\s+(?:that\s+)?(?:it|the|you|we|i|they))\b.*$",
                    re.IGNORECASE)
_NEGATED_BEFORE = re.compile(r"\b(?:don't|doesn't|isn't|aren't|wasn't|not|never|no|hardly|lacks?|lacking|missing|zero)"
                             r"(?:\s+\w+){0,2}\s*$", re.IGNORECASE)  # fmt: skip
# A fragment that describes the song ("the verse feels flat", "it's kinda murky") rather than naming things.
_DESCRIBING = re.compile(r"\b(?:is|are|was|were|feels?|feeling|sounds?|seems?|gets?|getting|looks?|comes\s+across|"
                         r"it's|that's|they're|its|kinda|kind\s+of|sort\s+of|just|so|too|bit|quite|pretty|"
                         r"drags?|hangs?)\b|'s\b|'re\b", re.IGNORECASE)  # fmt: skip
_IMPERATIVE = re.compile(r"^\s*(?:just\s+|please\s+|pls\s+)?(?P<verb>[a-z]+)\s+(?:it|them|things|that|this|the|up|out|down)\b")
_FRAGMENTS = re.compile(r"[.?!;,…]+|\s+(?:but|though|because|cause|cuz)\s+|\s[-–—]\s", re.IGNORECASE)
# A request form: asking for a change rather than describing the song.
_ASKING = re.compile(
    r"\b(?:more|less|make|give|add|put|let|bring|turn|take|should|needs?|need\s+to|could|can|would|want|wanna|"
    r"i'?d\s+like|try|go|get|pump|beef|liven|lighten|brighten|darken|simplify|enrich|calm|tone|strip|thin|"
    r"pull|push|lift|build|resolve|dress|spice|open|mellow|lush)\b|\w+(?:er|ier)\b(?!\s+than)",
    re.IGNORECASE,
)
_PRAISE = re.compile(
    r"\b(?:perfect|great|love|loving|amazing|awesome|fine|good|sick|nice|brilliant|beautiful|fav(?:ou?rite)?|"
    r"spot\s+on|right|works|working|fire\s+emoji|banger)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quality:
    """One quality the text names and the direction it asks for."""

    direction: str
    word: str
    start: int
    inverted: bool
    weight: int = 1


def _index() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for direction, words in QUALITY_WORDS.items():
        for word in words:
            index.setdefault(word, []).append(direction)
    for word, extra in _ALSO.items():
        index.setdefault(word, []).extend(extra)
    return index


_INDEX = _index()
_PHRASES = sorted(_INDEX, key=len, reverse=True)
_STEMS = (("ier", "y"), ("ier", "ie"), ("er", ""), ("er", "e"), ("ness", ""), ("iness", "y"), ("est", ""),
          ("en", ""), ("s", ""), ("ed", ""), ("ing", ""), ("ing", "e"))  # fmt: skip


def _base(word: str) -> str | None:
    """The vocabulary word an inflected word comes from ("sunnier" -> "sunny", "punchier" -> "punchy")."""
    if word in _INDEX:
        return word
    for suffix, replacement in _STEMS:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + replacement
            if stem in _INDEX:
                return stem
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in _INDEX:  # "bigger" -> "big"
                return stem[:-1]
    return None


_STOP = {
    "the", "a", "an", "it", "its", "it's", "is", "are", "be", "to", "of", "in", "on", "for", "and", "or", "but",
    "make", "bit", "little", "more", "less", "too", "so", "very", "really", "way", "kinda", "kind", "sort", "just",
    "feel", "feels", "sound", "sounds", "seems", "some", "can", "could", "you", "we", "i", "me", "my", "this",
    "that", "them", "they", "please", "pls", "now", "right", "rn", "tbh", "maybe", "think", "want", "like",
    "section", "with", "at", "up", "down", "out", "all", "whole", "thing", "song", "track", "part", "bar", "bars",
    "chords", "chord", "lyrics", "words", "drums", "bass", "tempo", "key", "give", "needs", "need", "should",
    "get", "go", "let", "put", "take", "turn", "have", "has", "was", "were", "one", "two", "other", "again",
    "lot", "lots", "much", "here", "there", "what", "how", "which", "ok", "okay", "yeah", "hey",
    "drum", "guitar", "guitars", "piano", "synth", "synths", "strings", "sax", "saxophone", "vocals", "vocal", "keys",
    "pad", "lead", "horns", "brass", "cello", "violin", "organ", "band", "singer", "voice", "melody", "beat",
}  # fmt: skip
_SIMILAR = 0.80  # cosine to a quality word at which an unknown word counts as saying it


@lru_cache(maxsize=1)
def _word_vectors() -> tuple[tuple[str, ...], np.ndarray]:
    from memory.embedding import embed

    words = tuple(w for w in _INDEX if " " not in w)
    return words, embed(list(words))


def _by_meaning(word: str) -> str | None:
    """The quality word closest in meaning to an unknown word, when close enough."""
    from memory.embedding import embed

    words, vectors = _word_vectors()
    similarity = vectors @ embed([word])[0]
    best = int(np.argmax(similarity))
    return words[best] if float(similarity[best]) >= _SIMILAR else None


def before_topic(text: str) -> str:
    """The part of a clause that talks about the music, before "about ..." or "for what the words say"."""
    topic = _TOPIC.search(text)
    return text[: topic.start()] if topic else text


def qualities(text: str, *, by_meaning: bool = True, skip: tuple[tuple[int, int], ...] = ()) -> list[Quality]:
    """The qualities a clause names, each with the direction it asks for and how strongly.

    The clause is read fragment by fragment ("the chorus is a bit much. calm it down?"): a
    fragment that asks for a change keeps its words' directions; one that only describes the
    song ("it's kinda murky") is a complaint and asks for the opposite.

    Args:
        text: One clause, e.g. "the verses are too sunny" or "make them brooding".
        by_meaning: Also read words outside the vocabulary by their nearest quality word.
        skip: Spans to leave unread (section names: "the final chorus" is no call for finality).
    """
    lowered = text.casefold().replace("’", "'")
    for start, end in skip:
        lowered = lowered[:start] + " " * (end - start) + lowered[end:]
    found: list[Quality] = []
    offset = 0
    for fragment in _FRAGMENTS.split(lowered):
        begin = lowered.find(fragment, offset)
        offset = begin + len(fragment)
        topic = _TOPIC.search(fragment)
        read = fragment[: topic.start()] if topic else fragment
        found.extend(Quality(q.direction, q.word, q.start + begin, q.inverted, q.weight)
                     for q in _fragment_qualities(read, by_meaning))  # fmt: skip
    return sorted(found, key=lambda q: q.start)


# A word after these describes the song ("the intro's a bit thin"), even where it could ask ("thin it out").
_DEGREE_BEFORE = re.compile(r"(?:\ba\s+(?:bit|little|tad|touch)|\b(?:too|so|very|really|kinda|quite|pretty|rather|is|are|was|"
                            r"were|feels?|sounds?|seems?|looks?)|'s|'re)\s+$", re.IGNORECASE)


_COMPARING = re.compile(r"more|less|\w+(?:er|ier)", re.IGNORECASE)  # "I wish the intro was darker" still asks


def _asks(fragment: str) -> bool:
    """True when the fragment asks for a change: a request form not used as a description."""
    return any(_COMPARING.fullmatch(m.group()) or not _DEGREE_BEFORE.search(fragment[: m.start()])
               for m in _ASKING.finditer(fragment))  # fmt: skip


# "three is too much", "four choruses are a bit too much": a count said, not a quality.
_COUNTED = re.compile(r"\b(?:two|three|four|five|six|\d+)\s+(?:\w+\s+)?(?:is|are|'s|'re|feels?|seems?)\s+"
                      r"(?:one\s+|a\s+bit\s+|a\s+little\s+|way\s+|just\s+)?too\s+$")


_PARTICLES = {"up", "down", "back", "out", "off"}


@cache
def _phrase_pattern(phrase: str) -> str:
    """A phrase as a pattern; a verb and its particle may hold what they move ("settle the intro down")."""
    words = phrase.split()
    if len(words) == 2 and words[1] in _PARTICLES and words[0] not in _PARTICLES:
        # What the chords do is read from the chords ("thin the harmony out" is simpler, not calmer).
        return rf"\b{re.escape(words[0])}\s+(?:(?!(?:chords?|harmon\w*|progression|voicings?)\b)[\w'&]+\s+){{0,3}}?" \
               rf"{re.escape(words[1])}\b"
    return rf"\b{re.escape(phrase)}\b"


def _fragment_qualities(fragment: str, by_meaning: bool) -> list[Quality]:
    imperative = _IMPERATIVE.match(fragment)
    # "chill it out a bit", "lighten things up": a quality word said as a verb asks for it.
    asking = _asks(fragment) or (imperative is not None and _base(imperative["verb"]) is not None)
    found: list[Quality] = []
    covered: list[tuple[int, int]] = []
    for phrase in _PHRASES:
        if " " not in phrase:
            continue
        for match in re.finditer(_phrase_pattern(phrase), fragment):
            if not any(s < match.end() and match.start() < e for s, e in covered):
                covered.append(match.span())
                found.extend(_said(fragment, phrase, match.start(), match.end(), asking))
    for match in re.finditer(r"[a-z][a-z'-]*", fragment):
        if any(s < match.end() and match.start() < e for s, e in covered):
            continue
        word = match.group().strip("'")
        if word == "much" and _COUNTED.search(fragment[: match.start()]):
            continue  # "three is too much": too many of a part, not too much of anything in it
        if word in _TOO_MUCH:  # "over-complicated" says "too complicated" whatever the sentence around it
            found.append(Quality(_TOO_MUCH[word], word, match.start(), True, 2))
            continue
        base = _base(word)
        if base is None and by_meaning and word not in _STOP and len(word) > 3:
            base = _by_meaning(word)
        if base is not None:
            found.extend(_said(fragment, base, match.start(), match.end(), asking, inflected=base != word))
    return found


def _said(text: str, word: str, start: int, end: int, asking: bool, inflected: bool = False) -> list[Quality]:
    before, after = text[:start], text[end:]
    wants_more = bool(_ENOUGH.match(after))
    taken_out = bool(_OUT_AFTER.match(after)) and bool(re.search(r"\b(?:take|pull|strip|get|drain|suck)\b", before))
    # "bring the energy down", "turn the brightness down a bit": the particle says which way.
    turned_down = bool(_DOWN_AFTER.match(after)) and bool(_TURNING.search(before))
    taken_out = taken_out or turned_down
    inverted = not wants_more and (bool(_INVERT_BEFORE.search(before)) or taken_out)
    # "doesn't feel finished" wants it finished.
    wants_more = wants_more or (not inverted and bool(_NEGATED_BEFORE.search(before)))
    # "the verse feels a bit depressing": describing the song without asking is a complaint.
    if not asking and not inverted and not wants_more and _DESCRIBING.search(text) and not _PRAISE.search(text):
        inverted = True
    strong = inflected or wants_more or bool(_STRONG_BEFORE.search(before)) or not before.strip()
    directions = _INDEX[word]
    if len(directions) > 1:
        if _HARMONIC.search(text):
            directions = [d for d in directions if d in ("simpler", "richer")] or directions
        elif _RHYTHMIC.search(text):
            directions = [d for d in directions if d not in ("simpler", "richer")] or directions
    return [Quality(OPPOSITE[d] if inverted else d, word, start, inverted, 2 if strong else 1) for d in directions]


def direction(text: str, *, by_meaning: bool = True, skip: tuple[tuple[int, int], ...] = ()) -> tuple[str, ...]:
    """The directions a clause asks for, most said first; several when it names qualities on different axes."""
    votes: Counter[str] = Counter()
    for quality in qualities(text, by_meaning=by_meaning, skip=skip):
        votes[quality.direction] += quality.weight
    if not votes:
        return ()
    if _HARMONIC.search(text) and votes.keys() & {"simpler", "richer"}:
        # "the chorus harmony is overcomplicated, keep it dead simple": words about chords ask about harmony.
        votes = Counter({d: n for d, n in votes.items() if d in ("simpler", "richer")})
    best = max(votes.values())
    return tuple(d for d, n in votes.most_common() if n == best)
