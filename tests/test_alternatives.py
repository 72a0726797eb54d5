"""A musician asks for alternatives to A/B: three chorus melodies, another progression, another plan; keeps one."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.commands import to_slash
from agent.intents import Intent, IntentError
from agent.session import Session, Turn
from agent.settings import Settings
from agent.slash import HELP_TEXT, parse_slash
from agent.understand import understand
from music.edits.alternatives import MOST, melody_takes, plan_takes, progression_takes
from music.plan.planner import plan_song
from music.song import Song, parse_song, section_with
from music.theory.chords import chord_root
from music.theory.clashes import clashes
from music.words.melody import write_melody

BRIEF = "a folk song about leaving home, 90 BPM, D minor"
VERSE = ["I packed my life in a canvas bag", "the kitchen light still burning low",
         "my father's coat, my mother's flag", "the road is all I've come to know"]  # fmt: skip
CHORUS = ["so long to the river", "so long to the door", "I'm leaving for ever", "and I won't be back no more"]


@pytest.fixture
def session(cowriter_home: Path) -> Iterator[Session]:
    session = Session(Settings(home=cowriter_home, sample_rate=22050), project="takes-to-compare")
    yield session
    session.close()


@pytest.fixture(scope="module")
def sung() -> Song:
    """The folk song with words and a written melody in its verses and choruses."""
    song = plan_song(BRIEF)
    for index, section in enumerate(song.sections):
        words = {"verse": VERSE, "chorus": CHORUS}.get(section.kind)
        if words:
            song = song.replace_section(index, section_with(section, lyrics=tuple(words)))
    return write_melody(song, "all").song


def sing(session: Session) -> None:
    """Plan the song, set the words and write the melody, as the musician would: four versions."""
    for text in (
        f"/plan {BRIEF}",
        "/lyrics verse: " + " / ".join(VERSE),
        "/lyrics chorus: " + " / ".join(CHORUS),
        "/melody all",
    ):
        turn = session.send(text)
        assert not turn.error, turn.reply


def sung_already(session: Session, song: Song) -> None:
    """The same song with its words and tune, saved as the project's plan (no sketch rendered: quicker)."""
    from tools.common import commit

    commit(session.tools, song, "plan_song", "Planned 'Leaving Home', with words and a melody.")


def song_of(session: Session, number: int) -> Song:
    return session.workspace.store.by_number(session.project, number).song


def melodies(song: Song, kind: str) -> list[tuple[tuple[int, float], ...]]:
    return [tuple((n.pitch, n.start) for n in s.melody) for s in song.sections if s.kind == kind]


def roots(song: Song, label: str) -> list[int]:
    section = song.sections[song.labels.index(label)]
    return [chord_root(bar.split()[0]) for bar in section.chords]


def without(song: Song, kind: str) -> list[object]:
    """Everything of the song but the sections of one kind."""
    return [song.meta, *(s for s in song.sections if s.kind != kind)]


def made(session: Session, before: int, turn: Turn) -> list[int]:
    """The version numbers a turn made, after checking that it made some."""
    assert not turn.error, turn.reply
    versions = [v.number for v in session.versions() if v.number > before]
    assert versions, turn.reply
    return versions


# -- three chorus melodies ------------------------------------------------------------------------


def test_three_chorus_melodies_are_three_versions_each_its_own_tune(session: Session) -> None:
    sing(session)
    original = session.head()
    assert original is not None
    turn = session.send("give me three chorus melodies")
    numbers = made(session, original.number, turn)
    assert len(numbers) == 3 and len(turn.audio) == 3
    tunes = [melodies(song_of(session, n), "chorus") for n in numbers]
    assert all(tune != melodies(original.song, "chorus") for tune in tunes)
    assert len({json.dumps(tune) for tune in tunes}) == 3
    for number in numbers:
        # Only the choruses moved; every take is a child of the version asked from.
        assert without(song_of(session, number), "chorus") == without(original.song, "chorus")
        assert session.workspace.store.by_number(session.project, number).parent == original.id
    for number in numbers:
        assert f"Version {number}" in turn.reply
    assert f"/checkout {numbers[1]}" in turn.reply and f"/checkout {original.number}" in turn.reply
    assert re.search(r"peak|climbs|arches|falls|hovers", turn.reply) and "notes differ" in turn.reply
    head = session.head()
    assert head is not None and head.number == numbers[0]  # the first take is heard first
    back = session.send(f"/checkout {numbers[2]}")  # the musician keeps the third
    assert not back.error and melodies(current(session), "chorus") == tunes[2]
    assert session.send("/undo").error is False and current(session) == original.song


