"""The musician tells the drummer which cymbal to keep time on, and gets the groove back on request."""

from __future__ import annotations

import pytest

from music.edits.cymbals import keep_time_on
from music.errors import UnknownSection
from music.plan.planner import plan_song
from music.song import Song


@pytest.fixture(scope="module")
def rock() -> Song:
    return plan_song("rock song about a highway in E minor, 140 bpm")


def test_a_named_cymbal_goes_on_the_sheet_and_is_said_in_words(rock: Song) -> None:
    change = keep_time_on(rock, "verses", "ride")
    verses = rock.find("verses")
    assert all(change.song.sections[i].cymbal == "ride" for i in verses)
    assert change.changes == ("Verse 1: drums keep time on the ride instead of the hi-hat",
                              "Verse 2: drums keep time on the ride instead of the hi-hat")  # fmt: skip
    untouched = [i for i in range(len(rock.sections)) if i not in verses]
    assert all(change.song.sections[i] == rock.sections[i] for i in untouched)


def test_the_groove_s_own_cymbal_changes_nothing_and_the_groove_word_hands_it_back(rock: Song) -> None:
    chorus = rock.find("chorus")[0]
    assert keep_time_on(rock, [chorus], "ride").unchanged  # the loud rock groove rides already
    crashing = keep_time_on(rock, [chorus], "crash").song
    back = keep_time_on(crashing, [chorus], None)
    assert back.song.sections[chorus] == rock.sections[chorus]
    assert back.changes == (f"{rock.sections[chorus].label}: drums keep time on the ride instead of the crash",)
    assert keep_time_on(rock, [chorus], None).unchanged


def test_any_style_takes_any_cymbal_it_is_asked_for() -> None:
    folk = plan_song("folk song about leaving home, 90 BPM, D minor")
    change = keep_time_on(folk, "chorus", "crash")
    assert {change.song.sections[i].cymbal for i in folk.find("chorus")} == {"crash"}


def test_an_unknown_section_changes_nothing(rock: Song) -> None:
    with pytest.raises(UnknownSection):
        keep_time_on(rock, "the cowbell solo", "crash")
