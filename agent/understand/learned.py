"""A second opinion learned from musicians' messages: which reading a whole message asks for, with a probability.

The rules and the nearest examples (reader.py, classifier.py) read a message first. This model
sees a message they would change the song for (praise they misread is asked about instead) and
a message they leave unread: a logistic regression over the whole message's sentence embedding
(section names masked), trained by `python bench/learned_reading.py` on the examples and on
the development sets of musicians' requests in their own words. Its weights lie beside this
file; without them (or for another embedding model) it has no opinion.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

WEIGHTS = Path(__file__).with_name("learned.npz")
UNSURE = "unsure"  # the label of messages whose musician should be asked what they mean ("change up the chorus")
ANSWER = "answer"  # the label of questions about the song
NONE = "none"  # the label of praise, chat and leaving alone: nothing to change


@dataclass(frozen=True)
class Weights:
    """A trained model: one row of coefficients per label, for one embedding model and one training set."""

    labels: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    model: str
    digest: str


_WEIGHTS: Weights | None = None
_LOADED = False
_LOCK = threading.Lock()


def load(path: Path = WEIGHTS) -> Weights | None:
    """The weights written by the training, or None when there are none for this embedding model."""
    from memory.embedding import MODEL_NAME

    try:
        with np.load(path) as saved:
            weights = Weights(tuple(str(label) for label in saved["labels"]), saved["coef"], saved["intercept"],
                              str(saved["model"]), str(saved["digest"]))
    except (OSError, KeyError, ValueError):
        logger.info("no learned reading weights at %s", path)
        return None
    if weights.model != MODEL_NAME:
        logger.info("the learned reading weights are for %s, not %s", weights.model, MODEL_NAME)
        return None
    return weights


def weights() -> Weights | None:
    """The process's weights, loaded on first use."""
    global _WEIGHTS, _LOADED
    if not _LOADED:
        with _LOCK:
            if not _LOADED:
                _WEIGHTS, _LOADED = load(), True
    return _WEIGHTS


def probabilities(vectors: np.ndarray, trained: Weights) -> np.ndarray:
    """Each row's probability of each label (softmax of the linear scores)."""
    scores = vectors @ trained.coef.T + trained.intercept
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def guess(text: str) -> list[tuple[str, float]]:
    """The labels a whole message may mean, most likely first, with their probabilities; [] without weights."""
    from agent.understand.classifier import mask_for_examples
    from memory.embedding import embed

    trained = weights()
    if trained is None:
        return []
    row = probabilities(embed([mask_for_examples(text)]), trained)[0]
    order = np.argsort(row)[::-1]
    return [(trained.labels[i], float(row[i])) for i in order]
