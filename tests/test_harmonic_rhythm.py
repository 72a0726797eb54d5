"""Chords on any beat and pushed changes: a bar 'C / / G' holds C three beats and plays G on the
fourth, a pushed chorus change lands an eighth early and is tied over the bar line, and the band,
the lead sheet, the chord chart, the melody writer and every edit read the same timing."""

from __future__ import annotations

import pytest

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent
from music.band.styles import style_for
from music.edits.chart import set_chords
from music.edits.keys import set_key
from music.edits.structure import add_section, set_bars
from music.edits.transforms import brighten
from music.errors import SongError
from music.formats.chordpro import to_chordpro
from music.formats.musicxml import song_to_score
from music.plan.planner import plan_song
from music.plan.progressions import progression
from music.song import Key, Meta, Section, Song, bar_chords, chord_at, chord_spans, parse_song, read_chart
from music.theory.chords import chord_pitch_classes

BAR = 4.0


def chorus(chords: tuple[str, ...], pushes: tuple[int, ...] = (), style: str = "pop") -> Song:
    """A one-chorus song in C with the style's band, loud enough to comp in rhythm."""
    return Song(
        meta=Meta(style=style, parts=style_for(style).parts, key=Key(tonic="C")),
        sections=(Section(kind="chorus", label="Chorus", bars=len(chords), chords=chords, pushes=pushes, energy=0.8),),
    )


def struck(arr: Arrangement, role: str, symbol: str) -> list[float]:
    """Beats where the part starts notes that all belong to `symbol` (a strike of that chord)."""
    tones = set(chord_pitch_classes(symbol))
    track = arr.track(role)
    assert track is not None
    by_start: dict[float, list[NoteEvent]] = {}
    for note in track.notes:
        by_start.setdefault(round(note.start, 3), []).append(note)
    return sorted(at for at, notes in by_start.items() if {n.pitch % 12 for n in notes} <= tones)


def lead_sheet_chords(song: Song) -> list[list[tuple[float, str]]]:
    """The chord symbols the lead sheet prints in each bar, with their beat in the bar."""
    from music21 import harmony, stream

    measures = song_to_score(song).parts[0].getElementsByClass(stream.Measure)
    return [
        [(float(symbol.offset), symbol.figure) for symbol in measure.getElementsByClass(harmony.ChordSymbol)]
        for measure in measures
    ]


# -- chords on any beat ----------------------------------------------------------------------


def test_a_bar_written_c_hold_hold_g_plays_c_three_beats_and_g_on_the_fourth() -> None:
    assert bar_chords("C / / G") == ((0.0, 0.75, "C"), (0.75, 1.0, "G"))
    assert bar_chords("C G") == ((0.0, 0.5, "C"), (0.5, 1.0, "G"))
    song = chorus(("C / / G", "Am"))
    spans = chord_spans(song.sections[0], 0.0, BAR)
    assert [(s.start, s.end, s.symbol) for s in spans] == [(0.0, 3.0, "C"), (3.0, 4.0, "G"), (4.0, 8.0, "Am")]
    piano = struck(arrange(song), "chords", "G")
    assert piano and min(piano) == pytest.approx(3.0), "the piano strikes G on beat four, not before"


def test_a_bar_cannot_start_on_a_hold_and_a_hold_is_no_chord() -> None:
    with pytest.raises(SongError, match="starts with a chord"):
        parse_song(chorus(("C",)).model_dump() | {"sections": [{"kind": "verse", "label": "V", "bars": 1,
                                                                  "chords": ["/ C"]}]})  # fmt: skip
    with pytest.raises(SongError, match="not a chord symbol"):
        parse_song({"sections": [{"kind": "verse", "label": "V", "bars": 1, "chords": ["C / X"]}]})


def test_edits_keep_the_bars_rhythm_transposed_and_recoloured() -> None:
    song = chorus(("C / / G", "F / G /", "C", "C"))
    moved = set_key(song, Key(tonic="D")).song.sections[0].chords
    assert moved[:2] == ("D / / A", "G / A /")
    brighter_chords = brighten(song, "chorus").song.sections[0].chords
    assert [entry.split().count("/") for entry in brighter_chords[:2]] == [2, 2]


def test_the_chord_chart_and_lead_sheet_place_a_chord_on_its_beat() -> None:
    song = chorus(("C / / G", "Am", "F", "G"))
    grid = to_chordpro(song)
    assert "C . . G" in grid
    assert lead_sheet_chords(song)[:2] == [[(0.0, "C"), (3.0, "G")], [(0.0, "Am")]]


# -- pushes ----------------------------------------------------------------------------------


def test_a_pushed_change_lands_an_eighth_early_and_is_not_struck_again_on_the_downbeat() -> None:
    song = chorus(("C", "C", "Am", "F"), pushes=(3,))
    spans = chord_spans(song.sections[0], 0.0, BAR)
    assert [(s.start, s.symbol, s.tied) for s in spans] == [
        (0.0, "C", False), (4.0, "C", False), (7.5, "Am", False), (8.0, "Am", True), (12.0, "F", False)
    ]  # fmt: skip
    assert chord_at(song.sections[0], 7.6, BAR) == "Am" and chord_at(song.sections[0], 7.4, BAR) == "C"
    arr = arrange(song)
    piano = struck(arr, "chords", "Am")
    assert piano[0] == pytest.approx(7.5), "the piano pushes Am on the and of four"
    assert 8.0 not in piano, "the push is tied over the downbeat"
    push = [n for n in arr.track("chords").notes if n.start == pytest.approx(7.5)]
    assert all(n.start + n.duration > 8.0 for n in push), "the pushed chord rings over the bar line"
    bass = [n for n in arr.track("bass").notes if 7.0 <= n.start < 9.0]
    assert any(n.start == pytest.approx(7.5) and n.pitch % 12 == 9 and n.start + n.duration > 8.0 for n in bass)
    assert not any(n.start == pytest.approx(8.0) for n in bass), "the bass holds its push over the downbeat"


