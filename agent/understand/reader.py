"""Read a whole message: split it into clauses, read each, and decide to act, ask, leave alone or chat.

A clause is read by its shape (question, request, leave alone), by its meaning (the nearest
examples), by the values it carries (sections, numbers, keys, qualities) and by the
section a neighbouring clause named when it only points ("calm it down"). Confident
readings run; an unsure one is asked about with its likely readings as commands.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from agent import intents
from agent.intents import Intent
from agent.understand import (
    acts,
    charts,
    doubts,
    fill,
    followups,
    learned,
    qualities,
    slots,
    spelling,
    takes,
    telltales,
)
from agent.understand.briefs import normalize, read_plan, read_preference
from agent.understand.classifier import Reading, Scored, classifier, mask
from music.band.styles import STYLE_NAMES
from music.song import Song

logger = logging.getLogger(__name__)

Social = Literal["praise", "leave", "chat"]

# Cosine scores of the nearest examples; measured on bench/data/requests_dev.json.
SURE = 0.65  # at or above: the reading runs
CLOSE = 0.05  # a runner-up this close makes the reading unsure
FLOOR = 0.52  # below: not a request cowriter knows; the conversation answers
_HINT_FLOOR = 0.4  # a reading this close is worth naming when nothing else is
# Probabilities of the learned reading (learned.py) of a message the rules left unread; chosen by leaving one
# author out (python bench/learned_reading.py --loao).
LEARNED_RUNS = 0.55  # at or above: a change asked for in so many words runs
LEARNED_OFFERS = 0.15  # at or above: offered as a button, when one reading is likely or the musician should be asked
LEARNED_VETO = 0.6  # a change the rules read in a message this likely to ask for none is offered, not run
LEARNED_OVERRULES = 0.8  # at or above: a change asked for that the rules neither read nor offered runs instead


NO_CHANGE_ASKED = "no change asked for"  # what a question back is missing when the words ask for nothing
NO_QUESTION_ASKED = "no question asked"  # ... when the words say something about the song but ask nothing of it


@dataclass(frozen=True)
class Clarify:
    """A question for the musician, with the readings to offer as commands."""

    said: str
    options: tuple[Intent, ...]
    missing: str = ""


@dataclass(frozen=True)
class Understanding:
    """What a message asks for: intents to run, a question back, or something that changes nothing."""

    intents: tuple[Intent, ...] = ()
    clarify: Clarify | None = None
    social: tuple[Social, ...] = ()
    left_alone: tuple[str, ...] = ()
    # Changes the words came closest to, though not close enough to run or to ask about:
    # offered when the conversation answers and a model claims a change it cannot make.
    hints: tuple[Intent, ...] = field(default=())

    @property
    def understood(self) -> bool:
        """Whether anything was read at all (else the conversation model answers)."""
        return bool(self.intents or self.clarify or self.social)


@dataclass(frozen=True)
class _Clause:
    text: str
    act: str
    names: tuple[str, ...]
    ranked: tuple[Scored, ...]
    inherited: bool = False  # its sections come from a neighbour ("calm it down")

    @property
    def sections(self) -> list[str]:
        """The sections it names, landmarks ("before the last chorus") included as plain names."""
        return [n.removeprefix(_LANDMARK) for n in self.names]


# "it's still in A minor, right?": the tag belongs to its clause, which asks.
_TAGGED = re.compile(r",\s*(?P<tag>right|correct|yeah|isn't\s+it|aren't\s+they|no)\s*\?", re.IGNORECASE)
# Sentences end after their mark, which stays with them ("...right?" still asks).
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|(?<=[!?;])(?=\S)|\n+")
_SPLIT = re.compile(
    r"(?:\s*,?\s*\band\s+then\b|\s*,?\s+then\b|\s*,\s*(?:and|but|plus|also)\b|\s*,|\s+(?:and|but|plus|also)\s+|"
    r"\s[-–—+]+\s)",
    re.IGNORECASE,
)

# Said aloud or typed in one breath, a sentence has no marks: "... kinda gloomy to me can you brighten it up", "whole
# song up a whole step I cant get down that low no more" and "the outro is sittin kinda dark brighten her up" are two
# clauses each. A new one starts at these words, unless the word before ties them to what came before.
_ASKING = re.compile(r"(?:can|could|would|will)\s+(?:you|ya)\b", re.IGNORECASE)
_LETS = re.compile(r"let'?s\s", re.IGNORECASE)
_REMEDY = re.compile(r"(?:brighten|darken|lighten|simplify|calm|cool|settle|strip|thin|liven|soften|smooth|tone|beef|"
                     r"pump|warm|tighten|loosen|slow|speed|make|let)\s+(?:it|her|him|them|em|that|this|those|these)\b",
                     re.IGNORECASE)  # fmt: skip
_SPEAKER = re.compile(r"(?:i\s+(?:cant|can't|cannot|want|wanna|need|don't|dont|just|really|am|was)|i'(?:m|d|ll)|im)\b",
                      re.IGNORECASE)  # fmt: skip
_TIES_REMEDY = {"to", "you", "ya", "please", "pls", "just", "can", "could", "would", "will", "should", "and", "then", "i",
                "we", "gonna", "wanna", "gotta", "or", "so", "not", "never", "don't", "dont"}  # fmt: skip
_TIES_SPEAKER = {"so", "if", "as", "that", "than", "when", "cause", "because", "cos", "where", "while", "till", "until",
                 "before", "after", "what", "how", "like", "then", "why", "which", "do", "said", "say", "way"}  # fmt: skip


def _breaths(piece: str) -> list[str]:
    """A piece said in one breath, cut where a new clause starts: a question to me, "let's", a remedy, "I want"."""
    cuts = [0]
    for space in re.finditer(r"\s+", piece):
        before, after = piece[: space.start()], piece[space.end() :]
        last = re.search(r"[\w']+$", before)
        word = last[0].lower() if last else ""
        tied = word.endswith(("'ll", "n't", "'s"))
        if ((_ASKING.match(after) and word not in ("if", "so")) or (_LETS.match(after) and word != "so")
                or (_REMEDY.match(after) and not tied and word not in _TIES_REMEDY)
                or (_SPEAKER.match(after) and not before.endswith(":") and word not in _TIES_SPEAKER)):  # fmt: skip
            cuts.append(space.start())
    return [piece[a:b] for a, b in zip(cuts, [*cuts[1:], len(piece)], strict=True)]


def understand(text: str, song: Song | None, previous: tuple[Intent, ...] = ()) -> Understanding:
    """What a message asks for.

    Args:
        text: The musician's message, e.g. "a sunnier bridge and a slower outro".
        song: The current song, or None before the first plan.
        previous: What the last turn that acted ran, for "same for the bridge" and "the outro too".
    """
    dictated = bool(slots.dictated_lines(text))
    if not dictated:
        text = spelling.corrected(text)  # "make the chorus brigther"; dictated lines stay as written
        text = slots.joined_lists(text)  # "the first and the last chorus" is one list, not two clauses
        text = charts.charted(text)  # "Am, F, C and G" is one chord chart, not four clauses
        text = slots.sections_said_short(text)  # "bring it down a notch in v2": the second verse, not version 2
        text = slots.spoken_numbers(text)  # "bump it to a hundred and four": one number, not a clause about "four"
        text = acts.unneeded(text)  # "we don't need that outro": a cut asked for, not a change forbidden
    again = followups.again(text, song, previous)
    if again:
        return Understanding(again)
    plan = read_plan(normalize(text), None)
    named = [f for f in slots.sections(text, song) if f.value != slots.WHOLE_SONG]
    if plan is not None and acts.act(text) != "question" and not named:
        return Understanding((plan,))  # a new song's brief is the whole message, commas and all
    sentences = _SENTENCE.split(_TAGGED.sub(r" \g<tag>?", text))
    pieces = [piece for sentence in sentences for piece in _pieces(sentence)]
    if dictated:
        # Dictated lines keep their own commas and "and"s; a request after the closing quote is its own clause.
        after = _AFTER_QUOTE.match(text)
        pieces = [after["lines"], after["rest"]] if after else [text]
    pictured = _without_pictures(pieces)
    clauses = _praise_goes_on(_lines_pointed(_merge([_read(piece, song) for piece in pictured], song), song))
    whole = _read(text if pictured == pieces else ", ".join(pictured), song)
    if len(clauses) <= 1 or _single_reading(whole, clauses):
        clauses = [whole] if len(clauses) <= 1 else clauses
    understood = _decide(_with_pointers(clauses), song)
    if understood.understood:
        guesses = learned.guess(text)  # one embedding of the message for both second opinions
        return _overruled(understood, clauses, text, whole, guesses, song) or _doubted(understood, clauses, guesses, text)
    second = _learned(text, whole, song)
    if second is not None:
        return second
    hints = tuple(i for clause in clauses for i in _alternatives(clause, song, floor=_HINT_FLOOR)
                  if i.tool not in _READ_ONLY)  # fmt: skip
    return Understanding(hints=hints[:2])


_AFTER_QUOTE = re.compile(r"^(?P<lines>.*[\"”'’])\s*[-–—,;.]*\s*(?:and\s+)?(?:then\s+)?"
                          r"(?P<rest>(?:write|add|make|give|put|set|compose|do|render|play)\b[^\"”]*)$", re.IGNORECASE | re.DOTALL)
_BETWEEN = re.compile(r"\bbetween\s+(?:[\w'-]+\s+){0,3}[\w'-]+$", re.IGNORECASE)


def _said_in_breaths(sentence: str) -> list[str]:
    """A sentence cut at its marks, its "and"s and "then"s, and where a new clause starts in one breath."""
    return [breath for piece in _SPLIT.split(sentence) for breath in _breaths(piece)]


def _pieces(sentence: str) -> list[str]:
    """A sentence cut at its commas and "and"s; a short piece of a sentence that asks asks too ("bpm and key?")."""
    whole = _DETAILS.search(sentence) or acts.steps_away(sentence)  # "I go drink a coffee and come back" is one thought
    pieces = [p.strip(" ,") for p in ([sentence] if whole else _said_in_breaths(sentence))
              if p and p.strip(" ,.;")]  # fmt: skip
    for index in range(len(pieces) - 1, 0, -1):
        if _BETWEEN.search(pieces[index - 1]):  # "between a plagal and a perfect cadence" is one thing said
            pieces[index - 1:index + 1] = [f"{pieces[index - 1]} and {pieces[index]}"]
    rising = sentence.rstrip().endswith("?")
    shape = acts.act(sentence) if rising else None
    if shape == "request":
        # "could you make it eight bars, and calmer too?": the last piece asks for a change, not a question
        pieces = [*pieces[:-1], pieces[-1].rstrip("?").rstrip()] if len(pieces) > 1 else pieces
    return [f"{p}?" if shape == "question" and not p.endswith("?") and len(p.split()) <= 3 and not slots.sections(p, None)
            else p for p in pieces]


def _single_reading(whole: _Clause, clauses: list[_Clause]) -> bool:
    """Whether the clauses only repeat what the whole message reads as (a request with a trailing remark)."""
    if whole.act == "leave" or any(c.act == "leave" for c in clauses):
        return False
    if whole.act in ("praise", "muse", "chat") and any(c.act in ("request", "question") for c in clauses):
        return False  # "can I get the stems? zipped is fine": the request stands beside the remark
    useful = [c for c in clauses if c.ranked and c.ranked[0].score >= FLOOR]
    return len(useful) <= 1 and bool(whole.ranked) and whole.ranked[0].score >= SURE


def _read(text: str, song: Song | None) -> _Clause:
    act = acts.act(text)
    if act in ("praise", "muse", "leave") and read_preference(normalize(text), None) is not None:
        act = "request"  # "I love cellos" is a preference to keep, not praise of this song
    found = slots.sections(text, song)
    names = _targets(text, found, song)
    masked = mask(text, [(f.start, f.end, f.value == slots.WHOLE_SONG) for f in found])
    families: tuple[str, ...]
    if _ADVICE.search(text):
        families = ("social",)  # "any ideas for the bridge?", "what would Prince do here?": a talk, not a fact
    elif act == "question":
        families = ("question", "action", "preference")
    elif act in ("leave", "praise", "chat"):
        families = ("social",)
    elif act == "muse":
        families = ("edit", "action", "question", "social")  # read, to offer what it might mean; never run
    else:
        # "give me the chords of the bridge" asks for an answer in the shape of a request.
        families = ("edit", "action", "preference", "social", "question")
    ranked = classifier().rank(masked, families)
    return _Clause(text, act, names, tuple(telltales.boosted(ranked, text, act)))


# "an analysis of the chorus: roman numerals, cadences, borrowed chords": a list of details, not of requests.
_DETAILS = re.compile(r"\b(?:analy\w*|theory|check|show|tell|list|explain|break\s*down|look\s+at)\b[^:]*:\s*"
                      r"(?:[\w'-]+(?:\s+[\w'-]+){0,2}\s*(?:,|\band\b|(?=[.!?]?\s*$))\s*){2,}[.!?]?\s*$", re.IGNORECASE)
_ADVICE = re.compile(r"^(?:\w+[\s,]+)?(?:any|got\s+any|have\s+you\s+got\s+any)\s+(?:ideas?|suggestions?|thoughts|tips|advice)\b|"
                     r"^what\s+would\s+(?:you|\w+(?:\s+\w+)?)\s+do\b|^how\s+would\s+you\s+(?:approach|handle|tackle)\b",
                     re.IGNORECASE)


_LANDMARK = "~"  # marks a section named only as a landmark ("a drop before the last chorus")
_ANCHORED = re.compile(r"\b(?:before|after|than|behind|following|preceding|ahead\s+of|in\s+front\s+of|as|next\s+to|by\s+the\s+time|"
                       # "before we hit the bridge", "achin to get back to that chorus": where the music goes next
                       r"(?:before|till|until|when)\s+(?:we|it|you|they|she|he)\s+(?:hit|hits|reach|reaches|get\s+to|gets\s+to)|"
                       r"(?:get|go|come|head)(?:s|ing|in)?\s+back\s+(?:to|in(?:to)?)\s+(?:that|this)?|"
                       r"compared\s+(?:to|with)|against|versus|vs\.?|beside|alongside|(?:up|on)\s+(?:\w+\s+)?from|"
                       r"(?:for|so)\s+(?:where|when|that|the\s+way)\b.*|so|"
                       # "before we crash back into the last chorus", "so it pulls into chorus two": where it goes
                       r"(?:crash\w*|pull\w*|slam\w*|launch\w*|fall\w*|com(?:e|es|ing)|burst\w*|explod\w*|land\w*|"
                       r"rush\w*|tip\w*|spill\w*|ease\w*|glid\w*|drop(?:s|ping)?)\s+(?:\w+\s+){0,2}?into|"
                       # "the biggest moment of the song": the song is where the moment is, not what changes
                       r"(?:moment|part|point|bit|peak|highlight|climax|centre\s*piece|center\s*piece|heart)\s+of\s+"
                       r"(?:the\s+|this\s+|our\s+|my\s+)?(?:whole\s+|entire\s+)?)\s*(?:the\s+)?$", re.IGNORECASE)
_LEADING_INTO = re.compile(r"\b(?:going|leading|heading|building|build(?:ing)?\s+up|ramping\s+up|lead)\s+(?:in)?to\s+(?:the\s+)?$",
                           re.IGNORECASE)


def _targets(text: str, found: list[slots.Found], song: Song | None) -> tuple[str, ...]:
    """The sections a clause works on: those named, less those only named as a landmark ("before the chorus").

    "Tension going into the last chorus" works on the section before it.
    """
    targets: list[str] = []
    landmarks: list[str] = []
    for item in found:
        before = text[: item.start]
        name = str(item.value)
        if _LEADING_INTO.search(before) and song is not None and name != slots.WHOLE_SONG and slots.resolves(name, song):
            index = song.find(name)[0]
            if index > 0:
                landmarks.append(name)
                targets.append(song.sections[index - 1].label)
                continue
        (landmarks if _ANCHORED.search(before) else targets).append(name)
    return tuple(_narrowest(_once(targets, song), song) or [_LANDMARK + name for name in landmarks])


def _narrowest(names: list[str], song: Song | None) -> list[str]:
    """Names less any that only widens another ("three choruses is one too many ... drop the one after verse 2")."""
    spans = {n: _where(n, song) for n in names}
    return [n for n in names if not any(spans[o] < spans[n] for o in names)]


def _where(name: str, song: Song | None) -> frozenset[object]:
    """The places in the song a section name covers, or the name itself where the song does not resolve it."""
    if song is not None and slots.resolves(name, song):
        return frozenset(song.find(name))
    return frozenset({name.casefold()})


def _once(names: list[str], song: Song | None) -> list[str]:
    """Each section once, however often and however it was named ("the bridge ... going into the last chorus")."""
    seen: set[object] = set()
    kept = []
    for name in names:
        same = _where(name, song)
        if same not in seen:
            seen.add(same)
            kept.append(name)
    return kept


# "love the bridge, that E7 really pulls you back": the praise goes on about what it liked.
_SAYS_WHY = re.compile(r"^(?:and\s+|plus\s+)?(?:that|this|it|those|these|the\s+way|"
                       # "that's lovely. the chorus really does open up": what was liked, said again with feeling
                       r"the\s+[\w-]+(?:\s+\d)?\s+(?:really|certainly|definitely|truly)\s+(?:does|do|is|are))\b(?!.*\b(?:needs?|should|could|would|too|"
                       r"enough|more|less|lacks?|missing|but|though|except|can|please|pls)\b)", re.IGNORECASE)


def _praise_goes_on(clauses: list[_Clause]) -> list[_Clause]:
    """A remark after praise that only says what it liked is praise too, never a change."""
    out: list[_Clause] = []
    for clause in clauses:
        if out and out[-1].act == "praise" and clause.act == "request" and _SAYS_WHY.search(clause.text):
            clause = _Clause(clause.text, "praise", clause.names, clause.ranked, clause.inherited)
        out.append(clause)
    return out


def _merge(clauses: list[_Clause], song: Song | None) -> list[_Clause]:
    """Clauses joined back where a piece is only a list of sections or a remark that reads as nothing."""
    merged: list[_Clause] = []
    waiting = ""
    for clause in clauses:
        if waiting:
            clause = _read(f"{waiting}, {clause.text}", song)
            waiting = ""
        bare = slots.sections(clause.text, song)
        only_sections = bool(bare) and not re.sub(
            r"\b(?:the|and|a|an|all|both|of|for|to|in|into|on|too|also|as\s+well|plus|between|before|after|right|just|one|"
            r"ahead|front|behind|following|preceding)\b|[\s,&]", "",
            mask(clause.text.rstrip(".!;?"), [(f.start, f.end, False) for f in bare]).replace("the section", ""))  # fmt: skip
        weak = not clause.ranked or clause.ranked[0].score < FLOOR
        if weak and clause.act == "muse" and merged and merged[-1].ranked and merged[-1].ranked[0].telltale and (
                merged[-1].ranked[0].reading.family == "action"):
            weak = False  # "can I get the stems? I'd like to mix it myself": a reason, and the stems change nothing
        if not merged and only_sections:
            waiting = clause.text  # "in verse one, line three should rhyme with ...": the section leads
            continue
        answered = bool(merged) and merged[-1].act == "question" and bool(merged[-1].ranked) and (
            merged[-1].ranked[0].score >= FLOOR) and not bare and clause.act == "request"  # "what can you do? first time here"
        if merged and (only_sections or (weak and clause.act not in ("leave", "praise", "chat") and not _voice_or_amount(clause.text)
                                         and not _bare_quality(clause.text) and not answered)):
            previous = merged.pop()
            merged.append(_read(f"{previous.text}, {clause.text}", song))
        elif merged and _LINE_POINTER.search(clause.text) and re.search(r"\bline\b", merged[-1].text, re.IGNORECASE):
            # "line 1 doesn't rhyme with anything. can it rhyme with line 3?": "it" is line 1.
            previous = merged.pop()
            merged.append(_read(f"{previous.text}, {clause.text}", song))
        elif merged and ((_voice_or_amount(clause.text) and not clause.names) or _describes_the_words(merged[-1], clause)):
            previous = merged.pop()
            merged.append(_read(f"{previous.text}, {clause.text}", song))
        else:
            merged.append(clause)
    if waiting:
        merged.append(_read(waiting, song))
    return merged


def _without_pictures(pieces: list[str]) -> list[str]:
    """The pieces less those that only picture the change before ("a calmer last chorus, like everything pulls back").

    A picture after words to write or rewrite says what they should be about, and stays.
    """
    kept: list[str] = []
    for piece in pieces:
        if kept and _ILLUSTRATES.match(piece) and not telltales.LYRIC_WORDS.search(kept[-1]) and not _voice_or_amount(piece):
            continue
        kept.append(piece)
    return kept


# "like ...", "as in ...", "think ...", "let it breathe": what the change before should feel like, or why.
_ILLUSTRATES = re.compile(r"^(?:(?:kinda|kind\s+of|sort\s+of|something|a\s+bit|just)\s+)?like\b(?!\s+(?:it|that|this|"
                          r"them|the\s+(?:way|one|old|first|original|\w+\s+(?:one|version)))\b)|^(?:as\s+in|i\.?e\.?|e\.?g\.?|"
                          r"think)\b|"
                          # "open hats on the choruses, let em breathe": why, not a second change
                          r"^(?:(?:just|to)\s+)?let\s+(?:it|them|em|'em|things|the\s+\w+)\s+(?:breathe|ring|sing|shine|settle|"
                          r"land|float|flow|sit|swing|groove|hit|build|grow|speak)\b", re.IGNORECASE)


# "rewrite line 2, then make line 4 rhyme with it": "it" is the line said before.
_WITH_IT = re.compile(r"\b(?P<with>with|to)\s+(?:it|that(?:\s+one|\s+line)?|this(?:\s+one|\s+line)?)\b", re.IGNORECASE)


_THAT_LINE = re.compile(r"\b(?:that|this|the\s+same)\s+line\b", re.IGNORECASE)


def _lines_pointed(clauses: list[_Clause], song: Song | None) -> list[_Clause]:
    """Clauses whose "with it" or "that line" points at the one line the clause before named, read with that line said."""
    out: list[_Clause] = []
    for clause in clauses:
        pointer = _WITH_IT.search(clause.text)
        before = slots.lines(out[-1].text) if out else []
        if pointer and len(before) == 1 and slots.lines(clause.text) and re.search(r"\brhym", clause.text, re.IGNORECASE):
            said = f"{clause.text[: pointer.start()]}{pointer['with']} line {before[0].value}{clause.text[pointer.end():]}"
            clause = _read(said, song)
        elif (that := _THAT_LINE.search(clause.text)) and len(before) == 1 and not slots.lines(clause.text):
            # "the third line is clumsy. could you rephrase just that line?": that line is the third
            clause = _read(f"{clause.text[: that.start()]}line {before[0].value}{clause.text[that.end():]}", song)
        out.append(clause)
    return out


def _describes_the_words(previous: _Clause, clause: _Clause) -> bool:
    """Whether a bare quality after a rewrite of words says how ("make the bridge words more hopeful, less mopey")."""
    rewriting = bool(previous.ranked) and previous.ranked[0].reading.tool == intents.REWRITE_LYRICS
    return rewriting and not clause.names and bool(_MORE_OF.match(clause.text.strip()))


_LINE_POINTER = re.compile(r"\b(?:it|that\s+one|that\s+line)\b.*\b(?:rhyme|line)\b|^(?:could|can|would)\s+(?:it|that)\s+be\b|\b(?:rhyme|rewrite|redo|fix|change|tighten|tidy|clean|smooth|polish|rephrase|reword)\s+(?:just\s+|only\s+)?(?:it|that)\b",
                           re.IGNORECASE)


def _voice_or_amount(text: str) -> bool:
    """A piece that only adds a detail to the one before ("soprano range", "like 80", "maybe a half step", "chord-wise")."""
    words = text.split()
    detail = slots.voice(text) is not None or bool(slots.numbers(text)) or slots.interval(text) is not None
    if _WISE.fullmatch(text.strip()):
        return True  # "how does the outro go, chord-wise?"
    said = re.search(r"(?:\b(?:is|are)|'s|'re)\s+(?:\w+\s+)?too\s+(?:much|many)\b", text, re.I)  # "three is too much"
    return (len(words) <= 4 and detail and not said and not _asks(text) and slots.time_signature(text) is None
            and not fill.TEMPO_MARK.search(text))


_WISE = re.compile(r"(?!(?:other|like|clock|counterclock)-?wise)[\w-]+?-?wise\W*", re.IGNORECASE)


_THE_REST = re.compile(r"\b(?:the\s+rest|the\s+others?|everything\s+else|all\s+else|the\s+other\s+\w+)\b", re.IGNORECASE)


def _with_pointers(clauses: list[_Clause]) -> list[_Clause]:
    """Clauses that name no section take the one a neighbour names ("calm it down", "too happy. the outro ...")."""
    named = [tuple(c.sections) for c in clauses]
    out = []
    for index, clause in enumerate(clauses):
        if clause.names:
            out.append(clause)
            continue
        before = next((named[i] for i in range(index - 1, -1, -1) if named[i]), ())
        after = next((named[i] for i in range(index + 1, len(clauses)) if named[i]), ())
        kind = next((n.split()[-1] if not n.split()[-1].isdigit() else n.split()[0] for n in before or after), "")
        name = slots.one_of(clause.text, kind) if kind and kind != slots.WHOLE_SONG.split()[-1] else None
        if name is not None:
            # "borrowed chords in the choruses, then lift the last one": the last chorus.
            out.append(_Clause(clause.text, clause.act, (name,), clause.ranked, inherited=False))
            continue
        pointing = fill.pointer(clause.text) and not _THE_REST.search(clause.text)
        inherited = before or after if (pointing or (len(clauses) > 1 and clause.act != "leave")) else ()
        if not before and clause.ranked and clause.ranked[0].reading.tool in _WHOLE_SONG_TOOLS:
            inherited = ()  # "drop it a half step and make the intro 8 bars": "it" is the song, not a section said later
        out.append(_Clause(clause.text, clause.act, inherited, clause.ranked, inherited=True))
    return out


def _decide(clauses: list[_Clause], song: Song | None) -> Understanding:
    runs: list[Intent] = []
    social: list[Social] = []
    left: list[str] = []
    unsure: list[tuple[_Clause, Clarify]] = []
    remarks: list[Intent] = []
    asked: list[Intent] = []
    pointed: list[tuple[Intent, str]] = []  # changes read from a clause that points ("make them ...") at another's section
    complained: list[tuple[_Clause, list[Intent]]] = []  # changes read from a complaint ("the coda feels rushed")
    everything = False  # "don't change a thing": no change at all
    for index, clause in enumerate(clauses):
        if clause.act in ("praise", "muse") and any(acts.goes_ahead(c.text) for c in clauses[index + 1:index + 2]):
            # "a guy at my lesson said it would sound good in B minor. can we try it": what was said, done.
            clause = replace(clause, act="request")
        if index and acts.goes_ahead(clause.text):
            continue  # "... can we try it": the clause before says what
        if clause.act == "leave":
            social.append("leave")
            left.extend(clause.sections)
            everything = everything or (_EVERYTHING.search(clause.text) is not None and set(clause.sections) <= {slots.WHOLE_SONG})
            continue
        if clause.act in ("praise", "chat"):
            social.append("praise" if clause.act == "praise" else "chat")
            continue
        if clause.act == "muse":
            # Thinking aloud changes nothing; what it might lead to is offered, not done.
            best = clause.ranked[0] if clause.ranked else None
            offers: tuple[Intent, ...] = ()
            if best is not None and best.reading.family == "edit" and best.score >= SURE and best.reading.tool not in (
                    intents.REMOVE_SECTION, intents.ADD_SECTION, intents.MOVE_SECTION):
                made = fill.fill(best.reading, clause.text, clause.sections, song)
                offers = tuple(made[:2]) if isinstance(made, list) else made.options[:2]
            if offers and not acts.reminisces(clause.text):
                unsure.append((clause, Clarify(clause.text, offers[:3], "thinking aloud")))
            else:
                social.append("chat")
            continue
        outcome = _choose(clause, song)
        if isinstance(outcome, list) and clause.act == "question":
            asked.extend(outcome)
        if isinstance(outcome, list) and len(clauses) > 1 and _remark(clause):
            # "..., classic truck driver change": a remark beside a request backs it up; alone it may stand.
            remarks.extend(outcome)
            continue
        if isinstance(outcome, Clarify):
            unsure.append((clause, outcome))
        elif isinstance(outcome, str):
            social.append(outcome)  # type: ignore[arg-type]
        elif outcome:
            if _complains(clause) and not any(i.tool in _LYRIC_TOOLS for i in outcome):
                complained.append((clause, outcome))
                continue
            runs.extend(outcome)
            if clause.inherited and _THEM.search(clause.text):
                pointed.extend((i, clause.text) for i in outcome if i.tool == intents.REVISE_SECTION)
    # "the coda feels rushed. could you make it eight bars, and calmer?": the complaint is why; the remedy is what.
    remedied = {where for i in runs for where in _places(i, song)}
    runs = [i for _, outcome in complained for i in outcome if not _places(i, song) & remedied] + runs
    if not runs:
        runs = remarks
    # "the chorus words are cheesy, can you make them more hopeful": "them" are the words, already being rewritten.
    worded = {str(i.args.get("section")) for i in runs if i.tool in _LYRIC_TOOLS}
    folded = [(i, said) for i, said in pointed if str(i.args.get("section")) in worded]
    if folded:
        how = [said for _, said in folded]
        runs = [Intent(i.tool, {**i.args, "how": " ".join(filter(None, [str(i.args.get("how") or ""), *how]))})
                if i.tool == intents.REWRITE_LYRICS else i for i in runs if not any(i is f for f, _ in folded)]
    if any(i.tool in _HISTORY for i in runs):
        # "go back to version 1, I wanna hear it": a move between versions plays the one it lands on.
        runs = [i for i in runs if not (i.tool == intents.RENDER and not i.args.get("section"))]
    rewritten = {where for i in runs if i.tool == intents.REWRITE_LYRICS for where in _places(i, song)}
    # "the words of verse 2 are too city-ish. could you rewrite them about a lane?": the words there, rewritten
    runs = [i for i in runs if not (i.tool == intents.WRITE_LYRICS and _places(i, song) and _places(i, song) <= rewritten)]
    if len(clauses) > 1 and any(i.tool in _LYRIC_TOOLS for i in runs):
        # "redo it" next to a change of a line means that line, not the history.
        runs = [i for i in runs if i.tool not in _HISTORY]
    if any(i.tool not in _READ_ONLY for i in runs):
        # Beside a change, a remark that reads like a question ("it hangs on that E7") is no question.
        runs = [i for i in runs if i.tool != intents.ANSWER or i in asked]
        # "the bridge feels too busy?? can it be more simple": how a part sounds, asked beside its remedy, is the complaint.
        changed = {where for i in runs if i.tool not in _READ_ONLY for where in _places(i, song)}
        runs = [i for i in runs if not (i.tool == intents.ANSWER and i.args.get("topic") == "colour"
                                        and _places(i, song) & changed)]
    runs = followups.without_repeats(runs)
    if everything:
        # "... gorgeous. Don't change a thing.": whatever else was said, the song stays as it is.
        runs = [i for i in runs if i.tool in _KEEPS_THE_SONG]
        unsure = []
    # Leaving a section alone wins over a change to it said in the same message.
    runs = [i for i in runs if i.tool in _READ_ONLY or (str(i.args.get("section", "")) not in left
            and not set(i.args.get("sections") or ()) & set(left))]  # fmt: skip  ("why is it so dramatic? don't change it")
    go_ahead = [c for c in clauses if acts.goes_ahead(c.text)]
    if go_ahead and not runs:
        # "I wonder what this would sound like as folk. go on, do it": the thought, done.
        thought = next((q for c, q in unsure if c.act == "muse" and q.options), None)
        if thought is not None:
            return Understanding((thought.options[0],), None, tuple(dict.fromkeys(social)), tuple(left))
    clarify = None
    for clause, question in unsure:
        repeats = any(_same(option, run) for option in question.options for run in runs)
        remark = bool(runs) and (not _asks(clause.text) or not question.options)  # nothing to offer beside a change
        if not repeats and not remark:
            clarify = question
            break
    return Understanding(tuple(runs), clarify, tuple(dict.fromkeys(social)), tuple(left))


_HISTORY = {intents.UNDO, intents.REDO, intents.CHECKOUT}
_EVERYTHING = re.compile(r"\b(?:a\s+(?:single\s+)?thing|anything|everything|it\s+all|all\s+of\s+it|the\s+lot|a\s+note|"
                         r"any\s+(?:of\s+it|more|further))\b(?!\s+else)", re.IGNORECASE)
_THEM = re.compile(r"(?:\b|')(?:them|em|they|those|these)\b", re.IGNORECASE)
_LYRIC_TOOLS = {intents.REWRITE_LYRICS, intents.WRITE_LYRICS, intents.SET_LYRICS, intents.RHYME_LINE}
_ASKS = re.compile(
    r"^(?:\w+\s+){0,2}(?:make|give|add|put|let|bring|turn|take|try|go|use|play|write|cut|drop|lift|raise|lower|"
    r"double|remove|move|switch|change|set|slow|speed|push|pull|rewrite|redo|rhyme|export|undo|calm|brighten|"
    r"darken|simplify|jazz|modulate|transpose|get|have|fix|tighten|shorten|lengthen|extend|stretch|trim|swap|replace|"
    r"resolve|bump|nudge|tweak|fill|strip|can|could|would|will|please|pls)\b|\b(?:should|needs?\s+to|want|"
    r"i'?d\s+like)\b",
    re.IGNORECASE,
)


# "..., and more energy": a bare "more X" or a comparative asks for it, it does not comment.
_MORE_OF = re.compile(r"^(?:and\s+|plus\s+|also\s+|with\s+)?(?:(?:a\s+)?(?:bit|little|touch|tad|lot|lots|way|much)\s+"
                      r"(?:of\s+)?)?(?:more|less|fewer|extra|bigger|smaller|louder|softer|quieter|brighter|darker|"
                      r"faster|slower|higher|lower|richer|simpler|heavier|lighter|warmer|sadder|happier)\b", re.IGNORECASE)


# "..., then a fresh melody over the new chords": a thing wanted, named; no remark.
_WANTED_THING = re.compile(r"^(?:(?:and|then|also|plus)\s+)*(?:a|an|some)\s+(?:new|fresh|different|\w+er)\s+\w+", re.IGNORECASE)


def _remark(clause: _Clause) -> bool:
    """A clause that comments rather than asks ("it's getting repetitive", "classic truck driver change")."""
    telltale = bool(clause.ranked) and clause.ranked[0].telltale and clause.ranked[0].reading.tool != intents.REVISE_SECTION
    if _asks(clause.text) or (clause.names and not clause.inherited) or telltale or _bare_quality(clause.text) or (
            _WANTED_THING.match(clause.text.strip())):
        return False
    describing = re.search(r"\b(?:is|are|was|were|feels?|sounds?|seems?|gets?|getting)\b|'s\b|'re\b|"
                           r"^(?:i|we)\s+(?!want|need|would|wanna|'d|'ll|will|like)\w+", clause.text.strip(), re.I)
    return bool(describing) or not fill.pointer(clause.text)


def _places(intent: Intent, song: Song | None) -> set[object]:
    """Where in the song an intent works: the sections' places when the song resolves them, else the names said."""
    names = [str(n) for n in (intent.args.get("sections") or [intent.args.get("section")]) if n]
    return {place for n in names for place in _where(n, song)}


