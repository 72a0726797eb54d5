"""Sixteen bands for one song: each style grooves its own way, builds with energy, fills into choruses and ends cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from statistics import mean

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent
from music.band.styles import CLAP, CRASH, HIGH_TOM, KICK, LOW_TOM, MID_TOM, OPEN_HAT, SNARE, find_style, style_for
from music.edits.restyle import STYLE_NAMES, restyle
from music.errors import SongError
from music.formats.midi import arrangement_to_midi
from music.plan.planner import Brief, plan_song
from music.song import Key, Meta, Note, Part, Section, Song, section_with
from music.theory.chords import chord_pitch_classes

FOUR_CHORDS = ("C", "Am", "F", "G")
FILL_DRUMS = frozenset({SNARE, CLAP, HIGH_TOM, MID_TOM, LOW_TOM, 41})
SWING = {"jazz": (0.5, 0.17), "hip-hop": (0.25, 0.07), "r&b": (0.25, 0.04), "blues": (0.5, 1 / 6), "funk": (0.25, 0.03),
         "reggae": (0.25, 0.06)}  # fmt: skip


# -- helpers --------------------------------------------------------------------------------


def one_section(
    style: str, energy: float, bars: int = 4, kind: str = "verse", metre: str = "4/4", per_bar: int = 1
) -> Song:
    """A one-section song in `style` at `energy`, `per_bar` chords a bar, with the style's band."""
    chords = tuple(" ".join(FOUR_CHORDS[(b + k) % 4] for k in range(per_bar)) for b in range(bars))
    return Song(
        meta=Meta(style=style, parts=style_for(style).parts, key=Key(tonic="C"), time_signature=metre),
        sections=(Section(kind=kind, label="Verse", bars=bars, chords=chords, energy=energy),),  # type: ignore[arg-type]
    )


def planned(style: str) -> Song:
    return plan_song(Brief(subject="the last train home", style=style))


def played(arr: Arrangement, role: str, start: float, end: float) -> list[NoteEvent]:
    track = arr.track(role)
    return [n for n in (track.notes if track else ()) if start - 1e-9 <= n.start < end - 1e-9]


def grid(notes: list[NoteEvent], bar_start: float, with_pitch: bool) -> frozenset[tuple[float, int]]:
    """Onsets inside one bar (rounded), with the drum played when asked."""
    return frozenset((round(n.start - bar_start, 3), n.pitch if with_pitch else 0) for n in notes)


@pytest.fixture(scope="module")
def planned_songs() -> dict[str, tuple[Song, Arrangement]]:
    songs = {name: planned(name) for name in STYLE_NAMES}
    return {name: (song, arrange(song)) for name, song in songs.items()}


# -- every style is a band ----------------------------------------------------------------


def test_there_are_sixteen_styles_and_the_words_musicians_use_find_them() -> None:
    assert set(STYLE_NAMES) == {"pop", "rock", "folk", "ballad", "edm", "hip-hop", "jazz", "r&b", "blues", "country",
                                "bossa nova", "trap", "waltz", "funk", "reggae", "disco"}  # fmt: skip
    said = {"hiphop": "hip-hop", "Hip Hop": "hip-hop", "rnb": "r&b", "R and B": "r&b", "R&B": "r&b",
            "dance": "edm", "acoustic": "folk", "EDM": "edm", " Jazz ": "jazz", "rap": "hip-hop", "Bossa": "bossa nova",
            "bossa-nova": "bossa nova", "Americana": "country", "bluesy": "blues", "funky": "funk", "dub": "reggae",
            "rhythm and blues": "r&b", "drill": "trap", "nu-disco": "disco"}  # fmt: skip
    for words, name in said.items():
        found = find_style(words)
        assert found is not None and found.name == name, words
    assert find_style("zydeco-polka") is None and style_for("zydeco-polka").name == "pop"


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_every_style_arranges_a_planned_song(style: str, planned_songs: dict[str, tuple[Song, Arrangement]]) -> None:
    song, arr = planned_songs[style]
    band = style_for(style)
    assert song.meta.style == style and [t.name for t in arr.tracks] == [p.name for p in band.parts]
    assert band.tempo_range[0] <= song.meta.tempo <= band.tempo_range[1]
    assert all(t.notes for t in arr.tracks)
    assert arr.track("drums") is not None and arr.track("drums").channel == 9  # type: ignore[union-attr]
    lead = arr.track("lead")
    assert lead is not None and all(0 <= n.pitch <= 127 for n in lead.notes)
    for track in arr.tracks:
        for note in track.notes:
            span = next(s for s in arr.sections if s.start - 1e-9 <= note.start < s.end)
            assert note.duration > 0 and note.start + note.duration <= span.end + 1e-9, (style, track.name, note)