def current(session: Session) -> Song:
    song = session.song()
    assert song is not None
    return song


def test_another_melody_for_one_verse_leaves_the_other_verse_alone(session: Session, sung: Song) -> None:
    sung_already(session, sung)
    original = session.head()
    assert original is not None
    turn = session.send("another melody for verse 2")
    [number] = made(session, original.number, turn)
    after = song_of(session, number)
    verse_1, verse_2 = (after.labels.index(label) for label in ("Verse 1", "Verse 2"))
    assert after.sections[verse_2].melody != original.song.sections[verse_2].melody
    assert after.sections[verse_1] == original.song.sections[verse_1]
    assert "(for a tenor)" in turn.reply


def test_takes_keep_the_voice_the_melody_was_sung_in(session: Session, sung: Song) -> None:
    sung_already(session, sung)
    assert not session.send("/melody chorus baritone").error
    turn = session.send("/melody chorus --takes 2")
    assert not turn.error and "(for a baritone)" in turn.reply
    assert (head := session.head()) is not None and head.action == "melody_take:baritone"


def test_melody_takes_are_the_same_for_the_same_song_and_distinct(sung: Song) -> None:
    three = melody_takes(sung, "chorus", 3)
    again = melody_takes(sung, "chorus", 2)
    assert [t.song for t in three[:2]] == [t.song for t in again]  # take 2 is take 2, however many are asked
    assert [t.song for t in melody_takes(sung, "the choruses", 2)] == [t.song for t in again]  # however they are named
    tunes = {json.dumps(melodies(t.song, "chorus")) for t in three}
    assert len(tunes) == 3 and json.dumps(melodies(sung, "chorus")) not in tunes
    for take in three:
        assert take.moved >= 0.2 * take.of  # a fifth of the notes at least, not a one-note tweak
        sung_words = [[n.lyric for n in s.melody] for s in take.song.sections if s.kind == "chorus"]
        assert sung_words == [[n.lyric for n in s.melody] for s in sung.sections if s.kind == "chorus"]


def test_an_intro_asked_for_by_name_gets_instrumental_takes(sung: Song) -> None:
    intro = next(i for i, s in enumerate(sung.sections) if s.kind == "intro")
    takes = melody_takes(sung, "intro", 2)
    assert len(takes) == 2
    for take in takes:
        line = take.song.sections[intro].melody
        assert line and all(n.lyric is None for n in line)  # played, not sung


# -- another progression -----------------------------------------------------------------------


def test_another_progression_for_the_verse_changes_the_chords_not_the_bars(session: Session, sung: Song) -> None:
    sung_already(session, sung)
    original = session.head()
    assert original is not None
    turn = session.send("can I hear another progression for the verse")
    [number] = made(session, original.number, turn)
    after = song_of(session, number)
    for label in ("Verse 1", "Verse 2"):
        index = after.labels.index(label)
        assert roots(after, label) != roots(original.song, label)
        assert after.sections[index].bars == original.song.sections[index].bars
        assert len(after.sections[index].chords) == after.sections[index].bars
        assert after.sections[index].melody == original.song.sections[index].melody
        # No rub the verse did not have before.
        had = {(c.bar, c.beat) for c in clashes(original.song, index)}
        assert {(c.bar, c.beat) for c in clashes(after, index)} <= had
    assert without(after, "verse") == without(original.song, "verse")
    chords = after.sections[after.labels.index("Verse 1")].chords
    assert " | ".join(chords) in turn.reply and "bars differ" in turn.reply


