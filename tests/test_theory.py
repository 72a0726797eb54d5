"""Chord symbols, keys, voicings and syllables, as a songwriter writes them on a lead sheet."""

from __future__ import annotations

from statistics import mean

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from music.errors import SongError
from music.song import Key
from music.theory.chords import (
    chord_bass,
    chord_pitch_classes,
    chord_quality,
    chord_root,
    is_diatonic,
    prefers_flats,
    roman_to_symbol,
    scale_pitch_classes,
    tonic_pc,
    transpose_symbol,
    voice_chord,
)
from music.words.syllables import line_syllables, stresses, syllable_count, syllables

LEAD_SHEET = [
    # symbol, pitch classes (root first), root, bass, quality
    ("C", (0, 4, 7), 0, 0, "major"),
    ("Am", (9, 0, 4), 9, 9, "minor"),
    ("Bb", (10, 2, 5), 10, 10, "major"),
    ("Ebmaj7", (3, 7, 10, 2), 3, 3, "major"),
    ("F#m7", (6, 9, 1, 4), 6, 6, "minor"),
    ("C/E", (0, 4, 7), 0, 4, "major"),
    ("Am/G", (9, 0, 4, 7), 9, 7, "minor"),
    ("Gsus4", (7, 0, 2), 7, 7, "suspended"),
    ("A7", (9, 1, 4, 7), 9, 9, "major"),
    ("Bdim", (11, 2, 5), 11, 11, "diminished"),
    ("Caug", (0, 4, 8), 0, 0, "augmented"),
    ("D5", (2, 9), 2, 2, "power"),
    ("Cadd9", (0, 2, 4, 7), 0, 0, "major"),
    ("C6", (0, 4, 7, 9), 0, 0, "major"),
    ("Dm9", (2, 4, 5, 9, 0), 2, 2, "minor"),
    ("Bm7b5", (11, 2, 5, 9), 11, 11, "diminished"),
    ("Cmaj9", (0, 2, 4, 7, 11), 0, 0, "major"),
]


@pytest.mark.parametrize(("symbol", "pcs", "root", "bass", "quality"), LEAD_SHEET, ids=[c[0] for c in LEAD_SHEET])
def test_chord_symbols_read_like_a_lead_sheet(symbol: str, pcs: tuple[int, ...], root: int, bass: int, quality: str):
    assert chord_pitch_classes(symbol)[0] == root
    assert set(chord_pitch_classes(symbol)) == set(pcs)
    assert chord_root(symbol) == root
    assert chord_bass(symbol) == bass
    assert chord_quality(symbol) == quality


@pytest.mark.parametrize("symbol", ["H7", "Cxyz", "", "7", "C/X"])
def test_an_unreadable_chord_is_one_plain_sentence(symbol: str):
    with pytest.raises(SongError) as caught:
        chord_pitch_classes(symbol)
    message = str(caught.value)
    assert message.endswith(".") and "\n" not in message and "chord" in message


def test_roman_numerals_in_d_minor_come_out_in_musicians_spelling():
    d_minor = Key(tonic="D", mode="minor")
    romans = ["i", "VI", "III", "VII", "iv", "V7"]
    assert [roman_to_symbol(r, d_minor) for r in romans] == ["Dm", "Bb", "F", "C", "Gm", "A7"]


def test_borrowed_and_secondary_chords_in_c_major():
    c_major = Key(tonic="C", mode="major")
    assert roman_to_symbol("bVII", c_major) == "Bb"
    assert roman_to_symbol("iv", c_major) == "Fm"
    assert roman_to_symbol("V7/V", c_major) == "D7"
    assert roman_to_symbol("viio", c_major) == "Bdim"
    assert roman_to_symbol("Imaj7", c_major) == "Cmaj7"
    with pytest.raises(SongError):
        roman_to_symbol("X", c_major)


