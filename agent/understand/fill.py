"""Slot filling: a reading plus the words of a clause become the tool's arguments, or a question for what is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agent import intents
from agent import vocabulary as vocab
from agent.intents import Intent
from agent.understand import charts, qualities, slots, takes
from agent.understand.classifier import Reading
from music.song import Song
from music.theory.chords import note_pc

WHOLE_SONG = slots.WHOLE_SONG


@dataclass(frozen=True)
class Missing:
    """What a reading still needs before it can run, and the readings that would fill it."""

    what: str
    options: tuple[Intent, ...] = ()


# Tempo marks on a score: a ritardando or rallentando slows, an accelerando speeds up.
_SLOWING_MARK = r"rit(?:ardando|\.)?|rall(?:entando|\.)?"
TEMPO_MARK = re.compile(rf"\b(?:{_SLOWING_MARK}|accelerando)\b", re.IGNORECASE)
_FASTER = re.compile(
    r"\b(?:faster|quicker|dragging|double[\s-]?time|speed\w*\s+(?:\w+\s+){0,3}up|speed\s+it|push\s+(?:the\s+)?(?:tempo|pace|speed)|pick\s+up|up\s+the\s+tempo|tempo\s+up|sluggish|"
    r"too\s+slow|slow\s+as|more\s+tempo|more\s+(?:fast|quick|rapid)|move\s+(?:it\s+)?along|accelerando|nudge\s+(?:the\s+tempo\s+)?up|bump|brisk|hurry|up[- ]?tempo|quicken|brisker)\b",
    re.IGNORECASE,
)
_SLOWER = re.compile(
    r"\b(?:slower|slow\s+(?:it\s+|things\s+|the\s+\w+\s+)?down|rushing|rushed|hurried|too\s+fast|ease\s+off|relax|"
    r"pull\s+(?:the\s+tempo\s+|it\s+)?back|ease\s+(?:it\s+|the\s+tempo\s+|things\s+)?back|rein\s+(?:it\s+)?in|too\s+brisk|brisk\s+for|take\s+(?:the\s+tempo|it)\s+down|drop\s+the\s+tempo|half[- ]?time|"
    r"half\s+the\s+speed|tempo\s+down|calmer\s+tempo|laid[- ]back\s+tempo|slow|"
    rf"{_SLOWING_MARK})\b",
    re.IGNORECASE,
)
_LITTLE = re.compile(r"\b(?:touch|tad|little|bit|slightly|nudge|hair|smidge|shade|notch)\b", re.IGNORECASE)
_LOT = re.compile(r"\b(?:lot|much|way|far|really|double|half)\b", re.IGNORECASE)
_SHORTER = re.compile(r"\b(?:short\w*|trim\w*|cut\w*|too\s+long|drags?\s+on|tighten\w*|goes\s+on|halve|in\s+half)\b", re.I)
_LONGER = re.compile(r"\b(?:long\w*|extend\w*|stretch\w*|too\s+short|more\s+bars|ends\s+too\s+soon|double)\b", re.I)
_POINTER = re.compile(r"\b(?:it|them|there|that\s+one|this\s+one|those|these|that\s+section|this\s+section)\b", re.I)


def tempo_way(text: str) -> int:
    """+1 for "faster", -1 for "slower", 0 when the text says neither or both."""
    faster, slower = bool(_FASTER.search(text)), bool(_SLOWER.search(text))
    return 0 if faster == slower else (1 if faster else -1)


def pointer(text: str) -> bool:
    """Whether the clause points back at a section said elsewhere ("calm it down", "double it")."""
    return bool(_POINTER.search(text))


def fill(reading: Reading, clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    """The intents a reading of `clause` asks for, one per named section where the tool takes one.

    Args:
        reading: The reading chosen for the clause.
        clause: The clause as the musician wrote it.
        names: The sections it names (or inherits), as `Song.find` names; empty for none.
        song: The current song, or None before the first plan.
    """
    tool = reading.tool
    fixed: dict[str, Any] = dict(reading.args)
    filler = _FILLERS.get(tool)
    if filler is None:
        return [Intent(tool, {})] if not intents.TOOL_ARGS.get(tool) else Missing("what to do")
    return filler(fixed, clause, names, song)


def _each(tool: str, names: list[str], **args: Any) -> list[Intent]:
    return [Intent(tool, {"section": name, **args}) for name in (names or [WHOLE_SONG])]


def _revise(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    skip = tuple((f.start, f.end) for f in slots.sections(clause, song))
    said = qualities.direction(clause, skip=skip)
    if len(said) != 1:
        where = names[0] if names else WHOLE_SONG
        options = said or ("brighter", "more energy", "richer")
        return Missing("which way", tuple(Intent(intents.REVISE_SECTION, {"section": where, "direction": d})
                                          for d in options[:3]))  # fmt: skip
    return _each(intents.REVISE_SECTION, names, direction=said[0])


def _reharm(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    found = slots.harmony_style(clause)
    chords = re.search(r"\bchords?\b|\bharmon|\bchanges\b|\breharm", clause, re.IGNORECASE)
    if found is not None and found.value == "jazz" and not names and not chords:
        # "jazz it up": jazz chords under this band, or the song played by a jazz band?
        return Missing("jazz chords or a jazz band", (Intent(intents.REHARMONIZE, {"section": WHOLE_SONG, "style": "jazz"}),
                                                       Intent(intents.SET_STYLE, {"style": "jazz"})))  # fmt: skip
    if found is None:
        where = names[0] if names else WHOLE_SONG
        return Missing("which harmony", tuple(Intent(intents.REHARMONIZE, {"section": where, "style": s})
                                             for s in ("jazz", "borrowed", "gospel")))  # fmt: skip
    return _each(intents.REHARMONIZE, names, style=found.value)


def _key(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    where = names[0] if names else WHOLE_SONG
    size, way = slots.interval(clause), slots.way(clause)
    if size is not None and way:
        return _each(intents.CHANGE_KEY, names, semitones=way * int(size.value))  # type: ignore[call-overload]
    target = slots.target_key(clause)
    if target is not None and song is not None:
        move = _to_key(song, where, target.value)  # type: ignore[arg-type]
        if move == 0:
            return Missing("it is in that key already")
        if move is not None:
            return _each(intents.CHANGE_KEY, names, semitones=move)
    steps: tuple[int, ...] = (2, 1, -1, -2) if way >= 0 else (-1, -2, 1, 2)
    if way:
        steps = tuple(s for s in steps if (s > 0) == (way > 0))
    return Missing("how far", tuple(Intent(intents.CHANGE_KEY, {"section": where, "semitones": s}) for s in steps[:3]))


def _to_key(song: Song, where: str, target: tuple[str, str | None]) -> int | None:
    """The smallest move from a section's key to the key named, or None when it is not a key."""
    tonic, mode = target
    index = song.find(where)[0] if where != WHOLE_SONG else 0
    section = song.sections[index]
    current = section.key or song.meta.key
    if mode is not None and mode != current.mode and current.mode in ("major", "minor"):
        return None  # a change of mode is not a transposition
    try:
        move = (note_pc(tonic) - note_pc(current.tonic)) % 12
    except Exception:  # not a note name
        return None
    return move - 12 if move > 6 else move