def test_progression_takes_never_rub_against_a_written_tune(sung: Song) -> None:
    for label in ("Verse 1", "Chorus 1"):
        index = sung.labels.index(label)
        had = {(c.bar, c.beat) for c in clashes(sung, index)}
        takes = progression_takes(sung, label, MOST)
        assert takes, label
        assert len({t.song.sections[index].chords for t in takes}) == len(takes)
        for take in takes:
            assert {(c.bar, c.beat) for c in clashes(take.song, index)} <= had
            assert take.song.sections[index].chords != sung.sections[index].chords
        assert progression_takes(sung, label, MOST) == takes  # the same song, the same takes


def test_a_rub_the_new_chords_would_make_keeps_the_old_chord(sung: Song) -> None:
    # A chorus sung on the D of D minor, held over every bar: a chord with D# or E-flat next to it would rub.
    index = sung.labels.index("Chorus 1")
    section = sung.sections[index]
    held = tuple(n.model_copy(update={"pitch": 62}) for n in section.melody)
    song = sung.replace_section(index, section_with(section, melody=held))
    had = {(c.bar, c.beat) for c in clashes(song, index)}
    for take in progression_takes(song, "Chorus 1", MOST):
        assert {(c.bar, c.beat) for c in clashes(take.song, index)} <= had


# -- another plan ------------------------------------------------------------------------------


def test_another_plan_is_a_different_song_for_the_same_brief(session: Session) -> None:
    assert not session.send(f"/plan {BRIEF}").error
    original = session.head()
    assert original is not None
    turn = session.send("try a different plan")
    [number] = made(session, original.number, turn)
    after = song_of(session, number)
    assert after.meta == original.song.meta
    assert [(s.label, s.bars) for s in after.sections] == [(s.label, s.bars) for s in original.song.sections]
    assert [s.chords for s in after.sections] != [s.chords for s in original.song.sections]
    assert f"Version {number}" in turn.reply and "other plan of 'Leaving Home'" in turn.reply
    assert session.workspace.store.by_number(session.project, number).action == "plan_take"


def test_plan_takes_are_distinct_and_repeatable(sung: Song) -> None:
    takes = plan_takes(sung, 3, (sung,))
    assert len(takes) == 3
    charts = {tuple(s.chords for s in t.song.sections) for t in takes}
    assert len(charts) == 3 and tuple(s.chords for s in sung.sections) not in charts
    assert plan_takes(sung, 3, (sung,)) == takes


def test_an_imported_song_has_no_brief_to_plan_again(session: Session) -> None:
    from tools.common import commit

    commit(session.tools, plan_song("a pop song"), "import_file", "Imported demo.mid")
    turn = session.send("/plan --takes 2")
    assert turn.error and "not planned from a brief" in turn.reply
    assert len(session.versions()) == 1


# -- limits and no song --------------------------------------------------------------------------


def test_twenty_takes_are_capped_with_a_sentence(session: Session, sung: Song) -> None:
    sung_already(session, sung)
    original = session.head()
    assert original is not None
    turn = session.send("/melody verse --takes 20")
    numbers = made(session, original.number, turn)
    assert len(numbers) == MOST
    assert turn.reply.startswith(f"{MOST} melodies at a time is the most I make, not 20")


def test_fewer_progressions_than_asked_are_said_so(session: Session, sung: Song) -> None:
    sung_already(session, sung)
    original = session.head()
    assert original is not None
    turn = session.send("/progression verse --takes 4")
    numbers = made(session, original.number, turn)
    if len(numbers) < 4:
        assert turn.reply.startswith(f"The folk tables hold only {['no', 'one', 'two', 'three'][len(numbers)]} other")


def test_with_no_song_yet_one_sentence_and_nothing_changes(session: Session) -> None:
    for text in ("give me three chorus melodies", "another progression for the verse", "another plan"):
        turn = session.send(text)
        assert turn.error, text
        assert turn.reply.startswith("There is no song yet") and turn.reply.count(". ") == 0, turn.reply
    assert session.versions() == []


