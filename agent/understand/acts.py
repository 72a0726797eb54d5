"""What kind of thing a clause does: asks a question, asks for a change, tells to leave something alone, or chats.

Read from the shape of the sentence, not its topic: "is the bridge too dark?" asks, "can the
bridge be darker?" requests, "don't touch the bridge" forbids. A question never edits.
"""

from __future__ import annotations

import re
from typing import Literal

from agent.section_words import MENTIONS_SECTION, alternation
from agent.understand.charts import without_charts
from agent.understand.qualities import qualities
from music.band.styles import STYLE_ALIASES, STYLES

Act = Literal["question", "request", "leave", "praise", "muse", "chat"]

# "I wonder whether you could lift it a semitone", "I wonder if the bridge could be longer": a request said softly.
_WONDER_ASKS = (r"(?:if|whether)\s+(?:(?:you|we)\s+(?:could|might|would|can)|(?:it|(?:the|this|that)\s+[\w\s-]{1,30}?)\s+"
                r"(?:could|might)\s+be)\b")
_POLITE = re.compile(
    r"^(?:(?:can|could|would|will|wud|cud)\s+(?:you|u|ya|we|it|they|the|this|that|those|these|my|our|all|every|i)\b|"
    r"(?:(?:perhaps|maybe)\s+)?(?:we|you)\s+(?:might|could)\s+(?!have\b)\w+|might\s+(?:i|we|you)\b|"
    rf"(?:i\s+)?wonder(?:ing)?\s+{_WONDER_ASKS}|"
    r"(?:can|could|may)\s+i\s+(?:have|get|hear|see|grab)\b|how\s+about\b|what\s+about\b|what\s+if\b|"
    r"why\s+(?:don't|dont|not)\b|is\s+it\s+possible\b|would\s+it\s+be\s+possible\b|do\s+you\s+mind\b|"
    r"(?:should|shall)\s+we\b|any\s+chance\b|what\s+would\s+(?:it|this|that|the\s+song)\s+sound\s+like\s+(?:as|in|with)\b|"
    r"(?:can|could)\s+\w+(?:\s+\w+)?\s+(?:be|sound|feel|get|go|have|shine|hit|use|resolve|land|breathe)\b)",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"^(?:what|what's|whats|which|who|who's|whose|whom|when|where|why|how|how's|hows|is|are|was|were|am|"
    r"(?:do|does|did)(?!\s+(?:something|anything|some|a|an|more|less|it|that|this|the\s+same)\b)|"
    r"(?:has|have|had)(?=\s+(?:you|we|i|they|there)\b|\s+(?:it|the\s+\w+)\s+(?:been|changed|got|gone|moved)\b)|isn't|aren't|doesn't|"
    r"didn't|should|shall|remind\s+me|tell\s+me|explain|any\s+ideas?)\b",
    re.IGNORECASE,
)
_LEAVE = re.compile(
    r"^(?:(?:no|nah|nope|ok|okay|and|but|please|pls|just)[\s,]+)*"
    r"(?:(?:don't|dont|do\s+not|never|pls\s+don't|please\s+don't|let's\s+not|lets\s+not|no\s+need\s+to)\s+"
    r"(?:\w+\s+)?(?:touch|change|edit|alter|modify|mess\s+with|move|redo|rework|tweak|fiddle\s+with|do\s+anything)\b|"
    r"leave\b.*\b(?:alone|as\s+(?:it\s+)?is|as\s+they\s+are|be|exactly|like\s+(?:that|this|it\s+is)|where\s+it\s+is|"
    r"at\s+\d+)\b|"
    r"keep\b.*\b(?:as\s+(?:it\s+)?is|the\s+same|like\s+(?:that|this)|exactly|unchanged|intact|in\s+[a-g]|at\s+\d+)\b|"
    r"hands\s+off\b|leave\s+(?:it|that|them|this)(?:\s+be)?\s*[.!]*$|no\s+(?:more\s+|further\s+)?(?:changes|edits|tweaks)\b|"
    r"keep\s+(?:them|it|those|these|that|this)\s*[.!]*$|(?:i|we)\s+(?:really\s+)?(?:don't|dont|do\s+not)\s+(?:want|need)\s+"
    r"(?:a|an|any|the|to)\b)",
    re.IGNORECASE,
)
# "don't double the last chorus": a change forbidden is no change asked for; "never use a saxophone" is a preference.
_FORBIDDEN = re.compile(
    r"^(?:(?:no|nah|ok|okay|and|but|please|pls|just|actually)[\s,]+)*(?:don't|dont|do\s+not|never|let's\s+not|lets\s+not|"
    r"no\s+need\s+to|stop)\s+(?:ever\s+)?(?!use\b|add\b|include\b|want\b|like\b|put\b|give\s+me\b)\w+",
    re.IGNORECASE,
)
# Liking what is there: "I like how dark the verse is", "the bridge sounds sad, which I love", "that really works".
_PRAISE = re.compile(
    r"\b(?:i|we)\s+(?:really\s+|just\s+|totally\s+|do\s+|do\s+so\s+)?(?:like|love|enjoy|dig|adore)\s+(?:how|the\s+way|what|that|this|"
    r"it|the|those|these)\b(?!\s+\w+er\b)|\bwhich\s+(?:i|we)\s+(?:really\s+)?(?:love|like|dig)\b|"
    r"\b(?:really|totally|finally)\s+works\b|\b(?:it|that|this)\s+works\b|\bsounds?\s+(?:so\s+|really\s+)?(?:amazing|great|"
    r"good|perfect|awesome|sick|lovely|beautiful|nice|fantastic|brilliant|right)\b|\b(?:is|'s|are)\s+(?:so\s+|really\s+)?"
    r"(?:perfect|great|amazing|awesome|lovely|beautiful|spot\s+on|fine|good|nice|gorgeous|sick|dope|stunning|killer|just\s+right)\b|"
    r"\b(?:is|'s|are|'re|sits?|feels?)\s+(?:exactly\s+|right\s+|just\s+)(?:where|how)\s+(?:it|they|i)\s+(?:should|wanted?|want|need)|\bmy\s+fav(?:ou?rite)?\b|\bnailed\s+it\b|"
    r"\b(?:gives?|giving)\s+(?:me|you|us)\s+(?:goosebumps|chills|shivers)\b|\bgrowing\s+on\s+me\b|\bcould\s+be\s+a\s+hit\b|\b(?:so\s+much|way|much|a\s+lot|loads)\s+better\b|^(?:\w+\s+)?(?:that's|thats|that\s+is|it's|its)\s+better\b|"
    r"^(?:\w+[\s,]+)?(?:really\s+|just\s+|totally\s+)?(?:love|loving|like|liking|dig|digging|adore)\s+(?:the|that|this|how|"
    r"what|it|those|these)\b(?!\s+\w+er\b)|"
    r"\bin\s+the\s+pocket\b|\blocked\s+in\b|\bgrooves?\s+(?:so\s+|really\s+)?(?:nicely|well|hard|beautifully)\b|"
    r"\b(?:is|are|'s|'re|sounds?|feels?)\s+(?:so\s+|really\s+|super\s+)?tight\b|"
    # "the hits at the end of the bridge are gonna sound huge with the full band": liked ahead of time
    r"\b(?:(?:is|are|'s|'re)\s+(?:gonna|going\s+to)|will|'ll)\s+(?:sound|be|feel|go\s+down)\s+(?:so\s+|really\s+)?"
    r"(?:huge|great|amazing|awesome|massive|killer|incredible|fantastic|epic|sick|beautiful|perfect|brilliant)\b|(?<!make\s)(?<!it\s)[👌👍😍🙌💯]",
    re.IGNORECASE,
)
# "the E7 in the bridge gives a good tension", "the refrain is the best part": what is there, liked.
_APPRAISES = re.compile(
    r"^(?!(?:what|which|who|how|where|why|is|are|does|do)\b)(?!.*\b(?:needs?|should|could|would|can|too|enough|more|less|"
    r"please|pls|make|want|wish|lacks?)\b).*(?:\w\s+(?<!you\s)(?<!to\s)(?<!and\s)(?:gives?|has|got|brings?)\s+(?:a|some|"
    r"such\s+a|this|that)\s+(?:really\s+|very\s+|so\s+)?(?:good|nice|great|lovely|cool|beautiful|perfect|fantastic|"
    r"wonderful)\b|\b(?:is|'s|are)\s+(?:really\s+|by\s+far\s+|definitely\s+)?the\s+best\b)", re.IGNORECASE)
