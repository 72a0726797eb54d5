"""Read common requests ("make the chorus brighter") into Intents without the LLM, or refuse.

Every rule spans the whole message: anything left over (a second request, an unknown direction) means None.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from agent import craft_phrases, intents, question_phrases
from agent.intents import FORMAT_WORDS, Intent
from agent.section_words import (
    MENTIONS_SECTION,
    NUMBER_WORDS,
    POINTERS,
    WHOLE_SONG,
    alternation,
    harmony_target,
    known,
    rx,
    section_name,
    sections,
)
from music.song import Song

logger = logging.getLogger(__name__)

# -- politeness and filler -------------------------------------------------------------

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


def _normalize(text: str) -> str:
    """The message with typographic quotes, spacing, politeness and end punctuation removed."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    # Emoji carry mood, not instructions; symbols such as the sharp sign in "F♯ minor" stay.
    text = " ".join("".join(c for c in text if ord(c) < 0x1F000).split())
    previous = None
    while previous != text:
        previous = text
        text = _TRAIL.sub("", _LEAD.sub("", text)).strip()
    return text


# -- vocabulary ---------------------------------------------------------------------------

_DIRECTIONS = {
    "brighter": "brighter", "happier": "brighter", "sunnier": "brighter", "more cheerful": "brighter",
    "more joyful": "brighter", "more hopeful": "brighter", "less dark": "brighter", "less sad": "brighter",
    "less gloomy": "brighter", "darker": "darker", "sadder": "darker", "moodier": "darker", "gloomier": "darker",
    "bleaker": "darker", "more melancholy": "darker", "more melancholic": "darker", "more somber": "darker",
    "more sombre": "darker", "more moody": "darker", "less bright": "darker", "less happy": "darker",
    "less cheerful": "darker",
    "more energetic": "more energy", "punchier": "more energy", "livelier": "more energy", "more lively": "more energy",
    "more driving": "more energy", "more intense": "more energy", "bigger": "more energy", "more powerful": "more energy",
    "more exciting": "more energy", "busier": "more energy",
    "calmer": "calmer", "softer": "calmer", "gentler": "calmer", "mellower": "calmer", "more mellow": "calmer",
    "more relaxed": "calmer", "more laid back": "calmer", "more laid-back": "calmer", "quieter": "calmer",
    "less busy": "calmer", "less intense": "calmer", "less energetic": "calmer", "more chill": "calmer",
    "sparser": "calmer", "more sparse": "calmer",
    "more tense": "more tension", "tenser": "more tension", "more suspenseful": "more tension",
    "less resolved": "more tension", "more unresolved": "more tension",
    "more resolved": "resolve", "less tense": "resolve", "more settled": "resolve", "more final": "resolve",
    "more conclusive": "resolve",
    "simpler": "simpler", "plainer": "simpler", "more basic": "simpler", "less complex": "simpler",
    "less complicated": "simpler", "easier to play": "simpler",
    "richer": "richer", "lusher": "richer", "more lush": "richer", "more sophisticated": "richer", "fancier": "richer",
    "more colourful": "richer", "more colorful": "richer", "more complex": "richer",
}  # fmt: skip
# Verbs that say the direction themselves; some only with their particle ("tone down", "pump up").
_VERBS = {"brighten": "brighter", "darken": "darker", "calm": "calmer", "tone": "calmer", "energize": "more energy",
          "energise": "more energy", "liven": "more energy", "pump": "more energy", "beef": "more energy",
          "simplify": "simpler", "enrich": "richer", "resolve": "resolve"}  # fmt: skip
