"""The client side of the language model: one OpenAI-protocol chat model, and errors as sentences."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlparse

from agent.llm_server import EmbeddedServer, LLMUnavailable, find_gguf
from agent.settings import Settings
from tools.registry import MAX_TEXT_CHARS

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel, LanguageModelInput
    from langchain_core.messages import AIMessage, BaseMessage

logger = logging.getLogger(__name__)

__all__ = ["LLMBackend", "LLMUnavailable", "JsonMode", "call_llm", "make_chat_model", "sanitize_messages"]

JsonMode = Literal["llama_cpp", "openai", "none"]
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def sanitize_messages(messages: Sequence[Any]) -> list[Any]:
    """Give every assistant message that carries tool calls a text content of "" instead of None.

    OpenAI accepts `content: null` next to tool calls; llama.cpp's server refuses it.
    Accepts LangChain messages and OpenAI-format dicts alike; other items pass unchanged.

    Args:
        messages: The conversation, oldest first.

    Returns:
        A new list; changed messages are copies, the originals are left alone.
    """
    from langchain_core.messages import AIMessage

    cleaned: list[Any] = []
    for message in messages:
        if isinstance(message, dict) and message.get("role") == "assistant" and message.get("content") is None:
            message = {**message, "content": ""}
        elif isinstance(message, AIMessage) and message.tool_calls and not message.content:
            message = message.model_copy(update={"content": ""})
        cleaned.append(message)
    return cleaned


def _chat_openai_class() -> type[BaseChatModel]:
    from langchain_openai import ChatOpenAI

    class CompatChatOpenAI(ChatOpenAI):
        """ChatOpenAI as every OpenAI-compatible server reads it.

        Sends "" rather than null content next to tool calls, and, unless `legacy_max_tokens`
        is off, the reply cap as `max_tokens`: llama.cpp's server ignores the newer
        `max_completion_tokens` that ChatOpenAI writes.
        """

        legacy_max_tokens: bool = True

        def _get_request_payload(
            self, input_: LanguageModelInput, *, stop: list[str] | None = None, **kwargs: Any
        ) -> dict[Any, Any]:
            payload = super()._get_request_payload(input_, stop=stop, **kwargs)
            if "messages" in payload:
                payload["messages"] = sanitize_messages(payload["messages"])
            if self.legacy_max_tokens and "max_completion_tokens" in payload:
                payload["max_tokens"] = payload.pop("max_completion_tokens")
            return payload

    return CompatChatOpenAI


def is_loopback(base_url: str) -> bool:
    """True when an endpoint lives on this machine.

    Args:
        base_url: An http(s) URL.

    Returns:
        Whether its host is a loopback address.
    """
    return (urlparse(base_url).hostname or "") in _LOOPBACK


def make_chat_model(settings: Settings, base_url: str | None = None, *, max_tokens: int | None = 512) -> BaseChatModel:
    """Build the chat model that talks to an OpenAI-compatible endpoint.

    Args:
        settings: Model name, API key and timeout come from here.
        base_url: The endpoint; `settings.llm_base_url` when not given.
        max_tokens: Cap on one reply (a small model may otherwise ramble until its
            context is full); None for the endpoint's own limit. `bind` overrides it per call.

    Returns:
        A LangChain chat model; nothing is sent until it is called.

    Raises:
        ValueError: If no endpoint is given either way.
    """
    url = (base_url or settings.llm_base_url).strip()
    if not url:
        raise ValueError("an endpoint is needed: pass base_url or set COWRITER_LLM_BASE_URL")
    if max_tokens is not None and max_tokens < 1:
        raise ValueError("max_tokens must be at least 1, or None for no cap")
    extra: dict[str, Any] = {}
    if is_loopback(url):
        import openai

        # A proxy from the environment must never carry loopback traffic. The openai
        # package's own client classes keep us on whichever HTTP library it is built on.
        extra["http_client"] = openai.DefaultHttpxClient(trust_env=False)
        extra["http_async_client"] = openai.DefaultAsyncHttpxClient(trust_env=False)
    chat_class = _chat_openai_class()
    return chat_class(
        base_url=url,
        api_key=settings.llm_api_key or "not-needed",
        model=settings.llm_model,
        timeout=settings.llm_timeout,
        max_retries=1,
        temperature=0.7,
        max_tokens=max_tokens,
        legacy_max_tokens=(urlparse(url).hostname or "") != "api.openai.com",
        **extra,
    )


def _endpoint_of(model: Any) -> str:
    # A bound model (model.bind(...)) keeps the chat model in `bound`.
    for candidate in (model, getattr(model, "bound", None)):
        url = getattr(candidate, "openai_api_base", None)
        if url:
            return str(url)
    return "the configured endpoint"


def _http_errors() -> tuple[tuple[type[Exception], ...], tuple[type[Exception], ...], tuple[type[Exception], ...]]:
    """Timeout, transport and base error classes of the HTTP libraries the openai package may use."""
    import importlib

    timeouts: list[type[Exception]] = []
    transport: list[type[Exception]] = []
    base: list[type[Exception]] = []
    for name in ("httpx", "httpx2"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        timeouts.append(module.TimeoutException)
        transport.append(module.TransportError)
        base.append(module.HTTPError)
    return tuple(timeouts), tuple(transport), tuple(base)


def _as_unavailable(error: Exception, endpoint: str, model_name: str) -> LLMUnavailable:
    import openai

    timeouts, transport, _ = _http_errors()
    where = f"The language model at {endpoint}"
    if isinstance(error, (openai.APITimeoutError, *timeouts)):
        message = f"{where} did not answer in time; try again, or raise COWRITER_LLM_TIMEOUT."
    elif isinstance(error, (openai.APIConnectionError, *transport)):
        message = f"{where} is not answering; check COWRITER_LLM_BASE_URL or leave it empty for the built-in model."
    elif isinstance(error, openai.AuthenticationError | openai.PermissionDeniedError):
        message = f"{where} refused the API key; check COWRITER_LLM_API_KEY."
    elif isinstance(error, openai.NotFoundError):
        message = f"{where} does not offer the model '{model_name}'; check COWRITER_LLM_MODEL."
    elif isinstance(error, openai.RateLimitError):
        message = f"{where} is busy right now; try again in a moment."
    elif isinstance(error, openai.BadRequestError):
        message = f"{where} could not handle this request; a shorter conversation or another model may help."
    else:
        message = f"{where} answered with an error; try again in a moment."
    return LLMUnavailable(message, detail=f"{type(error).__name__}: {error}")


MAX_REPLY_CHARS: int = Settings.model_fields["max_reply_chars"].default  # COWRITER_MAX_REPLY_CHARS


def call_llm(model: Any, messages: Sequence[BaseMessage], max_chars: int = MAX_REPLY_CHARS) -> AIMessage:
    """Send a conversation to the model and return its reply, with failures as one sentence.

    Args:
        model: A chat model, or one bound to call options with `bind`.
        messages: The conversation, oldest first.
        max_chars: The longest reply passed on; a longer one is cut.

    Returns:
        The model's reply.

    Raises:
        LLMUnavailable: If the endpoint is down, too slow, refuses the key or the model,
            or answers with an error.
    """
    import openai
    from langchain_core.messages import AIMessage

    caught: tuple[type[Exception], ...] = (openai.APIError, *_http_errors()[2])
    endpoint = _endpoint_of(model)
    try:
        reply = model.invoke(sanitize_messages(messages))
    except caught as error:
        model_name = str(getattr(model, "model_name", None) or getattr(getattr(model, "bound", None), "model_name", ""))
        raise _as_unavailable(error, endpoint, model_name) from error
    except (openai.LengthFinishReasonError, openai.ContentFilterFinishReasonError):
        raise  # a reply cut short by the token cap or a filter: the caller counts it as one candidate lost
    except Exception as error:
        # The client failed to make sense of the answer (no choices, not JSON, a wrong shape):
        # the fault is the model's, and the musician is told so, not that cowriter broke.
        logger.warning("unusable reply from %s", endpoint, exc_info=True)
        raise _unusable(endpoint, error) from error
    if not isinstance(reply, AIMessage):
        raise _unusable(endpoint, TypeError(f"a {type(reply).__name__} instead of a chat message"))
    calls = [{**call, "args": _storable(call.get("args") or {})} for call in reply.tool_calls]
    return reply.model_copy(update={"content": reply_text(reply.content, max_chars), "tool_calls": calls})


_KEPT_ARG_CHARS = MAX_TEXT_CHARS + 1  # one past the longest text a tool takes: still refused, not stored whole
_KEPT_ARG_ITEMS = 1_000


def _storable(value: Any) -> Any:
    """Tool arguments that the conversation's store can keep, and at a bounded size.

    Integers past 64 bits become text (no musical value is one; as text it fails the tool's
    check and goes back to the model); longer texts and lists are cut where no tool would take them anyway.
    """
    if isinstance(value, dict):
        return {str(key)[:200]: _storable(item) for key, item in list(value.items())[:_KEPT_ARG_ITEMS]}
    if isinstance(value, list):
        return [_storable(item) for item in value[:_KEPT_ARG_ITEMS]]
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        return str(value)
    if isinstance(value, str) and len(value) > _KEPT_ARG_CHARS:
        return value[:_KEPT_ARG_CHARS]
    return value


def _unusable(endpoint: str, error: Exception) -> LLMUnavailable:
    return LLMUnavailable(
        f"The language model at {endpoint} answered with something unusable; try again, or use another model.",
        detail=f"{type(error).__name__}: {error}",
    )


def reply_text(content: Any, max_chars: int = MAX_REPLY_CHARS) -> str:
    """A model's reply as text a musician may read: text parts only, no control characters, a bounded length.

    Args:
        content: The message content: a string, or a list of parts (only `{"type": "text"}` ones are text).
        max_chars: The longest text returned; a longer one is cut, with an ellipsis.
    """
    from agent.truth import printable

    if isinstance(content, list):
        parts = [p if isinstance(p, str) else p.get("text", "") for p in content
                 if isinstance(p, str) or (isinstance(p, dict) and p.get("type") == "text")]  # fmt: skip
        content = " ".join(str(p) for p in parts)
    text = printable(str(content or ""))
    return text if len(text) <= max_chars else text[: max_chars - 1].rstrip() + "…"


class LLMBackend:
    """The language model cowriter talks to: the embedded one, started on first use, or an endpoint.

    Args:
        settings: Which endpoint (empty = embedded), model, key, threads and timeout.
        home: The data folder; the embedded server logs under `home/logs`.
    """

    def __init__(self, settings: Settings, home: Path) -> None:
        self.settings = settings
        self.home = Path(home)
        self._server: EmbeddedServer | None = None
        self._model: BaseChatModel | None = None
        # Several chat turns may ask at once; only one of them may start the server.
        self._lock = threading.RLock()

    @property
    def json_mode(self) -> JsonMode:
        """How to ask this backend for JSON: llama.cpp's schema form or OpenAI's strict schema."""
        return "llama_cpp" if self.settings.embedded_llm else "openai"

    @property
    def is_embedded(self) -> bool:
        """True when cowriter serves its own small model."""
        return self.settings.embedded_llm

    def base_url(self) -> str:
        """The endpoint in use, starting the embedded server if it is the one and not yet running.

        Returns:
            The OpenAI-compatible base URL.

        Raises:
            LLMUnavailable: If the embedded model cannot be found or started.
        """
        if not self.settings.embedded_llm:
            return self.settings.llm_base_url.strip()
        with self._lock:
            if self._server is None:
                self._server = EmbeddedServer(
                    find_gguf(self.settings.llm_gguf),
                    threads=self.settings.llm_threads,
                    log_dir=self.home / "logs",
                    model_alias=self.settings.llm_model,
                )
            if not self._server.is_running:
                # A server that died (or was never started) comes back on a new port: the cached client is stale.
                self._model = None
            return self._server.start()

    def chat_model(self) -> BaseChatModel:
        """The chat model for this backend, built once and reused.

        Returns:
            A LangChain chat model talking to `base_url()`.

        Raises:
            LLMUnavailable: If the embedded model cannot be found or started.
        """
        with self._lock:
            url = self.base_url()
            if self._model is None:
                logger.info("Using the language model at %s", url)
                self._model = make_chat_model(self.settings, base_url=url)
            return self._model

    def close(self) -> None:
        """Stop the embedded server if this backend started one; safe to call twice."""
        with self._lock:
            self._model = None
            if self._server is not None:
                self._server.stop()
                self._server = None

    def __enter__(self) -> LLMBackend:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