# "verse 2 hits harder than verse 1 for me": one part liked over another, said, not asked for.
_BETTER_THAN = re.compile(r"\b(?:hits?|lands?|works?|sounds?)\s+(?:so\s+much\s+|way\s+|much\s+|a\s+lot\s+)?"
                          r"(?:harder|better|nicer|stronger|bigger)\s+than\b", re.IGNORECASE)
_ASKED = re.compile(r"\b(?:make|get|let|have|should|needs?|could|can|would|want|wanna|try|please|pls)\b", re.IGNORECASE)
# Thinking aloud, doubting or putting off: "not sure", "should I make it brighter?", "I'll come back to it later".
_MUSE = re.compile(
    r"\b(?:not\s+sure|unsure|(?:i\s+wonder|wondering)(?!\s+"
    rf"{_WONDER_ASKS})|or\s+is\s+it|or\s+not|don't\s+know|dunno|can't\s+decide|"
    r"cannot\s+decide|thinking\s+(?:about|of)|would\s+it\s+be\s+better|do\s+you\s+think|should\s+i|later|for\s+now|"
    r"come\s+back\s+to|too\s+early\s+to|not\s+yet|not\s+now|let\s+me\s+think|sit\s+with|on\s+the\s+fence|torn\s+between|"
    r"(?:i|we)\s+(?:disagree|don't\s+agree|do\s+not\s+agree)|(?:i'd|i\s+would|i\s+can|i'll|let\s+me)\b.*\bmyself|tomorrow|some\s*day|one\s+day|not\s+today|"
    r"next\s+time|another\s+time|some\s+other\s+time|"
    r"^(?:my|our|the|a)\s+(?:\w+\s+)?(?:says?|said|thinks?|reckons?|told\s+me)|"
    r"^(?:i'll|i\s+will|i'm\s+going\s+to|i\s+am\s+going\s+to|i'm\s+gonna|we'll|we're\s+going\s+to))\b",
    re.IGNORECASE,
)
# "..., go on, do it": the thought is a request after all.
_GO_WORDS = (r"(?:go\s+on|go\s+ahead|do\s+it|let'?s\s+do\s+it|try\s+it|let'?s\s+try\s+(?:it|that|this)|make\s+it\s+so|"
             r"go\s+for\s+it|give\s+it\s+a\s+(?:go|try|shot)|(?:can|could|shall|should)\s+(?:we|you|ya)\s+(?:just\s+)?"
             r"(?:try|do)\s+(?:it|that|this)(?:\s+out)?(?:\s+(?:please|pls|maybe))?\W*$)")