_PARTICLES = {"tone": "down", "liven": "up", "pump": "up", "beef": "up"}
_DIR = rf"(?P<d>{alternation(_DIRECTIONS)})"
_AMOUNT = r"(?:a\s+little\s+bit|a\s+little|a\s+bit|a\s+tad|a\s+touch|a\s+lot|slightly|somewhat)"
_INT = rf"(?:(?:{_AMOUNT}|lots|much|way|even|far|bit)\s+)*"
_S = r"(?P<s>.+?)"
_MODAL = r"(?:should|could|needs\s+to|need\s+to|must|has\s+to|ought\s+to|might)"
_BE = r"(?:be|sound|feel|get|go)"
_WANT = r"(?:i\s+want|i'd\s+like|i\s+would\s+like|give\s+me|let\s+me\s+have)"
_REVISE = tuple(
    rx(p)
    for p in (
        rf"^(?:make|get|turn|take|have)\s+{_S}\s+(?:sound\s+|feel\s+)?{_INT}{_DIR}$",
        rf"^(?P<v>{alternation(_VERBS)})(?:\s+(?P<p1>up|down))?\s+{_S}(?:\s+(?P<p2>up|down))?(?:\s+{_AMOUNT})?$",
        rf"^(?:an?\s+)?{_INT}{_DIR}\s+{_S}$",
        rf"^{_S}\s+{_MODAL}\s+{_BE}\s+{_INT}{_DIR}$",
        rf"^(?:can|could|would|will|might)\s+{_S}\s+{_BE}\s+{_INT}{_DIR}$",
        rf"^{_WANT}\s+{_S}\s+(?:to\s+be\s+|to\s+sound\s+)?{_INT}{_DIR}$",
        rf"^{_S}\s*(?::|\s[-–—]|\s)\s*{_INT}{_DIR}$",
    )
)

_FMT = rf"(?P<f>{alternation(FORMAT_WORDS)})(?:\s+(?:file|files|version|export|copy|format))?"
_EXPORT_VERB = (
    r"(?:export|download|save|give\s+me|send\s+me|get\s+me|i\s+want|i'd\s+like|i\s+would\s+like|i\s+need|"
    r"(?:can|could)\s+i\s+(?:have|get)|may\s+i\s+have|let\s+me\s+(?:have|download))"
)
_OBJECT = r"(?:it|this|that|the\s+song|this\s+song|the\s+whole\s+(?:song|thing)|everything|the\s+(?:song\s+)?sheet)"
_EXPORT = (
    rx(rf"^{_EXPORT_VERB}\s+(?:(?:the|a|an)\s+)?{_FMT}(?:\s+(?:of|for)\s+{_OBJECT})?$"),
    rx(rf"^{_EXPORT_VERB}(?:\s+{_OBJECT})?\s+(?:as|in|to|into)\s+(?:(?:a|an)\s+)?{_FMT}$"),
)

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
    r"\b(?:about|for|with|in|at|on|that|called|titled|named|where|which|like|set|from|to)\b|[,:;()]|\s[-–—]\s|\d"
)

# -- remember ------------------------------------------------------------------------------

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
    rx(r"^(?:no|avoid|never\s+(?:ever\s+)?use|(?:don't|dont|do\s+not)\s+(?:ever\s+)?(?:use|add|include)|"
        r"never\s+add|never\s+include|always\s+use|always\s+include)\s+(?P<obj>.+)$"),
    rx(r"^(?:the|my|our)\s+(?:lead\s+)?(?:singer|vocalist|voice|vocals|vocal\s+range|range)\s+"
        r"(?:is|are|sings?|has)\s+(?P<obj>.+)$"),
    rx(r"^i(?:'m|\s+am)\s+(?P<obj>an?\s+(?:baritone|tenor|soprano|alto|mezzo|contralto|bass|countertenor)\b.*)$"),
)
_PRONOUNS = {"it", "that", "this", "these", "those", "them", "what", "how", "where", "when", "you", "your", "yours",
             "me", "him", "her", "us", "i", "we", "they"}  # fmt: skip
_CHITCHAT = {
    "thanks", "thank", "way", "problem", "problems", "worries", "idea", "no", "wait", "stop", "not", "more", "one",
    "clue", "sorry", "kidding", "please", "doubt", "matter", "never", "offence", "offense",
}  # fmt: skip
_REACTION = rx(r"\b(?:song|version|versions|idea|sound|result|change|changes|edit|one|vibe|lyrics|melody|chords|"
                r"words|tempo|key|beat|groove|mix|tune|track|draft)\b")  # fmt: skip
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
    return not (MENTIONS_SECTION.search(text) and re.search(_DIR, text, re.IGNORECASE))


# -- fixed phrases --------------------------------------------------------------------------

