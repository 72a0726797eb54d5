"""A model that never stops calling tools ends its turn within the limits and changes nothing it was not asked to."""

from __future__ import annotations

from pathlib import Path

from langchain_core.messages import AIMessage, HumanMessage

from agent.graph import _recent
from agent.session import Session
from agent.settings import Settings

MAX_TOOL_ROUNDS, MAX_TOOL_CALLS = Settings().max_tool_rounds, Settings().max_tool_calls


def _calls(name: str, count: int) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": {}, "id": f"call-{i}"} for i in range(count)])


def test_fifty_undo_calls_again_and_again_run_a_bounded_number_and_the_turn_ends(cowriter_home: Path,
                                                                                 scripted_model) -> None:
    model = scripted_model([_calls("undo", 50) for _ in range(40)])
    session = Session(Settings(home=cowriter_home, llm_use_tools=True), project="endless", chat_model=model)
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    for section in ("chorus", "verse", "bridge"):
        assert not session.send(f"/brighter {section}").error
    head, count = session.head(), len(session.versions())

    turn = session.send("hello there")

    asked = len(model.calls)
    assert asked <= MAX_TOOL_ROUNDS + 1, asked
    assert len(turn.steps) <= MAX_TOOL_ROUNDS * MAX_TOOL_CALLS
    print(f"model requests: {asked}, tool calls run: {len(turn.steps)} (of {50 * asked} asked for)")
    assert session.head().number <= head.number  # undos move back through existing versions, never make one
    assert len(session.versions()) == count
    session.close()


def test_an_unknown_tool_called_forever_ends_the_turn_with_the_song_untouched(cowriter_home: Path,
                                                                             scripted_model) -> None:
    model = scripted_model([_calls("summon_dragons", 20) for _ in range(40)])
    session = Session(Settings(home=cowriter_home, llm_use_tools=True), project="unknown", chat_model=model)
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    head = session.head()
    turn = session.send("hello there")
    assert len(model.calls) <= MAX_TOOL_ROUNDS + 1
    assert not any(s.ok for s in turn.steps)
    assert session.head() == head and len(session.versions()) == 1
    session.close()


def test_the_musicians_message_stays_in_the_models_view_after_many_tool_results() -> None:
    from langchain_core.messages import ToolMessage

    asked = HumanMessage(content="make the chorus brighter")
    flood = [ToolMessage(content="Error: no", tool_call_id=f"c{i}", name="undo") for i in range(40)]
    assert asked in _recent([HumanMessage(content="earlier"), AIMessage(content="ok"), asked, *flood])


def test_a_models_reply_is_text_without_control_characters_and_of_bounded_length() -> None:
    from agent.llm import MAX_REPLY_CHARS, reply_text

    assert reply_text([{"type": "weird"}, {"type": "text", "text": "Hello"}]) == "Hello"
    assert reply_text("\x1b[31mred\x1b[0m and \u202eevil") == "red and evil"
    assert len(reply_text("la " * 2_000_000)) <= MAX_REPLY_CHARS
    assert reply_text(None) == ""


def test_the_limits_on_a_turn_are_settings(cowriter_home: Path, scripted_model, monkeypatch) -> None:
    monkeypatch.setenv("COWRITER_MAX_TOOL_ROUNDS", "1")
    monkeypatch.setenv("COWRITER_MAX_TOOL_CALLS", "2")
    model = scripted_model([_calls("undo", 5) for _ in range(10)])
    session = Session(Settings(home=cowriter_home, llm_use_tools=True), project="limits", chat_model=model)
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error

    turn = session.send("hello there")

    assert len(model.calls) == 2  # one round of tools, then the last answer without them
    assert len(turn.steps) == 2
    session.close()


def test_a_flood_of_huge_tool_calls_keeps_the_stored_conversation_small(cowriter_home: Path, scripted_model) -> None:
    flood = AIMessage(content="", tool_calls=[{"name": "set_lyrics", "args": {"section": "Verse 1", "lines": ["la " * 50_000]},
                                                "id": f"call-{i}"} for i in range(500)])  # fmt: skip
    model = scripted_model([flood for _ in range(10)])
    session = Session(Settings(home=cowriter_home, llm_use_tools=True), project="flood", chat_model=model)
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    before = sum(p.stat().st_size for p in cowriter_home.glob("agent.db*"))
    versions = len(session.versions())

    turn = session.send("hello there")

    grown = sum(p.stat().st_size for p in cowriter_home.glob("agent.db*")) - before
    # 500 calls of 150,000 characters each were asked for four times: 300 MB; a few MB are kept.
    assert grown < 8 * 2**20, f"the conversation store grew by {grown / 2**20:.1f} MB in one turn"
    assert not any(s.ok for s in turn.steps) and len(session.versions()) == versions
    session.close()
