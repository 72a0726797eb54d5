"""A musician wants a section to pull harder toward the chorus, then wants it to come home."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import planned_song

from music.band.arrange import arrange
from music.edits.tension import add_tension, resolve
from music.edits.transforms import Change
from music.errors import UnknownSection
from music.plan.planner import plan_song
from music.song import Key, Section, Song, parse_song
from music.theory.chords import chord_pitch_classes, chord_quality, chord_root, is_diatonic, note_pc, split_symbol
from music.theory.romans import roman_numerals

# -- reading the chords --------------------------------------------------------------------------


def symbols(section: Section) -> list[str]:
    return [s for bar in section.chords for s in bar.split()]


def intervals(symbol: str) -> set[int]:
    root, suffix, _bass = split_symbol(symbol)
    return {(pc - chord_root(symbol)) % 12 for pc in chord_pitch_classes(root + suffix)}


def dominant_shaped(symbol: str) -> bool:
    """A major chord with no major seventh: a triad, 7, 9, 13 or altered dominant."""
    return chord_quality(symbol) == "major" and 11 not in intervals(symbol)


def dominant_functions(section: Section, key: Key) -> int:
    """Chords that pull: the key's V, any dominant seventh, any dominant a fifth above the chord it moves to."""
    chords = symbols(section)
    count = 0
    for n, symbol in enumerate(chords):
        after = chords[n + 1] if n + 1 < len(chords) else None
        falls_a_fifth = after is not None and (chord_root(symbol) - chord_root(after)) % 12 == 7
        on_the_dominant = (chord_root(symbol) - note_pc(key.tonic)) % 12 == 7
        seventh = {4, 10} <= intervals(symbol)
        if dominant_shaped(symbol) and (seventh or falls_a_fifth or on_the_dominant):
            count += 1
    return count


def chromatic_dominant_sevenths(section: Section, key: Key) -> int:
    return sum(1 for s in symbols(section) if {4, 10} <= intervals(s) and not is_diatonic(s, key))


def ends_home_after_v(section: Section, key: Key) -> bool:
    *_, before, last = symbols(section)
    home = "minor" if key.mode in ("minor", "dorian", "phrygian") else "major"
    tonic = chord_root(last) == note_pc(key.tonic) and chord_quality(last) == home
    dominant = (chord_root(before) - note_pc(key.tonic)) % 12 == 7 and dominant_shaped(before)
    return tonic and dominant


def assert_readable_and_same_length(before: Song, change: Change, targeted: tuple[int, ...]) -> None:
    assert [s.bars for s in change.song.sections] == [s.bars for s in before.sections]
    for i, (old, new) in enumerate(zip(before.sections, change.song.sections, strict=True)):
        assert len(new.chords) == new.bars
        for symbol in symbols(new):
            chord_pitch_classes(symbol)
        if i not in targeted:
            assert old == new
    arrange(change.song)


# -- the session -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def summer() -> Song:
    return plan_song("pop song about summer in C major, 110 BPM, no pre-chorus")  # the verse leads into the chorus


@pytest.fixture(scope="module")
def leaving_home() -> Song:
    return plan_song("folk song about leaving home, 90 BPM, D minor")


def test_a_verse_that_pulls_into_the_chorus(summer: Song) -> None:
    verse = summer.find("verse 1")[0]
    key = summer.meta.key
    before = summer.sections[verse]
    assert before.chord_line() == "C | Am | F | G | C | Am | F | G"
    change = add_tension(summer, "verse 1")
    after = change.song.sections[verse]
    # V7/IV into F, a suspended dominant seventh, and a G pedal under the last four bars into the chorus.
    assert after.chord_line() == "C | Am C7 | F | Gsus4 G7 | C/G | Am/G | F/G | Gsus4 G"
    summary = change.summary()
    assert "bar 2: Am -> Am C7 (vi V7/IV; C7 pulls into F)" in summary
    assert (
        "bar 4: G -> Gsus4 G7 (Vsus4 V7; a suspension, the fourth falling to the third; G gains its seventh)" in summary
    )
    assert "bar 7: F -> F/G (V9sus4; dominant pedal on G)" in summary  # F over G is heard as a G9sus4
    assert dominant_functions(after, key) > dominant_functions(before, key)
    assert chromatic_dominant_sevenths(after, key) > chromatic_dominant_sevenths(before, key) == 0
    assert_readable_and_same_length(summer, change, (verse,))


def test_a_minor_chorus_gets_its_dominant_seventh_and_secondary_dominants(leaving_home: Song) -> None:
    chorus = leaving_home.find("chorus 1")[0]
    key = leaving_home.meta.key
    change = add_tension(leaving_home, "chorus 1")
    after = change.song.sections[chorus]
    assert leaving_home.sections[chorus].chord_line() == "F | C | Dm | Bb C | F | C | Dm | Bb"
    assert after.chord_line() == "F | C A7 | Dm | Bb C7 | F | C A7 | Dm | Bb"
    assert "bar 2: C -> C A7 (VII V7; A7 pulls into Dm)" in change.summary()
    assert dominant_functions(after, key) > dominant_functions(leaving_home.sections[chorus], key)
    # All three choruses asked for at once read as one line.
    every = add_tension(leaving_home, "chorus")
    assert every.summary().startswith("Chorus 1-3: bar 2: C -> C A7")


