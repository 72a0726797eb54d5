"""Reads an uploaded MIDI or MusicXML file into a song sheet: key, tempo, metre, chords per bar and melody.

mido reads MIDI and pretty_midi pairs its note-ons with their note-offs; music21 reads MusicXML and finds
the key; drum parts never take part in the harmony.
A file is sized up before it is parsed, and read in a child process bounded in time and memory.
"""

from __future__ import annotations

import io
import logging
import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from music.errors import SongError
from music.formats.import_limits import ImportLimits, check_count, check_length, check_tempo, damaged, over_limit
from music.formats.midi_scan import outline_midi
from music.formats.xml_scan import musicxml_bytes, outline_musicxml
from music.sandbox import run_limited
from music.song import Key, Meta, Note, Part, Section, Song, explain
from music.theory import chords as theory
from music.theory.key_finding import key_from_weights

if TYPE_CHECKING:
    import mido

logger = logging.getLogger(__name__)

SUFFIXES: tuple[str, ...] = (".mid", ".midi", ".musicxml", ".xml", ".mxl")
_MIDI_SUFFIXES = (".mid", ".midi")
_GRID = 24  # positions per quarter note: sixteenths, triplets and thirty-seconds all land on it
_BARS_PER_PART, _MAX_SECTION_BARS = 8, 128
_MB = 1024 * 1024
_USABLE_METRE = re.compile(r"[1-9]\d?/(1|2|4|8|16)")  # what a song sheet can hold; anything else reads as 4/4
_QUALITIES: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("", (0, 4, 7)), ("m", (0, 3, 7)), ("7", (0, 4, 7, 10)), ("m7", (0, 3, 7, 10)),
    ("maj7", (0, 4, 7, 11)), ("dim", (0, 3, 6)), ("sus4", (0, 5, 7)),
)  # fmt: skip
_KIND_WORDS: tuple[tuple[str, str], ...] = (
    ("pre-chorus", r"pre[- ]?chorus|build[- ]?up"), ("chorus", r"chorus|refrain|hook"),
    ("bridge", r"bridge|middle (8|eight)"), ("intro", r"intro"), ("outro", r"outro|coda|ending"),
    ("solo", r"solo|instrumental"), ("verse", r"verse"),
)  # fmt: skip
_GENERIC_TITLES = frozenset({"", "untitled", "untitled score", "music21 fragment", "tempo", "tempo track", "conductor"})
_MELODY_NAMES = re.compile(r"melody|vocal|voice|lead|sing|lyric|soprano", re.IGNORECASE)
_Symbol = tuple[float, tuple[int, ...], int]  # a chord symbol written in the file: (beat, pitch classes, bass)


@dataclass(frozen=True)
class _Tone:
    pitch: int
    start: float
    duration: float
    lyric: str | None = None  # a syllable; a trailing hyphen means the word goes on

    @property
    def end(self) -> float:
        return self.start + self.duration


@dataclass
class _Track:
    name: str
    program: int
    drums: bool
    tones: list[_Tone] = field(default_factory=list)

    @property
    def mean_pitch(self) -> float:
        return sum(t.pitch for t in self.tones) / len(self.tones)


@dataclass
class _Score:
    """What a file says, timed in quarter-note beats, before it becomes a song sheet."""

    title: str = ""
    tempo: float | None = None
    time_signature: str | None = None
    tracks: list[_Track] = field(default_factory=list)
    markers: list[tuple[float, str]] = field(default_factory=list)
    lyrics: list[tuple[float, str]] = field(default_factory=list)
    symbols: list[_Symbol] = field(default_factory=list)


@dataclass(frozen=True)
class _Named:
    symbol: str
    fit: float  # share of the sounding notes that belong to the chord
    root: int
    grounded: bool = False  # root in the bass under other voices: a clear harmonic step
    given: bool = False  # the file's own chord symbol


