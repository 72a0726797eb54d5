"""Answers to a musician's questions about the sheet, every fact read or computed from it, never guessed.

Each function takes a song and, where it matters, the sections asked about (indices from
`Song.find`; None means the whole song) and returns plain sentences for the chat. Harmony
comes from music.theory.analysis; nothing here hears sound or asks a language model.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from itertools import accumulate
from typing import TypeVar

from music.errors import CowriterError, SongError
from music.song import PUSH_MARK, Key, Part, Section, Song, bar_chords
from music.theory import analysis
from music.theory.chords import (
    chord_pitch_classes,
    chord_quality,
    chord_root,
    note_name,
    note_pc,
    roman_to_symbol,
    scale_pitch_classes,
    split_symbol,
    tonic_pc,
)
from music.theory.romans import RomanName, roman_numeral

T = TypeVar("T", bound=Hashable)
Indices = Sequence[int] | None

_COUNTS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_NOTE_VALUES = {1: "whole", 2: "half", 4: "quarter", 8: "eighth", 16: "sixteenth"}
_MINORISH = frozenset({"minor", "diminished"})
_MINOR_FAMILY = frozenset({"minor", "dorian", "phrygian"})
_CADENCES = {"authentic": "a full cadence", "plagal": "a plagal cadence", "half": "a half cadence",
             "deceptive": "a deceptive cadence"}  # fmt: skip
_LETTERS = "CDEFGAB"
# Letters above the root for each interval in semitones (a minor third is two letters up).
_LETTER_STEPS = (0, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6, 6)
# How far a section's sheet must stand from the song's average before the answer names it.
_ENERGY_STEP = 0.05
_PLAIN = 9  # the rank of a chord that does not stand out
_MINOR_SHARE_STEP = 0.1


# -- small words -----------------------------------------------------------------------------------


def clock(seconds: float) -> str:
    """Seconds as m:ss ("2:05")."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def section_seconds(song: Song, index: int) -> float:
    """How long section `index` lasts, at the tempo in force there."""
    return song.sections[index].bars * song.meta.beats_per_bar * 60.0 / song.tempo_of(index)


def section_times(song: Song) -> tuple[tuple[float, float], ...]:
    """Where each section starts and ends in the song, in seconds from its first beat."""
    ends = list(accumulate(section_seconds(song, i) for i in range(len(song.sections))))
    return tuple(zip([0.0, *ends[:-1]], ends, strict=True))


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _name(section: Section) -> str:
    """'Verse 1' as it is, 'the Bridge' where the label is just the section's kind."""
    return f"the {section.label}" if section.label.casefold() == section.kind else section.label


def _subject(song: Song, members: Sequence[int]) -> tuple[str, str]:
    """The sections as a sentence's subject, and the verb that agrees with it."""
    return _and([_name(song.sections[i]) for i in members]), ("is" if len(members) == 1 else "are")


def section_names(song: Song, indices: Sequence[int]) -> str:
    """The sections as a sentence names them: 'the Bridge', 'Chorus 1, Chorus 2 and Chorus 3'."""
    return _subject(song, indices)[0]


def _chosen(song: Song, indices: Indices) -> list[int]:
    return list(range(len(song.sections))) if indices is None else sorted(set(indices))


def _groups(song: Song, indices: Indices, value: Callable[[int], T]) -> list[tuple[list[int], T]]:
    """Sections grouped by a value they share, in song order, so repeats are said once."""
    groups: dict[T, list[int]] = {}
    for index in _chosen(song, indices):
        groups.setdefault(value(index), []).append(index)
    return [(members, found) for found, members in groups.items()]


def _pitch_name(pc: int, key: Key) -> str:
    """A pitch class spelled as the key (or its parallel major or minor) spells it: G# in A minor."""
    return re.sub(r"-?\d+$", "", note_name(60 + pc % 12, key))


