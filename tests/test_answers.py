"""A musician asks about the song, and every answer is read from the sheet, the store or the render.

The project is bench/data/session_song.json as the bench meets it: version 1 at 96 BPM, version 2
set the tempo to 100 BPM. The store and the renderer are the real ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.intents import ANSWER, OPTIONAL_ARGS, TOOL_ARGS
from audio.analysis import spectral_centroid
from audio.mix import read_wav
from audio.render import SketchRenderer
from memory.store import ProjectStore
from music.edits import keys, structure
from music.edits.transforms import darken
from music.errors import CowriterError
from music.song import Song
from music.theory import answers
from tools.common import NoSong, commit
from tools.context import ToolContext, ToolResult
from tools.questions import TOPICS
from tools.registry import TOOLS, BadToolCall, call_tool
from tools.songwriting import plan_summary

SONG = Path(__file__).parent.parent / "bench" / "data" / "session_song.json"
BRIDGE_VERSE = ["headlights fading on the overpass", "a song I never learned the words to"]
CENTROID = re.compile(r"spectral centroid ([\d,]+) Hz against ([\d,]+) Hz")


@pytest.fixture(scope="module")
def renderer() -> SketchRenderer:
    # A lower sample rate keeps the one render the colour answers need quick.
    return SketchRenderer(sample_rate=22050)


@pytest.fixture
def ctx(cowriter_home: Path, renderer: SketchRenderer) -> Iterator[ToolContext]:
    store = ProjectStore(cowriter_home)
    song = Song.from_json(SONG.read_text())
    slow = structure.set_tempo(song, 96).song
    store.commit("night drive", slow, "plan_song", plan_summary(slow))
    faster = structure.set_tempo(slow, 100)
    store.commit("night drive", faster.song, "set_tempo", faster.summary())
    yield ToolContext(store, "night drive", renderer)
    store.close()


def ask(ctx: ToolContext, topic: str, section: str | None = None, chord: str | None = None) -> str:
    """Ask through the registry, as the agent does, and check that nothing changed."""
    before = [v.id for v in ctx.store.versions(ctx.project)]
    head = ctx.store.head(ctx.project)
    result = call_tool(ctx, "answer_question", {"topic": topic, "section": section, "chord": chord})
    assert isinstance(result, ToolResult)
    assert not result.changed and result.version is None and not result.audio
    assert [v.id for v in ctx.store.versions(ctx.project)] == before
    assert ctx.store.head(ctx.project) == head
    return result.summary


def song_of(ctx: ToolContext) -> Song:
    head = ctx.store.head(ctx.project)
    assert head is not None
    return head.song


def centroids(answer: str) -> tuple[float, float]:
    """The section's and the song's spectral centroid, as the colour answer states them."""
    found = CENTROID.search(answer)
    assert found is not None, answer
    section, song = (float(n.replace(",", "")) for n in found.groups())
    return section, song


def one_sentence(message: str) -> bool:
    return message.endswith(".") and ". " not in message.rstrip(".")


@pytest.mark.parametrize(
    ("topic", "section", "chord", "facts"),
    [
        ("key", None, None, ["The song is in A minor throughout."]),
        ("key", "verse 1", None, ["Verse 1 is in A minor"]),
        ("tempo", None, None, ["100 BPM"]),
        ("meter", None, None, ["4/4", "four quarter notes a bar"]),
        ("bars", "verse 1", None, ["Verse 1 is 8 bars"]),
        ("bars", "chorus", None, ["Chorus 1, Chorus 2 and Chorus 3 are 8 bars each"]),
        ("bars", None, None, ["56 bars", "Intro 4", "Bridge 8", "Outro 4"]),
        ("chords", "bridge", None, ["Dm | F | C | E7 | Dm | F | C | E7"]),
        ("chords", None, None, ["Intro (4 bars): Am | G | F | G", "Outro (4 bars): Dm | G | Am | Am",
                                "Chorus 3 (8 bars): F | G | C | Am | F | G | C | Am"]),
        ("lyrics", "verse 1", None, ["Streetlights blinking on the empty avenue", "The city never asks us where we go"]),
        ("lyrics", "intro", None, ["The Intro has no lyrics yet", "/lyrics intro:", "/write intro"]),
        # 4 + 6 x 8 + 4 bars of 4/4 at 100 BPM (the bench README's "52 bars, 2:05" miscounts them).
        ("length", None, None, ["56 bars, 2:14", "100 BPM"]),
        ("length", "bridge", None, ["The Bridge is 8 bars, 0:19"]),
        ("instruments", None, None, ["Piano (chords", "Synth Bass (bass", "Lead Synth (lead", "Warm Pad (pad",
                                     "Drums (drums"]),
        ("form", None, None, ["Intro (4) - Verse 1 (8) - Chorus 1 (8) - Verse 2 (8) - Chorus 2 (8) - Bridge (8) - "
                              "Chorus 3 (8) - Outro (4)", "Verse 2 repeats the chords of Verse 1"]),
        ("style", None, None, ["pop", "mood melancholic", "catchy"]),
        ("last_change", None, None, ["Version 2", "set tempo", "from version 1", "tempo 96 -> 100 BPM"]),
        ("version", None, None, ["version 2 of 2", "it is the newest"]),
        ("harmony", "bridge", None, ["A minor", "iv | VI | III | V7 | iv | VI | III | V7", "half cadence",
                                    "pulls into Chorus 3"]),
        ("harmony", "chorus", None, ["VI | VII | III | i", "comes home to i (Am)"]),
        ("why_chord", "bridge", None, ["E7 in the Bridge is V7 in A minor", "the dominant", "G# is the leading tone",
                                       "pulls up to A", "to F (VI) at the start of Chorus 3", "hands back to Chorus 3"]),
        ("why_chord", None, "e7", ["E7 in the Bridge is V7 in A minor"]),
        ("why_chord", "chorus", "C", ["C in Chorus 1 is III in A minor", "sharing C and E with Am"]),
        ("author", None, None, ["You did", "cowriter", "not a person", "plan song in version 1",
                                "set tempo in version 2", "came with version 1"]),
    ],
    ids=[
        "key", "key-of-a-verse", "tempo", "meter", "bars-of-a-verse", "bars-of-the-choruses", "bars-of-the-song",
        "chords-of-the-bridge", "chords-of-every-section", "lyrics-of-a-verse", "lyrics-of-the-instrumental-intro",
        "length", "length-of-the-bridge", "instruments", "form", "style", "last-change", "version",
        "harmony-of-the-bridge", "harmony-of-the-choruses", "why-the-bridge-chord", "why-e7", "why-c-in-the-chorus",
        "author",
    ],
)  # fmt: skip
def test_each_answer_holds_the_facts_of_the_sheet(
    ctx: ToolContext, topic: str, section: str | None, chord: str | None, facts: list[str]
) -> None:
    answer = ask(ctx, topic, section, chord)
    for fact in facts:
        assert fact in answer, (fact, answer)


def test_every_topic_is_answered_and_the_agent_calls_it_by_its_fixed_arguments(ctx: ToolContext) -> None:
    assert tuple(TOOLS[ANSWER].args_model.model_fields) == TOOL_ARGS[ANSWER]
    assert all(not TOOLS[ANSWER].args_model.model_fields[name].is_required() for name in OPTIONAL_ARGS[ANSWER])
    for topic in (t for t in TOPICS if t != "colour"):
        assert ask(ctx, topic).strip(), topic
    with pytest.raises(BadToolCall):
        call_tool(ctx, "answer_question", {"topic": "gossip"})


def test_a_section_in_its_own_key_and_tempo_is_reported(ctx: ToolContext) -> None:
    lifted = keys.modulate(song_of(ctx), "last chorus", 2)
    commit(ctx, lifted.song, "change_key", lifted.summary())
    slower = structure.set_tempo(song_of(ctx), 90, "bridge")
    commit(ctx, slower.song, "set_tempo", slower.summary())

    assert ask(ctx, "key") == "The song is in A minor; Chorus 3 is in B minor."
    assert ask(ctx, "key", "last chorus") == "Chorus 3 is in B minor (the song is in A minor)."
    assert "Chorus 3, in B minor: VI | VII | III | i" in ask(ctx, "harmony", "chorus 3")
    assert ask(ctx, "tempo") == "The song is at 100 BPM; the Bridge is at 90 BPM."
    song = song_of(ctx)
    assert f"56 bars, {answers.clock(song.duration_seconds())} with its tempo changes" in ask(ctx, "length")
    assert "The Bridge is 8 bars, 0:21" in ask(ctx, "length", "bridge")  # 32 beats at 90 BPM
    assert "version 4 of 4" in ask(ctx, "version")
    assert "tempo 100 -> 90 BPM" in ask(ctx, "last_change")


def test_an_earlier_version_is_answered_from_its_own_sheet_and_stays_where_it_is(ctx: ToolContext) -> None:
    then = call_tool(ctx, "answer_question", {"topic": "tempo", "version": 1})
    assert then.summary == "In version 1: The song is at 96 BPM throughout." and not then.changed
    assert ctx.store.head(ctx.project).number == 2  # type: ignore[union-attr]
    assert ask(ctx, "tempo") == "The song is at 100 BPM throughout."
    with pytest.raises(CowriterError, match="There is no version 9"):
        call_tool(ctx, "answer_question", {"topic": "tempo", "version": 9})


def test_going_back_is_told_as_it_is(ctx: ToolContext) -> None:
    ctx.store.undo(ctx.project)
    assert ask(ctx, "last_change").startswith("Nothing has changed yet: version 1 is the first version")
    version = ask(ctx, "version")
    assert "version 1 of 2" in version and "not the newest: version 2 (set tempo)" in version


def test_the_bridge_sounds_darker_once_it_is_darkened_and_the_figures_come_from_the_render(ctx: ToolContext) -> None:
    before = ask(ctx, "colour", "bridge")
    plain, _song = centroids(before)

    darker = darken(song_of(ctx), "bridge")
    commit(ctx, darker.song, "revise_section:darker", darker.summary())
    after = ask(ctx, "colour", "bridge")
    dark, song_dark = centroids(after)

    assert after.startswith("The Bridge is darker")
    assert dark < plain / 1.1 and dark < song_dark / 1.1, (before, after)
    # Down to the clear floor of the voicings (E3), not always a whole octave.
    assert re.search(r"voicings and lead (an octave|\d+ semitones) lower", after) and "more minor chords" in after
    # The figure is the bridge's stretch of the version's kept render, measured again here.
    head = ctx.store.head(ctx.project)
    assert head is not None
    kept = ctx.store.find_render(head.id, "mix")
    assert kept is not None
    samples, rate = read_wav(kept.path)
    start, end = answers.section_times(head.song)[head.song.find("bridge")[0]]
    assert spectral_centroid(samples.mean(axis=1)[round(start * rate) : round(end * rate)], rate) == pytest.approx(
        dark, abs=1
    )
    # The whole song, from the same render: no second one is made.
    whole = ask(ctx, "colour")
    assert "darkest: the Bridge" in whole and f"{song_dark:,.0f} Hz" in whole
    assert [r.kind for r in ctx.store.renders(head.id)] == ["mix"]


def test_author_names_you_and_how_the_lyrics_came(ctx: ToolContext) -> None:
    call_tool(ctx, "set_lyrics", {"section": "bridge", "lines": BRIDGE_VERSE})
    answer = ask(ctx, "author")
    assert "You did" in answer and "you dictated the lyrics of the bridge (version 3, set lyrics)" in answer.lower()
    assert "The lyrics of Verse 1, Chorus 1, Verse 2, Chorus 2 and Chorus 3 came with version 1" in answer
    # No invented person: every capitalised word is one the song, the answer's grammar or a tool gives.
    song = song_of(ctx)
    known = {w for text in (song.meta.title, *song.labels) for w in text.split()}
    known |= {"You", "Its", "It", "Lyrics", "The", "Verse", "Chorus", "Bridge"}
    names = set(re.findall(r"\b[A-Z][a-z]+\b", answer))
    assert names <= known, names - known


@pytest.mark.parametrize(
    ("topic", "section", "chord", "said"),
    [
        ("chords", "the solo", None, "There is no section called 'the solo'"),
        ("key", "chorus 4", None, "There is no section called 'chorus 4'"),
        ("why_chord", "verse 1", "E7", "There is no E7 in Verse 1; its chords are Am, G and F."),
        ("why_chord", None, "Bb7", "There is no Bb7 in the song"),
    ],
    ids=["unknown-section", "a-chorus-too-many", "chord-not-in-the-verse", "chord-not-in-the-song"],
)
def test_what_the_song_does_not_have_is_one_sentence(
    ctx: ToolContext, topic: str, section: str | None, chord: str | None, said: str
) -> None:
    with pytest.raises(CowriterError) as caught:
        ask(ctx, topic, section, chord)
    assert str(caught.value).startswith(said) and one_sentence(str(caught.value)), str(caught.value)


def test_before_there_is_a_song_the_answer_says_how_to_start(ctx: ToolContext) -> None:
    empty = ToolContext(ctx.store, "blank page", ctx.renderer)
    with pytest.raises(NoSong) as caught:
        ask(empty, "key")
    assert str(caught.value) == str(NoSong())
