"""A songwriter asks why the song sounds the way it does: roman numerals, borrowed chords, cadences and the melody."""

from __future__ import annotations

import re
from pathlib import Path

import mido
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from music.band.arrange import arrange
from music.band.arrangement import NoteEvent
from music.band.styles import style_for
from music.errors import SongError
from music.plan.planner import Brief, plan_song
from music.song import Key, Meta, Note, Section, Song, section_with
from music.theory.analysis import analyze, analyze_file, analyze_section, explain, parallel_motion
from music.theory.chords import chord_pitch_classes, is_diatonic, roman_to_symbol, scale_pitch_classes
from music.theory.romans import roman_numeral, roman_numerals

TONICS = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MODES = ("major", "minor", "dorian", "mixolydian", "lydian", "phrygian")
STYLES = ("pop", "rock", "folk", "ballad", "jazz", "edm")
# A numeral as a lead sheet writes it: never music21's "II" for V/V or "Ib753" for V7/IV.
FIGURE = re.compile(
    r"^[b#]?(VII|VI|IV|V|III|II|I|vii|vi|iv|v|iii|ii|i)(o|ø|\+)?"
    r"(7|maj7|9|maj9|11|13|add9|add6|add6add9|sus2|sus4|7sus4|5)?(6|64|65|43|42)?"
    r"(/(V|IV|II|III|VI|VII|v|iv|ii|iii|vi|vii))?$"
)


def sheet(key: Key, *sections: tuple[str, str, tuple[str, ...]], parts: bool = True) -> Song:
    """A song from (kind, label, chords) triples, arranged for a pop band unless told otherwise."""
    return Song(
        meta=Meta(title="Sketch", key=key, parts=style_for("pop").parts if parts else ()),
        sections=tuple(Section(kind=k, label=label, bars=len(c), chords=c) for k, label, c in sections),  # type: ignore[arg-type]
    )


# -- naming chords -------------------------------------------------------------------------------


def test_bb_in_d_major_is_bvi_borrowed_from_d_minor_and_sounds_bittersweet() -> None:
    song = sheet(
        Key(tonic="D"),
        ("verse", "Verse 1", ("D", "G", "A", "D")),
        ("chorus", "Chorus", ("D", "Bb", "G", "A")),
        ("verse", "Verse 2", ("D", "G", "A", "D")),
    )
    bb = roman_numeral("Bb", Key(tonic="D"))
    assert (bb.figure, bb.function, bb.borrowed_from) == ("bVI", "borrowed", "D minor")

    chorus = analyze_section(song, 1)
    assert chorus.figures() == "I | bVI | IV | V"
    assert [r.symbol for r in chorus.borrowed] == ["Bb"]
    text = explain(chorus)
    assert "borrows bVI (Bb) from D minor" in text
    assert "bittersweet" in text
    assert "half cadence (V)" in text and "pulls into the verse" in text


@pytest.mark.parametrize(
    ("chord", "target", "key", "figure"),
    [
        ("A7", "D", Key(tonic="G"), "V7/V"),
        ("C7", "F", Key(tonic="C"), "V7/IV"),
        ("E7", "Am", Key(tonic="C"), "V7/vi"),
        ("D/F#", "G", Key(tonic="C"), "V6/V"),
        ("B7", "E", Key(tonic="A", mode="minor"), "V7/V"),
    ],
    ids=["A7-D in G", "C7-F in C", "E7-Am in C", "D/F#-G in C", "B7-E in A minor"],
)
def test_secondary_dominants_are_named_as_such(chord: str, target: str, key: Key, figure: str) -> None:
    name = roman_numeral(chord, key)
    assert name.figure == figure
    assert name.function == "secondary dominant"
    assert "II" not in name.figure.split("/")[0] and "53" not in name.figure

    song = sheet(
        key, ("verse", "Verse", (key.tonic if key.mode == "major" else f"{key.tonic}m", chord, target, target))
    )
    verse = analyze_section(song, 0)
    assert verse.romans[1].figure == figure
    assert "secondary dominant that pushes towards" in explain(verse)


