"""A songwriter plans a song in each style, writes the words and asks for the tune: the chorus must hook.

The title motif comes back, the chorus lifts above the verse and leaps to its peak, the
verse tells while the chorus sings, and the styles that push the beat do, all inside the
singer's range and on the chords.
"""

from __future__ import annotations

from functools import cache

import pytest

from music.errors import SongError
from music.plan.planner import plan_song
from music.song import Key, Meta, Note, Section, Song, section_with
from music.theory.clashes import clashes
from music.words.contour import chord_at, chord_tones
from music.words.hooks import HookReport, hook_report, section_shape
from music.words.melody import melody_report, write_melody
from music.words.phrasing import note_stresses
from music.words.voices import VOICES

VERSE = (
    "Leaving the house on a cold grey morning",
    "Nothing to carry but the beautiful road",
    "Mother is standing in the open door",
    "Waving goodbye to the boy she knew",
)
CHORUS = (  # the title opens the chorus; three of its lines share its metre
    "I am leaving, leaving home",
    "Leaving all I ever knew",
    "Every road will lead me back",
    "To the light I left with you",
)
WALTZ_VERSE = ("Down by the water", "Under the moon", "Sailing away", "Home again soon")
WALTZ_CHORUS = ("Over the sea", "Over the foam", "Over the sea", "Carry me home")

# (brief, voice): every style the planner knows, country and the folk waltz as a musician asks for them.
STYLES = {
    "pop": ("a pop song called Leaving Home, in C major", "tenor"),
    "rock": ("a rock song called Leaving Home, in E minor", "baritone"),
    "jazz ballad": ("a jazz ballad called Leaving Home, in F major", "alto"),
    "folk waltz": ("a folk waltz called The Sea, in G major, 3/4", "mezzo"),
    "country": ("a country song called Leaving Home, in G major", "tenor"),
    "hip-hop": ("a hip-hop song called Leaving Home, in C minor", "tenor"),
    "edm": ("an edm track called Leaving Home, in A minor", "soprano"),
}
PUSHING = ("pop", "rock", "country", "hip-hop", "edm")


def with_words(song: Song, verse: tuple[str, ...], chorus: tuple[str, ...]) -> Song:
    """Every verse and chorus gets its words; the bridge stays instrumental."""
    for index, section in enumerate(song.sections):
        words = {"verse": verse, "chorus": chorus}.get(section.kind, ())
        song = song.replace_section(index, section_with(section, lyrics=words))
    return song


@cache
def worded(style: str) -> Song:
    brief, _voice = STYLES[style]
    waltz = style == "folk waltz"
    return with_words(plan_song(brief), WALTZ_VERSE if waltz else VERSE, WALTZ_CHORUS if waltz else CHORUS)


@cache
def sung(style: str, seed: int = 0) -> Song:
    return write_melody(worded(style), "all", voice=STYLES[style][1], seed=seed).song


def first(song: Song, kind: str) -> int:
    return next(i for i, s in enumerate(song.sections) if s.kind == kind)


def chorus_hook(style: str) -> HookReport:
    song = sung(style)
    return hook_report(song, first(song, "chorus"))


# -- the chorus hooks ---------------------------------------------------------------------


@pytest.mark.parametrize("style", list(STYLES))
def test_the_title_motif_comes_back_twice_in_the_chorus(style: str) -> None:
    report = chorus_hook(style)
    assert report.motif_line == 0, "the title opens the chorus"
    assert report.motif_returns >= 2, report


@pytest.mark.parametrize("style", list(STYLES))
def test_the_chorus_lifts_from_the_verse_and_leaps_to_its_peak(style: str) -> None:
    report = chorus_hook(style)
    assert report.lift >= 3, f"the chorus peaks only {report.lift} semitones above the verse"
    assert report.leap_to_peak >= 5 or abs(report.leap_into) >= 5, report
    assert report.largest_leap >= 5
    assert report.has_hook
    assert report.verse is not None and report.chorus.middle is not None and report.verse.middle is not None
    assert report.chorus.middle > report.verse.middle, "the chorus sits higher than the verse"


@pytest.mark.parametrize("style", list(STYLES))
def test_the_strong_syllables_sing_chord_tones_and_the_tonic(style: str) -> None:
    report = chorus_hook(style)
    assert report.chord_tones_on_stress == 1.0
    assert report.tonic_on_stress >= 1


