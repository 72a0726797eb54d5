"""Sentences a songwriter reads about a theory analysis: why a song or a section sounds the way it does."""

from __future__ import annotations

from music.song import Key
from music.theory.analysis import Cadence, SectionAnalysis, SongAnalysis
from music.theory.chords import (
    interval_name,
    note_name,
    roman_to_symbol,
)
from music.theory.romans import RomanName, key_name

# What a borrowed chord does to the ear, by its numeral in the home key.
_MAJOR_KEY_COLOURS = {
    "bVI": "bittersweet", "iv": "wistful", "bVII": "anthemic", "bIII": "bluesy", "iiø": "yearning",
    "iio": "yearning", "v": "folky", "bII": "dramatic", "i": "suddenly shadowed", "viio": "tense",
    "I": "bluesy", "IV": "bluesy",
}  # fmt: skip
_MINOR_KEY_COLOURS = {
    "I": "unexpectedly bright", "IV": "soulful", "ii": "brighter", "#vi": "brighter", "bII": "dramatic",
    "III": "brighter", "VI": "brighter", "VII": "brighter",
}  # fmt: skip
_SOURCE_COLOURS = {"major": "brighter", "minor": "darker", "dorian": "soulful", "mixolydian": "bluesy",
                   "phrygian": "dramatic", "lydian": "dreamy"}  # fmt: skip
_CADENCE_NAMES = {"authentic": "a full cadence", "plagal": "a plagal cadence", "half": "a half cadence",
                  "deceptive": "a deceptive cadence"}  # fmt: skip


def explain_section(analysis: SectionAnalysis) -> str:
    """Why one section sounds the way it does: its colours, its ending, its melody and its voice leading."""
    subject = analysis.label if analysis.label.casefold() != analysis.kind else f"The {analysis.kind}"
    sentences = [_harmony_sentence(subject, analysis, _next_words(analysis.next_kind))]
    inner = [c for c in analysis.cadences if not c.section_end]
    if inner:
        first = inner[0]
        sentences.append(
            f"Bar {first.bar} closes a phrase with {_CADENCE_NAMES[first.kind]} ({_cadence_figures(first)})."
        )
    sentences.extend(_melody_sentences(analysis))
    return " ".join(sentences)


def explain_song(analysis: SongAnalysis) -> str:
    """The key, then one sentence per kind of section (repeats said once), then the melody in brief."""
    sentences = [describe_key(analysis)]
    groups: dict[tuple[str, str, str], list[SectionAnalysis]] = {}
    for section in analysis.sections:
        groups.setdefault((section.kind, section.figures(), str(section.key)), []).append(section)
    for members in groups.values():
        first = members[0]
        next_kinds = {m.next_kind for m in members}
        onward = _next_words(first.next_kind) if len(next_kinds) == 1 else "the next section"
        sentences.append(_harmony_sentence(_group_name(members, analysis), first, onward))
    ranges = [s.melodic_range for s in analysis.sections if s.melodic_range is not None]
    if ranges:
        low, high = min(r.low for r in ranges), max(r.high for r in ranges)
        key = analysis.sheet_key
        sentences.append(
            f"Across the song the melody spans {note_name(low, key)}-{note_name(high, key)} ({_span(high - low)})."
        )
    parallels = sum(len(s.parallels) for s in analysis.sections)
    if parallels:
        sentences.append(
            f"The melody moves in parallel fifths or octaves with the bass {_times(parallels)}, "
            "which can sound hollow; contrary motion gives the parts more independence."
        )
    return " ".join(sentences)


def describe_key(analysis: SongAnalysis) -> str:
    """One sentence comparing the sheet's key with the key the notes sound in."""
    if analysis.estimated_key is None:
        return f"The sheet says {key_name(analysis.sheet_key)}; there are no pitched notes to check it against."
    if analysis.key_agrees:
        return f"The notes sound in {key_name(analysis.sheet_key)}, as the sheet says."
    return (
        f"The sheet says {key_name(analysis.sheet_key)}, but the notes lean towards {key_name(analysis.estimated_key)}."
    )


# -- harmony -----------------------------------------------------------------------------------


def _harmony_sentence(subject: str, analysis: SectionAnalysis, onward: str) -> str:
    clauses = _colour_clauses(analysis)
    if not clauses:
        clauses = [f"stays inside {key_name(analysis.key)} ({_opening(analysis)})"]
    return f"{subject} {'; it '.join(clauses)}; {_ending_clause(analysis, onward)}."


def _colour_clauses(analysis: SectionAnalysis) -> list[str]:
    clauses = []
    by_source: dict[str, list[RomanName]] = {}
    for name in _distinct(analysis.borrowed):
        by_source.setdefault(name.borrowed_from or "", []).append(name)
    for source, names in by_source.items():
        feelings = list(dict.fromkeys(_colour(n, analysis.key, source) for n in names))
        clauses.append(f"borrows {_and(_named(names))} from {source}, which is why it feels {_and(feelings)}")
    secondaries = _distinct(analysis.secondary_dominants)
    if secondaries:
        targets = [_target_chord(n, analysis.key) for n in secondaries]
        noun = "a secondary dominant that pushes" if len(secondaries) == 1 else "secondary dominants that push"
        clauses.append(f"uses {_and(_named(secondaries))}, {noun} towards {_and(list(dict.fromkeys(targets)))}")
    chromatic = _distinct(tuple(r for r in analysis.romans if r.function == "chromatic"))
    if chromatic:
        clauses.append(f"steps outside the key with {_and(_named(chromatic))}")
    return clauses


