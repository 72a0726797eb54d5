"""A musician asks for simpler chords, richer chords, or a jazz, borrowed or gospel reharmonization."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import planned_song

from music.band.arrange import arrange
from music.edits.harmony import enrich, reharmonize, simplify
from music.edits.transforms import Change
from music.errors import SongError, UnknownSection
from music.plan.planner import plan_song
from music.song import Key, Section, Song, parse_song
from music.theory.chords import chord_pitch_classes, chord_quality, chord_root, is_diatonic, split_symbol

# -- what a chart shows ------------------------------------------------------------------------


def symbols(section: Section) -> list[str]:
    return [s for bar in section.chords for s in bar.split()]


def sevenths(section: Section) -> int:
    """Chords with a seventh (or more) in them: G7, Cmaj7, Am9, Bm7b5, C#dim7."""
    return sum(1 for s in symbols(section) if _intervals(s) & {9, 10, 11} and chord_quality(s) != "suspended")


def extensions(section: Section) -> int:
    """How much colour above the triad the section carries: one point per seventh, ninth, eleventh, thirteenth."""
    return sum(len(_intervals(s) & {2, 5, 9, 10, 11}) for s in symbols(section) if chord_quality(s) != "suspended")


def _intervals(symbol: str) -> set[int]:
    root, suffix, _bass = split_symbol(symbol)
    pcs = chord_pitch_classes(root + suffix)
    return {(pc - chord_root(symbol)) % 12 for pc in pcs}


def sheet(tonic: str, chords: list[str], kind: str = "verse", mode: str = "major") -> Song:
    """A one-section song sheet, as a musician would jot it down."""
    section = {"kind": kind, "label": kind.title(), "bars": len(chords), "chords": chords}
    return parse_song({"meta": {"key": {"tonic": tonic, "mode": mode}}, "sections": [section]})


def plain_triad(symbol: str) -> bool:
    _root, suffix, bass = split_symbol(symbol)
    return suffix in ("", "m", "dim", "aug") and bass is None


def changes_to_a_triad(section: Section, bar: int) -> bool:
    """True when a one-chord bar moves on to a different major or minor chord: room for a passing chord."""
    here, there = section.chords[bar - 1].split(), section.chords[bar].split()[0]
    return len(here) == 1 and here[0] != there and chord_quality(there) in ("major", "minor")


def assert_readable_and_same_length(before: Song, change: Change) -> None:
    """Every chord parses, every bar is still there, and the song still arranges."""
    assert [s.bars for s in change.song.sections] == [s.bars for s in before.sections]
    for section in change.song.sections:
        assert len(section.chords) == section.bars
        for symbol in symbols(section):
            chord_pitch_classes(symbol)
    arrange(change.song)


def untouched_elsewhere(before: Song, after: Song, targeted: tuple[int, ...]) -> None:
    for i, (old, new) in enumerate(zip(before.sections, after.sections, strict=True)):
        if i not in targeted:
            assert old == new, old.label


# -- the session ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def summer() -> Song:
    return plan_song("pop song about summer in C major, 110 BPM")


@pytest.fixture(scope="module")
def rain() -> Song:
    return plan_song("jazz tune about rain in F major")


def test_a_jazz_chorus_simplified_for_a_campfire_reads_as_plain_primary_triads(rain: Song) -> None:
    chorus = rain.find("chorus 1")[0]
    before = rain.sections[chorus]
    assert before.chord_line() == "Bbmaj7 | Am7 | Gm7 | Fmaj7 | Bbmaj7 | Am7 | Gm7 | Fmaj7"
    change = simplify(rain, "chorus 1")
    after = change.song.sections[chorus]
    assert after.chord_line() == "Bb | F | Bb | F | Bb | F | Bb | F"
    assert all(plain_triad(s) for s in symbols(after))
    assert len(set(symbols(after))) < len(set(symbols(before)))
    assert "Gm7 (ii7) -> Bb (IV)" in change.summary()
    assert "Bbmaj7 (IVmaj7) -> Bb (IV)" in change.summary()
    untouched_elsewhere(rain, change.song, (chorus,))


def test_simplify_strips_sus_slash_and_second_chords_and_moves_rare_chords_to_primaries() -> None:
    song = sheet("C", ["Cmaj7/E", "Dm7 G7sus4", "E7", "Fm6 C"])
    change = simplify(song, "verse")
    assert change.song.sections[0].chords == ("C", "F", "C", "F")
    assert "bar 2: F G -> F (IV; one chord a bar)" in change.changes[0]
    assert "E7 (V7/vi) -> C (I)" in change.summary()
    assert "Fm6 (ivadd6, borrowed from C minor) -> F (IV)" in change.summary()


