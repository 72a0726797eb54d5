"""The co-writer remembers what the musician said, by meaning, offline, per project and profile."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from memory.embedding import DIMENSION, MiniLMEmbedding, embed
from memory.semantic import PROFILE, SemanticMemory

REPO = Path(__file__).resolve().parents[1]
VERSION_SUMMARIES = [
    "Version 2: tempo from 92 to 98 BPM",
    "Version 3: second verse lyrics rewritten about the city lights",
    "Version 4: the song moved from A minor to D minor",
]


def _is_local(address: object) -> bool:
    if isinstance(address, str | bytes):  # a unix socket
        return True
    host = str(address[0]) if isinstance(address, tuple) and address else ""
    return host in {"localhost", "::1"} or host.startswith("127.")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Refuse every connection off this machine and record the attempt."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        if not _is_local(address):
            attempts.append(address)
            raise OSError("network is off in this test")
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    yield attempts
    assert attempts == [], f"something tried to reach the network: {attempts}"


@pytest.fixture
def memory(tmp_path: Path) -> SemanticMemory:
    return SemanticMemory(tmp_path / "chroma")


def test_a_preference_outranks_unrelated_version_summaries(memory: SemanticMemory) -> None:
    assert memory.recall("Night Drive", "what instruments should the chorus use") == []
    memory.remember(PROFILE, "preference", "I never want saxophone")
    for summary in VERSION_SUMMARIES:
        memory.remember("Night Drive", "version", summary, {"version": 2})

    recalled = memory.recall("Night Drive", "what instruments should the chorus use", k=4)
    assert recalled[0].text == "I never want saxophone"
    assert recalled[0].kind == "preference" and recalled[0].project == PROFILE
    assert len(recalled) == 4
    assert [m.distance for m in recalled] == sorted(m.distance for m in recalled)
    assert recalled[-1].meta == {"version": 2}

    only_versions = memory.recall("Night Drive", "what instruments should the chorus use", kinds=["version"])
    assert {m.text for m in only_versions} == set(VERSION_SUMMARIES)
    assert len(memory.recall("Night Drive", "tempo", k=2)) == 2


def test_memories_stay_in_their_project_but_the_profile_goes_everywhere(memory: SemanticMemory) -> None:
    memory.remember(PROFILE, "preference", "I never want saxophone")
    memory.remember("Night Drive", "decision", "The chorus lands on C major")
    memory.remember("Summer Song", "lyric", "Sand in our shoes and salt in our hair")

    night = {m.text for m in memory.recall("Night Drive", "what did we decide", k=10)}
    summer = {m.text for m in memory.recall("summer song", "what did we decide", k=10)}
    assert night == {"I never want saxophone", "The chorus lands on C major"}
    assert summer == {"I never want saxophone", "Sand in our shoes and salt in our hair"}

    memory.forget_project("Night Drive")
    assert {m.text for m in memory.recall("Night Drive", "what did we decide", k=10)} == {"I never want saxophone"}
    assert len(memory.recall("Summer Song", "beach", k=10)) == 2


def test_saying_the_same_thing_twice_is_one_memory(memory: SemanticMemory) -> None:
    first = memory.remember(PROFILE, "preference", "I never want saxophone")
    again = memory.remember(PROFILE, "preference", "  I never want   saxophone ")
    assert first == again and memory.count() == 1


def test_bad_requests_are_refused_in_plain_words(memory: SemanticMemory) -> None:
    with pytest.raises(ValueError, match="preference, decision, lyric or version"):
        memory.remember("Night Drive", "mood", "dark")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="empty"):
        memory.remember("Night Drive", "decision", "   ")
    with pytest.raises(ValueError, match="project"):
        memory.remember("", "decision", "keep the bridge")
    with pytest.raises(ValueError, match="plain data"):
        memory.remember("Night Drive", "decision", "keep the bridge", {"when": object()})
    with pytest.raises(ValueError, match="query is empty"):
        memory.recall("Night Drive", " ")
    with pytest.raises(ValueError, match="between 1 and 100"):
        memory.recall("Night Drive", "bridge", k=0)
    with pytest.raises(ValueError, match="not one"):
        memory.recall("Night Drive", "bridge", kinds=["mood"])
    assert memory.count() == 0


def test_memories_survive_a_restart_of_the_app(tmp_path: Path) -> None:
    folder = tmp_path / "chroma"
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from memory.semantic import PROFILE, SemanticMemory
        memory = SemanticMemory(Path({str(folder)!r}))
        memory.remember(PROFILE, "preference", "I never want saxophone")
        memory.remember("Night Drive", "decision", "The bridge drops to half time", {{"section": "Bridge"}})
        """
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, check=True, timeout=120)

    reopened = SemanticMemory(folder)
    assert reopened.count() == 2
    (bridge,) = reopened.recall("Night Drive", "how does the bridge feel", kinds=["decision"])
    assert bridge.text == "The bridge drops to half time" and bridge.meta == {"section": "Bridge"}
    again = SemanticMemory(folder)
    assert again.recall("Other Song", "saxophone", k=1)[0].text == "I never want saxophone"


def test_paraphrases_sit_closer_than_unrelated_sentences() -> None:
    vectors = embed(
        [
            "I never want saxophone",
            "Please leave the sax out of my songs",
            "The chorus moves from A minor to C major",
            "Shift the refrain up from A minor into C major",
            "Bake the bread for forty minutes",
        ]
    )
    assert vectors.shape == (5, DIMENSION) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similarity = vectors @ vectors.T
    assert similarity[0, 1] > similarity[0, 2] and similarity[0, 1] > similarity[0, 4]
    assert similarity[2, 3] > similarity[2, 0] and similarity[2, 3] > similarity[2, 4]
    assert np.allclose(embed(["I never want saxophone"])[0], vectors[0], atol=1e-5)
    assert embed([]).shape == (0, DIMENSION)
    with pytest.raises(ValueError, match="list of texts"):
        embed("one text")  # type: ignore[arg-type]


def test_chroma_can_rebuild_the_embedding_function_from_its_config() -> None:
    from chromadb.utils.embedding_functions import known_embedding_functions

    function = MiniLMEmbedding()
    assert known_embedding_functions[MiniLMEmbedding.name()] is MiniLMEmbedding
    rebuilt = MiniLMEmbedding.build_from_config(function.get_config())
    assert not rebuilt.is_legacy()
    assert np.allclose(rebuilt(["a quiet verse"])[0], function(["a quiet verse"])[0])
    with pytest.raises(ValueError, match="embedding model"):
        MiniLMEmbedding.validate_config({"model": "some-other-model"})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_a_chroma_server_holds_the_same_memories(tmp_path: Path) -> None:
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("the chroma command is not installed")
    port = _free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        remote = SemanticMemory(host="127.0.0.1", port=port)
        remote.remember(PROFILE, "preference", "I never want saxophone")
        remote.remember("Night Drive", "version", VERSION_SUMMARIES[0])
        recalled = SemanticMemory(host="127.0.0.1", port=port).recall("Night Drive", "which instruments", k=2)
        assert [m.text for m in recalled][0] == "I never want saxophone"
    finally:
        server.terminate()
        server.wait(10)
