"""Write a sung melody that fits the words: a note per syllable, stresses on strong beats, chord tones, a voice's range.

Rhythm comes from music.words.phrasing, pitches from a search over the voice's range (music.words.contour),
and sections of the same kind share their tune, as a songwriter's verses and choruses do. A
chorus is written for its hook: its title line's opening cell comes back in its other lines
(music.words.title_motif), and it lifts above the verse, leaping up to its peak.
"""

from __future__ import annotations

import logging
import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from music.edits.transforms import Change, resolve_sections, transform_sections
from music.errors import SongError
from music.song import Key, Meta, Note, Section, Song, section_with
from music.theory.chords import note_name
from music.words.contour import Band, choose_pitches, chord_at, chord_tones, directions
from music.words.phrasing import (
    Slot,
    alignment,
    feel_for,
    instrumental_slots,
    lyric_slots,
    note_stresses,
    rap_slots,
    retimed,
    syllable_pieces,
    unpushed,
)
from music.words.prosody import STRONG, Metre, felt_strength, metre_for, sung_words
from music.words.title_motif import title_line, title_rhythm_again, with_motif
from music.words.voices import VoiceRange, voice_for

logger = logging.getLogger(__name__)

# Styles whose verses are rapped rather than sung.
RAPPED = frozenset({"hip-hop", "trap"})


def rapped(song: Song, index: int) -> bool:
    """True for a section that is rapped, not sung: a verse of a hip-hop or trap song, a line a bar."""
    return song.sections[index].kind == "verse" and song.meta.style in RAPPED

_WORD_CHARS = re.compile(r"[^\w']+")
# Per style: how far below the top of the voice's comfortable band the verses stay, and how far
# above it the chorus aims its peak. Rock and dance choruses climb; hip-hop verses sit low and
# talk; jazz and folk keep closer to speech.
_LIFTS = {"pop": (3, 2), "rock": (4, 3), "edm": (4, 3), "hip-hop": (5, 0), "trap": (5, 0), "folk": (3, 1), "jazz": (2, 1),
          "bossa nova": (2, 1), "disco": (3, 3)}
_LIFT = 3  # the least a chorus peak rises above every verse note, in semitones: a minor third
_LEAP = 5  # the least leap up to the chorus peak: a fourth


@dataclass(frozen=True)
class MelodyReport:
    """How a section's melody sits: range, tessitura, motion, prosody and harmony.

    Attributes:
        label: The section's label.
        notes: Notes in the melody.
        syllables: Notes that carry a lyric syllable.
        lowest: Lowest MIDI pitch (None without notes).
        highest: Highest MIDI pitch (None without notes).
        range_names: The range in note names, e.g. 'A3-E5' ('' without notes).
        tessitura: Where the middle 80 % of the sung time lies, as (low, high) MIDI pitches.
        stepwise: Share of intervals that are steps of 1-2 semitones or repeated notes.
        stress_alignment: Share of syllables placed as the words want: stressed ones on
            strong beats (or pushed an eighth ahead of one, tied over it), unstressed ones off them.
        stressed_on_strong: Share of stressed syllables that land on a strong beat (or are pushed ahead of one).
        chord_tones_on_strong: Share of notes starting on a strong beat that are chord tones.
        unresolved_leaps: Leaps of a fourth or more not followed by a step back.
        peak_count: How many times the highest note is sung.
    """

    label: str
    notes: int
    syllables: int
    lowest: int | None
    highest: int | None
    range_names: str
    tessitura: tuple[int, int] | None
    stepwise: float
    stress_alignment: float
    stressed_on_strong: float
    chord_tones_on_strong: float
    unresolved_leaps: int
    peak_count: int


@dataclass(frozen=True)
class _Written:
    """A section's tune as written in this call, kept so later sections of its kind can reuse it."""

    label: str
    counts: tuple[int, ...]
    slots: tuple[Slot, ...]
    pitches: tuple[int, ...]
    chords: tuple[str, ...]
    key: Key
    bars: int


def sung_line(song: Song, index: int, voice: str | None = None) -> tuple[Note, ...]:
    """What cowriter sings in a section that has lyrics but no melody on the sheet: the melody writer's line.

    Written for the section on its own (its kind, chords, lyrics, key, the song's style,
    metre and title) in `voice`'s range (else the song's singer, else a tenor), so the section sings the same line wherever it
    sits and an edit elsewhere leaves it as it was; remembered by those and the voice, so
    an arrangement writes it once. Empty when the section has no lyrics or the writer cannot fit them.

    Raises:
        SongError: If the voice is unknown.
    """
    section = song.sections[index]
    if section.melody or not any(sung_words(line) for line in section.lyrics):
        return ()
    meta = song.meta.model_copy(update={"key": song.key_of(index), "parts": (), "description": "", "tempo": 100.0})
    sung = section.model_copy(update={"tempo": None})
    return _sung_alone(meta.model_dump_json(), sung.model_dump_json(), voice_for(voice or song.meta.voice or "tenor").name)