def test_a_plain_pop_verse_goes_down_to_three_chords_and_three_chords_are_as_simple_as_it_gets(summer: Song) -> None:
    verse = summer.find("verse 1")[0]
    change = simplify(summer, "verse 1")
    assert change.song.sections[verse].chord_line() == "C | C | F | G | C | C | F | G"
    assert "Am (vi) -> C (I)" in change.summary()
    again = simplify(change.song, "verse 1")
    assert again.unchanged and again.song is change.song
    assert again.summary() == "Nothing changed."


def test_a_plain_minor_chorus_goes_to_i_iv_and_v_and_keeps_v_minor_under_a_sung_natural_seventh() -> None:
    from music.song import Note

    song = sheet("A", ["F", "G", "C", "Am"], kind="chorus", mode="minor")
    assert simplify(song, "chorus").song.sections[0].chords == ("Dm", "E", "Am", "Am")
    sung = song.with_updates(sections=(song.sections[0].model_copy(update={"melody": (Note(pitch=67, start=4, duration=2),)}),))
    assert simplify(sung, "chorus").song.sections[0].chords == ("Dm", "Em", "Am", "Am")  # G natural sung: no G# under it


def test_enriched_verse_takes_sevenths_by_function_and_ninths_the_second_time(summer: Song) -> None:
    verse = summer.find("verse 1")[0]
    assert summer.sections[verse].chord_line() == "C | Am | F | G | C | Am | F | G"
    richer = enrich(summer, "verse 1")
    assert richer.song.sections[verse].chord_line() == "Cmaj7 | Am7 | Fmaj7 | G7 | Cmaj7 | Am7 | Fmaj7 | G7"
    (entry,) = richer.changes
    # Each chord explained by its function, then what the band plays differently over them.
    assert entry.startswith("Verse 1: C -> Cmaj7 (Imaj7), Am -> Am7 (vi7), F -> Fmaj7 (IVmaj7), G -> G7 (V7), ")
    assert "busier Piano (96 -> 128 notes)" in entry
    richest = enrich(richer.song, "verse 1")
    assert richest.song.sections[verse].chord_line() == "Cmaj9 | Am9 | Fmaj9 | G9 | Cmaj9 | Am9 | Fmaj9 | G9"
    assert sevenths(richer.song.sections[verse]) > sevenths(summer.sections[verse]) == 0
    assert extensions(richest.song.sections[verse]) > extensions(richer.song.sections[verse])


def test_a_held_chord_gets_a_passing_chord_in_its_last_bar() -> None:
    song = sheet("G", ["C", "D", "G", "G"], kind="outro")
    change = enrich(song, "outro")
    assert change.song.sections[0].chords == ("Cmaj7", "D7", "Gmaj7", "Gmaj7 Am7")
    assert "bar 4: G -> Gmaj7 Am7 (Imaj7 ii7; passing chord after 2 bars of G)" in change.changes[0]


def test_jazz_reharmonization_brings_ii_v_approaches_tritone_subs_and_upper_extensions(summer: Song) -> None:
    chorus = summer.find("chorus 1")[0]
    # The pop chorus pushes its changes into bars 3, 5 and 7; the jazz chords keep those pushes.
    assert summer.sections[chorus].chord_line() == "F | G | ^C | Am | ^F | G | ^C | Am"
    change = reharmonize(summer, "chorus 1", "jazz")
    after = change.song.sections[chorus]
    assert after.chord_line() == "Fmaj9 | Dm9 Db7 | ^Cmaj9 | Gm7 C9 | ^Fmaj9 | Dm9 Db7 | ^Cmaj9 | Am9"
    summary = change.summary()
    assert "bar 2: G -> Dm9 Db7 (ii9 bII7; ii-V into C; tritone sub for G)" in summary
    assert "bar 4: Am -> Gm7 C9 (v7 V9/IV; ii-V into F)" in summary
    assert sevenths(after) > sevenths(summer.sections[chorus])
    assert extensions(after) > extensions(summer.sections[chorus])


def test_borrowed_chords_in_a_major_key_come_from_the_parallel_minor_and_say_so() -> None:
    song = sheet("C", ["C", "G", "Am", "F C"], kind="chorus")
    change = reharmonize(song, "chorus", "borrowed")
    after = change.song.sections[0]
    assert after.chords == ("C", "G", "Ab", "Fm C")
    assert "Ab is bVI, borrowed from C minor" in change.summary()
    assert "Fm is iv, borrowed from C minor" in change.summary()
    assert not all(is_diatonic(s, Key(tonic="C")) for s in symbols(after))


