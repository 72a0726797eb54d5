"""Memory that acts: what the musician prefers shapes every plan and restyle, and can be listed, corrected and forgotten.

Real embedded Chroma, real SQLite and real sketch renders, all under tmp_path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from audio.render import SketchRenderer
from memory.semantic import PROFILE, SemanticMemory
from memory.store import ProjectStore
from music.band.instruments import INSTRUMENTS, instrument_named
from music.band.styles import STYLES
from music.edits.restyle import restyle
from music.errors import CowriterError, SongError
from music.plan.planner import plan_song
from music.preferences import Preferences, read_preference
from music.song import Key, Song
from tools.context import ToolContext, ToolResult
from tools.memory_tools import load_preferences, preferences_path
from tools.registry import TOOLS, call_tool

SAX = frozenset({64, 65, 66, 67})
CHORUS = ("sand in our shoes and salt in our hair", "the summer we swore would never end")


@pytest.fixture(scope="module")
def renderer() -> Iterator[SketchRenderer]:
    sketch = SketchRenderer(sample_rate=22050)
    yield sketch
    sketch.close()


@pytest.fixture
def home(cowriter_home: Path) -> Iterator[tuple[ProjectStore, SemanticMemory]]:
    store = ProjectStore(cowriter_home)
    yield store, SemanticMemory(cowriter_home / "chroma")
    store.close()


def studio(home: tuple[ProjectStore, SemanticMemory], renderer: SketchRenderer, project: str) -> ToolContext:
    store, memory = home
    return ToolContext(store=store, project=project, renderer=renderer, memory=memory)


def say(ctx: ToolContext, tool: str, **args: object) -> ToolResult:
    return call_tool(ctx, tool, args)


def song_of(ctx: ToolContext) -> Song:
    head = ctx.store.head(ctx.project)
    assert head is not None
    return head.song


def programs(song: Song) -> set[int]:
    return {p.program for p in song.meta.parts if p.role != "drums"}


# -- a session: say it once, and the next plans obey -------------------------------------------


def test_never_a_saxophone_means_the_next_jazz_plan_has_none_and_says_why(home, renderer) -> None:
    ctx = studio(home, renderer, "Night Drive")
    noted = say(ctx, "remember", text="never use a saxophone")
    assert noted.summary.startswith('Noted: "never use a saxophone".') and "no saxophone" in noted.summary

    plan = say(ctx, "plan_song", brief="a jazz tune about the late train")
    song = song_of(ctx)
    assert not programs(song) & SAX
    lead = next(p for p in song.meta.parts if p.role == "lead")
    assert lead.name == "Trumpet"
    assert 'Trumpet instead of Tenor Sax, as you asked ("never use a saxophone").' in plan.summary
    assert "sax" not in song.meta.description
    # The same brief without the preference would have had the sax: the reply says only what differed.
    assert 66 in programs(plan_song("a jazz tune about the late train"))
    assert "key you sing in" not in plan.summary and "BPM, your usual" not in plan.summary

    # A new project next week: the preference is the musician's, not the project's.
    other = studio(home, renderer, "Blue Hour")
    say(other, "plan_song", brief="a slow r&b song about rain")
    assert not programs(song_of(other)) & SAX


def test_i_always_want_a_cello_adds_one_to_every_band(home, renderer) -> None:
    ctx = studio(home, renderer, "Strings Attached")
    say(ctx, "remember", text="I always want a cello")
    plan = say(ctx, "plan_song", brief="a rock song about the highway")
    song = song_of(ctx)
    names = [p.name for p in song.meta.parts]
    assert "Cello" in names and len(names) == len(STYLES["rock"].parts) + 1
    assert 'Cello added, as you asked ("I always want a cello").' in plan.summary
    assert "cello" in song.meta.description
    # Restyled, the cello stays with the new band instead of turning into its pad.
    restyled = say(ctx, "set_style", style="jazz")
    parts = song_of(ctx).meta.parts
    assert [p.name for p in parts].count("Cello") == 1 and restyled.changed


def test_i_sing_in_g_puts_a_plan_without_a_key_in_g(home, renderer) -> None:
    ctx = studio(home, renderer, "Singers Key")
    say(ctx, "remember", text="I sing in G")
    plan = say(ctx, "plan_song", brief="a pop song about the first day of spring")
    assert song_of(ctx).meta.key == Key(tonic="G", mode="major")
    assert "G major, the key you sing in." in plan.summary
    # A brief that names its key keeps it, and nothing is said about the singer's key.
    named = say(ctx, "plan_song", brief="a pop song about autumn in E major")
    assert song_of(ctx).meta.key == Key(tonic="E", mode="major") and "sing" not in named.summary
    # A sad folk song keeps its minor mode, on the singer's tonic.
    say(ctx, "plan_song", brief="a sad folk song about the harbour")
    assert song_of(ctx).meta.key == Key(tonic="G", mode="minor")


def test_my_songs_sit_around_80_bpm_sets_the_tempo_a_brief_leaves_out(home, renderer) -> None:
    ctx = studio(home, renderer, "Steady")
    say(ctx, "remember", text="my songs sit around 80 BPM")
    plan = say(ctx, "plan_song", brief="a folk song about the mountains")
    assert song_of(ctx).meta.tempo == 80
    assert '80 BPM, your usual tempo ("my songs sit around 80 BPM").' in plan.summary
    say(ctx, "plan_song", brief="a folk song about the mountains, 120 BPM")
    assert song_of(ctx).meta.tempo == 120
    # Dance music cannot sit at 80: the plan goes as near as the style does, and says so.
    dance = say(ctx, "plan_song", brief="an edm track about the night")
    assert song_of(ctx).meta.tempo == STYLES["edm"].tempo_range[0]
    assert "as near your usual 80 as an EDM song goes" in dance.summary


def test_short_intros_shorten_the_intro(home, renderer) -> None:
    ctx = studio(home, renderer, "Straight In")
    say(ctx, "remember", text="short intros please")
    plan = say(ctx, "plan_song", brief="a pop song about summer")
    intro = song_of(ctx).sections[0]
    assert intro.kind == "intro" and intro.bars == 2 and len(intro.chords) == 2
    default = plan_song("a pop song about summer").sections[0]
    assert intro.chords[-1] == default.chords[-1]  # the closing chord still leads into the verse
    assert 'A 2-bar intro instead of 4 bars, as you asked ("short intros please").' in plan.summary
    assert "Intro 2" in plan.summary


def test_restyling_obeys_a_ban_and_says_what_took_the_sax_s_place(home, renderer) -> None:
    ctx = studio(home, renderer, "Leaving Home")
    say(ctx, "plan_song", brief="a folk song about leaving home, 90 BPM, D minor")
    say(ctx, "remember", text="I don't like saxophone")
    change = say(ctx, "set_style", style="jazz")
    song = song_of(ctx)
    assert song.meta.style == "jazz" and not programs(song) & SAX
    assert 'Trumpet instead of Fiddle (not Tenor Sax, as you asked ("I don\'t like saxophone"))' in change.summary
    # A jazz song that still has its sax loses it when restyled as jazz again.
    old = restyle(plan_song("a jazz tune about rain"), "jazz", load_preferences(ctx))
    assert not old.unchanged and 'Trumpet instead of Tenor Sax, as you asked' in old.summary()
    # And with the sax already gone, restyling as jazz again changes nothing.
    again = say(ctx, "set_style", style="jazz")
    assert not again.changed and "already a jazz song" in again.summary


def test_no_drums_in_the_intro_only_empties_the_intro(home, renderer) -> None:
    ctx = studio(home, renderer, "Quiet Start")
    say(ctx, "remember", text="no drums in the intro")
    plan = say(ctx, "plan_song", brief="a rock song about the highway")
    song = song_of(ctx)
    intro, verse = song.sections[0], song.sections[1]
    assert intro.parts is not None and all(p.role != "drums" for p in intro.parts)
    assert verse.parts is None and any(p.role == "drums" for p in song.meta.parts)
    assert 'No Rock Kit in the Intro, as you asked ("no drums in the intro").' in plan.summary


def test_preferences_are_listed_corrected_and_forgotten(home, renderer, cowriter_home: Path) -> None:
    ctx = studio(home, renderer, "Notes")
    assert "not told me any preferences" in say(ctx, "list_preferences").summary
    say(ctx, "remember", text="never use a saxophone")
    say(ctx, "remember", text="I sing in G")
    say(ctx, "remember", text="I hate autotune")
    listed = say(ctx, "list_preferences").summary
    assert '1. "never use a saxophone" (no saxophone)' in listed
    assert '2. "I sing in G" (songs in G)' in listed and '"I hate autotune" (kept in mind)' in listed

    # Stored as settings, atomically, next to the learned style, and as words in the memory.
    stored = json.loads(preferences_path(ctx).read_text())
    assert preferences_path(ctx) == cowriter_home / "profiles" / "preferences.json"
    assert [item["text"] for item in stored["items"]] == ["never use a saxophone", "I sing in G"]
    _, memory = home
    assert {m.text for m in memory.memories(PROFILE, ["preference"])} == {
        "never use a saxophone", "I sing in G", "I hate autotune"
    }  # fmt: skip

    # A contradiction replaces the old preference, here and in the memory.
    corrected = say(ctx, "remember", text="actually I love saxophone")
    assert 'That replaces what you said before: "never use a saxophone".' in corrected.summary
    assert [i.text for i in load_preferences(ctx).items] == ["I sing in G", "actually I love saxophone"]
    assert "never use a saxophone" not in {m.text for m in memory.memories(PROFILE, ["preference"])}
    plan = say(ctx, "plan_song", brief="a rock song about the highway")
    assert programs(song_of(ctx)) & SAX and "Tenor Sax instead of Lead Guitar" in plan.summary

    # Forgetting by instrument, in the musician's words.
    forgot = say(ctx, "forget_preference", text="forget that I love saxophone")
    assert forgot.summary.startswith('Forgotten: "actually I love saxophone" (a saxophone in every band).')
    assert [i.text for i in load_preferences(ctx).items] == ["I sing in G"]
    # By setting, and by meaning for words I only keep in mind.
    assert "I sing in G" in say(ctx, "forget_preference", text="forget my key").summary
    assert "I hate autotune" in say(ctx, "forget_preference", text="forget the autotune thing").summary
    nothing = say(ctx, "forget_preference", text="forget that I dislike banjo")
    assert nothing.summary.startswith('Nothing I keep matches "I dislike banjo"') and not nothing.changed
    assert load_preferences(ctx).items == () and memory.memories(PROFILE, ["preference"]) == []


def test_bad_requests_are_one_plain_sentence(home, renderer) -> None:
    ctx = studio(home, renderer, "Bad")
    for tool, args, words in (
        ("remember", {"text": "   "}, "nothing to remember"),
        ("remember", {"text": "my songs sit around 900 BPM"}, "between 30 and 300"),
        ("forget_preference", {"text": "forget"}, "which preference"),
        ("recall_ideas", {"query": " "}, "what to look for"),
        ("borrow_section", {"project": "Nowhere", "version": 1, "section": "chorus", "into": "chorus"}, "no project"),
    ):
        with pytest.raises(CowriterError) as caught:
            say(ctx, tool, **args)
        assert words in str(caught.value) and "\n" not in str(caught.value), tool


# -- recall across projects ------------------------------------------------------------------


def test_the_chorus_from_the_other_project_is_found_and_borrowed(home, renderer) -> None:
    summer = studio(home, renderer, "Summer Song")
    say(summer, "plan_song", brief="a pop song about the beach in A minor")
    say(summer, "set_lyrics", section="chorus", lines=list(CHORUS))
    source = song_of(summer)
    theirs = source.sections[source.find("Chorus 1")[0]]

    night = studio(home, renderer, "Night Drive")
    say(night, "plan_song", brief="a rock song about the highway in D major, 3/4")
    say(night, "plan_song", brief="a rock song about the highway in C major")
    found = say(night, "recall_ideas", query="the chorus about the beach from the other project")
    assert not found.changed and found.version is None
    assert found.summary.startswith('From "Summer Song", version 2: Chorus 1, ' + theirs.chord_line())
    assert f'lyrics "{CHORUS[0]} / {CHORUS[1]}"' in found.summary

    before = song_of(night)
    borrowed = say(night, "borrow_section", project="summer song", version=2, section="chorus", into="chorus")
    after = song_of(night)
    assert borrowed.changed and borrowed.version is not None and borrowed.version.action == "borrow_section"
    for index in after.find("chorus"):
        chorus = after.sections[index]
        assert chorus.lyrics == CHORUS and chorus.bars == theirs.bars
        # A minor sits on C major's notes: the chords come across as they were, marked in A minor.
        assert chorus.chords == theirs.chords and chorus.key == Key(tonic="A", mode="minor")
    assert [s for s in after.sections if s.kind != "chorus"] == [s for s in before.sections if s.kind != "chorus"]
    assert borrowed.summary.startswith(
        f'Chorus 1, Chorus 2, Chorus 3 now carry Chorus 1 from "Summer Song" version 2: chords {theirs.chord_line()}'
    )
    assert "2 lyric lines" in borrowed.summary and "kept in A minor" in borrowed.summary


def test_a_borrowed_section_moves_into_this_song_s_key(home, renderer) -> None:
    first = studio(home, renderer, "First")
    say(first, "plan_song", brief="a folk song about the river in G major")
    here = studio(home, renderer, "Second")
    say(here, "plan_song", brief="a folk song about the sea in D major")
    moved = say(here, "borrow_section", project="First", version=1, section="chorus", into="bridge")
    bridge = song_of(here).sections[song_of(here).find("bridge")[0]]
    source = plan_song("a folk song about the river in G major").sections[2]
    assert bridge.key is None and bridge.bars == source.bars == 8 and source.chords[0] == "C"
    assert bridge.chords[0] == "G"  # IV of G major becomes IV of D major
    assert "moved from G major into D major" in moved.summary and "4 -> 8 bars" in moved.summary
    with pytest.raises(CowriterError, match="no version 9"):
        say(here, "borrow_section", project="First", version=9, section="bridge", into="bridge")


def test_version_memories_can_be_found_from_any_project(home) -> None:
    _, memory = home
    memory.remember("Summer Song", "version", "Version 3 (set_lyrics): Lyrics for Chorus 1: sand and salt")
    memory.remember("Night Drive", "version", "Version 2 (plan_song): Planned 'Night Drive': rock in E minor")
    memory.remember(PROFILE, "preference", "never use a saxophone")
    everywhere = memory.recall_everywhere("the chorus about the beach", k=5)
    assert [m.project for m in everywhere][0] == "Summer Song" and all(m.kind == "version" for m in everywhere)
    assert [m.project for m in memory.recall_everywhere("the chorus", k=5, besides="summer song")] == ["Night Drive"]
    assert memory.forget(PROFILE, "preference", "never  use a saxophone") is True
    assert memory.forget(PROFILE, "preference", "never use a saxophone") is False


# -- style ranges that fit real music ----------------------------------------------------------


def test_a_70_bpm_jazz_ballad_stays_at_70() -> None:
    ballad = plan_song("a jazz ballad about the late night, 70 BPM")
    assert ballad.meta.style == "jazz" and ballad.meta.tempo == 70
    assert restyle(ballad, "jazz").unchanged
    as_ballad = plan_song("a ballad about the sea, 70 BPM")
    restyled = restyle(as_ballad, "jazz")
    assert restyled.song.meta.tempo == 70 and "tempo" not in restyled.summary()
    # Unsaid, a jazz ballad is slow, not the up-tempo swing of plain jazz.
    assert plan_song("a jazz ballad about the late night").meta.tempo <= 72
    assert restyle(plan_song("a pop song, 40 BPM"), "jazz").song.meta.tempo == 50


# -- reading preferences ---------------------------------------------------------------------

READINGS = [
    ("never use a saxophone", ["no saxophone"]),
    ("I don't like saxophone", ["no saxophone"]),
    ("no tenor sax", ["no tenor sax"]),
    ("I'd rather not have strings", ["no strings"]),
    ("I'm not a fan of brass", ["no brass"]),
    ("I never want drums in intros", ["no drums in intros"]),
    ("I always want a cello", ["a cello in every band"]),
    ("I never want to lose the cello", ["a cello in every band"]),
    ("no sax, but I love trumpet", ["no saxophone", "a trumpet in every band"]),
    ("I sing in G", ["songs in G"]),
    ("my key is E minor", ["songs in E minor"]),
    ("I prefer minor keys", ["songs in minor keys"]),
    ("my songs sit around 80 BPM", ["around 80 BPM"]),
    ("short intros", ["2-bar intros"]),
    ("keep the outros to 4 bars", ["4-bar outros"]),
    ("no intro", ["no intros"]),
    ("no cliches like 'fire'", ["lyrics without 'fire'"]),
    ("never rhyme fire with desire", ["lyrics without 'fire' or 'desire'"]),
    ("I'm a baritone", ["melodies for a baritone"]),
    ("I'm a bass player", []),
    ("I play in open D tuning", []),
    ("I hate autotune", []),
]


@pytest.mark.parametrize(("said", "does"), READINGS, ids=[r[0] for r in READINGS])
def test_a_preference_is_read_like_a_bandmate_would(said: str, does: list[str]) -> None:
    preference = read_preference(said)
    assert preference.text == said and preference.does() == does


def test_every_instrument_a_band_plays_has_a_name_a_musician_can_say() -> None:
    for style in STYLES.values():
        for part in (*style.parts, *style.spare_parts):
            assert any(i.plays(part) for i in INSTRUMENTS), (style.name, part.name)
    assert instrument_named("Saxes") is instrument_named("saxophone")
    piano, kit = instrument_named("piano"), instrument_named("drums")
    assert piano is not None and kit is not None
    # Program 0 is a piano on a pitched channel and a standard kit on the drum channel.
    assert not piano.plays(STYLES["pop"].parts[4]) and kit.plays(STYLES["pop"].parts[4])


def test_banning_every_player_of_a_role_leaves_the_role_out() -> None:
    prefs, _ = Preferences().adding(read_preference("no drums"))
    song = plan_song("a pop song about summer", prefs)
    assert all(p.role != "drums" for p in song.meta.parts)
    with pytest.raises(SongError, match="between 30 and 300"):
        read_preference("my songs sit around 20 BPM")


def test_the_new_tools_take_the_arguments_the_intents_name() -> None:
    from agent import intents

    for name in (intents.LIST_PREFERENCES, intents.FORGET_PREFERENCE, intents.RECALL_IDEAS, intents.BORROW_SECTION):
        assert tuple(TOOLS[name].args_model.model_fields) == intents.TOOL_ARGS[name], name


def test_a_correction_can_override_part_of_an_older_preference(home, renderer) -> None:
    ctx = studio(home, renderer, "Horns")
    say(ctx, "remember", text="no sax, but I love trumpet")
    corrected = say(ctx, "remember", text="actually I love saxophone")
    assert 'It overrides part of what you said before: "no sax, but I love trumpet".' in corrected.summary
    first, second = load_preferences(ctx).items
    assert (first.banned, first.wanted, second.wanted) == ((), ("trumpet",), ("saxophone",))
    # Words for the lyric writer are kept, and the reply does not claim a plan obeys them.
    words = say(ctx, "remember", text="no cliches like 'fire' or 'desire'")
    assert "Kept with your preferences: lyrics without 'fire' or 'desire'." in words.summary
    assert "plans and restyles" not in words.summary
    assert load_preferences(ctx).avoid_words == {"fire", "desire"}


def test_a_plan_in_my_style_obeys_the_preferences_too(home, renderer, tmp_path: Path) -> None:
    from music.band.arrange import arrange
    from music.formats.midi import write_midi
    from music.plan.fingerprint import learn_style
    from tools.profiles import save_profile

    folder = tmp_path / "my songs"
    folder.mkdir()
    for n, brief in enumerate(["a pop song in A minor, 96 BPM", "a folk song in A minor, 90 BPM"]):
        write_midi(arrange(plan_song(brief)), folder / f"song{n}.mid")
    ctx = studio(home, renderer, "Mine")
    save_profile(ctx, learn_style(folder))
    say(ctx, "remember", text="never use a saxophone")
    say(ctx, "remember", text="I sing in G")
    plan = say(ctx, "plan_song", brief="a jazz tune about rain", in_my_style=True)
    song = song_of(ctx)
    assert song.meta.key.tonic == "G" and not programs(song) & SAX
    assert "Chords in your style." in plan.summary and "the key you sing in" in plan.summary
    assert "Trumpet instead of Tenor Sax" in plan.summary
