"""A second opinion learned from other musicians' words: praise the rules misread is asked about, not run."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from agent.intents import Intent
from agent.understand import learned, reader, understand
from music.song import Song, parse_song

BENCH = Path(__file__).resolve().parents[1] / "bench"
DATA = BENCH / "data"


def _training() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_learned_reading", BENCH / "learned_reading.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


training = _training()


@pytest.fixture
def song() -> Song:
    return parse_song(json.loads((DATA / "session_song.json").read_text(encoding="utf-8")))


@pytest.fixture
def rules_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules and nearest examples with no learned opinion, as when the weights are missing."""
    monkeypatch.setattr(learned, "_WEIGHTS", None)
    monkeypatch.setattr(learned, "_LOADED", True)


def test_the_weights_were_trained_on_the_examples_and_sets_as_they_are_now() -> None:
    trained = learned.weights()
    assert trained is not None, "learned.npz is missing: run python bench/learned_reading.py"
    assert trained.digest == training.digest(training.training_pairs()), (
        "examples.md or a development set changed since the weights were trained: run python bench/learned_reading.py")


def test_the_held_out_requests_never_teach_it() -> None:
    assert "heldout" not in training.development_sets()
    taught = {text for _, text in training.training_pairs()}
    held_out = json.loads((DATA / "requests_heldout.json").read_text(encoding="utf-8"))
    assert not [case for case in held_out if case["say"] in taught]


def test_a_quality_said_to_be_just_right_is_praise(song: Song) -> None:
    read = understand("that chorus is perfect, the energy is just right", song)
    assert read.intents == () and "praise" in read.social


@pytest.mark.parametrize("praise", ["wow, the bridge has real tension now, love it"])
def test_praise_that_names_a_quality_is_asked_about_not_changed(song: Song, praise: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    read = understand(praise, song)
    assert read.intents == ()
    assert read.clarify is not None and read.clarify.missing == "no change asked for"
    assert [option.tool for option in read.clarify.options] == ["revise_section"]
    # Without the learned opinion the rules alone would have changed the song.
    monkeypatch.setattr(learned, "_WEIGHTS", None)
    monkeypatch.setattr(learned, "_LOADED", True)
    assert [i.tool for i in understand(praise, song).intents] == ["revise_section"]


@pytest.mark.parametrize("request_", ["love the verse, make the chorus brighter",
                                      "the drums are great, but the chorus needs more punch",
                                      "perfect! now slow the outro down to 80 bpm"])
def test_praise_beside_a_request_still_runs_the_request(song: Song, request_: str) -> None:
    assert understand(request_, song).intents


def test_an_answer_to_a_remark_that_asks_nothing_is_offered_not_given(song: Song) -> None:
    said = "that E7 in the bridge is doing a lot of work, love it"
    read = understand(said, song)
    assert read.intents == ()
    assert read.clarify is not None and read.clarify.missing == reader.NO_QUESTION_ASKED
    assert [option.tool for option in read.clarify.options] == ["answer_question"]
    assert "?" not in said and understand(said.replace(", love it", "?"), song).intents  # asked, it is answered


def test_questions_are_never_held_back(song: Song) -> None:
    assert [i.tool for i in understand("which key is the chorus in?", song).intents] == ["answer_question"]


def test_a_message_the_rules_leave_unread_is_read_by_the_model(song: Song) -> None:
    said = "What can you do for me"
    read = reader._learned(said, reader._read(said, song), song)
    assert read is not None and read.intents == (Intent("help", {}),)


def test_without_weights_the_rules_read_alone(song: Song, rules_alone: None, tmp_path: Path) -> None:
    assert learned.load(tmp_path / "none.npz") is None
    assert learned.guess("make the chorus brighter") == []
    assert [i.tool for i in understand("make the chorus brighter", song).intents] == ["revise_section"]


def test_weights_for_another_embedding_model_give_no_opinion(tmp_path: Path) -> None:
    other = learned.Weights(("none", "revise"), np.zeros((2, 384), np.float32), np.zeros(2, np.float32), "another", "x")
    training.save(other, tmp_path / "other.npz")
    assert learned.load(tmp_path / "other.npz") is None


def test_what_each_request_teaches() -> None:
    of_tool = {"revise_section": "revise", "set_tempo": "tempo"}
    assert training.label({"expect": "nothing"}, of_tool) == learned.NONE
    assert training.label({"expect": "ask", "tools": ["set_tempo"]}, of_tool) == learned.UNSURE
    assert training.label({"expect": "answer", "tools": ["answer_question"]}, of_tool) == learned.ANSWER
    assert training.label({"expect": "edit", "tools": ["revise_section", "revise_section"]}, of_tool) == "revise"
    assert training.label({"expect": "edit", "tools": ["revise_section", "set_tempo"]}, of_tool) is None


def test_probabilities_are_a_softmax_of_the_linear_scores() -> None:
    trained = learned.Weights(("a", "b"), np.array([[1.0, 0.0], [0.0, 1.0]]), np.zeros(2), "m", "d")
    found = learned.probabilities(np.array([[2.0, 0.0], [0.0, 0.0]]), trained)
    assert np.allclose(found.sum(axis=1), 1.0)
    assert found[0, 0] > 0.8 and np.isclose(found[1, 0], 0.5)


def test_praise_is_answered_as_praise_with_the_change_offered(scripted_model) -> None:
    from agent.session import Session
    from agent.settings import Settings

    session = Session(Settings(), project="praise", chat_model=scripted_model([]))
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    head = session.head()
    turn = session.send("wow, the bridge has real tension now, love it")
    assert session.head().id == head.id
    assert turn.reply.startswith('I take "wow, the bridge has real tension now, love it" as no change asked for. '
                                 "If you did want one: /")
    assert turn.reply.endswith(f"Nothing changed; the song stays at version {head.number}.")
    assert turn.options and all(option.startswith("/") for option in turn.options)
    session.close()


def test_a_change_the_rules_neither_read_nor_offered_runs_when_the_model_is_sure(song: Song,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    said = "could the verse sound like a real band playing it, like a proper recording"
    assert [i.tool for i in understand(said, song).intents] == ["generate_section"]
    monkeypatch.setattr(reader, "LEARNED_OVERRULES", 2.0)  # the rules alone ask something else
    alone = understand(said, song)
    assert not alone.intents and alone.clarify is not None
    assert "generate_section" not in {option.tool for option in alone.clarify.options}


def test_what_the_rules_read_from_telltale_words_stands(song: Song) -> None:
    # The model, misled by "double", is sure of a doubled section; "double time" is a tempo.
    assert learned.guess("double time the chorus")[0][0] == "double section"
    assert [i.tool for i in understand("double time the chorus", song).intents] == ["set_tempo"]


def test_a_remark_about_a_chord_is_answered_as_a_remark_with_the_answer_offered(scripted_model) -> None:
    from agent.session import Session
    from agent.settings import Settings

    session = Session(Settings(), project="remark", chat_model=scripted_model([]))
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    head = session.head()
    bridge = next(s for s in session.song().sections if s.label == "Bridge")
    chord = bridge.chords[-1].split()[-1]
    said = f"that {chord} in the bridge is doing a lot of work, love it"
    turn = session.send(said)
    assert session.head().id == head.id
    assert turn.reply.startswith(f'I take "{said}" as no question asked. If you did want to know: /ask why_chord')
    assert turn.reply.endswith(f"Nothing changed; the song stays at version {head.number}.")
    assert turn.options and all(option.startswith("/ask") for option in turn.options)
    session.close()
