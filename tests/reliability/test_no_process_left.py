"""`cowriter chat` and `cowriter ui`, ended by SIGTERM or SIGKILL while the embedded model runs, leave no process behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from agent.llm_server import stop_orphans

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"


def _parent(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == "Z" else int(fields[1])


def _servers() -> dict[int, int]:
    """Every running embedded model server: its pid and its parent's."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parent = _parent(int(entry.name))
            if b"llama_cpp.server" in command and parent is not None:
                found[int(entry.name)] = parent
    return found


def _wait(condition: Callable[[], object], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def _start_chat(env: dict[str, str]) -> subprocess.Popen[bytes]:
    app = subprocess.Popen([sys.executable, "-m", "ui.cli", "chat", "--project", "signals"], cwd=ROOT, env=env,
                           stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    assert app.stdin is not None
    app.stdin.write(b"hello there\n")  # a chat line: the embedded model starts to answer it
    app.stdin.flush()
    return app


def _start_ui(env: dict[str, str]) -> subprocess.Popen[bytes]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make setup-test installs it)")
    from playwright.sync_api import sync_playwright

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = subprocess.Popen([sys.executable, "-m", "ui.cli", "ui", "--port", str(port)], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"

    def serving() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except OSError:
            return False

    _wait(serving, 120, "the web app never answered")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(url)
            page.locator("#chat-input textarea").fill("hello there")
            page.locator("#send").click()
            _wait(lambda: any(parent == app.pid for parent in _servers().values()), 120, "no model server started")
        finally:
            browser.close()
    return app


@pytest.mark.parametrize("end", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("start", [_start_chat, _start_ui], ids=["chat", "ui"])
def test_an_ended_app_takes_its_model_server_with_it(start: Callable[[dict[str, str]], subprocess.Popen[bytes]],
                                                     end: signal.Signals, tmp_path: Path,
                                                     figures: Callable[[str], None]) -> None:
    env = {**os.environ, "COWRITER_HOME": str(tmp_path / "home"), "GRADIO_ANALYTICS_ENABLED": "False"}
    app = start(env)
    try:
        _wait(lambda: any(parent == app.pid for parent in _servers().values()), 120, "no model server started")
        server = next(pid for pid, parent in _servers().items() if parent == app.pid)
        app.send_signal(end)
        app.wait(timeout=30)
        _wait(lambda: server not in _servers(), 15, f"the model server outlived the app ({signal.Signals(end).name})")
        figures(f"{signal.Signals(end).name} of cowriter {start.__name__.removeprefix('_start_')}: "
              f"exit {app.returncode}, model server {server} gone")
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()


def test_a_server_left_by_an_earlier_run_is_stopped_and_one_of_a_running_app_is_not(tmp_path: Path) -> None:
    # A stand-in for an old server: a process whose command names the server module, started by a parent that is gone.
    script = "import subprocess, sys; p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)', " \
             "'llama_cpp.server'], start_new_session=True, stdout=subprocess.DEVNULL, " \
             "stderr=subprocess.DEVNULL); print(p.pid)"
    orphan = int(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    (tmp_path / f"llm-server-{orphan}.pid").write_text(f"{orphan} 999999\n")
    mine = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", "llama_cpp.server"])
    (tmp_path / f"llm-server-{mine.pid}.pid").write_text(f"{mine.pid} {os.getpid()}\n")
    try:
        assert stop_orphans(tmp_path) == [orphan]
        _wait(lambda: _parent(orphan) is None, 10, "the orphan kept running")
        assert mine.poll() is None, "a running app's server was stopped"
        assert not (tmp_path / f"llm-server-{orphan}.pid").exists()
    finally:
        mine.kill()
        mine.wait()