def test_each_style_has_its_own_drum_and_bass_grooves() -> None:
    for energy in (0.6, 0.9):
        drums, bass = {}, {}
        for style in STYLE_NAMES:
            arr = arrange(one_section(style, energy))
            drums[style] = grid(played(arr, "drums", 4.0, 8.0), 4.0, with_pitch=True)
            bass[style] = grid(played(arr, "bass", 4.0, 8.0), 4.0, with_pitch=False)
        assert len(set(drums.values())) == len(STYLE_NAMES), f"two styles share a drum groove at {energy}"
        assert len(set(bass.values())) == len(STYLE_NAMES), f"two styles share a bass rhythm at {energy}"


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_more_energy_means_more_drum_and_bass_notes_and_harder(style: str) -> None:
    counts, loudness = [], []
    for energy in (0.1, 0.35, 0.6, 0.9):
        arr = arrange(one_section(style, energy))
        # Bars 2-4: the first bar may open with a crash.
        notes = played(arr, "drums", 4.0, 16.0) + played(arr, "bass", 4.0, 16.0)
        counts.append(len(notes) / 3)
        loudness.append(mean(n.velocity for n in played(arr, "bass", 0.0, 16.0)))
    assert counts == sorted(set(counts)), counts
    assert loudness == sorted(set(loudness))


# -- what each style is known for ---------------------------------------------------------


def test_edm_is_four_on_the_floor_with_open_hats_on_the_off_beat() -> None:
    arr = arrange(one_section("edm", 0.6))
    bar = played(arr, "drums", 4.0, 8.0)
    assert {n.start - 4 for n in bar if n.pitch == KICK} == {0.0, 1.0, 2.0, 3.0}
    assert {n.start - 4 for n in bar if n.pitch == OPEN_HAT} == {0.5, 1.5, 2.5, 3.5}


def test_hip_hop_keeps_the_kick_sparse_and_rnb_plays_half_time_with_ghost_notes() -> None:
    hip_hop = played(arrange(one_section("hip-hop", 0.45)), "drums", 4.0, 8.0)
    assert len([n for n in hip_hop if n.pitch == KICK]) <= 2
    rnb = played(arrange(one_section("r&b", 0.6)), "drums", 4.0, 8.0)
    snares = [n for n in rnb if n.pitch == SNARE]
    backbeat = [n for n in snares if n.velocity == max(s.velocity for s in snares)]
    assert [n.start - 4 for n in backbeat] == [2.0]  # one backbeat a bar, on three: half time
    ghosts = [n for n in snares if n not in backbeat]
    assert len(ghosts) >= 2 and max(n.velocity for n in ghosts) < backbeat[0].velocity / 2


def test_jazz_walks_the_bass_and_takes_brushes_when_quiet() -> None:
    loud = arrange(one_section("jazz", 0.6))
    walk = played(loud, "bass", 0.0, 16.0)
    assert [n.start for n in walk] == [float(b) for b in range(16)]
    assert all(1 <= abs(b.pitch - a.pitch) <= 7 for a, b in zip(walk, walk[1:], strict=False))
    assert len({n.pitch for n in walk}) >= 8
    assert loud.track("drums").program_changes == ()  # type: ignore[union-attr]
    quiet = arrange(one_section("jazz", 0.3))
    assert quiet.track("drums").program_changes == ((0.0, 40),)  # type: ignore[union-attr]


def test_rock_drives_power_chords_and_rnb_colours_with_ninths() -> None:
    rock = played(arrange(one_section("rock", 0.9)), "chords", 0.0, 4.0)
    assert {n.pitch % 12 for n in rock} == {0, 7}  # C5: root and fifth, no third
    assert len({n.start for n in rock}) == 8  # eighths
    for chord, bar in zip(FOUR_CHORDS, range(4), strict=True):
        rhodes = {n.pitch % 12 for n in played(arrange(one_section("r&b", 0.5)), "chords", bar * 4.0, bar * 4.0 + 4)}
        root = chord_pitch_classes(chord)[0]
        assert (root + 2) % 12 in rhodes, chord  # the ninth
        assert rhodes & {(root + 10) % 12, (root + 11) % 12}, chord  # the seventh