def _tone(symbol: str, pc: int) -> str:
    """A chord tone spelled from the chord's own root letter: the third of E7 is G#, the root of Bb is Bb."""
    root, suffix, _bass = split_symbol(symbol)
    interval = (pc - note_pc(root)) % 12
    steps = _LETTER_STEPS[interval]
    if interval == 8 and chord_quality(symbol) == "augmented":
        steps = 4  # the raised fifth, not a minor sixth
    letter = _LETTERS[(_LETTERS.index(root[0]) + steps) % 7]
    shift = (pc - note_pc(letter) + 6) % 12 - 6
    return letter + ("#" * shift if shift > 0 else "b" * -shift)


# -- key, tempo, metre -----------------------------------------------------------------------------


def key_answer(song: Song, indices: Indices = None) -> str:
    """The song's key and mode, and every section that moves to a key of its own ("Chorus 3 is in B minor")."""
    return _overrides(song, indices, song.meta.key, song.key_of, lambda key: f"in {key}", "key")


def tempo_answer(song: Song, indices: Indices = None) -> str:
    """The song's tempo in BPM, and every section that has a tempo of its own."""
    return _overrides(song, indices, song.meta.tempo, song.tempo_of, lambda bpm: f"at {_number(bpm)} BPM", "tempo")


def _overrides(
    song: Song, indices: Indices, home: T, value: Callable[[int], T], said: Callable[[T], str], noun: str
) -> str:
    """The song's own key or tempo, and each section where another one is in force."""
    if indices is None:
        moves = [
            f"{' '.join(_subject(song, members))} {said(found)}"
            for members, found in _groups(song, None, value)
            if found != home
        ]
        return f"The song is {said(home)}{'; ' + '; '.join(moves) if moves else ' throughout'}."
    sentences = []
    for members, found in _groups(song, indices, value):
        subject, verb = _subject(song, members)
        where = f", the song's {noun}" if found == home else f" (the song is {said(home)})"
        sentences.append(f"{_cap(subject)} {verb} {said(found)}{where}.")
    return " ".join(sentences)


def meter_answer(song: Song, indices: Indices = None) -> str:
    """The time signature and what a bar holds ("4/4: four quarter notes a bar")."""
    signature = song.meta.time_signature
    top, bottom = (int(n) for n in signature.split("/"))
    count = _COUNTS[top] if top < len(_COUNTS) else str(top)
    bar = f"{count} {_NOTE_VALUES[bottom]} notes a bar"
    if indices is None:
        return f"The song is in {signature}: {bar}."
    subject, verb = _subject(song, _chosen(song, indices))
    return f"{_cap(subject)} {verb} in {signature}, like the whole song: {bar}."


# -- length and form -------------------------------------------------------------------------------


def bars_answer(song: Song, indices: Indices = None) -> str:
    """Bars of the sections asked about, or of the song and each of its sections ("Verse 1 is 8 bars")."""
    if indices is None:
        each = ", ".join(f"{s.label} {s.bars}" for s in song.sections)
        return f"The song is {_plural(song.total_bars, 'bar')}: {each}."
    sentences = []
    for members, bars in _groups(song, indices, lambda i: song.sections[i].bars):
        subject, verb = _subject(song, members)
        each = " each" if len(members) > 1 else ""
        sentences.append(f"{_cap(subject)} {verb} {_plural(bars, 'bar')}{each}.")
    return " ".join(sentences)


