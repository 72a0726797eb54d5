"""Better models in one command: pull (progress, resume, checksums, disk space), use, rm, local servers.

Every pull goes to a hub stand-in on 127.0.0.1 (tests/hub_standin.py) serving a tiny random
MusicGen checkpoint as facebook/musicgen-small and the built-in SmolLM2 GGUF under a Qwen name.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hub_standin import HubStandIn, serving

from agent.settings import Settings
from audio.musicgen_checkpoint import write_random_checkpoint
from models.catalogue import UnknownModel, find
from models.installed import builtin_gguf, installed_path, part_pulled
from models.machine import this_machine
from models.manage import listing, remove_model, use
from models.pull import Progress, PullCancelled, PullError, pull
from models.servers import discover

QWEN = "bartowski/Qwen2.5-0.5B-Instruct-GGUF"
QWEN_FILE = "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"


@pytest.fixture(scope="module")
def tiny_musicgen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_random_checkpoint(tmp_path_factory.mktemp("hub") / "musicgen-small")
    (folder / "README.md").write_text("# MusicGen small\n")
    (folder / "pytorch_model.bin").write_bytes(b"the same weights, pickled" * 100)  # never pulled: safetensors are
    return folder


@pytest.fixture
def hub(tiny_musicgen: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubStandIn]:
    stand_in = HubStandIn()
    stand_in.host("facebook/musicgen-small", tiny_musicgen)
    gguf = builtin_gguf()
    assert gguf is not None
    stand_in.host_file(QWEN, QWEN_FILE, gguf)
    stand_in.host_file(QWEN, "README.md", tiny_musicgen / "README.md")
    with serving(stand_in):
        monkeypatch.setenv("HF_ENDPOINT", stand_in.url)
        monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
        yield stand_in


def pulled_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# -- pulling ---------------------------------------------------------------------------------


def test_nothing_is_downloaded_until_the_musician_pulls(hub: HubStandIn, cowriter_home: Path) -> None:
    from agent.session import Session

    rows = listing(cowriter_home, this_machine(), [])
    assert {r.name: r.status for r in rows}["musicgen-small"] == "available"
    session = Session(Settings(), "no pull")
    assert not session.send("/plan folk song about leaving home, 160 BPM, D minor").error
    turn = session.send("/generate chorus")
    session.close()
    assert turn.error and "`cowriter models pull musicgen-small`" in turn.reply
    assert hub.requests == []


def test_a_pull_shows_progress_and_installs_the_model_in_the_cache(hub: HubStandIn, tmp_path: Path) -> None:
    seen: list[Progress] = []
    folder = pull(find("musicgen-small"), progress=seen.append)

    assert folder.is_relative_to(tmp_path / "hf-home" / "hub")  # HF_HOME is honoured
    assert installed_path(find("musicgen-small")) == folder
    assert "config.json" in pulled_files(folder) and "model.safetensors" in pulled_files(folder)
    assert not pulled_files(folder) & {"README.md", "pytorch_model.bin"}
    assert seen[0].done == 0 and seen[-1].done == seen[-1].total > 0
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert "of" in seen[-1].line()
    # Pulled again: nothing is downloaded twice.
    before = len(hub.downloads("model.safetensors"))
    assert pull(find("musicgen-small")) == folder
    assert len(hub.downloads("model.safetensors")) == before


def test_a_stopped_pull_is_not_installed_and_the_next_one_resumes(hub: HubStandIn) -> None:
    entry = find("qwen2.5-0.5b")
    stop = threading.Event()

    def stop_at_a_third(progress: Progress) -> None:
        if progress.done > progress.total / 3:
            stop.set()

    with pytest.raises(PullCancelled):
        pull(entry, progress=stop_at_a_third, cancel=stop)
    assert installed_path(entry) is None and part_pulled(entry)
    assert {r.name: r.status for r in listing(Path("unused"), this_machine(), [])}[entry.name] == "part-pulled"
    first = hub.bytes_served(QWEN_FILE)

    seen: list[Progress] = []
    path = pull(entry, progress=seen.append)
    size = path.stat().st_size
    resumed = hub.downloads(QWEN_FILE)[-1]
    assert resumed.range.startswith("bytes=") and int(resumed.range[6:].rstrip("-")) > size / 3 - 2**20
    assert seen[0].done > size / 3 - 2**20  # the bar starts where the last pull stopped
    assert hub.bytes_served(QWEN_FILE) - first < size * 0.8  # the first third is not fetched again
    assert path.read_bytes() == builtin_gguf().read_bytes()  # type: ignore[union-attr]
    assert not part_pulled(entry)


def test_ctrl_c_leaves_nothing_half_installed(hub: HubStandIn) -> None:
    entry = find("musicgen-small")

    def interrupt(progress: Progress) -> None:
        if progress.done > progress.total / 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        pull(entry, progress=interrupt)
    assert installed_path(entry) is None
    assert pull(entry) is not None and installed_path(entry) is not None


def test_a_damaged_download_is_refused_and_nothing_is_kept(hub: HubStandIn) -> None:
    entry = find("qwen2.5-0.5b")
    hub.damaged.add(QWEN_FILE)

    with pytest.raises(PullError, match="damaged .*checksum"):
        pull(entry)
    assert installed_path(entry) is None and not part_pulled(entry)


def test_a_pull_that_would_fill_the_disk_is_refused_before_it_starts(hub: HubStandIn) -> None:
    hub.listed_size[QWEN_FILE] = 10**16  # ten petabytes

    with pytest.raises(PullError, match=r"needs 10000000\.0 GB free in .* and only .* is free; nothing was downloaded"):
        pull(find("qwen2.5-0.5b"))
    assert hub.downloads(QWEN_FILE) == []


def test_offline_by_choice_and_an_unreachable_hub_are_one_sentence(
    hub: HubStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("COWRITER_HUB_GUARD", raising=False)
    with pytest.raises(PullError, match="HF_HUB_OFFLINE is set") as offline:
        pull(find("musicgen-small"))
    assert str(offline.value).count(". ") <= 1 and hub.requests == []

    monkeypatch.setenv("COWRITER_HUB_GUARD", "1")  # cowriter's own guard is lifted by a pull...
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # ...but nothing answers here
    with pytest.raises(PullError, match="could not be reached"):
        pull(find("musicgen-small"))
    assert installed_path(find("musicgen-small")) is None


def test_unknown_names_and_the_builtin_model(hub: HubStandIn) -> None:
    with pytest.raises(UnknownModel, match="no model called 'llama-70b'.*musicgen-small"):
        find("llama-70b")
    with pytest.raises(PullError, match="ships with cowriter"):
        pull(find("smollm2-135m"))
    assert find("facebook/musicgen-small").name == "musicgen-small"


# -- use and rm ----------------------------------------------------------------------------------


def test_use_makes_a_pulled_musicgen_the_engine_of_generate(hub: HubStandIn, cowriter_home: Path) -> None:
    from agent.session import Session

    session = Session(Settings(musicgen_device="cpu"), "takes")  # open before anything is pulled
    assert not session.send("/plan folk song about leaving home, 160 BPM, D minor").error
    assert not session.send("/bars chorus 2").error
    assert "`cowriter models pull musicgen-small`" in session.send("/generate chorus").reply
    with pytest.raises(PullError, match="not on this machine yet; `cowriter models pull musicgen-small`"):
        use(cowriter_home, "musicgen-small", [])
    pull(find("musicgen-small"))
    assert use(cowriter_home, "musicgen-small", []) == "MusicGen takes now come from musicgen-small."
    assert Settings().musicgen_model == "facebook/musicgen-small"
    assert Settings(musicgen_model="/my/own/checkpoint").musicgen_model == "/my/own/checkpoint"  # settings win

    turn = session.send("/generate chorus")  # the same session takes the choice up
    session.close()
    assert not turn.error, turn.reply
    assert len(turn.audio) == 1 and "musicgen-small" in turn.reply

    rows = {r.name: r for r in listing(cowriter_home, this_machine(), [])}
    assert rows["musicgen-small"].active and rows["musicgen-small"].status == "installed"


def test_use_makes_a_pulled_gguf_the_embedded_lyricist(hub: HubStandIn, cowriter_home: Path) -> None:
    from agent.session import Session

    def served(session: Session) -> Path | None:
        backend = session.workspace._backend  # the embedded server the last turn used
        return backend._server.gguf if backend is not None and backend._server is not None else None

    session = Session(Settings(), "lyrics")
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    assert not session.send("/write verse 1").error
    assert served(session) == builtin_gguf()

    path = pull(find("qwen2.5-0.5b"))
    assert use(cowriter_home, "qwen2.5-0.5b", []) == "Lyrics and chat now come from qwen2.5-0.5b."
    settings = Settings()
    assert settings.llm_gguf == path and settings.llm_model == "qwen2.5-0.5b" and settings.embedded_llm

    turn = session.send("/write chorus 1")  # the next message runs on the pulled model
    assert not turn.error, turn.reply
    assert "Chorus 1" in turn.reply and len(session.song().sections[2].lyrics) >= 2
    assert served(session) == path

    assert use(cowriter_home, "smollm2-135m", []) == "Lyrics and chat now come from the built-in smollm2-135m."
    assert Settings().llm_gguf is None
    assert not session.send("/write verse 2").error
    assert served(session) == builtin_gguf()
    session.close()


def test_rm_deletes_a_model_and_the_default_comes_back(hub: HubStandIn, cowriter_home: Path) -> None:
    pull(find("musicgen-small"))
    use(cowriter_home, "musicgen-small", [])

    said = remove_model(cowriter_home, "musicgen-small")
    assert said.startswith("Removed musicgen-small (") and "/generate needs another MusicGen model" in said
    assert installed_path(find("musicgen-small")) is None
    assert Settings().musicgen_model == ""
    with pytest.raises(PullError, match="not on this machine"):
        remove_model(cowriter_home, "musicgen-small")
    with pytest.raises(PullError, match="cannot be removed"):
        remove_model(cowriter_home, "smollm2-135m")


# -- local servers --------------------------------------------------------------------------------


class FakeOllama(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/api/tags":
            body = {"models": [{"name": "llama3.2:latest", "size": 2019393189}, {"name": "qwen2.5:7b"}]}
        elif self.path == "/v1/models":
            body = {"object": "list", "data": [{"id": "llama3.2:latest"}, {"id": "qwen2.5:7b"}]}
        else:
            self.send_response(404)
            self.end_headers()
            return
        raw = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


@pytest.fixture
def ollama() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOllama)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_local_ollama_is_found_listed_and_used(
    ollama: str, cowriter_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    servers = discover(ollama=ollama, lmstudio="http://127.0.0.1:9")
    assert [(s.name, s.models) for s in servers] == [("ollama", ("llama3.2:latest", "qwen2.5:7b"))]
    rows = {r.name: r for r in listing(cowriter_home, this_machine(), servers)}
    assert rows["ollama:llama3.2:latest"].status == "on ollama" and rows["ollama:llama3.2:latest"].installed

    said = use(cowriter_home, "ollama:llama3.2:latest", servers)
    assert said == f"Lyrics and chat now come from llama3.2:latest on ollama ({ollama}/v1)."
    settings = Settings()
    assert settings.llm_base_url == f"{ollama}/v1" and settings.llm_model == "llama3.2:latest"
    assert not settings.embedded_llm
    with pytest.raises(UnknownModel, match="offers no model called 'mistral'"):
        use(cowriter_home, "ollama:mistral", servers)
    with pytest.raises(UnknownModel, match="No lmstudio server answers"):
        use(cowriter_home, "lmstudio:anything", servers)

    monkeypatch.setenv("COWRITER_LLM_BASE_URL", "https://api.example.com/v1")
    assert Settings().llm_base_url == "https://api.example.com/v1"  # a COWRITER_* setting wins
    assert discover(ollama="http://127.0.0.1:9", lmstudio="") == []


# -- the command line -------------------------------------------------------------------------------


def cowriter(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def test_the_models_command_pulls_with_a_progress_bar_resumes_after_ctrl_c_uses_and_removes(
    hub: HubStandIn, cowriter_home: Path
) -> None:
    env = {**os.environ, "COWRITER_OLLAMA_URL": "", "COWRITER_LMSTUDIO_URL": ""}
    listed = cowriter("models", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "qwen2.5-0.5b" in listed.stdout and "available" in listed.stdout and "398 MB" in listed.stdout
    assert "2 CPU cores" in listed.stdout or "CPU cores" in listed.stdout

    hub.pause = 0.005  # about 10 MB/s: a pull long enough to interrupt
    running = subprocess.Popen([sys.executable, "-m", "ui.cli", "models", "pull", "qwen2.5-0.5b"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    deadline = time.monotonic() + 60
    while (
        hub.bytes_served(QWEN_FILE) < 25_000_000 and time.monotonic() < deadline
    ):  # huggingface_hub writes 10 MB pieces
        time.sleep(0.1)
    running.send_signal(signal.SIGINT)
    _out, err = running.communicate(timeout=60)
    assert running.returncode == 130, err
    assert "Stopped; qwen2.5-0.5b is not installed. `cowriter models pull qwen2.5-0.5b` goes on from here." in err
    assert installed_path(find("qwen2.5-0.5b")) is None and part_pulled(find("qwen2.5-0.5b"))

    hub.pause = 0.0
    pulled = cowriter("models", "pull", "qwen2.5-0.5b", env=env)
    assert pulled.returncode == 0, pulled.stderr
    assert "Pulling qwen2.5-0.5b (98 MB) from bartowski/Qwen2.5-0.5B-Instruct-GGUF" in pulled.stderr
    assert "100%" in pulled.stderr and "98.4M/98.4M" in pulled.stderr  # tqdm's bar: size, speed, time left
    assert "qwen2.5-0.5b is on this machine" in pulled.stdout
    assert hub.downloads(QWEN_FILE)[-1].range.startswith("bytes="), [
        (r.range, r.served) for r in hub.downloads(QWEN_FILE)
    ]

    used = cowriter("models", "use", "qwen2.5-0.5b", env=env)
    assert used.stdout.strip() == "Lyrics and chat now come from qwen2.5-0.5b."
    listed = cowriter("models", env=env)
    assert re.search(r"\* qwen2\.5-0\.5b\s+installed", listed.stdout)
    overridden = cowriter("models", env={**env, "COWRITER_LLM_BASE_URL": "http://127.0.0.1:9/v1"})
    assert "COWRITER_LLM_BASE_URL is set, so it is used instead of qwen2.5-0.5b." in overridden.stdout

    removed = cowriter("models", "rm", "qwen2.5-0.5b", env=env)
    assert removed.stdout.startswith("Removed qwen2.5-0.5b (98 MB freed); lyrics come from the built-in")
    unknown = cowriter("models", "pull", "llama-70b", env=env)
    assert (
        unknown.returncode == 1 and unknown.stderr.count("\n") == 1 and "no model called 'llama-70b'" in unknown.stderr
    )


def test_whether_a_model_runs_well_here_follows_cores_memory_and_gpu() -> None:
    from models.catalogue import GB
    from models.machine import Machine, fit

    laptop, workstation = Machine(2, 24 * GB, ""), Machine(16, 128 * GB, "NVIDIA H100")
    assert fit(find("smollm2-135m"), laptop) == "runs well"
    assert fit(find("qwen2.5-0.5b"), laptop) == "runs, a few seconds a line on 2 cores"
    assert fit(find("qwen2.5-3b"), laptop) == "slow on 2 cores" and fit(find("qwen2.5-3b"), workstation) == "runs well"
    assert fit(find("musicgen-small"), laptop).startswith("slow: CPU only")
    assert fit(find("musicgen-melody"), workstation) == "runs well on the NVIDIA H100"
    assert fit(find("musicgen-melody"), Machine(4, 8 * GB, "")) == "too big here: needs 10 GB memory"


def test_two_pulls_of_one_model_at_once_download_it_once(hub: HubStandIn) -> None:
    entry = find("qwen2.5-0.5b")
    hub.pause = 0.001
    results: list[Path | Exception] = []

    def pull_it() -> None:
        try:
            results.append(pull(entry))
        except Exception as error:  # noqa: BLE001 - the test reports it
            results.append(error)

    threads = [threading.Thread(target=pull_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    [first, second] = results
    assert isinstance(first, Path) and first == second
    size = first.stat().st_size
    assert first.read_bytes() == builtin_gguf().read_bytes()  # type: ignore[union-attr]
    assert hub.bytes_served(QWEN_FILE) < 1.5 * size  # the second waited for the first, then found the file


def test_a_finished_pull_leaves_only_the_model_in_its_folder(hub: HubStandIn) -> None:
    from models.pull import repo_folder

    pull(find("qwen2.5-0.5b"))
    blobs = list((repo_folder(find("qwen2.5-0.5b")) / "blobs").iterdir())
    assert len(blobs) == 1 and not blobs[0].name.endswith((".lock", ".cowriter-partial"))
