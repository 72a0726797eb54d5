"""Bad input gets one plain sentence and changes nothing; the session keeps working."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, ToolMessage

from agent.session import Session
from agent.settings import Settings

BRIEF = "/plan folk song about leaving home, 90 BPM, D minor"


def one_sentence(text: str) -> bool:
    body = text.strip()
    return bool(body) and "\n" not in body and "Traceback" not in body and body.count(". ") <= 1


@pytest.fixture
def settings(cowriter_home: Path) -> Settings:
    return Settings(home=cowriter_home, llm_use_tools=True)


@pytest.fixture
def planned(settings: Settings, scripted_model):
    def make(replies: list | None = None) -> Session:
        session = Session(settings, project="bad input", chat_model=scripted_model(replies or []))
        assert not session.send(BRIEF).error
        return session

    return make


@pytest.mark.parametrize("message", ["/brighter pre-chorus", "make the pre-chorus brighter", "/darker verse 7"],
                         ids=["slash", "natural", "no-such-verse"])
def test_an_unknown_section_is_named_and_nothing_changes(planned, message: str) -> None:
    session = planned()
    before = [v.id for v in session.versions()]
    turn = session.send(message)
    assert turn.error and one_sentence(turn.reply)
    assert "Verse 1" in turn.reply  # it tells the musician which sections there are
    assert [v.id for v in session.versions()] == before


def test_an_invalid_tool_call_goes_back_to_the_model_and_changes_nothing(planned) -> None:
    session = planned([
        AIMessage(content="", tool_calls=[
            {"name": "revise_section", "args": {"section": "chorus", "direction": "purple"}, "id": "a"},
            {"name": "delete_everything", "args": {}, "id": "b"},
            {"name": "revise_section", "args": {"section": "the moon", "direction": "brighter"}, "id": "c"},
        ]),
        AIMessage(content="Sorry, I could not do that; the chorus is as it was."),
    ])
    before = [v.id for v in session.versions()]
    turn = session.send("Surprise me with something, you know?")
    assert [v.id for v in session.versions()] == before
    assert [s.ok for s in turn.steps] == [False, False, False]
    assert "could not do that" in turn.reply
    errors = [m for m in session.workspace.graph.get_state(
        {"configurable": {"thread_id": session.project}}).values["messages"] if isinstance(m, ToolMessage)]
    assert all(str(m.content).startswith("Error:") for m in errors[-3:])
    assert not session.send("/render chorus").error  # still working


def test_a_model_that_quotes_an_earlier_change_is_not_taken_for_a_new_one(planned) -> None:
    session = planned()
    brighter = session.send("/brighter chorus")
    chorus_move = brighter.reply.split("; ")[0]  # e.g. "Chorus 1-3: Dm -> D, ..."
    session.close()
    session = planned([AIMessage(content=f"Repetition: {chorus_move}"), AIMessage(content="Happy to help with the bridge.")])
    before = [v.id for v in session.versions()]
    turn = session.send("what would Prince do here?")
    assert [v.id for v in session.versions()] == before
    assert turn.reply.startswith(f"Nothing changed; the song is still at version {session.head().number}.")
    # An answer that makes no such claim is passed on as it is.
    assert session.send("any ideas for the bridge?").reply == "Happy to help with the bridge."


def test_an_llm_endpoint_that_is_down_gives_one_sentence(cowriter_home: Path) -> None:
    settings = Settings(home=cowriter_home, llm_base_url="http://127.0.0.1:9/v1", llm_timeout=5)
    session = Session(settings, project="offline")
    assert not session.send(BRIEF).error  # slash commands need no LLM
    before = [v.id for v in session.versions()]
    turn = session.send("What do you think the bridge needs?")
    assert turn.error and one_sentence(turn.reply)
    assert "127.0.0.1:9" in turn.reply
    assert [v.id for v in session.versions()] == before
    assert not session.send("/render").error  # and the app keeps running
    session.close()


@pytest.mark.parametrize("name,data", [
    ("song.mid", b"this is not a MIDI file"),
    ("song.musicxml", b"<score-partwise><part><measure"),
    ("notes.exe", b"MZ\x90\x00"),
], ids=["garbage-midi", "broken-musicxml", "unknown-kind"])
def test_an_unreadable_upload_is_refused_in_one_sentence(planned, name: str, data: bytes) -> None:
    session = planned()
    before = [v.id for v in session.versions()]
    turn = session.upload(name, data)
    assert turn.error and one_sentence(turn.reply)
    assert [v.id for v in session.versions()] == before


def test_a_failing_render_leaves_the_versions_untouched(planned, monkeypatch: pytest.MonkeyPatch) -> None:
    from audio.render import RenderError

    session = planned()
    before = [v.id for v in session.versions()]

    def broken(*args, **kwargs):
        raise RenderError("The sketch could not be rendered: the synthesiser stopped.")

    monkeypatch.setattr(session.workspace.renderer, "render", broken)
    turn = session.send("/brighter chorus")
    assert turn.error and one_sentence(turn.reply)
    assert [v.id for v in session.versions()] == before