def length_answer(song: Song, indices: Indices = None) -> str:
    """Total bars and duration as m:ss ("56 bars, 2:14"), of the song or of the sections asked about."""
    if indices is None:
        tempi = {song.tempo_of(i) for i in range(len(song.sections))}
        pace = f"at {_number(song.meta.tempo)} BPM" if len(tempi) == 1 else "with its tempo changes"
        return (
            f"{_plural(song.total_bars, 'bar')}, {clock(song.duration_seconds())} {pace} "
            f"({_plural(len(song.sections), 'section')})."
        )
    chosen = _chosen(song, indices)
    sentences = []
    for members, (bars, seconds) in _groups(
        song, chosen, lambda i: (song.sections[i].bars, round(section_seconds(song, i), 3))
    ):
        subject, verb = _subject(song, members)
        each = " each" if len(members) > 1 else ""
        sentences.append(f"{_cap(subject)} {verb} {_plural(bars, 'bar')}, {clock(seconds)}{each}.")
    if len(chosen) > 1:
        bars = sum(song.sections[i].bars for i in chosen)
        seconds = sum(section_seconds(song, i) for i in chosen)
        sentences.append(f"Together {_plural(bars, 'bar')}, {clock(seconds)}.")
    return " ".join(sentences)


def form_answer(song: Song, indices: Indices = None) -> str:
    """The sections in order with their bars, and which ones repeat another's chords."""
    order = " - ".join(f"{s.label} ({s.bars})" for s in song.sections)
    sentences = [f"{_plural(len(song.sections), 'section')}, {_plural(song.total_bars, 'bar')}: {order}."]
    first_with: dict[tuple[str, tuple[str, ...]], int] = {}
    repeats: dict[int, list[int]] = {}
    for index, section in enumerate(song.sections):
        original = first_with.setdefault((section.kind, section.chords), index)
        if original != index:
            repeats.setdefault(original, []).append(index)
    for original, copies in repeats.items():
        subject, _verb = _subject(song, copies)
        verb = "repeats" if len(copies) == 1 else "repeat"
        sentences.append(f"{_cap(subject)} {verb} the chords of {_name(song.sections[original])}.")
    return " ".join(sentences)


# -- what is on the sheet --------------------------------------------------------------------------


def chords_answer(song: Song, indices: Indices = None) -> str:
    """The chords bar by bar, one line per section (sections with the same chords share a line), as a chart writes them."""
    if indices is None:
        lines = [f"{s.label} ({_plural(s.bars, 'bar')}): {s.chord_line()}" for s in song.sections]
    else:
        lines = []
        for members, chart in _groups(song, indices, lambda i: song.sections[i].chord_line()):
            subject, _verb = _subject(song, members)
            each = " each" if len(members) > 1 else ""
            lines.append(f"{_cap(subject)} ({_plural(song.sections[members[0]].bars, 'bar')}{each}): {chart}")
    if any(PUSH_MARK in line for line in lines):
        lines.append(f"({PUSH_MARK} marks a pushed chord: it comes in an eighth early, on the and of four before its bar.)")
    return "\n".join(lines)


def lyrics_answer(song: Song, indices: Indices = None) -> str:
    """The lyrics of the sections asked about (or all), and which of them have none yet."""
    sung: list[str] = []
    silent: list[int] = []
    for members, lines in _groups(
        song, indices, lambda i: tuple(x.strip() for x in song.sections[i].lyrics if x.strip())
    ):
        if not lines:
            silent.extend(members)
            continue
        subject, _verb = _subject(song, members)
        sung.append(f"{_cap(subject)} ({_plural(len(lines), 'line')}):\n" + "\n".join(lines))
    text = "\n\n".join(sung)
    if silent:
        subject, _verb = _subject(song, sorted(silent))
        none = f"{_cap(subject)} {'has' if len(silent) == 1 else 'have'} no lyrics yet."
        if not sung and indices is None:
            none = "The song has no lyrics yet."
        text = f"{text}\n\n{none}" if text else none
    return text


def _parts_text(parts: Sequence[Part]) -> str:
    return ", ".join(f"{p.name} ({p.role}, GM {p.program})" for p in parts) or "no parts"