def import_song(
    path: Path, *, title: str | None = None, name: str | None = None, limits: ImportLimits | None = None
) -> Song:
    """Read a MIDI or MusicXML file into a song sheet.

    Args:
        path: The uploaded file (.mid, .midi, .musicxml, .xml or .mxl).
        title: The song's title; defaults to the file's own title, else its name.
        name: The file's name as the musician knows it (an upload is stored under another);
            defaults to the name in `path`.
        limits: How much a file may hold, and how long and how much memory reading it may
            take; the defaults of ImportLimits when not given.

    Returns:
        A valid Song: tempo, metre, key, one or two chords per bar, the top melody with
        any lyrics, sections from rehearsal marks or markers (else eight-bar parts) and
        the file's instruments as parts.

    Raises:
        SongError: one plain sentence naming the file when it cannot be read, has no notes,
            or goes past a limit.
    """
    path = Path(path)
    name = name or path.name
    limits = limits or ImportLimits()
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SongError(f"I can read MIDI and MusicXML files ({', '.join(SUFFIXES)}), not '{name}'.")
    if not path.is_file():
        raise SongError(f"I could not find the file '{name}'.")
    size = path.stat().st_size
    if size > limits.max_file_mb * _MB:
        raise over_limit(name, "file", round(size / _MB, 1), limits.max_file_mb)
    kind = "MIDI" if suffix in _MIDI_SUFFIXES else "MusicXML"
    sheet = run_limited(
        _import, str(path.resolve()), name, title, limits,
        name=name, failed=str(damaged(name, kind)),
        seconds=limits.max_read_seconds, memory_mb=limits.max_read_memory_mb,
    )  # fmt: skip
    song = Song.model_validate_json(sheet)
    logger.info("Imported %s: %s, %d bars in %d sections", name, song.meta.key, song.total_bars, len(song.sections))
    return song


def _import(path_text: str, name: str, title: str | None, limits: ImportLimits) -> str:
    """The whole import, as the child process runs it: size up, parse, check, make the sheet (as JSON)."""
    path = Path(path_text)
    midi = path.suffix.lower() in _MIDI_SUFFIXES
    kind = "MIDI" if midi else "MusicXML"
    if midi:
        data = path.read_bytes()
        outline = outline_midi(data, name, limits)
        metre = "{}/{}".format(*outline.first_metre) if outline.first_metre else None
        end = round(outline.last_note_tick * _GRID / outline.ticks_per_beat) / _GRID
        _bars(name, _frame("", outline.first_tempo, metre), end, limits)
    else:
        data = musicxml_bytes(path, name, limits)
        xml = outline_musicxml(data, name, limits)
        metre = "{}/{}".format(*xml.first_metre) if xml.first_metre else None
        _bars(name, _frame("", xml.first_tempo, metre), xml.quarters, limits)
    try:
        score = _read_midi(data) if midi else _read_musicxml(data, name)
    except (MemoryError, SongError):
        raise
    except Exception as err:  # noqa: BLE001 - parsers fail in many ways; all mean the file is unreadable
        logger.info("Could not parse %s: %r", name, err, exc_info=True)
        raise damaged(name, kind) from None
    _check_score(score, name, limits)
    pitched = [t for t in score.tracks if not t.drums and t.tones]
    if not pitched:
        raise SongError(f"'{name}' has no pitched notes, so there is no tune or harmony in it to read.")
    try:
        song = _song(score, pitched, (title or "").strip() or score.title or Path(name).stem, name, limits)
    except ValidationError as err:
        reason = explain(err)
        raise SongError(
            f"I read '{name}' but could not make a song sheet of it: {reason[:1].lower()}{reason[1:]}"
        ) from None
    return song.model_dump_json()