@pytest.mark.parametrize(
    ("symbol", "key", "figure", "function"),
    [
        ("C/E", Key(tonic="C"), "I6", "tonic"),
        ("G7/B", Key(tonic="C"), "V65", "dominant"),
        ("Dm7", Key(tonic="C"), "ii7", "predominant"),
        ("Bdim7", Key(tonic="C"), "viio7", "borrowed"),
        ("G#dim7", Key(tonic="A", mode="minor"), "viio7", "dominant"),
        ("Fm", Key(tonic="C"), "iv", "borrowed"),
        ("E", Key(tonic="A", mode="minor"), "V", "dominant"),
        ("F", Key(tonic="A", mode="minor"), "VI", "predominant"),
        ("Bb", Key(tonic="C", mode="mixolydian"), "VII", "dominant"),
        ("F/G", Key(tonic="C"), "V9sus4", "dominant"),  # heard as G9sus4 (a G11), not IV over a pedal
    ],
)
def test_familiar_chords_get_their_textbook_names(symbol: str, key: Key, figure: str, function: str) -> None:
    name = roman_numeral(symbol, key)
    assert (name.figure, name.function) == (figure, function)


def test_what_follows_a_chord_decides_whether_it_is_borrowed_or_a_secondary_dominant() -> None:
    minor = Key(tonic="A", mode="minor")
    assert roman_numeral("A", minor).borrowed_from == "A major"  # a Picardy third on its own
    assert [r.figure for r in roman_numerals(["Am", "A", "Dm"], minor)] == ["i", "V/iv", "iv"]
    assert [r.figure for r in roman_numerals(["C", "F#dim7", "G"], Key(tonic="C"))] == ["I", "viio7/V", "V"]


def test_an_unreadable_chord_is_one_plain_sentence() -> None:
    with pytest.raises(SongError, match=r"^'H7' is not a chord symbol"):
        roman_numeral("H7", Key())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tonic=st.sampled_from(TONICS), mode=st.sampled_from(MODES), style=st.sampled_from(STYLES))
def test_every_chord_of_a_planned_song_gets_a_readable_numeral(tonic: str, mode: str, style: str) -> None:
    key = Key(tonic=tonic, mode=mode)  # type: ignore[arg-type]
    song = plan_song(Brief(subject="the harbour", style=style, key=key))
    for section in song.sections:
        for symbol in (s for entry in section.chords for s in entry.split()):
            name = roman_numeral(symbol, key)
            assert FIGURE.match(name.figure), (symbol, name.figure)
            # Read back through the planner's own numeral reader, the figure names the same notes.
            assert set(chord_pitch_classes(roman_to_symbol(name.figure, key))) == set(chord_pitch_classes(symbol))


@settings(max_examples=120, deadline=None)
@given(tonic=st.sampled_from(TONICS), mode=st.sampled_from(MODES), degree=st.integers(2, 7), seventh=st.booleans())
def test_every_dominant_of_a_scale_degree_is_named_v_of_that_degree(
    tonic: str, mode: str, degree: int, seventh: bool
) -> None:
    key = Key(tonic=tonic, mode=mode)  # type: ignore[arg-type]
    scale = scale_pitch_classes(key)
    root, third, fifth = (scale[(degree - 1 + k) % 7] for k in (0, 2, 4))
    if (fifth - root) % 12 != 7:
        return  # a diminished triad is never the goal of a dominant
    target = ("V" if degree == 5 and mode == "minor" else None) or (
        ("I", "II", "III", "IV", "V", "VI", "VII")[degree - 1]
        if (third - root) % 12 == 4
        else ("i", "ii", "iii", "iv", "v", "vi", "vii")[degree - 1]
    )
    dominant = roman_to_symbol(f"V{'7' if seventh else ''}/{target}", key)
    if is_diatonic(dominant, key):
        return  # in the key already: a plain diatonic chord, not a secondary dominant
    name = roman_numeral(dominant, key)
    if name.function == "borrowed":
        assert not seventh  # only a plain triad of the parallel major or minor is heard as borrowed
        return
    assert name.figure == f"V{'7' if seventh else ''}/{target}", (dominant, key, name)


# -- cadences and keys ---------------------------------------------------------------------------


def test_cadences_are_found_at_phrase_ends_and_section_ends() -> None:
    song = sheet(
        Key(tonic="C"),
        ("verse", "Verse", ("C", "Am", "F", "G", "C", "F", "G7", "Am")),
        ("chorus", "Chorus", ("F", "G", "C", "C", "Am", "Dm", "F", "C")),
        parts=False,
    )
    verse, chorus = analyze(song).sections
    assert [(c.bar, c.kind, c.section_end) for c in verse.cadences] == [(4, "half", False), (8, "deceptive", True)]
    assert [(c.bar, c.kind) for c in chorus.cadences] == [(4, "authentic"), (8, "plagal")]
    assert "deceptive cadence (V7-vi)" in explain(verse)
    assert "Bar 4 closes a phrase with a half cadence (V)" in explain(verse)