_DESCRIBES = re.compile(r"\b(?:is|are|was|were|feels?|sounds?|seems?|gets?|getting|goes|drags)\b|"
                        r"\b(?:it|that|this|they|these|those)(?:'s|'re)\b", re.IGNORECASE)


def _complains(clause: _Clause) -> bool:
    """A clause that finds fault without asking ("the coda feels rushed"): what a remedy said beside it answers.

    A value said outright ("open hats on the choruses") is asked for, whatever the verbs around it.
    """
    best = clause.ranked[0] if clause.ranked else None
    valued = best is not None and best.telltale and best.reading.tool in _VALUED and _VALUED[best.reading.tool](clause.text) is not None
    return clause.act == "request" and not _asks(clause.text) and not valued and bool(_DESCRIBES.search(clause.text))


def _bare_quality(text: str) -> bool:
    """A quality said on its own ("..., and calmer too", "more drive"): a change of its own, to the section said before."""
    short = len(text.split()) <= 3 and bool(_ADDED.search(text.strip()))
    return bool(_MORE_OF.match(text.strip())) or (short and bool(qualities.direction(text, by_meaning=False))) or _only_qualities(text)


def _only_qualities(text: str) -> bool:
    """Whether a short piece is nothing but quality words, as marked on a score ("forte, tutti", "everyone in")."""
    lowered = text.casefold()
    said = qualities.qualities(lowered, by_meaning=False)
    words = list(re.finditer(r"[a-z][a-z'-]*", lowered))
    if not said or not 0 < len(words) <= 4:
        return False
    covered = [(q.start, q.start + len(q.word)) for q in said]
    rest = [w.group() for w in words if not any(start <= w.start() < end or w.start() <= start < w.end()
                                                 for start, end in covered)]  # fmt: skip
    return all(word in _FILLER for word in rest)