def instruments_answer(song: Song, indices: Indices = None) -> str:
    """The parts with their roles, and the sections whose parts differ from the song's."""
    text = ""
    if indices is None:
        text = f"{_plural(len(song.meta.parts), 'part')}: {_parts_text(song.meta.parts)}."
        if not song.meta.parts:
            text = "The sheet names no instruments yet."
        indices = [i for i, s in enumerate(song.sections) if s.parts is not None and s.parts != song.meta.parts]
    for members, parts in _groups(song, indices, song.parts_of):
        subject, verb = _subject(song, members)
        text += f" {_cap(subject)} {verb} played by {_parts_text(parts)}."
    return text.strip()


def style_answer(song: Song, indices: Indices = None) -> str:
    """The style, mood and tags on the sheet, and the sound description the sketches follow."""
    meta = song.meta
    text = f"'{meta.title}' is {meta.style}"
    text += f", mood {meta.mood}" if meta.mood else ", with no mood set"
    text += f"; tags: {', '.join(meta.tags)}." if meta.tags else "; no tags."
    if meta.description:
        text += f" Its sound: {meta.description}."
    return text


# -- harmony ---------------------------------------------------------------------------------------


def _analyses(song: Song, indices: Indices) -> list[analysis.SectionAnalysis]:
    chosen = _chosen(song, indices)
    if len(chosen) == 1:
        return [analysis.analyze_section(song, chosen[0])]
    every = analysis.analyze(song).sections
    return [every[i] for i in chosen]


def _onward(song: Song, members: Sequence[int]) -> str:
    """What comes after the sections: a label, 'the chorus', or '' at the song's end."""
    nexts = {i + 1 for i in members}
    if any(n >= len(song.sections) for n in nexts):
        return "" if len(nexts) == 1 else "the next section"
    if len(nexts) == 1:
        return _name(song.sections[nexts.pop()])
    kinds = {song.sections[n].kind for n in nexts}
    return f"the {kinds.pop()}" if len(kinds) == 1 else "the next section"


def _ending(found: analysis.SectionAnalysis, onward: str) -> str:
    """How a section ends, from its cadences and its last chord."""
    end = next((c for c in found.cadences if c.section_end), None)
    last = found.romans[-1]
    if end is None:
        if last.is_tonic:
            before = next((r for r in reversed(found.romans) if r.numeral != last.numeral), None)
            came = f" from {before.figure}" if before is not None else ""
            return f"it comes home to {last.figure} ({last.symbol}){came} without a V-I cadence"
        where = f"so it flows on into {onward}" if onward else "so the song ends open"
        return f"it ends on {last.figure} ({last.symbol}) with no cadence, {where}"
    if end.kind == "half":
        pull = f"so it pulls into {onward}" if onward else "so the song ends hanging"
        return f"it ends on {_CADENCES['half']} (on {end.arrival.figure}, {end.arrival.symbol}), {pull}"
    figures = f"{end.approach.figure}-{end.arrival.figure}, {end.approach.symbol}-{end.arrival.symbol}"
    result = {"authentic": "so it lands home", "plagal": "a soft 'amen' landing",
              "deceptive": "dodging home, so it keeps moving"}[end.kind]  # fmt: skip
    return f"it ends on {_CADENCES[end.kind]} ({figures}), {result}"


def _colours(found: analysis.SectionAnalysis) -> list[str]:
    """Borrowed, secondary and chromatic chords, each named once."""
    clauses = []
    borrowed = _distinct(found.borrowed)
    if borrowed:
        named = _and([f"{r.figure} ({r.symbol}) from {r.borrowed_from}" for r in borrowed])
        clauses.append(f"it borrows {named}")
    for name in _distinct(found.secondary_dominants):
        clauses.append(
            f"{name.figure} ({name.symbol}) is a secondary dominant pushing towards {_target(name, found.key)}"
        )
    chromatic = _distinct(tuple(r for r in found.romans if r.function == "chromatic"))
    if chromatic:
        clauses.append(f"it steps outside the key with {_and([f'{r.figure} ({r.symbol})' for r in chromatic])}")
    return clauses


def _distinct(names: Sequence[RomanName]) -> list[RomanName]:
    return list({name.figure: name for name in names}.values())  # one per numeral, in order of appearance