def test_a_quiet_ballad_plays_the_piano_one_note_at_a_time() -> None:
    piano = played(arrange(one_section("ballad", 0.2)), "chords", 0.0, 16.0)
    starts = [n.start for n in piano]
    assert len(starts) == len(set(starts)) == 16
    assert played(arrange(one_section("ballad", 0.2)), "drums", 0.0, 16.0) == []


def test_folk_strums_its_chords_string_after_string() -> None:
    guitar = played(arrange(one_section("folk", 0.5)), "chords", 0.0, 1.0)
    assert len(guitar) >= 4 and 0 < guitar[-1].start - guitar[0].start < 0.1


def test_swing_styles_play_their_off_beats_late_and_the_others_straight() -> None:
    for style in STYLE_NAMES:
        arr = arrange(one_section(style, 0.9))
        offsets = {round((n.start - 4.0) % 1.0, 3) for n in played(arr, "drums", 4.0, 8.0)}
        offsets |= {round((n.start - 4.0) % 1.0, 3) for n in played(arr, "bass", 4.0, 8.0)}
        if style in SWING:
            unit, late = SWING[style]
            assert round(unit + late, 3) in offsets and unit not in offsets, (style, offsets)
        else:
            # Straight sixteenths; trap's hat rolls add sixteenth-note triplets, six to the beat.
            rolls = {round(k / 6, 3) for k in range(6)} if style == "trap" else set()
            assert offsets <= {0.0, 0.25, 0.5, 0.75} | rolls, (style, offsets)


# -- the shape of a song: fills, intros, endings ------------------------------------------


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_a_fill_leads_into_every_chorus_and_a_bigger_one_into_the_last(
    style: str, planned_songs: dict[str, tuple[Song, Arrangement]]
) -> None:
    song, arr = planned_songs[style]
    bar = song.meta.beats_per_bar
    choruses = [i for i, s in enumerate(song.sections) if s.kind == "chorus"]
    if not choruses:  # a 12-bar blues: each new chorus of twelve bars is a verse or a solo
        choruses = [i for i, s in enumerate(song.sections) if i and s.kind in ("verse", "solo")]
    fills = []
    for i in choruses:
        before = arr.sections[i - 1]
        fill = [n for n in played(arr, "drums", before.end - bar, before.end) if n.pitch in FILL_DRUMS]
        usual = [n for n in played(arr, "drums", before.start + bar, before.start + 2 * bar) if n.pitch in FILL_DRUMS]
        assert len(fill) >= len(usual) + 3, (style, song.sections[i].label)
        fills.append(len(fill))
    if song.sections[choruses[-1]].kind == "chorus":
        assert fills[-1] > max(fills[:-1]), fills
    chorus = arr.sections[choruses[0]]
    assert any(n.pitch == CRASH and n.start == chorus.start for n in played(arr, "drums", chorus.start, chorus.end))


