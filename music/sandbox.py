"""Reads a song file in a child process that may use only so much memory and time.

The checks before parsing refuse the hostile files we know of; this is the backstop for the
ones we do not: whatever the parsers do with a file, the app keeps its memory and its turn.
Children fork from a server process that has the parsers imported already, so a normal
import pays a few hundredths of a second for the isolation (the server starts, in well
under a second, with the first import). As everywhere multiprocessing starts processes this
way, a script that imports songs must guard its work with `if __name__ == "__main__":`.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from music.errors import SongError
from music.formats.import_limits import number

logger = logging.getLogger(__name__)

# What the server imports once, so that each child starts with the parsers loaded. The app's
# own main module comes first, as multiprocessing does by default: loaded once in the server,
# it is not loaded again in every child.
_PRELOAD = ["__main__", "music.formats.importer", "music21", "mido", "pretty_midi"]


@functools.cache
def _context() -> Any:
    """A fork server where the platform has one (Linux, macOS): cheap children of a small process.

    Forking the app itself would copy its threads' locks and its gigabytes of models; spawning
    a fresh interpreter for each file would import music21 each time.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def run_limited(
    function: Callable[..., Any],
    *args: Any,
    name: str,
    failed: str,
    seconds: float,
    memory_mb: float,
) -> Any:
    """Call `function(*args)` in a child process bounded in wall time and memory.

    Args:
        function: A module-level function; its arguments and result must pickle.
        *args: Its arguments.
        name: The file's own name, for the sentences.
        failed: The sentence for a child that fails in a way nobody foresaw.
        seconds: Wall-clock time the child may take.
        memory_mb: Address space the child may use, in MB.

    Returns:
        What `function` returned.

    Raises:
        SongError: The SongError the function raised, or one sentence naming the file when
            the child runs out of time or memory or dies.
    """
    context = _context()
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, function, args, memory_mb), daemon=True)
    started = time.perf_counter()
    try:
        child.start()
    except OSError:
        logger.exception("Could not start a reader for %s", name)
        receive.close()
        raise SongError(f"I could not start reading '{name}' just now; try again in a moment.") from None
    finally:
        send.close()
    try:
        if not receive.poll(seconds):
            _report(name, "timed out", time.perf_counter() - started, None)
            raise SongError(
                f"'{name}' took too long to read (over {number(seconds)} seconds), "
                "so it is damaged or far bigger than a song."
            )
        try:
            outcome, value, peak_mb, records = receive.recv()
        except (EOFError, OSError):
            child.join(1.0)
            _report(name, f"died ({child.exitcode})", time.perf_counter() - started, None)
            raise SongError(failed) from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    for logger_name, level, message in records:
        logging.getLogger(logger_name).log(level, "%s", message)
    _report(name, outcome, time.perf_counter() - started, peak_mb)
    if outcome == "ok":
        return value
    if outcome == "refused":
        raise SongError(value)
    if outcome == "memory":
        raise SongError(
            f"'{name}' needs more memory to read than a song file should (over {number(memory_mb)} MB), "
            "so it is damaged or far bigger than a song."
        )
    raise SongError(failed)


def _report(name: str, outcome: str, seconds: float, peak_mb: float | None) -> None:
    """Log what one read cost; the figures travel on the record for whoever sums them up."""
    logger.info(
        "Reading %s: %s in %.2f s, peak memory %s MB",
        name, outcome, seconds, "unknown" if peak_mb is None else f"{peak_mb:.0f}",
        extra={"read_seconds": seconds, "read_peak_mb": peak_mb, "read_outcome": outcome},
    )  # fmt: skip


class _Collected(logging.Handler):
    """The child's log records, kept to be logged again in the parent (a child has no log of its own)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
        self.records.append((record.name, record.levelno, message))


def _child(send: Connection, function: Callable[..., Any], args: tuple[Any, ...], memory_mb: float) -> None:
    """The child's whole life: limit itself, run, send back (outcome, value, peak MB, log records)."""
    collected = _Collected()
    music_log = logging.getLogger("music")
    music_log.addHandler(collected)
    music_log.setLevel(logging.INFO)
    _limit(memory_mb)
    outcome: tuple[str, Any]
    try:
        outcome = ("ok", function(*args))
    except SongError as err:
        outcome = ("refused", str(err))
    except MemoryError:
        outcome = ("memory", None)
    except Exception:  # noqa: BLE001 - anything else the parsers raise goes back as one plain failure
        logging.getLogger(__name__).warning("Reading failed", exc_info=True)
        outcome = ("failed", None)
    send.send((*outcome, _peak_mb(), collected.records))
    send.close()


def _limit(memory_mb: float) -> None:
    """Cap the child's address space, and let a crash leave no core file on disk."""
    try:
        import resource
    except ImportError:  # Windows: no resource limits, the time limit still holds
        return
    size = int(memory_mb * 1024 * 1024)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        size = min(size, hard)  # a child may lower its limits, never raise them
    resource.setrlimit(resource.RLIMIT_AS, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _peak_mb() -> float | None:
    """The child's peak resident memory, in MB."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