_BPM_WORDS = "|".join(sorted(vocab.NUMBER_WORDS, key=len, reverse=True))
# "drop the tempo by ten bpm", "5 bpm faster", "knock off 4 bpm": a change of tempo, not a tempo.
_BY_BPM = re.compile(
    rf"(?:\bby|\b(?:add|plus|up|down|off|knock\s+off|shave\s+off|take\s+off|drop|lose))\s+(?:another\s+|a\s+good\s+|about\s+|"
    rf"around\s+)?(?P<n>\d{{1,2}}|{_BPM_WORDS})\s*(?:bpm|beats?(?:\s+per\s+minute|\s+a\s+minute)?|clicks?)\b|"
    rf"\b(?P<m>\d{{1,2}}|{_BPM_WORDS})\s*(?:bpm|beats?|clicks?)\s+(?P<way>faster|quicker|slower|up|down|more|less|higher|lower)\b",
    re.IGNORECASE,
)
_ADDING = re.compile(r"\b(?:add|plus|up|faster|quicker|more|higher|speed|push|bump|raise|increase)\b", re.IGNORECASE)


def _tempo_by(clause: str, song: Song, section: str | None) -> Intent | None:
    """The tempo moved by a number of BPM the clause says ("drop it by 10 bpm"), or None."""
    match = _BY_BPM.search(clause)
    if match is None:
        return None
    said = match["n"] or match["m"]
    amount = int(said) if said.isdigit() else vocab.NUMBER_WORDS[said.casefold()]
    way = tempo_way(clause) or (1 if _ADDING.search(match["way"] or match.group(0)) else -1)
    return Intent(intents.SET_TEMPO, {"bpm": float(_current_tempo(song, section) + way * amount), "section": section})


