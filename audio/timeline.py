"""A standard MIDI file as one timeline in seconds: channel events per track, and the notes they make."""

from __future__ import annotations

import logging
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

import mido

from music.errors import CowriterError

logger = logging.getLogger(__name__)

DRUM_CHANNEL = 9
_DEFAULT_TEMPO = 500_000  # microseconds per beat: 120 BPM, as the MIDI standard says


class MidiReadError(CowriterError, ValueError):
    """A MIDI file that cannot be read."""


@dataclass(frozen=True)
class TimedEvent:
    """One channel message (note, controller, program, bend) at its time in seconds."""

    seconds: float
    track: int
    message: mido.Message

    @property
    def is_note(self) -> bool:
        """True for note-on and note-off messages."""
        return self.message.type in ("note_on", "note_off")


@dataclass(frozen=True)
class NoteSpan:
    """One sounding note with the channel state it started under."""

    start: float
    end: float
    pitch: int
    velocity: int
    channel: int
    program: int
    track: int
    volume: float = 1.0
    pan: float = 0.0

    @property
    def is_drum(self) -> bool:
        """True for notes on the General MIDI percussion channel."""
        return self.channel == DRUM_CHANNEL


@dataclass(frozen=True)
class Timeline:
    """All channel events of a MIDI file in play order, with its tracks' names and length."""

    events: tuple[TimedEvent, ...]
    track_names: tuple[str, ...]
    length: float
    note_tracks: tuple[int, ...]

    def events_for(self, track: int | None = None) -> list[TimedEvent]:
        """Events to play for one track's stem, or for the whole mix when `track` is None.

        A stem keeps every controller and program change of the file, so it sounds exactly
        as that track does inside the mix; only other tracks' notes are left out.
        """
        if track is None:
            return list(self.events)
        return [e for e in self.events if not e.is_note or e.track == track]

    def notes(self, track: int | None = None) -> list[NoteSpan]:
        """The notes that sound, paired on and off, honouring the sustain pedal."""
        return _pair_notes(self.events_for(track), self.length)


def read_midi(midi: mido.MidiFile | Path | str) -> mido.MidiFile:
    """Open a MIDI file, or pass a loaded one through.

    Raises:
        MidiReadError: When the file is missing, damaged or not MIDI.
    """
    if isinstance(midi, mido.MidiFile):
        return midi
    path = Path(midi)
    if not path.is_file():
        raise MidiReadError(f"There is no MIDI file at {path}.")
    try:
        return mido.MidiFile(path, clip=True)
    except Exception as exc:  # mido raises OSError, EOFError, KeyError or ValueError on bad bytes
        logger.info("Unreadable MIDI %s: %s", path, exc)
        raise MidiReadError(f"The MIDI file {path.name} could not be read; it may be damaged or not a MIDI file.") from exc


def _tempo_map(midi: mido.MidiFile) -> tuple[list[int], list[float], list[int]]:
    """Tempo changes as parallel lists: tick, seconds at that tick, microseconds per beat."""
    changes: dict[int, int] = {}
    for track in midi.tracks:
        tick = 0
        for msg in track:
            tick += msg.time
            if msg.type == "set_tempo":
                changes[tick] = msg.tempo
    ticks, seconds, tempos = [0], [0.0], [changes.pop(0, _DEFAULT_TEMPO)]
    for tick in sorted(changes):
        seconds.append(seconds[-1] + (tick - ticks[-1]) * tempos[-1] / 1e6 / midi.ticks_per_beat)
        ticks.append(tick)
        tempos.append(changes[tick])
    return ticks, seconds, tempos


def _order(msg: mido.Message) -> int:
    # At one instant: release notes first, then set controllers and programs, then strike.
    if msg.type == "note_off" or (msg.type == "note_on" and msg.velocity == 0):
        return 0
    return 2 if msg.type == "note_on" else 1