@lru_cache(maxsize=512)
def _sung_alone(meta: str, section: str, voice: str) -> tuple[Note, ...]:
    alone = Song(meta=Meta.model_validate_json(meta), sections=(Section.model_validate_json(section),))
    try:
        return write_melody(alone, [0], voice=voice).song.sections[0].melody
    except SongError as error:
        logger.info("no line sung for %s: %s", alone.sections[0].label, error)
        return ()


def write_melody(song: Song, target: str | Sequence[int], *, voice: str = "tenor", seed: int = 0) -> Change:
    """Write the sung melody of sections over their chords, fitted to their lyrics.

    One note per syllable (a line's last stressed syllable may get a two-note melisma),
    each lyric line about two bars with a rest after it; stressed syllables on strong
    beats, unstressed ones off them; chord tones on strong beats; mostly stepwise motion
    with leaps turned back by step; everything inside `voice`'s range. A verse sits low,
    the chorus higher with a single peak above every verse note. Sections of the same kind
    share their tune: the same lyrics give the same notes, lyrics with the same syllable
    counts the same contour. A section without lyrics gets an instrumental line, except
    intro and outro, which get one only when named ("a melody line on the intro"), never
    with the whole song. Each note's lyric is its syllable;
    a syllable that continues its word ends in '-'.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it, or section indices.
        voice: soprano, mezzo, alto, tenor, baritone or bass.
        seed: Picks among phrase shapes; the same seed always gives the same melody.

    Returns:
        The change, e.g. "Chorus 1: melody written for 4 lines, 26 syllables, range
        D3-G4 (tenor), peak G4 on 'leaving'".

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If the voice is unknown or a line has more syllables than its bars can hold.
    """
    singer = voice_for(voice)
    indices = resolve_sections(song, target)
    metre = metre_for(song.meta.time_signature)
    verse_top = _verse_ceiling(song, singer, indices, song.meta.style)
    results: dict[int, tuple[tuple[Note, ...], tuple[str, ...]]] = {}
    written: dict[str, _Written] = {}
    # Verses before choruses, so a chorus peak can be set above every verse note.
    named = len(indices) < len(song.sections)  # an intro or outro asked for by name gets its own line
    for index in sorted(indices, key=lambda i: (song.sections[i].kind == "chorus", i)):
        results[index] = _write_section(song, index, singer, metre, seed, verse_top, written, named)

    def move(current: Song, index: int) -> tuple[Section, tuple[str, ...]]:
        section = current.sections[index]
        melody, moves = results[index]
        if melody == section.melody and moves and moves[0].startswith("melody written"):
            return section, ()
        return section_with(section, melody=melody), moves

    return transform_sections(song, indices, move, own_words=True)


def _verse_ceiling(song: Song, singer: VoiceRange, indices: tuple[int, ...], style: str) -> int:
    """The highest verse note there will be: the verse band's top, or a higher verse left as it is."""
    top = singer.tessitura_high - _LIFTS.get(style, (3, 2))[0]
    kept = [n.pitch for i, s in enumerate(song.sections) if s.kind == "verse" and i not in indices for n in s.melody]
    return max([top, *kept])