def test_an_unpushed_song_is_played_exactly_as_before() -> None:
    plain, pushed = chorus(("C", "C", "Am", "F")), chorus(("C", "C", "Am", "F"), pushes=(3,))
    a, b = arrange(plain), arrange(pushed)
    for role in ("chords", "bass"):
        early = [n for n in a.track(role).notes if n.start < 7.0]
        assert early == [n for n in b.track(role).notes if n.start < 7.0]
    assert a.track("drums").notes == b.track("drums").notes


def test_a_push_lands_inside_the_section_and_shows_on_the_charts() -> None:
    with pytest.raises(SongError, match="push"):
        parse_song(chorus(("C", "G")).model_dump() | {"sections": [
            {"kind": "chorus", "label": "C", "bars": 2, "chords": ["C", "G"], "pushes": [1]}]})  # fmt: skip
    song = chorus(("C", "G", "Am", "F"), pushes=(2, 4))
    assert "C . . G" in to_chordpro(song)
    assert lead_sheet_chords(song)[:3] == [[(0.0, "C"), (3.5, "G")], [], [(0.0, "Am"), (3.5, "F")]]


# -- the planner -----------------------------------------------------------------------------


def test_a_pop_chorus_pushes_its_changes_and_a_bossa_nova_plays_on_the_beat() -> None:
    pop = plan_song("an upbeat pop song about summer")
    choruses = [s for s in pop.sections if s.kind == "chorus"]
    assert choruses and all(s.pushes for s in choruses)
    assert all(not s.pushes for s in pop.sections if s.kind != "chorus")
    for section in choruses:
        for bar in section.pushes:
            before, after = section.chords[bar - 2].split(), section.chords[bar - 1].split()
            assert len(before) == 1 and after[0] != before[0], "a push moves to a new chord"
    bossa = plan_song("a bossa nova about the sea")
    assert not any(s.pushes for s in bossa.sections)


def test_a_chorus_added_or_cut_plays_its_pushes_where_its_bars_still_are() -> None:
    pop = plan_song("an upbeat pop song about summer")
    chorus = next(s for s in pop.sections if s.kind == "chorus")
    added = add_section(pop, "chorus", after="Outro", bars=4).song.sections[-1]
    assert added.chords == chorus.chords[:3] + chorus.chords[-1:]
    assert added.pushes == tuple(bar for bar in chorus.pushes if bar <= 4) != ()
    cut = set_bars(pop, "Chorus 1", 3).song.sections[pop.sections.index(chorus)]
    assert cut.pushes == tuple(bar for bar in chorus.pushes if bar <= 3)


def test_an_eight_bar_pop_verse_breathes_on_a_half_cadence_after_four_bars() -> None:
    romans = progression("verse", "major", "pop", 0, 8, None)
    assert romans[:4] == ("I", "V", "vi", "IV V") and romans[4] == "I"
    assert progression("verse", "major", "hip-hop", 0, 8, None)[3] == "IV", "a loop style keeps its loop"


# -- the musician's own chart ----------------------------------------------------------------


def test_a_chart_with_holds_repeats_and_a_push_fills_the_verse_as_a_loop() -> None:
    song = plan_song("a pop song about rain")
    change = set_chords(song, "verse 1", "Am / / G | F | ^C | %")
    verse = change.song.sections[song.find("verse 1")[0]]
    assert verse.chords == ("Am / / G", "F", "C", "C") * 2 and verse.pushes == (3, 7)
    assert verse.chord_line() == "Am / / G | F | ^C | C | Am / / G | F | ^C | C"
    assert read_chart(verse.chord_line()) == (verse.chords, verse.pushes), "the sheet writes the chart it reads"
    assert "Am / / G" in change.summary()
    assert change.song.sections[0] == song.sections[0], "the other sections stay as they were"


def test_a_chart_that_does_not_fit_or_is_not_chords_changes_nothing_and_says_why() -> None:
    song = plan_song("a pop song about rain")
    with pytest.raises(SongError, match="has 8 bars, and a chart of 3 does not fill it"):
        set_chords(song, "verse 1", "Am | F | C")
    with pytest.raises(SongError, match="'Fx' is not a chord symbol"):
        set_chords(song, "verse 1", "Am | Fx")
    with pytest.raises(SongError, match="repeats the bar before"):
        set_chords(song, "verse 1", "% | Am")
    with pytest.raises(SongError, match="mixes '%' with chords"):
        set_chords(song, "verse 1", "Am | % C")


def test_asked_for_the_chords_a_pushed_chorus_shows_and_explains_its_pushes() -> None:
    from music.theory.answers import chords_answer

    song = chorus(("C", "G", "Am", "F"), pushes=(3,))
    answer = chords_answer(song, song.find("chorus"))
    assert "C | G | ^Am | F" in answer and "pushed chord" in answer
    assert "pushed" not in chords_answer(chorus(("C", "G", "Am", "F")), None)