@pytest.mark.parametrize("brief", ["a rock song in F# minor", "a rock song in Bb major", "an edm track in G minor"])
def test_the_key_of_a_planned_song_is_heard_right_over_loud_drums(brief: str) -> None:
    song = plan_song(brief)
    song = song.model_copy(update={"sections": tuple(section_with(s, energy=1.0) for s in song.sections)})
    drums = next(t for t in arrange(song).tracks if t.is_drums)
    assert len(drums.notes) > 500 and max(n.velocity for n in drums.notes) > 100

    analysis = analyze(song)
    assert analysis.estimated_key == song.meta.key
    assert analysis.key_agrees
    assert explain(analysis).startswith(f"The notes sound in {song.meta.key}, as the sheet says.")


def test_a_modal_song_is_heard_in_its_mode_not_its_relative_major() -> None:
    song = plan_song(Brief(subject="the moor", style="folk", key=Key(tonic="D", mode="dorian")))
    assert analyze(song).estimated_key == Key(tonic="D", mode="dorian")


# -- the melody ----------------------------------------------------------------------------------


def _sung(section: Section, *notes: tuple[float, str, int]) -> Section:
    """The section with a melody sung one syllable per (beat, syllable, pitch)."""
    melody = tuple(Note(pitch=p, start=at, duration=1.0, lyric=syl) for at, syl, p in notes)
    return section_with(section, melody=melody)


def test_a_well_set_line_puts_its_stresses_on_strong_beats_and_a_badly_set_one_does_not() -> None:
    base = Section(kind="verse", label="Verse", bars=2, chords=("C", "G"), lyrics=("golden river morning",))
    words = ["gol-", "den", "ri-", "ver", "mor-", "ning"]
    well = _sung(base, *((float(k), syl, 64) for k, syl in enumerate(words)))
    badly = _sung(base, *((float(k + 1), syl, 64) for k, syl in enumerate(words)))
    for section, ratio in ((well, 1.0), (badly, 0.0)):
        song = Song(meta=Meta(key=Key()), sections=(section,))
        stress = analyze_section(song, 0).stress
        assert (stress.syllables, stress.stressed) == (6, 3)
        assert stress.ratio == ratio
    # Without lyric lines, the hyphens of the written syllables say where words go on.
    unlined = section_with(well, lyrics=())
    assert analyze_section(Song(sections=(unlined,)), 0).stress.ratio == 1.0
    assert "so the words sit naturally" in explain(analyze_section(Song(sections=(well,)), 0))
    assert "may sound mis-stressed" in explain(analyze_section(Song(sections=(badly,)), 0))


def test_range_and_tessitura_of_the_lead() -> None:
    base = Section(kind="verse", label="Verse", bars=4, chords=("C", "F", "G", "C"))
    # Mostly between E4 and A4, with one quick dip to C4 and one quick leap to C6.
    notes = [(60, 0.0, 0.25), (64, 1.0, 3.0), (65, 4.0, 3.0), (67, 7.0, 3.0), (84, 10.0, 0.25), (69, 11.0, 3.0)]
    section = section_with(base, melody=tuple(Note(pitch=p, start=s, duration=d) for p, s, d in notes))
    span = analyze_section(Song(sections=(section,)), 0).melodic_range
    assert span is not None
    assert (span.low, span.high, span.tessitura_low, span.tessitura_high) == (60, 84, 64, 69)
    assert "spans C4-C6 (two octaves) and mostly sits between E4 and A4" in explain(
        analyze_section(Song(sections=(section,)), 0)
    )


