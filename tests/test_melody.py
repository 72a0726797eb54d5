"""A songwriter asks for a melody for the words: it must fit the syllables, the beat, the chords and the singer."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from music.errors import SongError, UnknownSection
from music.plan.planner import plan_song
from music.song import Note, Section, Song, VoiceName, section_with
from music.theory.chords import chord_pitch_classes, split_symbol
from music.words.melody import melody_report, sung_line, write_melody
from music.words.syllables import syllables
from music.words.voices import VOICES, voice_for

# Strong beats in quarter-note beats from the bar line: 1 and 3 in 4/4, 1 in 3/4, 1 and 4 in 6/8.
STRONG = {"4/4": (0.0, 2.0), "3/4": (0.0,), "6/8": (0.0, 1.5)}
BAR = {"4/4": 4.0, "3/4": 3.0, "6/8": 3.0}

VERSE_1 = (
    "Leaving the house on a cold grey morning",
    "Nothing to carry but the beautiful road",
    "Mother is standing in the open door",
    "Waving goodbye to the boy she knew",
)
VERSE_2 = (  # other words, stressed as verse 1's
    "Walking the hill in the long dark evening",
    "Somebody dancing to the beautiful rain",
    "Father is sitting by the open door",
    "Waving goodbye to the girl he knew",
)
OTHER_VERSE = (  # the same syllables per line as verse 1, stressed elsewhere
    "Turning the corner where the river bends",
    "Counting the days on the fingers of my hand",
    "Father is working in the yellow field",
    "Never looked up when the engine ran",
)
CHORUS = (
    "I am leaving, leaving home",
    "Leaving all I ever knew",
    "Every road will lead me back",
    "To the light I left with you",
)


def with_lyrics(song: Song, lyrics: dict[str, tuple[str, ...]]) -> Song:
    """The song with lyrics put into sections by label, and the chorus words into every chorus."""
    for index, section in enumerate(song.sections):
        words = lyrics.get(section.label, lyrics.get(section.kind, ()))
        song = song.replace_section(index, section_with(section, lyrics=words))
    return song


@pytest.fixture(scope="module")
def leaving_home() -> Song:
    song = plan_song("a folk song about leaving home, in G major")
    return with_lyrics(song, {"Verse 1": VERSE_1, "Verse 2": VERSE_2, "chorus": CHORUS})


@pytest.fixture(scope="module")
def sung(leaving_home: Song) -> Any:
    return write_melody(leaving_home, "all")


def sung_syllables(section: Section) -> list[str]:
    return [piece for line in section.lyrics for word in line.split() if any(c.isalnum() for c in word)
            for piece in syllables(word)]  # fmt: skip


def words_from_notes(notes: tuple[Note, ...]) -> list[str]:
    """The words the melody's syllables spell: a piece ending in '-' goes on into the next."""
    words, current = [], ""
    for note in notes:
        if note.lyric is None:
            continue
        current += note.lyric.rstrip("-")
        if not note.lyric.endswith("-"):
            words.append(current)
            current = ""
    return words


def is_strong(start: float, metre: str) -> bool:
    offset = start % BAR[metre]
    return any(math.isclose(offset, s, abs_tol=1e-6) for s in STRONG[metre])


