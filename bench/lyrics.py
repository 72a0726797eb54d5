"""Benchmark of lyric drafting with the embedded model: do the lines meet their targets, and how fast?

For 20 briefs of varied styles and subjects a song is planned, then its first verse and its
chorus are drafted through the session's own lyricist with the real embedded model
(SmolLM2-135M on llama.cpp). Printed: the share of lines within one syllable of their
target and keeping their rhyme, the share of distinct lines, closeness to the brief (mean
embedding cosine), seconds per four-line section, and three sample drafts.

Run with `python bench/lyrics.py` (`--briefs 5` for a quick look, `--json FILE` to keep the figures).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This folder holds bench/requests.py, which would shadow the `requests` package langchain imports.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

# Varied on purpose: styles, subjects, moods, tempos and metres.
BRIEFS = (
    "folk song about leaving home, 90 BPM, D minor",
    "upbeat pop song about summer love at the beach",
    "slow blues about a broken-down pickup truck",
    "country song about my father's farm",
    "indie ballad about my grandmother's garden",
    "punk song about a boring office job, 170 BPM",
    "jazz ballad about a rainy night in Paris",
    "reggae song about island life",
    "hip hop track about growing up in the city",
    "lullaby for a newborn daughter in 3/4",
    "sea shanty about a whaling ship",
    "gospel song about hope after the storm",
    "synthwave track about driving at night",
    "soul song about the first dance at our wedding",
    "heavy metal song about a dragon",
    "bluegrass tune about a train heading west",
    "sad waltz about an old piano in 3/4",
    "pop punk anthem about skipping school",
    "love song about a long-distance phone call",
    "folk song about a lighthouse keeper",
)
SECTIONS = ("verse 1", "chorus")


@dataclass(frozen=True)
class Draft:
    brief: str
    section: str
    lines: tuple[str, ...]
    seconds: float
    target: int
    syllables: tuple[int, ...]
    rhymes: tuple[bool, ...]
    relevance: tuple[float, ...]
    question: str


def draft_all(briefs: tuple[str, ...], home: Path) -> list[Draft]:
    from agent.end_words import EndWords, relevance
    from agent.session import Session
    from agent.settings import Settings
    from music.words.lyric_craft import rhymes_kept, scheme_for, syllable_counts, syllable_target
    from tools.lyricist import LyricRequest

    drafts: list[Draft] = []
    session = Session(Settings(home=home, sample_rate=22050), project="bench")
    try:
        # Start the server and load the embedding model before the clock runs.
        session.workspace.chat_model()
        EndWords("warm up")
        for number, brief in enumerate(briefs, 1):
            turn = session.send(f"/plan {brief}")
            if turn.error:
                raise SystemExit(f"planning '{brief}' failed: {turn.reply}")
            for name in SECTIONS:
                song = session.song()
                assert song is not None
                index = song.find(name)[0]
                section = song.sections[index]
                n_lines = max(2, min(8, section.bars // 2))
                started = time.perf_counter()
                answer = session._lyricist(LyricRequest(song=song, index=index, n_lines=n_lines))
                seconds = time.perf_counter() - started
                lines = answer.lines
                beats = section.bars * song.meta.beats_per_bar / n_lines
                target = syllable_target(section.kind, beats)
                drafts.append(Draft(
                    brief=brief, section=section.label, lines=lines, seconds=seconds, target=target,
                    syllables=tuple(syllable_counts(list(lines))),
                    rhymes=tuple(rhymes_kept(list(lines), scheme_for(section.kind, len(lines)))) if lines else (),
                    relevance=tuple(relevance(list(lines), brief)) if lines else (),
                    question=answer.question,
                ))  # fmt: skip
                if lines:
                    # The next section must not repeat these lines, as in a real session.
                    session.send(f"/lyrics {name}: " + " / ".join(lines))
                print(f"[{number:2d}/{len(briefs)}] {section.label:8s} {seconds:5.1f} s  {brief}", flush=True)
    finally:
        session.close()
    return drafts


def report(drafts: list[Draft]) -> dict[str, float]:
    lines = [(d, k) for d in drafts for k in range(len(d.lines))]
    on_syllables = [abs(d.syllables[k] - d.target) <= 1 for d, k in lines]
    on_rhyme = [d.rhymes[k] for d, k in lines]
    both = [a and b for a, b in zip(on_syllables, on_rhyme, strict=True)]
    texts = [d.lines[k].lower() for d, k in lines]
    four = [d.seconds * 4 / len(d.lines) for d in drafts if d.lines]
    figures = {
        "sections": len(drafts),
        "sections_without_lines": sum(1 for d in drafts if not d.lines),
        "lines": len(lines),
        "syllable_target_share": _share(on_syllables),
        "rhyme_target_share": _share(on_rhyme),
        "both_targets_share": _share(both),
        "distinct_share": len(set(texts)) / len(texts) if texts else 0.0,
        "relevance_mean": statistics.fmean(r for d in drafts for r in d.relevance) if lines else 0.0,
        "seconds_per_section_mean": statistics.fmean(four) if four else 0.0,
        "seconds_per_section_median": statistics.median(four) if four else 0.0,
        "seconds_per_section_max": max(four) if four else 0.0,
    }
    print()
    print(f"Sections drafted: {figures['sections'] - figures['sections_without_lines']} of {figures['sections']} "
          f"({figures['lines']} lines)")
    print(f"Lines within one syllable of the target: {figures['syllable_target_share']:.0%}")
    print(f"Lines keeping the rhyme scheme:          {figures['rhyme_target_share']:.0%}")
    print(f"Lines meeting both targets:              {figures['both_targets_share']:.0%}  (goal >= 90%)")
    print(f"Distinct lines (no chorus repeats here): {figures['distinct_share']:.0%}  (goal 100%)")
    print(f"Closeness to the brief (mean cosine):    {figures['relevance_mean']:.2f}")
    print(f"Seconds per 4-line section: mean {figures['seconds_per_section_mean']:.1f}, median "
          f"{figures['seconds_per_section_median']:.1f}, max {figures['seconds_per_section_max']:.1f}  (goal <= 10)")
    load = os.getloadavg()
    print(f"Load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    for d in [d for d in drafts if not d.lines]:
        print(f"No lines for {d.section} of '{d.brief}': {d.question}")
    return figures


def samples(drafts: list[Draft], count: int = 3) -> None:
    by_brief: dict[str, list[Draft]] = {}
    for d in drafts:
        by_brief.setdefault(d.brief, []).append(d)
    for brief in list(by_brief)[:count]:
        print(f"\n{brief}")
        for d in by_brief[brief]:
            print(f"  {d.section} (target {d.target}):")
            for line, syllables in zip(d.lines, d.syllables, strict=True):
                print(f"    {line}  [{syllables}]")


def _share(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=len(BRIEFS), help="how many of the 20 briefs to draft")
    parser.add_argument("--json", type=Path, help="write the figures and drafts to this file")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    with tempfile.TemporaryDirectory(prefix="cowriter-bench-lyrics-") as folder:
        drafts = draft_all(BRIEFS[: args.briefs], Path(folder))
    figures = report(drafts)
    samples(drafts)
    if args.json:
        args.json.write_text(json.dumps({"figures": figures, "drafts": [asdict(d) for d in drafts]}, indent=2))


if __name__ == "__main__":
    main()