def _check_score(score: _Score, name: str, limits: ImportLimits) -> None:
    """Refuse what the parsers read when it holds more than a song sheet should be made of."""
    check_count(name, "parts", len(score.tracks), limits.max_tracks)
    check_count(name, "notes", sum(len(t.tones) for t in score.tracks), limits.max_notes)
    check_count(name, "markers", len(score.markers), limits.max_markers)
    check_count(name, "lyrics", len(score.lyrics), limits.max_notes)
    check_count(name, "chord symbols", len(score.symbols), limits.max_chord_symbols)
    if score.tempo is not None:
        check_tempo(name, score.tempo, limits)


def _frame(title: str, tempo: float | None, metre: str | None) -> Meta:
    """The sheet's title, tempo and time signature: the file's own where a sheet can hold them."""
    meta = Meta(title=title or "Imported", tempo=round(min(300.0, max(30.0, tempo or 120.0)), 2))
    if metre and _USABLE_METRE.fullmatch(metre):
        meta = meta.model_copy(update={"time_signature": metre})
    return meta


def _bars(name: str, meta: Meta, end: float, limits: ImportLimits) -> int:
    """Bars up to the beat where the last note ends; SongError when that is too long, in bars or minutes."""
    bar = meta.beats_per_bar
    bars = max(1, math.ceil(end / bar - 1e-6))
    check_length(name, bars, bars * bar / meta.tempo, limits)
    return bars


# -- reading files ----------------------------------------------------------------------------


def _read_midi(data: bytes) -> _Score:
    import mido
    import pretty_midi

    mid = mido.MidiFile(file=io.BytesIO(data))
    per_beat = mid.ticks_per_beat
    if per_beat <= 0:
        raise ValueError("SMPTE timing is not supported")

    def beats(ticks: int) -> float:
        return round(ticks * _GRID / per_beat) / _GRID

    score, tempos, metres = _Score(), [], []
    first_program: dict[int, int] = {}
    for index, track in enumerate(mid.tracks):
        tick, name = 0, ""
        for msg in track:
            tick += msg.time
            if msg.type == "track_name" and not name:
                name = msg.name.strip()
            elif msg.type == "set_tempo":
                tempos.append((tick, mido.tempo2bpm(msg.tempo)))
            elif msg.type == "time_signature":
                metres.append((tick, f"{msg.numerator}/{msg.denominator}"))
            elif msg.type in ("marker", "cue_marker"):
                score.markers.append((beats(tick), msg.text))
            elif msg.type == "lyrics" and msg.text.strip():
                score.lyrics.append((beats(tick), msg.text.strip()))
            elif msg.type == "program_change":
                first_program.setdefault(msg.channel, msg.program)
        parts = _played(track, per_beat, first_program)
        if index == 0 and (mid.type == 0 or not parts) and name.casefold() not in _GENERIC_TITLES:
            score.title = name
        for part in parts:
            label = "Drums" if part.drums else pretty_midi.program_to_instrument_name(part.program)
            part.name = name if name and (len(parts) == 1 or index > 0) else label
            score.tracks.append(part)
    score.tempo = min(tempos)[1] if tempos else None
    score.time_signature = min(metres)[1] if metres else None
    return score


def _played(track: mido.MidiTrack, per_beat: int, first_program: dict[int, int]) -> list[_Track]:
    """The track's notes, each note-on paired with its note-off, as one part per channel and program.

    A note-off ends every note of its pitch still sounding on its channel, a note released where it
    began is never heard, and a note never released is dropped. A channel that this track sets no
    program for plays the one an earlier track set for it (a setup track's program changes).
    The reading turns the track's times into absolute ticks, so its other events are read first.
    """
    import mido
    import pretty_midi

    own = {msg.channel for msg in track if msg.type == "program_change"}
    sounding = {msg.channel for msg in track if msg.type == "note_on"}
    if not sounding:
        return []
    setup = [mido.Message("program_change", channel=channel, program=first_program[channel])
             for channel in sorted(sounding - own) if channel in first_program]  # fmt: skip
    alone = mido.MidiFile(ticks_per_beat=per_beat, tracks=[mido.MidiTrack([*setup, *track])])
    played = pretty_midi.PrettyMIDI(mido_object=alone)

    # Notes come back timed in seconds: each distinct moment goes back to its tick, then to the beat grid.
    moments = {t for instrument in played.instruments for note in instrument.notes for t in (note.start, note.end)}
    beats = {t: round(played.time_to_tick(t) * _GRID / per_beat) / _GRID for t in moments}
    parts = []
    for instrument in played.instruments:
        part = _Track("", int(instrument.program), instrument.is_drum)
        for note in instrument.notes:
            start = beats[note.start]
            part.tones.append(_Tone(note.pitch, start, max(1 / _GRID, beats[note.end] - start)))
        parts.append(part)
    return parts