def chord_under(section: Section, start: float, metre: str) -> str:
    bar = int(start // BAR[metre] + 1e-9)
    symbols = section.chords[bar].split()
    width = BAR[metre] / len(symbols)
    return symbols[int((start - bar * BAR[metre]) // width + 1e-9)]


def chord_tones(symbol: str) -> set[int]:
    root, suffix, _bass = split_symbol(symbol)
    return set(chord_pitch_classes(root + suffix))


def intervals(section: Section) -> list[int]:
    pitches = [n.pitch for n in sorted(section.melody, key=lambda n: n.start)]
    return [b - a for a, b in zip(pitches, pitches[1:], strict=False)]


def contour(section: Section) -> list[int]:
    pitches = [n.pitch for n in section.melody if n.lyric]
    return [(b > a) - (b < a) for a, b in zip(pitches, pitches[1:], strict=False)]


def check_craft(song: Song, before: Song, voice: str) -> None:
    """Everything a working songwriter checks in a melody, section by section."""
    metre = song.meta.time_signature
    singer = VOICES[voice]
    for index, (old, section) in enumerate(zip(before.sections, song.sections, strict=True)):
        assert (section.bars, section.chords, section.lyrics) == (old.bars, old.chords, old.lyrics)
        if not section.lyrics:
            continue
        label = section.label
        assert sum(1 for n in section.melody if n.lyric) == len(sung_syllables(section)), label
        assert words_from_notes(section.melody) == [w for line in section.lyrics for w in line.split()], label
        for note in section.melody:
            assert singer.low <= note.pitch <= singer.high, f"{label}: {note.pitch} is outside the {voice} range"
            if is_strong(note.start, metre):
                chord = chord_under(section, note.start, metre)
                assert note.pitch % 12 in chord_tones(chord), f"{label}: beat {note.start} is off the chord {chord}"
        steps = intervals(section)
        assert sum(1 for s in steps if abs(s) <= 2) >= 0.6 * len(steps), label
        for k, step in enumerate(steps):
            if abs(step) >= 5:  # a leap of a fourth or more turns back by step
                assert k + 1 < len(steps) and 1 <= abs(steps[k + 1]) <= 2 and steps[k + 1] * step < 0, label
        report = melody_report(song, index)
        assert report.stress_alignment >= 0.8, f"{label}: {report}"
        assert report.chord_tones_on_strong == 1.0
    verse_top = max((n.pitch for s in song.sections if s.kind == "verse" for n in s.melody), default=0)
    choruses = [s for s in song.sections if s.kind == "chorus" and s.melody]
    for chorus in choruses:
        peak = max(n.pitch for n in chorus.melody)
        assert peak > verse_top, f"{chorus.label} peaks at {peak}, not above the verses' {verse_top}"
        assert 1 <= [n.pitch for n in chorus.melody].count(peak) <= 2
    if choruses and len({s.lyrics for s in choruses}) == 1 and len({s.chords for s in choruses}) == 1:
        assert len({s.melody for s in choruses}) == 1, "repeated choruses should be sung the same"


# -- the leaving-home session ---------------------------------------------------------------


def test_every_section_fits_its_words(leaving_home: Song, sung: Any) -> None:
    check_craft(sung.song, leaving_home, "tenor")


def test_the_change_says_what_was_written_in_musical_words(sung: Any) -> None:
    chorus = next(c for c in sung.changes if c.startswith("Chorus 1:"))
    assert chorus.startswith("Chorus 1: melody written for 4 lines, 29 syllables, range ")
    assert "(tenor), peak " in chorus
    peak = max(n.pitch for n in sung.song.sections[2].melody)
    word = next(n for n in sung.song.sections[2].melody if n.pitch == peak)
    assert f"on '{word.lyric.rstrip('-').strip(',')}" in chorus
    assert any(c.startswith("Verse 1: melody written for 4 lines, 40 syllables") for c in sung.changes)
    assert any(c.startswith("Intro: no melody written") for c in sung.held)  # said, though the intro stays
    assert any(c.startswith("Bridge: melody written as an instrumental line") for c in sung.changes)


def test_the_chorus_peak_is_named_on_its_word(sung: Any) -> None:
    song = sung.song
    chorus = song.sections[2]
    peak = max(chorus.melody, key=lambda n: n.pitch)
    assert peak.lyric is not None
    assert melody_report(song, 2).peak_count == 1
    verse_tops = [melody_report(song, i).highest or 0 for i in (1, 3)]
    assert (melody_report(song, 2).highest or 0) > max(verse_tops)


def test_a_repeated_chorus_is_sung_the_same(sung: Any) -> None:
    choruses = [s for s in sung.song.sections if s.kind == "chorus"]
    assert len(choruses) == 3
    assert choruses[0].melody == choruses[1].melody == choruses[2].melody
    assert any("Chorus 2:" in c and "sung to the melody of Chorus 1" in c for c in sung.changes)


def test_a_second_verse_stressed_like_the_first_is_sung_to_its_tune(sung: Any) -> None:
    first, second = sung.song.sections[1], sung.song.sections[3]
    assert [(n.start, n.pitch) for n in first.melody] == [(n.start, n.pitch) for n in second.melody]
    assert [n.lyric for n in first.melody][:3] == ["Leav-", "ing", "the"]
    assert [n.lyric for n in second.melody][:3] == ["Walk-", "ing", "the"]
    assert any(c.startswith("Verse 2:") and "sung to the melody of Verse 1" in c for c in sung.changes)


def test_a_second_verse_stressed_differently_keeps_the_first_verses_contour(leaving_home: Song) -> None:
    def counts(lines: tuple[str, ...]) -> list[int]:
        return [len(sung_syllables(Section(kind="verse", label="x", bars=1, chords=("C",), lyrics=(line,))))
                for line in lines]  # fmt: skip

    assert counts(OTHER_VERSE) == counts(VERSE_1)
    song = with_lyrics(leaving_home, {"Verse 1": VERSE_1, "Verse 2": OTHER_VERSE, "chorus": CHORUS})
    change = write_melody(song, "verse")
    first, second = contour(change.song.sections[1]), contour(change.song.sections[3])
    # The words move some syllables to other chords, so a few steps bend to stay on chord tones.
    assert sum(a == b for a, b in zip(first, second, strict=True)) >= 0.85 * len(first)
    assert "same contour as Verse 1" in change.changes[1]
    assert melody_report(change.song, 3).stress_alignment >= 0.8


def test_intro_and_outro_stay_instrumental_and_the_bridge_gets_a_line(sung: Any) -> None:
    song = sung.song
    assert song.sections[0].melody == () and song.sections[-1].melody == ()
    bridge = song.sections[5]
    assert bridge.melody and all(n.lyric is None for n in bridge.melody)
    assert melody_report(song, 5).chord_tones_on_strong == 1.0


def test_the_lead_part_plays_the_written_melody(sung: Any) -> None:
    from music.band.arrange import arrange

    song = sung.song
    lead = arrange(song).track("lead")
    assert lead is not None
    start = sum(s.bars for s in song.sections[:2]) * song.meta.beats_per_bar
    chorus = song.sections[2]
    played = [(round(n.start - start, 4), n.pitch, n.lyric) for n in lead.notes if start <= n.start < start + 32]
    assert played == [(n.start, n.pitch, n.lyric) for n in chorus.melody]


def test_musicxml_carries_the_lyrics_under_the_melody(sung: Any, tmp_path: Path) -> None:
    from music21 import converter

    from music.formats.musicxml import write_musicxml

    song = sung.song.excerpt((1, 2))
    parsed: Any = converter.parse(write_musicxml(song, tmp_path / "leaving-home.musicxml"))
    words, current = [], ""
    for note in parsed.parts[0].recurse().notes:
        if note.lyrics:
            current += note.lyrics[0].text
            if note.lyrics[0].syllabic in ("single", "end"):
                words.append(current)
                current = ""
    expected = [w.strip(",.") for s in song.sections for line in s.lyrics for w in line.split()]
    assert [w.strip(",.") for w in words] == expected


def test_the_same_seed_writes_the_same_melody_and_the_sheet_is_untouched(leaving_home: Song, sung: Any) -> None:
    again = write_melody(leaving_home, "all", seed=0)
    assert again.song == sung.song and again.changes == sung.changes
    assert all(not s.melody for s in leaving_home.sections)
    assert write_melody(sung.song, "chorus").unchanged


def test_one_section_can_be_written_alone(leaving_home: Song) -> None:
    change = write_melody(leaving_home, "last chorus", voice="soprano", seed=3)
    assert [c.split(":")[0] for c in change.changes] == ["Chorus 3"]
    melody = change.song.sections[6].melody
    assert melody and all(VOICES["soprano"].low <= n.pitch <= VOICES["soprano"].high for n in melody)
    assert all(not s.melody for i, s in enumerate(change.song.sections) if i != 6)


def test_higher_voices_sing_higher(leaving_home: Song) -> None:
    def middle(voice: str) -> float:
        melody = write_melody(leaving_home, "Verse 1", voice=voice).song.sections[1].melody
        return sum(n.pitch for n in melody) / len(melody)

    assert middle("bass") < middle("baritone") < middle("tenor") < middle("alto") < middle("soprano")


@pytest.mark.parametrize("voice", ["baritone", "soprano"])
def test_words_without_a_written_melody_are_sung_in_the_singers_voice(leaving_home: Song, voice: str) -> None:
    singer = VOICES[voice]
    line = sung_line(leaving_home, 2, voice)
    assert sum(1 for n in line if n.lyric) == len(sung_syllables(leaving_home.sections[2]))
    assert all(singer.contains(n.pitch) for n in line), f"{[n.pitch for n in line]} leaves the {voice} range"
    middle = sorted(n.pitch for n in line)[len(line) // 2]
    assert singer.tessitura_low <= middle <= singer.tessitura_high, f"the {voice} sits at {middle}"
    # Each voice is remembered apart: the tenor's line is not handed to the baritone or the soprano.
    assert line != sung_line(leaving_home, 2) == sung_line(leaving_home, 2, "tenor")


def test_a_song_for_a_baritone_is_sung_and_played_in_the_baritones_range(leaving_home: Song) -> None:
    from music.band.arrange import arrange

    baritone = leaving_home.model_copy(update={"meta": leaving_home.meta.model_copy(update={"voice": "baritone"})})
    assert sung_line(baritone, 2) == sung_line(leaving_home, 2, "baritone") != sung_line(leaving_home, 2)
    span = arrange(baritone).sections[2]
    lead = arrange(baritone).track("lead")
    assert lead is not None
    played = [n.pitch for n in lead.notes if span.start <= n.start < span.end]
    assert played and all(VOICES["baritone"].contains(p) for p in played), "the lead plays the baritone's line"


def test_the_sheet_names_the_same_voices_as_their_ranges() -> None:
    assert set(get_args(VoiceName)) == set(VOICES)


def test_a_musicians_voice_shapes_every_plan() -> None:
    from music.preferences import Preferences, read_preference

    said = Preferences(items=(read_preference("I'm a baritone"),))
    assert plan_song("a folk song about the river", said).meta.voice == "baritone"
    assert plan_song("a folk song about the river").meta.voice is None


def test_the_soprano_sings_words_without_a_melody_above_the_baritone(leaving_home: Song) -> None:
    def middle(voice: str) -> float:
        line = sung_line(leaving_home, 2, voice)
        return sum(n.pitch for n in line) / len(line)

    assert middle("baritone") < middle("tenor") < middle("soprano")
    with pytest.raises(SongError, match="no voice called 'castrato'"):
        sung_line(leaving_home, 2, "castrato")


def test_a_chorus_clears_a_high_verse_that_is_kept(leaving_home: Song) -> None:
    high_verse = write_melody(leaving_home, "Verse 1", voice="soprano").song
    change = write_melody(high_verse, "Chorus 1", voice="tenor")
    chorus = change.song.sections[2]
    assert chorus.melody
    if max(n.pitch for n in high_verse.sections[1].melody) >= VOICES["tenor"].high:
        assert "no higher than the verses" in change.changes[0]


@pytest.mark.parametrize(
    ("brief", "metre"),
    [("a folk waltz about the sea, in D major, 3/4", "3/4"), ("a ballad about the sea, in Bb major, 6/8", "6/8")],
    ids=["waltz", "six-eight"],
)
def test_other_metres_put_the_stresses_on_their_own_strong_beats(brief: str, metre: str) -> None:
    song = plan_song(brief)
    assert song.meta.time_signature == metre
    verse = ("Down by the water", "Under the moon", "Sailing away", "Home again soon")
    chorus = ("Over the ocean we go", "Singing the songs that we know")
    song = with_lyrics(song, {"verse": verse, "chorus": chorus})
    change = write_melody(song, "all", voice="mezzo")
    check_craft(change.song, song, "mezzo")
    verse_notes = change.song.sections[1].melody
    down = [n.lyric for n in verse_notes if n.lyric and is_strong(n.start, metre)]
    assert {"Down", "wa-", "Un-", "moon", "Sail-", "way", "Home", "soon"} <= set(down)


def test_a_report_reads_a_melody_the_musician_wrote(leaving_home: Song) -> None:
    melody = (
        Note(pitch=67, start=0.0, duration=2.0, lyric="Leav-"),
        Note(pitch=69, start=2.0, duration=1.0, lyric="ing"),
        Note(pitch=71, start=3.0, duration=1.0, lyric="home"),
        Note(pitch=62, start=4.0, duration=2.0),
    )
    song = leaving_home.replace_section(1, section_with(leaving_home.sections[1], melody=melody))
    report = melody_report(song, 1)
    assert (report.notes, report.syllables, report.range_names) == (4, 3, "D4-B4")
    assert report.stepwise == pytest.approx(2 / 3)
    assert report.unresolved_leaps == 1  # B4 down to D4 is never answered
    # 'Leav' sits on beat 1, but the weak 'ing' takes beat 3 and pushes 'home' off it.
    assert report.stress_alignment == pytest.approx(1 / 3)
    assert report.stressed_on_strong == pytest.approx(1 / 2)
    with pytest.raises(SongError, match="no section number 12"):
        melody_report(song, 11)


def test_a_line_too_long_for_its_bars_is_refused(leaving_home: Song) -> None:
    crowded = "every single syllable of this enormously overlong and unsingable line " * 5
    song = leaving_home.replace_section(1, section_with(leaving_home.sections[1], bars=1, chords=("G",),
                                                        lyrics=(crowded,)))  # fmt: skip
    with pytest.raises(SongError, match="syllables"):
        write_melody(song, "Verse 1")


def test_unknown_voices_and_sections_are_refused_with_the_choices(leaving_home: Song) -> None:
    with pytest.raises(SongError, match="soprano, mezzo, alto, tenor, baritone or bass"):
        write_melody(leaving_home, "chorus", voice="castrato")
    with pytest.raises(UnknownSection):
        write_melody(leaving_home, "pre-chorus")


def test_voices_are_ordered_and_their_tessituras_sit_inside_their_ranges() -> None:
    assert list(VOICES) == ["soprano", "mezzo", "alto", "tenor", "baritone", "bass"]
    for voice in VOICES.values():
        assert voice.low <= voice.tessitura_low < voice.tessitura_high <= voice.high
    assert voice_for(" Mezzo-Soprano ").name == "mezzo"
    assert voice_for("TENOR").describe() == "C3-A4"


# -- any planned song, any lyrics --------------------------------------------------------

WEAK = ("the", "a", "and", "to", "my", "in", "of", "your", "we")
STRONG_WORDS = (
    "home", "road", "light", "heart", "rain", "night", "morning", "river", "window", "golden", "silver",
    "broken", "hollow", "leaving", "remember", "forever", "tonight", "away", "believe", "again", "summer",
    "city", "open", "falling", "running", "beautiful", "yellow", "station", "water", "darling",
)  # fmt: skip


@st.composite
def planned_songs(draw: Any) -> tuple[Song, str]:
    style = draw(st.sampled_from(["folk", "pop", "rock", "ballad", "jazz"]))
    key = draw(st.sampled_from(["C major", "A minor", "Eb major", "F# minor", "D dorian", "B major"]))
    metre = draw(st.sampled_from(["4/4", "3/4", "6/8"]))
    song = plan_song(f"a {style} song about the road, in {key}, {metre}")
    voice = draw(st.sampled_from(list(VOICES)))
    lyrics: dict[str, tuple[str, ...]] = {}
    for kind in ("verse", "chorus", "bridge"):
        bars = 4 if kind == "bridge" and style == "folk" else 8
        lines = draw(st.sampled_from([2, 4] if bars == 8 else [2]))  # about two bars a line, or more
        bars_per_line = bars // lines
        strong_beats = len(STRONG[metre]) * bars_per_line
        words = []
        for _ in range(lines):
            # A line's upbeat needs a strong beat of its own when the line has only two bars of 3/4.
            most = max(1, min(4, strong_beats if strong_beats > 2 else strong_beats - 1))
            feet = draw(st.integers(min(2, most), most))
            line = []
            for _ in range(feet):
                line.extend(draw(st.lists(st.sampled_from(WEAK), min_size=1, max_size=2)))
                line.append(draw(st.sampled_from(STRONG_WORDS)))
            words.append(" ".join(line).capitalize())
        lyrics[kind] = tuple(words)
    return with_lyrics(song, lyrics), voice


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs(), st.integers(0, 3))
def test_any_planned_song_gets_a_melody_that_fits_its_words(case: tuple[Song, str], seed: int) -> None:
    song, voice = case
    change = write_melody(song, "all", voice=voice, seed=seed)
    check_craft(change.song, song, voice)
    assert write_melody(song, "all", voice=voice, seed=seed).song == change.song


@pytest.mark.parametrize(("key", "voice"), [("F# minor", "mezzo"), ("D dorian", "alto")])
def test_a_chorus_of_short_lines_still_steps_back_from_its_peak(key: str, voice: str) -> None:
    # Four two-syllable lines in 3/4: the peak inside a line was followed by a held turn that could
    # only fall a third (a leap left hanging), or the line moved too little by step.
    song = plan_song(f"a folk song about the road, in {key}, 3/4")
    lyrics = {"verse": ("The home the home",) * 2, "chorus": ("The home",) * 4, "bridge": ("The home",) * 2}
    song = with_lyrics(song, lyrics)
    check_craft(write_melody(song, "all", voice=voice).song, song, voice)


def test_a_short_bridge_whose_arch_would_skip_through_its_chords_moves_by_step() -> None:
    # Two lines over Cm Ab Eb Bb in 3/4: the arch skipped a third at every move for an alto.
    song = plan_song("a folk song about the road, in Eb major, 3/4")
    lyrics = {"verse": ("The home the home",) * 2, "chorus": ("The home the home",) * 2,
              "bridge": ("The the morning", "The morning")}  # fmt: skip
    song = with_lyrics(song, lyrics)
    for voice in ("alto", "bass"):
        check_craft(write_melody(song, "all", voice=voice, seed=2).song, song, voice)


def test_an_intro_gets_an_instrumental_line_when_named_and_none_with_the_whole_song(leaving_home: Song) -> None:
    named = write_melody(leaving_home, "intro")
    assert named.song.sections[0].melody and all(n.lyric is None for n in named.song.sections[0].melody)
    assert named.changes[0].startswith("Intro: melody written as an instrumental line")
    assert not write_melody(leaving_home, "all").song.sections[0].melody


def test_a_weak_syllable_is_not_held_over_the_strong_beat_it_comes_just_before() -> None:
    # Long lines in 6/8 once tied "the" and "re-" over the dotted-quarter pulse, which the ear hears as pushes.
    song = plan_song("a folk song about the road in C major, 96 BPM, 6/8")
    lyrics = ("The home the the remember", "The morning the the morning the the beautiful")
    song = song.replace_section(1, section_with(song.sections[1], lyrics=lyrics))
    written = write_melody(song, "Verse 1", voice="soprano").song
    assert melody_report(written, 1).stress_alignment >= 0.8
