"""The song as a MusicXML lead sheet (music21): the sung line with lyrics, chord symbols and section marks."""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent, SectionSpan
from music.band.styles import style_for
from music.errors import SongError
from music.files import atomic_writer
from music.song import Key, Song, chord_spans
from music.theory.chords import chord_quality, music21_figure, pc_name, prefers_flats, split_symbol

if TYPE_CHECKING:
    from music21 import stream

logger = logging.getLogger(__name__)

Syllabic = Literal["begin", "middle", "end", "single"]
GRID = 0.25  # sixteenth notes, in quarter-note beats
_SUFFIXES = (".musicxml", ".xml")
_WORD_CHARS = re.compile(r"[^\w']+")
# Lead-sheet spellings music21 reads differently.
# (previous piece goes on, this piece goes on) -> MusicXML syllabic.
_SYLLABIC: dict[tuple[bool, bool], Syllabic] = {
    (False, False): "single", (False, True): "begin", (True, True): "middle", (True, False): "end",
}  # fmt: skip
_TRIADS = {"major": "", "minor": "m", "diminished": "dim", "augmented": "+", "suspended": "sus4", "power": ""}


@dataclass(frozen=True)
class _Sounding:
    """A quantised note (pitch None for a rest) with its lyric and syllabic role."""

    start: float
    end: float
    pitch: int | None
    lyric: str | None = None
    syllabic: Syllabic | None = None


def song_to_score(song: Song, arrangement: Arrangement | None = None) -> stream.Score:
    """The song as a music21 lead sheet.

    Part "Lead" holds the arrangement's lead line, quantised to sixteenths, tied over bar
    lines and filled with rests, with lyrics under the notes (syllabic begin, middle, end
    or single, so words can be rebuilt), chord symbols at every chord change as the sheet
    spells them, the key signature, time signature, metronome marks and a rehearsal mark
    per section, and "Swing" over the first bar of a swung style (whose eighths are written
    straight). Part "Bass" holds the bass line when the song has one.

    Args:
        song: The song sheet.
        arrangement: Its arrangement, if already made (else it is arranged here).

    Returns:
        A music21 Score with one measure per bar of the song.
    """
    from music21 import clef, metadata, stream

    # Swung eighths are written straight; the sheet says "Swing" above the first bar.
    arrangement = arrangement or arrange(song, swing=False)
    score = stream.Score()
    score.metadata = metadata.Metadata(title=song.meta.title)
    score.metadata.movementName = song.meta.title
    # Without a named composer music21 credits itself on the sheet; the song's writer is not known here.
    score.metadata.composer = ""
    lead = arrangement.track("lead")
    if lead is None:
        logger.info("the song has no lead part; the lead sheet carries chords and marks only")
    lead_notes = _with_syllables(song, arrangement.sections, lead.notes if lead else ())
    score.insert(0, _part(song, "Lead", lead_notes, marks=True, clef_=_lead_clef(lead_notes)))
    bass = arrangement.track("bass")
    if bass is not None and bass.notes:
        bass_notes = [_Sounding(n.start, n.start + n.duration, n.pitch) for n in bass.notes]
        score.insert(0, _part(song, "Bass", bass_notes, marks=False, clef_=clef.BassClef()))
    return score


def write_musicxml(song: Song, path: str | os.PathLike[str], arrangement: Arrangement | None = None) -> Path:
    """Write the song's lead sheet as a MusicXML file, atomically.

    Args:
        song: The song sheet.
        path: Where to write; must end in .musicxml or .xml. Missing folders are made.
        arrangement: Its arrangement, if already made.

    Returns:
        The path written.

    Raises:
        ValueError: If the file name does not end in .musicxml or .xml.
    """
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    target = Path(path)
    if target.suffix.lower() not in _SUFFIXES:
        raise ValueError(f"A MusicXML file name must end in .musicxml or .xml, not '{target.name}'.")
    data = GeneralObjectExporter(song_to_score(song, arrangement)).parse()
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(target, data)
    logger.info("wrote MusicXML %s (%d bytes)", target, len(data))
    return target


def _swung(song: Song) -> bool:
    """True when the song's style swings its off-beats in this metre (compound metres never do)."""
    top, bottom = (int(x) for x in song.meta.time_signature.split("/"))
    return style_for(song.meta.style).swing > 0 and not (bottom == 8 and top % 3 == 0 and top > 3)