def _read_musicxml(data: bytes, filename: str) -> _Score:
    from xml.etree import ElementTree

    from music21 import chord, expressions, harmony, instrument, meter, note, percussion, stream, tempo
    from music21.musicxml.xmlToM21 import MusicXMLImporter

    # The bytes were walked already (no entities, bounded depth), so the plain parser is safe here;
    # music21 gets the tree, never the file, so it unpacks nothing and caches nothing on disk.
    root = ElementTree.fromstring(data)
    if root.tag != "score-partwise":
        raise ValueError(f"a score-partwise root is needed, not {root.tag}")
    reader = MusicXMLImporter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader.xmlRootToScore(root, reader.stream)
    parsed = reader.stream
    if isinstance(parsed, stream.Opus):
        parsed = parsed.scores[0]
    parsed.stripTies(inPlace=True)
    score = _Score()
    found = (parsed.metadata.bestTitle or "").strip() if parsed.metadata is not None else ""
    # A title that only repeats the file's name says nothing: keep only a title someone wrote.
    if found.casefold() not in _GENERIC_TITLES and found.casefold() != filename.casefold():
        score.title = found
    parts = list(parsed.parts) if isinstance(parsed, stream.Score) else [parsed]
    first_bar = parts[0].getElementsByClass(stream.Measure).first() if parts else None
    # A pickup bar starts part-way into bar one, so every note moves on by the missing beats.
    shift = float(first_bar.paddingLeft) if first_bar is not None else 0.0
    for part in parts:
        inst = part.getInstrument(returnDefault=True)
        program = inst.midiProgram if inst is not None and inst.midiProgram is not None else 0
        drums = isinstance(inst, instrument.UnpitchedPercussion) or getattr(inst, "midiChannel", None) == 9
        name = (part.partName or getattr(inst, "instrumentName", None) or "").strip() or f"Part {len(score.tracks) + 1}"
        track, unpitched = _Track(name, program, drums), 0
        for el in part.flatten():
            at = float(el.offset) + shift
            if isinstance(el, harmony.ChordSymbol):  # before Chord: a chord symbol is a kind of chord
                if el.pitches:
                    bass = el.bass() or el.pitches[0]
                    score.symbols.append((at, tuple(p.pitchClass for p in el.pitches), bass.pitchClass))
            elif isinstance(el, (note.Unpitched, percussion.PercussionChord)) and el.quarterLength > 0:
                unpitched += 1
                track.tones.append(_Tone(38, at, float(el.quarterLength)))
            elif isinstance(el, (note.Note, chord.Chord)) and el.quarterLength > 0:
                sung = el.lyrics[0] if el.lyrics and (el.lyrics[0].text or "").strip("\xad -") else None
                goes_on = sung is not None and (
                    sung.syllabic in ("begin", "middle") or sung.text.strip().endswith("\xad")
                )
                lyric = sung.text.strip("\xad -") + ("-" if goes_on else "") if sung else None
                for k, pitch in enumerate(sorted(el.pitches, key=lambda p: -p.midi)):
                    if 0 <= pitch.midi <= 127:
                        track.tones.append(
                            _Tone(int(pitch.midi), at, float(el.quarterLength), lyric if k == 0 else None)
                        )
            elif isinstance(el, tempo.MetronomeMark) and score.tempo is None:
                score.tempo = el.getQuarterBPM()
            elif isinstance(el, meter.TimeSignature) and score.time_signature is None:
                score.time_signature = el.ratioString
            elif isinstance(el, expressions.RehearsalMark) and el.content:
                score.markers.append((at, str(el.content)))
        track.drums = drums or unpitched > len(track.tones) - unpitched
        score.tracks.append(track)
    return score