def test_parallel_fifths_between_a_constructed_melody_and_bass() -> None:
    bass = [NoteEvent(float(k), 1.0, p) for k, p in enumerate((53, 55, 57, 55))]  # F3 G3 A3 G3
    fifths = [NoteEvent(float(k), 1.0, p + 19) for k, p in enumerate((53, 55, 57, 55))]
    contrary = [NoteEvent(float(k), 1.0, p) for k, p in enumerate((72, 71, 69, 71))]
    found = parallel_motion(fifths, bass)
    assert [(p.interval, p.bar, p.beat) for p in found] == [("fifths", 1, 2.0), ("fifths", 1, 3.0), ("fifths", 1, 4.0)]
    assert parallel_motion(contrary, bass) == ()
    octaves = [NoteEvent(float(k), 1.0, p + 24) for k, p in enumerate((53, 55, 57, 55))]
    assert {p.interval for p in parallel_motion(octaves, bass)} == {"octaves"}


def test_a_melody_shadowing_the_bass_a_twelfth_above_is_flagged() -> None:
    song = sheet(Key(tonic="C"), ("verse", "Verse", ("C", "G", "Am", "F")))
    bass = next(t for t in arrange(song).tracks if t.role == "bass")
    melody = tuple(Note(pitch=n.pitch + 19, start=n.start, duration=n.duration) for n in bass.notes)
    shadowing = song.replace_section(0, section_with(song.sections[0], melody=melody))
    verse = analyze_section(shadowing, 0)
    assert verse.parallels and {p.interval for p in verse.parallels} == {"fifths"}
    assert "parallel fifths with the bass" in explain(verse)

    pedal = song.replace_section(0, section_with(song.sections[0], melody=(Note(pitch=67, start=0, duration=16),)))
    assert analyze_section(pedal, 0).parallels == ()


# -- an uploaded file ----------------------------------------------------------------------------


def _write_upload(path: Path) -> Path:
    """A MIDI file as a musician's DAW writes it: piano chords, a sung melody and a busy drum kit, in G."""
    mid = mido.MidiFile(ticks_per_beat=480)
    conductor = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(96)),
                                mido.MetaMessage("time_signature", numerator=4, denominator=4)])  # fmt: skip
    bars = [(55, 59, 62), (57, 60, 64), (57, 61, 64, 67), (50, 54, 57, 60), (55, 59, 62), (48, 52, 55),
            (50, 54, 57, 60), (55, 59, 62)]  # G Am A7 D7 G C D7 G  # fmt: skip
    tune = [67, 69, 73, 72, 71, 72, 66, 67]
    piano = mido.MidiTrack([mido.MetaMessage("track_name", name="Piano"), mido.Message("program_change", program=0)])
    voice = mido.MidiTrack([mido.MetaMessage("track_name", name="Vocal"),
                            mido.Message("program_change", channel=1, program=52)])  # fmt: skip
    kit = mido.MidiTrack([mido.MetaMessage("track_name", name="Drums")])
    for chord, pitch in zip(bars, tune, strict=True):
        piano.extend(mido.Message("note_on", note=p, velocity=70, time=0) for p in chord)
        piano.extend(mido.Message("note_off", note=p, time=1920 if k == 0 else 0) for k, p in enumerate(chord))
        voice.append(mido.Message("note_on", channel=1, note=pitch + 12, velocity=90, time=0))
        voice.append(mido.Message("note_off", channel=1, note=pitch + 12, time=1920))
        for hit in (36, 42, 38, 42, 36, 42, 38, 42):
            kit.append(mido.Message("note_on", channel=9, note=hit, velocity=120, time=0))
            kit.append(mido.Message("note_off", channel=9, note=hit, time=240))
    mid.tracks.extend([conductor, piano, voice, kit])
    mid.save(path)
    return path


def test_an_uploaded_midi_file_is_analysed(tmp_path: Path) -> None:
    analysis = analyze_file(_write_upload(tmp_path / "upload.mid"))
    assert analysis.sheet_key == Key(tonic="G") and analysis.key_agrees
    romans = [r for section in analysis.sections for r in section.romans]
    assert [r.figure for r in romans] == ["I", "ii", "V7/V", "V7", "I", "IV", "V7", "I"]
    assert analysis.sections[-1].cadences[-1].kind == "authentic"
    text = explain(analysis)
    assert "uses V7/V (A7), a secondary dominant that pushes towards D" in text
    assert "full cadence (V7-I)" in text and "C#6" in text


def test_analysing_a_section_the_song_does_not_have_changes_nothing() -> None:
    song = sheet(Key(tonic="C"), ("verse", "Verse", ("C", "G")))
    with pytest.raises(SongError, match=r"^There is no section number 5; this song has 1 sections\.$"):
        analyze_section(song, 4)
