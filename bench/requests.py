"""How well cowriter understands musicians: every request in bench/data played to a real session, effects checked.

Run with `python bench/requests.py` (add `--liar` to answer every request the understanding
layer leaves to the language model with a scripted model that always claims a change, the
worst case for the truth filter; `--failures` lists the development part's misses; `--only
dev|heldout`). Prints accuracy on the development and the held-out parts, the false-edit
rate (a version made where none was asked), the wrong-section rate, invented change claims
and seconds per request. The held-out part's cases are never printed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# This file's folder must not shadow the `requests` package that the libraries below import.
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = HERE / "data"


def _order(path: Path) -> tuple[bool, int]:
    """Development parts in the order they were written (dev, dev2, ... dev14), the held-out part last."""
    name = path.stem.removeprefix("requests_")
    return name == "heldout", int(name.removeprefix("dev") or 1) if name.startswith("dev") else 0


PARTS = {path.stem.removeprefix("requests_"): path for path in sorted(DATA.glob("requests_*.json"), key=_order)}
META_FIELDS = ("tempo", "key", "style", "time_signature", "parts")
# Tools that move between versions without making one.
HISTORY = {"undo", "redo", "checkout"}


@dataclass
class Outcome:
    """What one request did, and how it was judged."""

    say: str
    expect: str
    correct: bool
    false_edit: bool = False
    wrong_section: bool = False
    invented: bool = False
    seconds: float = 0.0
    why: list[str] = field(default_factory=list)


def _liar() -> Any:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    class Liar(GenericFakeChatModel):
        """A model that claims a change whatever it is asked."""

        def bind_tools(self, tools: Any, **kwargs: Any) -> Liar:
            return self

        def bind(self, **kwargs: Any) -> Liar:  # type: ignore[override]
            return self

    claim = ("Done! I made the chorus brighter: F -> Fmaj7, C -> Cadd9, and moved the bridge up a whole step. "
             "Here's the revised version 3 at 104 BPM.")  # fmt: skip
    return Liar(messages=iter([AIMessage(content=claim)] * 10_000))


def _meta(song: Any) -> dict[str, Any]:
    meta = song.meta
    return {"tempo": meta.tempo, "key": str(meta.key), "style": meta.style, "time_signature": meta.time_signature,
            "parts": tuple(p.name for p in meta.parts)}  # fmt: skip


def _changed_sections(before: Any, after: Any) -> set[str]:
    old = {s.label: s.model_dump() for s in before.sections}
    new = {s.label: s.model_dump() for s in after.sections}
    return {label for label in old.keys() | new.keys() if old.get(label) != new.get(label)}


def _lead_ins(before: Any, after: Any, wanted: list[str], ran: list[str]) -> set[str]:
    """Sections a key change prepared: the one before a moved section, changed in its last bar's chord only.

    A modulation retargets the chord before it (a pivot or the new key's dominant); the band
    and the melody of that section follow its new last chord.
    """
    if "change_key" not in ran:
        return set()
    labels = [s.label for s in before.sections]
    new = {s.label: s for s in after.sections}
    prepared = set()
    for index, label in enumerate(labels):
        if label in wanted and index > 0 and labels[index - 1] not in wanted and labels[index - 1] in new:
            old, now = before.sections[index - 1], new[labels[index - 1]]
            if old.chords[:-1] == now.chords[:-1] and old.lyrics == now.lyrics and old.bars == now.bars:
                prepared.add(labels[index - 1])
    return prepared


def _tempo_of(song: Any, labels: set[str]) -> float:
    for section in song.sections:
        if section.label in labels and section.tempo is not None:
            return float(section.tempo)
    return float(song.meta.tempo)


def _invented(reply: str, steps: tuple[Any, ...], said: str) -> bool:
    """Whether the reply claims a change in words no tool wrote (the musician's own words quoted back claim nothing)."""
    from agent.truth import claims_change

    rest = re.sub(r'"([^"]+)"', lambda quoted: " " if quoted[1].casefold() in said.casefold() else quoted[0], reply)
    for step in steps:
        rest = rest.replace(step.result, " ")
    sentences = [s for s in rest.replace("\n", ". ").split(". ") if s.strip() and not s.startswith("Nothing changed")]
    return any(claims_change(s) for s in sentences)


def judge(case: dict[str, Any], turn: Any, before: Any, after: Any, made: int, moved: bool) -> Outcome:
    """How a turn did against its case."""
    from agent.slash import parse_slash

    expect = case["expect"]
    wanted = list(case.get("tools", []))
    ran = [s.tool for s in turn.steps if s.ok]
    outcome = Outcome(case["say"], expect, True)
    why = outcome.why
    changed = _changed_sections(before, after) if moved else set()
    meta_before, meta_after = _meta(before), _meta(after)
    meta = {k for k in META_FIELDS if meta_before[k] != meta_after[k]}
    outcome.invented = made == 0 and _invented(turn.reply, turn.steps, case["say"])
    if outcome.invented:
        why.append("claims a change no tool made")
    if expect == "edit":
        if made == 0:
            why.append("no new version")
        if sorted(ran) != sorted(wanted):
            why.append(f"ran {ran}, wanted {wanted}")
        for wanted_args in case.get("args") or []:
            if wanted_args and not any(_matches(s.args, wanted_args) for s in turn.steps if s.ok):
                why.append(f"no step with {wanted_args}")
        if case.get("sections") is not None and changed - _lead_ins(before, after, case["sections"], ran) != set(
            case["sections"]
        ):
            outcome.wrong_section = sorted(ran) == sorted(wanted)
            why.append(f"changed {sorted(changed)}, wanted {sorted(case['sections'])}")
        if "kinds_after" in case and [s.kind for s in after.sections] != case["kinds_after"]:
            why.append(f"form {[s.kind for s in after.sections]}")
        if meta != set(case.get("meta") or []) and (case.get("meta") is not None or case.get("sections") is not None):
            why.append(f"meta changed {sorted(meta)}, wanted {case.get('meta') or []}")
        if case.get("tempo") in ("faster", "slower"):
            labels = set(case.get("sections") or [])
            old, new = _tempo_of(before, labels), _tempo_of(after, labels)
            if (new > old) != (case["tempo"] == "faster") or new == old:
                why.append(f"tempo {old:g} -> {new:g}, wanted {case['tempo']}")
    else:
        if made:
            outcome.false_edit = True
            why.append(f"made {made} version(s)")
        if moved and not set(wanted) & HISTORY:
            outcome.false_edit = True
            why.append("moved the current version")
    # An action that had nothing to act on (a redo with nothing undone) still shows it was understood.
    tried = [s.tool for s in turn.steps]
    if expect == "action" and sorted(set(tried)) != sorted(set(wanted)):
        why.append(f"ran {tried}, wanted {wanted}")
    if expect == "answer":
        missing = [a for a in case.get("answer", []) if a.casefold() not in turn.reply.casefold()]
        if missing:
            why.append(f"reply lacks {missing}")
    if expect == "ask":
        offered = set()
        for option in turn.options:
            try:
                offered.add(parse_slash(option).tool)
            except Exception:  # an option that is no command counts as none
                why.append(f"option {option!r} is no command")
        if not offered & set(wanted):
            why.append(f"offered {sorted(offered)}, wanted one of {wanted}")
    outcome.correct = not why
    return outcome


def _matches(args: dict[str, Any], wanted: dict[str, Any]) -> bool:
    for key, value in wanted.items():
        got = args.get(key)
        if key == "chart" and isinstance(value, str) and isinstance(got, str):
            if _chords(got) != _chords(value):  # "Am F C G" and "Am | F | C | G" are the same chords, one a bar
                return False
        elif isinstance(value, (int, float)) and isinstance(got, (int, float)) and not isinstance(value, bool):
            if float(got) != float(value):
                return False
        elif got != value:
            return False
    return True


def _chords(chart: str) -> list[str]:
    return [token for token in chart.replace("|", " ").split() if token]


def run_part(name: str, cases: list[dict[str, Any]], workspace: Any) -> list[Outcome]:
    """Play each case to a fresh project on the session song; judge what changed."""
    from agent.session import Session
    from music.song import parse_song
    from tools.common import commit

    song = parse_song(json.loads((DATA / "session_song.json").read_text(encoding="utf-8")))
    first = song.with_updates(meta=song.meta.model_copy(update={"tempo": 96.0}))
    outcomes = []
    for number, case in enumerate(cases, start=1):
        session = Session(workspace=workspace, project=f"{name}-{number}")
        commit(session.tools, first, "plan_song", "the session song at 96 BPM")
        commit(session.tools, song, "set_tempo", "Song: tempo 96 -> 100 BPM")
        before = session.head()
        count = len(session.versions())
        started = time.perf_counter()
        turn = session.send(case["say"])
        seconds = time.perf_counter() - started
        after = session.head()
        assert before is not None and after is not None  # noqa: S101 - the bench set both up
        outcome = judge(case, turn, before.song, after.song, len(session.versions()) - count, after.id != before.id)
        outcome.seconds = seconds
        outcomes.append(outcome)
        session.close()
    return outcomes


def report(name: str, outcomes: list[Outcome], failures: bool) -> None:
    """Print one part's figures (and, for the development parts only, their misses when asked)."""
    total = len(outcomes)
    correct = sum(o.correct for o in outcomes)
    not_edits = [o for o in outcomes if o.expect != "edit"]
    edits = [o for o in outcomes if o.expect == "edit"]
    print(f"\n## {name}: {total} requests")
    print(f"correct:          {correct}/{total} = {correct / total:.1%}")
    print(f"false edits:      {sum(o.false_edit for o in not_edits)}/{len(not_edits)} requests that asked for none")
    print(f"wrong sections:   {sum(o.wrong_section for o in edits)}/{len(edits)} edits")
    print(f"invented claims:  {sum(o.invented for o in outcomes)}")
    print(f"seconds/request:  {sum(o.seconds for o in outcomes) / total:.2f} (median "
          f"{sorted(o.seconds for o in outcomes)[total // 2]:.2f})")  # fmt: skip
    kinds = Counter(o.expect for o in outcomes)
    right = Counter(o.expect for o in outcomes if o.correct)
    print("by kind:          " + ", ".join(f"{k} {right[k]}/{n}" for k, n in sorted(kinds.items())))
    if name == "heldout":
        # Everyday requests ("undo that") were written word for word by more than one author.
        said = _development_words()
        fresh = [o for o in outcomes if _words(o.say) not in said]
        print(f"in no dev part:   {sum(o.correct for o in fresh)}/{len(fresh)} correct "
              f"({total - len(fresh)} requests are said word for word in a development part)")
    if failures and name != "heldout":
        for o in outcomes:
            if not o.correct:
                print(f"  MISS [{o.expect}] {o.say!r}: {'; '.join(o.why)}")


def _words(say: str) -> str:
    return " ".join(say.casefold().split())


def _development_words() -> set[str]:
    return {_words(case["say"]) for name, path in PARTS.items() if name != "heldout"
            for case in json.loads(path.read_text(encoding="utf-8"))}


def main() -> None:
    """Run the bench."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--liar", action="store_true", help="a scripted model that always claims a change")
    parser.add_argument("--failures", action="store_true", help="list the development part's misses")
    parser.add_argument("--only", choices=sorted(PARTS), help="run one part")
    options = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    logging_off()
    from agent.session import Workspace
    from agent.settings import Settings

    with tempfile.TemporaryDirectory() as home:
        # Renders at 11 kHz keep the run short; the figures are about understanding, not sound.
        settings = Settings(home=Path(home), sample_rate=11_025)
        workspace = Workspace(settings, chat_model=_liar() if options.liar else None)
        print(f"# Requests, {'a lying scripted model' if options.liar else 'the embedded model'} behind the "
              "understanding layer")  # fmt: skip
        try:
            for name in [options.only] if options.only else list(PARTS):
                cases = json.loads(PARTS[name].read_text(encoding="utf-8"))
                report(name, run_part(name, cases, workspace), options.failures)
        finally:
            workspace.close()


def logging_off() -> None:
    """Keep the figures readable: library warnings go nowhere."""
    import logging
    import warnings

    logging.basicConfig(level=logging.ERROR)
    warnings.filterwarnings("ignore")


if __name__ == "__main__":
    main()
