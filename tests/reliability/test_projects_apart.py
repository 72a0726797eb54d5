"""Eight projects open in one page: a turn waiting on its model holds up no other project; none sees another's edits."""

from __future__ import annotations

import itertools
import json
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import AIMessage

from agent.session import Session, Workspace
from agent.settings import Settings
from music.plan import planner
from ui.sessions import FairLock, SessionPool

PROJECTS = [f"Song {n}" for n in range(8)]
SLOW = "Song 0"
# How long the slow project's model call takes unless the test lets it answer sooner.
MODEL_SECONDS = 60.0
LINES = ["the river runs wide", "the kettle still hums", "I'm leaving tonight", "before the morning comes"]


def held_model(called: threading.Event, answer: threading.Event) -> Any:
    """A chat model whose every call waits on `answer` (at most MODEL_SECONDS): a slow model call."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    class HeldModel(GenericFakeChatModel):
        def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> Any:
            called.set()
            answer.wait(MODEL_SECONDS)
            return super()._generate(messages, stop, run_manager, **kwargs)

    return HeldModel(messages=itertools.repeat(AIMessage(content=json.dumps({"lines": LINES}))))


@pytest.fixture
def page(cowriter_home: Path) -> Any:
    """What the web app holds: one workspace, one pool of sessions, eight projects with a two-section song."""
    called, answer = threading.Event(), threading.Event()
    settings = Settings(home=cowriter_home, sample_rate=8000)
    workspace = Workspace(settings, chat_model=held_model(called, answer))
    planned = planner.plan_song("a folk song about leaving home, 90 BPM, D minor")
    song = planned.model_copy(update={"sections": planned.sections[1:3]})
    for project in PROJECTS:
        workspace.store.commit(project, song, "plan_song", "Two sections to work on.")
    workspace.renderer.warm_up()
    pool = SessionPool(lambda name: Session(settings, name, workspace=workspace))
    yield pool, workspace, called, answer
    answer.set()
    pool.close()
    workspace.close()


def test_a_slow_model_call_on_one_project_holds_up_none_of_the_other_seven(page: Any, figures: Any) -> None:
    pool, workspace, called, answer = page
    slow: dict[str, Any] = {}

    def slow_turn() -> None:
        with pool.use(SLOW) as session:
            slow["turn"] = session.send("/write chorus")
        slow["done"] = time.monotonic()

    waiting = threading.Thread(target=slow_turn)
    waiting.start()
    assert called.wait(30), "the slow project's turn never reached the model"

    timings: dict[str, list[float]] = {}
    replies: dict[str, list[str]] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(len(PROJECTS) - 1)

    def edit(project: str, tempo: int) -> None:
        try:
            start.wait()
            for text in (f"/tempo {tempo}", "/brighter chorus", "/undo"):
                began = time.monotonic()
                with pool.use(project) as session:
                    turn = session.send(text)
                timings.setdefault(project, []).append(time.monotonic() - began)
                replies.setdefault(project, []).append(turn.reply)
                assert not turn.error, turn.reply
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    began = time.monotonic()
    others = [threading.Thread(target=edit, args=(p, 100 + n)) for n, p in enumerate(PROJECTS) if p != SLOW]
    for thread in others:
        thread.start()
    for thread in others:
        thread.join(MODEL_SECONDS)
    seven_done = time.monotonic() - began
    still_waiting = waiting.is_alive() and not answer.is_set()
    answer.set()
    waiting.join(MODEL_SECONDS)

    assert errors == []
    per_project = [sum(t) for t in timings.values()]
    edits = [t for ts in timings.values() for t in ts[:2]]
    undos = [ts[2] for ts in timings.values()]
    figures(
        f"eight projects: 7 did {len(edits)} edits and {len(undos)} undos in {seven_done:.1f} s while one waited on "
        f"its model; slowest project {max(per_project):.1f} s, edits median {statistics.median(edits):.2f} s "
        f"(slowest {max(edits):.2f} s, renders share the CPU), undo slowest {max(undos):.2f} s; cross-talk 0"
    )
    # They all finished while the slow project's model call was still out.
    assert still_waiting, "the other projects finished only once the slow project's model call had answered"
    assert seven_done < MODEL_SECONDS / 2
    assert "turn" in slow

    # No cross-talk: each project holds its plan, its own tempo, and its brighter chorus undone.
    for n, project in enumerate(PROJECTS):
        versions = workspace.store.versions(project)
        head = workspace.store.head(project)
        if project == SLOW:
            assert {v.action for v in versions} <= {"plan_song", "write_lyrics"}
            assert {v.song.meta.tempo for v in versions} == {90}
            continue
        assert [v.action for v in versions] == ["plan_song", "set_tempo", "revise_section:brighter"], project
        assert [v.song.meta.tempo for v in versions] == [90, 100 + n, 100 + n], project
        assert head is not None and head.number == 2, project
        assert replies[project][0] == f"Song: tempo 90 -> {100 + n} BPM", project


def test_calls_waiting_for_one_project_take_their_turns_in_the_order_they_came() -> None:
    lock = FairLock()
    order: list[int] = []

    def call(n: int) -> None:
        with lock:
            order.append(n)

    callers = []
    with lock:
        for n in range(6):
            callers.append(threading.Thread(target=call, args=(n,)))
            callers[-1].start()
            # The next caller comes only once this one is queued.
            deadline = time.monotonic() + 10
            while lock.waiting() < n + 2:
                assert time.monotonic() < deadline
                time.sleep(0.001)
    for caller in callers:
        caller.join(10)

    assert order == list(range(6))
    assert lock.waiting() == 0