@pytest.mark.parametrize("style", STYLE_NAMES)
def test_the_intro_starts_on_the_downbeat_and_the_outro_ends_on_a_held_chord(
    style: str, planned_songs: dict[str, tuple[Song, Arrangement]]
) -> None:
    song, arr = planned_songs[style]
    intro, outro = arr.sections[0], arr.sections[-1]
    assert song.sections[-1].kind == "outro"
    for role in ("drums", "bass", "chords"):
        first = min(n.start for n in played(arr, role, intro.start, intro.end))
        if role == "chords" and 0.0 not in style_for(style).comp(song.sections[0].energy).hits:
            # Country's chop, a waltz's pah-pah and a reggae skank come in off the downbeat, within the first bar.
            assert intro.start < first < intro.start + song.meta.beats_per_bar, role
        else:
            assert first == intro.start, role
    last_bar = outro.end - song.meta.beats_per_bar
    ending = [n for t in arr.tracks for n in t.notes if n.start >= outro.start]
    assert max(n.start + n.duration for n in ending) == pytest.approx(outro.end)
    assert all(n.start + n.duration <= outro.end + 1e-9 for n in ending)
    for role in ("chords", "bass"):
        held = played(arr, role, last_bar, outro.end)
        assert held and all(n.start == last_bar and n.start + n.duration == pytest.approx(outro.end) for n in held)
    drums = played(arr, "drums", last_bar, outro.end)
    assert {(n.start, n.pitch) for n in drums} == {(last_bar, CRASH), (last_bar, KICK)}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    style=st.sampled_from(STYLE_NAMES),
    metre=st.sampled_from(("4/4", "3/4", "6/8", "5/4", "2/4", "12/8")),
    energy=st.floats(0.0, 1.0),
    register=st.integers(-12, 12),
    kind=st.sampled_from(("verse", "outro")),
    per_bar=st.integers(1, 3),
)
def test_any_style_metre_and_energy_stays_inside_its_bars(
    style: str, metre: str, energy: float, register: int, kind: str, per_bar: int
) -> None:
    song = one_section(style, energy, bars=3, kind=kind, metre=metre, per_bar=per_bar)
    song = song.replace_section(0, section_with(song.sections[0], register=register))
    arr = arrange(song)
    end = arr.sections[0].end
    assert end == 3 * song.meta.beats_per_bar
    for track in arr.tracks:
        for note in track.notes:
            assert 0 <= note.start < end and note.start + note.duration <= end + 1e-9, (track.name, note)
            assert note.duration > 0 and 0 <= note.pitch <= 127 and 1 <= note.velocity <= 127


# -- hearing it ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def renderer() -> Iterator[object]:
    from audio.render import SketchRenderer

    sketch = SketchRenderer()
    yield sketch
    sketch.close()


def test_a_loud_edm_chorus_is_busier_to_the_ear_than_a_calm_ballad_verse(renderer: object, tmp_path: Path) -> None:
    from audio.analysis import onsets_per_second
    from audio.render import SketchRenderer

    assert isinstance(renderer, SketchRenderer)
    busy = {}
    for style, energy, kind in (("edm", 0.9, "chorus"), ("ballad", 0.2, "verse")):
        song = one_section(style, energy, bars=2, kind=kind)
        song = song.with_updates(meta=song.meta.model_copy(update={"tempo": style_for(style).tempo}))
        path = renderer.render(arrangement_to_midi(arrange(song)), tmp_path / f"{style}.wav")
        busy[style] = onsets_per_second(path)
    assert busy["edm"] > 1.3 * busy["ballad"], busy


# -- restyling --------------------------------------------------------------------------------

VERSE = ("I packed my life in a canvas bag", "the kitchen light still burning low")


@pytest.fixture(scope="module")
def folk_song() -> Song:
    song = plan_song("a folk song about leaving home, 90 BPM, D minor")
    verse = song.find("Verse 1")[0]
    melody = (Note(pitch=62, start=0, duration=1, lyric="oh"), Note(pitch=65, start=1, duration=3))
    song = song.replace_section(verse, section_with(song.sections[verse], lyrics=VERSE))
    return song.replace_section(0, section_with(song.sections[0], melody=melody))


def test_restyling_folk_as_jazz_swaps_the_band_and_keeps_the_song(folk_song: Song) -> None:
    change = restyle(folk_song, "jazz")
    jazz = change.song
    assert jazz.meta.style == "jazz" and jazz.meta.tempo == 90
    assert [p.role for p in jazz.meta.parts] == [p.role for p in folk_song.meta.parts]
    assert {p.program for p in jazz.meta.parts} == {p.program for p in style_for("jazz").parts}
    assert [(s.chords, s.lyrics, s.melody, s.bars, s.energy) for s in jazz.sections] == [
        (s.chords, s.lyrics, s.melody, s.bars, s.energy) for s in folk_song.sections
    ]
    assert jazz.meta.key == folk_song.meta.key and "jazz" in jazz.meta.tags and "folk" not in jazz.meta.tags
    assert "jazz tune" in jazz.meta.description and jazz.meta.description.endswith("about leaving home")
    summary = change.summary()
    assert summary.startswith("Whole song: style folk -> jazz")
    assert "Piano instead of Acoustic Guitar" in summary and "tempo" not in summary
    drums = arrange(jazz).track("drums")
    assert drums is not None and drums.program == 32


