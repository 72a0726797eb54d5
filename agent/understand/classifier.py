"""Which reading a clause is closest to in meaning: nearest neighbours among the examples in examples.md.

The examples and the clause are embedded with the local sentence model (memory.embedding)
after their section names are masked, so "make the bridge brighter" and "make the chorus
brighter" are the same example; a reading scores the mean of its closest examples.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

EXAMPLES = Path(__file__).with_name("examples.md")
FAMILIES = ("edit", "action", "question", "preference", "social")
_NEIGHBOURS = 3
_HEADING = re.compile(r"^##\s+(?P<label>[^:]+):\s+(?P<tool>[\w-]+)(?P<args>(?:\s+\w+=\S+)*)\s*\|\s*(?P<family>\w+)\s*$")


@dataclass(frozen=True)
class Reading:
    """A reading a clause may have: its label, the tool it runs and the arguments its words fix."""

    label: str
    tool: str
    family: str
    args: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Scored:
    """A reading and how close the clause is to its examples (cosine, -1..1)."""

    reading: Reading
    score: float
    telltale: bool = False  # the clause carries a value only this reading's tool takes


def load_examples(path: Path = EXAMPLES) -> tuple[dict[str, Reading], list[tuple[str, str]]]:
    """The readings and (label, example) pairs written in `path`.

    Raises:
        ValueError: If a heading is malformed or names an unknown family.
    """
    readings: dict[str, Reading] = {}
    examples: list[tuple[str, str]] = []
    label: str | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("## "):
            match = _HEADING.match(line)
            if match is None or match["family"] not in FAMILIES:
                raise ValueError(f"{path.name} line {number}: a heading is '## label: tool [arg=value ...] | family'.")
            label = match["label"].strip()
            args = dict(pair.split("=", 1) for pair in match["args"].split())
            readings.setdefault(label, Reading(label, match["tool"], match["family"], args))
        elif line and not line.startswith("#") and label is not None:
            examples.append((label, line))
    return readings, examples


class Classifier:
    """Nearest-neighbour reading of clauses against the examples; built once per process."""

    def __init__(self, path: Path = EXAMPLES) -> None:
        """Load the examples and embed them (a few seconds for some hundreds), or read them from the cache."""
        self.readings, pairs = load_examples(path)
        self._labels = np.array([label for label, _ in pairs])
        self._vectors = _embedded([mask_for_examples(text) for _, text in pairs])
        logger.info("intent classifier: %d examples of %d readings", len(pairs), len(self.readings))

    def rank(self, masked: str, families: tuple[str, ...] = FAMILIES) -> list[Scored]:
        """Readings of a masked clause from the given families, best first."""
        from memory.embedding import embed

        similarity = self._vectors @ embed([masked])[0]
        ranked = []
        for label, reading in self.readings.items():
            if reading.family not in families:
                continue
            mine = np.sort(similarity[self._labels == label])[::-1][:_NEIGHBOURS]
            if mine.size:
                # The closest example counts most; the next ones keep a single lucky match in check.
                ranked.append(Scored(reading, float(0.6 * mine[0] + 0.4 * mine.mean())))
        return sorted(ranked, key=lambda s: s.score, reverse=True)


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cowriter"


def _embedded(texts: list[str]) -> np.ndarray:
    """The examples' vectors, from a cache keyed by their text and the model, else computed and cached."""
    from memory.embedding import MODEL_NAME, embed

    digest = hashlib.sha256("\n".join([MODEL_NAME, *texts]).encode()).hexdigest()[:24]
    cached = _cache_folder() / f"intent-examples-{digest}.npy"
    try:
        vectors = np.load(cached)
        if vectors.shape[0] == len(texts):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = embed(texts)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as sink:
            np.save(sink, vectors)
        partial.replace(cached)  # atomic: a reader sees the whole file or none
    except OSError:
        logger.info("could not cache the intent examples in %s", cached.parent)
    return vectors


_CLASSIFIER: Classifier | None = None
_LOCK = threading.Lock()


def warm_up() -> None:
    """Build the classifier in the background, so the first message is read at once."""
    threading.Thread(target=classifier, name="understanding-warm-up", daemon=True).start()


def classifier() -> Classifier:
    """The process's classifier, built on first use."""
    global _CLASSIFIER
    if _CLASSIFIER is None:
        with _LOCK:
            if _CLASSIFIER is None:
                _CLASSIFIER = Classifier()
    return _CLASSIFIER


def mask_for_examples(text: str) -> str:
    """An example as the classifier compares it: section names masked like a clause's."""
    from agent.understand.slots import WHOLE_SONG, sections

    return mask(text, [(f.start, f.end, f.value == WHOLE_SONG) for f in sections(text, None)])


def mask(text: str, spans: list[tuple[int, int, bool]]) -> str:
    """The text with each (start, end, whole song) span replaced by "the section" or "the song", lower case."""
    out, last = [], 0
    for start, end, whole in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        out.append("the song" if whole else "the section")
        last = end
    out.append(text[last:])
    return " ".join("".join(out).casefold().split())
