"""Arranging a song sheet for a band and writing it as MIDI, checked the way a producer would listen."""

from __future__ import annotations

from pathlib import Path
from statistics import mean

import mido
import pytest

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent
from music.band.styles import CLOSED_HAT, CRASH, OPEN_HAT, PEDAL_HAT, RIDE, STYLES, style_for
from music.formats.midi import arrangement_to_midi, song_to_midi_file, write_midi
from music.plan.planner import Brief, plan_song
from music.song import Key, Note, Part, Song, section_with
from music.theory.chords import scale_pitch_classes
from music.words.syllables import line_syllables

VERSE = ["I packed my life in a canvas bag", "the kitchen light still burning low",
         "my father's coat, my mother's flag", "the road is all I've come to know"]  # fmt: skip
CHORUS = ["so long to the river", "so long to the door", "I'm leaving for ever", "and I won't be back no more"]


@pytest.fixture(scope="module")
def folk_song() -> Song:
    song = plan_song("Let's write a folk song about leaving home, 90 BPM, D minor")
    for name, lines in (("Verse 1", VERSE), ("Chorus 1", CHORUS)):
        index = song.find(name)[0]
        song = song.replace_section(index, section_with(song.sections[index], lyrics=tuple(lines)))
    return song


@pytest.fixture(scope="module")
def folk_arrangement(folk_song: Song) -> Arrangement:
    return arrange(folk_song)


def notes_in(arr: Arrangement, label: str, role: str) -> list[NoteEvent]:
    span = next(s for s in arr.sections if s.label == label)
    track = arr.track(role)
    assert track is not None, f"no {role} track"
    return [n for n in track.notes if span.start <= n.start < span.end]


def with_section(song: Song, label: str, **changes: object) -> Song:
    index = song.find(label)[0]
    return song.replace_section(index, section_with(song.sections[index], **changes))


def test_the_band_gets_one_track_per_part_and_drums_on_channel_ten(folk_song: Song, folk_arrangement: Arrangement):
    assert [t.name for t in folk_arrangement.tracks] == [p.name for p in folk_song.meta.parts]
    drums = folk_arrangement.track("drums")
    assert drums is not None and drums.channel == 9 and drums.is_drums
    others = [t.channel for t in folk_arrangement.tracks if t.role != "drums"]
    assert 9 not in others and len(set(others)) == len(others)
    assert all(t.notes for t in folk_arrangement.tracks)


def test_every_note_stays_inside_its_section(folk_arrangement: Arrangement):
    spans = folk_arrangement.sections
    assert spans[0].start == 0 and all(a.end == b.start for a, b in zip(spans, spans[1:], strict=False))
    for track in folk_arrangement.tracks:
        for note in track.notes:
            span = next(s for s in spans if s.start <= note.start < s.end)
            assert note.duration > 0 and note.start + note.duration <= span.end + 1e-9, (track.name, note)
            assert 0 <= note.pitch <= 127 and 1 <= note.velocity <= 127


def test_sections_follow_each_other_on_the_bar_grid(folk_song: Song, folk_arrangement: Arrangement):
    beats = folk_song.meta.beats_per_bar
    starts = [sum(s.bars for s in folk_song.sections[:i]) * beats for i in range(len(folk_song.sections))]
    assert [s.start for s in folk_arrangement.sections] == starts
    assert folk_arrangement.tempo_map[0] == (0.0, 90.0)


def test_lyrics_are_sung_one_note_per_syllable(folk_arrangement: Arrangement):
    for label, lines in (("Verse 1", VERSE), ("Chorus 1", CHORUS)):
        lead = notes_in(folk_arrangement, label, "lead")
        expected = [syl for line in lines for syl in line_syllables(line)]
        # A syllable that continues its word is marked with a hyphen, as karaoke files and lead sheets write it.
        assert [n.lyric.rstrip("-") for n in lead if n.lyric] == expected
    # Lines are spread over the section with rests between them.
    lead = notes_in(folk_arrangement, "Verse 1", "lead")
    gaps = [b.start - (a.start + a.duration) for a, b in zip(lead, lead[1:], strict=False)]
    assert sum(g > 0.4 for g in gaps) >= len(VERSE) - 1


def test_a_raised_register_lifts_that_section_only(folk_song: Song, folk_arrangement: Arrangement):
    raised = arrange(with_section(folk_song, "Chorus 1", register=7))
    for role in ("chords", "pad"):
        if folk_arrangement.track(role) is None:
            continue
        before = [n.pitch for n in notes_in(folk_arrangement, "Chorus 1", role)]
        after = [n.pitch for n in notes_in(raised, "Chorus 1", role)]
        assert mean(after) > mean(before) + 3, role
        for label in ("Verse 1", "Chorus 2", "Bridge"):
            assert notes_in(raised, label, role) == notes_in(folk_arrangement, label, role)
    # The sung line stays in the singer's range and the bass in its own, even an octave up.
    octave = arrange(with_section(folk_song, "Chorus 1", register=12))
    for role in ("lead", "bass"):
        assert notes_in(raised, "Chorus 1", role) == notes_in(folk_arrangement, "Chorus 1", role), role
        assert notes_in(octave, "Chorus 1", role) == notes_in(folk_arrangement, "Chorus 1", role), role


