"""Pull a catalogue model into the Hugging Face cache: sizes first, progress, resume, checksums, all or nothing.

huggingface_hub reads the hub (file list, sizes, hashes, redirects) and streams each file;
a part-downloaded file is kept beside the cache's blobs under its own name, so a pull
stopped by Ctrl+C, a crash or a dropped line goes on from where it stopped. A file counts
only once its SHA-256 (or git hash) matches the hub's, and the model appears in the cache's
snapshot only when every file has: a half-pulled model is never found by the engines.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from models.cache import endpoint, hub_cache, offline_by_choice
from models.catalogue import Entry, size_text
from music.errors import CowriterError

logger = logging.getLogger(__name__)

PARTIAL = ".cowriter-partial"
REVISION = "main"
# Room kept free beyond the download itself, for the cache's links and everything else on the disk.
_MARGIN = 50_000_000
_SUFFIXES = (".json", ".model", ".safetensors", ".txt")
_SKIPPED = ("README.md", ".gitattributes")
_ONLINE = threading.Lock()
# The offline flag as it was before the first running pull lifted it, then one entry per running pull.
_LIFTED: list[bool] = []


class PullError(CowriterError):
    """A pull that could not be done; nothing half-installed is left behind."""


class PullCancelled(PullError):
    """The musician stopped the pull; what was downloaded is kept for the next pull to resume."""


@dataclass(frozen=True)
class RemoteFile:
    """One file of a model on the hub, with what the hub says about it."""

    name: str
    size: int
    sha256: str  # for files kept in Git LFS; "" otherwise
    git_hash: str  # git's blob hash, for files kept in git itself


@dataclass(frozen=True)
class Progress:
    """How far a pull has come: bytes of the whole model, speed and time left."""

    done: int
    total: int
    file: str
    speed: float  # bytes per second since this pull started
    eta: float | None  # seconds left, None until the speed is known

    @property
    def fraction(self) -> float:
        """Share of the model on disk, 0..1."""
        return self.done / self.total if self.total else 1.0

    def line(self) -> str:
        """How far, in words: 1.2 GB of 2.4 GB, 11 MB/s, 2 min left."""
        text = f"{size_text(self.done)} of {size_text(self.total)}"
        if self.speed > 0:
            text += f", {size_text(int(self.speed))}/s"
        if self.eta is not None:
            text += f", {_duration(self.eta)} left"
        return text


def repo_folder(entry: Entry) -> Path:
    """The model's folder in the Hugging Face cache (models--owner--name)."""
    return hub_cache() / ("models--" + entry.repo.replace("/", "--"))


def remote_files(entry: Entry) -> tuple[str, tuple[RemoteFile, ...]]:
    """The commit the hub's main branch is at and the files a pull of `entry` fetches, with sizes and hashes.

    Raises:
        PullError: When the hub cannot be reached or lacks the model's files.
    """
    from huggingface_hub import HfApi

    with _hub_errors(entry), _online():
        info = HfApi(endpoint=endpoint()).model_info(entry.repo, revision=REVISION, files_metadata=True)
    siblings = list(info.siblings or [])
    listed = {s.rfilename: s for s in siblings}
    if entry.files:
        missing = [name for name in entry.files if name not in listed]
        if missing:
            raise PullError(f"The hub's {entry.repo} has no file {missing[0]}; {entry.name} cannot be pulled from it.")
        chosen = [listed[name] for name in entry.files]
    else:
        chosen = [s for s in siblings if s.rfilename.endswith(_SUFFIXES) and s.rfilename not in _SKIPPED]
        if not any(s.rfilename.endswith(".safetensors") for s in chosen):
            chosen += [s for s in siblings if s.rfilename.startswith("pytorch_model") and s.rfilename.endswith(".bin")]
        if not any(s.rfilename == "config.json" for s in chosen):
            raise PullError(f"The hub's {entry.repo} has no config.json; it is not a model cowriter can pull.")
    files = tuple(
        RemoteFile(
            name=s.rfilename,
            size=int(s.lfs.size if s.lfs else (s.size or 0)),
            sha256=str(s.lfs.sha256) if s.lfs else "",
            git_hash=str(s.blob_id or ""),
        )
        for s in chosen
    )
    return str(info.sha or ""), files


