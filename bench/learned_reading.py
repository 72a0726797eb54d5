"""Train the learned reading (agent/understand/learned.py) on the examples and the development sets; judge it.

    python bench/learned_reading.py          # fit on everything, write agent/understand/learned.npz
    python bench/learned_reading.py --loao   # leave one author out: fit on the others, score on theirs

Each development set of bench/data was written by one author in their own words. The held-out
set teaches nothing: its requests are read only to leave out any example or development request
that says the same words (a few everyday ones, "undo that", were written by more than one
author), so its figure is never of messages the model learned. A message teaches one label: the reading of its one tool (edits and
actions), "answer" (questions), "none" (praise, chat, leaving alone) or "unsure" (the author
expected to be asked). Messages that ask for two tools teach nothing: the rules split those.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

# This file's folder must not shadow the `requests` package that the libraries below import.
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agent.understand.classifier import load_examples, mask_for_examples  # noqa: E402
from agent.understand.learned import ANSWER, NONE, UNSURE, WEIGHTS, Weights, probabilities  # noqa: E402

DATA = HERE / "data"
_DEVELOPMENT = re.compile(r"^requests_dev\d*\.json$")  # never requests_heldout.json
C = 8.0  # inverse regularisation, chosen by leaving one author out (see --loao)


def development_sets(folder: Path = DATA) -> dict[str, list[dict]]:
    """The development sets by name ("dev", "dev2", ...): each one author's requests."""
    return {path.stem.removeprefix("requests_"): json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("requests_dev*.json")) if _DEVELOPMENT.match(path.name)}


def _label_of_tool() -> dict[str, str]:
    readings, _ = load_examples()
    labels: dict[str, str] = {}
    for reading in readings.values():
        if reading.family in ("edit", "action", "preference"):
            labels.setdefault(reading.tool, reading.label)
    return labels


def example_pairs() -> list[tuple[str, str]]:
    """(label, text) of every example in examples.md, questions as "answer" and social readings as "none"."""
    readings, pairs = load_examples()
    family = {label: reading.family for label, reading in readings.items()}
    merged = {"question": ANSWER, "social": NONE}
    return [(merged.get(family[label], label), text) for label, text in pairs]


def label(case: dict, of_tool: dict[str, str]) -> str | None:
    """What one request of a development set teaches, or None when it asks for more than one thing."""
    expect = case["expect"]
    if expect in ("nothing", "chat"):
        return NONE
    if expect == "ask":
        return UNSURE
    if expect == "answer":
        return ANSWER
    tools = set(case.get("tools") or [])
    if len(tools) != 1:
        return None
    return of_tool.get(tools.pop())


def request_pairs(cases: list[dict]) -> list[tuple[str, str]]:
    """(label, text) of the requests that teach one label."""
    of_tool = _label_of_tool()
    return [(found, case["say"]) for case in cases if (found := label(case, of_tool)) is not None]


def digest(pairs: list[tuple[str, str]]) -> str:
    """A fingerprint of a training set and the embedding model, so stale weights are noticed."""
    from memory.embedding import MODEL_NAME

    return hashlib.sha256("\n".join([MODEL_NAME, *(f"{lab}\t{text}" for lab, text in pairs)]).encode()).hexdigest()[:24]


def held_out_words(folder: Path = DATA) -> set[str]:
    """The held-out requests' words, case-folded: never taught, whoever wrote them."""
    path = folder / "requests_heldout.json"
    if not path.exists():
        return set()
    return {" ".join(case["say"].casefold().split()) for case in json.loads(path.read_text(encoding="utf-8"))}


def _not_held_out(pairs: list[tuple[str, str]], held_out: set[str]) -> list[tuple[str, str]]:
    return [(lab, text) for lab, text in pairs if " ".join(text.casefold().split()) not in held_out]


def training_pairs() -> list[tuple[str, str]]:
    """Everything the shipped weights learn from: the examples, then every development set in name order."""
    pairs = example_pairs() + [pair for cases in development_sets().values() for pair in request_pairs(cases)]
    return _not_held_out(pairs, held_out_words())


def _vectors(pairs: list[tuple[str, str]]) -> np.ndarray:
    from agent.understand.classifier import _embedded

    return _embedded([mask_for_examples(text) for _, text in pairs])