def _write_section(
    song: Song,
    index: int,
    singer: VoiceRange,
    metre: Metre,
    seed: int,
    verse_top: int,
    written: dict[str, _Written],
    named: bool = False,
) -> tuple[tuple[Note, ...], tuple[str, ...]]:
    section = song.sections[index]
    key = song.key_of(index)
    sung = [line for line in section.lyrics if sung_words(line)]
    if not sung and section.kind in ("intro", "outro") and not named:
        why = f"an instrumental {section.kind} has no sung line"
        return (), ((f"melody cleared, {why}",) if section.melody else (f"no melody written, {why}",))
    feel = feel_for(song.meta.style, metre)
    band = _band(section, singer, verse_top, seed, song.meta.style)
    flow = rap_slots(section, sung, metre) if sung and rapped(song, index) else None
    if flow:
        return _rap(section, flow, key, metre, band, singer, seed, len(sung))
    slots = lyric_slots(section, sung, metre, feel, seed) if sung else instrumental_slots(section, metre)
    if not slots:
        return (), ()
    if section.kind == "chorus" and sung:
        slots = title_rhythm_again(slots, sung, title_line(song.meta.title, sung), metre, section.bars)
    reference = written.get(section.kind if sung else f"{section.kind} instrumental")
    counts = tuple(len(syllable_pieces(line)) for line in sung)
    pitches: tuple[int, ...] | None = None
    shared = ""
    template = None
    if reference is not None and reference.counts == counts and reference.bars == section.bars:
        sung_like_reference = retimed(reference.slots, slots)
        if alignment(sung_like_reference, metre) >= min(0.8, alignment(slots, metre)):
            slots = sung_like_reference
            if reference.chords == section.chords and reference.key == key:
                verb = "sung" if sung else "played"
                pitches, shared = reference.pitches, f"{verb} to the melody of {reference.label}"
        if pitches is None:
            template, shared = (
                directions(reference.pitches, reference.slots, slots),
                f"same contour as {reference.label}",
            )
    slots = unpushed(slots, metre)
    if pitches is None:
        pitches = tuple(choose_pitches(slots, section, key, metre, band, template))
        if section.kind == "chorus" and sung and template is None:
            pitches = with_motif(slots, pitches, section, key, metre, band, title_line(song.meta.title, sung))
    if reference is None:
        written[section.kind if sung else f"{section.kind} instrumental"] = _Written(
            section.label, counts, tuple(slots), pitches, section.chords, key, section.bars
        )
    end = section.bars * metre.bar_beats
    melody = tuple(
        Note(pitch=p, start=s.start, duration=min(s.duration, end - s.start), lyric=s.lyric)
        for s, p in zip(slots, pitches, strict=True)
    )
    text = _describe(section, melody, slots, singer, key, band, len(sung), shared, verse_top)
    if sung and alignment(slots, metre) < 0.8:
        text += ", some stresses miss the strong beats (the lines are long for their bars)"
    return melody, (text,)


def _rap(
    section: Section, slots: list[Slot], key: Key, metre: Metre, band: Band, singer: VoiceRange, seed: int, lines: int
) -> tuple[tuple[Note, ...], tuple[str, ...]]:
    """A rapped verse: spoken on a reciting tone, a chord tone low in the voice.

    Stresses lean up to the next chord tone where the seed says, and each line drops to the
    chord tone below on its last stress; light syllables stay on the tone before them.
    """
    rng = random.Random(zlib.crc32(f"{seed}|rap|{section.label}".encode()))
    centre = band.base - 2 + rng.choice((0, 1, 2))
    lean = rng.choice(((1, 0, 0, 1), (0, 1, 0, 0), (0, 0, 1, 0), (1, 0, 1, 0)))
    last_stress = {s.line: k for k, s in enumerate(slots) if s.stressed}
    pitches: list[int] = []
    stress_count = 0
    for k, slot in enumerate(slots):
        tones = chord_tones(chord_at(section, slot.start, metre))
        voiced = [p for p in range(band.low, band.high + 1) if p % 12 in tones] or [centre]
        home = min(voiced, key=lambda p: (abs(p - centre), p))
        if slot.stressed:
            stress_count += 1
            if last_stress.get(slot.line) == k:
                home = max((p for p in voiced if p < home), default=home)  # the line falls at its end
            elif lean[stress_count % len(lean)]:
                home = min((p for p in voiced if p > home), default=home)
            pitches.append(home)
        else:
            pitches.append(pitches[-1] if pitches and slots[k - 1].line == slot.line else home)
    end = section.bars * metre.bar_beats
    melody = tuple(
        Note(pitch=p, start=s.start, duration=min(s.duration, end - s.start), lyric=s.lyric)
        for s, p in zip(slots, pitches, strict=True)
    )
    low, high = min(pitches), max(pitches)
    syllables = sum(1 for n in melody if n.lyric)
    return melody, (
        f"rapped in a sixteenth-note flow for {lines} line{'s' if lines != 1 else ''}, {syllables} syllables, "
        f"stresses on the eighths, around {note_name(low, key)}-{note_name(high, key)} ({singer.name})",
    )


def _band(section: Section, singer: VoiceRange, verse_top: int, seed: int, style: str) -> Band:
    """Where a section sings in the voice: verses low, choruses high with one peak leapt up to, bridges between."""
    low, high = singer.tessitura
    rng = random.Random(zlib.crc32(f"{seed}|{section.kind}".encode()))
    # How high each phrase arches over the section's base, in semitones: the seed's own shape.
    arches = tuple(round(rng.uniform(3.0, 7.0), 1) for _ in range(4))
    low += rng.choice((-1, 0, 0, 1)) if seed else 0  # and its own footing
    if section.kind == "chorus":
        aim = high + _LIFTS.get(style, (3, 2))[1]
        return Band(
            low + 1,
            singer.high,
            low + 7,
            arches,
            peak_above=verse_top + _LIFT - 1,
            peak_target=max(aim, verse_top + _LIFT),
            leap_to_peak=_LEAP,
            seed=seed,
        )
    if section.kind == "pre-chorus":
        return Band(low, high - 1, low + 3, arches, rising=3.0)
    if section.kind in ("bridge", "solo"):
        return Band(max(singer.low, low - 1), high - 1, low + 3, arches)
    return Band(max(singer.low, low - 2), verse_top if section.kind == "verse" else high - 3, low + 2, arches)