def still_to_fetch(entry: Entry, files: tuple[RemoteFile, ...]) -> int:
    """Bytes a pull of these files still has to download (what is cached or part-downloaded is not counted)."""
    blobs = repo_folder(entry) / "blobs"
    left = 0
    for remote in files:
        etag = remote.sha256 or remote.git_hash
        if etag and (blobs / etag).is_file():
            continue
        partial = blobs / f"{etag}{PARTIAL}"
        left += max(remote.size - (partial.stat().st_size if partial.is_file() else 0), 0)
    return left


def pull(
    entry: Entry,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Download `entry` into the Hugging Face cache and return its snapshot folder (or its GGUF file).

    Args:
        entry: A catalogue entry with a hub repository.
        progress: Called as bytes arrive (and once at the start and the end).
        cancel: Set it to stop the pull; what arrived is kept for the next pull to resume.

    Raises:
        PullError: Offline, the hub unreachable, not enough disk space, a damaged download.
        PullCancelled: When `cancel` was set.
    """
    if entry.builtin:
        raise PullError(f"{entry.name} ships with cowriter; there is nothing to pull.")
    if offline_by_choice():
        raise PullError(
            f"HF_HUB_OFFLINE is set, so cowriter will not download {entry.name}; unset it and pull again. "
            "Nothing was changed."
        )
    commit, files = remote_files(entry)
    total = sum(f.size for f in files)
    needed = still_to_fetch(entry, files)
    _check_space(entry, needed)
    meter = _Meter(total - needed, total, progress, cancel)
    folder = repo_folder(entry)
    (folder / "blobs").mkdir(parents=True, exist_ok=True)
    etags = {remote.name: _fetch(entry, commit, remote, folder, meter) for remote in files}
    meter.done = total  # every file is in place and checked (some perhaps by another pull meanwhile)
    meter.report("", force=True)
    return _link(entry, files, etags)


def _fetch(entry: Entry, commit: str, remote: RemoteFile, folder: Path, meter: _Meter) -> str:
    """Download one file into the cache's blobs, resuming a part-download, and check it; returns its blob name."""
    from huggingface_hub import get_hf_file_metadata, hf_hub_url
    from huggingface_hub.file_download import http_get
    from huggingface_hub.utils import WeakFileLock

    url = hf_hub_url(entry.repo, remote.name, revision=commit or REVISION, endpoint=endpoint())
    with _hub_errors(entry), _online():
        metadata = get_hf_file_metadata(url)
    etag = str(metadata.etag or remote.sha256 or remote.git_hash)
    blob = folder / "blobs" / etag
    partial = blob.with_name(etag + PARTIAL)
    # One writer per part-download: a second pull of the same model (the page and the command
    # line at once) waits here, then finds the file in place.
    lock = hub_cache() / ".locks" / folder.name / f"{etag}{PARTIAL}.lock"  # where huggingface_hub keeps its own
    lock.parent.mkdir(parents=True, exist_ok=True)
    with WeakFileLock(lock):
        if blob.is_file():
            return etag
        have = partial.stat().st_size if partial.is_file() else 0
        if have > remote.size:
            partial.unlink()
            have = 0
        meter.file = remote.name
        with _hub_errors(entry), _online(), partial.open("ab") as handle:
            http_get(metadata.location or url, cast(BinaryIO, _Counting(handle, meter)), resume_size=have,
                     expected_size=remote.size)  # fmt: skip
        if not _intact(partial, remote):
            partial.unlink(missing_ok=True)
            raise PullError(
                f"The download of {remote.name} for {entry.name} was damaged (its checksum does not match the "
                "hub's); it was thrown away and nothing was installed. Pull again."
            )
        os.replace(partial, blob)
    return etag


def _link(entry: Entry, files: tuple[RemoteFile, ...], etags: dict[str, str]) -> Path:
    """Put every checked file into the cache's snapshot through huggingface_hub; the file engines look for goes last."""
    from huggingface_hub import hf_hub_download

    last = entry.gguf or "config.json"
    ordered = sorted(files, key=lambda f: f.name == last)
    path = ""
    for remote in ordered:
        with _hub_errors(entry), _online():
            path = hf_hub_download(
                entry.repo, remote.name, revision=REVISION, cache_dir=hub_cache(), endpoint=endpoint()
            )
    logger.info("pulled %s into %s", entry.name, path)
    return Path(path) if entry.gguf else Path(path).parent


def _intact(path: Path, remote: RemoteFile) -> bool:
    """True when the file's SHA-256 (LFS files) or git blob hash is the one the hub listed."""
    if path.stat().st_size != remote.size:
        return False
    if remote.sha256:
        digest = hashlib.sha256()
    elif remote.git_hash:
        digest = hashlib.sha1(f"blob {remote.size}\0".encode(), usedforsecurity=False)
    else:
        return True
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest() == (remote.sha256 or remote.git_hash)


def _check_space(entry: Entry, needed: int) -> None:
    folder = hub_cache()
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    if needed + _MARGIN > free:
        raise PullError(
            f"Pulling {entry.name} needs {size_text(needed)} free in {folder}, and only {size_text(free)} is free; "
            "nothing was downloaded."
        )


@contextlib.contextmanager
def _online() -> Iterator[None]:
    """Let huggingface_hub reach the hub during a pull, past cowriter's own offline guard (never past the musician's).

    The library reads HF_HUB_OFFLINE once, at import; while any pull is running its flag is
    lifted, and the guard comes back when the last one ends.
    """
    from huggingface_hub import constants

    with _ONLINE:
        if not _LIFTED:
            _LIFTED.append(constants.HF_HUB_OFFLINE)
        _LIFTED.append(False)
        constants.HF_HUB_OFFLINE = False
    try:
        yield
    finally:
        with _ONLINE:
            _LIFTED.pop()
            if len(_LIFTED) == 1:
                constants.HF_HUB_OFFLINE = _LIFTED.pop()


@contextlib.contextmanager
def _hub_errors(entry: Entry) -> Iterator[None]:
    """Turn what the hub or the network raises into one sentence naming the model."""
    try:
        yield
    except (PullError, KeyboardInterrupt):
        raise
    except Exception as error:
        from huggingface_hub.errors import GatedRepoError, RepositoryNotFoundError

        logger.debug("pull of %s failed", entry.name, exc_info=True)
        if isinstance(error, GatedRepoError):
            raise PullError(f"{entry.repo} asks for a login on the hub; {entry.name} cannot be pulled.") from None
        if isinstance(error, RepositoryNotFoundError):
            raise PullError(
                f"The hub at {endpoint()} has no {entry.repo}; {entry.name} cannot be pulled from it."
            ) from None
        raise PullError(
            f"The hub at {endpoint()} could not be reached for {entry.name} ({type(error).__name__}); "
            "nothing was installed, and a pull run again goes on from where this one stopped."
        ) from None


class _Meter:
    """Bytes counted as they arrive, reported at most ten times a second, with speed and time left."""

    def __init__(
        self, done: int, total: int, progress: Callable[[Progress], None] | None, cancel: threading.Event | None
    ) -> None:
        self.done, self.total, self.file = done, total, ""
        self._start_done, self._start = done, time.monotonic()
        self._progress, self._cancel = progress, cancel
        self._last = 0.0
        self.report("", force=True)

    def add(self, count: int) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise PullCancelled("The pull was stopped; what arrived is kept, and the next pull goes on from there.")
        self.done += count
        self.report(self.file)

    def report(self, file: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if self._progress is None or (not force and now - self._last < 0.1):
            return
        self._last = now
        elapsed = now - self._start
        speed = (self.done - self._start_done) / elapsed if elapsed > 0.5 else 0.0
        eta = (self.total - self.done) / speed if speed > 0 else None
        self._progress(Progress(self.done, self.total, file or self.file, speed, eta))


class _Counting:
    """A file handle that counts what is written to it (and stops the pull when asked)."""

    def __init__(self, handle: IO[bytes], meter: _Meter) -> None:
        self._handle, self._meter = handle, meter

    def write(self, data: bytes) -> int:
        self._meter.add(0)  # a stop asked for lands before the bytes
        written = self._handle.write(data)
        self._meter.add(len(data))
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(seconds, 1):.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
