"""A sung note that rubs against its chord is found where the ear dwells on it, and edits never add one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from music.band.styles import STYLE_NAMES
from music.edits.harmony import reharmonize
from music.edits.transforms import brighten
from music.plan.planner import plan_song
from music.song import Key, Meta, Note, Section, Song, parse_song
from music.theory.chords import note_pc
from music.theory.clashes import clashes, keep_clear, rubs
from music.words.melody import write_melody

SESSION_SONG = Path(__file__).resolve().parent.parent / "bench" / "data" / "session_song.json"


def pc(name: str) -> int:
    return note_pc(name)


def one_bar(chord: str, *notes: tuple[str, float, float]) -> Song:
    """A one-bar verse in C major over `chord` singing `notes` as (MIDI pitch name, start, length)."""
    pitches = {"C": 60, "C#": 61, "Db": 61, "D": 62, "Eb": 63, "E": 64, "F": 65, "F#": 66, "G": 67, "Ab": 68,
               "A": 69, "Bb": 70, "B": 71}  # fmt: skip
    melody = tuple(Note(pitch=pitches[n], start=s, duration=d) for n, s, d in notes)
    section = Section(kind="verse", label="Verse 1", bars=1, chords=(chord,), melody=melody)
    return Song(meta=Meta(key=Key(tonic="C")), sections=(section,))


@pytest.mark.parametrize(
    ("note", "chord"),
    [("F", "C"), ("Db", "C"), ("C", "A"), ("B", "Eb"), ("E", "Cm"), ("Ab", "G")],
)
def test_a_semitone_above_a_chord_tone_or_against_the_third_rubs(note: str, chord: str) -> None:
    assert rubs(pc(note), chord)


@pytest.mark.parametrize(
    ("note", "chord"), [("B", "C"), ("E", "C"), ("Bb", "C"), ("D", "C"), ("F#", "D"), ("A", "Fmaj7")]
)
def test_chord_tones_and_colours_do_not_rub(note: str, chord: str) -> None:
    assert not rubs(pc(note), chord)


def test_a_rub_counts_on_a_strong_beat_or_held_a_beat_and_not_in_passing() -> None:
    passing = one_bar("C", ("E", 0.0, 1.0), ("F", 1.0, 0.5), ("E", 1.5, 2.5))
    assert clashes(passing, 0) == ()
    on_three = one_bar("C", ("E", 0.0, 2.0), ("F", 2.0, 0.5), ("E", 2.5, 1.5))
    assert [str(c) for c in clashes(on_three, 0)] == ["F4 over C in bar 1, beat 3"]
    held = one_bar("C", ("E", 0.0, 1.0), ("F", 1.0, 1.0), ("E", 2.0, 2.0))
    assert [str(c) for c in clashes(held, 0)] == ["F4 over C in bar 1, beat 2"]


def session_with_melodies() -> Song:
    song = parse_song(json.loads(SESSION_SONG.read_text(encoding="utf-8")))
    song = write_melody(song, "chorus").song
    return write_melody(song, "verse").song


def test_a_bar_whose_new_chord_would_clash_keeps_its_old_chord_and_says_why() -> None:
    song = session_with_melodies()
    index = song.find("Verse 1")[0]
    darker_chords = ("Am", "Gm", "Fm", "Gm", "Am", "Gm", "Fm", "Gm")
    darker = song.replace_section(index, song.sections[index].model_copy(update={"chords": darker_chords}))
    assert len(clashes(darker, index)) > len(clashes(song, index))  # the verse sings B and A there

    kept, words = keep_clear(song, darker, index)

    assert {(c.bar, c.beat, c.note) for c in clashes(kept, index)} <= {
        (c.bar, c.beat, c.note) for c in clashes(song, index)
    }
    chords = kept.sections[index].chords
    assert chords != song.sections[index].chords, "bars without a clash keep the darker chords"
    assert words and all(" kept in bar" in w and "under the sung" in w for w in words)
    for word in words:
        chord = word.split(" kept")[0]
        bars = [int(n) for n in re.findall(r"\d+", word.split(" kept in ")[1].split(", under")[0])]
        assert all(chords[b - 1] == chord == song.sections[index].chords[b - 1] for b in bars)


def test_a_change_that_adds_no_clash_is_left_as_it_is() -> None:
    song = session_with_melodies()
    index = song.find("Bridge")[0]  # no written melody: the sung line follows its chords
    richer = song.replace_section(
        index, song.sections[index].model_copy(update={"chords": ("Dm7", "Fmaj7", "C", "E7") * 2})
    )
    assert keep_clear(song, richer, index) == (richer, ())


def test_a_brighter_chorus_never_puts_a_major_third_under_the_sung_minor_third_and_says_so() -> None:
    song = session_with_melodies()
    change = brighten(song, "chorus")
    for index in song.find("chorus"):
        had = {(c.bar, c.beat) for c in clashes(song, index)}
        assert {(c.bar, c.beat) for c in clashes(change.song, index)} <= had
        assert change.song.sections[index].melody == song.sections[index].melody
    summary = change.summary()
    assert "Am kept in bars 4 and 8, under the sung C" in summary
    assert "melody up" not in summary and "bass up" not in summary


def test_a_reharmonization_that_would_clash_everywhere_changes_nothing_and_says_why() -> None:
    song = session_with_melodies()
    change = reharmonize(song, "verse 1", "borrowed")  # its one borrowed chord would sit under a sung G
    assert change.unchanged and change.song == song
    assert change.summary() == "Nothing changed. Verse 1: G kept in bar 4, under the sung G."


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_a_planned_song_plays_no_clash_in_any_section(style: str) -> None:
    # An outro's motif once came home to the tonic over V (C over G): the lead now comes home only over a chord that has it.
    song = plan_song(f"a {style} song about the last ferry home")
    assert {song.sections[i].label: clashes(song, i) for i in range(len(song.sections)) if clashes(song, i)} == {}