def _ending_clause(analysis: SectionAnalysis, onward: str) -> str:
    ending = next((c for c in analysis.cadences if c.section_end), None)
    romans = analysis.romans
    last = romans[-1]
    before = next((r for r in reversed(romans) if r.numeral != last.numeral), None)
    if ending is None and last.is_tonic and before is not None:
        return f"it comes home to {last.figure} ({last.symbol}) from {before.figure}, a softer landing than V-I"
    if ending is None:
        where = f"so it flows on into {onward}" if onward else "so the song ends open"
        return f"it ends on {last.figure} ({last.symbol}) rather than a cadence, {where}"
    figures = _cadence_figures(ending)
    if ending.kind == "half":
        pull = f"so it pulls into {onward}" if onward else "so the song ends hanging, unresolved"
        return f"it ends on a half cadence ({figures}), {pull}"
    if ending.kind == "authentic":
        return f"it ends on a full cadence ({figures}), so it feels settled and complete"
    if ending.kind == "plagal":
        return f"it ends on a plagal cadence ({figures}), a soft 'amen' landing"
    return f"it ends on a deceptive cadence ({figures}), dodging home so it keeps moving"


def _cadence_figures(cadence: Cadence) -> str:
    if cadence.kind == "half":
        return cadence.arrival.figure
    return f"{cadence.approach.figure}-{cadence.arrival.figure}"


def _colour(name: RomanName, key: Key, source: str) -> str:
    table = _MINOR_KEY_COLOURS if key.mode in ("minor", "dorian", "phrygian") else _MAJOR_KEY_COLOURS
    mode = source.split(" ")[-1]
    return table.get(name.numeral) or _SOURCE_COLOURS.get(mode, "coloured")


def _target_chord(name: RomanName, key: Key) -> str:
    try:
        return roman_to_symbol(name.target or "V", key)
    except ValueError:
        return name.target or "V"


def _opening(analysis: SectionAnalysis) -> str:
    figures = [r.figure for r in analysis.romans[:4]]
    return " ".join(figures)


def _distinct(names: tuple[RomanName, ...]) -> list[RomanName]:
    seen: dict[str, RomanName] = {}
    for name in names:
        seen.setdefault(name.figure, name)
    return list(seen.values())[:3]


def _named(names: list[RomanName]) -> list[str]:
    return [f"{n.figure} ({n.symbol})" for n in names]


# -- melody ------------------------------------------------------------------------------------


def _melody_sentences(analysis: SectionAnalysis) -> list[str]:
    sentences = []
    span, key = analysis.melodic_range, analysis.key
    if span is not None:
        sentences.append(
            f"Its melody spans {note_name(span.low, key)}-{note_name(span.high, key)} ({_span(span.span)}) and "
            f"mostly sits between {note_name(span.tessitura_low, key)} and {note_name(span.tessitura_high, key)}."
        )
    stress = analysis.stress
    if stress.ratio is not None:
        share = f"{stress.stressed_on_strong} of {stress.stressed} stressed syllables"
        if stress.ratio >= 0.75:
            sentences.append(f"{share} land on strong beats, so the words sit naturally.")
        elif stress.ratio >= 0.5:
            sentences.append(f"{share} land on strong beats, so most words sit naturally.")
        else:
            sentences.append(
                f"Only {share} land on strong beats, so some words may sound mis-stressed; "
                "moving them onto the strong beats would help."
            )
    if analysis.parallels:
        first = analysis.parallels[0]
        kinds = _and(list(dict.fromkeys(p.interval for p in analysis.parallels)))
        where = f"bar {first.bar}, beat {first.beat:g}"
        when = (
            f"at {where}" if len(analysis.parallels) == 1 else f"{_times(len(analysis.parallels))} (first at {where})"
        )
        sentences.append(
            f"The melody moves in parallel {kinds.replace(' and ', ' and in parallel ')} with the bass {when}, "
            "which sounds hollow."
        )
    return sentences


def _span(semitones: int) -> str:
    return "a single note" if semitones == 0 else interval_name(semitones)


# -- words -------------------------------------------------------------------------------------


def _group_name(members: list[SectionAnalysis], analysis: SongAnalysis) -> str:
    if len(members) == 1:
        only = members[0]
        return only.label if only.label.casefold() != only.kind else f"The {only.kind}"
    kind = members[0].kind
    if len(members) == sum(1 for s in analysis.sections if s.kind == kind):
        return f"Each {kind}"
    return f"Each of {_and([m.label for m in members])}"


def _next_words(kind: str | None) -> str:
    return f"the {kind}" if kind else ""


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
