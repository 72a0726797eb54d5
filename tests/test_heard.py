"""A musician changes the session song and reads what the notes did, never what the change meant to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent
from music.edits.cymbals import keep_time_on
from music.edits.energy import add_energy, calm
from music.edits.heard import heard_changes, heard_moves, part_facts
from music.edits.keys import modulate
from music.edits.transforms import brighten, darken
from music.song import Note, Song, parse_song, section_with

SESSION_SONG = Path(__file__).parent.parent / "bench" / "data" / "session_song.json"
CHORUS = 2  # "Chorus 1" of the session song
# A written chorus melody: the musician's own line, which the arranger must not move.
HOOK = tuple(
    Note(pitch=pitch, start=2.0 * n, duration=1.5, lyric="la")
    for n, pitch in enumerate((69, 72, 76, 74, 72, 71, 69, 67, 65, 67, 69, 72, 71, 69, 67, 64))
)


@pytest.fixture(scope="module")
def song() -> Song:
    return parse_song(json.loads(SESSION_SONG.read_text()))


@pytest.fixture(scope="module")
def written(song: Song) -> Song:
    """The session song with a written melody in Chorus 1."""
    return song.replace_section(CHORUS, section_with(song.sections[CHORUS], melody=HOOK))


def notes_in(arrangement: Arrangement, index: int, role: str) -> list[NoteEvent]:
    span = arrangement.sections[index]
    track = arrangement.track(role)
    return [n for n in (track.notes if track else ()) if span.start <= n.start < span.end]


def with_part(song: Song, index: int, role: str, program: int) -> Song:
    parts = tuple(p.model_copy(update={"program": program}) if p.role == role else p for p in song.meta.parts)
    return song.replace_section(index, section_with(song.sections[index], parts=parts))


# -- brighter and darker -------------------------------------------------------------------------


def test_brighter_chorus_names_the_voicings_that_rose_and_leaves_a_written_melody_alone(written: Song) -> None:
    change = brighten(written, "Chorus 1")
    moves = heard_moves(written, change.song, CHORUS)

    assert moves[0] == "F -> Fmaj7, G -> Gadd9, C -> Cmaj7, Am -> A"
    assert any(m.startswith("Piano voicings up ") for m in moves)
    assert any(m.startswith("Warm Pad voicings up ") for m in moves)
    assert "bright piano instead of acoustic grand piano" in moves
    # The written hook sounds exactly where it did, so nothing may say the melody moved.
    lead_before = notes_in(arrange(written), CHORUS, "lead")
    lead_after = notes_in(arrange(change.song), CHORUS, "lead")
    assert [n.pitch for n in lead_before] == [n.pitch for n in lead_after]
    assert not [m for m in moves if "melody" in m]


def test_brighter_chorus_moves_the_voicings_but_never_the_bass_or_the_sung_line(song: Song) -> None:
    after = brighten(song, "Chorus 1").song
    bass = [n.pitch for n in notes_in(arrange(song), CHORUS, "bass")]
    assert [n.pitch for n in notes_in(arrange(after), CHORUS, "bass")] == bass
    sung, brighter = (sorted(n.pitch for n in notes_in(arrange(s), CHORUS, "lead")) for s in (song, after))
    assert abs(brighter[len(brighter) // 2] - sung[len(sung) // 2]) <= 2  # new chord tones, the same range

    moves = heard_moves(song, after, CHORUS)

    assert [m for m in moves if m.startswith("Piano voicings up ")]
    assert not [m for m in moves if m.startswith("bass") or " up " in m and m.startswith("melody")]


def test_a_register_nudge_of_a_fifth_moves_the_voicings_but_never_claims_the_bass(song: Song) -> None:
    after = song.replace_section(CHORUS, section_with(song.sections[CHORUS], register=-7))
    assert [n.pitch for n in notes_in(arrange(song), CHORUS, "bass")] == [
        n.pitch for n in notes_in(arrange(after), CHORUS, "bass")
    ]

    moves = heard_moves(song, after, CHORUS)

    assert [m for m in moves if m.startswith("Warm Pad voicings down ")], moves
    assert not [m for m in moves if "bass" in m]


def test_darker_chorus_says_brushes_and_lower_parts(song: Song) -> None:
    moves = heard_moves(song, darken(song, "Chorus 1").song, CHORUS)

    assert moves[0] == "F -> Fm, G -> Gm, C -> Cm"
    assert not [m for m in moves if "down" in m and m.startswith(("melody", "bass"))]
    assert [m for m in moves if m.startswith("Warm Pad voicings down ")], moves
    pad = notes_in(arrange(darken(song, "Chorus 1").song), CHORUS, "pad")
    assert min(n.pitch for n in pad) >= 52, "darker stops at the clear floor (E3), never in the mud"
    assert "brush kit instead of standard kit" in moves
    assert not [m for m in moves if "busier" in m or "sparser" in m]


# -- energy ---------------------------------------------------------------------------------------


def test_more_energy_in_a_loud_chorus_fills_in_the_piano_and_claims_no_drum_hits(song: Song) -> None:
    # The pop chorus already plays sixteenth hats: at the peak its drums only play harder, the piano fills its gaps.
    after = add_energy(song, "Chorus 1").song
    assert len(notes_in(arrange(song), CHORUS, "drums")) == len(notes_in(arrange(after), CHORUS, "drums"))

    moves = heard_moves(song, after, CHORUS)

    assert "drums played harder (velocity 73 -> 80)" in moves
    assert not [m for m in moves if "busier drums" in m or "hits" in m]
    assert "busier Piano (144 -> 192 notes)" in moves


def test_more_energy_in_the_verse_counts_the_drum_hits_it_added(song: Song) -> None:
    after = add_energy(song, "Verse 1").song
    hits = len(notes_in(arrange(song), 1, "drums")), len(notes_in(arrange(after), 1, "drums"))
    assert hits[1] > hits[0]

    moves = heard_moves(song, after, 1)

    assert f"busier drums ({hits[0]} -> {hits[1]} hits)" in moves
    assert not [m for m in moves if "busier bass" in m]  # the bass plays as many notes as before


def test_calmer_chorus_is_sparser_and_softer(song: Song) -> None:
    moves = heard_moves(song, calm(song, "Chorus 1").song, CHORUS)

    assert "sparser drums (176 -> 120 hits)" in moves
    assert "sparser bass (64 -> 40 notes)" in moves
    assert "melody played softer (velocity 94 -> 88)" in moves


# -- tempo, key, instruments, cymbals, chords, melody -----------------------------------------------


def test_a_faster_chorus_reports_its_tempo_and_nothing_else(song: Song) -> None:
    after = song.replace_section(CHORUS, section_with(song.sections[CHORUS], tempo=104))

    assert heard_changes(song, after) == ("Chorus 1: tempo 100 -> 104 BPM",)


def test_a_song_tempo_change_is_heard_in_every_section(song: Song) -> None:
    after = song.with_updates(meta=song.meta.model_copy(update={"tempo": 92.0}))

    assert heard_changes(song, after) == tuple(f"{label}: tempo 100 -> 92 BPM" for label in song.labels)


@pytest.mark.parametrize(
    ("role", "program", "heard"),
    [
        ("chords", 4, "electric piano instead of acoustic grand piano"),
        ("bass", 33, "electric bass (finger) instead of synth bass 1"),
    ],
    ids=["piano", "bass"],
)
def test_a_new_instrument_is_named(song: Song, role: str, program: int, heard: str) -> None:
    assert heard_moves(song, with_part(song, CHORUS, role, program), CHORUS) == (heard,)


def test_keeping_time_on_the_ride_names_the_cymbal_not_the_hits(song: Song) -> None:
    after = keep_time_on(song, "Chorus 1", "ride").song

    assert heard_moves(song, after, CHORUS) == ("drums keep time on the ride instead of the hi-hat",)


def test_a_key_change_names_the_key_and_each_chord(song: Song) -> None:
    moves = heard_moves(song, modulate(song, "Chorus 3", 2).song, 6)

    assert moves[:2] == ("key A minor -> B minor", "F -> G, G -> A, C -> D, Am -> Bm")


def test_chords_that_do_not_map_one_to_one_are_read_as_a_new_line(song: Song) -> None:
    chords = ("F", "G", "C", "Am", "F", "G", "C", "F")
    after = song.replace_section(CHORUS, section_with(song.sections[CHORUS], chords=chords))

    assert heard_moves(song, after, CHORUS)[0] == "new chords: F | G | C | Am | F | G | C | F"


def test_one_changed_melody_note_is_counted(written: Song) -> None:
    melody = tuple(n.model_copy(update={"pitch": n.pitch + 2}) if k == 3 else n for k, n in enumerate(HOOK))
    after = written.replace_section(CHORUS, section_with(written.sections[CHORUS], melody=melody))

    assert heard_moves(written, after, CHORUS) == ("melody: 1 note changed",)


def test_a_written_melody_an_octave_up_is_a_register_move(written: Song) -> None:
    melody = tuple(n.model_copy(update={"pitch": n.pitch + 12}) for n in HOOK)
    after = written.replace_section(CHORUS, section_with(written.sections[CHORUS], melody=melody))

    moves = heard_moves(written, after, CHORUS)
    assert "melody up an octave (E4-E5 -> E5-E6)" in moves
    # The band makes room for the line where it now sings: the piano goes under it, and says so.
    assert [m for m in moves if m.startswith("Piano voicings down ")], moves


def test_inner_notes_that_rise_inside_the_same_range_are_changed_notes_not_a_new_register(song: Song) -> None:
    def line(pitches: tuple[int, ...]) -> tuple[Note, ...]:
        return tuple(Note(pitch=p, start=4.0 * n, duration=2.0) for n, p in enumerate(pitches))

    low = song.replace_section(CHORUS, section_with(song.sections[CHORUS], melody=line((60, 62, 62, 62, 62, 72))))
    high = low.replace_section(CHORUS, section_with(low.sections[CHORUS], melody=line((60, 67, 67, 67, 67, 72))))

    moves = heard_moves(low, high, CHORUS)
    assert "melody: 4 notes changed" in moves and not [m for m in moves if m.startswith("melody ") and " up " in m]


# -- nothing, and the song as a whole -------------------------------------------------------------


def test_nothing_changed_is_silence(song: Song) -> None:
    retitled = song.with_updates(meta=song.meta.model_copy(update={"title": "Night Drive", "description": "x"}))

    assert heard_changes(song, song) == ()
    assert heard_changes(song, retitled) == ()
    assert heard_moves(song, song, CHORUS) == ()


def test_a_section_the_old_song_lacked_has_no_moves(song: Song) -> None:
    renamed = song.replace_section(CHORUS, section_with(song.sections[CHORUS], label="Hook", register=12))

    assert heard_moves(song, renamed, CHORUS) == ()


def test_every_changed_section_gets_one_entry_in_song_order(song: Song) -> None:
    entries = heard_changes(song, darken(song, "chorus").song)

    assert [e.partition(": ")[0] for e in entries] == ["Chorus 1", "Chorus 2", "Chorus 3"]
    assert all("brush kit instead of standard kit" in e for e in entries)


def test_a_section_number_outside_the_song_is_refused(song: Song) -> None:
    with pytest.raises(ValueError, match="no section number 9"):
        heard_moves(song, song, 8)


def test_part_facts_read_the_drums_time_cymbal_and_the_bass_range(song: Song) -> None:
    arrangement = arrange(song)
    span = arrangement.sections[CHORUS]
    drums = arrangement.track("drums")
    bass = arrangement.track("bass")
    assert drums is not None and bass is not None

    assert part_facts(drums, span).cymbal == "hi-hat"
    facts = part_facts(bass, span)
    assert (facts.low, facts.high, facts.count) == (36, 57, 64)
    assert facts.low is not None and facts.high is not None and facts.median is not None
    assert facts.low <= facts.median <= facts.high
