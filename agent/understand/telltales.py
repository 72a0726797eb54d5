"""Telltales: the values and words in a clause that raise one tool's readings over those that only sound alike.

"96 bpm" is a tempo, "3/4" a metre, "the ride" a cymbal, "another melody" takes to compare,
dictated lines are lyrics to set; a clause carrying one raises that tool's reading.
"""

from __future__ import annotations

import re

from agent import intents
from agent.section_words import MENTIONS_SECTION
from agent.understand import charts, fill, qualities, slots, takes
from agent.understand.briefs import for_the_words, normalize, read_plan, read_preference
from agent.understand.classifier import Scored

_BOOST = 0.12
_TELLTALE_MARGIN = 0.1  # a value only one kind of tool takes ("96 bpm", "3/4", "a whole step", "the ride")

LYRIC_WORDS = re.compile(r"\b(?:lyrics?|words|lines?|syllables?|mouthful|wordy|rhymes?|cheesy|clich\w*|wording|verse\s+text)\b",
                         re.IGNORECASE)
HEARING = re.compile(r"^(?:(?:let\s+me|can\s+i|could\s+i|may\s+i|i\s+want\s+to|i'd\s+like\s+to)\s+)?(?:play|hear|"
                     r"listen|render|preview|bounce)\b(?!\s+(?:along|it\s+myself|it\s+live|live|(?:my|our)\s+own|"
                     # "i want to play it on guitar": the musician plays
                     r"(?:(?:it|this|that|them|these|those)\s+)?on\s+(?:the\s+|my\s+)?(?:guitar|piano|keys|uke|ukulele|bass)|"
                     # "I want to play it to the head of department": the musician plays it to someone
                     r"(?:it|this|that|them)\s+(?:to|for)\s+(?:my|the|a|an|our|his|her|their|some|him|them)\b))",
                     re.IGNORECASE)
_PLAYED_AS = re.compile(r"\b(?:as|like|twice|faster|slower|at\s+\d|in\s+(?:[a-g]\b|\d|a\s+\w+\s+(?:style|way)))", re.I)
_CHECKING = re.compile(r"\b(?:check|scan|scans|count|proofread|review|look\s+over|go\s+over|fit)\b", re.IGNORECASE)
_REWORKING = re.compile(r"\b(?:re-?write|re-?work|redo|re-?draft|punch\s+up|freshen\s+up)\b|"
                        # "the chorus lyrics more about the sea": the words there are, turned to another subject
                        r"\b(?:more|less)\s+about\b|\babout\s+[\w' -]+\s+instead\b|"
                        # "can line 3 be about the rain": a line there is, given another subject
                        r"\b(?:line\s+(?:\d|one|two|three|four)|(?:first|second|third|fourth|last)\s+line)\s+(?:\w+\s+){0,3}?"
                        r"(?:be|is|was|should\s+be|could\s+be)\s+about\b|"
                        # "bridge lyrics more sad", "the chorus words a bit less wordy": the words there, turned
                        r"\b(?:lyrics?|words|lines?)\s+(?:(?:a\s+)?(?:bit|little|lot|touch|tad)\s+)?(?:more|less)\s+(?!about\b)\w+|"
                        # "work a lighthouse into the bridge lyrics": an image woven into the words
                        r"\b(?:work|weave|fit|squeeze|sneak|slip|get|bring|put)\s+(?:an?|the|some|in)\s+(?:[\w'-]+\s+){0,3}"
                        r"in(?:to)?\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}(?:lyrics?|words|lines?)\b", re.IGNORECASE)
# "write a couple of lines for the intro", "pen some words for the bridge": words made where there were none asked.
_WRITING = re.compile(r"\b(?:write|draft|pen|jot|come\s+up\s+with|dream\s+up)\s+(?:me\s+|us\s+)?(?:a\s+couple\s+of|a\s+few|"
                      r"some|new|a\s+(?:line|verse)|\w+)?\s*(?:[\w'-]+\s+){0,2}?(?:lyrics?|words|lines?)\b", re.IGNORECASE)
