"""A musician hands over a folder of their songs; cowriter learns their habits and writes new songs with them."""

from __future__ import annotations

import random
from pathlib import Path

import mido
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from music.band.arrange import arrange
from music.errors import SongError, UnknownSection
from music.plan.fingerprint import (
    StyleProfile,
    learn_style,
    plan_in_style,
    progression_in_style,
    reharmonize_in_style,
)
from music.plan.planner import plan_song
from music.song import Key
from music.theory.chords import chord_pitch_classes, chord_quality
from music.theory.romans import roman_numeral

NOTE = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
LOOP = (0, 10, 5, 0)  # I bVII IV I, as semitones above the tonic
CADENCE = (7, 7, 0, 0)  # V V I I: how each song ends


def write_song(path: Path, tonic: str, bpm: int, loops: int) -> Path:
    """A song that plays I-bVII-IV-I `loops` times, then a V-I ending: tune in eighths, piano chords and bass."""
    per_beat, home = 480, NOTE[tonic]
    roots = [*LOOP * loops, *CADENCE]
    mid = mido.MidiFile(type=1, ticks_per_beat=per_beat)
    mid.tracks.append(
        mido.MidiTrack(
            [
                mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm)),
                mido.MetaMessage("time_signature", numerator=4, denominator=4),
            ]
        )
    )
    tune, piano, bass = [], [], []
    for bar, step in enumerate(roots):
        start, root = bar * 4 * per_beat, (home + step) % 12
        piano += [(start, 60 + (root + i) % 12, 4 * per_beat) for i in (0, 4, 7)]
        bass.append((start, 36 + root, 4 * per_beat))
        # Over the home chord the tune leans on the tonic, third and leading tone, so the key is clear.
        line = (0, 4, 11, 12, 0, 4, 11, 0) if step == 0 else (step, step + 4, step + 7, step + 4) * 2
        tune += [(start + k * per_beat // 2, 67 + (home + s) % 12, per_beat // 2) for k, s in enumerate(line)]
    for name, channel, program, events in (("Melody", 0, 73, tune), ("Piano", 1, 0, piano), ("Bass", 2, 33, bass)):
        messages = [mido.MetaMessage("track_name", name=name), mido.Message("program_change", channel=channel,
                                                                              program=program)]  # fmt: skip
        timeline = sorted([(s, 1, p) for s, p, _ in events] + [(s + n, 0, p) for s, p, n in events])
        now = 0
        for tick, on, pitch in timeline:
            kind = "note_on" if on else "note_off"
            messages.append(mido.Message(kind, channel=channel, note=pitch, velocity=90 if on else 0, time=tick - now))
            now = tick
        mid.tracks.append(mido.MidiTrack(messages))
    mid.save(path)
    return path


@pytest.fixture(scope="module")
def songs_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five songs (three in G major at 96 BPM, two in E major at 100) and one file of noise."""
    folder = tmp_path_factory.mktemp("my-songs")
    for n in range(3):
        write_song(folder / f"g-song-{n}.mid", "G", 96, loops=3 + n % 2)
    for n in range(2):
        write_song(folder / f"e-song-{n}.midi", "E", 100, loops=3 + n)
    (folder / "noise.mid").write_bytes(bytes(random.Random(1).randrange(256) for _ in range(600)))
    (folder / "notes.txt").write_text("not a song")
    return folder


@pytest.fixture(scope="module")
def profile(songs_folder: Path) -> StyleProfile:
    return learn_style(songs_folder)


def figures(chords: list[str] | tuple[str, ...], key: Key) -> list[str]:
    return [roman_numeral(symbol, key).numeral for entry in chords for symbol in entry.split()]


def has_move(chords: list[str] | tuple[str, ...], key: Key, first: str, second: str) -> bool:
    named = figures(chords, key)
    return any(a == first and b == second for a, b in zip(named, named[1:], strict=False))


# -- learning --------------------------------------------------------------------------------------


def test_the_profile_hears_bvii_after_the_home_chord(profile: StyleProfile) -> None:
    assert profile.successors("I")[0][0] == "bVII"
    assert profile.successors("bVII")[0][0] == "IV"
    assert profile.successors("IV")[0][0] == "I"
    assert profile.main_mode == "major"
    assert profile.harmony["major"].held["I"] > 1.5  # the home chord rings across the loop's seam


def test_the_profile_knows_the_keys_tempi_metre_and_busy_tunes(profile: StyleProfile) -> None:
    assert profile.keys == {"G major": 3, "E major": 2}
    assert sorted(profile.tempi) == [96.0, 96.0, 96.0, 100.0, 100.0]
    assert profile.time_signatures == {"4/4": 5}
    assert min(profile.notes_per_bar) >= 7.5  # eighth notes all the way
    assert profile.favourite_key() == Key(tonic="G", mode="major")


def test_the_unreadable_file_is_skipped_and_named(profile: StyleProfile) -> None:
    assert profile.skipped == ("noise.mid",)
    assert len(profile.songs) == 5 and "notes.txt" not in profile.songs


def test_the_profile_describes_the_musician_in_their_own_terms(profile: StyleProfile) -> None:
    said = profile.describe()
    assert said.startswith("You favour I-bVII-IV-I and bVII")
    for phrase in ("G major and E major", "96-100 BPM", "4/4", "busy melodies"):
        assert phrase in said


def test_the_profile_survives_a_trip_through_json(profile: StyleProfile, tmp_path: Path) -> None:
    path = tmp_path / "style.json"
    path.write_text(profile.to_json())
    again = StyleProfile.from_json(path.read_text())
    assert again == profile
    assert again.describe() == profile.describe()
    with pytest.raises(SongError):
        StyleProfile.from_json('{"keys": "lots"}')


@pytest.mark.parametrize(
    "make, error",
    [
        (lambda folder: folder / "missing", "could not find the folder"),
        (lambda folder: folder, "no MIDI or MusicXML files"),
    ],
    ids=["missing folder", "empty folder"],
)
def test_nothing_to_learn_from_says_so(tmp_path: Path, make: object, error: str) -> None:
    with pytest.raises(SongError, match=error):
        learn_style(make(tmp_path))  # type: ignore[operator]


def test_a_folder_of_broken_files_says_so(tmp_path: Path) -> None:
    (tmp_path / "a.mid").write_bytes(b"not midi at all")
    with pytest.raises(SongError, match="None of the 1 files"):
        learn_style(tmp_path)


# -- writing with the habits -------------------------------------------------------------------------


def test_a_progression_in_style_walks_the_habit(profile: StyleProfile) -> None:
    d_major = Key(tonic="D", mode="major")
    chords = progression_in_style(profile, d_major, 8)
    assert chords == ["D", "D", "C", "G", "D", "D", "C", "G"]
    assert progression_in_style(profile, d_major, 8) == chords  # the same seed, the same walk
    assert progression_in_style(profile, d_major, 3, start="IV") == ["G", "D", "D"]


def test_other_modes_borrow_the_habit_degree_by_degree(profile: StyleProfile) -> None:
    a_minor = Key(tonic="A", mode="minor")
    chords = progression_in_style(profile, a_minor, 8)
    assert figures(chords, a_minor)[:4] == ["i", "i", "VII", "iv"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tonic=st.sampled_from(["C", "G", "D", "A", "E", "F", "Bb", "Eb", "F#"]),
    mode=st.sampled_from(["major", "minor", "dorian", "mixolydian"]),
    bars=st.integers(1, 32),
    seed=st.integers(0, 1000),
)
def test_every_walk_is_one_readable_chord_per_bar(
    profile: StyleProfile, tonic: str, mode: str, bars: int, seed: int
) -> None:
    key = Key(tonic=tonic, mode=mode)  # type: ignore[arg-type]
    chords = progression_in_style(profile, key, bars, seed=seed)
    assert len(chords) == bars
    for symbol in chords:
        assert chord_quality(symbol) in ("major", "minor", "diminished", "augmented")
    assert progression_in_style(profile, key, bars, seed=seed) == chords
    if mode == "major":
        assert set(figures(chords, key)) <= {"I", "bVII", "IV", "V"}


def test_bad_requests_for_a_progression_are_refused(profile: StyleProfile) -> None:
    with pytest.raises(SongError):
        progression_in_style(profile, Key(), 0)
    with pytest.raises(SongError):
        progression_in_style(profile, Key(), 4, start="XIV")
    with pytest.raises(SongError, match="no chord progressions"):
        progression_in_style(StyleProfile(), Key(), 4)


def test_a_song_planned_in_style_takes_the_musicians_key_tempo_and_moves(profile: StyleProfile) -> None:
    song = plan_in_style("a folk song about the river", profile)
    plain = plan_song("a folk song about the river")
    assert song.meta.key == Key(tonic="G", mode="major")
    assert song.meta.tempo == 98.0  # the mean of 96, 96, 96, 100 and 100
    assert [s.bars for s in song.sections] == [s.bars for s in plain.sections]
    assert [s.label for s in song.sections] == [s.label for s in plain.sections]
    key = song.meta.key
    assert all(has_move(s.chords, key, "bVII", "IV") for s in song.sections if s.bars >= 4)
    assert figures(song.sections[-1].chords, key)[-1] == "I"  # the outro goes home
    # The arranger plays the borrowed chord: an F natural sounds in G major.
    chords_part = next(t for t in arrange(song).tracks if t.role == "chords")
    assert any(n.pitch % 12 == 5 for n in chords_part.notes)


def test_what_the_brief_says_wins_over_the_habits(profile: StyleProfile) -> None:
    song = plan_in_style("a sad song about rain in D minor at 120 BPM", profile)
    assert song.meta.key == Key(tonic="D", mode="minor")
    assert song.meta.tempo == 120.0
    verse = song.sections[song.find("verse 1")[0]]
    assert figures(verse.chords, song.meta.key)[:4] == ["i", "i", "VII", "iv"]
    waltz = plan_in_style("a waltz about dancing", profile)
    assert waltz.meta.time_signature == "3/4"


def test_reharmonizing_the_chorus_in_style_changes_only_the_chorus(profile: StyleProfile) -> None:
    song = plan_song("a pop song about trains")
    change = reharmonize_in_style(song, "chorus", profile)
    key = song.meta.key
    choruses = song.find("chorus")
    for index, (before, after) in enumerate(zip(song.sections, change.song.sections, strict=True)):
        assert after.bars == before.bars
        if index in choruses:
            assert has_move(after.chords, key, "bVII", "IV")
            assert after.chords != before.chords
        else:
            assert after == before
    assert len(change.changes) == len(choruses)
    assert "in your style" in change.summary() and "Chorus 1-3" in change.summary()
    for entry in change.song.sections[choruses[0]].chords:
        assert chord_pitch_classes(entry)


def test_reharmonizing_an_unknown_section_changes_nothing(profile: StyleProfile) -> None:
    song = plan_song("a pop song about trains")
    with pytest.raises(UnknownSection):
        reharmonize_in_style(song, "solo", profile)
