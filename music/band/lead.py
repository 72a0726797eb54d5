"""The lead line of a section: the written melody, or a singable line with one note per lyric syllable."""

from __future__ import annotations

import math
from dataclasses import dataclass

from music.band.arrangement import NoteEvent
from music.song import ChordSpan, Key, Section
from music.theory.chords import chord_pitch_classes, scale_pitch_classes, tonic_pc
from music.words.syllables import line_words, stresses

_EPS = 1e-6
# How high each phrase of a section arches above the centre, in semitones, phrase by phrase.
_ARCHES = (3.0, 5.0, 2.0, 6.0)
# Instrumental rhythms (durations in beats) by energy: quiet, medium, loud.
_RHYTHMS = ((2.0, 1.0, 1.0), (1.0, 0.5, 0.5, 1.0, 1.0), (0.5, 0.5, 1.0, 0.5, 0.5, 1.0))
_MOTIF = (1.0, 0.5, 0.5, 2.0)


@dataclass
class _Phrase:
    """Timed note slots of one phrase, with the syllable (if sung) and its stress."""

    slots: list[tuple[float, float]]
    lyrics: list[str | None]
    stressed: list[bool]


def lead_line(
    section: Section,
    start: float,
    bar_beats: float,
    key: Key,
    chords: tuple[ChordSpan, ...],
    centre: int,
    velocity: int,
) -> list[NoteEvent]:
    """The lead's notes for one section, timed from the start of the song.

    A written melody is played as written. Otherwise lyric lines are sung one note per
    syllable, each line filling about two bars with rests between lines; a section without
    lyrics gets an instrumental line (intro and outro: a short motif).
    """
    end = start + section.bars * bar_beats
    if section.melody:
        return [
            NoteEvent(start + n.start, min(n.duration, end - start - n.start), n.pitch, velocity, n.lyric)
            for n in section.melody
        ]
    if any(line.strip() for line in section.lyrics):
        phrases = _lyric_phrases(section, start, bar_beats)
    else:
        phrases = _instrumental_phrases(section, start, bar_beats)
    return _sing(phrases, section, start, bar_beats, key, chords, centre, velocity)


def _lyric_phrases(section: Section, start: float, bar_beats: float) -> list[_Phrase]:
    """One phrase per lyric line, lines spread evenly over the section."""
    lines = [line for line in section.lyrics if line.strip()]
    total = section.bars * bar_beats
    count = len(lines)
    if count <= section.bars:
        starts = [math.floor(k * section.bars / count) * bar_beats for k in range(count)]
    else:
        width = total / count
        grid = 0.25 if width >= 0.25 else 0.0
        starts = [round(k * width / grid) * grid if grid else k * width for k in range(count)]
    phrases = []
    for k, line in enumerate(lines):
        slot = (starts[k + 1] if k + 1 < count else total) - starts[k]
        words = line.split()
        sung = [syl for syls in line_words(line) for syl in syls]
        stress = [bool(s) for word in words for s in stresses(word)]
        if not sung:
            continue
        timings = _line_rhythm(stress, slot, bar_beats)
        slots = [(start + starts[k] + at, length) for at, length in timings]
        phrases.append(_Phrase(slots, list(sung), stress))
    return phrases


def _line_rhythm(stressed: list[bool], slot: float, bar_beats: float) -> list[tuple[float, float]]:
    """(offset, length) of each syllable of a line that has `slot` beats before the next line.

    Speech rhythm first: stressed syllables a beat long and on the beat, the others an
    eighth; a line too long for that is sung in even notes instead.
    """
    count = len(stressed)
    room = min(2 * bar_beats, slot)
    rest = 1.0 if slot >= 2 * bar_beats else 0.5 if slot >= 2.0 else 0.0
    available = room - rest
    onsets: list[float] = []
    at = 0.0
    for accent in stressed:
        if accent and at % 1.0:
            at = math.ceil(at)
        onsets.append(at)
        at += 1.0 if accent else 0.5
    if onsets[-1] + 0.5 > available + _EPS:
        unit = available / count
        if unit < 0.25:
            # A crowded line spills over its two bars into the rest of its slot.
            available = slot - (0.25 if slot > 1.0 else 0.0)
            unit = available / count
        for step in (1.0, 0.5, 0.25):
            if unit >= step:
                unit = step
                break
        onsets = [k * unit for k in range(count)]
    timings = [(onsets[k], onsets[k + 1] - onsets[k]) for k in range(count - 1)]
    timings.append((onsets[-1], available - onsets[-1]))  # the last syllable is held to the line's end
    return timings