_GO_AHEAD = re.compile(rf"(?:^|[,.!;]\s*){_GO_WORDS}\b", re.IGNORECASE)
_GOES_AHEAD = re.compile(rf"^(?:(?:ok|okay|yes|yeah|so|well)[\s,]+)*{_GO_WORDS}", re.IGNORECASE)
# "a little faster?", "synth solo after the bridge?": a change or a new part proposed with a rising voice.
_PROPOSED = re.compile(
    r"^(?!.*\b(?:no|not|still|already|yet)\b).*(?:\b(?:faster|slower|quicker|louder|softer|shorter|longer|higher|lower|"
    r"busier|sparser)\b|\b(?:intro|outro|solo|bridge|pre[\s-]?chorus|breakdown|interlude|middle\s+(?:eight|8))\s+"
    r"(?:after|before|between|in\s+front\s+of)\b)",
    re.IGNORECASE,
)
# "the whole song at ninety-two?", "a couple of alternative melodies for verse 1?": a value or takes proposed.
_VALUE_PROPOSED = re.compile(
    r"^(?!.*\b(?:no|not|still|already|yet|is|are|was|were|does|did|has|had)\b).*(?:\bat\s+(?:\d{2,3}|[a-z]+(?:[\s-][a-z]+)?)"
    r"(?:\s*bpm|\s+beats)?\s*\??$|\b(?:another|other|alternative|alternate|different|fresh|new)\s+(?:[\w-]+\s+){0,2}"
    r"(?:melod(?:y|ies)|progressions?|chords|plans?|takes?|tunes?)\b|\b(?:a|one|two|three|half)\s+(?:semitone|half\s+step|"
    r"whole\s+step|tone|step)s?\s+(?:up|down|higher|lower)\b)", re.IGNORECASE)
_THINK_TAG = re.compile(r"[,\s]*(?:do\s+you\s+think|don't\s+you\s+think|what\s+do\s+you\s+think)\s*\?*\s*$", re.IGNORECASE)
_PAST = re.compile(r"^(?:\w+[\s,]+)?(?:i|we)\s+used\s+to\b|\bback\s+in\s+the\s+(?:day|\w+ies)\b|\byears\s+ago\b|"
                   r"\b(?:last|the\s+other)\s+night\b|\bin\s+the\s+(?:fifties|sixties|seventies|eighties|nineties|\d0s)\b|\bwhen\s+i\s+was\s+(?:young|a\s+\w+)\b|"
                   # "I wrote my first song in nineteen seventy eight": a year gone by
                   r"\b(?:in|back\s+in|since)\s+(?:19\d\d|nineteen\s+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety))\b",
                   re.IGNORECASE)