# "rewrite them more hopeful": rewriting is done to words, unless the music is named.
_REWRITING = re.compile(r"^(?!.*\b(?:chords?|harmon\w*|melod\w*|tune|progression|bass|drums|groove|arrangement)\b).*"
                        r"\bre-?write\b", re.IGNORECASE)
_NO_SECTION = re.compile(r"^(?:(?:ok|okay|so|actually|and)[\s,]+)*no\s+(?:more\s+)?(?:intro|outro|bridge|solo|pre[\s-]?chorus|"
                         r"middle\s+(?:eight|8)|coda|ending)s?\b\s*(?:[.,!;:-]|$|(?:please|pls|thanks)\b)", re.IGNORECASE)
_TAKE = re.compile(r"\b(?:musicgen|realistic|real[\s-]sounding|lifelike|(?:audio|proper|real)\s+(?:audio\s+)?"
                   r"(?:takes?|recording))\b", re.IGNORECASE)
_GEAR = re.compile(r"\bmidi\s+(?:keyboard|keys|controller|cable|interface|pads?)\b", re.IGNORECASE)
# "find the chorus we wrote last week", "dig up that idea from my beach song": ideas from other sessions.
_RECALLING = re.compile(r"\b(?:find|dig\s+up|pull\s+up|recall|bring\s+back|look\s+up|fetch)\b.*\b(?:we|i)\s+(?:wrote|had|did|"
                        r"made|came\s+up\s+with)\b|\b(?:from|in)\s+(?:(?:one|any)\s+of\s+)?(?:my|our|the)\s+(?:other|old|last|\w+\s+song)\b.*"
                        r"\b(?:projects?|sessions?|songs?)\b|\blast\s+(?:week|session|month)\b", re.IGNORECASE)
_CUT_BEFORE = re.compile(r"\b(?:cut|remove|delete|lose|kill|ditch|scrap|bin|get\s+rid\s+of|drop|skip|do\s+without|"
                         r"(?:take|leave)\s+out)\s+(?:out\s+)?$", re.I)
_CUT_TO = re.compile(r"\s*(?:to|down|by|back|in\s+half|short|shorter)\b", re.IGNORECASE)
SHOWING = re.compile(r"\b(?:show|see|read|display|print|give\s+me\s+the)\b", re.IGNORECASE)
_NEW_SONG = re.compile(r"\b(?:new|another|next)\s+(?:song|tune|track)\b|\b(?:write|start|compose|make|begin|create|"
                       r"do)\s+(?:me\s+|us\s+)?(?:a|an|another)\s+(?:[\w&'-]+\s+){0,3}(?:song|tune|track|ballad|number|"
                       r"lullaby|blues|anthem|waltz|piece|jam|ditty|hymn)\b|\b(?:start|begin|write|do|try)\s+(?:on\s+)?"
                       r"(?:something|anything)\s+(?:new|fresh|else)\b|^(?!.*\b(?:melod\w*|tune|lyrics?|words|chords|verse|chorus|bridge|"
                       r"intro|outro|section|part)\b).*\bfrom\s+scratch\b|\b(?:fresh\s+start|clean\s+slate)\b",
                       re.IGNORECASE)
# "synth solo after the bridge?", "a short breakdown before the last chorus": a new part and where it goes.
_PLACED = re.compile(r"^(?!the\b)(?:(?:a|an|another|one\s+more|new|extra)\s+)?(?:[\w-]+\s+){0,2}?(?:intro|outro|solo|"
                     r"pre[\s-]?chorus|breakdown|interlude|middle\s+(?:eight|8))\s+(?:after|before|between|in\s+front\s+of)\b",
                     re.IGNORECASE)
