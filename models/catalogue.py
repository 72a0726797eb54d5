"""The short list of models a musician can pull, with honest notes: what each improves, its size and licence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from music.errors import CowriterError

Kind = Literal["lyricist", "musicgen"]
GB = 1_000_000_000
MB = 1_000_000
BUILTIN = "smollm2-135m"


class UnknownModel(CowriterError):
    """A model name that is neither in the catalogue nor offered by a local server."""


@dataclass(frozen=True)
class Entry:
    """One model in the catalogue.

    Attributes:
        name: What the musician types (`cowriter models pull NAME`).
        kind: "lyricist" (a chat model for the embedded llama.cpp server) or "musicgen".
        repo: The Hugging Face Hub repository it comes from ("" for the built-in model).
        files: Exact files to fetch; empty = the repository's config, tokenizer and weights.
        size: Download size in bytes, as the hub lists it (approximate where `approximate`).
        memory: Memory it needs to run, in bytes.
        improves: What a musician gains, in a few words.
        licence: The weights' licence.
        tools: A lyricist strong enough to choose tools itself (COWRITER_LLM_USE_TOOLS).
        approximate: The size is estimated from the parameter count, not read off the hub.
    """

    name: str
    kind: Kind
    repo: str
    files: tuple[str, ...]
    size: int
    memory: int
    improves: str
    licence: str
    tools: bool = False
    approximate: bool = False

    @property
    def builtin(self) -> bool:
        """True for the model that ships with cowriter and needs no pull."""
        return not self.repo

    @property
    def gguf(self) -> str:
        """The GGUF file of a lyricist ("" for MusicGen)."""
        return next((f for f in self.files if f.endswith(".gguf")), "")


CATALOGUE: tuple[Entry, ...] = (
    Entry(BUILTIN, "lyricist", "", (), 98 * MB, 300 * MB,
          "built in: chats and drafts lyric lines under a grammar; needs nothing", "Apache-2.0"),
    Entry("qwen2.5-0.5b", "lyricist", "bartowski/Qwen2.5-0.5B-Instruct-GGUF", ("Qwen2.5-0.5B-Instruct-Q4_K_M.gguf",),
          398 * MB, 1 * GB, "lyrics that stay on the subject", "Apache-2.0"),
    Entry("qwen2.5-1.5b", "lyricist", "bartowski/Qwen2.5-1.5B-Instruct-GGUF", ("Qwen2.5-1.5B-Instruct-Q4_K_M.gguf",),
          986 * MB, 2 * GB, "better lyrics and images; chooses tools itself", "Apache-2.0", tools=True),
    Entry("qwen2.5-3b", "lyricist", "bartowski/Qwen2.5-3B-Instruct-GGUF", ("Qwen2.5-3B-Instruct-Q4_K_M.gguf",),
          1930 * MB, 4 * GB, "the best lyricist here; wants four cores or more",
          "Qwen Research (non-commercial)", tools=True),
    Entry("musicgen-small", "musicgen", "facebook/musicgen-small", (), 2400 * MB, 4 * GB,
          "realistic takes from a text prompt (300M decoder)", "CC-BY-NC-4.0"),
    Entry("musicgen-melody", "musicgen", "facebook/musicgen-melody", (), 6200 * MB, 10 * GB,
          "takes that follow the sketch's melody and chords (1.5B)", "CC-BY-NC-4.0"),
    Entry("musicgen-medium", "musicgen", "facebook/musicgen-medium", (), 6100 * MB, 10 * GB,
          "richer takes than small from a text prompt (1.5B)", "CC-BY-NC-4.0", approximate=True),
    Entry("musicgen-stereo-small", "musicgen", "facebook/musicgen-stereo-small", (), 2400 * MB, 4 * GB,
          "stereo takes from a text prompt (300M)", "CC-BY-NC-4.0", approximate=True),
    Entry("musicgen-stereo-melody", "musicgen", "facebook/musicgen-stereo-melody", (), 6300 * MB, 10 * GB,
          "stereo takes that follow the sketch's melody (1.5B)", "CC-BY-NC-4.0"),
)  # fmt: skip


def find(name: str) -> Entry:
    """The catalogue entry called `name` (case and a leading "facebook/" or repo id forgiven).

    Raises:
        UnknownModel: If no entry has that name.
    """
    wanted = name.strip().casefold()
    for entry in CATALOGUE:
        if wanted in (entry.name, entry.repo.casefold()) or (
            entry.repo and wanted == entry.repo.split("/")[-1].casefold()
        ):
            return entry
    names = ", ".join(e.name for e in CATALOGUE)
    raise UnknownModel(f"There is no model called '{name}' in the catalogue; `cowriter models` lists them ({names}).")


def size_text(size: int) -> str:
    """A size as a musician reads it: "398 MB", "2.4 GB"."""
    if size >= GB:
        return f"{size / GB:.1f} GB"
    if size >= MB:
        return f"{size / MB:.0f} MB"
    return f"{max(size, 0) / 1000:.0f} kB"
