"""A musician takes the song out of cowriter: a ChordPro chart, a lyric sheet, a MusicXML lead sheet, a summary."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from music.describe import describe, section_brief
from music.errors import SongError
from music.formats.chordpro import lyrics_text, to_chordpro
from music.formats.musicxml import song_to_score, write_musicxml
from music.song import Key, Meta, Part, Section, Song
from music.theory.chords import chord_pitch_classes, chord_root, music21_figure, note_pc

PARTS = (
    Part(name="Guitar", role="chords", program=24),
    Part(name="Bass", role="bass", program=33),
    Part(name="Voice", role="lead", program=73),
    Part(name="Drums", role="drums", program=0),
)


@pytest.fixture(scope="module")
def leaving_home() -> Song:
    return Song(
        meta=Meta(title="Leaving Home", style="folk", tempo=90, key=Key(tonic="D", mode="minor"), parts=PARTS),
        sections=(
            Section(kind="intro", label="Intro", bars=2, chords=("Dm", "Bb C")),
            Section(
                kind="verse",
                label="Verse 1",
                bars=4,
                chords=("Dm", "Bbmaj7", "F", "C/E"),
                lyrics=("Leaving the house on a cold grey morning,", "Nothing to carry but the beautiful road"),
                energy=0.4,
            ),
            Section(
                kind="chorus",
                label="Chorus",
                bars=4,
                chords=("F", "C", "Dm", "Bb"),
                lyrics=("Home, oh home", "is where I was", "standing in the open door", "waiting"),
                energy=0.8,
                register=5,
                tempo=96,
            ),
            Section(kind="bridge", label="Bridge", bars=2, chords=("Gm", "A7"), lyrics=("Everything changes",)),
            Section(kind="outro", label="Outro", bars=2, chords=("Dm", "Dm"), key=Key(tonic="A", mode="major")),
        ),
    )


# -- ChordPro ---------------------------------------------------------------------------


def test_chordpro_chart_opens_with_the_song_facts(leaving_home: Song) -> None:
    chart = to_chordpro(leaving_home)
    assert chart.splitlines()[:4] == ["{title: Leaving Home}", "{key: Dm}", "{tempo: 90}", "{time: 4/4}"]


def test_chordpro_puts_chords_inline_over_the_words_bar_by_bar(leaving_home: Song) -> None:
    chart = to_chordpro(leaving_home)
    # Two lines over four bars: each line carries two bars' chords, the second halfway through.
    assert "[Dm]Leaving the house on [Bbmaj7]a cold grey morning," in chart
    assert "[F]Nothing to carry [C/E]but the beautiful road" in chart
    # Four lines over four bars: one chord per line.
    assert "[F]Home, oh home\n[C]is where I was\n[Dm]standing in the open door\n[Bb]waiting" in chart


def test_chordpro_wraps_sections_in_their_environments(leaving_home: Song) -> None:
    lines = to_chordpro(leaving_home).splitlines()
    verse = lines.index("{comment: Verse 1}")
    assert lines[verse + 1] == "{start_of_verse}" and lines[verse + 4] == "{end_of_verse}"
    chorus = lines.index("{comment: Chorus}")
    assert lines[chorus + 1] == "{start_of_chorus}" and lines[chorus + 6] == "{end_of_chorus}"
    bridge = lines.index("{comment: Bridge}")
    assert lines[bridge + 1 : bridge + 4] == ["{start_of_bridge}", "[Gm]Everything [A7]changes", "{end_of_bridge}"]


def test_instrumental_sections_print_a_chord_grid_one_cell_per_beat(leaving_home: Song) -> None:
    lines = to_chordpro(leaving_home).splitlines()
    intro = lines.index("{comment: Intro}")
    assert lines[intro + 1 : intro + 4] == [
        '{start_of_grid: shape="2x4"}',
        "| Dm . . . | Bb . C . |",
        "{end_of_grid}",
    ]


def test_key_and_tempo_changes_are_announced_where_they_happen(leaving_home: Song) -> None:
    lines = to_chordpro(leaving_home).splitlines()
    assert lines[lines.index("{comment: Chorus}") - 1] == "{tempo: 96}"
    # The bridge returns to the song's tempo; the outro moves to A major.
    assert lines[lines.index("{comment: Bridge}") - 1] == "{tempo: 90}"
    assert lines[lines.index("{comment: Outro}") - 1] == "{key: A}"


def test_chordpro_is_well_formed(leaving_home: Song) -> None:
    open_env = None
    for line in to_chordpro(leaving_home).splitlines():
        if line.startswith("{"):
            assert line.endswith("}") and line.count("{") == 1
            name = line[1:-1].split(":")[0].strip()
            if name.startswith("start_of_"):
                assert open_env is None
                open_env = name.removeprefix("start_of_")
            elif name.startswith("end_of_"):
                assert open_env == name.removeprefix("end_of_")
                open_env = None
        for symbol in re.findall(r"\[([^\]]+)\]", line):
            chord_root(symbol)  # every inline chord is a readable symbol
    assert open_env is None


def test_a_long_line_over_one_bar_holds_its_chord_and_a_busy_bar_spreads() -> None:
    song = Song(
        sections=(
            Section(kind="verse", label="Verse", bars=2, chords=("C G", "C"), lyrics=("one two three four", "five")),
        )
    )
    chart = to_chordpro(song)
    # The first line has bar 1 (C then G); bar 2 repeats C on the next line.
    assert "[C]one two [G]three four\n[C]five" in chart


# -- lyric sheet -------------------------------------------------------------------------


def test_lyric_sheet_has_the_title_and_each_sung_section_under_its_label(leaving_home: Song) -> None:
    text = lyrics_text(leaving_home)
    assert text.startswith("Leaving Home\n\n[Verse 1]\nLeaving the house on a cold grey morning,\n")
    assert "[Chorus]\nHome, oh home\nis where I was\nstanding in the open door\nwaiting\n" in text
    assert "[Intro]" not in text and "[Outro]" not in text
    assert "[" not in text.replace("[Verse 1]", "").replace("[Chorus]", "").replace("[Bridge]", "")


# -- describe ----------------------------------------------------------------------------


def test_describe_shows_the_sheet_for_the_chat(leaving_home: Song) -> None:
    text = describe(leaving_home)
    assert text.startswith("# Leaving Home\nD minor · 90 BPM · 4/4 · folk")
    assert "Guitar (chords, GM 24)" in text
    assert "3. **Chorus** (chorus, 4 bars, energy 0.8): F | C | Dm | Bb" in text
    assert "register +5 semitones; tempo 96 BPM" in text
    assert "key A major" in text
    assert "   > Home, oh home" in text


def test_section_brief_is_one_short_description(leaving_home: Song) -> None:
    brief = section_brief(leaving_home, 2)
    assert brief.startswith("Chorus: 4 bars in D minor at 96 BPM, energy 0.8; chords F | C | Dm | Bb")
    assert '"Home, oh home" (+3 lines)' in brief
    assert section_brief(leaving_home, 0).endswith("instrumental.")
    with pytest.raises(SongError, match="no section number 9"):
        section_brief(leaving_home, 8)


# -- MusicXML ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def parsed(leaving_home: Song, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from music21 import converter

    path = write_musicxml(leaving_home, tmp_path_factory.mktemp("export") / "sheets" / "leaving-home.musicxml")
    assert path.exists() and not list(path.parent.glob(".*.tmp"))
    return converter.parse(path)


def test_musicxml_has_one_measure_per_bar_in_every_part(leaving_home: Song, parsed: Any) -> None:
    from music21 import stream

    assert isinstance(parsed, stream.Score)
    assert [p.partName for p in parsed.parts] == ["Lead", "Bass"]
    for part in parsed.parts:
        measures = part.getElementsByClass(stream.Measure)
        assert len(measures) == leaving_home.total_bars
        for measure in measures:
            assert measure.duration.quarterLength == pytest.approx(4.0)
    assert parsed.metadata.bestTitle == "Leaving Home"


def test_musicxml_chord_symbols_follow_the_sheet(leaving_home: Song, parsed: Any) -> None:
    from music21 import harmony

    written = [c for c in parsed.parts[0].recurse().getElementsByClass(harmony.ChordSymbol)]
    sheet = [symbol for section in leaving_home.sections for bar in section.chords for symbol in bar.split()]
    assert [c.root().pitchClass for c in written] == [chord_root(s) for s in sheet]
    # Flats stay flats: Bb is written B-flat, not A-sharp.
    assert {c.root().name for c in written if c.root().pitchClass == 10} == {"B-"}
    slash = next(c for c in written if c.bass() is not None and c.bass().name == "E")
    assert slash.root().name == "C"


def test_musicxml_lyrics_spell_the_song_words(leaving_home: Song, parsed: Any) -> None:
    words: list[str] = []
    current = ""
    for n in parsed.parts[0].recurse().notes:
        if not n.lyrics:
            continue
        lyric = n.lyrics[0]
        current += lyric.text
        if lyric.syllabic in ("single", "end"):
            words.append(current)
            current = ""
    assert current == ""
    expected = [w for section in leaving_home.sections for line in section.lyrics for w in line.split()]
    assert words == expected


def test_musicxml_key_signatures_time_and_tempo_marks(parsed: Any) -> None:
    from music21 import expressions, key, meter, tempo

    lead = parsed.parts[0]
    signatures = [k.sharps for k in lead.recurse().getElementsByClass(key.KeySignature)]
    assert signatures == [-1, 3]  # D minor, then the outro in A major
    assert [t.ratioString for t in lead.recurse().getElementsByClass(meter.TimeSignature)] == ["4/4"]
    assert [m.number for m in lead.recurse().getElementsByClass(tempo.MetronomeMark)] == [90, 96, 90]
    marks = [m.content for m in lead.recurse().getElementsByClass(expressions.RehearsalMark)]
    assert marks == ["Intro", "Verse 1", "Chorus", "Bridge", "Outro"]


def test_notes_are_on_the_sixteenth_grid_and_tied_over_bar_lines(parsed: Any) -> None:
    from music21 import note

    for part in parsed.parts:
        for n in part.recurse().notesAndRests:
            if isinstance(n, note.Note | note.Rest):
                assert (n.offset * 4) == int(n.offset * 4)
                assert (n.quarterLength * 4) == int(n.quarterLength * 4)


def test_lead_sheet_in_six_eight_with_sharps() -> None:
    from music21 import key, stream

    song = Song(
        meta=Meta(title="Waltz", time_signature="6/8", key=Key(tonic="E", mode="major"), parts=PARTS[:3]),
        sections=(
            Section(kind="verse", label="Verse", bars=3, chords=("E", "C#m", "B7 E"), lyrics=("dancing slowly",)),
        ),
    )
    score = song_to_score(song)
    lead = score.parts[0]
    assert len(lead.getElementsByClass(stream.Measure)) == 3
    assert all(m.duration.quarterLength == pytest.approx(3.0) for m in lead.getElementsByClass(stream.Measure))
    assert [k.sharps for k in lead.recurse().getElementsByClass(key.KeySignature)] == [4]


def test_music21_spelling_of_sheet_symbols() -> None:
    assert music21_figure("Bbmaj7/D") == "B-maj7/D"
    assert music21_figure("Ebm7") == "E-m7"
    assert music21_figure("Cmaj9") == "CM9"
    assert music21_figure("F#m/C#") == "F#m/C#"
    assert note_pc("B-") == 10


@pytest.mark.parametrize("symbol", ["C6/9", "Cmaj11", "Cmaj13", "Am(maj7)", "Gm7/C", "Bbmaj7/D", "E7#9", "Dm7b5"])
def test_the_lead_sheet_writes_each_chord_with_the_notes_the_band_plays(symbol: str, tmp_path: Path) -> None:
    song = Song(sections=(Section(kind="verse", label="Verse 1", bars=1, chords=(symbol,)),))
    from music21 import converter, harmony

    score = converter.parse(write_musicxml(song, tmp_path / "one.musicxml"))
    (written,) = list(score.recurse().getElementsByClass(harmony.ChordSymbol))
    assert {p.pitchClass for p in written.pitches} == set(chord_pitch_classes(symbol)), written.figure


def test_only_musicxml_file_names_are_written(leaving_home: Song, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.musicxml or \.xml"):
        write_musicxml(leaving_home, tmp_path / "song.pdf")
    assert not list(tmp_path.iterdir())


def test_a_written_melody_with_hyphenated_syllables_keeps_its_words(tmp_path: Path) -> None:
    from music21 import converter

    from music.song import Note

    melody = (
        Note(pitch=67, start=0.0, duration=1.0, lyric="Hel-"),
        Note(pitch=69, start=1.0, duration=1.5, lyric="lo"),
        Note(pitch=71, start=3.5, duration=1.5, lyric="world"),  # tied over the bar line
    )
    song = Song(
        meta=Meta(title="Hello", parts=PARTS[2:3]),
        sections=(
            Section(kind="verse", label="Verse", bars=2, chords=("G", "C"), melody=melody, lyrics=("Hello world",)),
        ),
    )
    parsed: Any = converter.parse(write_musicxml(song, tmp_path / "hello.xml"))
    sung = [(n.lyrics[0].text, n.lyrics[0].syllabic) for n in parsed.parts[0].recurse().notes if n.lyrics]
    assert sung == [("Hel", "begin"), ("lo", "end"), ("world", "single")]
    ties = [n.tie.type for n in parsed.parts[0].recurse().notes if n.tie is not None and n.pitch.midi == 71]
    assert ties == ["start", "stop"]


@pytest.mark.parametrize(
    "brief, sharps",
    [
        ("folk song about leaving home, 90 BPM, D minor", -1),
        ("a jazz tune in Eb major in 3/4", -3),
        ("a ballad in E major, 6/8", 4),
    ],
    ids=["d-minor", "e-flat-waltz", "e-major-six-eight"],
)
def test_planned_songs_export_measure_for_measure(brief: str, sharps: int) -> None:
    from music21 import key, stream

    from music.plan.planner import plan_song

    song = plan_song(brief)
    score = song_to_score(song)
    for part in score.parts:
        measures = part.getElementsByClass(stream.Measure)
        assert len(measures) == song.total_bars
        for measure in measures:
            assert measure.duration.quarterLength == pytest.approx(song.meta.beats_per_bar)
    signature = score.parts[0].recurse().getElementsByClass(key.KeySignature).first()
    assert signature is not None and signature.sharps == sharps


def test_a_swung_style_is_written_straight_with_a_swing_marking(tmp_path: Path) -> None:
    from music21 import converter, expressions

    from music.plan.planner import plan_song

    def sheet(brief: str) -> Any:
        song = plan_song(brief)
        return converter.parse(write_musicxml(song, tmp_path / f"{song.meta.style}.musicxml")).parts[0]

    jazz = sheet("jazzy tune about rain in Bb major")
    assert [t.content for t in jazz.recurse().getElementsByClass(expressions.TextExpression)] == ["Swing"]
    # The played line is late on every off-beat eighth; the sheet writes it on the eighth.
    assert {round(float(n.offset) % 1, 3) for n in jazz.recurse().notesAndRests} <= {0.0, 0.5}
    pop = sheet("upbeat pop song about summer in E major, 118 bpm")
    assert not list(pop.recurse().getElementsByClass(expressions.TextExpression))