_FILLER = {"and", "a", "bit", "little", "more", "very", "please", "pls", "really", "lot", "too", "also", "then"}


_ADDED = re.compile(r"\b(?:too|also|as\s+well)\W*$|^(?:and|plus|also)\b|^\w+er\W*$", re.IGNORECASE)


def _asks(text: str) -> bool:
    """Whether a clause asks for something, rather than remarking on the song ("it's getting repetitive")."""
    return bool(_ASKS.search(text.strip()))


def _same(a: Intent, b: Intent) -> bool:
    return a.tool == b.tool and a.args.get("section") == b.args.get("section")


def _choose(clause: _Clause, song: Song | None) -> list[Intent] | Clarify | str | None:
    ranked = doubts.possible(clause.ranked, clause.sections, song)
    if _vague(clause, song):
        return Clarify(clause.text, _menu(clause, song), "what to change")
    ways = doubts.which_dimension(clause.text, clause.sections, song)
    if ways:
        return Clarify(clause.text, ways, "what to move")
    if clause.act == "request" and takes.unnamed(clause.text):
        return Clarify(clause.text, _takes_of_what(clause, song), "takes of what")
    if not ranked or (ranked[0].score < FLOOR and not ranked[0].telltale):
        return None
    best = ranked[0]
    if best.reading.family == "social":
        return best.reading.label if best.score >= SURE - 0.1 else None
    names = clause.sections
    # "double the last chorus and bump it up a whole step": a key change lifts the section just said.
    lifted = best.reading.tool == intents.CHANGE_KEY and _IT.search(clause.text)
    if clause.inherited and best.reading.tool in _WHOLE_SONG_TOOLS and not (_SECTION_POINTER.search(clause.text) or lifted):
        names = []  # "..., and bump the tempo to 104" means the song's tempo, not the section said before
    landmark_only = any(n.startswith(_LANDMARK) for n in clause.names)
    asked_about = best.reading.tool in _READ_ONLY and acts.opens_as_question(clause.text)  # "what comes after the bridge"
    if landmark_only and best.reading.tool not in (intents.ADD_SECTION, intents.MOVE_SECTION) and not asked_about:
        # "can we have a drop before the last chorus": the chorus is where, not what, so never edit it unasked.
        return Clarify(clause.text, tuple(o for o in _alternatives(clause, song) if o.tool in _READ_ONLY
                                          or o.tool in (intents.ADD_SECTION, intents.MOVE_SECTION)))
    if not best.telltale and not _said(best.reading.tool, clause.text):
        # "the bridge goes nowhere" is no call to cut it: a cut or a forgetting runs only when said.
        options = _alternatives(clause, song)
        return Clarify(clause.text, options) if options else None
    made = fill.fill(best.reading, clause.text, names, song)
    both = _both_values(ranked, made, clause, names, song)
    if both:
        return both
    clear = (len(ranked) < 2 or best.score - ranked[1].score >= CLOSE or ranked[1].reading.tool == best.reading.tool
             or (best.telltale and not ranked[1].telltale))
    sure = (best.score >= SURE and clear) or (best.telltale and clear) or (best.reading.tool in _READ_ONLY and (
        (best.score >= SURE - 0.1 and _margin(ranked) >= 0.1) or (best.score >= SURE + 0.03 and ranked[1].reading.tool in _READ_ONLY)))
    if isinstance(made, fill.Missing):
        return Clarify(clause.text, (sure and made.options) or _alternatives(clause, song), made.what)
    if sure and best.reading.tool == intents.REVISE_SECTION and not names and not _asks(clause.text):
        # "that's too much": a complaint that names no section may mean the last change; ask.
        return Clarify(clause.text, (*made[:1], Intent(intents.UNDO, {})))
    if sure:
        unsure = doubts.doubt(made, clause.text, names, song, best.telltale)
        if unsure:
            return Clarify(clause.text, unsure)
        return made  # a section the song lacks reaches the tool, which names the sections there are
    options = _alternatives(clause, song) or tuple(made[:1])
    if all(option.tool in _READ_ONLY for option in options):
        return None  # unsure between ways of reading without changing: the conversation answers
    return Clarify(clause.text, options)


