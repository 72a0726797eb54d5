"""A musician uploads MIDI and MusicXML files; cowriter reads them into song sheets or says why it can't."""

from __future__ import annotations

from pathlib import Path

import mido
import pytest

from music.errors import SongError
from music.formats.importer import SUFFIXES, import_song
from music.theory.chords import chord_root, note_pc

PROGRESSION = (("D", 50, (62, 65, 69)), ("Bb", 46, (58, 62, 65)), ("F", 41, (60, 65, 69)), ("C", 48, (60, 64, 67)))
# A D minor tune over the progression, one note per beat, bar by bar (first 3 beats used in 3/4).
TUNE = ((74, 72, 69, 65), (70, 69, 67, 65), (72, 69, 65, 69), (67, 64, 67, 72))


def write_midi(
    path: Path,
    *,
    beats: int = 4,
    bars: int = 16,
    markers: dict[int, str] | None = None,
    notes: bool = True,
    halves: bool = False,
) -> Path:
    """A four-track song in D minor at 90 BPM: melody, piano chords, bass and a busy drum kit on channel 10.

    With `halves`, the harmony moves twice a bar (Dm Bb | F C), under the same tune.
    """
    per_beat = 480
    bar_ticks = per_beat * beats
    mid = mido.MidiFile(type=1, ticks_per_beat=per_beat)
    conductor = mido.MidiTrack(
        [
            mido.MetaMessage("track_name", name="Dark Road"),
            mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(90)),
            mido.MetaMessage("time_signature", numerator=beats, denominator=4),
        ]
    )
    mid.tracks.append(conductor)
    if markers:
        last = 0
        for bar, text in sorted(markers.items()):
            conductor.append(mido.MetaMessage("marker", text=text, time=bar * bar_ticks - last))
            last = bar * bar_ticks
    if not notes:
        mid.save(path)
        return path

    def track(name: str, channel: int, program: int, events: list[tuple[int, int, int]]) -> None:
        """events: (start tick, pitch, length in ticks); written as note on/off pairs in time order."""
        messages = [
            mido.MetaMessage("track_name", name=name),
            mido.Message("program_change", channel=channel, program=program),
        ]
        timeline = sorted(
            [(s, 1, p) for s, p, _ in events] + [(s + n, 0, p) for s, p, n in events], key=lambda e: (e[0], e[1])
        )
        now = 0
        for tick, on, pitch in timeline:
            kind = "note_on" if on else "note_off"
            messages.append(mido.Message(kind, channel=channel, note=pitch, velocity=90 if on else 0, time=tick - now))
            now = tick
        mid.tracks.append(mido.MidiTrack(messages))

    melody, chords, bass, drums = [], [], [], []
    for bar in range(bars):
        start = bar * bar_ticks
        melody += [(start + b * per_beat, TUNE[bar % 4][b], per_beat) for b in range(beats)]
        spans = (
            [(0, beats, bar % 4)]
            if not halves
            else [(0, beats // 2, 2 * bar % 4), (beats // 2, beats // 2, (2 * bar + 1) % 4)]
        )
        for first, length, index in spans:
            _, root, triad = PROGRESSION[index]
            chords += [(start + first * per_beat, p, length * per_beat) for p in triad]
            bass += [(start + (first + b) * per_beat, root, per_beat) for b in range(length)]
        # Long hi-hats on F# and crashes on C#: counted as pitches they would pull the key off D minor.
        drums += [(start + s * per_beat // 2, 42, per_beat // 2) for s in range(beats * 2)]
        drums += [(start, 49, bar_ticks), (start, 61, bar_ticks), (start, 36, per_beat)]
    track("Melody", 0, 73, melody)
    track("Piano", 1, 0, chords)
    track("Bass", 2, 33, bass)
    track("Drums", 9, 0, drums)
    mid.save(path)
    return path


def write_musicxml(path: Path, *, pickup: bool = False) -> Path:
    """One piano part in G major on one staff: the tune with lyrics in voice 1, held chords in voice 2."""
    from music21 import chord, expressions, instrument, key, metadata, meter, note, stream, tempo

    score = stream.Score()
    score.metadata = metadata.Metadata(title="Summer Porch")
    piano = stream.Part()
    piano.insert(0, instrument.Piano())
    words = "sun on the porch and the day is long".split()
    if pickup:
        lead_in = stream.Measure(number=0)
        lead_in.append([meter.TimeSignature("4/4"), note.Note(62, quarterLength=1, lyric="oh")])
        lead_in.paddingLeft = 3
        piano.append(lead_in)
    for bar, (tune, triad) in enumerate(
        [((67, 71, 74, 71), ("G3", "B3", "D4")), ((64, 67, 71, 67), ("E3", "G3", "B3")),
         ((72, 67, 64, 67), ("C3", "E3", "G3")), ((66, 69, 74, 69), ("D3", "F#3", "A3"))] * 2
    ):  # fmt: skip
        measure = stream.Measure(number=bar + 1)
        if bar == 0:
            measure.append([meter.TimeSignature("4/4"), key.Key("G"), tempo.MetronomeMark(number=104)])
        if bar == 4:
            measure.insert(0, expressions.RehearsalMark("Chorus"))
        upper, lower = stream.Voice(id="1"), stream.Voice(id="2")
        for beat, pitch in enumerate(tune):
            upper.append(note.Note(pitch, quarterLength=1, lyric=words[(bar * 4 + beat) % len(words)]))
        lower.append(chord.Chord(triad, quarterLength=4))
        measure.insert(0, upper)
        measure.insert(0, lower)
        piano.append(measure)
    score.insert(0, piano)
    score.write("musicxml", fp=str(path))
    return path


def roots(entries: tuple[str, ...]) -> list[int]:
    return [chord_root(entry.split()[0]) for entry in entries]


def assert_one_sentence(err: pytest.ExceptionInfo[SongError], name: str) -> None:
    message = str(err.value)
    assert f"'{name}'" in message
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message
    assert message.replace(name, "").count(". ") == 0


@pytest.fixture(scope="module")
def dark_road(tmp_path_factory: pytest.TempPathFactory):
    return import_song(write_midi(tmp_path_factory.mktemp("midi") / "dark_road.mid"))


def test_a_midi_song_in_d_minor_is_read_despite_a_busy_drum_kit(dark_road) -> None:
    assert (dark_road.meta.key.tonic, dark_road.meta.key.mode) == ("D", "minor")
    assert dark_road.meta.tempo == pytest.approx(90)
    assert dark_road.meta.time_signature == "4/4"
    assert dark_road.meta.title == "Dark Road"


def test_chords_come_back_bar_by_bar_with_the_right_roots(dark_road) -> None:
    chords = tuple(c for s in dark_road.sections for c in s.chords)
    assert len(chords) == 16
    assert roots(chords) == [note_pc(name) for name, _, _ in PROGRESSION] * 4
    assert chords[:4] == ("Dm", "Bb", "F", "C")


def test_without_markers_the_song_is_cut_into_eight_bar_parts_with_the_melody(dark_road) -> None:
    assert [(s.label, s.kind, s.bars) for s in dark_road.sections] == [("Part 1", "verse", 8), ("Part 2", "verse", 8)]
    first = dark_road.sections[0].melody
    assert len(first) == 32 and first[0].pitch == 74 and first[0].start == 0 and first[0].duration == 1
    assert all(n.start < 8 * 4 for s in dark_road.sections for n in s.melody)
    assert [n.pitch for n in dark_road.sections[1].melody[:4]] == list(TUNE[0])


def test_the_instruments_get_their_roles(dark_road) -> None:
    roles = {p.role: (p.name, p.program) for p in dark_road.meta.parts}
    assert roles == {"drums": ("Drums", 0), "bass": ("Bass", 33), "chords": ("Piano", 0), "lead": ("Melody", 73)}


def test_a_waltz_reads_as_three_four(tmp_path: Path) -> None:
    song = import_song(write_midi(tmp_path / "waltz.midi", beats=3, bars=8), title="Slow Waltz")
    assert song.meta.time_signature == "3/4" and song.meta.title == "Slow Waltz"
    chords = song.sections[0].chords
    assert song.total_bars == 8 and roots(chords) == [note_pc(name) for name, _, _ in PROGRESSION] * 2
    assert all(n.start < 8 * 3 for n in song.sections[0].melody)


def test_harmony_that_moves_at_the_half_bar_gets_two_chords_in_the_bar(tmp_path: Path) -> None:
    song = import_song(write_midi(tmp_path / "busy.mid", bars=4, halves=True))
    assert song.sections[0].chords == ("Dm Bb", "F C", "Dm Bb", "F C")


def test_markers_name_the_sections_and_labels_stay_unique(tmp_path: Path) -> None:
    markers = {0: "Verse", 4: "Chorus", 8: "Verse", 10: "Chorus 3", 12: "Chorus", 14: "chorus"}
    song = import_song(write_midi(tmp_path / "marked.mid", markers=markers))
    assert [(s.label, s.kind, s.bars) for s in song.sections] == [
        ("Verse", "verse", 4), ("Chorus", "chorus", 4), ("Verse 2", "verse", 2),
        ("Chorus 3", "chorus", 2), ("Chorus 2", "chorus", 2), ("chorus 4", "chorus", 2),
    ]  # fmt: skip
    assert song.find("second verse") == (2,)


def test_the_kind_of_section_is_read_from_the_marker_text(tmp_path: Path) -> None:
    markers = {2: "Verse 1", 6: "Pre Chorus", 8: "Refrain", 12: "Middle 8", 14: "Outro"}
    song = import_song(write_midi(tmp_path / "marked.mid", markers=markers))
    assert [(s.label, s.kind, s.bars) for s in song.sections] == [
        ("Intro", "intro", 2), ("Verse 1", "verse", 4), ("Pre Chorus", "pre-chorus", 2),
        ("Refrain", "chorus", 4), ("Middle 8", "bridge", 2), ("Outro", "outro", 2),
    ]  # fmt: skip


def test_a_lead_sheet_keeps_its_own_chord_symbols(tmp_path: Path) -> None:
    from music21 import harmony, instrument, meter, note, stream

    part = stream.Part()
    part.insert(0, instrument.Vocalist())
    for number, (symbols, tune) in enumerate(
        [(("Am",), "A4 C5 E5 C5"), (("F",), "F4 A4 C5 A4"), (("C", "E-maj7"), "E4 G4 G4 G4"), (("E7",), "E4 G#4 B4 D5")]
    ):
        bar = stream.Measure(number=number + 1)
        if number == 0:
            bar.append(meter.TimeSignature("4/4"))
        for half, figure in enumerate(symbols):
            bar.insert(2 * half, harmony.ChordSymbol(figure))
        for beat, name in enumerate(tune.split()):
            bar.insert(beat, note.Note(name, quarterLength=1))
        part.append(bar)
    score = stream.Score([part])
    score.write("mxl", fp=str(tmp_path / "lead sheet.mxl"))
    song = import_song(tmp_path / "lead sheet.mxl", title="Borrowed Light")
    assert song.meta.title == "Borrowed Light" and str(song.meta.key) == "A minor"
    assert song.sections[0].chords == ("Am", "F", "C Ebmaj7", "E7")
    assert [(p.name, p.role) for p in song.meta.parts] == [("Voice", "lead")]


def test_a_musicxml_piano_part_gives_key_chords_melody_and_lyrics(tmp_path: Path) -> None:
    song = import_song(write_musicxml(tmp_path / "porch.musicxml"))
    assert song.meta.title == "Summer Porch" and song.meta.tempo == pytest.approx(104)
    assert (song.meta.key.tonic, song.meta.key.mode) == ("G", "major")
    assert [(s.label, s.kind) for s in song.sections] == [("Intro", "intro"), ("Chorus", "chorus")]
    chords = tuple(c for s in song.sections for c in s.chords)
    assert chords == ("G", "Em", "C", "D") * 2
    tune = song.sections[0].melody
    assert [n.pitch for n in tune[:4]] == [67, 71, 74, 71]
    assert [n.lyric for n in tune[:4]] == ["sun", "on", "the", "porch"]
    # One piano played tune and harmony: the sheet keeps a piano for each job.
    assert [(p.role, p.program) for p in song.meta.parts] == [("lead", 0), ("chords", 0)]


def test_a_pickup_note_lands_at_the_end_of_the_first_bar(tmp_path: Path) -> None:
    song = import_song(write_musicxml(tmp_path / "pickup.xml", pickup=True))
    tune = song.sections[0].melody
    assert (tune[0].pitch, tune[0].start, tune[0].lyric) == (62, 3.0, "oh")
    assert (tune[1].pitch, tune[1].start) == (67, 4.0)
    assert song.total_bars == 9 and song.sections[0].chords[1] == "G"


def test_every_suffix_the_upload_box_offers_is_known() -> None:
    assert set(SUFFIXES) == {".mid", ".midi", ".musicxml", ".xml", ".mxl"}


def test_garbage_named_mid_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "song.mid"
    path.write_bytes(b"this is not music at all" * 40)
    with pytest.raises(SongError) as err:
        import_song(path)
    assert_one_sentence(err, "song.mid")


def test_a_truncated_midi_is_refused(tmp_path: Path) -> None:
    path = write_midi(tmp_path / "cut off.mid")
    path.write_bytes(path.read_bytes()[:700])
    with pytest.raises(SongError) as err:
        import_song(path)
    assert_one_sentence(err, "cut off.mid")


@pytest.mark.parametrize(
    "name, text",
    [("broken.musicxml", "<?xml version='1.0'?><score-partwise><part id='P1'><measure"), ("page.xml", "<html/>")],
    ids=["broken-xml", "not-musicxml"],
)
def test_broken_or_wrong_xml_is_refused(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(SongError) as err:
        import_song(path)
    assert_one_sentence(err, name)


def test_a_midi_without_notes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SongError) as err:
        import_song(write_midi(tmp_path / "empty.mid", notes=False))
    assert_one_sentence(err, "empty.mid")
    assert "no pitched notes" in str(err.value)


def test_a_drums_only_midi_is_refused(tmp_path: Path) -> None:
    mid = mido.MidiFile()
    mid.tracks.append(
        mido.MidiTrack(
            [
                mido.Message("note_on", channel=9, note=36, velocity=100),
                mido.Message("note_off", channel=9, note=36, time=480),
            ]
        )
    )
    mid.save(tmp_path / "beat.mid")
    with pytest.raises(SongError) as err:
        import_song(tmp_path / "beat.mid")
    assert_one_sentence(err, "beat.mid")