# "ok, I go drink a coffee and come back", "brb", "taking a break, back in ten": the musician steps away.
_AWAY = re.compile(
    r"\b(?:brb|be\s+(?:right\s+)?back|back\s+in\s+(?:a\s+(?:sec|second|minute|min|moment|bit|while)|\d+|five|ten|twenty)\b|"
    r"(?:i|we)\s*(?:'ll|'m|'re|\s+will|\s+am|\s+are)?\s+(?:go(?:ing|nna)?|gotta\s+go|have\s+to\s+go|need\s+to\s+go)\s+"
    r"(?:to\s+|and\s+)?(?:drink|eat|get|grab|make|have|walk|sleep|bed|lunch|dinner|breakfast|home|out|pick|feed|shower)\b|"
    r"(?:i|we)\s*(?:'ll|'m|'re|\s+will|\s+am|\s+are)?\s+(?:take|taking)\s+a\s+(?:break|breather|rest|pause)\b"
    r"(?!\s+(?:in|after|before|at|during)\b)|\band\s+come\s+back\b)", re.IGNORECASE)
# "sometimes I think pop is too easy", "jazz is hard to sing": talk about a kind of music, not about this song.
_STYLE_TALK = re.compile(
    rf"^(?:\w+[\s,]+){{0,3}}?(?:(?:i|we)\s+(?:think|feel|find|guess|reckon|believe)\s+(?:that\s+)?)?"
    rf"(?:{alternation({*STYLES, *STYLE_ALIASES})})(?:\s+music|\s+songs)?\s+(?:is|are|'s|was|can\s+be|gets|feels)\b"
    r"(?!\s+(?:what|how)\b)", re.IGNORECASE)
# "drummer was dragging the whole second set": what the band did on some night, not this song's sheet.
_BAND_THEN = re.compile(
    r"^(?:(?:the|my|our)\s+)?(?:drummer|bassist|bass\s+player|guitarist|guitar\s+player|singer|keys\s+player|keyboardist|"
    r"pianist|band|crowd|audience|sound\s+(?:guy|engineer|man|tech))\s+(?:was|were|kept|played|sang|did|had|got|came)\b",
    re.IGNORECASE)
_ASIDE = re.compile(r"^(?:just\s+|i'm\s+|i\s+am\s+)?asking\s+for\s+(?:a|my)\b", re.IGNORECASE)  # "asking for a friend"
# "that man could write a song", "my granddad played it in G": what someone else does or did, not a request.
_SOMEONE_ELSE = re.compile(
    r"^(?:(?:oh|man|boy|well|yeah|now)[\s,]+)?(?:he|she|that\s+(?:man|guy|woman|lady|fella|feller|boy|girl|dude|cat)|"
    r"(?:my|his|her|our)\s+(?:dad|daddy|father|mom|mum|mama|mother|grand(?:pa|dad|father|ma|mother)|brother|sister|uncle|"
    r"aunt|wife|husband|son|daughter|friend|buddy|pal|teacher|hero))\s+(?:sure\s+|really\s+|always\s+|never\s+)?"
    r"(?:could|can|would|used\s+to|was|is|wrote|writes|sang|sings|played|plays|had|has|knew|knows)\b", re.IGNORECASE)
# "we don't need that outro anymore": a part the song can do without is a cut asked for, not a change forbidden.
_NOT_NEEDED = re.compile(
    r"^(?:(?:so|ok|okay|honestly|yeah|and|but|i\s+think|i\s+reckon)[\s,]+)*(?:i|we|you|it|the\s+song)\s+(?:really\s+)?"
    r"(?:don't|dont|do\s+not|doesn't|doesnt|does\s+not)\s+(?:really\s+)?need\s+"
    rf"(?P<part>(?:the|that|this|those|these|an?|any)\s+(?:\w+\s+)?{MENTIONS_SECTION.pattern})"
    r"(?:\s+(?:any\s*more|at\s+all|really|there|though|honestly|either))*\s*[.!]*$", re.IGNORECASE)
_INTERJECTION = re.compile(r"^(?:(?:hmm+|mm+|umm*|uhh*|erm*|ahh*|ohh*|okay|ok|so|well|alright|actually)\b[\s,.!]*)+",
                           re.IGNORECASE)
