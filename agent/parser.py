"""Read common requests ("make the chorus brighter") into Intents without the LLM, or refuse.

Every rule spans the whole message: anything left over (a second request, an unknown direction) means None.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import partial

from agent import intents
from agent.intents import FORMAT_WORDS, Intent
from music.errors import CowriterError
from music.song import Song

logger = logging.getLogger(__name__)

WHOLE_SONG = "whole song"
_rx = partial(re.compile, flags=re.IGNORECASE)


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "more melancholy" wins over a shorter prefix.
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


# -- politeness and filler -------------------------------------------------------------

_LEAD = _rx(
    r"^(?:hey|hi|ok|okay|alright|all right|so|now|right|great|cool|nice|well|yes|yeah|please|pls|kindly|just|"
    r"maybe|could you|can you|would you|will you|could we|can we|shall we|let's|lets|let us|i want to|"
    r"i'd like to|i would like to|i wanna|i want you to|i'd like you to|i need you to|go ahead and|"
    r"help me(?=\s+\w)(?:\s+to)?)\b[\s,.!:;]*"
)
_TRAIL = _rx(
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


# -- section names -----------------------------------------------------------------------

_ORDINAL = r"(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|last|final)"
_KIND = r"(?:pre[- ]?chorus|chorus|verse|bridge|intro|outro|solo|hook|refrain|middle (?:eight|8)|coda|ending)"
_KINDS = r"(?:pre[- ]?choruses|choruses|verses|bridges|intros|outros|solos)"
_SECTION_WORD = _rx(rf"(?:{_ORDINAL} {_KIND}|{_KIND}(?: \d{{1,2}})?|{_KINDS})")
_MENTIONS_SECTION = _rx(rf"\b(?:{_KINDS}|{_KIND})\b")
_WHOLE = {"song", "whole song", "whole thing", "entire song", "full song", "everything", "all", "all of it",
          "all sections", "every section", "all the sections", "whole track"}  # fmt: skip
_ARTICLE = _rx(r"^(?:(?:the|my|our|this|that)\s+)+")
_DETERMINERS = _rx(r"^(?:(?:the|my|our|this|that|these|those|both|each|every|all(?:\s+of)?)\s+)+")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
_POINTERS = {"it", "that", "this", "them", "it all", "what we have", "what we've got", "the lot"}


def _section_name(raw: str) -> str:
    """A section name as the musician said it: lower case, no articles, "whole song" for all of it."""
    text = " ".join(raw.casefold().strip(" \"'.,;:").split())
    if _ARTICLE.sub("", text) in _WHOLE or text in _WHOLE:
        return WHOLE_SONG
    text = _DETERMINERS.sub("", text)
    text = re.sub(r"\s*(?:#|no\.?\s*|number\s+)(\d+)$", r" \1", text)
    words = text.split()
    if len(words) >= 2 and words[-1] in _NUMBER_WORDS and words[-2] != "middle":
        words[-1] = str(_NUMBER_WORDS[words[-1]])
    return " ".join(words)


def _known(name: str, song: Song | None) -> bool:
    """Whether `name` is a section word, or a label this song resolves."""
    if not name or name in _POINTERS:
        return False
    if _SECTION_WORD.fullmatch(name):
        return True
    if song is None:
        return False
    try:
        song.find(name)
    except CowriterError:
        return False
    return True


def _sections(listed: str, song: Song | None) -> list[str] | None:
    """Names split on "and", "," and "&", each one known; None when any is not."""
    names: list[str] = []
    for piece in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+plus\s+", listed.strip()):
        name = _section_name(piece)
        if name != WHOLE_SONG and not _known(name, song):
            return None
        if name not in names:
            names.append(name)
    return names or None


# -- vocabulary ---------------------------------------------------------------------------

_DIRECTIONS = {
    "brighter": "brighter", "happier": "brighter", "sunnier": "brighter", "more cheerful": "brighter",
    "more joyful": "brighter", "more hopeful": "brighter", "less dark": "brighter", "less sad": "brighter",
    "less gloomy": "brighter", "darker": "darker", "sadder": "darker", "moodier": "darker", "gloomier": "darker",
    "bleaker": "darker", "more melancholy": "darker", "more melancholic": "darker", "more somber": "darker",
    "more sombre": "darker", "more moody": "darker", "less bright": "darker", "less happy": "darker",
    "less cheerful": "darker",
}  # fmt: skip
_VERBS = {"brighten": "brighter", "darken": "darker"}
_DIR = rf"(?P<d>{_alternation(_DIRECTIONS)})"
_AMOUNT = r"(?:a\s+little\s+bit|a\s+little|a\s+bit|a\s+tad|a\s+touch|a\s+lot|slightly|somewhat)"
_INT = rf"(?:(?:{_AMOUNT}|lots|much|way|even|far|bit)\s+)*"
_S = r"(?P<s>.+?)"
_MODAL = r"(?:should|could|needs\s+to|need\s+to|must|has\s+to|ought\s+to|might)"
_BE = r"(?:be|sound|feel|get|go)"
_WANT = r"(?:i\s+want|i'd\s+like|i\s+would\s+like|give\s+me|let\s+me\s+have)"
_REVISE = tuple(
    _rx(p)
    for p in (
        rf"^(?:make|get|turn|take|have)\s+{_S}\s+(?:sound\s+|feel\s+)?{_INT}{_DIR}$",
        rf"^(?P<v>brighten|darken)(?:\s+up)?\s+{_S}(?:\s+up)?(?:\s+{_AMOUNT})?$",
        rf"^(?:an?\s+)?{_INT}{_DIR}\s+{_S}$",
        rf"^{_S}\s+{_MODAL}\s+{_BE}\s+{_INT}{_DIR}$",
        rf"^(?:can|could|would|will|might)\s+{_S}\s+{_BE}\s+{_INT}{_DIR}$",
        rf"^{_WANT}\s+{_S}\s+(?:to\s+be\s+|to\s+sound\s+)?{_INT}{_DIR}$",
        rf"^{_S}\s*(?::|\s[-–—]|\s)\s*{_INT}{_DIR}$",
    )
)

_FMT = rf"(?P<f>{_alternation(FORMAT_WORDS)})(?:\s+(?:file|files|version|export|copy|format))?"
_EXPORT_VERB = (
    r"(?:export|download|save|give\s+me|send\s+me|get\s+me|i\s+want|i'd\s+like|i\s+would\s+like|i\s+need|"
    r"(?:can|could)\s+i\s+(?:have|get)|may\s+i\s+have|let\s+me\s+(?:have|download))"
)
_OBJECT = r"(?:it|this|that|the\s+song|this\s+song|the\s+whole\s+(?:song|thing)|everything|the\s+(?:song\s+)?sheet)"
_EXPORT = (
    _rx(rf"^{_EXPORT_VERB}\s+(?:(?:the|a|an)\s+)?{_FMT}(?:\s+(?:of|for)\s+{_OBJECT})?$"),
    _rx(rf"^{_EXPORT_VERB}(?:\s+{_OBJECT})?\s+(?:as|in|to|into)\s+(?:(?:a|an)\s+)?{_FMT}$"),
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
_PLAN = _rx(
    r"^(?:write|start|make|compose|begin|create|draft|do|work\s+on|come\s+up\s+with|put\s+together|i\s+want|"
    r"i'd\s+like|i\s+would\s+like|give\s+me|how\s+about)(?:\s+(?:me|us))?\s+"
    r"(?P<brief>(?:an?|another|one\s+more|some)\s+\S.*)$"
)
_NEW_SONG = (
    _rx(r"^(?:an?\s+)?new\s+(?:song|tune|track)\s*[:—–-]\s*(?P<brief>\S.*)$"),
    _rx(r"^(?:an?\s+)?new\s+(?P<brief>(?:song|tune|track)\s+(?:about|in|for|with|called)\s+\S.*)$"),
)
_HEAD_END = _rx(
    r"\b(?:about|for|with|in|at|on|that|called|titled|named|where|which|like|set|from|to)\b|[,:;()]|\s[-–—]\s|\d"
)

# -- remember ------------------------------------------------------------------------------

_REMEMBER_CMD = _rx(
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
    _rx(rf"^i(?:\s+|(?=')){_ADVERBS}{_LIKING}\s+(?P<obj>.+)$"),
    _rx(r"^i\s+(?:always|only|usually|generally|mostly)\s+(?:want|use|write|work)\s+(?P<obj>.+)$"),
    _rx(r"^(?:no|avoid|never\s+(?:ever\s+)?use|(?:don't|dont|do\s+not)\s+(?:ever\s+)?(?:use|add|include)|"
        r"never\s+add|never\s+include|always\s+use|always\s+include)\s+(?P<obj>.+)$"),
    _rx(r"^(?:the|my|our)\s+(?:lead\s+)?(?:singer|vocalist|voice|vocals|vocal\s+range|range)\s+"
        r"(?:is|are|sings?|has)\s+(?P<obj>.+)$"),
    _rx(r"^i(?:'m|\s+am)\s+(?P<obj>an?\s+(?:baritone|tenor|soprano|alto|mezzo|contralto|bass|countertenor)\b.*)$"),
)
_PRONOUNS = {"it", "that", "this", "these", "those", "them", "what", "how", "where", "when", "you", "your", "yours",
             "me", "him", "her", "us", "i", "we", "they"}  # fmt: skip
_CHITCHAT = {
    "thanks", "thank", "way", "problem", "problems", "worries", "idea", "no", "wait", "stop", "not", "more", "one",
    "clue", "sorry", "kidding", "please", "doubt", "matter", "never", "offence", "offense",
}  # fmt: skip
_REACTION = _rx(r"\b(?:song|version|versions|idea|sound|result|change|changes|edit|one|vibe|lyrics|melody|chords|"
                r"words|tempo|key|beat|groove|mix|tune|track|draft)\b")  # fmt: skip
_OWNERS = {"the", "this", "that", "these", "those", "your", "our", "my", "its", "it's"}


def _preference(obj: str) -> bool:
    """Whether a liked or disliked thing is a lasting preference, not a reaction to this song."""
    text = re.sub(r"^not\s+", "", obj.casefold().strip(" .,!"))
    words = text.split()
    if not words or words[0] in _PRONOUNS or words[0] in _CHITCHAT or re.search(r"\bversions?\b|\bv\d", text):
        return False
    if _known(_section_name(text), None) or _section_name(text) == WHOLE_SONG:
        return False
    if words[0] in _OWNERS and (_REACTION.search(text) or _MENTIONS_SECTION.search(text)):
        return False
    return not (_MENTIONS_SECTION.search(text) and re.search(_DIR, text, re.IGNORECASE))


# -- fixed phrases --------------------------------------------------------------------------

_HELP = _rx(
    r"help|help me|commands|slash commands|what can you do|what can i (?:say|do|ask|type)|what do you do|"
    r"how does this work|how do i use (?:this|you|it)|(?:show|list|what are)(?: me)?(?: the| all| your)?(?: the)?"
    r" (?:slash )?commands"
)
_SHOW = _rx(
    r"(?:show|display|view|print|let me see|see)(?: me)?(?: the| our| my)?(?: current| whole| full)? "
    r"(?:song|sheet|song sheet|lead sheet|chords|lyrics|chords and lyrics|lyrics and chords|arrangement|structure|"
    r"draft)(?: so far)?|(?:show|let me see)(?: me)? (?:what we have|what we've got|where we are)(?: so far)?|"
    r"what do we have(?: so far)?|what have we got(?: so far)?|what's the song(?: so far)?|"
    r"where are we(?: at)?(?: so far)?|(?:song )?sheet|recap|summary|summari[sz]e(?: the song)?"
)
_VERSIONS = _rx(
    r"versions|version history|history|(?:show|list|see|let me see|view)(?: me)?(?: the| all| all the)?"
    r" (?:versions|version history|history|previous versions|old versions)|"
    r"(?:what|which) versions (?:do we have|are there|have we got)|how many versions (?:do we have|are there)"
)
_UNDO = _rx(
    r"undo(?: (?:that|it|this|the last (?:change|edit|step|one|thing)|last change|my last change|that change))?|"
    r"revert(?: (?:that|it|this|the last change|last change|that change))?|"
    r"go back(?: (?:one|one step|a step|one version|a version))?|back|step back|scratch that|roll ?back|"
    r"take (?:that|it|this) back|(?:go back to |back to |return to |restore )?the previous version|previous version"
)
_REDO = _rx(
    r"redo(?: (?:that|it|this|the last (?:change|edit|step|one)))?|re-do(?: that)?|put (?:it|that) back|"
    r"bring (?:it|that) back|undo (?:the|that|my) undo|go forward(?: one step)?"
)
_CHECKOUT = _rx(
    r"(?:(?:go back to|go to|back to|switch to|switch back to|return to|restore|revert to|roll back to|load|open|"
    r"check ?out|use|jump to|take me back to|bring back)\s+)?(?:the\s+)?"
    r"(?:v\s*|version\s+(?:number\s+|no\.?\s*|#\s*)?)(?P<n>\d{1,4}|" + "|".join(_NUMBER_WORDS) + r")"
)
_RENDER = _rx(
    r"^(?:(?:let me|can i|could i|may i)\s+)?(?:play(?:\s+me)?(?:\s+back)?|render|bounce|hear|listen\s+to|preview)"
    r"(?:\s+(?P<s>.+?))?(?:\s+(?:back|once more|one more time))?$"
)
_QUESTION = _rx(r"^(?:why|how|what|which|who|whom|whose|when|where|is|are|was|were|does|do|did|should|shall|would|"
                r"am|isn't|aren't|doesn't|don't)\b")  # fmt: skip
_NEGATION = _rx(r"\b(?:don't|dont|do not|doesn't|does not|never|not|no|shouldn't|isn't|can't|cannot|won't|wouldn't|"
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
        vague = len(said.split()) < 2 or _section_name(said) == WHOLE_SONG or _known(_section_name(said), None)
        return None if vague else Intent(intents.REMEMBER, {"text": said})
    for pattern in _PREFERENCE:
        match = pattern.match(text)
        if match and _preference(match["obj"]):
            return Intent(intents.REMEMBER, {"text": text})
    return None


def _plan(text: str, song: Song | None) -> Intent | None:
    for pattern in _NEW_SONG:
        match = pattern.match(text)
        if match:
            return Intent(intents.PLAN_SONG, {"brief": match["brief"].strip()})
    match = _PLAN.match(text)
    if not match:
        return None
    brief = match["brief"].strip()
    head = _HEAD_END.split(brief.casefold(), maxsplit=1)[0]
    words = set(head.replace("hip hop", "hip-hop").replace("r & b", "r&b").split())
    if words & (_SONG_NOUNS | _STYLES) and not re.search(_DIR, head, re.IGNORECASE) and not words & FORMAT_WORDS.keys():
        return Intent(intents.PLAN_SONG, {"brief": brief})
    return None


def _history(text: str, song: Song | None) -> Intent | None:
    if _UNDO.fullmatch(text):
        return Intent(intents.UNDO, {})
    if _REDO.fullmatch(text):
        return Intent(intents.REDO, {})
    match = _CHECKOUT.fullmatch(text)
    if match:
        number = match["n"].casefold()
        return Intent(intents.CHECKOUT, {"version": int(number) if number.isdigit() else _NUMBER_WORDS[number]})
    return None


def _export(text: str, song: Song | None) -> Intent | None:
    for pattern in _EXPORT:
        match = pattern.match(text)
        if match:
            return Intent(intents.EXPORT, {"format": FORMAT_WORDS[" ".join(match["f"].casefold().split())]})
    return None


_LYRICS_VERB = r"(?:write|draft|rewrite|redo|give\s+me|come\s+up\s+with|compose|create|fill\s+in|do)(?:\s+me)?"
_LYRICS = (
    (_rx(rf"^{_LYRICS_VERB}\s+(?:(?:the|some|new|fresh)\s+)*(?:lyrics|words)$"), False),
    (_rx(rf"^{_LYRICS_VERB}\s+(?:(?:the|some|new|fresh|a\s+few|more)\s+)*(?:lyrics|lyric|words|lines)\s+"
         r"(?:for|to|of|in|on)\s+(?P<list>.+)$"), True),
    (_rx(r"^(?:(?:some|new)\s+)*(?:lyrics|words)\s+for\s+(?P<list>.+)$"), True),
    (_rx(rf"^{_LYRICS_VERB}\s+(?P<list>.+?)\s+(?:lyrics|lyric|words)$"), True),
)


def _lyrics(text: str, song: Song | None) -> Intent | None:
    for pattern, listed in _LYRICS:
        match = pattern.match(text)
        if not match:
            continue
        names = _sections(match["list"], song) if listed else [WHOLE_SONG]
        if names:
            return Intent(intents.WRITE_LYRICS, {"sections": names})
    return None


def _revise(text: str, song: Song | None) -> Intent | None:
    for pattern in _REVISE:
        match = pattern.match(text)
        if not match:
            continue
        verb = match.groupdict().get("v")
        direction = _VERBS[verb.casefold()] if verb else _DIRECTIONS[" ".join(match["d"].casefold().split())]
        name = _section_name(match["s"])
        if name == WHOLE_SONG or _known(name, song):
            return Intent(intents.REVISE_SECTION, {"section": name, "direction": direction})
    return None


def _render(text: str, song: Song | None) -> Intent | None:
    match = _RENDER.match(text)
    if not match:
        return None
    name = _section_name(match["s"] or "it")
    if name == WHOLE_SONG or name in _POINTERS:
        return Intent(intents.RENDER, {"section": None})
    return Intent(intents.RENDER, {"section": name}) if _known(name, song) else None


_Reader = Callable[[str, Song | None], Intent | None]
# Readers that may meet a "no" or a question word in a valid request run before the guards.
_BEFORE_GUARDS: tuple[_Reader, ...] = (_fixed, _remember, _plan)
_AFTER_GUARDS: tuple[_Reader, ...] = (_history, _export, _lyrics, _revise, _render)


def parse_request(text: str, song: Song | None) -> Intent | None:
    """The tool call a plainly worded request asks for, or None to let the LLM answer.

    Args:
        text: What the musician typed, e.g. "could you make the chorus a bit brighter?".
        song: The current song sheet, used to accept section labels it has; None before
            the first plan.

    Returns:
        An Intent when the whole message is understood with confidence; None for
        questions, chit-chat, negations, compound or unknown requests.
    """
    said = _normalize(text)
    guarded = not said or _QUESTION.match(said) or _NEGATION.search(said)
    for reader in _BEFORE_GUARDS if guarded else _BEFORE_GUARDS + _AFTER_GUARDS:
        intent = reader(said, song) if said else None
        if intent is not None:
            logger.debug("parsed %r as %s", text, intent.tool)
            return intent
    return None
