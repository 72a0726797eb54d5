"""A musician wants the verse to drive harder and the chorus to breathe, and hears the difference."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from statistics import mean

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import planned_song

from audio.analysis import loudness, onsets_per_second
from audio.render import SketchRenderer
from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent
from music.edits.energy import add_energy, calm, next_energy, nudged_tempo
from music.errors import UnknownSection
from music.formats.midi import arrangement_to_midi
from music.plan.planner import plan_song
from music.song import Song, section_with

# -- what the band plays in a section -------------------------------------------------------------


def notes_in(arrangement: Arrangement, index: int, roles: tuple[str, ...]) -> list[NoteEvent]:
    span = arrangement.sections[index]
    return [n for t in arrangement.tracks if t.role in roles for n in t.notes if span.start <= n.start < span.end]


def rhythm_section_per_bar(song: Song, arrangement: Arrangement, index: int) -> float:
    return len(notes_in(arrangement, index, ("drums", "bass"))) / song.sections[index].bars


def played_harder(before: Arrangement, after: Arrangement, index: int) -> float:
    """How much harder the notes both versions play are struck (mean velocity change); added notes are density, not loudness."""
    roles = ("drums", "bass", "chords", "pad", "lead")
    then = {(n.start, n.pitch): n.velocity for n in notes_in(before, index, roles)}
    now = {(n.start, n.pitch): n.velocity for n in notes_in(after, index, roles)}
    shared = then.keys() & now.keys()
    return mean(now[k] - then[k] for k in shared) if shared else loudness_played(after, index) - loudness_played(
        before, index)


def loudness_played(arrangement: Arrangement, index: int) -> float:
    """Mean MIDI velocity of everything the band plays in the section."""
    return mean(n.velocity for n in notes_in(arrangement, index, ("drums", "bass", "chords", "pad", "lead")))


def others_untouched(before: Arrangement, after: Arrangement, targeted: tuple[int, ...]) -> None:
    assert [(s.start, s.end) for s in before.sections] == [(s.start, s.end) for s in after.sections]
    everyone = ("drums", "bass", "chords", "pad", "lead")
    for index in range(len(before.sections)):
        if index not in targeted:
            assert notes_in(before, index, everyone) == notes_in(after, index, everyone), index


# -- the session -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def summer() -> Song:
    return plan_song("pop song about summer in C major, 110 BPM")


@pytest.fixture(scope="module")
def fluid() -> Iterator[SketchRenderer]:
    renderer = SketchRenderer(engine="fluidsynth")
    yield renderer
    renderer.close()


def test_more_energy_in_the_verse_drives_drums_and_bass_harder(summer: Song) -> None:
    verse = summer.find("verse 1")[0]
    change = add_energy(summer, "verse 1")
    # The report is what the notes did: more drum hits, everything played harder (the bass plays as many notes).
    (entry,) = change.changes
    assert entry.startswith("Verse 1: busier drums (96 -> 120 hits), ") and "bass played harder" in entry
    assert "busier bass" not in entry
    assert change.song.sections[verse].energy == 0.65
    assert change.song.sections[verse].tempo is None  # one section alone does not lurch ahead of the song
    before, after = arrange(summer), arrange(change.song)
    assert rhythm_section_per_bar(change.song, after, verse) > rhythm_section_per_bar(summer, before, verse)
    assert loudness_played(after, verse) > loudness_played(before, verse)
    assert after.tempo_map == before.tempo_map
    others_untouched(before, after, (verse,))
    assert change.song.total_bars == summer.total_bars


def test_calmer_choruses_play_sparser_and_softer_and_say_so_together(summer: Song) -> None:
    choruses = summer.find("chorus")
    change = calm(summer, "chorus")
    summary = change.summary()
    assert summary.startswith("Chorus 1-2: sparser Piano (135 -> 96 notes), sparser bass (61 -> 37 notes), ")
    assert "; Chorus 3: sparser drums (176 -> 120 hits), " in summary and "played softer" in summary
    before, after = arrange(summer), arrange(change.song)
    for i in choruses:
        assert rhythm_section_per_bar(change.song, after, i) < rhythm_section_per_bar(summer, before, i)
        assert loudness_played(after, i) < loudness_played(before, i)
    others_untouched(before, after, choruses)


BRIEFS = {
    "folk": "folk song about leaving home, 90 BPM, D minor",
    "pop": "upbeat pop song about summer in E major, 118 bpm",
    "rock": "rock song about a highway in E minor, 140 bpm",
    "ballad": "slow ballad about the sea in F minor",
    "jazz": "jazzy tune about rain in Bb major",
    "edm": "edm track about the night in A minor",
    "hip-hop": "hip hop song about the city",
    "r&b": "r and b slow jam about love",
}


@pytest.mark.parametrize("brief", BRIEFS.values(), ids=BRIEFS.keys())
def test_the_change_is_heard_in_the_render(brief: str, fluid: SketchRenderer, tmp_path: Path) -> None:
    """More energy is heard as clearly busier or clearly louder, and never clearly sparser or softer; calm mirrors it.

    Loudness is that of the render before it is brought to the playback level, as the
    section sounds beside its neighbours in the whole song.
    """
    song = plan_song(brief)

    def heard(version: Song, index: int, name: str) -> tuple[float, float]:
        midi = arrangement_to_midi(arrange(version.excerpt((index,))))
        wav = fluid.render(midi, tmp_path / f"{name}.wav", normalize=False)
        return onsets_per_second(wav), loudness(wav)

    for label in ("intro", "verse 1", "chorus"):
        index = song.find(label)[0]
        (busy, level), (busier, louder) = heard(song, index, "as is"), heard(add_energy(song, [index]).song, index, "up")
        assert busier >= busy * 0.95 and louder >= level - 1.0, (label, busy, busier, level, louder)
        assert busier > busy * 1.05 or louder > level + 0.5, (label, busy, busier, level, louder)
        sparser, softer = heard(calm(song, [index]).song, index, "calm")
        assert sparser <= busy * 1.05 and softer <= level + 1.0, (label, busy, sparser, level, softer)
        assert sparser < busy * 0.95 or softer < level - 0.5, (label, busy, sparser, level, softer)


def test_a_section_with_its_own_tempo_speeds_up_a_little_and_calms_back(summer: Song) -> None:
    bridge = summer.find("bridge")[0]
    song = summer.replace_section(bridge, section_with(summer.sections[bridge], tempo=96.0))
    livelier = add_energy(song, "bridge")
    assert livelier.song.sections[bridge].tempo == 100.0
    assert livelier.summary().endswith("tempo 96 -> 100 BPM")
    assert 1.03 <= 100.0 / 96.0 <= 1.06
    calmer = calm(livelier.song, "bridge")
    assert calmer.song.sections[bridge].tempo == 96.0
    assert calmer.song.sections[bridge].energy == summer.sections[bridge].energy


def test_the_whole_song_speeds_up_together_and_comes_back_to_its_tempo(summer: Song) -> None:
    livelier = add_energy(summer, "all")
    assert {s.tempo for s in livelier.song.sections} == {114.0}
    assert livelier.song.duration_seconds() < summer.duration_seconds()
    assert "tempo 110 -> 114 BPM" in livelier.summary()
    back = calm(livelier.song, "whole song")
    assert {s.tempo for s in back.song.sections} == {None}
    assert "tempo 114 -> 110 BPM" in back.summary()
    # Each step reaches the arranger's next pattern change, so up-then-down need not land where
    # it started, but never above it (Chorus 3 at 0.9 can only go up to 1, then down to 0.8).
    style = summer.meta.style
    expected = [next_energy(style, next_energy(style, s.energy, +1), -1) for s in summer.sections]
    assert [s.energy for s in back.song.sections] == expected
    assert all(new <= old.energy for new, old in zip(expected, summer.sections, strict=True))


def test_a_section_already_flat_out_or_silent_is_left_alone(summer: Song) -> None:
    loud = summer.replace_section(0, section_with(summer.sections[0], energy=1.0))
    assert add_energy(loud, "intro").unchanged
    quiet = summer.replace_section(0, section_with(summer.sections[0], energy=0.0))
    change = calm(quiet, "intro")
    assert change.unchanged and change.song is quiet
    with pytest.raises(UnknownSection):
        calm(summer, "guitar solo")


def test_tempo_nudges_stay_small_and_inside_the_metronome() -> None:
    for bpm in (31.0, 60.0, 92.0, 140.0, 250.0):
        assert 1.03 <= nudged_tempo(bpm, +1) / bpm <= 1.06
        assert 1.03 <= bpm / nudged_tempo(bpm, -1) <= 1.07
    assert nudged_tempo(300.0, +1) == 300.0 and nudged_tempo(30.0, -1) == 30.0


# -- the claims, over many planned songs ---------------------------------------------------------


ENERGIES = (0.0, 0.1, 0.3, 0.45, 0.55, 0.75, 0.9, 1.0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    planned_song(tonics=(), max_targets=2, targets_with={"energy": st.sampled_from(ENERGIES)}),
    st.sampled_from((+1, -1)),
)
def test_energy_moves_density_and_dynamics_the_way_it_says(case: tuple[Song, tuple[int, ...]], way: int) -> None:
    song, targeted = case
    change = (add_energy if way > 0 else calm)(song, targeted)
    before, after = arrange(song), arrange(change.song)
    others_untouched(before, after, targeted)
    assert [s.bars for s in change.song.sections] == [s.bars for s in song.sections]
    for i in targeted:
        old, new = song.sections[i].energy, change.song.sections[i].energy
        assert new == pytest.approx(next_energy(song.meta.style, old, way))
        assert abs(new - old) >= 0.2 - 1e-9 or new in (0.0, 1.0)
        if new == old:
            assert change.unchanged
            continue
        assert played_harder(before, after, i) * way > 0
        # Density is checked in common time: the arranger's 3/4 and 6/8 grooves do not yet grow
        # steadily with energy (6/8 EDM plays fewer notes at 0.3 than at 0.2).
        if song.meta.time_signature != "4/4":
            continue
        busier = (rhythm_section_per_bar(change.song, after, i) - rhythm_section_per_bar(song, before, i)) * way
        assert busier >= 0
        # Every step reaches the arranger's next pattern, so the playing itself changes,
        # except at the ends: the loudest pattern already playing, or calm clamped at silence.
        if min(old, new) < 0.75 and new > 0.0:
            assert busier > 0, (old, new)


@pytest.mark.parametrize("brief", ["a pop song about summer", "a rock song about a highway", "a jazz song about rain",
                                   "a folk song about a river"])
def test_a_chorus_already_loud_gets_busier_not_only_louder(brief: str) -> None:
    song = plan_song(brief)
    index = song.find("chorus")[0]
    assert song.sections[index].energy >= 0.7  # the loudest patterns already play
    change = add_energy(song, [index])
    assert change.song.sections[index].energy >= 0.95
    before, after = arrange(song), arrange(change.song)
    # At the peak the drummer doubles the time and the chords fill their gaps: more notes, not only harder ones.
    then, now = notes_in(before, index, ("drums", "chords")), notes_in(after, index, ("drums", "chords"))
    assert len(now) > len(then) * 1.1, (len(then), len(now))
    assert "busier" in change.summary()