_AFTER_A_BREAK = re.compile(r"\s*[,;:]\s+|\s+[-–—]+\s+|[.!]\s+")
_STAYS = re.compile(r"\b(?:stays?|remains?)\s+(?:as\s+(?:it\s+)?is|the\s+same|like\s+(?:this|that)|untouched|put)\b|"
                    # "bridge at 90, everything else stays at 100": the rest kept as it is, said on its own
                    r"^(?:(?:and|but|while|with)\s+)?(?:(?:everything|anything|all)\s+else|the\s+rest(?:\s+of\s+(?:it|the\s+(?:song|tune|track)))?)\s+"
                    r"(?:stays?|remains?|(?:can|should|will)\s+stay)\b", re.I)


def act(clause: str) -> Act:
    """What a clause does: asks, requests, says to leave something as it is, praises, or thinks aloud.

    Praise and thinking aloud never edit; a lasting preference ("I love cellos") is read
    before this, as a request to remember.
    """
    text = without_charts(clause).strip()
    text = _INTERJECTION.sub("", text) or text  # "hmm can we go down to 80?" asks as "can we go down to 80?" does
    if steps_away(text) or _STYLE_TALK.search(text) or _ASIDE.match(text) or _SOMEONE_ELSE.match(text) or _BAND_THEN.match(text):
        return "chat"
    if _LEAVE.search(text) or _STAYS.search(text) or _FORBIDDEN.search(text):
        return "leave"
    untagged = _THINK_TAG.sub("", text)  # "could it be more hopeful, do you think?" asks all the same
    if (_MUSE.search(untagged if _polite(untagged) else text) and not _GO_AHEAD.search(text)) or reminisces(text):
        return "muse"
    liked = _PRAISE.search(text) or _APPRAISES.search(text) or (_BETTER_THAN.search(text) and not _ASKED.search(text))
    if liked and not _asks_after_a_break(text):  # "120 bpm is good for driving songs, can we try that" asks
        return "praise"
    if _polite(text):
        return "request"  # "the last line is clunky - can you redo it?": the remark, then the request
    if _QUESTION.search(text):
        return "question"
    if re.search(r"(?:,|\b)\s*(?:right|correct|yeah|isn't\s+it|aren't\s+they|no)\s*\?\s*$", text, re.IGNORECASE) or (
            text.endswith("?") and len(text.split()) <= 2 and not _PROPOSED.search(text)):
        return "question"  # "it's still in A minor, right?", "tempo?"
    if text.endswith("?") and not re.match(r"^(?:make|give|add|put|let|bring|turn|take|try|go|use|play)\b", text, re.I):
        # "brighter chorus?" is a request said with a rising voice; "no modulation there?" asks.
        asks = (any(q.weight > 1 and not q.inverted for q in qualities(text, by_meaning=False)) or _PROPOSED.search(text)
                or _VALUE_PROPOSED.search(text))
        return "request" if asks and not re.search(r"\b(?:too|enough|or)\b", text, re.IGNORECASE) else "question"
    return "request"


def _polite(text: str) -> bool:
    """Whether the text asks politely, at its start or after a break ("the last line is clunky - can you redo it?")."""
    return bool(_POLITE.search(text)) or _asks_after_a_break(text)


def _asks_after_a_break(text: str) -> bool:
    return any(_POLITE.search(part) for part in _AFTER_A_BREAK.split(text)[1:])


def unneeded(text: str) -> str:
    """A message that says the song needs no such part, as the cut it asks for: "we don't need that outro" -> "cut that outro"."""
    said = _NOT_NEEDED.match(text.strip())
    return f"cut {said['part']}" if said else text


def goes_ahead(clause: str) -> bool:
    """Whether a clause only says to do what was just said ("go on, do it", "can we try that")."""
    return bool(_GOES_AHEAD.search(clause.strip()))


def steps_away(text: str) -> bool:
    """Whether the musician says they step away for a while ("I go drink a coffee and come back", "brb")."""
    return bool(_AWAY.search(text))


def reminisces(clause: str) -> bool:
    """Whether a clause tells of the past ("I used to play a folk club in the seventies"), never asking for a change."""
    return bool(_PAST.search(clause))


def opens_as_question(clause: str) -> bool:
    """Whether a clause opens the way a question does ("what comes after the bridge"), not only ends with a rising voice."""
    return bool(_QUESTION.search(without_charts(clause).strip()))
