"""A musician reshapes the song: a waltz feel, a slower bridge, a longer verse, another chorus, a doubled ending."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from music.band.arrange import arrange
from music.edits.structure import (
    KIND_NAMES,
    add_section,
    double_section,
    move_section,
    remove_section,
    set_bars,
    set_meter,
    set_tempo,
)
from music.errors import SongError, UnknownSection
from music.plan.planner import plan_song
from music.song import SECTION_KINDS, Note, Song, section_with
from music.theory.chords import chord_pitch_classes

STYLES = ("folk", "pop", "rock", "ballad", "jazz", "edm")
TONICS = ("C", "G", "D", "A", "E", "F#", "F", "Bb", "Eb", "Ab")
MODES = ("major", "minor", "dorian", "mixolydian")
METRES = ("4/4", "3/4", "6/8")
TARGETS = ("chorus", "verse", "last chorus", "Verse 2", "bridge", "intro", "outro", "all")


def one_sentence(message: str) -> bool:
    return message.endswith(".") and ". " not in message and "\n" not in message


def numbering_reads_in_order(song: Song) -> None:
    """Standard labels of each kind count 1, 2, 3 in song order; every label is unique."""
    assert len({label.casefold() for label in song.labels}) == len(song.labels)
    for kind in SECTION_KINDS:
        numbers = [
            int(m.group(1))
            for s in song.sections
            if s.kind == kind and (m := re.fullmatch(rf"{KIND_NAMES[kind]} (\d+)", s.label))
        ]
        assert numbers == list(range(1, len(numbers) + 1)) or len(numbers) <= 1, (kind, song.labels)


def every_chord_reads(song: Song) -> None:
    for section in song.sections:
        assert len(section.chords) == section.bars
        for bar in section.chords:
            for symbol in bar.split():
                chord_pitch_classes(symbol)


@st.composite
def planned_songs(draw: st.DrawFn) -> Song:
    style, tonic, mode = draw(st.sampled_from(STYLES)), draw(st.sampled_from(TONICS)), draw(st.sampled_from(MODES))
    metre, tempo = draw(st.sampled_from(METRES)), draw(st.integers(60, 160))
    return plan_song(f"a {style} song about the road in {tonic} {mode}, {tempo} BPM, {metre}")


@pytest.fixture(scope="module")
def leaving_home() -> Song:
    return plan_song("folk song about leaving home, 90 BPM, D minor")


def with_tune(song: Song, label: str) -> Song:
    """The song with a short written melody in `label`: one note on every beat."""
    index = song.find(label)[0]
    section = song.sections[index]
    beats = int(section.bars * song.meta.beats_per_bar)
    tune = tuple(Note(pitch=60 + k % 7, start=float(k), duration=1.0, lyric=f"la{k}") for k in range(beats))
    return song.replace_section(index, section_with(section, melody=tune, lyrics=("la la la",)))


# -- tempo and metre ------------------------------------------------------------------------------


def test_a_slower_bridge_enters_the_tempo_map(leaving_home: Song) -> None:
    change = set_tempo(leaving_home, 72, "bridge")
    bridge = leaving_home.find("bridge")[0]
    assert change.changes == ("Bridge: tempo 90 -> 72 BPM",)
    assert change.song.sections[bridge].tempo == 72
    arrangement = arrange(change.song)
    start = arrangement.sections[bridge].start
    assert (start, 72.0) in arrangement.tempo_map
    assert (arrangement.sections[bridge].end, 90.0) in arrangement.tempo_map
    assert change.song.duration_seconds() > leaving_home.duration_seconds()
    # Setting it back to the song's tempo drops the override.
    assert set_tempo(change.song, 90, "bridge").song == leaving_home


def test_the_song_tempo_leaves_a_section_tempo_alone_unless_all_is_said(leaving_home: Song) -> None:
    slow_bridge = set_tempo(leaving_home, 72, "bridge").song
    faster = set_tempo(slow_bridge, 100)
    assert faster.song.meta.tempo == 100 and faster.song.sections[leaving_home.find("bridge")[0]].tempo == 72
    assert faster.summary() == "Song: tempo 90 -> 100 BPM, Bridge keeps its own 72 BPM"
    everything = set_tempo(slow_bridge, 100, "all")
    assert all(s.tempo is None for s in everything.song.sections) and everything.song.meta.tempo == 100
    assert "Bridge now plays at the song's tempo instead of 72 BPM" in everything.summary()
    assert arrange(everything.song).tempo_map == ((0.0, 100.0),)
    assert set_tempo(leaving_home, 90).unchanged


@pytest.mark.parametrize("bpm", [0, 20, 301, float("nan"), float("inf"), "fast", True], ids=str)
def test_an_impossible_tempo_is_refused_in_one_sentence(leaving_home: Song, bpm: object) -> None:
    with pytest.raises(SongError) as err:
        set_tempo(leaving_home, bpm)  # type: ignore[arg-type]
    assert one_sentence(str(err.value))


def test_a_waltz_feel_keeps_every_bar_and_fits_the_melody_into_three_beats(leaving_home: Song) -> None:
    song = with_tune(leaving_home, "Verse 1")
    change = set_meter(song, "3/4")
    verse = song.find("Verse 1")[0]
    assert change.song.meta.time_signature == "3/4"
    assert [s.chords for s in change.song.sections] == [s.chords for s in song.sections]
    before, after = song.sections[verse].melody, change.song.sections[verse].melody
    assert len(after) == len(before)
    for old, new in zip(before, after, strict=True):
        assert int(new.start // 3) == int(old.start // 4)  # same bar
        assert new.start + new.duration <= (int(new.start // 3) + 1) * 3 + 1e-9  # and it ends inside it
        assert new.pitch == old.pitch and new.lyric == old.lyric
    summary = change.summary()
    assert "time signature 4/4 -> 3/4" in summary and f"still {song.total_bars} bars" in summary
    assert "Verse 1: melody re-timed into 3-beat bars (32 notes)" in summary
    arrangement = arrange(change.song)
    assert arrangement.time_signature == "3/4" and arrangement.end_beat == song.total_bars * 3
    assert set_meter(song, "4/4").unchanged


@pytest.mark.parametrize("metre", ["3/5", "0/4", "17/4", "waltz", "", "4/4/4", 3, "٣/4"], ids=str)
def test_a_metre_that_cannot_be_written_is_refused_in_one_sentence(leaving_home: Song, metre: object) -> None:
    with pytest.raises(SongError) as err:
        set_meter(leaving_home, metre)  # type: ignore[arg-type]
    assert one_sentence(str(err.value))


# -- resizing -------------------------------------------------------------------------------------


def test_a_longer_verse_continues_its_pattern_and_still_leads_into_the_chorus() -> None:
    song = plan_song("pop song about summer in C major, 110 BPM")
    verse = song.find("Verse 1")[0]
    old = song.sections[verse].chords
    change = set_bars(song, "Verse 1", 12)
    new = change.song.sections[verse].chords
    assert len(new) == 12 and new[:8] == old and new[-1] == old[-1]
    assert new[8:11] == old[:3]
    assert change.song.total_bars == song.total_bars + 4
    assert (
        change.summary() == f"Verse 1: 8 -> 12 bars, pattern continued ({' | '.join(new[8:])}), still ends on {old[-1]}"
    )


def test_a_shorter_chorus_keeps_its_cadence_and_names_the_melody_it_lost(leaving_home: Song) -> None:
    song = with_tune(leaving_home, "Chorus 1")
    chorus = song.find("Chorus 1")[0]
    change = set_bars(song, "Chorus 1", 6)
    section = change.song.sections[chorus]
    assert section.chords == song.sections[chorus].chords[:5] + (song.sections[chorus].chords[-1],)
    assert section.lyrics == song.sections[chorus].lyrics
    assert len(section.melody) == 24 and all(n.start < 24 for n in section.melody)
    assert "8 melody notes past bar 6 dropped" in change.summary()


@pytest.mark.parametrize("bars", [0, -4, 129, 2.5, "eight", None, True], ids=str)
def test_an_impossible_length_is_refused_in_one_sentence(leaving_home: Song, bars: object) -> None:
    with pytest.raises(SongError) as err:
        set_bars(leaving_home, "verse", bars)  # type: ignore[arg-type]
    assert one_sentence(str(err.value))


def test_doubling_the_last_chorus_sings_it_twice(leaving_home: Song) -> None:
    song = with_tune(leaving_home, "last chorus")
    last = song.find("last chorus")[0]
    change = double_section(song, "last chorus")
    before, after = song.sections[last], change.song.sections[last]
    assert after.bars == 16 and after.chords == before.chords * 2 and after.lyrics == before.lyrics * 2
    assert [n.start for n in after.melody] == [n.start for n in before.melody] + [n.start + 32 for n in before.melody]
    assert change.song.total_bars == song.total_bars + 8
    assert change.summary().startswith("Chorus 3: doubled, 8 -> 16 bars, chords played twice")
    assert "lyrics sung twice" in change.summary()
    long = set_bars(song, "last chorus", 100).song
    with pytest.raises(SongError):
        double_section(long, "last chorus")


# -- adding, removing and moving --------------------------------------------------------------------


def test_another_chorus_at_the_end_copies_the_last_one_and_goes_before_the_outro(leaving_home: Song) -> None:
    song = with_tune(leaving_home, "Chorus 3")
    change = add_section(song, "chorus")
    assert change.song.labels[-3:] == ("Chorus 3", "Chorus 4", "Outro")
    added = change.song.sections[-2]
    assert added.chords == song.sections[-2].chords and added.lyrics == song.sections[-2].lyrics
    assert added.melody == song.sections[-2].melody
    assert change.changes == (
        "Chorus 4: new chorus after Chorus 3, 8 bars, chords from Chorus 3, lyrics repeated from Chorus 3 "
        "(F | C | Dm | Bb C | F | C | Dm | Bb)",
    )


def test_a_new_first_verse_renumbers_the_others_and_says_so(leaving_home: Song) -> None:
    change = add_section(leaving_home, "verse", after="Intro", bars=4)
    assert change.song.labels[:4] == ("Intro", "Verse 1", "Verse 2", "Chorus 1")
    assert change.song.labels[4] == "Verse 3"
    assert change.changes[:2] == ("Verse 1: renamed Verse 2", "Verse 2: renamed Verse 3")
    assert change.changes[2].startswith("Verse 1: new verse after Intro, 4 bars, chords from Verse 2")
    assert change.song.sections[1].chords == ("Dm", "Bb", "F", "C")
    assert change.song.total_bars == leaving_home.total_bars + 4


def test_a_new_kind_of_section_gets_chords_in_the_key(leaving_home: Song) -> None:
    change = add_section(leaving_home, "solo", after="bridge")
    solo = change.song.find("solo")[0]
    assert change.song.labels[solo] == "Solo" and change.song.labels[solo - 1] == "Bridge"
    assert change.song.sections[solo].bars == 8
    assert "chords i - VI - III - VII in D minor" in change.summary()
    titled = add_section(leaving_home, "outro", label="Tag")
    assert titled.song.labels[-2:] == ("Outro", "Tag")
    with pytest.raises(SongError) as err:
        add_section(leaving_home, "verse", label="chorus 1")
    assert one_sentence(str(err.value))
    with pytest.raises(SongError) as err:
        add_section(leaving_home, "banjo break")
    assert one_sentence(str(err.value))
    with pytest.raises(UnknownSection):
        add_section(leaving_home, "verse", after="the solo")


def test_removing_a_verse_renumbers_the_one_left(leaving_home: Song) -> None:
    change = remove_section(leaving_home, "Verse 1")
    assert "Verse 2" not in change.song.labels and change.song.labels[1:3] == ("Chorus 1", "Verse 1")
    assert change.changes == ("Verse 1: removed (8 bars)", "Verse 2: renamed Verse 1")
    assert change.song.total_bars == leaving_home.total_bars - 8


def test_the_last_section_is_never_removed(leaving_home: Song) -> None:
    only = leaving_home.excerpt((0,))
    with pytest.raises(SongError) as err:
        remove_section(only, "intro")
    assert one_sentence(str(err.value)) and "Intro" in str(err.value)
    with pytest.raises(SongError) as err:
        remove_section(leaving_home, "all")
    assert one_sentence(str(err.value))


def test_moving_the_second_verse_first_swaps_their_numbers(leaving_home: Song) -> None:
    change = move_section(leaving_home, "Verse 2", before="Verse 1")
    assert change.song.labels[:4] == ("Intro", "Verse 1", "Verse 2", "Chorus 1")
    assert change.changes == ("Verse 2: moved before Verse 1", "Verse 2: renamed Verse 1", "Verse 1: renamed Verse 2")
    bridge_last = move_section(leaving_home, "bridge", after="outro")
    assert bridge_last.song.labels[-1] == "Bridge" and bridge_last.changes == ("Bridge: moved after Outro",)
    assert move_section(leaving_home, "bridge", after="Chorus 2").unchanged
    for kwargs in ({}, {"before": "intro", "after": "outro"}):
        with pytest.raises(SongError):
            move_section(leaving_home, "bridge", **kwargs)  # type: ignore[arg-type]
    with pytest.raises(SongError) as err:
        move_section(leaving_home, "chorus", before="intro")
    assert one_sentence(str(err.value))


# -- the claims over many planned songs --------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs(), st.sampled_from(TARGETS), st.integers(1, 24))
def test_set_bars_gives_exactly_the_bars_asked_and_keeps_the_rest(song: Song, target: str, bars: int) -> None:
    try:
        indices = song.find(target)
    except UnknownSection:
        return
    result = set_bars(song, target, bars).song
    expected = song.total_bars + sum(bars - song.sections[i].bars for i in indices)
    assert result.total_bars == expected
    for i, (before, after) in enumerate(zip(song.sections, result.sections, strict=True)):
        if i not in indices:
            assert after == before
            continue
        assert after.bars == bars and after.chords[-1] == before.chords[-1]
        assert after.chords[: min(bars, before.bars) - 1] == before.chords[: min(bars, before.bars) - 1]
    every_chord_reads(result)
    assert arrange(result).end_beat == result.total_bars * result.meta.beats_per_bar


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs(), st.data())
def test_adding_removing_doubling_and_moving_keep_the_sheet_whole(song: Song, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(SECTION_KINDS))
    after = data.draw(st.sampled_from((None, *song.labels)))
    bars = data.draw(st.sampled_from((None, 2, 4, 12)))
    added = add_section(song, kind, after=after, bars=bars).song
    assert len(added.sections) == len(song.sections) + 1
    assert sum(s.kind == kind for s in added.sections) == sum(s.kind == kind for s in song.sections) + 1
    usual = {s.bars for s in song.sections if s.kind == kind} or {4, 8}
    assert added.total_bars - song.total_bars in ({bars} if bars else usual)
    numbering_reads_in_order(added)
    every_chord_reads(added)

    target = data.draw(st.sampled_from(added.labels))
    removed = remove_section(added, target).song
    assert removed.total_bars == added.total_bars - added.sections[added.find(target)[0]].bars
    numbering_reads_in_order(removed)

    doubled_label = data.draw(st.sampled_from(removed.labels))
    doubled = double_section(removed, doubled_label).song
    assert doubled.total_bars == removed.total_bars + removed.sections[removed.find(doubled_label)[0]].bars

    mover, anchor = data.draw(st.permutations(range(len(doubled.sections))))[:2]
    moved = move_section(doubled, (mover,), after=doubled.labels[anchor]).song
    order = [i for i in range(len(doubled.sections)) if i != mover]
    order.insert(order.index(anchor) + 1, mover)
    assert [s.chords for s in moved.sections] == [doubled.sections[i].chords for i in order]
    assert moved.total_bars == doubled.total_bars
    numbering_reads_in_order(moved)
    assert arrange(moved).end_beat == moved.total_bars * moved.meta.beats_per_bar


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs(), st.sampled_from(METRES + ("2/4", "5/4", "12/8")), st.integers(40, 220))
def test_tempo_and_metre_keep_every_bar(song: Song, metre: str, bpm: int) -> None:
    song = with_tune(song, "Verse 1")
    result = set_meter(set_tempo(song, bpm, "chorus").song, metre).song
    assert [s.bars for s in result.sections] == [s.bars for s in song.sections]
    assert [s.chords for s in result.sections] == [s.chords for s in song.sections]
    verse = result.find("Verse 1")[0]
    assert len(result.sections[verse].melody) == len(song.sections[verse].melody)
    arrangement = arrange(result)
    for i in result.find("chorus"):
        assert (arrangement.sections[i].start, float(bpm)) in arrangement.tempo_map or bpm == song.meta.tempo


# -- on the render ------------------------------------------------------------------------------------


def test_slower_and_three_four_renders_last_as_long_as_the_sheet_says(leaving_home: Song, tmp_path: Path) -> None:
    from audio.analysis import duration
    from audio.render import SketchRenderer
    from music.formats.midi import arrangement_to_midi

    verse = leaving_home.excerpt((leaving_home.find("Verse 1")[0],))
    versions = {"as written": verse, "slower": set_tempo(verse, 60).song, "waltz": set_meter(verse, "3/4").song}
    renderer = SketchRenderer(engine="fluidsynth")
    try:
        heard = {
            name: duration(renderer.render(arrangement_to_midi(arrange(song)), tmp_path / f"{n}.wav"))
            for n, (name, song) in enumerate(versions.items())
        }
    finally:
        renderer.close()
    written = {name: song.duration_seconds() for name, song in versions.items()}
    assert written["slower"] == pytest.approx(written["as written"] * 1.5)
    assert written["waltz"] == pytest.approx(written["as written"] * 0.75)
    for name in ("slower", "waltz"):
        # The render's tail is the same in each, so the differences match the sheet's.
        assert heard[name] - heard["as written"] == pytest.approx(written[name] - written["as written"], abs=0.25)