_HELP = rx(
    r"help|help me|commands|slash commands|what can you do|what can i (?:say|do|ask|type)|what do you do|"
    r"how does this work|how do i use (?:this|you|it)|(?:show|list|what are)(?: me)?(?: the| all| your)?(?: the)?"
    r" (?:slash )?commands"
)
_SHOW = rx(
    r"(?:show|display|view|print|let me see|see)(?: me)?(?: the| our| my)?(?: current| whole| full)? "
    r"(?:song|sheet|song sheet|lead sheet|chords|lyrics|chords and lyrics|lyrics and chords|arrangement|structure|"
    r"draft)(?: so far)?|(?:show|let me see)(?: me)? (?:what we have|what we've got|where we are)(?: so far)?|"
    r"what do we have(?: so far)?|what have we got(?: so far)?|what's the song(?: so far)?|"
    r"where are we(?: at)?(?: so far)?|(?:song )?sheet|recap|summary|summari[sz]e(?: the song)?"
)
_VERSIONS = rx(
    r"versions|version history|history|(?:show|list|see|let me see|view)(?: me)?(?: the| all| all the)?"
    r" (?:versions|version history|history|previous versions|old versions)|"
    r"(?:what|which) versions (?:do we have|are there|have we got)|how many versions (?:do we have|are there)"
)
_UNDO = rx(
    r"undo(?: (?:that|it|this|the last (?:change|edit|step|one|thing)|last change|my last change|that change))?|"
    r"revert(?: (?:that|it|this|the last change|last change|that change))?|"
    r"go back(?: (?:one|one step|a step|one version|a version))?|back|step back|scratch that|roll ?back|"
    r"take (?:that|it|this) back|(?:go back to |back to |return to |restore )?the previous version|previous version"
)
_REDO = rx(
    r"redo(?: (?:that|it|this|the last (?:change|edit|step|one)))?|re-do(?: that)?|put (?:it|that) back|"
    r"bring (?:it|that) back|undo (?:the|that|my) undo|go forward(?: one step)?"
)
_CHECKOUT = rx(
    r"(?:(?:go back to|go to|back to|switch to|switch back to|return to|restore|revert to|roll back to|load|open|"
    r"check ?out|use|jump to|take me back to|bring back)\s+)?(?:the\s+)?"
    r"(?:v\s*|version\s+(?:number\s+|no\.?\s*|#\s*)?)(?P<n>\d{1,4}|" + "|".join(NUMBER_WORDS) + r")"
)
_RENDER = rx(
    r"^(?:(?:let me|can i|could i|may i)\s+)?(?:play(?:\s+me)?(?:\s+back)?|render|bounce|hear|listen\s+to|preview)"
    r"(?:\s+(?P<s>.+?))?(?:\s+(?:back|once more|one more time))?$"
)
_QUESTION = rx(r"^(?:why|how|what|which|who|whom|whose|when|where|is|are|was|were|does|do|did|should|shall|would|"
                r"am|isn't|aren't|doesn't|don't)\b")  # fmt: skip
_NEGATION = rx(r"\b(?:don't|dont|do not|doesn't|does not|never|not|no|shouldn't|isn't|can't|cannot|won't|wouldn't|"
                r"stop|without|neither|nor|instead)\b")  # fmt: skip


# -- readers ---------------------------------------------------------------------------------


def _fixed(text: str, song: Song | None) -> Intent | None:
    for pattern, tool in ((_HELP, intents.HELP), (_SHOW, intents.SHOW_SHEET), (_VERSIONS, intents.VERSIONS)):
        if pattern.fullmatch(text):
            return Intent(tool, {})
    return None


def _remember(text: str, song: Song | None) -> Intent | None:
    command = _REMEMBER_CMD.match(text)
    if command:
        said = command["text"].strip(" .,")
        # An explicit "remember" is trusted; only a bare pointer or a section name is too vague to keep.
        vague = len(said.split()) < 2 or section_name(said) == WHOLE_SONG or known(section_name(said), None)
        return None if vague else Intent(intents.REMEMBER, {"text": said})
    for pattern in _PREFERENCE:
        match = pattern.match(text)
        if match and _preference(match["obj"]):
            return Intent(intents.REMEMBER, {"text": text})
    return None


_MY_STYLE = rx(r"\s*,?\s*\b(?:in\s+my\s+(?:own\s+)?style|like\s+my\s+(?:other|own)\s+songs)\b")


def _planned(brief: str) -> Intent:
    """A plan of `brief`; "in my style" in it asks for the musician's learned style."""
    mine = _MY_STYLE.search(brief)
    if mine is None:
        return Intent(intents.PLAN_SONG, {"brief": brief})
    rest = " ".join(f"{brief[: mine.start()]} {brief[mine.end() :]}".split()).strip(" ,")
    return Intent(intents.PLAN_SONG, {"brief": rest, "in_my_style": True})


def _plan(text: str, song: Song | None) -> Intent | None:
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
    if words & (_SONG_NOUNS | _STYLES) and not re.search(_DIR, head, re.IGNORECASE) and not words & FORMAT_WORDS.keys():
        return _planned(brief)
    return None