def test_an_instrumental_lead_follows_the_register(folk_song: Song):
    index = folk_song.find("Chorus 1")[0]
    bare = with_section(folk_song, "Chorus 1", lyrics=())
    plain, raised = arrange(bare), arrange(with_section(bare, "Chorus 1", register=12))
    before = [n.pitch for n in notes_in(plain, "Chorus 1", "lead")]
    after = [n.pitch for n in notes_in(raised, "Chorus 1", "lead")]
    assert before and mean(after) > mean(before) + 6, folk_song.sections[index].label


def test_a_tempo_change_enters_the_tempo_map_and_returns(folk_song: Song):
    arr = arrange(with_section(folk_song, "Bridge", tempo=76))
    bridge = next(s for s in arr.sections if s.label == "Bridge")
    assert (bridge.start, 76.0) in arr.tempo_map
    assert (bridge.end, 90.0) in arr.tempo_map
    assert arr.seconds_at(bridge.end) > arrange(folk_song).seconds_at(bridge.end)


def test_a_section_can_swap_an_instrument_and_swap_back(folk_song: Song):
    swapped = (
        Part(name="Mandolin", role="chords", program=105),
        *(p for p in folk_song.meta.parts if p.role != "chords"),
    )
    arr = arrange(with_section(folk_song, "Bridge", parts=swapped))
    bridge = next(s for s in arr.sections if s.label == "Bridge")
    guitar = arr.track("chords")
    assert guitar is not None and guitar.program == 25
    assert guitar.program_changes == ((bridge.start, 105), (bridge.end, 25))


def test_a_section_without_a_part_leaves_it_out(folk_song: Song):
    no_drums = tuple(p for p in folk_song.meta.parts if p.role != "drums")
    arr = arrange(with_section(folk_song, "Intro", parts=no_drums))
    assert notes_in(arr, "Intro", "drums") == [] and notes_in(arr, "Verse 1", "drums")


def test_a_key_change_moves_the_lead_into_the_new_scale(folk_song: Song):
    e_minor = Key(tonic="E", mode="minor")
    arr = arrange(with_section(folk_song, "Bridge", key=e_minor, chords=("Em", "C", "Am", "B7")))
    scale = set(scale_pitch_classes(e_minor)) | {3}  # B7's D# is the only note borrowed from outside
    assert all(n.pitch % 12 in scale for n in notes_in(arr, "Bridge", "lead"))


def test_a_written_melody_is_played_as_written(folk_song: Song):
    melody = (Note(pitch=62, start=0, duration=1, lyric="oh"), Note(pitch=65, start=1.5, duration=2.5))
    arr = arrange(with_section(folk_song, "Intro", melody=melody))
    intro = notes_in(arr, "Intro", "lead")
    assert [(n.start, n.duration, n.pitch, n.lyric) for n in intro] == [(0.0, 1.0, 62, "oh"), (1.5, 2.5, 65, None)]


def test_energy_makes_the_band_play_more_and_harder(folk_song: Song):
    quiet = arrange(with_section(folk_song, "Chorus 2", energy=0.2))
    loud = arrange(with_section(folk_song, "Chorus 2", energy=1.0))
    for role in ("drums", "chords"):
        soft, hard = notes_in(quiet, "Chorus 2", role), notes_in(loud, "Chorus 2", role)
        assert len(hard) > len(soft)
        assert mean(n.velocity for n in hard) > mean(n.velocity for n in soft)


def test_drums_crash_into_a_section_and_fill_into_the_chorus(folk_arrangement: Arrangement):
    chorus = next(s for s in folk_arrangement.sections if s.label == "Chorus 1")
    drums = folk_arrangement.track("drums")
    assert drums is not None
    assert any(n.pitch == CRASH and n.start == chorus.start for n in drums.notes)
    fill = [n for n in drums.notes if chorus.start - 1.0 <= n.start < chorus.start]
    assert len(fill) >= 4 and len({n.start for n in fill}) >= 4