def _music21_note(name: str) -> str:
    return name[0] + name[1:].replace("b", "-")


def _chord_symbol(symbol: str) -> Any:
    """A music21 ChordSymbol for the sheet's symbol; an unreadable extension falls back to the triad."""
    from music21 import harmony

    try:
        return harmony.ChordSymbol(music21_figure(symbol))
    except Exception as err:  # music21 raises several unrelated exception types
        logger.debug("music21 cannot read %s (%s); writing its triad", symbol, err)
    root, _suffix, bass = split_symbol(symbol)
    try:
        triad = _music21_note(root) + _TRIADS[chord_quality(symbol)]
    except SongError:
        triad = _music21_note(root)
    return harmony.ChordSymbol(triad + (f"/{_music21_note(bass)}" if bass else ""))


# -- notes -----------------------------------------------------------------------------


def _with_syllables(song: Song, spans: tuple[SectionSpan, ...], notes: tuple[NoteEvent, ...]) -> list[_Sounding]:
    """The lead notes quantised, each sung note marked as beginning, inside or ending its word."""
    ordered = sorted(notes, key=lambda n: (n.start, -n.pitch))
    result: list[_Sounding] = []
    for index, span in enumerate(spans):
        inside = [n for n in ordered if span.start <= n.start < span.end]
        words = [w for line in song.sections[index].lyrics for w in line.split()]
        sung = [n.lyric for n in inside if n.lyric]
        continues = iter(_continues(sung, words))
        flags = {id(n): next(continues) for n in inside if n.lyric}
        previous_continues = False
        for n in inside:
            syllabic: Syllabic | None = None
            if n.lyric:
                goes_on = flags[id(n)]
                syllabic = _SYLLABIC[(previous_continues, goes_on)]
                previous_continues = goes_on
            lyric = n.lyric.strip().rstrip("-") if n.lyric else None
            result.append(_Sounding(n.start, n.start + n.duration, n.pitch, lyric or None, syllabic))
    return result


def _continues(pieces: list[str], words: list[str]) -> list[bool]:
    """For each sung piece, whether the next piece belongs to the same word.

    The pieces are matched against the lyric words they spell; where they do not match
    (a written melody with its own syllables), a trailing hyphen marks a piece that goes on.
    """
    flags: list[bool] = []
    word, spelled = 0, ""
    for k, piece in enumerate(pieces):
        spelled += _fold(piece)
        target = _fold(words[word]) if word < len(words) else None
        if target is not None and spelled == target:
            flags.append(False)
            word, spelled = word + 1, ""
        elif target is not None and spelled and target.startswith(spelled):
            flags.append(True)
        else:
            logger.debug("lyric pieces stop matching the words at %r; reading hyphens instead", piece)
            return flags + [p.strip().endswith("-") for p in pieces[k:]]
    return flags


def _fold(text: str) -> str:
    return _WORD_CHARS.sub("", text.casefold())


def _quantised(notes: list[_Sounding], end: float) -> list[_Sounding]:
    """Notes on the sixteenth grid, one at a time: a crowded note is pushed later, an overlapped one cut."""
    placed: list[_Sounding] = []
    for n in sorted(notes, key=lambda s: s.start):
        start = _snap(n.start)
        if placed:
            start = max(start, placed[-1].start + GRID)
        if start >= end:
            logger.debug("dropping a note at beat %.2f: no room before the end", n.start)
            continue
        stop = min(max(_snap(n.end), start + GRID), end)
        if placed and placed[-1].end > start:
            last = placed[-1]
            placed[-1] = _Sounding(last.start, start, last.pitch, last.lyric, last.syllabic)
        placed.append(_Sounding(start, stop, n.pitch, n.lyric, n.syllabic))
    return placed


def _snap(beat: float) -> float:
    return round(beat / GRID) * GRID


def _filled(notes: list[_Sounding], end: float) -> list[_Sounding]:
    """The notes with rests in every gap, covering 0..end."""
    out: list[_Sounding] = []
    at = 0.0
    for n in notes:
        if n.start > at:
            out.append(_Sounding(at, n.start, None))
        out.append(n)
        at = n.end
    if at < end:
        out.append(_Sounding(at, end, None))
    return out


# -- the part --------------------------------------------------------------------------


