"""Shared fixtures: every data folder under tmp_path, and a scripted fake chat model."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
if "HF_HUB_OFFLINE" not in os.environ:
    os.environ["HF_HUB_OFFLINE"] = os.environ["COWRITER_HUB_GUARD"] = "1"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ARTIFACTS = Path(__file__).parent / "artifacts"


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