def fit(vectors: np.ndarray, labels: list[str], pairs_digest: str = "") -> Weights:
    """A multinomial logistic regression of the labels on the vectors."""
    from sklearn.linear_model import LogisticRegression

    from memory.embedding import MODEL_NAME

    model = LogisticRegression(C=C, max_iter=5000).fit(vectors, labels)
    return Weights(tuple(str(c) for c in model.classes_), model.coef_.astype(np.float32),
                   model.intercept_.astype(np.float32), MODEL_NAME, pairs_digest)


def save(trained: Weights, path: Path = WEIGHTS) -> None:
    """Write the weights atomically."""
    partial = path.with_suffix(".tmp.npz")
    np.savez_compressed(partial, labels=np.array(trained.labels), coef=trained.coef, intercept=trained.intercept,
                        model=np.array(trained.model), digest=np.array(trained.digest))
    partial.replace(path)


def leave_one_author_out(threshold: float, veto: float) -> None:
    """Fit without each author in turn and print how well their requests are read.

    Args:
        threshold: The probability at which a change read by the model alone runs.
        veto: The probability of "none" at which a change the rules read is offered instead of run.
    """
    held_out = held_out_words()
    examples = _not_held_out(example_pairs(), held_out)
    sets = {name: _not_held_out(request_pairs(cases), held_out) for name, cases in development_sets().items()}
    example_vectors = _vectors(examples)
    set_vectors = {name: _vectors(pairs) for name, pairs in sets.items()}
    right = total = confident = confident_right = 0
    vetoed = {"change": 0, NONE: 0}
    counted = {"change": 0, NONE: 0}
    mistaken: Counter[tuple[str, str]] = Counter()
    for name, pairs in sets.items():
        others = [n for n in sets if n != name]
        vectors = np.vstack([example_vectors, *(set_vectors[n] for n in others)])
        labels = [lab for lab, _ in examples] + [lab for n in others for lab, _ in sets[n]]
        trained = fit(vectors, labels)
        found = probabilities(set_vectors[name], trained)
        best = [trained.labels[i] for i in found.argmax(axis=1)]
        wanted = [lab for lab, _ in pairs]
        hits = sum(b == w for b, w in zip(best, wanted, strict=True))
        sure = found.max(axis=1) >= threshold
        changes = [b not in (ANSWER, NONE, UNSURE) for b in best]
        confident += sum(s and c for s, c in zip(sure, changes, strict=True))
        confident_right += sum(s and c and b == w for s, c, b, w in zip(sure, changes, best, wanted, strict=True))
        for s, c, b, w in zip(sure, changes, best, wanted, strict=True):
            if s and c and b != w:
                mistaken[(w, b)] += 1
        none = found[:, trained.labels.index(NONE)]
        for w, p in zip(wanted, none, strict=True):
            kind = NONE if w == NONE else "change" if w not in (ANSWER, UNSURE) else None
            if kind is not None:
                counted[kind] += 1
                vetoed[kind] += bool(p >= veto)
        right, total = right + hits, total + len(pairs)
        print(f"{name:6} {hits:4}/{len(pairs):<4} {100 * hits / len(pairs):5.1f}%")
    print(f"all    {right:4}/{total:<4} {100 * right / total:5.1f}%  (best label, each author's set unseen)")
    print(f"changes read at p >= {threshold}: {confident_right}/{confident} right; mistaken for another: "
          + ", ".join(f"{w} as {b} x{n}" for (w, b), n in mistaken.most_common(8)))
    print(f"p(none) >= {veto}: {vetoed[NONE]}/{counted[NONE]} messages that ask for nothing, "
          f"{vetoed['change']}/{counted['change']} that ask for one change")


def main(argv: list[str] | None = None) -> int:
    """Train and write the weights, or judge the training author by author."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loao", action="store_true", help="leave one author out and print the figures")
    options = parser.parse_args(argv)
    if options.loao:
        from agent.understand.reader import LEARNED_RUNS, LEARNED_VETO

        leave_one_author_out(LEARNED_RUNS, LEARNED_VETO)
        return 0
    pairs = training_pairs()
    trained = fit(_vectors(pairs), [lab for lab, _ in pairs], digest(pairs))
    save(trained)
    print(f"{len(pairs)} messages of {len(trained.labels)} labels -> {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