def _target(name: RomanName, key: Key) -> str:
    try:
        return f"{name.target} ({roman_to_symbol(name.target or 'V', key)})"
    except SongError:
        return name.target or "V"


def harmony_answer(song: Song, indices: Indices = None) -> str:
    """What the sections do harmonically: numerals in their key, colours, phrase endings and the cadence at the end."""
    found = _analyses(song, indices)
    groups: dict[tuple[str, str], list[analysis.SectionAnalysis]] = {}
    for item in found:
        groups.setdefault((item.figures(), str(item.key)), []).append(item)
    sentences = []
    for members in groups.values():
        first = members[0]
        subject, _verb = _subject(song, [m.index for m in members])
        clauses = _colours(first) or [f"every chord belongs to {first.key}"]
        inner = [c for c in first.cadences if not c.section_end]
        if inner:
            clauses.append(f"bar {inner[0].bar} closes a phrase with {_CADENCES[inner[0].kind]}")
        clauses.append(_ending(first, _onward(song, [m.index for m in members])))
        sentences.append(f"{_cap(subject)}, in {first.key}: {first.figures()}. {_cap('; '.join(clauses))}.")
    return "\n".join(sentences)


# -- why a chord -----------------------------------------------------------------------------------


def _rank(name: RomanName) -> int:
    """How much a chord stands out: secondary dominants, borrowed and chromatic chords, then the dominant."""
    ranks = {"secondary dominant": 0, "borrowed": 1, "chromatic": 2}
    return ranks.get(name.function, 3 if name.is_dominant and name.degree == 5 else _PLAIN)


def striking_chord(song: Song, indices: Indices = None) -> tuple[int, str]:
    """The section and chord symbol that stand out most; a plain section's last chord when none does."""
    found = _analyses(song, indices)
    best: tuple[int, int, str] | None = None
    for item in found:
        for name in item.romans:
            if best is None or _rank(name) < best[0]:
                best = (_rank(name), item.index, name.symbol)
    if best is None or best[0] == _PLAIN:
        last = found[0]
        return last.index, last.romans[-1].symbol
    return best[1], best[2]


def _same_chord(asked: str, name: RomanName) -> bool:
    """True when the musician's chord (any letter case at the root, or a numeral like V7) names this one."""
    return asked.strip() in (name.symbol, name.figure) or _cap(asked.strip()) == name.symbol


def _function(name: RomanName, key: Key) -> str:
    """What the chord does in the key, in words computed from its notes."""
    symbol = name.symbol
    tones = chord_pitch_classes(symbol)
    root = chord_root(symbol)
    home = tonic_pc(key)
    if name.function == "secondary dominant":
        target_root = (root + 5) % 12 if name.numeral.upper().startswith("V") else (root + 1) % 12
        words = f"a secondary dominant, the dominant of {_target(name, key)} for a moment"
        pull = (target_root - 1) % 12
        if pull in tones:
            words += f"; its {_tone(symbol, pull)} pulls up to {_pitch_name(target_root, key)}"
        return words
    if name.function in ("borrowed", "chromatic"):
        scale = set(scale_pitch_classes(key))
        altered = []
        for pc in (pc for pc in tones if pc not in scale):
            # The key's own note on the same letter (F for F#), else its nearest neighbour.
            natural = note_pc(_tone(symbol, pc)[0])
            nearest = (natural, (pc - 1) % 12, (pc + 1) % 12)
            usual = next((n for n in nearest if n in scale), None)
            if usual is not None:
                altered.append(f"{_tone(symbol, pc)} where {key} has {_pitch_name(usual, key)}")
        source = f"borrowed from {name.borrowed_from}" if name.function == "borrowed" else f"outside {key}"
        return f"{source}, with {_and(altered)}" if altered else source
    if name.degree == 5 and name.is_dominant:
        words = "the dominant"
        leading = (home - 1) % 12
        if leading in tones:
            words += f"; its {_tone(symbol, leading)} is the leading tone and pulls up to {_pitch_name(home, key)}"
        seventh = (root + 10) % 12
        scale_tones = scale_pitch_classes(key)
        below = next(((seventh - step) % 12 for step in (1, 2) if (seventh - step) % 12 in scale_tones), None)
        if seventh in tones and below is not None:
            words += f", and its seventh, {_tone(symbol, seventh)}, falls to {_pitch_name(below, key)}"
        return words
    if name.degree == 5:
        return "a minor v: with no leading tone it leans home gently rather than pulling"
    if name.degree == 7 and name.quality == "diminished":
        return f"the leading-tone chord: its root {_tone(symbol, root)} pulls up to {_pitch_name(home, key)}"
    if name.degree == 7:
        return f"the subtonic, a whole tone below {_pitch_name(home, key)}, a softer dominant with no leading tone"
    if name.is_tonic:
        return "the home chord"
    if name.function == "tonic":
        home_chord = roman_to_symbol("i" if key.mode in _MINOR_FAMILY else "I", key)
        shared = [_tone(symbol, pc) for pc in tones if pc in chord_pitch_classes(home_chord)]
        return f"a stand-in for the home chord, sharing {_and(shared)} with {home_chord}"
    return "a predominant, moving away from home towards the dominant"


