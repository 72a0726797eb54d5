"""Write an arrangement as a type-1 Standard MIDI File: tempo map, section markers, lyrics, one track per part."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from music.band.arrangement import Arrangement, Track
from music.files import atomic_writer

if TYPE_CHECKING:
    import mido

    from music.song import Song

logger = logging.getLogger(__name__)


def arrangement_to_midi(arr: Arrangement, ticks_per_beat: int = 480) -> mido.MidiFile:
    """A type-1 MIDI file of `arr`.

    Track 0 holds the title, time signature, tempo map and a marker per section; then one
    track per part with its name, program changes, notes on its channel and lyrics at the
    note-ons of sung notes.

    Raises:
        ValueError: if `ticks_per_beat` is not positive.
    """
    import mido

    if ticks_per_beat <= 0:
        raise ValueError(f"ticks per beat must be positive, not {ticks_per_beat}")
    midi = mido.MidiFile(type=1, ticks_per_beat=ticks_per_beat)
    midi.tracks.append(_conductor(arr, ticks_per_beat))
    for track in arr.tracks:
        midi.tracks.append(_part_track(track, ticks_per_beat))
    return midi


_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def _text(value: str) -> str:
    """Text a MIDI meta event can hold (Latin-1): curly quotes straightened, the rest replaced."""
    return value.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _ticks(beat: float, ticks_per_beat: int) -> int:
    return max(0, int(round(beat * ticks_per_beat)))


def _to_track(events: list[tuple[int, int, mido.Message | mido.MetaMessage]]) -> mido.MidiTrack:
    """Sort (tick, order, message) events and turn absolute ticks into delta times."""
    import mido

    track = mido.MidiTrack()
    now = 0
    for tick, _order, message in sorted(events, key=lambda e: (e[0], e[1])):
        track.append(message.copy(time=tick - now))
        now = tick
    return track


def _conductor(arr: Arrangement, tpb: int) -> mido.MidiTrack:
    import mido

    top, bottom = (int(x) for x in arr.time_signature.split("/"))
    events: list[tuple[int, int, mido.Message | mido.MetaMessage]] = [
        (0, 0, mido.MetaMessage("track_name", name=_text(arr.title))),
        (0, 1, mido.MetaMessage("time_signature", numerator=top, denominator=bottom)),
    ]
    for beat, bpm in arr.tempo_map or ((0.0, 120.0),):
        events.append((_ticks(beat, tpb), 2, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm))))
    for span in arr.sections:
        events.append((_ticks(span.start, tpb), 3, mido.MetaMessage("marker", text=_text(span.label))))
    end = _ticks(arr.end_beat, tpb)
    track = _to_track(events)
    last = sum(m.time for m in track)
    track.append(mido.MetaMessage("end_of_track", time=max(0, end - last)))
    return track


def _part_track(part: Track, tpb: int) -> mido.MidiTrack:
    import mido

    channel = part.channel
    # Order within one tick: program change, note-offs, lyric, note-ons, so a repeated
    # pitch is released before it is struck again.
    events: list[tuple[int, int, mido.Message | mido.MetaMessage]] = [
        (0, 0, mido.MetaMessage("track_name", name=_text(part.name))),
        (0, 1, mido.Message("program_change", channel=channel, program=part.program)),
        (0, 1, mido.Message("control_change", channel=channel, control=7, value=max(0, min(127, part.volume)))),
    ]
    for beat, program in part.program_changes:
        events.append((_ticks(beat, tpb), 1, mido.Message("program_change", channel=channel, program=program)))
    if any(note.slide for note in part.notes):
        events += _bend_range(channel)
    for note in part.notes:
        on = _ticks(note.start, tpb)
        off = max(on + 1, _ticks(note.start + note.duration, tpb))
        pitch = max(0, min(127, note.pitch))
        velocity = max(1, min(127, note.velocity))
        if note.lyric:
            events.append((on, 3, mido.MetaMessage("lyrics", text=_text(note.lyric))))
        events.append((on, 4, mido.Message("note_on", channel=channel, note=pitch, velocity=velocity)))
        events.append((off, 2, mido.Message("note_off", channel=channel, note=pitch, velocity=0)))
        if note.slide:
            events += _slide(note.start + note.duration - note.slide_beats, note.slide_beats, note.slide, off, channel, tpb)
    return _to_track(events)


_BEND_RANGE = 12  # semitones the pitch wheel reaches, so a bass can glide an octave
_SLIDE_STEPS = 12


def _bend_range(channel: int) -> list[tuple[int, int, mido.Message | mido.MetaMessage]]:
    """Registered parameter 0 (pitch-bend sensitivity) set to an octave, then the parameter closed."""
    import mido

    values = ((101, 0), (100, 0), (6, _BEND_RANGE), (38, 0), (101, 127), (100, 127))
    return [(0, 1, mido.Message("control_change", channel=channel, control=c, value=v)) for c, v in values]


def _slide(
    start: float, beats: float, semitones: int, off: int, channel: int, tpb: int
) -> list[tuple[int, int, mido.Message | mido.MetaMessage]]:
    """Pitch-wheel steps bending a note `semitones` over `beats` from `start`, let go at its note-off."""
    import mido

    full = max(-8192, min(8191, round(8192 * semitones / _BEND_RANGE)))
    # The bend arrives a step before the note ends, so the note-off lets it go.
    steps = [
        (_ticks(start + beats * k / _SLIDE_STEPS, tpb), 3, mido.Message("pitchwheel", channel=channel,
                                                                        pitch=round(full * k / (_SLIDE_STEPS - 1))))
        for k in range(1, _SLIDE_STEPS)
    ]  # fmt: skip
    return [*steps, (off, 2, mido.Message("pitchwheel", channel=channel, pitch=0))]


def write_midi(arr: Arrangement, path: str | os.PathLike[str]) -> Path:
    """Write `arr` as a MIDI file at `path`, atomically (a crash never leaves half a file)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    midi = arrangement_to_midi(arr)
    with atomic_writer(target) as stream:
        midi.save(file=stream)
    logger.debug("wrote MIDI %s (%d tracks)", target, len(midi.tracks))
    return target


def song_to_midi_file(song: Song, path: str | os.PathLike[str]) -> Path:
    """Arrange `song` in its style and write it as a MIDI file at `path`."""
    from music.band.arrange import arrange

    return write_midi(arrange(song), path)