# Tools whose value is said outright, and where it is said: two in one clause are two changes asked for.
_VALUED: dict[str, Callable[[str], slots.Found | None]] = {
    intents.SET_TEMPO: slots.bpm, intents.SET_METER: slots.time_signature, intents.SET_STYLE: slots.style,
    intents.CHANGE_KEY: lambda text: slots.interval(text) or slots.target_key(text), intents.SET_CYMBAL: slots.cymbal}


def _both_values(ranked: Sequence[Scored], made: list[Intent] | fill.Missing, clause: _Clause, names: list[str],
                 song: Song | None) -> list[Intent]:
    """"make it a jazz tune at 90 bpm": a style and a tempo said in one breath, both run."""
    if len(ranked) < 2 or not isinstance(made, list):
        return []
    best, second = ranked[0], ranked[1]
    if not (best.telltale and second.telltale and best.reading.tool != second.reading.tool
            and {best.reading.tool, second.reading.tool} <= _VALUED.keys()):
        return []
    one, other = _VALUED[best.reading.tool](clause.text), _VALUED[second.reading.tool](clause.text)
    if one is None or other is None or (one.start < other.end and other.start < one.end):
        return []  # "as a waltz" is a metre and a style in one word: one change
    also = fill.fill(second.reading, clause.text, names, song)
    if not isinstance(also, list) or any(doubts.doubt(m, clause.text, names, song, True) for m in (made, also)):
        return []
    return [*made, *also]