def test_borrowed_chords_in_a_minor_key_come_from_the_melodic_minor() -> None:
    song = plan_song("folk song about leaving home, 90 BPM, D minor")
    change = reharmonize(song, "verse 1", "borrowed")
    verse = song.find("verse 1")[0]
    assert song.sections[verse].chord_line() == "Dm | Bb | F | C | Dm | Bb | F | C"
    assert change.song.sections[verse].chord_line() == "Dm | Bb | F | A | Dm | Bb | F | C"
    (entry,) = change.changes
    assert entry.startswith("Verse 1: bar 4: C -> A (V; A is V, borrowed from D melodic minor)")


def test_gospel_reharmonization_adds_passing_diminished_chords_plagal_colour_and_thirteenths(summer: Song) -> None:
    verse = summer.find("verse 1")[0]
    change = reharmonize(summer, "verse 1", "gospel")
    after = change.song.sections[verse]
    assert after.chord_line() == "C F/C | Am | F F#dim7 | G13 | C F/C | Am | F F#dim7 | G13"
    summary = change.summary()
    assert "bar 3: F -> F F#dim7 (IV viio7/V; passing diminished into G)" in summary
    assert "bar 1: C -> C F/C (I IV64; IV over the tonic in the bass)" in summary
    assert "G -> G13 (V13)" in summary
    assert any(chord_quality(s) == "diminished" for s in symbols(after))


def test_a_style_the_co_writer_does_not_know_is_refused_in_a_sentence(summer: Song) -> None:
    with pytest.raises(SongError, match=r"jazz, borrowed or gospel.*'bebop'") as caught:
        reharmonize(summer, "chorus", "bebop")  # type: ignore[arg-type]
    assert str(caught.value).count(".") == 1 and "\n" not in str(caught.value)
    with pytest.raises(UnknownSection):
        enrich(summer, "verse 7")


# -- the claims, over many planned songs ------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_song())
def test_simpler_is_plain_triads_with_no_more_distinct_chords(case: tuple[Song, tuple[int, ...]]) -> None:
    song, targeted = case
    change = simplify(song, targeted)
    assert_readable_and_same_length(song, change)
    untouched_elsewhere(song, change.song, targeted)
    for i in targeted:
        before, after = song.sections[i], change.song.sections[i]
        assert all(plain_triad(s) for s in symbols(after))
        assert all(" " not in bar for bar in after.chords)
        assert len(set(symbols(after))) <= len(set(symbols(before)))
        if any(not plain_triad(s) for s in symbols(before)):
            assert not change.unchanged


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_song())
def test_richer_has_more_sevenths_or_more_colour(case: tuple[Song, tuple[int, ...]]) -> None:
    song, targeted = case
    change = enrich(song, targeted)
    assert_readable_and_same_length(song, change)
    untouched_elsewhere(song, change.song, targeted)
    for i in targeted:
        before, after = song.sections[i], change.song.sections[i]
        assert sevenths(after) >= sevenths(before)
        assert extensions(after) >= extensions(before)
        if any(plain_triad(s) and chord_quality(s) in ("major", "diminished") for s in symbols(before)):
            assert sevenths(after) > sevenths(before)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_song(), st.sampled_from(("jazz", "borrowed", "gospel")))
def test_every_reharmonization_keeps_the_bars_and_makes_its_claim(
    case: tuple[Song, tuple[int, ...]], style: str
) -> None:
    song, targeted = case
    change = reharmonize(song, targeted, style)  # type: ignore[arg-type]
    assert_readable_and_same_length(song, change)
    untouched_elsewhere(song, change.song, targeted)
    for i in targeted:
        before, after = song.sections[i], change.song.sections[i]
        entry = next(c for c in change.changes if c.startswith(f"{before.label}: "))
        key = song.key_of(i)
        if style == "jazz":
            assert extensions(after) > extensions(before)
        elif style == "borrowed":
            assert "borrowed from" in entry
            assert any(not is_diatonic(s, key) for s in symbols(after) if s not in symbols(before))
        elif any(changes_to_a_triad(before, b) for b in range(1, before.bars)):
            assert "passing diminished" in entry
            assert any(chord_quality(s) == "diminished" for s in symbols(after) if s not in symbols(before))