def _leads(song: Song, found: analysis.SectionAnalysis, positions: list[int], chord: RomanName) -> list[str]:
    """Where the chord goes each time it sounds: later bars of the section or the next section's first chord."""
    flat = [(bar.bar, name) for bar in found.bars for name in bar.romans]
    places: dict[tuple[str, str], list[str]] = {}
    bars: dict[tuple[str, str], list[int]] = {}
    for position in positions:
        if position + 1 < len(flat):
            bar, after = flat[position + 1]
            if after.symbol != chord.symbol:  # a held chord leads nowhere new
                bars.setdefault((after.symbol, after.figure), []).append(bar)
                places.setdefault((after.symbol, after.figure), [])
        elif found.index + 1 < len(song.sections):
            after = roman_numeral(song.sections[found.index + 1].chords[0].split()[0], found.key)
            if after.symbol == chord.symbol:
                continue
            places.setdefault((after.symbol, after.figure), []).append(
                f"at the start of {_name(song.sections[found.index + 1])}"
            )
    goes = []
    for (symbol, figure), later in places.items():
        numbers = bars.get((symbol, figure), [])
        where = [f"in bar{'s' if len(numbers) > 1 else ''} {_and([str(b) for b in numbers])}"] if numbers else []
        text = f"to {symbol} ({figure}) {_and(where + later)}"
        after = roman_numeral(symbol, found.key)
        if chord.degree == 5 and chord.is_dominant:
            if after.is_tonic:
                text += ", resolving home"
            elif after.degree == 6 and not after.accidental:
                text += f", a deceptive turn to {figure} instead of home"
        goes.append(text)
    return goes