def test_no_takes_below_one(session: Session, sung: Song) -> None:
    sung_already(session, sung)
    turn = session.send("/melody chorus --takes 0")
    assert turn.error and "at least one" in turn.reply


# -- the words: slash commands, help and plain requests ------------------------------------------


@pytest.mark.parametrize(("typed", "intent"), [
    ("/melody chorus --takes 3", Intent("alternative_melodies", {"section": "chorus", "count": 3})),
    ('/melody "verse 2" baritone --takes 2',
     Intent("alternative_melodies", {"section": "verse 2", "voice": "baritone", "count": 2})),
    ("/progression verse", Intent("alternative_progressions", {"section": "verse", "count": 1})),
    ("/progression bridge --takes 3", Intent("alternative_progressions", {"section": "bridge", "count": 3})),
    ("/plan --takes 2", Intent("alternative_plans", {"count": 2})),
], ids=["melodies", "melodies-voice", "progression", "progressions", "plans"])  # fmt: skip
def test_takes_are_slash_commands_that_read_back(typed: str, intent: Intent) -> None:
    assert parse_slash(typed) == intent
    assert parse_slash(to_slash(intent)) == intent


@pytest.mark.parametrize("typed", ["/melody chorus --takes", "/progression --takes 2", "/plan a ballad --takes 2"])
def test_takes_misused_say_how(typed: str) -> None:
    with pytest.raises(IntentError, match="--takes"):
        parse_slash(typed)


def test_help_names_the_takes() -> None:
    assert (
        "/progression SECTION [--takes N]" in HELP_TEXT and "--takes N" in HELP_TEXT and "/plan --takes N" in HELP_TEXT
    )


@pytest.fixture(scope="module")
def dev_song() -> Song:
    return parse_song(json.loads((Path(__file__).parents[1] / "bench" / "data" / "session_song.json").read_text()))


@pytest.mark.parametrize(("text", "slash"), [
    ("give me three chorus melodies", "/melody chorus --takes 3"),
    ("another melody for verse 2", '/melody "verse 2" --takes 1'),
    ("could you write me two more melodies for the bridge", "/melody bridge --takes 2"),
    ("give me some other options for the verse melody", "/melody verse --takes 3"),
    ("different melody for verse 1, baritone", '/melody "verse 1" baritone --takes 1'),
    ("can I hear another progression for the verse", "/progression verse"),
    ("different chords for the bridge", "/progression bridge"),
    ("give me a couple of different progressions for verse 1", '/progression "verse 1" --takes 2'),
    ("try a different plan", "/plan --takes 1"),
    ("plan it differently", "/plan --takes 1"),
    ("show me three other plans", "/plan --takes 3"),
])  # fmt: skip
def test_plain_requests_for_alternatives_are_understood(text: str, slash: str, dev_song: Song) -> None:
    understood = understand(text, dev_song)
    assert [to_slash(i) for i in understood.intents] == [slash]


@pytest.mark.parametrize(("text", "tool"), [
    ("write a melody for the chorus", "write_melody"),
    ("a new topline for the chorus", "write_melody"),
    ("different, jazzier chords for the bridge", "reharmonize"),
    ("jazz up the bridge", "reharmonize"),
    ("let's write a folk song about leaving home", "plan_song"),
])  # fmt: skip
def test_the_readings_alternatives_sit_beside_stay_theirs(text: str, tool: str, dev_song: Song) -> None:
    assert [i.tool for i in understand(text, dev_song).intents] == [tool]


def test_the_language_model_may_ask_for_alternatives_too(session: Session, sung: Song) -> None:
    from tools.registry import TOOLS, call_tool

    assert TOOLS["alternative_melodies"].description.startswith("Write other melodies for a section")
    assert set(TOOLS["alternative_plans"].args_model.model_fields) == {"count"}
    sung_already(session, sung)
    result = call_tool(session.tools, "alternative_plans", {"count": 1})
    assert result.changed and result.version is not None and result.version.number == 2
    assert "Version 2 (current now)" in result.summary
