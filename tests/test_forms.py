"""Each style lays out its own form, and a brief's words about the form win."""

from __future__ import annotations

import pytest

from music.plan.forms import read_form
from music.plan.planner import plan_song
from music.song import Song


def form(song: Song) -> list[str]:
    return [f"{s.label} {s.bars}" for s in song.sections]


def test_pop_goes_verse_pre_chorus_chorus() -> None:
    song = plan_song("pop song about summer in C major, 110 BPM")
    assert form(song) == ["Intro 4", "Verse 1 8", "Pre-Chorus 1 4", "Chorus 1 8", "Verse 2 8", "Pre-Chorus 2 4",
                          "Chorus 2 8", "Bridge 8", "Chorus 3 8", "Outro 4"]  # fmt: skip
    pre = song.sections[2]
    assert pre.chords[-1] == "G" and song.sections[1].energy < pre.energy < song.sections[3].energy  # it builds


def test_rock_takes_a_solo_where_others_take_a_bridge() -> None:
    song = plan_song("rock song about a highway in E minor, 140 bpm")
    assert [s.kind for s in song.sections] == ["intro", "verse", "chorus", "verse", "chorus", "solo", "chorus", "outro"]


def test_edm_builds_drops_and_breaks_down() -> None:
    song = plan_song("edm track about the night in A minor")
    assert form(song) == ["Intro 8", "Verse 1 8", "Pre-Chorus 1 8", "Chorus 1 16", "Bridge 8", "Pre-Chorus 2 8",
                          "Chorus 2 16", "Outro 8"]  # fmt: skip
    energy = {s.label: s.energy for s in song.sections}
    assert energy["Bridge"] < energy["Verse 1"] < energy["Pre-Chorus 1"] < energy["Chorus 1"] >= 0.9  # the drop


def test_hip_hop_raps_sixteen_bar_verses_between_hooks() -> None:
    song = plan_song("hip-hop song about the city")
    assert [s.bars for s in song.sections if s.kind == "verse"] == [16, 16, 16]
    assert [s.kind for s in song.sections].count("chorus") == 3


def test_a_blues_is_twelve_bars_of_dominant_sevenths() -> None:
    song = plan_song("blues shuffle in E about a broken-down truck")
    assert form(song) == ["Intro 4", "Verse 1 12", "Verse 2 12", "Solo 12", "Verse 3 12", "Outro 4"]
    verse = song.sections[1]
    assert verse.chords == ("E7", "A7", "E7", "E7", "A7", "A7", "E7", "E7", "B7", "A7", "E7", "B7")
    assert song.sections[-1].chords[-1] == "E7"  # home at the end
    minor = plan_song("a slow minor blues in A minor about rain")
    assert minor.sections[1].chords[:4] == ("Am7", "Dm7", "Am7", "Am7") and minor.sections[1].chords[9] == "E7"


def test_aaba_when_the_brief_says_so() -> None:
    song = plan_song("a jazz standard about rain, 32-bar AABA")
    kinds = [s.kind for s in song.sections]
    assert kinds[1:5] == ["verse", "verse", "bridge", "verse"] and all(s.bars == 8 for s in song.sections[1:5])


@pytest.mark.parametrize(
    ("brief", "labels"),
    [
        ("folk song about leaving home with a pre-chorus", ["Pre-Chorus 1", "Pre-Chorus 2"]),
        ("pop song about trains with no pre-chorus", []),
    ],
)
def test_the_briefs_words_about_pre_choruses_win(brief: str, labels: list[str]) -> None:
    assert [s.label for s in plan_song(brief).sections if s.kind == "pre-chorus"] == labels


def test_no_bridge_three_verses_and_a_solo_as_asked() -> None:
    song = plan_song("pop song about trains with no bridge and three verses")
    kinds = [s.kind for s in song.sections]
    assert "bridge" not in kinds and kinds.count("verse") == 3
    assert kinds.index("pre-chorus", kinds.index("verse", 5)) > 0  # the third verse brings its own pre-chorus
    solo = plan_song("a ballad about the sea with a guitar solo")
    kinds = [s.kind for s in solo.sections]
    assert kinds[kinds.index("solo") + 1] == "chorus"  # before the last chorus
    two = plan_song("hip-hop song about the city, two verses")
    assert [s.kind for s in two.sections] == ["intro", "verse", "chorus", "verse", "chorus", "outro"]


def test_form_words_are_read_only_where_said() -> None:
    assert read_form("a folk song about leaving home") == read_form("")
    assert read_form("no bridge, please").bridge is False and read_form("add a bridge").bridge is True
    assert read_form("without the pre-chorus").pre_chorus is False
    assert read_form("12-bar blues in A").named == "blues" and read_form("AABA ballad").named == "aaba"


# -- a short song, a long one ----------------------------------------------------------------


def test_a_short_pop_song_is_two_verses_and_choruses_without_the_bridge() -> None:
    plain, short = plan_song("a pop song about rain"), plan_song("a short pop song about rain")
    kinds = [s.kind for s in short.sections]
    assert "bridge" not in kinds and kinds.count("verse") == 2 and kinds.count("chorus") == 2
    assert short.duration_seconds() < plain.duration_seconds()
    assert short.sections[0].bars < plain.sections[0].bars, "a short song gets in quicker"
    assert [s.kind for s in plan_song("a quick hip-hop track about the city").sections].count("verse") == 2


def test_an_epic_rock_song_sings_three_verses_and_the_last_chorus_twice() -> None:
    epic = plan_song("an epic rock song about the sea")
    kinds = [s.kind for s in epic.sections]
    assert kinds.count("verse") == 3 and kinds[-3:] == ["chorus", "chorus", "outro"]
    assert "solo" in kinds, "the style's own habits stay"
    assert epic.duration_seconds() > plan_song("a rock song about the sea").duration_seconds()


def test_long_and_short_in_a_subject_leave_the_form_alone_and_form_words_still_win() -> None:
    assert [s.kind for s in plan_song("a pop song about a long road").sections] == [
        s.kind for s in plan_song("a pop song about a dusty road").sections
    ]
    assert read_form("a short song with a short bridge").length == "short"
    assert "bridge" in [s.kind for s in plan_song("a short folk song about home with a bridge").sections]