def _history(text: str, song: Song | None) -> Intent | None:
    if _UNDO.fullmatch(text):
        return Intent(intents.UNDO, {})
    if _REDO.fullmatch(text):
        return Intent(intents.REDO, {})
    match = _CHECKOUT.fullmatch(text)
    if match:
        number = match["n"].casefold()
        return Intent(intents.CHECKOUT, {"version": int(number) if number.isdigit() else NUMBER_WORDS[number]})
    return None


def _export(text: str, song: Song | None) -> Intent | None:
    for pattern in _EXPORT:
        match = pattern.match(text)
        if match:
            return Intent(intents.EXPORT, {"format": FORMAT_WORDS[" ".join(match["f"].casefold().split())]})
    return None


_LYRICS_VERB = r"(?:write|draft|rewrite|redo|give\s+me|come\s+up\s+with|compose|create|fill\s+in|do)(?:\s+me)?"
_LYRICS = (
    (rx(rf"^{_LYRICS_VERB}\s+(?:(?:the|some|new|fresh)\s+)*(?:lyrics|words)$"), False),
    (rx(rf"^{_LYRICS_VERB}\s+(?:(?:the|some|new|fresh|a\s+few|more)\s+)*(?:lyrics|lyric|words|lines)\s+"
         r"(?:for|to|of|in|on)\s+(?P<list>.+)$"), True),
    (rx(r"^(?:(?:some|new)\s+)*(?:lyrics|words)\s+for\s+(?P<list>.+)$"), True),
    (rx(rf"^{_LYRICS_VERB}\s+(?P<list>.+?)\s+(?:lyrics|lyric|words)$"), True),
)


def _lyrics(text: str, song: Song | None) -> Intent | None:
    for pattern, listed in _LYRICS:
        match = pattern.match(text)
        if not match:
            continue
        names = sections(match["list"], song) if listed else [WHOLE_SONG]
        if names:
            return Intent(intents.WRITE_LYRICS, {"sections": names})
    return None


def _revise(text: str, song: Song | None) -> Intent | None:
    for pattern in _REVISE:
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        verb = (groups.get("v") or "").casefold()
        particle = (groups.get("p1") or groups.get("p2") or "").casefold()
        if verb and particle != _PARTICLES.get(verb, particle):
            continue
        direction = _VERBS[verb] if verb else _DIRECTIONS[" ".join(match["d"].casefold().split())]
        name = section_name(harmony_target(match["s"]))
        if name == WHOLE_SONG or known(name, song):
            return Intent(intents.REVISE_SECTION, {"section": name, "direction": direction})
    return None


def _render(text: str, song: Song | None) -> Intent | None:
    match = _RENDER.match(text)
    if not match:
        return None
    name = section_name(match["s"] or "it")
    if name == WHOLE_SONG or name in POINTERS:
        return Intent(intents.RENDER, {"section": None})
    return Intent(intents.RENDER, {"section": name}) if known(name, song) else None


_Reader = Callable[[str, Song | None], Intent | None]
# Readers that may meet a "no" or a question word in a valid request run whatever the message says.
_ALWAYS: tuple[_Reader, ...] = (_fixed, _remember, _plan)
# Questions about the music ("why does the chorus sound sad?") are read unless negated.
_QUESTIONS: tuple[_Reader, ...] = question_phrases.QUESTION_READERS
_REQUESTS: tuple[_Reader, ...] = (_history, _export, _lyrics, _revise, _render, *craft_phrases.REQUEST_READERS)


def parse_request(text: str, song: Song | None) -> Intent | None:
    """The tool call a plainly worded request asks for, or None to let the LLM answer.

    Args:
        text: What the musician typed, e.g. "could you make the chorus a bit brighter?".
        song: The current song sheet, used to accept section labels it has; None before
            the first plan.

    Returns:
        An Intent when the whole message is understood with confidence (including
        questions about the music such as "why does the chorus sound sad?"); None for
        other questions, chit-chat, negations, compound or unknown requests.
    """
    said = _normalize(text)
    if not said:
        return None
    negated, question = bool(_NEGATION.search(said)), bool(_QUESTION.match(said))
    readers = _ALWAYS + (() if negated else _QUESTIONS) + (() if negated or question else _REQUESTS)
    for reader in readers:
        intent = reader(said, song)
        if intent is not None:
            logger.debug("parsed %r as %s", text, intent.tool)
            return intent
    return None
