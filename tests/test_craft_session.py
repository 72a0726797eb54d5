"""A co-writing session that uses the craft: energy, tension, harmony, key, tempo, form, melody, style, analysis."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.session import Session, Turn
from agent.settings import Settings
from audio.analysis import onsets_per_second, spectral_centroid
from music.band.arrange import arrange
from music.errors import CowriterError
from music.formats.midi import write_midi
from music.plan.planner import plan_song
from music.song import Section, Song
from music.theory.chords import chord_root, note_pc
from music.words.voices import VOICES
from tools.registry import call_tool

VERSE = ["I packed my life in a canvas bag", "the kitchen light still burning low",
         "my father's coat, my mother's flag", "the road is all I've come to know"]  # fmt: skip
CHORUS = ["so long to the river", "so long to the door", "I'm leaving for ever", "and I won't be back no more"]


@pytest.fixture
def session(cowriter_home: Path) -> Iterator[Session]:
    # A lower sample rate keeps the renders quick; every path is the one the musician uses.
    session = Session(Settings(home=cowriter_home, sample_rate=22050), project="craft")
    yield session
    session.close()


def changes(session: Session, text: str) -> Turn:
    """Send a request that must make exactly one new version, whose summary is the reply."""
    before = session.head()
    turn = session.send(text)
    assert not turn.error, turn.reply
    after = session.head()
    assert after is not None
    assert after.number == (before.number if before else 0) + 1, f"{text!r} made no new version: {turn.reply}"
    assert turn.reply.startswith(after.summary) and turn.audio, text
    return turn


def reads(session: Session, text: str) -> Turn:
    """Send a request that must answer without touching the versions."""
    before = session.head()
    turn = session.send(text)
    assert not turn.error, turn.reply
    after = session.head()
    assert before is not None and after is not None and after.id == before.id, f"{text!r} changed the song"
    return turn


def section(song: Song, label: str) -> Section:
    return song.sections[song.labels.index(label)]


def current(session: Session) -> Song:
    song = session.song()
    assert song is not None
    return song


def action(session: Session) -> str:
    head = session.head()
    assert head is not None
    return head.action


def symbols(song: Song, label: str) -> list[str]:
    return [symbol for bar in section(song, label).chords for symbol in bar.split()]


def test_a_session_that_uses_every_craft_tool(session: Session, tmp_path: Path) -> None:
    changes(session, "/plan a folk song about leaving home, 150 BPM, D minor")
    changes(session, "/lyrics verse 1: " + " / ".join(VERSE))
    changes(session, "/lyrics chorus: " + " / ".join(CHORUS))

    # Energy: a calmed chorus, then driven again, is busier on the notes and in the sound.
    changes(session, "/calm chorus")
    quiet = changes(session, "/calm chorus")
    before = current(session)
    loud = changes(session, "/energy chorus up")
    assert section(current(session), "Chorus 1").energy > section(before, "Chorus 1").energy
    assert onsets_per_second(loud.audio[0]) > onsets_per_second(quiet.audio[0])
    changes(session, "calm the verses down")
    assert section(current(session), "Verse 2").energy < section(before, "Verse 2").energy

    # Tension and release.
    changes(session, "/tension bridge")
    assert any("7" in s or "sus" in s or "/" in s for s in symbols(current(session), "Bridge"))
    changes(session, "resolve the outro")
    song = current(session)
    assert chord_root(symbols(song, "Outro")[-1]) == note_pc(song.meta.key.tonic)

    # Simpler, richer, reharmonized.
    changes(session, "/richer verse 2")
    assert any("7" in s or "9" in s for s in symbols(current(session), "Verse 2"))
    changes(session, "simplify the chords in verse 2")
    assert all(not any(c.isdigit() for c in s) and "/" not in s for s in symbols(current(session), "Verse 2"))
    before = current(session)
    changes(session, "jazz up the bridge")
    assert symbols(current(session), "Bridge") != symbols(before, "Bridge")

    # The last chorus lifts a whole step: D minor -> E minor.
    changes(session, '/key "last chorus" +2')
    song = current(session)
    last = song.find("last chorus")[0]
    assert (note_pc(song.key_of(last).tonic) - note_pc(song.meta.key.tonic)) % 12 == 2

    # Tempo and metre.
    changes(session, "speed it up to 180 bpm")
    assert current(session).meta.tempo == 180
    changes(session, "/tempo 160 bridge")
    assert section(current(session), "Bridge").tempo == 160
    bars = current(session).total_bars
    changes(session, "/meter 3/4")
    assert current(session).meta.time_signature == "3/4" and current(session).total_bars == bars

    # The form: resize, add, double, move, remove; a request that changes nothing commits nothing.
    changes(session, "/bars intro 2")
    assert section(current(session), "Intro").bars == 2
    turn = reads(session, "make the intro 2 bars")
    assert "already 2 bars" in turn.reply and not turn.audio
    changes(session, "add a pre-chorus after verse 1")
    labels = current(session).labels
    assert labels[labels.index("Verse 1") + 1] == "Pre-Chorus"
    before = current(session)
    changes(session, "double the last chorus")
    assert section(current(session), "Chorus 3").bars == 2 * section(before, "Chorus 3").bars
    changes(session, '/move bridge before "chorus 2"')
    labels = current(session).labels
    assert labels.index("Bridge") == labels.index("Chorus 2") - 1
    changes(session, "remove the bridge")
    assert "Bridge" not in current(session).labels

    # A melody for the chorus, sung by a baritone, one syllable a note.
    changes(session, "/melody chorus baritone")
    melody = section(current(session), "Chorus 1").melody
    assert melody and all(VOICES["baritone"].contains(n.pitch) for n in melody)
    assert sum(1 for n in melody if n.lyric) >= sum(len(line.split()) for line in CHORUS)

    # A new band.
    changes(session, "make it a rock song")
    assert current(session).meta.style == "rock"

    # The drummer rides the crash in the last chorus: it is on the sheet, and the chorus rings brighter.
    plain = reads(session, "play the last chorus").audio[0]
    crashing = changes(session, "ride the crash in the last chorus")
    song = current(session)
    assert song.sections[song.find("last chorus")[0]].cymbal == "crash"
    assert "drums keep time on the crash" in crashing.reply
    assert spectral_centroid(crashing.audio[0]) > spectral_centroid(plain)
    turn = reads(session, '/cymbal "last chorus" crash')
    assert "already keep time on the crash" in turn.reply and not turn.audio

    # Reading the music changes nothing.
    turn = reads(session, "why does the chorus sound sad?")
    assert "Chorus 1" in turn.reply and not turn.audio
    turn = reads(session, "check the lyrics of verse 1")
    assert "Verse 1, 4 lines: syllables" in turn.reply and "rhyme scheme" in turn.reply
    turn = reads(session, "what rhymes with home?")
    assert "roam" in turn.reply

    # The musician's own songs teach the style; the chorus and a new song are written in it.
    folder = tmp_path / "my songs"
    folder.mkdir()
    for n, brief in enumerate(["a pop song in G major, 100 BPM", "a folk ballad in E minor, 80 BPM"]):
        write_midi(arrange(plan_song(brief)), folder / f"song{n}.mid")
    turn = reads(session, f'/learn "{folder}"')
    assert turn.reply.startswith("Learned your style from 2 songs")
    profile = json.loads((session.settings.home / "profiles" / "mine.json").read_text())
    assert len(profile["songs"]) == 2
    # A file is analysed once it is in cowriter's data folder; one elsewhere is refused, whether it exists or not.
    with pytest.raises(CowriterError) as outside:
        call_tool(session.tools, "analyze", {"path": str(folder / "song0.mid")})
    with pytest.raises(CowriterError) as missing:
        call_tool(session.tools, "analyze", {"path": str(folder / "song0-not-there.mid")})
    assert str(outside.value) == str(missing.value).replace("song0-not-there", "song0")
    uploaded = session.settings.home / "uploads" / "song0.mid"
    uploaded.parent.mkdir(parents=True, exist_ok=True)
    uploaded.write_bytes((folder / "song0.mid").read_bytes())
    file_analysis = call_tool(session.tools, "analyze", {"path": str(uploaded)})
    assert file_analysis.version is None and "G major" in file_analysis.summary
    changes(session, "/reharm chorus mine")
    assert action(session) == "reharmonize:mine"
    changes(session, "/plan --mine a ballad about the sea")
    assert action(session) == "plan_song:mine"

    used = {s["tool"] for e in session.transcript() if e.role == "assistant" for s in e.extra.get("steps", [])}
    assert used >= {"revise_section", "reharmonize", "change_key", "set_tempo", "set_meter", "set_bars",
                    "add_section", "remove_section", "move_section", "double_section", "write_melody", "set_style",
                    "analyze", "check_lyrics", "rhymes", "learn_style", "plan_song", "set_cymbal"}  # fmt: skip


def test_same_for_the_bridge_makes_the_last_change_again_on_the_bridge() -> None:
    from agent.session import Session
    from agent.settings import Settings

    session = Session(Settings(), project="follow-ups")
    assert not session.send("/plan pop song about a night drive, 100 BPM, A minor").error
    assert [s.tool for s in session.send("/brighter chorus").steps] == ["revise_section"]
    before = session.song()
    turn = session.send("same for the bridge")
    assert [(s.tool, s.args.get("section"), s.args.get("direction")) for s in turn.steps] == [
        ("revise_section", "bridge", "brighter")], turn.reply
    after = session.song()
    changed = {s.label for s, t in zip(before.sections, after.sections, strict=True) if s != t}
    assert changed == {"Bridge"}
    turn = session.send("and the outro too")
    assert [(s.tool, s.args.get("section")) for s in turn.steps] == [("revise_section", "outro")]
    session.close()


def _calls(tool: str, args: dict[str, str]) -> Any:
    from langchain_core.messages import AIMessage

    return AIMessage(content="", tool_calls=[{"name": tool, "args": args, "id": f"call-{tool}"}])


def test_a_musician_writes_their_own_chords(cowriter_home: Path, scripted_model: Any) -> None:
    model = scripted_model([
        _calls("set_chords", {"section": "bridge", "chart": "Dm / / C | Bb | ^F | %"}),
        "Tom's bridge is in: Dm to C, Bb, and the F pushed.",
        _calls("set_chords", {"section": "bridge", "chart": "Dm | C | Bb"}),
        "Three bars don't fill the bridge; what's the fourth?",
    ])  # fmt: skip
    settings = Settings(home=cowriter_home, sample_rate=22050, llm_use_tools=True)
    session = Session(settings, project="own chords", chat_model=model)
    changes(session, "/plan a folk song about leaving home, 100 BPM, A minor")
    assert [section(current(session), label).bars for label in ("Verse 1", "Bridge")] == [8, 4]

    # A chart as written: a hold, a push and a repeat, looped through each 8-bar verse.
    changes(session, '/chords verse "Am / / G | F | ^C | %"')
    song = current(session)
    assert action(session) == "set_chords"
    for label in ("Verse 1", "Verse 2"):
        assert section(song, label).chord_line() == "Am / / G | F | ^C | C | Am / / G | F | ^C | C"

    # Chords listed one a bar, typed bare or said in plain words; the same chords again change nothing.
    changes(session, "/chords chorus C G Am F")
    assert all(section(current(session), f"Chorus {n}").chords == ("C", "G", "Am", "F") * 2 for n in (1, 2, 3))
    changes(session, "the outro should go F G Am Am")
    assert section(current(session), "Outro").chord_line() == "F | G | Am | Am"
    turn = reads(session, "/chords chorus C G Am F")
    assert turn.reply.startswith("The chords of Chorus 1, Chorus 2, Chorus 3 are already") and not turn.audio

    # A chart that does not fit, or a chord the sheet cannot read: one plain sentence and no new version.
    before = session.head()
    turn = session.send("/chords verse C G Am")
    assert turn.error
    assert turn.reply == "Verse 1 has 8 bars, and a chart of 3 does not fill it: give 8 bars, or a loop of 1, 2, 4 or 8 bars."
    turn = session.send("/chords verse Am H")
    assert turn.error and "'H'" in turn.reply and turn.reply.endswith(".") and "\n" not in turn.reply
    assert session.head() == before

    # Said so that only the model can read it: its call writes the chords, its chart that does not fit changes nothing.
    turn = session.send("here is what Tom played for the bridge at soundcheck")
    assert [step.tool for step in turn.steps] == ["set_chords"] and not turn.error
    assert section(current(session), "Bridge").chord_line() == "Dm / / C | Bb | ^F | F"
    written = session.head()
    turn = session.send("and here is how he played it on the second night")
    assert session.head() == written
    assert "a chart of 3 does not fill it" in str(model.calls[-1][-1].content)
    model.assert_complete()
    session.close()