def _lead_clef(notes: list[_Sounding]) -> Any:
    """Treble clef, or the tenor's treble clef an octave down for a man's voice.

    A line that goes below G3 (no soprano, mezzo or alto sings there for long) or sits mostly
    below middle C is a tenor's or baritone's, written an octave above its sound.
    """
    from music21 import clef

    pitches = sorted(n.pitch for n in notes if n.pitch is not None)
    if pitches and (pitches[0] < 55 or pitches[len(pitches) // 2] < 60):
        return clef.Treble8vbClef()
    return clef.TrebleClef()


def _part(song: Song, name: str, notes: list[_Sounding], marks: bool, clef_: Any) -> stream.Part:
    """One part of the lead sheet, measure by measure."""
    from music21 import bar, expressions, instrument, meter, note, stream, tempo, tie

    bar_beats = song.meta.beats_per_bar
    end = song.total_bars * bar_beats
    events = _filled(_quantised(notes, end), end)
    part = stream.Part()
    part.partName = name
    part.id = name
    # A named instrument gives the part-list the score-instrument notation programs look for.
    player = instrument.Vocalist() if name == "Lead" else instrument.AcousticBass()
    player.partName = name
    player.partAbbreviation = name
    part.insert(0, player)
    keys: list[Key] = []
    measures: list[stream.Measure] = []
    number = 0
    current_key: Key | None = None
    current_tempo: float | None = None
    for index, section in enumerate(song.sections):
        for bar_in_section in range(section.bars):
            measure = stream.Measure(number=number + 1)
            if number == 0:
                measure.insert(0, clef_)
                measure.insert(0, meter.TimeSignature(song.meta.time_signature))
                if marks and _swung(song):
                    swing = expressions.TextExpression("Swing")
                    swing.placement = "above"  # type: ignore[attr-defined]  # read by the MusicXML writer
                    measure.insert(0, swing)
            if bar_in_section == 0:
                if song.key_of(index) != current_key:
                    current_key = song.key_of(index)
                    measure.insert(0, _key(current_key))
                if marks:
                    mark = expressions.RehearsalMark(section.label)
                    mark.placement = "above"  # type: ignore[attr-defined]  # read by the MusicXML writer
                    measure.insert(0, mark)
                    if song.tempo_of(index) != current_tempo:
                        current_tempo = song.tempo_of(index)
                        metronome = tempo.MetronomeMark(number=current_tempo, referent=1.0)
                        metronome.placement = "above"  # type: ignore[assignment]
                        measure.insert(0, metronome)
            if marks:
                for span in chord_spans(section, -bar_in_section * bar_beats, bar_beats):
                    if not span.tied and -1e-9 < span.start < bar_beats - 1e-9:
                        measure.insert(_snap(span.start), _chord_symbol(span.symbol))
            if bar_in_section == section.bars - 1:
                last = index == len(song.sections) - 1
                measure.rightBarline = bar.Barline("final" if last else "double")
            measures.append(measure)
            keys.append(song.key_of(index))
            number += 1
    for event in events:
        first = int(event.start // bar_beats)
        at = event.start
        while at < event.end - 1e-9:
            bar_index = int(at // bar_beats)
            piece_end = min(event.end, (bar_index + 1) * bar_beats)
            length = piece_end - at
            if event.pitch is None:
                element: Any = note.Rest(quarterLength=length)
            else:
                # Spelled from the key, so no stray natural signs and flats in flat keys.
                element = note.Note(_spelled(event.pitch, keys[bar_index]), quarterLength=length)
                tied_before, tied_after = at > event.start, piece_end < event.end
                if tied_before or tied_after:
                    element.tie = tie.Tie(
                        "continue" if tied_before and tied_after else "stop" if tied_before else "start"
                    )
                if bar_index == first and event.lyric:
                    element.lyrics.append(note.Lyric(text=event.lyric, syllabic=event.syllabic, applyRaw=True))
            measures[bar_index].insert(at - bar_index * bar_beats, element)
            at = piece_end
    for measure in measures:
        part.append(measure)
    return part


def _spelled(pitch: int, key: Key) -> str:
    """The MIDI pitch as music21 names it in `key` (70 in F major -> 'B-4')."""
    return _music21_note(pc_name(pitch % 12, prefers_flats(key))) + str(pitch // 12 - 1)


def _key(key: Key) -> Any:
    from music21 import key as m21key

    return m21key.Key(_music21_note(key.tonic), key.mode)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then move it into place."""
    with atomic_writer(path) as stream:
        stream.write(data)