@pytest.mark.parametrize("style", list(STYLES))
def test_the_verse_tells_and_the_chorus_sings(style: str) -> None:
    report = chorus_hook(style)
    verse, chorus = report.verse, report.chorus
    assert verse is not None
    assert verse.syllables_per_beat > chorus.syllables_per_beat
    assert chorus.mean_length > verse.mean_length
    assert chorus.held_ends >= 0.75, "chorus lines end on held notes"
    assert chorus.distinct_pitches >= 5 and chorus.stepwise < 0.9, "the chorus skips and leaps, not only steps"


@pytest.mark.parametrize("style", PUSHING)
def test_styles_that_push_sing_ahead_of_the_beat_and_into_their_lines(style: str) -> None:
    report = chorus_hook(style)
    assert report.verse is not None
    rapped = style == "hip-hop"  # its verse is rapped on sixteenths instead (see below)
    assert (rapped or report.verse.syncopation > 0) and report.chorus.syncopation > 0
    assert report.verse.pickups + report.chorus.pickups >= (0 if rapped else 1)


@pytest.mark.parametrize("style", ["folk waltz", "jazz ballad"])
def test_the_waltz_and_the_jazz_ballad_push_less_than_pop(style: str) -> None:
    calm, pop = chorus_hook(style), chorus_hook("pop")
    assert calm.verse is not None and pop.verse is not None
    assert calm.verse.syncopation + calm.chorus.syncopation < pop.verse.syncopation + pop.chorus.syncopation


# -- and stays singable ---------------------------------------------------------------------


@pytest.mark.parametrize("style", list(STYLES))
def test_every_sung_line_stays_in_the_voice_on_the_beat_and_on_the_chords(style: str) -> None:
    song, voice = sung(style), VOICES[STYLES[style][1]]
    for index, section in enumerate(song.sections):
        if not section.lyrics:
            continue
        assert all(voice.low <= n.pitch <= voice.high for n in section.melody), section.label
        assert clashes(song, index) == (), section.label
        if style == "hip-hop" and section.kind == "verse":
            continue  # rapped, not sung: see test_a_hip_hop_verse_is_rapped_in_a_sixteenth_note_flow
        report = melody_report(song, index)
        assert report.stress_alignment >= 0.8, report
        assert report.stressed_on_strong >= 0.8, report
        assert report.chord_tones_on_strong == 1.0, report
        assert report.unresolved_leaps == 0, report


@pytest.mark.parametrize("style", ["pop", "folk waltz", "hip-hop"])
def test_the_same_seed_sings_the_same_tune_and_other_seeds_other_tunes(style: str) -> None:
    again = write_melody(worded(style), "all", voice=STYLES[style][1], seed=0).song
    assert again == sung(style)
    choruses = {tuple(sung(style, seed).sections[first(again, "chorus")].melody) for seed in range(4)}
    # A waltz chorus that is three times its motif over four lines has little left to vary.
    assert len(choruses) >= (1 if style == "folk waltz" else 3)
    verses = {tuple(sung(style, seed).sections[first(again, "verse")].melody) for seed in range(4)}
    assert len(verses) >= 3
    for seed in range(1, 4):
        assert chorus_hook_for(style, seed).has_hook


def chorus_hook_for(style: str, seed: int) -> HookReport:
    song = sung(style, seed)
    return hook_report(song, first(song, "chorus"))


# -- the report hears what a musician wrote ----------------------------------------------------


def two_bar_song(verse: tuple[Note, ...], chorus: tuple[Note, ...], chorus_words: tuple[str, ...]) -> Song:
    sections = (
        Section(kind="verse", label="Verse 1", bars=2, chords=("C", "G"), lyrics=("Walk on", "walk on"), melody=verse),
        Section(kind="chorus", label="Chorus 1", bars=4, chords=("F", "C", "F", "C"), lyrics=chorus_words,
                melody=chorus),
    )  # fmt: skip
    return Song(meta=Meta(title="Hold On", key=Key(tonic="C")), sections=sections)


def notes(*spec: tuple[int, float, float, str | None]) -> tuple[Note, ...]:
    return tuple(Note(pitch=p, start=s, duration=d, lyric=w) for p, s, d, w in spec)


VERSE_NOTES = notes((60, 0.0, 1.0, "Walk"), (62, 1.0, 1.0, "on"), (64, 4.0, 1.0, "walk"), (62, 5.0, 1.0, "on"))


