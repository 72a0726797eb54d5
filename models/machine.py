"""This machine as a model sees it: cores, memory, a GPU; and whether a catalogue model runs well on it."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

from models.catalogue import GB, Entry


@dataclass(frozen=True)
class Machine:
    """What runs the models."""

    cores: int
    memory: int  # bytes
    gpu: str  # "" without one

    def line(self) -> str:
        """The machine in words: 2 CPU cores, 24 GB memory, no GPU."""
        return f"{self.cores} CPU cores, {self.memory / GB:.0f} GB memory, " + (self.gpu or "no GPU")


@functools.cache
def this_machine() -> Machine:
    """This machine, read once (the GPU through torch when it is installed)."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        memory = 0
    return Machine(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
                   memory, _gpu())  # fmt: skip


def _gpu() -> str:
    try:
        import torch
    except ImportError:
        return ""
    if torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "Apple GPU (mps)"
    return ""


def fit(entry: Entry, machine: Machine) -> str:
    """Whether `entry` runs well here, in a few words ("runs well", "slow: CPU only", "too big: needs 10 GB memory")."""
    if machine.memory and entry.memory > machine.memory:
        return f"too big here: needs {entry.memory / GB:.0f} GB memory"
    if entry.kind == "musicgen":
        if machine.gpu:
            return f"runs well on the {machine.gpu}"
        return "slow: CPU only, minutes per 10 s take" if entry.memory <= 4 * GB else "very slow: CPU only"
    # A Q4 lyricist wants about a core per 250 MB of weights to draft a line in a few seconds
    # (the built-in 98 MB one drafts a four-line section in about 4 s on two cores).
    cores_wanted = max(1, round(entry.size / (0.25 * GB)))
    if machine.gpu or machine.cores >= cores_wanted * 2:
        return "runs well"
    if machine.cores >= cores_wanted:
        return f"runs, a few seconds a line on {machine.cores} cores"
    return f"slow on {machine.cores} cores"