_KINDS = MENTIONS_SECTION.pattern  # "verse", "the hook", "middle eight", "choruses"
_PLACE = r"(?:right\s+|just\s+|straight\s+)?(?:after|before|between|behind|in\s+front\s+of|ahead\s+of|following)\b"
# "need a third verse right after chorus 2", "i want another chorus": a part wished for that is not there yet.
_WANT_NEW = re.compile(rf"^(?:\w+\s+){{0,2}}(?:need|want|wanna\s+(?:have|add|hear)|gimme|give\s+(?:me|us))\s+(?:an?\s+)?"
                       rf"(?:(?:another|one\s+more|new|extra|second|third|fourth|fifth)\s+(?:[\w-]+\s+){{0,2}}{_KINDS}|"
                       rf"(?:[\w-]+\s+){{0,2}}{_KINDS}\s+{_PLACE})", re.IGNORECASE)
# "put the bridge right after verse 2": a part that is there, put in another place.
_PUT_THERE = re.compile(rf"^(?:\w+\s+){{0,2}}(?:put|move|shift|stick|place|slot|bring|swing)\s+(?:the|that|this|our)\s+"
                        rf"(?:[\w-]+\s+){{0,2}}?(?:{_KINDS}|(?:first|second|third|last|final)\s+(?:one|part|section))"
                        rf"(?:\s+(?:\d|one|two|three))?\s+{_PLACE}", re.IGNORECASE)
_TWICE = re.compile(r"\b(?:play|go|run|loop|repeat|do|have|sing|take)\b(?:\s+[\w'-]+){0,6}?\s+(?:round\s+|through\s+|over\s+)?"
                    r"(?:twice|two\s+times)\b(?!\s+(?:as|the\s+(?:speed|tempo)))", re.IGNORECASE)
_SHOWN = re.compile(r"\b(?:show|display|print|pull\s+up|bring\s+up|see)\b.*\b(?:sheet|chart|score)\b", re.IGNORECASE)
_VERSION_BY_TEMPO = re.compile(r"\b\d{2,3}\s*(?:bpm|beats?)\s+(?:version|take|mix|one|draft)\b", re.IGNORECASE)
_LONE_TEMPO = re.compile(r"\b(?:go|at|to|around|like)\s+(?:\d{2,3}|[a-z]+(?:[\s-]+(?:and\s+)?[a-z]+)*)\s*(?:instead)?\s*[?.!]*\s*$|"
                         r"\b(?:at|to|around)\s+\d{2,3}\s+(?:so|because|cause|cos|since)\b", re.I)  # "bridge at 90 so it breathes"


