"""Shared fixtures: every data folder under tmp_path, a scripted fake chat model, and the suite's figures."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
if "HF_HUB_OFFLINE" not in os.environ:
    os.environ["HF_HUB_OFFLINE"] = os.environ["COWRITER_HUB_GUARD"] = "1"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # One worker per core: each worker's model server and torch keep to one thread, or their threads spin on each other.
    os.environ.setdefault("COWRITER_LLM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")

ARTIFACTS = Path(__file__).parent / "artifacts"
_FIGURES: list[str] = []


@pytest.fixture(scope="session")
def figures() -> Callable[[str], None]:
    """`figures("kill -9: 10 kills ...")` keeps one line for the summary that `pytest -q` prints at its end."""
    return _FIGURES.append


def pytest_sessionfinish(session: pytest.Session) -> None:
    output = getattr(session.config, "workeroutput", None)  # set in a parallel run's worker: the figures go home
    if output is not None:
        output["figures"] = list(_FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    _FIGURES.extend(getattr(node, "workeroutput", {}).get("figures", []))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _FIGURES:
        terminalreporter.section("figures")
        for line in _FIGURES:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def cowriter_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every cowriter data folder at a temporary directory."""
    home = tmp_path / "cowriter-home"
    monkeypatch.setenv("COWRITER_HOME", str(home))
    yield home


def _scripted_model_class() -> type:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage, BaseMessage
    from langchain_core.outputs import ChatGeneration, ChatResult

    class ScriptedChatModel(GenericFakeChatModel):
        """A chat model that answers with scripted messages, in order, and records each call.

        `assert_complete()` fails if scripted replies were left unused.
        """

        calls: list[list[BaseMessage]] = []  # noqa: RUF012 - pydantic field default

        def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
            return self

        def bind(self, **kwargs: Any) -> ScriptedChatModel:  # type: ignore[override]
            return self

        def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                      **kwargs: Any) -> ChatResult:
            self.calls.append(list(messages))
            try:
                message = next(self.messages)
            except StopIteration:
                raise AssertionError("the scripted chat model was called more often than scripted") from None
            if isinstance(message, str):
                message = AIMessage(content=message)
            return ChatResult(generations=[ChatGeneration(message=message)])

        def assert_complete(self) -> None:
            left = list(self.messages)
            assert not left, f"{len(left)} scripted replies were never used: {left}"

    return ScriptedChatModel


@pytest.fixture(scope="module")
def torch_on_one_thread() -> Iterator[None]:
    """Tiny MusicGen models run far faster on one thread than on two cores shared with other work."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture
def scripted_model() -> Any:
    """Factory: scripted_model([AIMessage(...), "text", ...]) -> a fake chat model."""
    cls = _scripted_model_class()
    made: list[Any] = []

    def make(replies: list[Any]) -> Any:
        model = cls(messages=iter(replies), calls=[])
        made.append(model)
        return model

    return make
