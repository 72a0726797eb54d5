"""The whole loop, as a musician lives it: plan, lyrics, brighter, undo/redo, restart, export."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from statistics import mean

import pytest
import soundfile as sf
from langchain_core.messages import AIMessage, HumanMessage

from agent.session import Session
from agent.settings import Settings
from audio.analysis import spectral_centroid
from music.band.arrange import arrange
from music.theory.chords import chord_quality

VERSE = ["I packed my life in a canvas bag", "the kitchen light still burning low",
         "my father's coat, my mother's flag", "the road is all I've come to know"]  # fmt: skip
CHORUS = ["so long to the river", "so long to the door",
          "I'm leaving for ever", "and I won't be back no more"]  # fmt: skip


def lines(text_lines: list[str]) -> AIMessage:
    return AIMessage(content=json.dumps({"lines": text_lines}))


def section_notes(song, label: str, role: str) -> list[int]:
    arrangement = arrange(song)
    span = next(s for s in arrangement.sections if s.label == label)
    track = arrangement.track(role)
    assert track is not None, f"no {role} track"
    return [n.pitch for n in track.notes if span.start <= n.start < span.end]


def major_chords(song, label: str) -> int:
    section = next(s for s in song.sections if s.label == label)
    return sum(chord_quality(symbol) == "major" for bar in section.chords for symbol in bar.split())


@pytest.fixture
def settings(cowriter_home: Path) -> Settings:
    return Settings(home=cowriter_home, llm_use_tools=True)


def test_a_songwriting_session_from_brief_to_exports(settings: Settings, scripted_model) -> None:
    model = scripted_model([
        lines(VERSE),  # the verse draft
        lines(CHORUS),  # the chorus draft
        AIMessage(content="", tool_calls=[  # "something for my DAW" -> the model picks exports
            {"name": "export", "args": {"format": "midi"}, "id": "call-1"},
            {"name": "export", "args": {"format": "musicxml"}, "id": "call-2"},
        ]),
        AIMessage(content="There you go: the MIDI for your DAW and a lead sheet for MuseScore."),
    ])
    session = Session(settings, project="leaving home", chat_model=model)

    # 1. The brief becomes a planned sheet and a sketch of the whole song.
    turn = session.send("Let's write a folk song about leaving home, 90 BPM, D minor.")
    assert not turn.error, turn.reply
    song = session.song()
    assert song is not None
    assert (song.meta.key.tonic, song.meta.key.mode, song.meta.tempo) == ("D", "minor", 90)
    assert {"Intro", "Verse 1", "Chorus 1", "Bridge", "Outro"} <= set(song.labels)
    assert all(len(s.chords) == s.bars for s in song.sections)
    assert len(turn.audio) == 1
    audio, rate = sf.read(turn.audio[0])
    assert audio.ndim == 2 and abs(len(audio) / rate - song.duration_seconds()) < 4.0

    # 2. Lyrics for the first verse and the chorus land in the sheet.
    turn = session.send("Write lyrics for the first verse and the chorus.")
    assert not turn.error, turn.reply
    song = session.song()
    assert list(song.sections[song.find("first verse")[0]].lyrics) == VERSE
    assert all(list(song.sections[i].lyrics) == CHORUS for i in song.find("chorus"))

    # 3. A brighter chorus, checked on the notes and on the sound.
    before = session.head()
    turn = session.send("Make the chorus brighter.")
    assert not turn.error, turn.reply
    after = session.head()
    assert after.number == before.number + 1 and turn.reply == after.summary
    assert mean(section_notes(after.song, "Chorus 1", "chords")) > mean(section_notes(before.song, "Chorus 1", "chords"))
    # The sung line stays where the singer sings it, and the reply does not say otherwise.
    assert abs(mean(section_notes(after.song, "Chorus 1", "lead")) - mean(section_notes(before.song, "Chorus 1", "lead"))) < 3
    assert "melody up" not in turn.reply and "bass up" not in turn.reply
    assert major_chords(after.song, "Chorus 1") >= major_chords(before.song, "Chorus 1")
    session.send("/undo")
    old_chorus = session.send("/render chorus").audio[0]
    session.send("/redo")
    new_chorus = session.send("/render chorus").audio[0]
    assert spectral_centroid(new_chorus) > spectral_centroid(old_chorus)

    # 4. Undo goes back, redo comes forward, nothing recomputed or lost.
    assert session.send("/undo").error is False
    assert session.head().id == before.id
    session.send("/redo")
    assert session.head().id == after.id

    # 5. Close everything and come back: the project, versions and conversation are there.
    session.close()
    session = Session(settings, project="leaving home", chat_model=model)
    assert session.head().id == after.id
    assert [v.number for v in session.versions()] == list(range(1, after.number + 1))
    assert any("brighter" in e.text for e in session.transcript() if e.role == "user")

    # 6. Downloads: WAV, stems, MIDI, MusicXML, ChordPro — and the LLM picks exports itself.
    wav = session.export("wav")[0]
    assert sf.info(wav).samplerate == 44100
    stems = session.export("stems")
    with zipfile.ZipFile(stems[0]) as bundle:
        assert len(bundle.namelist()) >= 4
    chordpro = session.export("chordpro")[0].read_text()
    assert "{title:" in chordpro and "[D" in chordpro
    assert "leaving for ever" in re.sub(r"\[[^\]]*\]", "", chordpro)
    turn = session.send("I need to get this ready for the band and my producer")
    assert not turn.error, turn.reply
    assert {p.suffix for p in turn.files} == {".mid", ".musicxml"}
    assert [s.tool for s in turn.steps] == ["export", "export"]
    musicxml = next(p for p in turn.files if p.suffix == ".musicxml").read_text()
    assert "<harmony" in musicxml and "<lyric" in musicxml and "leav" in musicxml
    # The resumed conversation reached the model: it saw messages from before the restart.
    seen = [str(m.content) for m in model.calls[-2] if isinstance(m, HumanMessage)]
    assert "/redo" in seen
    model.assert_complete()
    session.close()
