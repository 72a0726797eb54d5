"""A quick walk through a Standard MIDI File's bytes that counts what it holds before mido builds anything.

mido turns every event into an object and reads delta times of any length; a hostile file can
ask it for millions of objects or a number with millions of digits. This walk reads the same
bytes the way mido does, keeps only counts, and stops at the first limit the file goes past.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from music.errors import SongError
from music.formats.import_limits import ImportLimits, check_count, check_metre, check_tempo, damaged, over_limit

# Data bytes after a status byte (running status aside), as mido reads them; statuses missing
# here (0xF4, 0xF5, 0xF9, 0xFD) are undefined and mido refuses them too.
_DATA_BYTES = {0x80: 2, 0x90: 2, 0xA0: 2, 0xB0: 2, 0xC0: 1, 0xD0: 1, 0xE0: 2}
_SYSTEM_BYTES = {0xF1: 1, 0xF2: 2, 0xF3: 1, 0xF6: 0, 0xF8: 0, 0xFA: 0, 0xFB: 0, 0xFC: 0, 0xFE: 0}
_MAX_VLQ_BYTES = 4  # the file format's own limit on a delta time or length: 0x0FFFFFFF


class _Damaged(Exception):
    """The bytes stop or break where the format says something else must come."""


@dataclass(frozen=True)
class MidiOutline:
    """What the walk learned: enough to size the song before reading it.

    Attributes:
        ticks_per_beat: The file's time division.
        last_note_tick: Where the last note ends at the latest, for sizing the song: a note never
            released counts to its track's end here, though the reader then drops it.
        first_tempo: Beats per minute of the earliest tempo event, if any.
        first_metre: (beats, beat type) of the earliest time signature, if any.
    """

    ticks_per_beat: int
    last_note_tick: int
    first_tempo: float | None
    first_metre: tuple[int, int] | None


def outline_midi(data: bytes, name: str, limits: ImportLimits) -> MidiOutline:
    """Walk a MIDI file's events and refuse it, in one sentence, where it goes past a limit.

    Args:
        data: The whole file.
        name: The file's own name, for the sentence.
        limits: What a song file may hold.

    Returns:
        The outline of a file that mido may now read safely.

    Raises:
        SongError: The file is damaged, has no usable timing, sets an impossible tempo or time
            signature, or holds more tracks, events, notes, markers or words than the limits.
    """
    try:
        return _walk(data, name, limits)
    except (_Damaged, IndexError, struct.error):
        raise damaged(name, "MIDI") from None


def _walk(data: bytes, name: str, limits: ImportLimits) -> MidiOutline:
    if data[:4] != b"MThd":
        raise _Damaged
    header = int.from_bytes(data[4:8], "big")
    if header < 6:
        raise _Damaged
    _format, tracks, division = struct.unpack(">hhh", data[8:14])
    if division <= 0:
        # A negative division counts SMPTE frames, not beats: there is no bar to find.
        raise _no_beats(name, division)
    check_count(name, "tracks", tracks, limits.max_tracks)
    at = 8 + header
    events = notes = markers = lyrics = last_note = 0
    tempos: list[tuple[int, float]] = []
    metres: list[tuple[int, int, int]] = []
    for _ in range(tracks):
        if data[at : at + 4] != b"MTrk" or len(data) < at + 8:
            raise _Damaged
        size = int.from_bytes(data[at + 4 : at + 8], "big")
        start = at = at + 8
        tick, running = 0, -1
        sounding: dict[int, int] = {}  # channel * 128 + pitch -> notes started and not yet released
        # Like mido, read until the track's length is used up exactly; an event that runs past
        # it carries the walk on into the following bytes until they run out.
        while at - start != size:
            delta, at = _number(data, at)
            tick += delta
            status = data[at]
            at += 1
            if status < 0x80:
                if running < 0:
                    raise _Damaged
                status = running
                if status not in (0xF0, 0xF7):
                    at -= 1  # the byte was the first data byte (mido skips it before a running sysex)
            elif status != 0xFF:
                running = status
            events += 1
            if events > limits.max_events:
                raise over_limit(name, "events", None, limits.max_events)
            if status == 0xFF:
                kind = data[at]
                length, at = _number(data, at + 1)
                payload = data[at : at + length]
                if len(payload) < length:
                    raise _Damaged
                at += length
                if kind == 0x51:
                    micros = int.from_bytes(payload[:3], "big")
                    bpm = 60_000_000 / micros if micros else float("inf")
                    check_tempo(name, bpm, limits)
                    tempos.append((tick, bpm))
                elif kind == 0x58:
                    beat_type = 2 ** payload[1]
                    check_metre(name, payload[0], beat_type)
                    metres.append((tick, payload[0], beat_type))
                elif kind in (0x06, 0x07):
                    markers += 1
                    if markers > limits.max_markers:
                        raise over_limit(name, "markers", None, limits.max_markers)
                elif kind == 0x05:
                    lyrics += 1
                    if lyrics > limits.max_notes:
                        raise over_limit(name, "lyrics", None, limits.max_notes)
            elif status in (0xF0, 0xF7):
                length, at = _number(data, at)
                at += length
                if at > len(data):
                    raise _Damaged
            else:
                count = _DATA_BYTES.get(status & 0xF0) if status < 0xF0 else _SYSTEM_BYTES.get(status)
                if count is None or at + count > len(data) or any(b > 0x7F for b in data[at : at + count]):
                    raise _Damaged
                if status & 0xF0 in (0x80, 0x90):
                    key = (status & 0x0F) * 128 + data[at]
                    if status & 0xF0 == 0x90 and data[at + 1] > 0:
                        notes += 1
                        if notes > limits.max_notes:
                            raise over_limit(name, "notes", None, limits.max_notes)
                        sounding[key] = sounding.get(key, 0) + 1
                    elif sounding.get(key):
                        sounding[key] -= 1
                        last_note = max(last_note, tick)
                at += count
        if any(sounding.values()):
            last_note = max(last_note, tick)
    return MidiOutline(
        ticks_per_beat=division,
        last_note_tick=last_note,
        first_tempo=min(tempos)[1] if tempos else None,
        first_metre=min(metres)[1:] if metres else None,
    )


def _number(data: bytes, at: int) -> tuple[int, int]:
    """A variable-length number and where the bytes after it start; more than four bytes is damage."""
    value = 0
    for offset in range(_MAX_VLQ_BYTES):
        byte = data[at + offset]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + offset + 1
    raise _Damaged


def _no_beats(name: str, division: int) -> SongError:
    counted = "frames of timecode" if division < 0 else "no ticks at all"
    return SongError(f"'{name}' counts its time in {counted} instead of beats, so I cannot find its bars.")
