"""A model endpoint that answers with anything at all: every turn ends within its limits, says one honest thing, changes nothing.

A stand-in for an OpenAI-compatible server on 127.0.0.1 answers each request with the next of
200 fuzzed replies (2,000 with `COWRITER_SOAK=1`): broken JSON, errors, control characters, megabytes of text, odd content
parts, endless and malformed tool calls, and change reports that no tool made.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from agent.llm import MAX_REPLY_CHARS
from agent.session import Session
from agent.settings import Settings
from agent.truth import printable

MAX_TOOL_ROUNDS, MAX_TOOL_CALLS = Settings().max_tool_rounds, Settings().max_tool_calls

Answer = tuple[int, str, bytes]  # HTTP status, content type, body
REPLIES = 2000 if os.environ.get("COWRITER_SOAK") == "1" else 200

CLAIMS = ("I changed the chorus: F -> Fmaj7, C -> Cadd9.", "Here's the revised version 7 with a brighter bridge.",
          "Chorus 1-3: F -> Dm, C -> Bbmaj7, Gm -> Am, Bb -> BbmjJlkLjMfGgKg")  # fmt: skip
# Tool calls a model might make on "hello there": none of them may make a version.
CALLS: tuple[tuple[str, object], ...] = (
    ("undo", {}), ("summon_dragons", {"power": 9}), ("checkout", {"version": 10**30}),
    ("set_tempo", {"bpm": "fast"}), ("set_tempo", {"bpm": 1e308}), ("change_key", {"semitones": -(10**40)}),
    ("set_bars", {"section": "Chorus 1", "bars": 10**12}), ("import_file", {"path": "/etc/passwd"}),
    ("import_file", {"path": "../../cowriter.db"}), ("learn_style", {"folder": "/"}), ("set_lyrics", "not an object"),
    ("analyze", {"path": "/etc/shadow"}), ("remove_section", {"section": "Chorus 1", "extra": True}),
    ("plan_song", {"brief": "x" * 50_000}), ("redo", {}), ("render", {"bogus": []}),
)  # fmt: skip


def _completion(message: dict[str, object]) -> bytes:
    return json.dumps({"id": "fuzz", "object": "chat.completion", "created": 0, "model": "fuzz",
                       "choices": [{"index": 0, "message": {"role": "assistant", **message},
                                    "finish_reason": "stop"}]}).encode()  # fmt: skip


def _tool_calls(rng: random.Random, count: int) -> bytes:
    calls = []
    for i in range(count):
        name, args = rng.choice(CALLS)
        text = args if isinstance(args, str) else json.dumps(args)
        if rng.random() < 0.15:
            text = text[: len(text) // 2]  # arguments cut off mid-JSON
        calls.append({"id": f"call-{i}", "type": "function", "function": {"name": name, "arguments": text}})
    return _completion({"content": None, "tool_calls": calls})


def _answers(seed: int) -> Iterator[Callable[[], Answer]]:
    """Fuzzed answers, round-robin over the kinds of trouble a model endpoint can make."""
    rng = random.Random(seed)
    json_type = "application/json"
    kinds: list[Callable[[], Answer]] = [
        lambda: (200, "text/html", b"<html><body>Bad gateway</body></html>"),
        lambda: (200, json_type, b'{"choices": ['),
        lambda: (200, json_type, b'{"choices": []}'),
        lambda: (200, json_type, b'{"choices": null}'),
        lambda: (200, json_type, b"[1, 2, 3]"),
        lambda: (200, json_type, json.dumps({"choices": [{"message": "just a string"}]}).encode()),
        lambda: (rng.choice((400, 401, 404, 429, 500, 503)), json_type, b'{"error": {"message": "no"}}'),
        lambda: (200, json_type, _completion({"content": "\x1b[31mred\x1b[0m \u202eevil\x07 \x00done"})),
        lambda: (200, json_type, _completion({"content": "la " * rng.randint(100_000, 1_000_000)})),
        lambda: (200, json_type, _completion({"content": [{"type": "weird"}, {"type": "image_url", "url": "x"}]})),
        lambda: (200, json_type, _completion({"content": None})),
        lambda: (200, json_type, _completion({"content": rng.choice(CLAIMS)})),
        lambda: (200, json_type, _tool_calls(rng, rng.choice((1, 3, MAX_TOOL_CALLS + 5, 50)))),
        lambda: (200, json_type, _tool_calls(rng, 1)),
        lambda: (200, json_type, _completion({"content": "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(300))})),
        lambda: (200, json_type, bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 2000)))),
    ]
    while True:
        yield rng.choice(kinds)


class _StandIn:
    """An OpenAI-compatible endpoint on 127.0.0.1 that answers from a fuzzed stream and counts requests."""

    def __init__(self, seed: int) -> None:
        self.answers = _answers(seed)
        self.requests = 0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the standard library's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stand_in.requests += 1
                status, kind, body = next(stand_in.answers)()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stand_in() -> Iterator[_StandIn]:
    server = _StandIn(seed=2026)
    yield server
    server.close()


def test_two_hundred_fuzzed_model_replies_end_every_turn_honestly_and_change_nothing(
    cowriter_home: Path, stand_in: _StandIn, figures: Callable[[str], None]
) -> None:
    first = Session(Settings(home=cowriter_home), project="fuzz")
    assert not first.send("/plan folk song about leaving home, 90 BPM, D minor").error
    first.close()
    settings = Settings(home=cowriter_home, llm_base_url=stand_in.url, llm_use_tools=True, llm_timeout=5)
    session = Session(settings, project="fuzz")
    versions = [v.id for v in session.versions()]
    turns = slowest = most_requests = blamed = 0
    while stand_in.requests < REPLIES:
        before, head = stand_in.requests, session.head()
        started = time.monotonic()
        turn = session.send("hello there")
        took, asked = time.monotonic() - started, stand_in.requests - before
        turns, slowest, most_requests = turns + 1, max(slowest, took), max(most_requests, asked)
        reply = turn.reply
        assert reply.strip(), "a turn ended in silence"
        assert printable(reply) == reply, repr(reply[:200])
        assert len(reply) <= MAX_REPLY_CHARS + 2000  # the reply, and at most the tools' own one-line summaries
        assert "on my side" not in reply, reply  # a model's fault is named as the model's
        blamed += "language model" in reply
        # The openai client tries a failed request once more; each of the model's rounds may be retried.
        assert asked <= 2 * (MAX_TOOL_ROUNDS + 1), asked
        assert len(turn.steps) <= MAX_TOOL_ROUNDS * MAX_TOOL_CALLS
        assert [v.id for v in session.versions()] == versions, "a version was made that nobody asked for"
        assert session.head().number <= head.number  # undo may step back; nothing new appears
        for claim in ("F -> Fmaj7", "revised version", "BbmjJlkLjMfGgKg"):
            assert claim not in reply, reply
    session.close()
    figures(f"fuzzed model: {stand_in.requests} replies over {turns} turns, 0 versions made, "
          f"{blamed} turns named the model's fault, slowest turn {slowest:.1f} s, most requests in one turn {most_requests}")