def test_restyling_moves_a_tempo_far_outside_the_style_and_says_so(folk_song: Song) -> None:
    slow = folk_song.with_updates(meta=folk_song.meta.model_copy(update={"tempo": 70.0}))
    bridge = slow.find("bridge")[0]
    slow = slow.replace_section(bridge, section_with(slow.sections[bridge], tempo=63))
    change = restyle(slow, "dance")
    assert change.song.meta.style == "edm" and change.song.meta.tempo == 118
    assert change.song.sections[bridge].tempo == 106
    assert "tempo 70 -> 118 BPM" in change.summary() and "far outside" in change.summary()
    assert "Bridge: tempo 63 -> 106 BPM" in change.changes
    # A tempo near the range is the musician's choice and stays.
    assert restyle(folk_song, "hip hop").song.meta.tempo == 90


def test_sections_with_their_own_band_are_restyled_too(folk_song: Song) -> None:
    no_drums = tuple(p for p in folk_song.meta.parts if p.role != "drums")
    song = folk_song.replace_section(0, section_with(folk_song.sections[0], parts=no_drums))
    change = restyle(song, "rnb")
    intro = change.song.sections[0]
    assert change.song.meta.style == "r&b"
    assert intro.parts is not None and [p.name for p in intro.parts] == ["Rhodes", "Finger Bass", "Alto Sax"]
    assert any(entry.startswith("Intro: Rhodes instead of Acoustic Guitar") for entry in change.changes)
    assert played(arrange(change.song), "drums", 0.0, change.song.meta.beats_per_bar * intro.bars) == []


def test_a_cymbal_the_new_style_s_drummer_does_not_ride_goes_back_to_the_groove() -> None:
    song = plan_song("rock song about a highway in E minor, 140 bpm")
    chorus = song.find("chorus")[0]
    crashing = song.replace_section(chorus, section_with(song.sections[chorus], cymbal="crash"))
    change = restyle(crashing, "jazz")
    assert change.song.sections[chorus].cymbal is None
    assert f"{song.sections[chorus].label}: drums back to the jazz groove's own cymbal" in change.changes
    # Within rock the musician's choice stays.
    assert restyle(crashing, "rock").unchanged


def test_restyling_to_the_same_style_changes_nothing(folk_song: Song) -> None:
    assert restyle(folk_song, "Folk").unchanged


def test_an_unknown_style_is_one_plain_sentence_naming_the_styles(folk_song: Song) -> None:
    with pytest.raises(SongError) as caught:
        restyle(folk_song, "zydeco")
    message = str(caught.value)
    assert message.count(".") == 1 and "zydeco" in message
    assert all(name in message for name in STYLE_NAMES)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=st.sampled_from(STYLE_NAMES), style=st.sampled_from(STYLE_NAMES), tempo=st.integers(40, 220))
def test_restyling_keeps_the_sheet_and_the_band_roles(source: str, style: str, tempo: int) -> None:
    song = plan_song(Brief(subject="the harbour", style=source, tempo=float(tempo)))
    trio = tuple(p for p in song.meta.parts if p.role != "pad")
    song = song.with_updates(meta=song.meta.model_copy(update={"parts": trio}))
    change = restyle(song, style)
    new = change.song
    low, high = style_for(style).tempo_range
    assert new.meta.style == style and [p.role for p in new.meta.parts] == [p.role for p in trio]
    assert low / 1.15 - 1 <= new.meta.tempo <= high * 1.15 + 1
    assert [(s.label, s.bars, s.chords, s.lyrics) for s in new.sections] == [
        (s.label, s.bars, s.chords, s.lyrics) for s in song.sections
    ]
    if source != style:
        assert change.changes
    assert all(track.notes for track in arrange(new).tracks)


def test_a_second_part_of_one_role_gets_its_own_name() -> None:
    song = one_section("pop", 0.5)
    song = song.with_updates(
        meta=song.meta.model_copy(update={"parts": (*song.meta.parts, Part(name="Organ", role="chords", program=16))})
    )
    names = [p.name for p in restyle(song, "jazz").song.meta.parts]
    assert len(names) == len(set(names)) and "Piano 2" in names