def test_a_section_s_own_cymbal_takes_over_the_time_and_nothing_else(folk_song: Song):
    song = folk_song.with_updates(meta=folk_song.meta.model_copy(update={"style": "rock"}))
    plain = notes_in(arrange(song), "Chorus 1", "drums")
    crashing = notes_in(arrange(with_section(song, "Chorus 1", cymbal="crash")), "Chorus 1", "drums")
    cymbals = {CLOSED_HAT, PEDAL_HAT, OPEN_HAT, RIDE, CRASH}
    # Every stroke the hats or ride played (and the crash into the chorus) is now one crash, no more.
    assert [n.start for n in crashing if n.pitch == CRASH] == [n.start for n in plain if n.pitch in cymbals]
    assert not any(n.pitch in cymbals - {CRASH} for n in crashing)
    # Kick, snare and fills are the groove's as before.
    assert [n for n in plain if n.pitch not in cymbals] == [n for n in crashing if n.pitch not in cymbals]


def test_arranging_is_deterministic(folk_song: Song, folk_arrangement: Arrangement):
    assert arrange(folk_song) == folk_arrangement


@pytest.mark.parametrize("metre", ["3/4", "6/8", "5/4"])
def test_odd_metres_stay_on_their_grid(metre: str):
    song = plan_song(f"a folk song about the hills in G, {metre}")
    assert song.meta.time_signature == metre
    arr = arrange(song)
    for track in arr.tracks:
        for note in track.notes:
            span = next(s for s in arr.sections if s.start <= note.start < s.end)
            assert note.start + note.duration <= span.end + 1e-9


@pytest.mark.parametrize("style", sorted(STYLES))
def test_every_style_arranges_a_planned_song(style: str):
    song = plan_song(Brief(subject="the city", style=style))
    arr = arrange(song)
    assert song.meta.style == style and len(arr.tracks) == len(style_for(style).parts)
    assert all(t.notes for t in arr.tracks)


def test_parts_missing_from_the_sheet_are_not_played(folk_song: Song):
    trio = tuple(p for p in folk_song.meta.parts if p.role != "lead")
    arr = arrange(folk_song.with_updates(meta=folk_song.meta.model_copy(update={"parts": trio})))
    assert arr.track("lead") is None and len(arr.tracks) == len(trio)


def test_unknown_style_falls_back_to_pop():
    assert style_for("zydeco-polka").name == "pop"
    assert style_for(" Folk ").name == "folk"


# -- MIDI ----------------------------------------------------------------------------------


def test_midi_round_trip_keeps_tracks_programs_markers_and_lyrics(folk_song: Song, tmp_path: Path):
    swapped = (
        Part(name="Mandolin", role="chords", program=105),
        *(p for p in folk_song.meta.parts if p.role != "chords"),
    )
    song = with_section(with_section(folk_song, "Bridge", parts=swapped), "Chorus 3", tempo=100)
    arr = arrange(song)
    path = write_midi(arr, tmp_path / "exports" / "leaving-home.mid")
    assert path.exists() and [p.name for p in path.parent.iterdir()] == ["leaving-home.mid"]

    midi = mido.MidiFile(path)
    assert midi.type == 1 and len(midi.tracks) == 1 + len(arr.tracks)
    conductor = list(midi.tracks[0])
    assert conductor[0].type == "track_name" and conductor[0].name == "Leaving Home"
    assert [m.text for m in conductor if m.type == "marker"] == list(song.labels)
    assert [round(mido.tempo2bpm(m.tempo)) for m in conductor if m.type == "set_tempo"] == [90, 100, 90]
    assert any(m.type == "time_signature" and (m.numerator, m.denominator) == (4, 4) for m in conductor)

    by_name = {t.name: t for t in midi.tracks[1:]}
    assert set(by_name) == {t.name for t in arr.tracks}
    guitar = [m.program for m in by_name["Acoustic Guitar"] if m.type == "program_change"]
    assert guitar == [25, 105, 25]
    drum_channels = {m.channel for m in by_name["Light Kit"] if m.type == "note_on"}
    assert drum_channels == {9}
    lyrics = [m.text for m in by_name["Fiddle"] if m.type == "lyrics"]
    assert [s.rstrip("-") for s in lyrics[: len(line_syllables(VERSE[0]))]] == line_syllables(VERSE[0])
    lead_track = arr.track("lead")
    assert lead_track is not None
    note_ons = sum(1 for m in by_name["Fiddle"] if m.type == "note_on" and m.velocity > 0)
    assert note_ons == len(lead_track.notes)
    assert midi.length == pytest.approx(song.duration_seconds(), abs=0.5)


def test_midi_text_is_made_safe_for_the_file_format(tmp_path: Path):
    song = plan_song("a pop song called Don’t Go")
    song = with_section(song, "Verse 1", lyrics=("don’t go — stay",))
    midi = mido.MidiFile(song_to_midi_file(song, tmp_path / "dont-go.mid"))
    lyrics = [m.text for track in midi.tracks for m in track if m.type == "lyrics"]
    assert lyrics[0] == "don't"


def test_midi_refuses_a_nonsense_resolution(folk_arrangement: Arrangement):
    with pytest.raises(ValueError):
        arrangement_to_midi(folk_arrangement, ticks_per_beat=0)