# "..., with a ritardando down to 84": a tempo mark slows the section it is in, and is a change of its own
_SECTION_POINTER = re.compile(rf"\b(?:there|them|(?:that|this)\s+(?:section|part|bit|one)|over\s+it)\b|{fill.TEMPO_MARK.pattern}",
                              re.IGNORECASE)
_IT = re.compile(r"\bit\b", re.IGNORECASE)
_WHOLE_SONG_TOOLS = {intents.SET_TEMPO, intents.CHANGE_KEY, intents.SET_METER, intents.SET_STYLE}
# Readings that change nothing: a near miss among them costs the musician nothing.
_READ_ONLY = {intents.ANSWER, intents.ANALYZE, intents.SHOW_SHEET, intents.VERSIONS, intents.HELP, intents.CHECK_LYRICS,
              intents.RHYMES, intents.LIST_PREFERENCES, intents.RENDER, intents.RECALL_IDEAS}  # fmt: skip
# Tools that leave the song as it is: all that runs beside "don't change a thing".
_KEEPS_THE_SONG = _READ_ONLY | {intents.EXPORT, intents.REMEMBER, intents.FORGET_PREFERENCE, intents.GENERATE,
                                intents.EXTEND, intents.LEARN_STYLE}  # fmt: skip


# "change up the chorus a bit": a change said, and not which.
_SOME_CHANGE = re.compile(r"\b(?:switch|mix|shake|change)\s+(?:(?:it|things|them)\s+)?up\b", re.IGNORECASE)
# "the bridge should be different", "do something with the drums": a change asked for, with no word of which.
_VAGUE_CHANGE = re.compile(
    rf"\b(?:different|something|anything|{_SOME_CHANGE.pattern}|change\s+(?:it|things|that)\s*[?.!]*\s*$|"
    r"stale|samey|predictable|generic|formulaic|tired|old\s+hat|"
    r"(?:isn't|is\s+not|not)\s+doing\s+it|doesn't\s+work|not\s+working|needs\s+work|missing\s+something|"
    r"(?:goes|going|go|went)\s+(?:nowhere|somewhere|anywhere)|(?:fix|improve|sort\s+out|fix\s+up|do\s+better\s+with|change|alter)\s+"
    r"(?:it|that|this|them|the\s+\w+(?:\s+(?:\d|one))?)\s*[?.!]*$|(?:don't|do\s+not)\s+(?:love|like|dig)\b)(?!\w)",
    re.IGNORECASE,
)
_BARE_CHANGE = re.compile(r"^(?:(?:can|could|would)\s+you\s+|please\s+|pls\s+|let'?s\s+)?(?:change|alter|redo|rework|fix|"
                          r"improve|tweak)\s+the\s+section(?:\s+(?:please|pls|up|a\s+bit|a\s+little))?\s*[?.!]*$", re.I)
