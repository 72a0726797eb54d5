"""How an uploaded MIDI file's note-ons and note-offs become notes: stuck notes, retriggers and programs."""

from __future__ import annotations

from pathlib import Path

import mido

from music.formats.importer import import_song

BEAT = 480


def note(pitch: int, start: float, beats: float, channel: int = 0) -> list[tuple[int, mido.Message]]:
    """A note-on and its note-off, at absolute ticks."""
    on = mido.Message("note_on", channel=channel, note=pitch, velocity=90)
    off = mido.Message("note_off", channel=channel, note=pitch)
    return [(round(start * BEAT), on), (round((start + beats) * BEAT), off)]


def track(name: str, *events: tuple[int, mido.Message | mido.MetaMessage]) -> mido.MidiTrack:
    """A named track from (absolute tick, message) pairs, in time order (note-offs first on a tick)."""
    messages = [mido.MetaMessage("track_name", name=name)]
    now = 0
    for tick, message in sorted(events, key=lambda e: (e[0], e[1].type != "note_off")):
        messages.append(message.copy(time=tick - now))
        now = tick
    return mido.MidiTrack(messages)


def save(path: Path, *tracks: mido.MidiTrack) -> Path:
    mid = mido.MidiFile(type=1, ticks_per_beat=BEAT)
    mid.tracks.extend(tracks)
    mid.save(path)
    return path


def tune(start: float = 0.0) -> list[tuple[int, mido.Message]]:
    """Four bars of C major, a note a beat."""
    return [e for beat in range(16) for e in note((60, 64, 67, 72)[beat % 4], start + beat, 1)]


def test_a_note_that_is_never_released_is_left_out(tmp_path: Path) -> None:
    stuck = (4 * BEAT, mido.Message("note_on", note=48, velocity=90))
    end = (8 * 4 * BEAT, mido.MetaMessage("text", text="end of the take"))
    song = import_song(save(tmp_path / "stuck.mid", track("Piano", *tune(), stuck, end)))
    assert song.total_bars == 4
    assert 48 not in {n.pitch for s in song.sections for n in s.melody}


def test_a_note_struck_again_before_its_release_ends_at_the_first_release(tmp_path: Path) -> None:
    events = [*tune(), *note(76, 16, 2), *note(76, 17, 2)]  # the second E5 starts a beat into the first
    song = import_song(save(tmp_path / "again.mid", track("Lead", *events)))
    last = [n for s in song.sections for n in s.melody if n.pitch == 76]
    assert [(n.start, n.duration) for n in last] == [(16.0, 1.0), (17.0, 1.0)]


def test_programs_set_in_a_setup_track_reach_the_tracks_that_play(tmp_path: Path) -> None:
    setup = track("Setup", (0, mido.Message("program_change", channel=0, program=24)),
                  (0, mido.Message("program_change", channel=1, program=33)))  # fmt: skip
    guitar = track("Guitar", *tune())
    bass = track("Bass", *(e for bar in range(4) for e in note(36, 4 * bar, 4, channel=1)))
    song = import_song(save(tmp_path / "setup.mid", setup, guitar, bass))
    assert {p.name: (p.role, p.program) for p in song.meta.parts} == {"Bass": ("bass", 33), "Guitar": ("lead", 24)}


def test_a_program_change_in_the_middle_of_a_track_starts_another_part(tmp_path: Path) -> None:
    change = (8 * BEAT, mido.Message("program_change", program=48))
    keys = track("Keys", (0, mido.Message("program_change", program=0)), change,
                 *(e for bar in range(4) for pitch in (60, 64, 67) for e in note(pitch, 4 * bar, 4)))  # fmt: skip
    song = import_song(save(tmp_path / "strings.mid", track("Lead", *tune()), keys))
    assert sorted(p.program for p in song.meta.parts if p.name == "Keys") == [0, 48]