def test_an_ending_on_the_tonic_is_delayed(summer: Song) -> None:
    outro = summer.find("outro")[0]
    assert summer.sections[outro].chord_line() == "C | G | F | C"
    change = add_tension(summer, "outro")
    after = change.song.sections[outro]
    assert after.chord_line() == "C | G7 C7 | F | Gsus4 G"
    assert "the tonic C delayed" in change.summary()
    assert not ends_home_after_v(after, summer.meta.key)


def test_resolving_undoes_the_pull_and_lands_with_an_authentic_cadence(summer: Song) -> None:
    verse = summer.find("verse 1")[0]
    tense = add_tension(summer, "verse 1").song
    change = resolve(tense, "verse 1")
    after = change.song.sections[verse]
    assert after.chord_line() == "C | Am Cmaj7 | F | G7 | C | Am | F G | C"
    summary = change.summary()
    assert "C7 (V7/IV) back into the key" in summary
    assert "pedal released" in summary and "suspension resolved" in summary
    assert "bar 7: F/G -> F G (IV V; pedal released; V into the tonic, an authentic cadence)" in summary
    assert ends_home_after_v(after, summer.meta.key)
    assert not any("/" in s or chord_quality(s) == "suspended" for s in symbols(after))


def test_a_minor_verse_resolves_on_i_after_a_major_v(leaving_home: Song) -> None:
    verse = leaving_home.find("verse 1")[0]
    change = resolve(leaving_home, "verse 1")
    assert change.song.sections[verse].chord_line() == "Dm | Bb | F | C | Dm | Bb | F A | Dm"
    (entry,) = change.changes
    assert entry.startswith(
        "Verse 1: bar 7: F -> F A (III V; V into the tonic, an authentic cadence), bar 8: C -> Dm (i; home on the tonic)"
    )


def test_a_tritone_sub_resolves_back_to_the_dominant_it_stood_for() -> None:
    song = parse_song({"meta": {"key": {"tonic": "C"}}, "sections": [
        {"kind": "chorus", "label": "Chorus", "bars": 4, "chords": ["Cmaj7", "Dm7 Db7", "Cmaj7", "Dm7 G7"]},
        {"kind": "outro", "label": "Outro", "bars": 1, "chords": ["C"]}]})  # fmt: skip
    change = resolve(song, "chorus")
    assert change.song.sections[0].chords == ("Cmaj7", "Dm7 G7", "Cmaj7 G7", "Cmaj7")
    assert "Db7 (a tritone sub) back to the dominant it stands for" in change.summary()


def test_nothing_to_do_changes_nothing() -> None:
    song = parse_song({"meta": {"key": {"tonic": "C"}},
                       "sections": [{"kind": "verse", "label": "Verse", "bars": 1, "chords": ["Am"]}]})  # fmt: skip
    change = add_tension(song, "verse")
    assert change.unchanged and change.song is song
    home = parse_song({"meta": {"key": {"tonic": "C"}},
                       "sections": [{"kind": "outro", "label": "Outro", "bars": 2, "chords": ["F G", "C"]}]})  # fmt: skip
    assert resolve(home, "outro").unchanged
    with pytest.raises(UnknownSection):
        resolve(home, "chorus")


# -- the claims, over many planned songs -------------------------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_song())
def test_tension_never_loses_a_pull_and_keeps_every_bar(case: tuple[Song, tuple[int, ...]]) -> None:
    song, targeted = case
    change = add_tension(song, targeted)
    assert_readable_and_same_length(song, change, targeted)
    for i in targeted:
        key = song.key_of(i)
        before, after = song.sections[i], change.song.sections[i]
        assert dominant_functions(after, key) >= dominant_functions(before, key)
        assert chromatic_dominant_sevenths(after, key) >= chromatic_dominant_sevenths(before, key)
        if before.bars >= 4:
            assert dominant_functions(after, key) > dominant_functions(before, key)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_song(), st.booleans())
def test_resolved_sections_end_on_i_after_v_with_no_secondary_dominants(
    case: tuple[Song, tuple[int, ...]], tense_first: bool
) -> None:
    song, targeted = case
    if tense_first:
        song = add_tension(song, targeted).song
    change = resolve(song, targeted)
    assert_readable_and_same_length(song, change, targeted)
    for i in targeted:
        key = song.key_of(i)
        after = change.song.sections[i]
        assert ends_home_after_v(after, key)
        assert not any(chord_quality(s) == "suspended" for s in symbols(after))
        names = roman_numerals(symbols(after), key)
        assert not any(name.function == "secondary dominant" for name in names), after.chord_line()