_CAN_YOU = re.compile(r"\b(?:can|could|would|will)\s+you\b", re.IGNORECASE)  # "... can you fix it?" asks for a change
_STYLE_WORDS = re.compile(r"\b(?:styles?|genres?)\b", re.IGNORECASE)
_DRUM_WORDS = re.compile(r"\b(?:drums?|drummer|kit|beat|groove|hats?|cymbals?|percussion)\b", re.IGNORECASE)


def _vague(clause: _Clause, song: Song | None) -> bool:
    """A request for some change that names no quality, value or tool of its own."""
    asking = clause.act == "request" or (clause.act == "question" and _CAN_YOU.search(clause.text))
    if not asking or qualities.direction(clause.text, by_meaning=False):
        return False
    found = [(f.start, f.end, False) for f in slots.sections(clause.text, song) if f.value != slots.WHOLE_SONG]
    if found and _BARE_CHANGE.match(mask(clause.text, found)):
        return True  # "change the bridge": the section, and no word of how
    if not _VAGUE_CHANGE.search(clause.text):
        return False
    best = clause.ranked[0] if clause.ranked else None
    if best is None or best.reading.family == "social" or best.score < SURE:
        return True
    if best.telltale:
        return False
    if _SOME_CHANGE.search(clause.text):
        return True  # "change up the chorus a bit" says a change, not which
    if best.reading.family != "edit" and not (telltales.SHOWING.search(clause.text) or telltales.HEARING.search(clause.text)):
        return True  # "... can you fix it?" asks for a change, not to hear or read the song
    if not _said(best.reading.tool, clause.text):
        return True  # "the bridge goes nowhere" reads close to a cut, which was not said
    names = clause.sections
    made = fill.fill(best.reading, clause.text, names, song)
    # "write something" can run; "a different key" asks which key; "something" with no way to move is the menu.
    return isinstance(made, fill.Missing) and (not made.options or best.reading.tool == intents.REVISE_SECTION)