# -- from notes to a song sheet -------------------------------------------------------------


def _song(score: _Score, pitched: list[_Track], title: str, filename: str, limits: ImportLimits) -> Song:
    meta = _frame(title, score.tempo, score.time_signature)
    bar = meta.beats_per_bar
    bars = _bars(filename, meta, max(t.end for track in score.tracks for t in track.tones), limits)
    # Reading the harmony looks at every note in every bar it sounds in.
    sounded = sum(min(bars, math.ceil(t.end / bar)) - int(t.start // bar) for track in pitched for t in track.tones)
    check_count(filename, "note bars", sounded, limits.max_note_bars)
    tones = [t for track in pitched for t in track.tones]
    # A lead sheet's harmony lives in its chord symbols: they count for the key as if played.
    symbols = sorted(score.symbols)
    ends = [s[0] for s in symbols[1:]] + [bars * bar]
    written = [_Tone(60 + pc, at, end - at) for (at, pcs, _), end in zip(symbols, ends, strict=False) for pc in pcs]
    weights = _weights(tones + written, 0.0, math.inf)
    # The notes alone spell the chords; the chords the song starts and ends on then frame its key.
    chords = _chords(tones, symbols, bars, bar, _spelling(key_from_weights(weights, ()) or Key()), meta.time_signature)
    key = key_from_weights(weights, (chords[0].split()[0], chords[-1].split()[-1]), ("major", "minor")) or Key()
    lead = max([t for t in pitched if _MELODY_NAMES.search(t.name) or any(n.lyric for n in t.tones)] or pitched,
               key=lambda t: t.mean_pitch)  # fmt: skip
    melody = _melody(lead.tones, score.lyrics)
    sections = []
    for label, kind, first, last in _sections(score.markers, bars, bar):
        begin, finish = first * bar, last * bar
        notes = tuple(Note(pitch=t.pitch, start=round(t.start - begin, 4), lyric=t.lyric,
                           duration=round(min(t.duration, finish - t.start), 4))
                      for t in melody if begin <= t.start < finish)  # fmt: skip
        sections.append(Section(kind=kind, label=label, bars=last - first, chords=tuple(chords[first:last]),
                                melody=notes, lyrics=_lyric_lines(notes, bar)))  # fmt: skip
    parts = _parts(score.tracks, lead)
    meta = meta.model_copy(update={"key": key, "parts": parts, "description": f"Imported from {filename}."})
    return Song(meta=meta, sections=tuple(sections))


def _weights(tones: list[_Tone], start: float, end: float) -> list[float]:
    """Beats each pitch class sounds within [start, end), as music21's chordify would count them."""
    weights = [0.0] * 12
    for t in tones:
        overlap = min(t.end, end) - max(t.start, start)
        if overlap > 0:
            weights[t.pitch % 12] += overlap
    return weights


def _spelling(key: Key) -> tuple[str, ...]:
    """A name per pitch class: the key's own notes as its scale spells them, borrowed roots as flats (Bb, Eb, Ab)."""
    scale = {theory.note_pc(n): n for n in theory.scale_note_names(key) if re.fullmatch(r"[A-G][#b]?", n)}
    return tuple(scale.get(pc, theory.pc_name(pc, prefer_flats=pc != 6)) for pc in range(12))


def _chords(
    tones: list[_Tone], symbols: list[_Symbol], bars: int, bar: float, names: tuple[str, ...], metre: str
) -> list[str]:
    """One chord per bar, or two where the harmony clearly changes at the half bar."""
    halves = int(metre.split("/")[0]) % 2 == 0
    by_bar: list[list[_Tone]] = [[] for _ in range(bars)]
    for t in tones:
        for index in range(int(t.start // bar), min(bars, math.ceil(t.end / bar))):
            by_bar[index].append(t)
    named: list[str | None] = []
    for index, inside in enumerate(by_bar):
        start, mid = index * bar, index * bar + bar / 2
        whole = _window(inside, symbols, start, start + bar, names)
        first = _window(inside, symbols, start, mid, names) if whole and halves else None
        second = _window(inside, symbols, mid, start + bar, names) if first else None
        if first and second and first.symbol != second.symbol and _moves(first, second):
            named.append(f"{first.symbol} {second.symbol}")
        else:
            named.append(whole.symbol if whole else None)
    # A bar where nothing sounds holds the chord before it (or the first chord, at the start).
    held = next((c.split()[0] for c in named if c), "C")
    chords = []
    for entry in named:
        held = entry.split()[-1] if entry else held
        chords.append(entry or held)
    return chords


def _window(
    tones: list[_Tone], symbols: list[_Symbol], start: float, end: float, names: tuple[str, ...]
) -> _Named | None:
    """The chord of one stretch of time: the file's own chord symbol if it has one, else the notes'."""
    before = [s for s in symbols if s[0] <= start + 1e-6]
    active = before[-1:] + [s for s in symbols if start + 1e-6 < s[0] < end - 1e-6]
    if active:
        named = _name([1.0 if pc in active[0][1] else 0.0 for pc in range(12)], active[0][2], names)
        return _Named(named.symbol, 1.0 if len({s[1] for s in active}) == 1 else 0.5, named.root, given=True)
    weights = _weights(tones, start, end)
    if sum(weights) <= 0:
        return None
    sounding = [t for t in tones if t.start <= start + (end - start) / 4 and t.end > start + 1e-6]
    bass = min(sounding or [t for t in tones if t.end > start and t.start < end], key=lambda t: t.pitch).pitch % 12
    named = _name(weights, bass, names)
    return _Named(named.symbol, named.fit, named.root, named.root == bass and len({t.pitch for t in sounding}) > 1)


def _moves(first: _Named, second: _Named) -> bool:
    """True when the harmony clearly changes at the half bar, not just a passing note or a walking bass."""
    if first.given and second.given:
        return True
    return first.root != second.root and min(first.fit, second.fit) >= 0.8 and first.grounded and second.grounded


def _name(weights: list[float], bass: int, names: tuple[str, ...]) -> _Named:
    """Best-fitting chord template: chord tones count for it, other notes and missing tones against."""
    total = sum(weights)
    best: tuple[float, int, str, tuple[int, ...]] = (-math.inf, 0, "", (0, 4, 7))
    for root in range(12):
        for suffix, shape in _QUALITIES:
            members = tuple((root + i) % 12 for i in shape)
            score = 2 * sum(weights[pc] for pc in members) - total
            score -= 0.1 * total * sum(weights[pc] < 0.02 * total for pc in members)
            # A seventh must sound for about a tenth of the time to beat the plain triad.
            score += (0.15 * total if root == bass else 0.0) - (0.2 * total if len(shape) == 4 else 0.0)
            if score > best[0]:
                best = (score, root, suffix, members)
    _, root, suffix, members = best
    fit = sum(weights[pc] for pc in members) / total
    if fit < 0.5:  # no template fits: fall back to the triad on the bass note
        minor = weights[(bass + 3) % 12] > weights[(bass + 4) % 12]
        return _Named(names[bass] + ("m" if minor else ""), fit, bass)
    slash = f"/{names[bass]}" if bass != root and bass in members else ""
    return _Named(names[root] + suffix + slash, fit, root)


def _melody(tones: list[_Tone], lyrics: list[tuple[float, str]]) -> list[_Tone]:
    """The top line: the highest note at each onset, cut short where the next note begins."""
    line: list[_Tone] = []
    for t in sorted(tones, key=lambda t: (t.start, -t.pitch)):
        if line and (t.start == line[-1].start or (t.start < line[-1].end and t.pitch < line[-1].pitch)):
            continue
        if line and t.start < line[-1].end:
            line[-1] = _Tone(line[-1].pitch, line[-1].start, t.start - line[-1].start, line[-1].lyric)
        line.append(t)
    sung = dict(lyrics)  # MIDI lyric events sit on the ticks of the notes they are sung on
    return [_Tone(t.pitch, t.start, t.duration, t.lyric or sung.get(t.start)) for t in line]


def _lyric_lines(notes: tuple[Note, ...], bar: float) -> tuple[str, ...]:
    """The sung words as lines: a new line after a rest of a beat or more, or every four bars."""
    lines: list[str] = []
    text, line_start, last_end = "", 0.0, 0.0
    for n, lyric in ((n, n.lyric) for n in notes if n.lyric):
        if text and (n.start - last_end >= 1.0 or n.start - line_start >= 4 * bar):
            lines.append(text.strip())
            text = ""
        line_start = n.start if not text else line_start
        text += lyric[:-1] if lyric.endswith("-") else lyric + " "
        last_end = n.start + n.duration
    return (*lines, text.strip()) if text.strip() else tuple(lines)


def _sections(markers: list[tuple[float, str]], bars: int, bar: float) -> list[tuple[str, str, int, int]]:
    """(label, kind, first bar, end bar) per section: from the file's marks, else eight-bar parts."""
    starts: dict[int, str] = {}
    for beat, text in sorted(markers):
        label, index = " ".join(text.split())[:40], round(beat / bar)
        if label and 0 <= index < bars:
            starts.setdefault(index, label)
    if starts:
        starts.setdefault(0, "Intro")  # the bars before the first mark
    else:
        starts = {i: f"Part {n + 1}" for n, i in enumerate(range(0, bars, _BARS_PER_PART))}
    edges = [*sorted(starts), bars]
    seen: set[str] = set()
    result = []
    for a, b in zip(edges, edges[1:], strict=False):
        for first in range(a, b, _MAX_SECTION_BARS):
            label = unique = starts[a]
            number = 1
            while unique.casefold() in seen:
                number += 1
                unique = f"{label} {number}"
            seen.add(unique.casefold())
            kind = next((k for k, words in _KIND_WORDS if re.search(rf"\b({words})", label.casefold())), "verse")
            result.append((unique, kind, first, min(first + _MAX_SECTION_BARS, b)))
    return result


def _parts(tracks: list[_Track], lead: _Track) -> tuple[Part, ...]:
    """The first drum kit, bass (the lowest part), lead (the tune) and every other part as chords."""
    others = sorted((t for t in tracks if not t.drums and t.tones and t is not lead), key=lambda t: t.mean_pitch)
    drums = next((t for t in tracks if t.drums and t.tones), None)
    parts = [Part(name=drums.name or "Drums", role="drums", program=0)] if drums else []
    for n, track in enumerate(others):
        low = n == 0 and (track.mean_pitch < 55 or 32 <= track.program <= 39)
        parts.append(Part(name=track.name, role="bass" if low else "chords", program=track.program))
    parts.append(Part(name=lead.name, role="lead", program=lead.program))
    starts = [t.start for t in lead.tones]
    if len(starts) - len(set(starts)) >= 0.3 * len(starts) and not any(p.role == "chords" for p in parts):
        # A piano that plays both tune and harmony keeps both jobs in the arrangement.
        parts.append(Part(name=f"{lead.name} chords", role="chords", program=lead.program))
    return tuple(parts)