def test_a_chorus_that_brings_back_its_title_and_climbs_has_a_hook() -> None:
    chorus = notes(
        (67, 0.0, 1.5, "Hold"), (69, 1.5, 0.5, "on,"), (67, 2.0, 1.0, "hold"), (64, 3.0, 1.0, "on"),
        (60, 8.0, 1.0, "Hold"), (72, 9.0, 1.0, "on"), (71, 10.0, 1.0, "to"), (67, 11.0, 1.0, "me"),
        (67, 12.0, 1.5, "Hold"), (69, 13.5, 0.5, "on,"), (67, 14.0, 1.0, "hold"), (60, 15.0, 1.0, "on"),
    )  # fmt: skip
    song = two_bar_song(VERSE_NOTES, chorus, ("Hold on, hold on", "Hold on to me", "Hold on, hold on"))
    report = hook_report(song, 1)
    assert report.motif_lines == 2 and report.motif_returns == 1
    assert report.motif == (0.0, 1.5, 0.5, 1.0, 1.0, -1.0, -1.0)
    assert (report.lift, report.leap_to_peak, report.leap_into) == (8, 12, 5)
    assert report.has_hook
    shape = section_shape(song, 1)
    assert shape.lines == 3 and shape.distinct_pitches == 6 and shape.peak == 72


def test_a_flat_chorus_that_never_repeats_and_stays_at_the_verse_height_has_none() -> None:
    chorus = notes(
        (62, 0.0, 1.0, "Hold"), (64, 1.0, 1.0, "on,"), (62, 2.0, 1.0, "hold"), (60, 3.0, 1.0, "on"),
        (60, 8.0, 0.5, "Hold"), (62, 8.5, 0.5, "on"), (64, 9.0, 2.0, "to"), (65, 11.0, 1.0, "me"),
        (64, 12.0, 2.0, "Hold"), (62, 14.0, 0.5, "on,"), (64, 14.5, 0.5, "hold"), (62, 15.0, 1.0, "on"),
    )  # fmt: skip
    song = two_bar_song(VERSE_NOTES, chorus, ("Hold on, hold on", "Hold on to me", "Hold on, hold on"))
    report = hook_report(song, 1)
    assert report.motif_returns == 0
    assert report.lift == 1 and report.largest_leap < 5
    assert not report.has_hook


def test_pushes_and_pickups_are_heard_in_the_rhythm() -> None:
    chorus = notes(
        (64, 0.0, 1.0, "Hold"), (64, 1.0, 0.5, "on,"), (67, 1.5, 1.5, "hold"), (64, 4.0, 2.0, "on"),
        (60, 7.0, 0.5, "to"), (62, 7.5, 0.5, "the"), (64, 8.0, 3.0, "sea"),
    )  # fmt: skip
    song = two_bar_song(VERSE_NOTES, chorus, ("Hold on, hold on", "to the sea"))
    shape = section_shape(song, 1)
    assert shape.syncopation == pytest.approx(1 / 7)  # 'hold' comes an eighth before beat 3, tied over it
    assert shape.pickups == 1  # 'to the' leads into the bar
    assert shape.held_ends == pytest.approx(1.0)
    assert melody_report(song, 1).stressed_on_strong == 1.0  # the pushed 'hold' belongs to beat 3


def test_a_chorus_without_a_melody_has_no_hook_to_measure() -> None:
    song = worded("pop")
    with pytest.raises(SongError, match="no melody yet"):
        hook_report(song, first(song, "chorus"))
    with pytest.raises(SongError, match="no section number 12"):
        section_shape(song, 11)


# -- one ear for stresses ------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["pop", "rock", "hip-hop", "folk waltz"])
def test_analyze_check_and_the_writer_hear_the_same_stresses(style: str) -> None:
    """A stress pushed an eighth ahead of its beat lands on that beat for /analyze, /check and the writer alike."""
    from music.theory.analysis import analyze_section
    from music.words.lyric_craft import meter_check

    song = sung(style)
    for index, section in enumerate(song.sections):
        if not section.lyrics:
            continue
        written = melody_report(song, index)
        analysed = analyze_section(song, index).stress
        checked = meter_check(song, index)
        rapped = style == "hip-hop" and section.kind == "verse"  # stresses on the eighths, not on 1 and 3
        assert analysed.ratio is not None and (rapped or written.stressed_on_strong >= 0.8)
        assert analysed.ratio == pytest.approx(written.stressed_on_strong), section.label
        assert not [fit.misplaced_stresses for fit in checked if fit.misplaced_stresses], section.label