def _menu(clause: _Clause, song: Song | None) -> tuple[Intent, ...]:
    """The changes worth offering for a vague request: the ways a section most often moves."""
    named = [n for n in clause.sections if slots.resolves(n, song)]
    ones = [one for kind in ("verse", "chorus") if (one := slots.one_of(clause.text, kind)) and slots.resolves(one, song)]
    if not named and len(ones) > 1:
        # "can you fix the second one?" with nothing said before: the second verse or the second chorus, and how.
        first, second = (_menu(_Clause(clause.text, clause.act, (one,), clause.ranked), song) for one in ones[:2])
        return (first[0], second[0], first[1])
    section = named[0] if named else slots.WHOLE_SONG
    if _DRUM_WORDS.search(clause.text):
        return (Intent(intents.REVISE_SECTION, {"section": section, "direction": "more energy"}),
                Intent(intents.REVISE_SECTION, {"section": section, "direction": "calmer"}),
                Intent(intents.SET_CYMBAL, {"section": section, "cymbal": "ride"}))  # fmt: skip
    if _STYLE_WORDS.search(clause.text) and song is not None:
        # "can we try a different style?": three styles that are not this one.
        others = [name for name in STYLE_NAMES if name != song.meta.style][:3]
        return tuple(Intent(intents.SET_STYLE, {"style": name}) for name in others)
    if telltales.LYRIC_WORDS.search(clause.text):
        worded = [s.label for s in song.sections if s.lyrics] if song is not None else []
        target = section if section != slots.WHOLE_SONG else (worded[0] if worded else "verse 1")
        return (Intent(intents.CHECK_LYRICS, {"section": target}),
                Intent(intents.REWRITE_LYRICS, {"section": target, "how": ""}),
                Intent(intents.WRITE_LYRICS, {"sections": [target]}))  # fmt: skip
    if re.search(r"\b(?:chords?|harmon\w*|progression|changes|turnaround|cadence)\b", clause.text, re.IGNORECASE):
        return (Intent(intents.REHARMONIZE, {"section": section, "style": "borrowed"}),
                Intent(intents.REHARMONIZE, {"section": section, "style": "jazz"}),
                Intent(intents.REVISE_SECTION, {"section": section, "direction": "richer"}))  # fmt: skip
    sung = song is not None and section != slots.WHOLE_SONG and any(song.sections[i].lyrics for i in song.find(section))
    last = (Intent(intents.REWRITE_LYRICS, {"section": section, "how": ""}) if sung
            else Intent(intents.REVISE_SECTION, {"section": section, "direction": "darker"}))
    return (Intent(intents.REVISE_SECTION, {"section": section, "direction": "brighter"}),
            Intent(intents.REHARMONIZE, {"section": section, "style": "borrowed"}), last)  # fmt: skip


def _takes_of_what(clause: _Clause, song: Song | None) -> tuple[Intent, ...]:
    """Takes of a section's chords and of its melody, or other plans of the whole song, to choose between."""
    named = [said for n, said in zip(clause.names, clause.sections, strict=True) if n != slots.WHOLE_SONG and slots.resolves(said, song)]
    count = takes.count(clause.text, song)
    if not named:
        return (Intent(intents.ALTERNATIVE_PLANS, {"count": count}),
                Intent(intents.ALTERNATIVE_PROGRESSIONS, {"section": "chorus", "count": count}),
                Intent(intents.ALTERNATIVE_MELODIES, {"section": "chorus", "count": count}))  # fmt: skip
    return (Intent(intents.ALTERNATIVE_PROGRESSIONS, {"section": named[0], "count": count}),
            Intent(intents.ALTERNATIVE_MELODIES, {"section": named[0], "count": count}))  # fmt: skip


# Readings a question back offers only when their own words are said: never a cut or a forgetting unasked.
_OFFERED_WHEN_SAID = {
    intents.REMOVE_SECTION: re.compile(r"\b(?:cut|remove|drop|lose|delete|rid|kill|ditch|scrap|bin|without|skip|out|axe)\b", re.I),
    intents.FORGET_PREFERENCE: re.compile(r"\b(?:forget|preferences?|changed\s+my\s+mind|no\s+longer)\b", re.I),
    intents.GENERATE: re.compile(r"\b(?:musicgen|takes?|audio|generate|record\w*|realistic)\b", re.I),
    intents.REMEMBER: re.compile(r"\b(?:always|never|remember|from\s+now\s+on|in\s+future|my\s+songs)\b", re.I),
}