def test_modes_have_their_own_scales():
    assert scale_pitch_classes(Key(tonic="D", mode="dorian")) == (2, 4, 5, 7, 9, 11, 0)
    assert scale_pitch_classes(Key(tonic="G", mode="mixolydian")) == (7, 9, 11, 0, 2, 4, 5)
    assert scale_pitch_classes(Key(tonic="F", mode="lydian")) == (5, 7, 9, 11, 0, 2, 4)
    assert scale_pitch_classes(Key(tonic="E", mode="phrygian")) == (4, 5, 7, 9, 11, 0, 2)
    assert tonic_pc(Key(tonic="Bb")) == 10
    assert prefers_flats(Key(tonic="D", mode="minor")) and not prefers_flats(Key(tonic="E", mode="major"))


def test_transposing_keeps_the_chord_colour():
    assert transpose_symbol("Am7", 3) == "Cm7"
    assert transpose_symbol("C/E", 2) == "D/F#"
    assert transpose_symbol("F#m", 4, prefer_flats=True) == "Bbm"


def test_a_voicing_sits_around_its_centre_and_follows_it_up():
    low = voice_chord("Am", 60)
    high = voice_chord("Am", 72)
    assert 3 <= len(low) <= 5 and abs(mean(low) - 60) <= 4
    assert mean(high) > mean(low) + 8
    assert {p % 12 for p in low} == {9, 0, 4}


def test_voice_leading_moves_the_hands_little():
    c_chord = voice_chord("C", 62)
    led = voice_chord("Am", 62, previous=c_chord)
    assert sum(min(abs(a - b) for b in c_chord) for a in led) <= 3


@settings(max_examples=60, deadline=None)
@given(
    symbol=st.sampled_from([c[0] for c in LEAD_SHEET] + ["G7sus4", "E7", "Fm6", "Cdim7", "C13"]),
    centre=st.integers(min_value=40, max_value=90),
)
def test_any_voicing_follows_its_centre(symbol: str, centre: int):
    voicing = voice_chord(symbol, centre)
    assert 3 <= len(voicing) <= 5
    assert abs(mean(voicing) - centre) <= 4
    assert mean(voice_chord(symbol, centre + 7)) > mean(voicing)
    assert set(p % 12 for p in voicing) <= set(chord_pitch_classes(symbol))


def test_diatonic_check():
    d_minor = Key(tonic="D", mode="minor")
    assert is_diatonic("Bb", d_minor) and not is_diatonic("A7", d_minor)


# -- syllables -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "pieces"),
    [("leaving", ["leav", "ing"]), ("home,", ["home,"]), ("beautiful", ["beau", "ti", "ful"]),
     ("table", ["ta", "ble"]), ("something", ["some", "thing"]), ("river", ["ri", "ver"])],
)  # fmt: skip
def test_words_split_into_sung_syllables(word: str, pieces: list[str]):
    assert syllables(word) == pieces


def test_a_lyric_line_and_its_stresses():
    assert line_syllables("so long to the river") == ["so", "long", "to", "the", "ri", "ver"]
    assert stresses("river") == [1, 0]
    assert stresses("away") == [0, 1]
    assert stresses("zorblatic")[0] == 1  # not in the dictionary: first syllable stressed


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", min_size=1, max_size=14))
def test_syllables_always_join_back_into_the_word(word: str):
    pieces = syllables(word)
    assert "".join(pieces) == word
    assert len(stresses(word)) == len(pieces)
    assert syllable_count(word) >= 1


@pytest.mark.parametrize(
    ("symbol", "tonic", "figure"),
    [("Gm7/C", "F", "V9sus4"), ("Bb/C", "F", "V9sus4"), ("F/G", "C", "V9sus4"), ("Dm7/G", "C", "V9sus4"),
     ("G9sus4", "C", "V9sus4"), ("C/E", "C", "I6")],
)  # fmt: skip
def test_a_chord_over_a_bass_a_fifth_below_is_the_bass_s_suspended_ninth(symbol: str, tonic: str, figure: str) -> None:
    from music.theory.romans import roman_numeral

    named = roman_numeral(symbol, Key(tonic=tonic))
    assert named.figure == figure and named.symbol == symbol
    assert figure != "V9sus4" or named.function == "dominant"
