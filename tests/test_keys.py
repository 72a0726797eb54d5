"""A musician lifts the last chorus a whole step, or moves the whole song to another key or mode."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from music.band.arrange import arrange
from music.edits.keys import modulate, set_key, transpose_spelled
from music.errors import SongError, UnknownSection
from music.plan.planner import plan_song
from music.song import Key, Note, Song, section_with
from music.theory.chords import chord_pitch_classes, chord_quality, chord_root, is_diatonic, note_pc, tonic_pc

STYLES = ("folk", "pop", "rock", "ballad", "jazz", "edm")
TONICS = ("C", "G", "D", "A", "E", "B", "F#", "F", "Bb", "Eb", "Ab", "Db")
MODES = ("major", "minor", "dorian", "mixolydian", "lydian", "phrygian")
METRES = ("4/4", "3/4", "6/8")


def one_sentence(message: str) -> bool:
    return message.endswith(".") and ". " not in message and "\n" not in message


def symbols(song: Song, index: int) -> list[str]:
    return [symbol for bar in song.sections[index].chords for symbol in bar.split()]


def pitch_classes_played(song: Song, index: int, role: str) -> set[int]:
    arrangement = arrange(song)
    span = arrangement.sections[index]
    track = arrangement.track(role)
    return {n.pitch % 12 for n in (track.notes if track else ()) if span.start <= n.start < span.end}


@st.composite
def planned_songs(draw: st.DrawFn) -> Song:
    """A planned song in any style, key, mode and metre."""
    style, tonic, mode = draw(st.sampled_from(STYLES)), draw(st.sampled_from(TONICS)), draw(st.sampled_from(MODES))
    metre, tempo = draw(st.sampled_from(METRES)), draw(st.integers(60, 160))
    return plan_song(f"a {style} song about the sea in {tonic} {mode}, {tempo} BPM, {metre}")


@pytest.fixture(scope="module")
def leaving_home() -> Song:
    return plan_song("folk song about leaving home, 90 BPM, D minor")


# -- the session ----------------------------------------------------------------------------


def test_lifting_the_last_chorus_a_whole_step_names_every_chord_it_moved(leaving_home: Song) -> None:
    change = modulate(leaving_home, "last chorus", +2)
    last = leaving_home.find("last chorus")[0]
    # The fiddle's instrumental line is written anew in the new key: the report says so, from the notes.
    chorus_line, bridge_line = change.changes
    assert re.fullmatch(r"Chorus 3: up a whole step, D minor -> E minor, F -> G, C -> D, Dm -> Em, Bb -> C, "
                        r"lead line: \d+ notes changed", chorus_line), chorus_line
    assert re.fullmatch(r"Bridge: last chord A7 -> B7, the dominant of E minor, into Chorus 3, lead line: \d+ notes? "
                        r"changed", bridge_line), bridge_line  # fmt: skip
    bridge = change.song.sections[last - 1]
    assert bridge.chords[-1] == "B7" and bridge.chords[:-1] == leaving_home.sections[last - 1].chords[:-1]
    back = modulate(change.song, "last chorus", -2)
    assert back.song == leaving_home
    assert back.changes[-1].startswith("Bridge: last chord B7 -> A7, the dominant of D minor, into Chorus 3")
    chorus = change.song.sections[last]
    assert chorus.key == Key(tonic="E", mode="minor")
    assert chorus.chords == ("G", "D", "Em", "C D", "G", "D", "Em", "C"), "the first phrase still breathes on VII"
    assert change.song.meta.key == leaving_home.meta.key
    assert all(
        a == b
        for i, (a, b) in enumerate(zip(leaving_home.sections, change.song.sections, strict=True))
        if i not in (last - 1, last)
    )
    # What the band plays in that chorus moves up too: every pitch class two semitones higher.
    for role in ("bass", "chords"):
        before = pitch_classes_played(leaving_home, last, role)
        assert pitch_classes_played(change.song, last, role) == {(pc + 2) % 12 for pc in before}, role


def test_taking_the_lift_back_down_drops_the_key_override(leaving_home: Song) -> None:
    up = modulate(leaving_home, "last chorus", 2)
    down = modulate(up.song, "last chorus", -2)
    assert down.song == leaving_home
    assert "E minor -> D minor" in down.summary()


def test_the_whole_song_moves_its_own_key_not_each_section(leaving_home: Song) -> None:
    change = modulate(leaving_home, "all", 1)
    assert change.song.meta.key == Key(tonic="Eb", mode="minor")  # six flats, not D# minor's six sharps
    assert all(section.key is None for section in change.song.sections)
    assert change.changes[0].startswith("Song: up a half step, D minor -> Eb minor, Dm -> Ebm, Bb -> Cb")
    # A section with its own key moves along with the song and says so.
    lifted = modulate(leaving_home, "last chorus", 2).song
    both = modulate(lifted, "whole song", -2)
    assert both.song.meta.key == Key(tonic="C", mode="minor")
    assert both.song.sections[-2].key == Key(tonic="D", mode="minor")
    assert any(entry.startswith("Chorus 3: E minor -> D minor") for entry in both.changes)


def test_the_melody_moves_with_the_key_and_may_not_leave_the_keyboard(leaving_home: Song) -> None:
    verse = leaving_home.find("Verse 1")[0]
    tune = (Note(pitch=62, start=0, duration=1, lyric="home"), Note(pitch=65, start=1, duration=2))
    song = leaving_home.replace_section(verse, section_with(leaving_home.sections[verse], melody=tune))
    change = modulate(song, "Verse 1", 5)
    assert [n.pitch for n in change.song.sections[verse].melody] == [67, 70]
    assert change.song.sections[verse].melody[0].lyric == "home"
    assert "melody up a fourth" in change.summary()
    high = song.replace_section(
        verse, section_with(song.sections[verse], melody=(Note(pitch=125, start=0, duration=1),))
    )
    with pytest.raises(SongError) as err:
        modulate(high, "Verse 1", 5)
    assert one_sentence(str(err.value))
    # Whole octaves go to the voicings, which stop two octaves from home.
    assert modulate(song, "Verse 1", 14).song.sections[verse].register == 12
    with pytest.raises(SongError) as err:
        modulate(modulate(song, "Verse 1", 24).song, "Verse 1", 12)
    assert one_sentence(str(err.value))


@pytest.mark.parametrize("semitones", [1.5, "two", 25, -30, True, None], ids=str)
def test_a_move_that_is_not_a_number_of_semitones_is_refused_in_one_sentence(
    leaving_home: Song, semitones: object
) -> None:
    with pytest.raises(SongError) as err:
        modulate(leaving_home, "chorus", semitones)  # type: ignore[arg-type]
    assert one_sentence(str(err.value))


def test_no_move_and_unknown_sections(leaving_home: Song) -> None:
    assert modulate(leaving_home, "chorus", 0).unchanged
    with pytest.raises(UnknownSection):
        modulate(leaving_home, "solo", 2)
    with pytest.raises(SongError):
        set_key(leaving_home, "E minor")  # type: ignore[arg-type]


def test_minor_song_into_major_keeps_each_degree_and_takes_the_major_scale(leaving_home: Song) -> None:
    change = set_key(leaving_home, Key(tonic="D", mode="major"))
    verse = leaving_home.find("Verse 1")[0]
    assert leaving_home.sections[verse].chords[:4] == ("Dm", "Bb", "F", "C")
    # i-VI-III-VII becomes I-vi-iii-bVII: the C keeps its major chord rather than turning into C#dim.
    assert change.song.sections[verse].chords[:4] == ("D", "Bm", "F#m", "C")
    summary = change.summary()
    assert summary.startswith("Song: D minor -> D major, i -> I (Dm -> D), VI -> vi (Bb -> Bm)")
    assert "C kept as bVII" in summary
    assert change.song.meta.key == Key(tonic="D", mode="major")


def test_major_song_into_its_relative_minor_keeps_a_major_dominant() -> None:
    song = plan_song("pop song about summer in C major, 110 BPM")
    change = set_key(song, Key(tonic="A", mode="minor"))
    verse = song.find("Verse 1")[0]
    mapping = dict(zip(symbols(song, verse), symbols(change.song, verse), strict=True))
    assert mapping["C"] == "Am" and mapping["Am"] == "F" and mapping["F"] == "Dm"
    assert mapping["G"] == "E"  # V stays major, as in harmonic minor
    assert "down a minor third" in change.summary()


def test_same_mode_set_key_is_the_nearest_move(leaving_home: Song) -> None:
    assert set_key(leaving_home, Key(tonic="E", mode="minor")).song == modulate(leaving_home, "all", 2).song
    assert set_key(leaving_home, Key(tonic="A", mode="minor")).song == modulate(leaving_home, "all", -5).song
    assert set_key(leaving_home, leaving_home.meta.key).unchanged


def test_letters_move_with_the_interval() -> None:
    assert transpose_spelled("Bb", 2, 1, prefer_flats=False) == "C"
    assert transpose_spelled("F#m7/C#", 1, 1, prefer_flats=False) == "Gm7/D"
    assert transpose_spelled("Am7", 12, 0, prefer_flats=True) == "Am7"


# -- the claims over many planned songs ---------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs(), st.data(), st.integers(-12, 12).filter(bool))
def test_modulate_moves_every_chord_by_the_interval_and_keeps_it_in_the_new_key(
    song: Song, data: st.DataObject, semitones: int
) -> None:
    kinds = {s.kind for s in song.sections}  # a rock song has a solo where others have a bridge
    target = data.draw(st.sampled_from(("all", "chorus", "last chorus", "verse 1", "intro", "outro",
                                        *(k for k in ("bridge", "solo", "pre-chorus") if k in kinds))))  # fmt: skip
    change = modulate(song, target, semitones)
    indices = song.find(target)
    result = change.song
    assert [s.bars for s in result.sections] == [s.bars for s in song.sections]
    assert result.labels == song.labels
    for i, (before, after) in enumerate(zip(song.sections, result.sections, strict=True)):
        if i not in indices:
            # Only the section before a key change may move, and only its last chord: into the new key.
            if i + 1 in indices and after != before:
                assert after.chords[:-1] == before.chords[:-1] and after.melody == before.melody
                last = after.chords[-1].split()[-1]
                assert chord_root(last) == (tonic_pc(result.key_of(i + 1)) + 7) % 12, (last, result.key_of(i + 1))
                assert any(c.startswith(f"{after.label}: last chord ") for c in change.changes)
            else:
                assert after == before
            continue
        old_key, new_key = song.key_of(i), result.key_of(i)
        assert tonic_pc(new_key) == (tonic_pc(old_key) + semitones) % 12 and new_key.mode == old_key.mode
        for old, new in zip(symbols(song, i), symbols(result, i), strict=True):
            chord_pitch_classes(new)  # spelled so that it reads back
            assert chord_root(new) == (chord_root(old) + semitones) % 12
            assert chord_quality(new) == chord_quality(old)
            # In the new key as it was in the old one: diatonic, or borrowed before.
            assert is_diatonic(new, new_key) == is_diatonic(old, old_key), (old, new, old_key, new_key)
    arrangement = arrange(result)
    assert arrangement.end_beat == arrange(song).end_beat


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs(), st.sampled_from((12, -12, 24)), st.sampled_from(("all", "chorus", "verse 1")))
def test_an_octave_spells_every_chord_as_before_and_moves_the_voicings(song: Song, octave: int, target: str) -> None:
    change = modulate(song, target, octave)
    result = change.song
    assert [s.chords for s in result.sections] == [s.chords for s in song.sections]
    targeted = song.find(target)
    assert [s.register for s in result.sections] == [
        s.register + (octave if i in targeted else 0) for i, s in enumerate(song.sections)
    ]
    assert f"voicings {'up' if octave > 0 else 'down'}" in change.summary()
    assert [result.key_of(i) for i in range(len(song.sections))] == [song.key_of(i) for i in range(len(song.sections))]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs(), st.integers(-11, 11))
def test_there_and_back_sounds_the_same(song: Song, semitones: int) -> None:
    back = modulate(modulate(song, "all", semitones).song, "all", -semitones).song
    for i in range(len(song.sections)):
        assert [chord_pitch_classes(c) for c in symbols(back, i)] == [chord_pitch_classes(c) for c in symbols(song, i)]
        assert tonic_pc(back.key_of(i)) == tonic_pc(song.key_of(i))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs(), st.sampled_from(TONICS), st.sampled_from(MODES))
def test_set_key_puts_every_chord_in_the_new_key_or_names_it_borrowed(song: Song, tonic: str, mode: str) -> None:
    key = Key(tonic=tonic, mode=mode)  # type: ignore[arg-type]
    old_key = song.meta.key
    change = set_key(song, key)
    result = change.song
    assert result.meta.key == key
    assert [s.bars for s in result.sections] == [s.bars for s in song.sections]
    for i in range(len(song.sections)):
        for old, new in zip(symbols(song, i), symbols(result, i), strict=True):
            chord_pitch_classes(new)
            old_degree = (chord_root(old) - tonic_pc(old_key)) % 12
            new_degree = (chord_root(new) - tonic_pc(key)) % 12
            if not (is_diatonic(old, old_key) and is_diatonic(new, key)):
                # Borrowed before, or kept as a borrowed chord: same distance from the tonic, same quality.
                assert new_degree == old_degree and chord_quality(new) == chord_quality(old), (old, new)
                if is_diatonic(old, old_key):
                    assert old_key.mode != key.mode and chord_quality(old) == "major", (old, new)
            if old_degree == 0 and is_diatonic(old, old_key):
                assert new_degree == 0  # the home chord stays home
    arrange(result)


# -- on the render --------------------------------------------------------------------------------


def test_the_lifted_chorus_sounds_two_semitones_higher(leaving_home: Song, tmp_path: Path) -> None:
    from audio.analysis import estimate_key
    from audio.render import SketchRenderer
    from music.formats.midi import arrangement_to_midi

    pitched = leaving_home.meta.model_copy(
        update={"parts": tuple(p for p in leaving_home.meta.parts if p.role != "drums")}
    )
    song = leaving_home.with_updates(meta=pitched)
    last = song.find("last chorus")[0]
    renderer = SketchRenderer(engine="fluidsynth")
    try:
        heard = []
        for n, version in enumerate((song, modulate(song, "last chorus", 2).song)):
            path = renderer.render(arrangement_to_midi(arrange(version.excerpt((last,)))), tmp_path / f"{n}.wav")
            heard.append(estimate_key(path))
    finally:
        renderer.close()
    (tonic_before, mode_before), (tonic_after, mode_after) = heard
    assert (note_pc(tonic_after) - note_pc(tonic_before)) % 12 == 2
    assert mode_after == mode_before