def _told(clauses: list[_Clause]) -> set[str]:
    """The tools of the clauses whose best reading its telltale words made sure of ("96 bpm", "remember")."""
    return {c.ranked[0].reading.tool for c in clauses if c.ranked and c.ranked[0].telltale}


def _doubted(understood: Understanding, clauses: list[_Clause], guesses: list[tuple[str, float]],
             text: str) -> Understanding:
    """The rules' reading, unless the learned reading finds nothing asked for at all: then offered, not run.

    "nice, the E7 in the bridge gives a good tension, I like" reads like praise to a model that
    learned from other musicians' words, though a rule saw "more tension" in it: ask, don't change.
    "that E7 in the bridge is doing a lot of work, love it" asks nothing, though a rule saw why the
    E7 is there: the answer is offered, not given. A wish asked to be remembered in so many words
    ("remember, my singer's a tenor") and a question said as one stay as the rules read them.
    """
    likely = dict(guesses).get(learned.NONE, 0.0)
    if likely < LEARNED_VETO:
        return understood
    # A lasting wish its telltale words give away is kept: "remember" said is never praise.
    told = _told(clauses) & {intents.REMEMBER}
    changes = [i for i in understood.intents if i.tool not in _READ_ONLY]
    if changes and not all(i.tool in told for i in changes):
        logger.info("no change asked for in %r (%.2f): offering %s", text, likely, [i.tool for i in changes])
        return Understanding((), Clarify(text, tuple(changes[:3]), NO_CHANGE_ASKED), understood.social,
                             understood.left_alone)
    asked = "?" in text or any(c.act == "question" for c in clauses)
    if changes or asked or not understood.intents:
        return understood
    logger.info("no question asked in %r (%.2f): offering %s", text, likely, [i.tool for i in understood.intents])
    return Understanding((), Clarify(text, understood.intents[:3], NO_QUESTION_ASKED), understood.social,
                         understood.left_alone)


def _overruled(understood: Understanding, clauses: list[_Clause], text: str, whole: _Clause,
               guesses: list[tuple[str, float]], song: Song | None) -> Understanding | None:
    """The one change the learned reading is sure of, when the rules read the message as something else entirely.

    "hmm can we go down to 80? i want it more chill" is a tempo to a model that learned from other
    musicians' words, where the rules ran a calmer song. What the rules offered as a question,
    several changes read at once, a reading its telltale words made sure of ("double time the
    outro" is a tempo) and anything the musician said to leave alone stay theirs.
    """
    if not guesses or guesses[0][1] < LEARNED_OVERRULES:
        return None
    reading = classifier().readings.get(guesses[0][0])
    ran = {i.tool for i in understood.intents}
    offered = {i.tool for i in understood.clarify.options} if understood.clarify else set()
    changes = [i for i in understood.intents if i.tool not in _READ_ONLY]
    # A lasting wish its words gave away ("I sing better in G minor, can you put it there") may still ask for a change now.
    told = _told(clauses) - {intents.REMEMBER}
    if (reading is None or told & ran or reading.tool in ran | offered or len(changes) > 1
            or understood.left_alone or "leave" in understood.social):
        return None
    made = fill.fill(reading, text, whole.sections, song)
    runs = _runnable(reading, made, text, whole, song) if whole.act == "request" else None
    if runs is None:
        return None
    logger.info("learned reading %s (%.2f) of %r over the rules' %s", describe_reading(reading), guesses[0][1], text,
                [i.tool for i in understood.intents])
    return Understanding(tuple(runs), None, understood.social, understood.left_alone)


def _learned(text: str, whole: _Clause, song: Song | None) -> Understanding | None:
    """What the learned reading makes of a message the rules left unread: a change to run, readings to offer, or None.

    `whole` is the rules' reading of the message as one clause (its pictures left out): its act and its sections.
    """
    guesses = learned.guess(text)
    if not guesses or (guesses[0][1] < LEARNED_RUNS and guesses[0][0] != learned.UNSURE):
        return None  # no reading likely enough: the conversation answers, as it did without the model
    readings = classifier().readings
    filled = {label: fill.fill(readings[label], text, whole.sections, song) for label, likely in guesses[:4]
              if likely >= LEARNED_OFFERS and label in readings and _said(readings[label].tool, text)}
    label, likely = guesses[0]
    reading, made = readings.get(label), filled.get(label)
    runs = (_runnable(reading, made, text, whole, song) if reading is not None and made is not None
            and likely >= LEARNED_RUNS and (whole.act == "request" or reading.tool in _READ_ONLY) else None)
    if runs is not None and reading is not None:
        logger.info("learned reading %s (%.2f) of %r", describe_reading(reading), likely, text)
        return Understanding(tuple(runs))
    offers = [option for made in filled.values() for option in _options(made, song, 2)]
    options = tuple(followups.without_repeats(offers))[:3]
    return Understanding(clarify=Clarify(text, options)) if options else None


def _runnable(reading: Reading, made: list[Intent] | fill.Missing, text: str, whole: _Clause,
              song: Song | None) -> list[Intent] | None:
    """A learned reading's changes, filled from the whole message, when they may run unasked; None otherwise.

    It must be a change or action said in so many words, with every value found, no section the
    song lacks and no doubt about the values.
    """
    if (reading.family not in ("edit", "action") or reading.tool in _NEVER_GUESSED or not _said(reading.tool, text)
            or not isinstance(made, list) or not made or not all(_resolves(i, song) for i in made)
            or doubts.doubt(made, text, whole.sections, song, False)):
        return None
    return made


# A new song or a move through the history runs only when the rules read it (a lasting wish is no edit or action).
_NEVER_GUESSED = {intents.PLAN_SONG, *_HISTORY}


def _said(tool: str, text: str) -> bool:
    """Whether the words say what a reading that must be said needs ("cut", "forget"); other readings need nothing."""
    pattern = _OFFERED_WHEN_SAID.get(tool)
    return pattern is None or bool(pattern.search(text))


def _margin(ranked: tuple[Scored, ...]) -> float:
    return ranked[0].score - ranked[1].score if len(ranked) > 1 else 1.0


def _alternatives(clause: _Clause, song: Song | None, floor: float = FLOOR) -> tuple[Intent, ...]:
    """Up to three readings of a clause that can run as they are, best first."""
    options: list[Intent] = []
    for scored in clause.ranked[:5]:
        if scored.score < floor or scored.reading.family == "social":
            continue
        if not _said(scored.reading.tool, clause.text):
            continue
        made = fill.fill(scored.reading, clause.text, clause.sections, song)
        options.extend(_options(made, song, 2 if not options else 1))
        if len(options) >= 3:
            break
    return tuple(followups.without_repeats(options))[:3]


def _options(made: list[Intent] | fill.Missing, song: Song | None, asked: int) -> list[Intent]:
    """What a filled reading offers as buttons: the first `asked` of its missing value's options, else its first change."""
    if isinstance(made, fill.Missing):
        return list(made.options[:asked])
    return [i for i in made[:1] if _resolves(i, song)]


def _resolves(intent: Intent, song: Song | None) -> bool:
    section = intent.args.get("section")
    return not isinstance(section, str) or slots.resolves(section, song)


def describe_reading(reading: Reading) -> str:
    """A reading's label, for logs."""
    return f"{reading.label} ({reading.tool})"