def test_a_hip_hop_verse_is_rapped_in_a_sixteenth_note_flow() -> None:
    from music.words.prosody import metre_for

    song = sung("hip-hop")
    metre = metre_for(song.meta.time_signature)
    verse, chorus = first(song, "verse"), first(song, "chorus")
    notes = song.sections[verse].melody
    stresses = note_stresses(song.sections[verse], list(notes))
    assert all((n.start * 4) % 1 == 0 for n in notes)  # every syllable on the sixteenth grid
    assert all((n.start * 2) % 1 == 0 for n, s in zip(notes, stresses, strict=True) if s)  # stresses on eighths
    assert sum(1 for n in notes if n.duration <= 0.25) > len(notes) / 2  # mostly sixteenths: spoken, fast
    assert max(n.pitch for n in notes) - min(n.pitch for n in notes) <= 5  # near one reciting tone
    for n, s in zip(notes, stresses, strict=True):
        if s:
            assert n.pitch % 12 in chord_tones(chord_at(song.sections[verse], n.start, metre))
    shape = section_shape(song, verse)
    assert shape.syllables_per_beat > section_shape(song, chorus).syllables_per_beat
    assert "rapped in a sixteenth-note flow" in write_melody(worded("hip-hop"), "verse 1", voice="tenor").summary()
    # The hook is still sung, and other styles' verses still are.
    assert hook_report(song, chorus).has_hook
    assert not all((n.start * 4) % 1 == 0 and n.duration <= 0.25 for n in sung("pop").sections[verse].melody)


@pytest.mark.parametrize("style", ["rock", "r&b", "funk", "bossa nova"])
def test_a_chorus_line_that_sings_the_title_line_again_after_a_pickup_keeps_its_rhythm(style: str) -> None:
    chorus = ("the last train out of here", "is rolling down the line", "I'll be gone before the dawn",
              "on the last train out of here")  # fmt: skip
    song = plan_song(f"a {style} song about the last train")
    index = song.find("chorus 1")[0]
    song = write_melody(song.replace_section(index, section_with(song.sections[index], lyrics=chorus)), "chorus 1").song
    notes = [n for n in song.sections[index].melody if n.lyric]
    first, last = notes[:6], notes[-7:]
    assert [n.lyric for n in last[1:]] == [n.lyric for n in first]
    gaps = [round(b.start - a.start, 3) for a, b in zip(first, first[1:], strict=False)]
    assert [round(b.start - a.start, 3) for a, b in zip(last[1:], last[2:], strict=False)] == gaps
    assert (last[1].start - first[0].start) % song.meta.beats_per_bar == 0  # the same place in the bar
    assert 0 < last[1].start - last[0].start <= 0.5  # "on" leads in
    assert hook_report(song, index).motif_returns >= 1


# -- the hook returns, whatever chords lie under its lines ------------------------------------------

SUMMER = (
    ("the radio is playing loud", "the windows open to the street",
     "we're dancing right above the crowd", "the city's burning at our feet"),
    ("a summer night with you", "the stars are coming out", "I never want to sleep", "a summer night with you"),
)
HARBOUR = (
    ("the boats come in at half past nine", "the gulls are crying on the pier",
     "I count the lanterns down the line", "and wonder why I'm waiting here"),
    ("a rainy harbour town", "the lights are burning low", "the tide will turn around", "in a rainy harbour town"),
)
LAST_TRAIN = (
    ("the station clock is running slow", "the platform empty, cold and grey",
     "I've got nowhere else to go", "and nothing left I want to say"),
    ("the last train out of here", "is rolling down the line", "I'll be gone before the dawn",
     "on the last train out of here"),
)  # fmt: skip


def sung_brief(brief: str, words: tuple[tuple[str, ...], tuple[str, ...]]) -> HookReport:
    """The brief planned, its verses and choruses given the words, the tune written for a tenor, its chorus's hook."""
    song = write_melody(with_words(plan_song(brief), *words), "all", voice="tenor").song
    return hook_report(song, first(song, "chorus"))


@pytest.mark.parametrize(
    ("brief", "words"),
    [
        ("a trap song about a summer night", SUMMER),
        ("a reggae song about a summer night", SUMMER),
        ("a waltz song about a rainy harbour town", HARBOUR),
        ("a pop song about a rainy harbour town", HARBOUR),
        ("a country song about a summer night", SUMMER),
    ],
    ids=["trap", "reggae", "waltz", "pop", "country"],
)
def test_lines_that_share_the_title_lines_rhythm_sing_its_motif_at_least_twice_more(
    brief: str, words: tuple[tuple[str, ...], tuple[str, ...]]
) -> None:
    report = sung_brief(brief, words)
    assert report.motif_returns >= 2, report
    assert report.has_hook, report


def test_a_title_sung_again_over_other_chords_still_brings_its_motif_back() -> None:
    """The edm chorus sings 'on the last train out of here' from a bar line, its opening mid-bar: other chords lie under it."""
    report = sung_brief("an edm song about the last train", LAST_TRAIN)
    assert report.motif_returns >= 1, report
    assert report.has_hook, report