def build_timeline(midi: mido.MidiFile | Path | str) -> Timeline:
    """Read a MIDI file into one timeline in seconds.

    Raises:
        MidiReadError: When the file cannot be read or has no ticks per beat.
    """
    midi = read_midi(midi)
    if midi.ticks_per_beat <= 0:
        raise MidiReadError("The MIDI file has no valid time division.")
    ticks, seconds, tempos = _tempo_map(midi)
    per_tick = [t / 1e6 / midi.ticks_per_beat for t in tempos]

    def to_seconds(tick: int) -> float:
        i = bisect_right(ticks, tick) - 1
        return seconds[i] + (tick - ticks[i]) * per_tick[i]

    raw: list[tuple[int, int, int, int, mido.Message]] = []
    names: list[str] = []
    end_tick = 0
    for index, track in enumerate(midi.tracks):
        tick = 0
        name = ""
        for position, msg in enumerate(track):
            tick += msg.time
            if msg.is_meta:
                if msg.type == "track_name" and not name:
                    name = str(msg.name).strip()
                continue
            if msg.type in ("note_on", "note_off", "control_change", "program_change", "pitchwheel", "aftertouch"):
                raw.append((tick, _order(msg), index, position, msg))
        end_tick = max(end_tick, tick)
        names.append(name)
    raw.sort(key=lambda item: item[:4])
    events = tuple(TimedEvent(to_seconds(t), track, msg) for t, _, track, _, msg in raw)
    note_tracks = tuple(sorted({e.track for e in events if e.message.type == "note_on" and e.message.velocity > 0}))
    return Timeline(events, _unique_names(names), to_seconds(end_tick), note_tracks)


def _unique_names(names: list[str]) -> tuple[str, ...]:
    """Give every track a distinct, non-empty name ("Track 3", "Piano 2")."""
    seen: dict[str, int] = defaultdict(int)
    unique = []
    for index, name in enumerate(names):
        name = name or f"Track {index + 1}"
        seen[name] += 1
        unique.append(name if seen[name] == 1 else f"{name} {seen[name]}")
    return tuple(unique)


def _pair_notes(events: list[TimedEvent], length: float) -> list[NoteSpan]:
    """Match note-ons with their note-offs per channel and key, first in first out."""
    program = [0] * 16
    volume = [100] * 16
    expression = [127] * 16
    pan = [64] * 16
    pedal = [False] * 16
    sounding: dict[tuple[int, int], list[NoteSpan]] = defaultdict(list)  # struck, key still down
    held: dict[int, list[NoteSpan]] = defaultdict(list)  # key released, sustain pedal down
    spans: list[NoteSpan] = []

    def close(note: NoteSpan, end: float) -> None:
        if end > note.start:
            spans.append(replace(note, end=end))

    for event in events:
        msg, now = event.message, event.seconds
        ch = msg.channel
        if msg.type == "program_change":
            program[ch] = msg.program
        elif msg.type == "control_change":
            if msg.control == 7:
                volume[ch] = msg.value
            elif msg.control == 11:
                expression[ch] = msg.value
            elif msg.control == 10:
                pan[ch] = msg.value
            elif msg.control == 64:
                pedal[ch] = msg.value >= 64
                if not pedal[ch]:
                    for note in held.pop(ch, []):
                        close(note, now)
            elif msg.control in (120, 123):  # all sound off, all notes off
                for (channel, _), notes in sounding.items():
                    if channel == ch:
                        for note in notes:
                            close(note, now)
                        notes.clear()
        elif msg.type == "note_on" and msg.velocity > 0:
            gain = (volume[ch] / 127.0) ** 2 * (expression[ch] / 127.0) ** 2
            spot = max(-1.0, min(1.0, (pan[ch] - 64) / 63.0))
            sounding[(ch, msg.note)].append(
                NoteSpan(now, now, msg.note, msg.velocity, ch, program[ch], event.track, gain, spot)
            )
        elif msg.type in ("note_on", "note_off") and sounding[(ch, msg.note)]:
            note = sounding[(ch, msg.note)].pop(0)
            if pedal[ch]:
                held[ch].append(note)
            else:
                close(note, now)
    # Notes never released ring to the end of the file.
    for notes in [*sounding.values(), *held.values()]:
        for note in notes:
            close(note, length)
    spans.sort(key=lambda s: (s.start, s.channel, s.pitch))
    return spans