def why_chord_answer(song: Song, indices: Indices = None, chord: str | None = None) -> str:
    """Why a chord is there: its numeral and function in the key, the notes that pull, and where it leads.

    Without `chord`, the most striking chord of the sections (or the song) is explained.

    Raises:
        CowriterError: If the chord is not in the sections asked about.
    """
    if chord is None or not chord.strip():
        index, symbol = striking_chord(song, indices)
        found = _analyses(song, [index])[0]
    else:
        chosen = _analyses(song, indices)
        match = next((item for item in chosen if any(_same_chord(chord, r) for r in item.romans)), None)
        if match is None:  # say so in one sentence, with the chords that are there
            where = "the song" if indices is None else _subject(song, [item.index for item in chosen])[0]
            used = dict.fromkeys(r.symbol for item in chosen for r in item.romans)
            raise CowriterError(f"There is no {chord.strip()} in {where}; its chords are {_and(list(used))}.")
        found, symbol = match, next(r.symbol for r in match.romans if _same_chord(chord, r))
    positions = [p for p, r in enumerate(found.romans) if r.symbol == symbol]
    name = found.romans[positions[0]]
    section = song.sections[found.index]
    text = f"{symbol} in {_name(section)} is {name.figure} in {found.key}: {_function(name, found.key)}."
    leads = _leads(song, found, positions, name)
    if leads:
        joined = leads[0] if len(leads) == 1 else ", ".join(leads[:-1]) + ", and " + leads[-1]
        text += f" It leads {joined}."
    if positions[-1] == len(found.romans) - 1:
        end = next((c for c in found.cadences if c.section_end), None)
        onward = _onward(song, [found.index])
        subject = _cap(_name(section))
        if not onward:
            text += " It is the song's last chord."
        elif end is not None and end.kind == "half":
            text += f" So {_name(section)} ends on {_CADENCES['half']} and hands back to {onward}."
        elif end is not None:
            text += f" {subject} ends on {_CADENCES[end.kind]} with it."
        elif name.is_tonic:
            text += f" {subject} comes home on it."
        else:
            text += f" {subject} ends on it with no cadence, flowing on into {onward}."
    return text


# -- colour on the sheet ---------------------------------------------------------------------------


def _weighted(song: Song, indices: Sequence[int], value: Callable[[Section], float]) -> float:
    bars = sum(song.sections[i].bars for i in indices)
    return sum(value(song.sections[i]) * song.sections[i].bars for i in indices) / bars


def _minor_share(section: Section) -> float:
    """The share of the section's bar time played on minor or diminished chords."""
    share = 0.0
    for entry in section.chords:
        share += sum(end - begin for begin, end, s in bar_chords(entry) if chord_quality(s) in _MINORISH)
    return share / section.bars


def colour_facts(song: Song, indices: Sequence[int]) -> list[str]:
    """What on the sheet sets the sections' colour apart from the rest of the song: register, energy, minor chords, sounds.

    Each fact is a clause with the sections' figure against the rest's, and only facts that
    differ are named; an empty list means the sheet does not set them apart.
    """
    chosen = sorted(set(indices))
    rest = [i for i in range(len(song.sections)) if i not in chosen]
    if not rest:
        return []
    facts = []
    register, usual = _weighted(song, chosen, lambda s: s.register), _weighted(song, rest, lambda s: s.register)
    if abs(register - usual) >= 1:
        steps = abs(register - usual)
        amount = "an octave" if round(steps) == 12 else f"{steps:.0f} semitones"
        facts.append(
            f"voicings and lead {amount} {'lower' if register < usual else 'higher'} than in the rest of the song"
        )
    energy, usual = _weighted(song, chosen, lambda s: s.energy), _weighted(song, rest, lambda s: s.energy)
    if abs(energy - usual) >= _ENERGY_STEP:
        facts.append(f"{'more' if energy > usual else 'less'} energy ({energy:.2f} against {usual:.2f} in the rest)")
    minor, usual = _weighted(song, chosen, _minor_share), _weighted(song, rest, _minor_share)
    if abs(minor - usual) >= _MINOR_SHARE_STEP:
        more = "more" if minor > usual else "fewer"
        facts.append(f"{more} minor chords ({minor:.0%} of the bars against {usual:.0%} in the rest)")
    programs = {p.name: p.program for p in song.meta.parts}
    swaps = dict.fromkeys(
        f"{p.name} on GM {p.program} instead of {programs[p.name]}"
        for i in chosen
        for p in song.parts_of(i)
        if p.name in programs and p.program != programs[p.name]
    )
    if swaps:
        facts.append(f"other sounds ({_and(list(swaps))})")
    cymbals = dict.fromkeys(str(song.sections[i].cymbal) for i in chosen if song.sections[i].cymbal)
    if cymbals:
        facts.append(f"drums on the {_and(list(cymbals))}")
    return facts