def _current_tempo(song: Song, section: str | None) -> float:
    """The tempo a section plays at (its own, else the song's); the song's for no section."""
    if section is not None and slots.resolves(section, song):
        return song.sections[song.find(section)[0]].tempo or song.meta.tempo
    return song.meta.tempo


_HALF_TIME = re.compile(r"\bhalf[\s-]?time\b", re.IGNORECASE)


def _tempo(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    section = names[0] if names and names[0] != WHOLE_SONG else None
    moved = _tempo_by(clause, song, section) if song is not None else None
    if moved is not None:
        return [moved]
    said = slots.bpm(clause)
    if said is not None:
        return [Intent(intents.SET_TEMPO, {"bpm": float(said.value), "section": name})  # type: ignore[arg-type]
                for name in (names or [None]) if name != WHOLE_SONG or len(names) == 1]  # type: ignore[list-item]
    faster, slower = bool(_FASTER.search(clause)), bool(_SLOWER.search(clause))
    if song is None:
        return Missing("how fast", ())
    if _HALF_TIME.search(clause):
        # A half-time feel halves the groove, not the chords: no tool plays it, so offer the nearest two.
        half = max(40.0, float(round(_current_tempo(song, section) / 2)))
        target = section or WHOLE_SONG
        return Missing("a half-time feel", (Intent(intents.SET_TEMPO, {"bpm": half, "section": section}),
                                            Intent(intents.REVISE_SECTION, {"section": target, "direction": "calmer"})))
    if faster == slower:
        # "change the tempo": a little faster or a little slower, as the musician picks.
        return Missing("how fast", tuple(tempo_step(song, section, way, 0.08) for way in (True, False)))
    share = 0.04 if _LITTLE.search(clause) else 0.15 if _LOT.search(clause) else 0.08
    return [tempo_step(song, section, faster, share)]


def tempo_step(song: Song, section: str | None, faster: bool, share: float) -> Intent:
    """The song's (or a section's) tempo moved by a share of itself, at least one BPM."""
    current = _current_tempo(song, section)
    bpm = max(40.0, min(240.0, float(round(current * (1 + share if faster else 1 - share)))))
    if bpm == current:
        bpm += 1 if faster else -1
    return Intent(intents.SET_TEMPO, {"bpm": bpm, "section": section})


def _meter(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    said = slots.time_signature(clause)
    if said is None:
        return Missing("which time signature", tuple(Intent(intents.SET_METER, {"time_signature": t})
                                                    for t in ("3/4", "6/8", "4/4")))  # fmt: skip
    return [Intent(intents.SET_METER, {"time_signature": said.value})]


_N = rf"(\d{{1,2}}|{'|'.join(sorted(vocab.SMALL_NUMBERS, key=len, reverse=True))})"
_MORE_BARS = re.compile(rf"\b{_N}\s+(?:more|extra|additional)\s+bars?\b|\b{_N}[\s-]+bars?\s+(?:longer|more)\b|"
                        rf"\b(?:add|another)\s+(?:another\s+)?{_N}\s+bars?\b", re.IGNORECASE)
_FEWER_BARS = re.compile(rf"\b{_N}\s+(?:fewer|less)\s+bars?\b|\b{_N}[\s-]+bars?\s+(?:shorter|less|fewer)\b|"
                         rf"\b(?:cut|trim|lose|drop|remove|take)\s+(?:off\s+)?{_N}\s+bars?\s+(?:off|from|out)\b", re.I)


def _relative_bars(clause: str) -> int:
    """Bars to add (positive) or take away (negative) that a clause says, or 0."""
    for pattern, sign in ((_MORE_BARS, 1), (_FEWER_BARS, -1)):
        match = pattern.search(clause)
        if match:
            count = vocab.number_value(next(g for g in match.groups() if g))
            return sign * int(count) if count else 0
    return 0


def _bars(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    sections = [n for n in names if n != WHOLE_SONG]
    if not sections:
        return Missing("which section", _longer_song(clause, song))
    relative = _relative_bars(clause)
    if relative and song is not None and all(slots.resolves(n, song) for n in sections):
        # "2 more bars on the intro", "cut two bars from the bridge": the length it has, moved.
        return [Intent(intents.SET_BARS, {"section": name, "bars": max(1, min(64, song.sections[song.find(name)[0]].bars
                                                                               + relative))}) for name in sections]
    said = slots.bar_count(clause)
    if said is None:
        said = next((f for f in slots.numbers(clause) if isinstance(f.value, int) and 1 <= f.value <= 64), None)
    if said is not None:
        return _each(intents.SET_BARS, sections, bars=int(said.value))  # type: ignore[call-overload]
    too_long = re.search(r"\btoo\s+long\b|\b(?:goes|drags|drones)\s+on\b", clause, re.IGNORECASE)
    too_short = re.search(r"\btoo\s+short\b|\bends\s+too\s+soon\b", clause, re.IGNORECASE)
    shorter = bool(too_long) or (not too_short and bool(_SHORTER.search(clause)))
    longer = bool(too_short) or (not too_long and bool(_LONGER.search(clause)))
    if shorter == longer or song is None or not all(slots.resolves(n, song) for n in sections):
        return Missing("how many bars")  # a section the song lacks ("the solo is too long") has no length to halve
    made = []
    for name in sections:
        bars = song.sections[song.find(name)[0]].bars
        made.append(Intent(intents.SET_BARS, {"section": name, "bars": max(1, bars // 2) if shorter else min(64, bars * 2)}))
    return made


def _longer_song(clause: str, song: Song | None) -> tuple[Intent, ...]:
    """Ways to make the whole song longer (or shorter) that a musician would reach for."""
    if song is None:
        return ()
    kinds = {s.kind for s in song.sections}
    if _LONGER.search(clause) and not _SHORTER.search(clause):
        offers = [Intent(intents.DOUBLE_SECTION, {"section": "last chorus"})] if "chorus" in kinds else []
        if "bridge" in kinds:
            offers.append(Intent(intents.ADD_SECTION, {"kind": "solo", "after": "Bridge" if any(
                s.label == "Bridge" for s in song.sections) else None, "bars": 8}))  # fmt: skip
        if "outro" in kinds:
            outro = song.sections[song.find("outro")[-1]]
            offers.append(Intent(intents.SET_BARS, {"section": "outro", "bars": min(64, outro.bars * 2)}))
        return tuple(offers)
    if _SHORTER.search(clause) and "intro" in kinds:
        intro = song.sections[song.find("intro")[0]]
        return (Intent(intents.SET_BARS, {"section": "intro", "bars": max(1, intro.bars // 2)}),)
    return ()


def _cymbal(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    said = slots.cymbal(clause)
    if said is None:
        return Missing("which cymbal")
    return _each(intents.SET_CYMBAL, names, cymbal=said.value)


def _chords(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    said = charts.chord_chart(clause)
    if said is None:
        return Missing("which chords")
    if not names:
        kinds = [k for k in ("verse", "chorus", "bridge") if song is None or any(s.kind == k for s in song.sections)]
        return Missing("which section", tuple(Intent(intents.SET_CHORDS, {"section": k, "chart": said}) for k in kinds))
    return _each(intents.SET_CHORDS, names, chart=said)


# Words that bring in a section not yet there: "a", "another", "a new", "one more", "two".
_NEW = re.compile(r"\b(?:a|an|another|new|extra|additional|second|third|fourth|one\s+more|two|three|some)\s+"
                  r"(?:[\w'-]+\s+){0,2}$", re.IGNORECASE)


def _add(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    # The kind to add is the first section word that is not the anchor.
    head = re.split(r"\b(?:before|after|ahead\s+of|in\s+front\s+of|behind|following|preceding|between)\b", clause, maxsplit=1)[0]
    kind = slots.section_kind(head)
    if kind is not None:
        # "one more chorus, after the third": the third of the kind being added
        clause = _BARE_ORDINAL.sub(lambda m: f"{m[0].removesuffix(' one')} {kind.value}", clause)
    where = slots.anchor(clause, song)
    if kind is None:
        # "add a section": the kinds the song lacks come first, then another verse or chorus.
        have = {s.kind for s in song.sections} if song is not None else set()
        kinds = sorted(("pre-chorus", "bridge", "solo", "verse", "chorus"), key=lambda k: k in have)
        return Missing("which kind of section", tuple(Intent(intents.ADD_SECTION, {"kind": k, "after": None, "bars": None})
                                                     for k in kinds[:3]))  # fmt: skip
    if song is not None and any(s.kind == kind.value for s in song.sections) and not _NEW.search(head[: kind.start]):
        return Missing("a new section or the one there is")  # "the chorus needs something", "more chorus"
    count = slots.bar_count(clause)
    bars = int(count.value) if count is not None else (4 if re.search(r"\bshort\b", clause, re.I) else None)  # type: ignore[call-overload]
    after = None
    if where is not None and song is not None:
        way, anchor = where
        indices = song.find(anchor)
        if way == "after":
            after = song.sections[indices[-1]].label
        elif indices[0] > 0:
            after = song.sections[indices[0] - 1].label
        else:
            return Missing("where it goes")
    return [Intent(intents.ADD_SECTION, {"kind": kind.value, "after": after, "bars": bars})]


_BARE_ORDINAL = re.compile(r"\b(?:after|before)\s+the\s+(?:first|second|third|fourth|last|final)(?:\s+one)?\b"
                           r"(?!\s+(?:verse|chorus|bridge|intro|outro|solo|pre|hook|refrain|middle|coda|section|part)\w*)",
                           re.IGNORECASE)


def _one_section(tool: str) -> Any:
    def build(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
        sections = [n for n in names if n != WHOLE_SONG]
        if not sections:
            return Missing("which section")
        return [Intent(tool, {"section": name}) for name in sections]

    return build


def _double(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    """A section played twice; "double it" with no section said may mean a section or double time."""
    made = _one_section(intents.DOUBLE_SECTION)(fixed, clause, names, song)
    if not isinstance(made, Missing) or song is None:
        return made
    kinds = [k for k in ("last chorus", "intro") if k.split()[-1] in {s.kind for s in song.sections}]
    return Missing("which section, or double time", (*(Intent(intents.DOUBLE_SECTION, {"section": k}) for k in kinds),
                                                     tempo_step(song, None, True, 1.0)))


_SWAP = re.compile(r"\b(?:swap|switch|trade|exchange|flip)\b", re.IGNORECASE)


def _swap(first: str, second: str, song: Song) -> list[Intent] | Missing:
    """Two sections trading places: one move when they are neighbours, two when they are not."""
    a, b = song.find(first), song.find(second)
    if len(a) != 1 or len(b) != 1 or a == b:
        # "swap the verse and chorus" of several each: the neighbouring pairs, each one move
        pairs = sorted((min(i, j), max(i, j)) for i in a for j in b if abs(i - j) == 1)
        return Missing("which two sections", tuple(
            Intent(intents.MOVE_SECTION, {"section": song.sections[i].label, "before": None, "after": song.sections[j].label})
            for i, j in pairs[:3]))
    (i,), (j,) = sorted((a, b))
    low, high = song.sections[i].label, song.sections[j].label
    if j == i + 1:
        return [Intent(intents.MOVE_SECTION, {"section": low, "before": None, "after": high})]
    neighbour = song.sections[i + 1].label
    return [Intent(intents.MOVE_SECTION, {"section": low, "before": None, "after": high}),
            Intent(intents.MOVE_SECTION, {"section": high, "before": neighbour, "after": None})]  # fmt: skip


def _move(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    named = [str(f.value) for f in slots.sections(clause, song) if f.value != WHOLE_SONG]
    if _SWAP.search(clause) and len(named) == 2 and song is not None:
        return _swap(named[0], named[1], song)
    where = slots.anchor(clause, song)
    sections = [str(f.value) for f in slots.sections(clause, song) if f.value != WHOLE_SONG]
    if where is None or not sections:
        return Missing("where to", _moves(sections[0], song) if sections and song is not None else ())
    way, anchor = where
    moving = next((n for n in sections if n != anchor), None)
    if moving is None:
        return Missing("which section")
    return [Intent(intents.MOVE_SECTION, {"section": moving, "before": anchor if way == "before" else None,
                                          "after": anchor if way == "after" else None})]  # fmt: skip


def _moves(name: str, song: Song) -> tuple[Intent, ...]:
    """Where a section could go, for "move the chorus?": one place earlier, one later."""
    if not slots.resolves(name, song):
        return ()
    index = song.find(name)[0]
    label = song.sections[index].label
    options = []
    if index > 0:
        options.append(Intent(intents.MOVE_SECTION, {"section": label, "before": song.sections[index - 1].label,
                                                     "after": None}))  # fmt: skip
    if index + 1 < len(song.sections):
        options.append(Intent(intents.MOVE_SECTION, {"section": label, "before": None,
                                                     "after": song.sections[index + 1].label}))  # fmt: skip
    return tuple(options)


def _melody(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    said = slots.voice(clause)
    return _each(intents.WRITE_MELODY, names, **({"voice": said.value} if said else {}))


def _takes(tool: str) -> Any:
    def build(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
        count = takes.count(clause, song)
        if tool == intents.ALTERNATIVE_PLANS:
            return [Intent(tool, {"count": count})]
        sections = [n for n in names if n != WHOLE_SONG]
        said = slots.voice(clause) if tool == intents.ALTERNATIVE_MELODIES else None
        extra: dict[str, Any] = {"count": count, **({"voice": said.value} if said else {})}
        if not sections:
            kinds = [k for k in ("chorus", "verse", "bridge") if song is None or any(s.kind == k for s in song.sections)]
            return Missing("which section", tuple(Intent(tool, {"section": k, **extra}) for k in kinds))
        return [Intent(tool, {"section": name, **extra}) for name in sections]

    return build


_NAMED_STYLE = re.compile(r"\b(?:into|as|to)\s+(?!(?:it|that|this|them|those|these|one)\b)(?:(?:an?\s+)?(?P<style>[a-z&'-]+"
                          r"(?:\s+[a-z&'-]+)?)\s+(?:song|tune|track|number|jam|version|style|thing|groove)\b|"
                          r"(?P<bare>[a-z&'-]+)\s*$)", re.I)  # "switch it to that": a pointer names no style


def _style(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    said = slots.style(clause)
    if said is not None:
        return [Intent(intents.SET_STYLE, {"style": said.value})]
    named = _NAMED_STYLE.search(clause)
    if named is None:
        return Missing("which style")
    # A style cowriter does not play ("reggae") reaches the tool, which names the styles it knows.
    return [Intent(intents.SET_STYLE, {"style": (named["style"] or named["bare"]).casefold()})]


def _write(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    return [Intent(intents.WRITE_LYRICS, {"sections": names or [WHOLE_SONG]})]


def _set_lyrics(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    lines = slots.dictated_lines(clause)
    sections = [n for n in names if n != WHOLE_SONG]
    if not lines or not sections:
        return Missing("the lines and the section")
    if song is not None and len(lines) == 1:
        # "change line 1 of the chorus to '...'": that line alone, the others kept.
        current = list(song.sections[song.find(sections[0])[0]].lyrics)
        said = slots.lines(clause, len(current) or None)
        if said and current and 1 <= int(said[0].value) <= len(current):  # type: ignore[call-overload]
            current[int(said[0].value) - 1] = lines[0]  # type: ignore[call-overload]
            return [Intent(intents.SET_LYRICS, {"section": sections[0], "lines": current})]
    return [Intent(intents.SET_LYRICS, {"section": sections[0], "lines": lines})]


_REWRITE_WORDS = re.compile(
    r"\b(?:please|pls|can\s+you|could\s+you|rewrite|redo|rework|change|make|the|lyrics?|words|lines?|of|in|for|"
    r"on|to|them|it|those|these)\b",
    re.IGNORECASE,
)


def _rewrite(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    sections = [n for n in names if n != WHOLE_SONG]
    if not sections:
        # "fix the second line": the line of which section? Offer it where the song has words.
        said = slots.lines(clause, None)
        extra: dict[str, Any] = {"line": said[0].value} if said else {}
        return Missing("which section", tuple(Intent(intents.REWRITE_LYRICS, {"section": name, "how": "", **extra})
                                              for name in _worded(song)[:3]))  # fmt: skip
    spans = [(f.start, f.end) for f in slots.sections(clause, song)]
    n_lines = None
    if song is not None:
        n_lines = len(song.sections[song.find(sections[0])[0]].lyrics) or None
    line_found = slots.lines(clause, n_lines)
    spans += [(f.start, f.end) for f in line_found]
    rest = clause
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    how = " ".join(_REWRITE_WORDS.sub(" ", rest).split()).strip(" ,.;:-!?")
    line = int(line_found[0].value) if line_found else None  # type: ignore[call-overload]
    made = []
    for section in sections if line is None else sections[:1]:
        args: dict[str, Any] = {"section": section, "how": how}
        if line is not None:
            args["line"] = line
        made.append(Intent(intents.REWRITE_LYRICS, args))
    return made


def _worded(song: Song | None) -> list[str]:
    """The sections with words, by kind where a kind sings the same words each time ("chorus"), else one by one."""
    if song is None:
        return []
    names: list[str] = []
    for section in song.sections:
        if not section.lyrics:
            continue
        same = {s.lyrics for s in song.sections if s.kind == section.kind}
        name = section.kind if len(same) == 1 else section.label
        if name not in names:
            names.append(name)
    return names


def _rhyme_line(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    sections = [n for n in names if n != WHOLE_SONG]
    n_lines = None
    if song is not None and sections:
        n_lines = len(song.sections[song.find(sections[0])[0]].lyrics) or None
    found = slots.lines(clause, n_lines)
    if not sections or len(found) < 2:
        return Missing("which lines")
    return [Intent(intents.RHYME_LINE, {"section": sections[0], "line": found[0].value, "with_line": found[1].value})]


def _plan(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    from agent.understand.briefs import normalize, read_plan

    read = read_plan(normalize(clause), None)
    if read is not None:
        return [read]
    if not _EMPTY_BRIEF.sub("", normalize(clause).casefold()).strip(" .,!?'-"):
        # "let's start something new": a new song, but nothing yet of what it is.
        style = song.meta.style if song is not None else "pop"
        briefs = (f"a new {style} song", "a slow ballad", "an upbeat rock song")
        return Missing("what the new song is", tuple(Intent(intents.PLAN_SONG, {"brief": b}) for b in briefs))
    return [Intent(intents.PLAN_SONG, {"brief": normalize(clause)})]


# Words that ask for a new song without saying anything of it.
_EMPTY_BRIEF = re.compile(r"\b(?:let'?s|lets|let\s+us|can|could|we|you|i|me|us|want|wanna|to|please|pls|start|begin|write|"
                          r"do|try|make|compose|create|on|something|anything|new|fresh|else|another|a|an|the|next|one|song|"
                          r"tune|track|from|scratch|clean|slate|now|ok|okay|so|maybe|how|about)\b")


def _remember(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    from agent.understand.briefs import normalize, read_preference

    read = read_preference(normalize(clause), None)
    return [read] if read is not None else [Intent(intents.REMEMBER, {"text": normalize(clause)})]


def _optional_section(tool: str) -> Any:
    def build(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
        named = [n for n in names if n != WHOLE_SONG]
        return [Intent(tool, {"section": named[0] if named else None, **_extra(tool)})]

    return build


def _extra(tool: str) -> dict[str, Any]:
    return {"path": None} if tool == intents.ANALYZE else {}


def _export(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    said = slots.export_format(clause)
    if said is None:
        return Missing("which format", tuple(Intent(intents.EXPORT, {"format": f}) for f in ("wav", "midi", "musicxml")))
    return [Intent(intents.EXPORT, {"format": said.value})]


def _checkout(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    said = slots.version(clause)
    return Missing("which version") if said is None else [Intent(intents.CHECKOUT, {"version": int(said.value)})]  # type: ignore[call-overload]


def _text(tool: str, name: str) -> Any:
    def build(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
        return [Intent(tool, {name: clause.strip()})]

    return build


def _learn(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    folder = slots.folder(clause)
    return Missing("which folder") if folder is None else [Intent(intents.LEARN_STYLE, {"folder": folder})]


def _borrow(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    """A section copied from a version of another project: the first section said is theirs, the last ours."""
    said = [f.value for f in slots.sections(clause, song) if f.value != WHOLE_SONG]  # theirs first, ours last
    name, number, sections = slots.project(clause), slots.version(clause), [str(n) for n in said] or names
    if name is None:
        return Missing("which project")
    if number is None or not isinstance(number.value, int):
        return Missing("which version of it")
    if not sections:
        return Missing("which section")
    return [Intent(intents.BORROW_SECTION, {"project": name, "version": number.value, "section": sections[0],
                                            "into": sections[-1]})]  # fmt: skip


def _rhymes(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    word = slots.rhyme_word(clause)
    return Missing("which word") if word is None else [Intent(intents.RHYMES, {"word": word})]


def _extend(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    said = next((f for f in slots.numbers(clause) if 0 < float(f.value) <= 300), None)  # type: ignore[arg-type]
    return Missing("how many seconds") if said is None else [Intent(intents.EXTEND, {"seconds": float(said.value)})]  # type: ignore[arg-type]


def _answer(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    named = [n for n in names if n != WHOLE_SONG]
    args: dict[str, Any] = {"topic": fixed["topic"], "section": named[0] if named else None}
    if fixed["topic"] == "why_chord":
        args["chord"] = slots.chord(clause)
    version = slots.version(clause)
    if version is not None and fixed["topic"] not in ("version", "last_change"):
        args["version"] = version.value  # "what was the tempo in the first version?"
    return [Intent(intents.ANSWER, args)]


def _generate(fixed: dict[str, Any], clause: str, names: list[str], song: Song | None) -> list[Intent] | Missing:
    named = [n for n in names if n != WHOLE_SONG]
    return [Intent(intents.GENERATE, {"section": named[0] if named else None})]


_FILLERS: dict[str, Any] = {
    intents.REVISE_SECTION: _revise, intents.REHARMONIZE: _reharm, intents.CHANGE_KEY: _key,
    intents.SET_TEMPO: _tempo, intents.SET_METER: _meter, intents.SET_BARS: _bars, intents.SET_CYMBAL: _cymbal,
    intents.SET_CHORDS: _chords, intents.ADD_SECTION: _add, intents.REMOVE_SECTION: _one_section(intents.REMOVE_SECTION),
    intents.MOVE_SECTION: _move, intents.DOUBLE_SECTION: _double,
    intents.WRITE_MELODY: _melody, intents.SET_STYLE: _style, intents.WRITE_LYRICS: _write,
    intents.SET_LYRICS: _set_lyrics, intents.REWRITE_LYRICS: _rewrite, intents.RHYME_LINE: _rhyme_line,
    intents.PLAN_SONG: _plan, intents.RENDER: _optional_section(intents.RENDER),
    intents.GENERATE: _generate, intents.EXTEND: _extend, intents.EXPORT: _export, intents.CHECKOUT: _checkout,
    intents.REMEMBER: _remember, intents.FORGET_PREFERENCE: _text(intents.FORGET_PREFERENCE, "text"),
    intents.RECALL_IDEAS: _text(intents.RECALL_IDEAS, "query"), intents.RHYMES: _rhymes,
    intents.CHECK_LYRICS: _one_section(intents.CHECK_LYRICS), intents.ANALYZE: _optional_section(intents.ANALYZE),
    intents.ANSWER: _answer, intents.LEARN_STYLE: _learn, intents.BORROW_SECTION: _borrow,
    intents.ALTERNATIVE_MELODIES: _takes(intents.ALTERNATIVE_MELODIES),
    intents.ALTERNATIVE_PROGRESSIONS: _takes(intents.ALTERNATIVE_PROGRESSIONS),
    intents.ALTERNATIVE_PLANS: _takes(intents.ALTERNATIVE_PLANS),
}  # fmt: skip