def boosted(ranked: list[Scored], text: str, act: str) -> list[Scored]:
    """Scores raised for readings whose telltale values the clause carries ("96 bpm", "3/4", "the ride")."""
    strong: set[str] = set()
    weak: set[str] = set()
    if slots.bpm(text) is not None and (re.search(r"bpm|tempo|beats", text, re.I) or _LONE_TEMPO.search(text)):
        strong.add(intents.SET_TEMPO)
    if fill.tempo_way(text):
        strong.add(intents.SET_TEMPO)
    if slots.time_signature(text) is not None:
        strong.add(intents.SET_METER)
    if (slots.interval(text) is not None and slots.way(text)) or slots.target_key(text) is not None:
        strong.add(intents.CHANGE_KEY)
    if re.search(r"\bkey\b|\bmodulat|\btranspos", text, re.I):
        weak.add(intents.CHANGE_KEY)
    cymbal = slots.cymbal(text)
    if cymbal is not None and cymbal.value != "groove":
        strong.add(intents.SET_CYMBAL)
    fmt = slots.export_format(text)
    if _GEAR.search(text):
        fmt = None  # "my midi keyboard" is gear, not a file to export
    if slots.folder(text) and not re.search(r"\b(?:export|save|send|download|bounce|put)\b", text, re.IGNORECASE):
        fmt = None  # "a folder of my old midi songs in ~/Music/my_midis": files there are to learn from, not one to make
        strong.add(intents.LEARN_STYLE)
    if _TAKE.search(text) and not re.search(r"\b(?:export|download|file|bounce)\b", text, re.IGNORECASE):
        fmt = None  # "a realistic audio take of the chorus" is one for MusicGen to play, not a file of the sketch
        strong.add(intents.GENERATE)
    shown = _SHOWN.search(text) and not re.search(r"\b(?:files?|export\w*|download\w*|send|save|email|bounce)\b", text, re.I)
    if fmt is not None and (fmt.value != "lyrics" or re.search(r"\b(?:file|export|download|as\s+(?:a\s+)?text|print\w*|"
                                                               r"photocop\w*|hand\s*outs?|on\s+their\s+own)\b", text, re.I)) and (
            not shown):
        strong.add(intents.EXPORT)  # "show me the chord sheet" is the sheet on screen, not a file
    style = slots.style(text)
    chords = re.search(r"\bchords?\b|\bharmon|\bchanges\b|\breharm", text, re.IGNORECASE)
    jazz_up = re.search(r"\bjazz\w*\s+(?:\w+\s+)?up\b", text, re.IGNORECASE)
    if style is not None and not chords and not jazz_up:
        strong.add(intents.SET_STYLE)
    if slots.harmony_style(text) is not None and (chords or jazz_up):
        strong.add(intents.REHARMONIZE)
    if _PUT_THERE.search(text):
        strong.add(intents.MOVE_SECTION)
    elif re.search(r"^(?:\w+\s+){0,2}(?:add|insert|put(?:\s+in)?|throw(?:\s+in)?|slot(?:\s+in)?|stick(?:\s+in)?|we\s+need|"
                 r"give\s+it|squeeze(?:\s+in)?|(?:can|could|should)\s+there\s+be|there\s+should\s+be|"
                 r"(?:can|could)\s+(?:we|i)\s+(?:have|get))\s+(?:an?|another|"
                 r"one\s+more|new|extra|second|third)\s+(?:[\w-]+\s+){0,2}(?:intro|verse|pre[\s-]?chorus|chorus|bridge|solo|"
                 r"outro|middle\s+(?:eight|8)|instrumental|coda|hook|refrain)\b", text, re.IGNORECASE) or _PLACED.search(text) or (
                 _WANT_NEW.search(text)):
        strong.add(intents.ADD_SECTION)
    if re.search(r"\bforget\s+(?:that|what|my|about|the\s+preference|i\s+said)\b|"
                 r"\bforget\s+(?:the|this|that)\s+(?:[\w'-]+\s+){0,4}(?:thing|rule|bit|stuff|business)\b|\bchanged\s+my\s+mind\s+about\b(?!\s+(?:that|the|this)\s+(?:last\s+)?(?:change|edit|version))|"
                 r"\b(?:drop|scrap|lift|ditch|remove|cancel|lose|bin)\s+(?:that|the|my|this)\s+(?:[\w-]+\s+){0,3}"
                 r"(?:rule|preference|ban|note|wish)\b", text, re.IGNORECASE):
        strong.add(intents.FORGET_PREFERENCE)
    if slots.version(text) is not None and act != "question":
        strong.add(intents.CHECKOUT)  # "what was the tempo in version 1?" asks about it, not to go there
    if _VERSION_BY_TEMPO.search(text):
        # "switch me to the 96 bpm version": a version to go to, named by its tempo, not a tempo to set.
        strong.discard(intents.SET_TEMPO)
        strong.add(intents.CHECKOUT)
    if _RECALLING.search(text):
        strong.add(intents.RECALL_IDEAS)
    if slots.project(text) is not None and slots.version(text) is not None and MENTIONS_SECTION.search(text):
        # "pull the bridge from my 'Harvest Song' project, version 3": a section copied from another project
        strong.add(intents.BORROW_SECTION)
        strong.discard(intents.CHECKOUT)
    if _NO_SECTION.search(text) and act != "question":
        strong.add(intents.REMOVE_SECTION)  # "no outro, end on the last chorus"
    if re.search(r"\b(?:analy[sz]\w*|roman\s+numerals?|cadences|break\s*down\s+of|what\s+makes\s+(?:it|them|the\s+\w+)\s+tick)\b|^(?:\w+[\s,]+)?(?:explain|tell\s+me)\s+(?:to\s+me\s+)?"
                 r"(?:why|what\s+makes)\b.*\b(?:sounds?|feels?|works?|so)\b", text, re.IGNORECASE):
        strong.add(intents.ANALYZE)
    other = takes.alternative_of(text)
    if other is not None:
        # "another melody", "three other plans", "can I hear a different progression": takes to compare, made now.
        strong.add(other)
    elif re.search(r"\b(?:melody|melodies|tune|topline|top\s+line|hook\s+line)\b", text, re.IGNORECASE):
        weak.add(intents.WRITE_MELODY)
    if shown:
        strong.add(intents.SHOW_SHEET)
    if slots.dictated_lines(text):
        strong.add(intents.SET_LYRICS)
    if re.search(r"\brhym", text, re.IGNORECASE):
        weak.update({intents.RHYME_LINE, intents.RHYMES})
    if re.search(r"\btoo\s+(?:long|short)\b|\b(?:goes|drags|drones)\s+on\b|\bends\s+too\s+soon\b", text, re.I):
        strong.add(intents.SET_BARS)
    if re.search(r"\b(?:turn|make|rearrange|restyle|switch|change|redo)\s+(?:it|the\s+song|this|the\s+whole\s+thing)\s+"
                 r"(?:into|to|as)\b", text, re.IGNORECASE) and slots.time_signature(text) is None:
        strong.add(intents.SET_STYLE)
    for named in slots.sections(text, None):
        # "cut the second chorus", "lose the intro": a section named right after a cut, with no length said.
        if _CUT_BEFORE.search(text[: named.start]) and not _CUT_TO.match(text[named.end :]) and slots.bar_count(text) is None:
            strong.add(intents.REMOVE_SECTION)
    if slots.bar_count(text) is not None:
        weak.update({intents.SET_BARS, intents.ADD_SECTION})
        if re.search(r"\b(?:make|stretch|extend|lengthen|shorten|cut|trim|set)\w*\b.*\bto\s+\S+[\s-]+bars?\b|"
                     r"\bshould\s+be\s+\S+\s+bars?\b|\bmake\s+(?:it|them|that|this|the\s+[\w-]+(?:\s+\d)?)\s+(?:just\s+|only\s+)?"
                     r"\S+[\s-]+bars?\b(?!\s+(?:longer|shorter|more|less))", text, re.IGNORECASE):
            strong.add(intents.SET_BARS)
    if slots.harmony_style(text) is not None:
        weak.add(intents.REHARMONIZE)
    if _TWICE.search(text):
        strong.add(intents.DOUBLE_SECTION)  # "play the intro round twice": the section played twice over
    said = normalize(text)
    if re.search(r"^(?:undo\b|(?:go|step|roll|jump)\s+back\b(?!.*\bto\s+(?:the\s+)?(?:v\s*\d|version|\w+\s+version)))", said, re.IGNORECASE):
        strong.add(intents.UNDO)
    elif re.search(r"^redo\b(?!\s+(?:the|it|this|that|them|line|verse|chorus|bridge|intro|outro|lyrics?|words|melody|chords))",
                   said, re.IGNORECASE):
        strong.add(intents.REDO)  # "redo, I changed my mind again": forward again, not a rewrite
    if HEARING.search(said) and not _PLAYED_AS.search(said) and other is None:
        strong.add(intents.RENDER)
    if ((read_plan(said, None) is not None or (_NEW_SONG.search(text) and not for_the_words(text)))
            and other in (None, intents.ALTERNATIVE_PLANS)):
        strong.add(intents.PLAN_SONG)
        strong.discard(intents.SET_STYLE)
        strong.discard(intents.CHANGE_KEY)
    preference = read_preference(said, None) is not None
    if preference:
        strong.add(intents.REMEMBER)
        strong -= {intents.CHANGE_KEY, intents.SET_TEMPO, intents.SET_STYLE}
    lyrical = bool(LYRIC_WORDS.search(qualities.before_topic(text)))
    if lyrical and _CHECKING.search(text):
        strong.add(intents.CHECK_LYRICS)
    elif (lyrical and _REWORKING.search(text) or _REWRITING.search(text)) and intents.SET_LYRICS not in strong:
        strong.add(intents.REWRITE_LYRICS)  # "chorus lyrics are a bit bleak, rewrite them more hopeful"
    elif lyrical and _WRITING.search(text) and intents.SET_LYRICS not in strong:
        strong.add(intents.WRITE_LYRICS)  # "could you write a couple of lines for it"
    elif lyrical and not SHOWING.search(text):
        weak.update({intents.REWRITE_LYRICS, intents.WRITE_LYRICS, intents.SET_LYRICS})
    elif act != "question" and not preference and not strong & {intents.SET_TEMPO, intents.SET_LYRICS, intents.PLAN_SONG}:
        spans = tuple((f.start, f.end) for f in slots.sections(text, None))  # "final chorus: ..." asks for no ending
        found = qualities.qualities(text, skip=spans)
        if any(q.weight > 1 for q in found):
            strong.add(intents.REVISE_SECTION)
        elif found:
            weak.add(intents.REVISE_SECTION)
    if re.search(r"\b(?:back\s+(?:on|to)\s+the\s+(?:groove|normal|usual)|normal\s+(?:drums|cymbals?)|usual\s+(?:drums|cymbals?))\b",
                 text, re.IGNORECASE):
        strong.add(intents.SET_CYMBAL)

    if intents.SET_STYLE in strong and intents.REVISE_SECTION in strong:
        # "full disco treatment": a style named is the whole sound asked for; the quality word only says how much.
        strong.discard(intents.REVISE_SECTION)
        weak.add(intents.REVISE_SECTION)
    chords_said = charts.chord_chart(text) is not None
    if chords_said and act != "question":
        # "change the bridge chords to Dm G C": the chords said are the chords wanted, not a key or a reharmonization.
        strong = (strong - {intents.CHANGE_KEY, intents.REHARMONIZE, intents.ALTERNATIVE_PROGRESSIONS}) | {intents.SET_CHORDS}
    if intents.ANALYZE in strong:
        # "an analysis: cadences, borrowed chords": words about harmony name what to analyse, not what to change.
        strong, weak = {intents.ANALYZE}, weak - {intents.REVISE_SECTION, intents.REHARMONIZE}

    def boost(tool: str) -> float:
        return 2.5 * _BOOST if tool in strong else _BOOST if tool in weak else 0.0

    # The musician's own chords are only read where the chords are said.
    boosted = sorted((Scored(s.reading, s.score + boost(s.reading.tool), s.reading.tool in strong) for s in ranked
                      if not (s.reading.tool == intents.SET_TEMPO and _VERSION_BY_TEMPO.search(text))
                      and (chords_said or s.reading.tool != intents.SET_CHORDS)),
                     key=lambda s: s.score, reverse=True)  # fmt: skip
    # A reading whose telltale value the clause carries wins over a close one that only sounds alike.
    if boosted and not boosted[0].telltale:
        rival = next((s for s in boosted[1:] if s.telltale and boosted[0].score - s.score < _TELLTALE_MARGIN), None)
        if rival is not None:
            boosted.remove(rival)
            boosted.insert(0, Scored(rival.reading, max(rival.score, boosted[0].score), True))
    return boosted
