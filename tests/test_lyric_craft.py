"""A songwriter works on the words: counts syllables, checks the rhymes, asks for rhymes, fits lines to the tune."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from music.errors import SongError
from music.song import Meta, Note, Part, Section, Song
from music.words.lyric_craft import (
    line_problems,
    make_rhyme,
    meter_check,
    rhyme_scheme,
    rhymes_for,
    syllable_counts,
)
from music.words.rhyme_sounds import rhyme_kind

VERSE = (
    "I walked out in the night",
    "with nothing left but home",
    "the city burning bright",
    "I never feel alone",
)
WORDS = ("night", "home", "river", "forever", "city", "light", "alone", "burning", "morning", "the", "I", "we",
         "walked", "along", "heart", "fire", "again", "golden", "a", "beautiful")  # fmt: skip


def sung(*notes: tuple[float, float, str | None]) -> tuple[Note, ...]:
    """Melody notes on E4 from (start beat, length, syllable)."""
    return tuple(Note(pitch=64, start=start, duration=length, lyric=lyric) for start, length, lyric in notes)


def song_of(section: Section) -> Song:
    return Song(meta=Meta(parts=(Part(name="Piano", role="chords", program=0),)), sections=(section,))


# -- counting and rhyming ---------------------------------------------------------------------------


def test_syllables_are_counted_the_way_they_are_sung() -> None:
    assert syllable_counts(["I walked along the river", "forever and ever —", "", "beautiful"]) == [7, 6, 0, 3]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8), st.lists(st.sampled_from(WORDS), max_size=8))
def test_a_line_counts_as_its_words_put_together(first: list[str], second: list[str]) -> None:
    one, two = " ".join(first), " ".join(second)
    assert syllable_counts([f"{one} {two}"]) == [syllable_counts([one])[0] + syllable_counts([two])[0]]


def test_a_verse_shows_its_scheme_perfect_and_slant() -> None:
    scheme = rhyme_scheme(VERSE)
    assert scheme.letters == "ABAB"
    assert scheme.end_words == ("night", "home", "bright", "alone")
    kinds = {(p.first, p.second): p.kind for p in scheme.pairs}
    assert kinds == {(1, 3): "perfect", (2, 4): "slant"}
    assert "'home' and 'alone' are a slant rhyme" in scheme.describe()


@pytest.mark.parametrize(
    "lines, letters",
    [
        (["Hold me in the fire", "take me higher", "I lost my heart", "we fall apart"], "AABB"),
        (["Down in skrrtown", "the sun goes down", "say it again", "say it again"], "AABB"),
        (["one line", "", "another line", "and a song"], "A-AB"),
        (["Home,", "alone!", "HOME", "the end"], "AAAB"),
    ],
    ids=["couplets", "made-up word and a refrain", "blank line", "punctuation and case"],
)
def test_schemes_read_like_a_songwriter_hears_them(lines: list[str], letters: str) -> None:
    assert rhyme_scheme(lines).letters == letters


def test_a_made_up_word_rhymes_by_its_spelling() -> None:
    pair = rhyme_scheme(["Down in skrrtown", "the sun goes down"]).pairs[0]
    assert pair.kind == "perfect"
    assert rhymes_for("skrrtown").known is False
    assert "town" in rhymes_for("skrrtown").perfect


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ("",)), min_size=1, max_size=10))
def test_every_scheme_letters_each_line_and_pairs_only_rhymes(ends: list[str]) -> None:
    lines = [f"and then {word}" if word else "" for word in ends]
    scheme = rhyme_scheme(lines)
    assert len(scheme.letters) == len(lines)
    firsts = [letter for n, letter in enumerate(scheme.letters) if letter != "-" and letter not in scheme.letters[:n]]
    assert firsts == [chr(ord("A") + k) for k in range(len(firsts))]
    for pair in scheme.pairs:
        assert scheme.letters[pair.first - 1] == scheme.letters[pair.second - 1]
        assert rhyme_kind(*pair.words) == pair.kind == rhyme_kind(*reversed(pair.words))


def test_rhymes_for_night_offer_common_words_first() -> None:
    found = rhymes_for("night", limit=10)
    assert found.known
    assert len(found.perfect) == 10 and len(found.slant) == 10
    assert {"light", "right", "bright"} <= set(found.perfect)
    assert all(rhyme_kind("night", w) == "perfect" for w in found.perfect)
    assert all(rhyme_kind("night", w) == "slant" for w in found.slant)
    assert rhymes_for("night", slant=False).slant == ()


def test_rhymes_are_singable_words_not_dictionary_oddities() -> None:
    found = rhymes_for("love")
    assert found.perfect[0] == "above"
    assert {"glove", "dove"} <= set(found.perfect)
    assert "of" not in found.perfect[:4]  # a line should not land on 'of'
    assert all(w.isalpha() and len(w) > 1 for w in found.perfect + found.slant)


@pytest.mark.parametrize("word, limit", [("", 5), ("—", 5), ("night", 0)], ids=["empty", "no letters", "no rhymes"])
def test_a_rhyme_request_without_a_word_is_refused(word: str, limit: int) -> None:
    with pytest.raises(SongError):
        rhymes_for(word, limit=limit)


def test_make_line_two_rhyme_with_line_one() -> None:
    candidates = make_rhyme("we will stay together", "the storm was never kind")
    assert 0 < len(candidates) <= 12
    assert candidates[0] in ("whether", "weather", "leather", "feather", "never", "ever", "forever")
    assert all(rhyme_kind("together", w) in ("perfect", "slant") for w in candidates)
    kinds = [rhyme_kind("together", w) for w in candidates]
    assert kinds == sorted(kinds, key=lambda k: k != "perfect")  # perfect rhymes first
    assert "kind" not in candidates
    with pytest.raises(SongError):
        make_rhyme("— —", "anything")


def test_make_rhyme_keeps_the_length_of_the_word_it_replaces() -> None:
    candidates = make_rhyme("I walked out in the night", "and nothing felt so real")
    assert candidates[:3] and all(len(w.strip()) and w.isalpha() for w in candidates)
    assert "light" in candidates


# -- fitting lines to the tune -------------------------------------------------------------------


def test_a_tune_without_words_is_shared_out_by_its_phrases() -> None:
    eighths = [Note(pitch=64, start=phrase * 8.0 + k * 0.5, duration=0.5) for phrase in range(2) for k in range(8)]
    verse = Section(kind="verse", label="Verse 1", bars=4, chords=("C", "G", "Am", "F"), melody=tuple(eighths),
                    lyrics=("I walked along the river in the morning light", "and sang about forever"))  # fmt: skip
    fits = meter_check(song_of(verse), 0)
    assert [(f.line, f.syllables, f.notes) for f in fits] == [(1, 12, 8), (2, 7, 8)]
    assert not fits[0].fits and not fits[1].fits
    assert fits[0].problem == "Line 1 has 12 syllables for 8 notes: cut four syllables or let 'along' take one note."
    assert fits[1].problem == "Line 2 has 7 syllables for 8 notes: add one syllable or let 'forever' take four notes."
    assert line_problems(song_of(verse), 0) == [fits[0].problem, fits[1].problem]


def test_a_stress_off_the_beat_is_named() -> None:
    # "for" on the downbeat, "ev" on the off-beat, "er" on beat two: FOR-ev-er instead of for-EV-er.
    melody = sung((0, 1, "I"), (1, 1, "will"), (2, 1, "love"), (3, 1, "you"), (4, 0.5, "for"), (4.5, 0.5, "ev"),
                  (5, 2, "er"))  # fmt: skip
    verse = Section(kind="verse", label="Verse 1", bars=2, chords=("C", "G"), melody=melody,
                    lyrics=("I will love you forever",))  # fmt: skip
    (fit,) = meter_check(song_of(verse), 0)
    assert (fit.syllables, fit.notes) == (7, 7)
    assert fit.misplaced_stresses == ("forever",)
    assert fit.problem is not None and fit.problem.startswith("Line 1 sings 'forever' with the stress off the beat")


def test_a_line_that_sits_right_has_no_problem() -> None:
    # for-EV-er with the stress on beat three, "love" on the downbeat.
    melody = sung((0, 1, "I"), (1, 1, "will"), (2, 1, "love"), (3, 0.5, "you"), (3.5, 0.5, "for"), (4, 1, "ev"),
                  (5, 2, "er"))  # fmt: skip
    verse = Section(kind="verse", label="Verse 1", bars=2, chords=("C", "G"), melody=melody,
                    lyrics=("I will love you forever",))  # fmt: skip
    assert meter_check(song_of(verse), 0)[0].fits
    assert line_problems(song_of(verse), 0) == []


def test_sung_words_are_matched_to_their_lines_by_spelling() -> None:
    melody = sung((0, 1, "Hold"), (1, 1, "me"), (4, 1, "clo-"), (5, 1, "ser"), (6, 1, "now"))
    verse = Section(kind="verse", label="Verse 1", bars=2, chords=("C", "G"), melody=melody,
                    lyrics=("Hold me", "closer now"))  # fmt: skip
    assert [(f.syllables, f.notes) for f in meter_check(song_of(verse), 0)] == [(2, 2), (3, 3)]


@settings(max_examples=12, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=2, max_size=7).map(" ".join), min_size=1, max_size=4))
def test_the_arrangers_own_line_gives_every_syllable_a_note(lines: list[str]) -> None:
    verse = Section(kind="verse", label="Verse 1", bars=8, chords=("C", "G", "Am", "F") * 2, lyrics=tuple(lines))
    fits = meter_check(song_of(verse), 0)
    assert [f.text for f in fits] == lines
    assert all(f.syllables == f.notes for f in fits)


def test_sections_without_words_or_outside_the_song() -> None:
    intro = Section(kind="intro", label="Intro", bars=2, chords=("C", "G"))
    assert meter_check(song_of(intro), 0) == []
    with pytest.raises(SongError, match="no section number 3"):
        meter_check(song_of(intro), 2)