def _describe(
    section: Section,
    melody: tuple[Note, ...],
    slots: Sequence[Slot],
    singer: VoiceRange,
    key: Key,
    band: Band,
    lines: int,
    shared: str,
    verse_top: int,
) -> str:
    low, high = min(n.pitch for n in melody), max(n.pitch for n in melody)
    span = f"range {note_name(low, key)}-{note_name(high, key)} ({singer.name})"
    if lines:
        syllables = sum(1 for n in melody if n.lyric)
        text = f"melody written for {lines} line{'s' if lines != 1 else ''}, {syllables} syllables, {span}"
    else:
        text = f"melody written as an instrumental line, {len(melody)} notes, {span}"
    if band.peak_above is not None:
        at = next(k for k, n in enumerate(melody) if n.pitch == high)
        word = slots[at].word
        text += f", peak {note_name(high, key)}" + (f" on '{_WORD_CHARS.sub('', word)}'" if word else "")
        if high <= verse_top:
            text += " (no higher than the verses: the voice has no room above them)"
    return text + (f", {shared}" if shared else "")


# -- report -----------------------------------------------------------------------------


def melody_report(song: Song, index: int) -> MelodyReport:
    """Measure the melody of section `index`: range, tessitura, steps, prosody and chord tones on strong beats.

    Raises:
        SongError: If there is no section at `index`.
    """
    if not 0 <= index < len(song.sections):
        raise SongError(f"There is no section number {index + 1}; this song has {len(song.sections)} sections.")
    section = song.sections[index]
    metre = metre_for(song.meta.time_signature)
    notes = sorted(section.melody, key=lambda n: n.start)
    if not notes:
        return MelodyReport(section.label, 0, 0, None, None, "", None, 1.0, 1.0, 1.0, 1.0, 0, 0)
    key = song.key_of(index)
    pitches = [n.pitch for n in notes]
    steps = [b - a for a, b in zip(pitches, pitches[1:], strict=False)]
    unresolved = sum(
        1
        for k, step in enumerate(steps)
        if abs(step) >= 5 and not (k + 1 < len(steps) and 1 <= abs(steps[k + 1]) <= 2 and steps[k + 1] * step < 0)
    )
    strong = [n for n in notes if metre.strength(n.start) == STRONG]
    in_chord = sum(1 for n in strong if n.pitch % 12 in chord_tones(chord_at(section, n.start, metre)))
    sung = [n for n in notes if n.lyric]
    stressed = note_stresses(section, sung)
    # A stress pushed an eighth ahead of its strong beat, tied over it, belongs to that beat.
    on_strong = [felt_strength(n.start, n.duration, metre) == STRONG for n in sung]
    agree = sum(1 for s, o in zip(stressed, on_strong, strict=True) if s == o)
    accents = [o for s, o in zip(stressed, on_strong, strict=True) if s]
    return MelodyReport(
        label=section.label,
        notes=len(notes),
        syllables=len(sung),
        lowest=min(pitches),
        highest=max(pitches),
        range_names=f"{note_name(min(pitches), key)}-{note_name(max(pitches), key)}",
        tessitura=_tessitura(notes),
        stepwise=sum(1 for s in steps if abs(s) <= 2) / len(steps) if steps else 1.0,
        stress_alignment=agree / len(sung) if sung else 1.0,
        stressed_on_strong=sum(accents) / len(accents) if accents else 1.0,
        chord_tones_on_strong=in_chord / len(strong) if strong else 1.0,
        unresolved_leaps=unresolved,
        peak_count=pitches.count(max(pitches)),
    )


def _tessitura(notes: list[Note]) -> tuple[int, int]:
    """The pitches bounding the middle 80 % of the sung time."""
    weighted = sorted((n.pitch, n.duration) for n in notes)
    total = sum(d for _p, d in weighted)
    low = high = weighted[0][0]
    running = 0.0
    for pitch, duration in weighted:
        if running <= 0.1 * total:
            low = pitch
        running += duration
        if running - duration < 0.9 * total:
            high = pitch
    return low, high
