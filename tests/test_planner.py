"""From a musician's first sentence to a planned song sheet: sections, chords, energy and sound."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from music.band.styles import STYLES
from music.errors import SongError
from music.plan.planner import Brief, parse_brief, plan_song
from music.plan.progressions import outside_the_mode, progression
from music.song import Key
from music.theory.chords import chord_pitch_classes, is_diatonic, roman_to_symbol

BRIEFS = [
    # text, style, tempo, (tonic, mode), metre, subject, title
    ("Let's write a folk song about leaving home, 90 BPM, D minor", "folk", 90, ("D", "minor"), "4/4",
     "leaving home", "Leaving Home"),
    ("upbeat pop tune in E major at 120bpm", "pop", 120, ("E", "major"), "4/4", "", "Upbeat Pop Song"),
    ("a slow ballad about the sea", "ballad", None, None, "4/4", "the sea", "The Sea"),
    ("rock song in F# minor, 140 bpm, 3/4", "rock", 140, ("F#", "minor"), "3/4", "", None),
    ("jazzy song in Bb", "jazz", None, ("Bb", "major"), "4/4", "", None),
    ("a sad waltz in a minor about my grandmother's garden", "waltz", None, ("A", "minor"), "3/4",
     "my grandmother's garden", "My Grandmother's Garden"),
    ("an edm track in C dorian called Neon Nights", "edm", None, ("C", "dorian"), "4/4", "", "Neon Nights"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "style", "tempo", "key", "metre", "subject", "title"), BRIEFS, ids=[b[1] + "-" + b[4] for b in BRIEFS]
)
def test_a_brief_is_read_like_a_bandmate_would(text, style, tempo, key, metre, subject, title):
    brief = parse_brief(text)
    assert brief.style == style
    if tempo is not None:
        assert brief.tempo == tempo
    if key is not None:
        assert brief.key == Key(tonic=key[0], mode=key[1])
    assert brief.time_signature == metre
    assert brief.subject == subject
    if title is not None:
        assert brief.title == title
    # Whatever was not said is filled in from the style.
    assert brief.tempo is not None and brief.key is not None and brief.mood and brief.title


def test_unsaid_things_get_the_style_habits():
    slow = parse_brief("a slow ballad about the sea")
    assert slow.tempo is not None and slow.tempo < STYLES["ballad"].tempo
    assert parse_brief("a rock song").tempo == STYLES["rock"].tempo
    assert parse_brief("a sad folk song").key.mode == "minor"  # type: ignore[union-attr]
    assert parse_brief("a minor-key ballad").key != Key(tonic="A", mode="minor")


@pytest.mark.parametrize(
    "text", ["", "   ", "a folk song at 500 bpm", "a rock song in 7/5"], ids=["empty", "blank", "tempo", "metre"]
)
def test_a_brief_that_cannot_be_played_is_one_plain_sentence(text: str):
    with pytest.raises(SongError) as caught:
        parse_brief(text)
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message


def test_the_folk_brief_becomes_a_full_song_sheet():
    song = plan_song("Let's write a folk song about leaving home, 90 BPM, D minor")
    assert song.labels == ("Intro", "Verse 1", "Chorus 1", "Verse 2", "Chorus 2", "Bridge", "Chorus 3", "Outro")
    assert (song.meta.key, song.meta.tempo, song.meta.title) == (Key(tonic="D", mode="minor"), 90, "Leaving Home")
    assert [s.energy for s in song.sections] == [0.3, 0.45, 0.75, 0.45, 0.75, 0.55, 0.9, 0.3]
    assert song.sections[0].chords[0] == "Dm" and song.sections[-1].chords[-1] == "Dm"
    assert {p.role for p in song.meta.parts} == {"chords", "bass", "lead", "drums"}
    assert song.meta.description == (
        "melancholic folk song in D minor at 90 BPM, acoustic guitar, fiddle and upright bass, about leaving home"
    )
    assert song.meta.mood == "melancholic" and "folk" in song.meta.tags


def test_the_verse_leans_into_the_chorus():
    romans = progression("verse", "major", "pop", 0, 8, "chorus")
    assert romans[-1] == "V" and len(romans) == 8
    assert progression("bridge", "minor", "folk", 0, 8, "chorus")[-1] == "V7"


def test_planning_is_deterministic_and_brief_objects_work():
    text = "a hopeful pop song about the first day of spring"
    assert plan_song(text) == plan_song(text)
    song = plan_song(Brief(subject="trains", style="rock"))
    assert song.meta.style == "rock" and song.meta.title == "Trains"


TONICS = ["C", "C#", "Db", "D", "Eb", "E", "F", "F#", "Gb", "G", "Ab", "A", "Bb", "B", "Cb", "E#"]
MODES = ["major", "minor", "dorian", "mixolydian", "lydian", "phrygian"]


@settings(max_examples=120, deadline=None)
@given(
    tonic=st.sampled_from(TONICS),
    mode=st.sampled_from(MODES),
    style=st.sampled_from(sorted(STYLES)),
    subject=st.text(alphabet="abcdefghij ", max_size=12),
)
def test_any_key_and_mode_gives_a_playable_diatonic_plan(tonic: str, mode: str, style: str, subject: str):
    key = Key(tonic=tonic, mode=mode)  # type: ignore[arg-type]
    song = plan_song(Brief(subject=subject.strip(), style=style, key=key, tempo=100))
    borrowed = {roman_to_symbol(r, key) for r in outside_the_mode(style, key.mode)}
    for section in song.sections:
        assert len(section.chords) == section.bars
        for bar in section.chords:
            for symbol in bar.split():
                assert chord_pitch_classes(symbol)  # every symbol reads back
                assert is_diatonic(symbol, key) or symbol in borrowed, (section.label, symbol, key)
    assert song.meta.key == key and song.meta.description.startswith(song.meta.mood)