def _instrumental_phrases(section: Section, start: float, bar_beats: float) -> list[_Phrase]:
    """Two-bar instrumental phrases; intro and outro get a short motif only."""
    total = section.bars * bar_beats
    phrase_bars = min(2, section.bars)
    rhythm: tuple[float, ...]
    if section.kind == "intro":
        begins = [(section.bars - phrase_bars) * bar_beats]
        rhythm = _MOTIF
    elif section.kind == "outro":
        begins = [0.0]
        rhythm = _MOTIF
    else:
        begins = [b * bar_beats for b in range(0, section.bars, phrase_bars)]
        band = 2 if section.kind == "solo" else 0 if section.energy < 0.4 else 1 if section.energy < 0.7 else 2
        rhythm = _RHYTHMS[band]
    phrases = []
    for begin in begins:
        length = min(phrase_bars * bar_beats, total - begin)
        available = length - (1.0 if length > 2.0 else 0.0)
        slots: list[tuple[float, float]] = []
        at, k = 0.0, 0
        while at < available - _EPS:
            duration = min(rhythm[k % len(rhythm)], available - at)
            slots.append((start + begin + at, duration))
            at += duration
            k += 1
        if slots:
            phrases.append(_Phrase(slots, [None] * len(slots), [False] * len(slots)))
    return phrases


def _sing(
    phrases: list[_Phrase],
    section: Section,
    start: float,
    bar_beats: float,
    key: Key,
    chords: tuple[ChordSpan, ...],
    centre: int,
    velocity: int,
) -> list[NoteEvent]:
    """Give every slot a pitch: chord tones on strong beats, scale steps between, arching phrases."""
    from music.theory.clashes import rubs  # the clash reader plays this line itself
    scale_pcs = set(scale_pitch_classes(key))
    scale = [p for p in range(centre - 12, centre + 13) if p % 12 in scale_pcs]
    lift = 2.0 if section.kind == "chorus" else 0.0
    resolve_to_tonic = section.kind in ("outro", "chorus")
    notes: list[NoteEvent] = []
    previous: int | None = None
    for k, phrase in enumerate(phrases):
        count = len(phrase.slots)
        for j, (at, length) in enumerate(phrase.slots):
            progress = j / (count - 1) if count > 1 else 0.5
            target = centre - 2.0 + lift + (_ARCHES[k % len(_ARCHES)] + lift) * math.sin(math.pi * progress)
            offset = at - start
            on_beat = abs(offset - round(offset)) < _EPS
            strong = _is_strong(offset, bar_beats) or (on_beat and phrase.stressed[j]) or j == 0
            final = k == len(phrases) - 1 and j == count - 1
            # The last note comes home where the chord lets it (an outro's motif may end over V).
            home = tonic_pc(key) in chord_pitch_classes(_chord_at(chords, at))
            if final and resolve_to_tonic and home:
                pool = [p for p in range(centre - 12, centre + 13) if p % 12 == tonic_pc(key)]
            elif strong or j == count - 1:
                tones = set(chord_pitch_classes(_chord_at(chords, at)))
                pool = [p for p in range(centre - 12, centre + 13) if p % 12 in tones]
            elif length >= 1.0 - _EPS:
                # A note held a beat is heard against its chords: no rub with any chord it sounds over.
                under = {_chord_at(chords, t) for t in (at, at + length - _EPS)}
                pool = [p for p in scale if not any(rubs(p % 12, symbol) for symbol in under)] or scale
            else:
                pool = scale
            pitch = _choose(pool, target, previous, leap=7 if strong else 4)
            previous = pitch
            accent = 8 if phrase.stressed[j] else 0
            notes.append(NoteEvent(at, length, pitch, min(127, velocity + accent), phrase.lyrics[j]))
    return notes


def _is_strong(offset: float, bar_beats: float) -> bool:
    """True on the downbeat, and on the middle beat of a four-beat bar."""
    in_bar = offset % bar_beats
    return in_bar < _EPS or (abs(bar_beats - 4.0) < _EPS and abs(in_bar - 2.0) < _EPS)


def _chord_at(chords: tuple[ChordSpan, ...], at: float) -> str:
    for span in chords:
        if span.start - _EPS <= at < span.end - _EPS:
            return span.symbol
    return chords[-1].symbol


def _choose(pool: list[int], target: float, previous: int | None, leap: int) -> int:
    """The pitch of `pool` nearest `target`, moving at most `leap` semitones from `previous` if possible."""
    near = [p for p in pool if previous is None or abs(p - previous) <= leap] or pool
    return min(near, key=lambda p: (abs(p - target), p))
