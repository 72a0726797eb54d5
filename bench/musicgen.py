"""Benchmark of MusicGen takes: steps per second and times real time, our engine against transformers' generate.

Random weights at the official sizes (small, medium; built in code, nothing downloaded), batch 1,
classifier-free guidance 3, top-k 250. On a machine without CUDA it runs the tiny model:

    python bench/musicgen.py                 # small and medium on CUDA, tiny on CPU
    python bench/musicgen.py --tiny          # the tiny test model, anywhere
    python bench/musicgen.py --sizes small --seconds 10
    python bench/musicgen.py --tiny --threads 2
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PROMPT = "folk song in D minor, 90 BPM, acoustic guitar, fiddle and upright bass, melancholic, chorus, high energy"


@dataclass(frozen=True)
class Row:
    size: str
    seconds: float
    how: str
    steps: int
    wall: float

    @property
    def steps_per_second(self) -> float:
        return self.steps / self.wall

    @property
    def realtime(self) -> float:
        return self.seconds / self.wall


def _timed(torch: Any, work: Any) -> float:
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    start = time.perf_counter()
    work()
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return time.perf_counter() - start


def bench_size(size: str, seconds: list[float], device: str, folder: Path) -> list[Row]:
    import torch
    from transformers import AutoTokenizer, MusicgenForConditionalGeneration

    from audio.musicgen import MusicGenEngine
    from audio.musicgen_checkpoint import quiet_transformers, write_random_checkpoint

    dtype = "float16" if device.startswith("cuda") else "float32"
    started = time.perf_counter()
    write_random_checkpoint(folder, size, dtype=dtype)  # type: ignore[arg-type]
    print(f"{size}: wrote a random checkpoint in {time.perf_counter() - started:.1f} s", flush=True)
    engine = MusicGenEngine(folder, device=device, dtype=dtype)
    load = _timed(torch, engine.load)
    print(f"{size}: engine loaded in {load:.1f} s", flush=True)
    with quiet_transformers():
        loaded: Any = MusicgenForConditionalGeneration.from_pretrained(folder, dtype=getattr(torch, dtype))
        model = loaded.to(device).eval()
        tokenizer = AutoTokenizer.from_pretrained(folder)
    inputs = tokenizer([PROMPT], return_tensors="pt").to(device)
    checkpoint = engine.checkpoint

    def reference(steps: int) -> None:
        with torch.inference_mode(), quiet_transformers():
            model.generate(**inputs, do_sample=True, top_k=250, guidance_scale=3.0, max_new_tokens=steps)

    engine.generate(PROMPT, 1.0)  # warm-up: kernels, caches, allocator
    reference(53)
    rows = []
    for length in seconds:
        steps = math.ceil(round(length * checkpoint.sample_rate) / checkpoint.hop) + checkpoint.delay
        ours = _timed(torch, lambda length=length: engine.generate(PROMPT, length))
        rows.append(Row(size, length, "cowriter engine", steps, ours))
        theirs = _timed(torch, lambda steps=steps: reference(steps))
        rows.append(Row(size, length, "transformers generate", steps, theirs))
        print(f"{size} {length:g} s: engine {ours:.1f} s, transformers {theirs:.1f} s", flush=True)
    return rows


def table(rows: list[Row], device: str) -> str:
    lines = [
        f"MusicGen on {device}, batch 1, CFG 3, top-k 250, random weights",
        f"{'size':<8}{'audio':>7}  {'how':<24}{'steps':>7}{'wall s':>9}{'steps/s':>9}{'x real time':>13}",
    ]
    for r in rows:
        lines.append(
            f"{r.size:<8}{r.seconds:>6g}s  {r.how:<24}{r.steps:>7}{r.wall:>9.2f}{r.steps_per_second:>9.1f}{r.realtime:>13.2f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--tiny", action="store_true", help="the tiny test model (the default without CUDA)")
    parser.add_argument("--sizes", nargs="+", default=["small", "medium"], choices=["small", "medium", "large"])
    parser.add_argument("--seconds", nargs="+", type=float, default=[10.0, 30.0])
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (default: 1 for tiny, else torch's own)")
    args = parser.parse_args(argv)

    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    sizes = ["tiny"] if args.tiny or device == "cpu" else args.sizes
    if args.threads or sizes == ["tiny"]:
        torch.set_num_threads(args.threads or 1)  # a tiny model spends its time on overhead, not arithmetic
    name = torch.cuda.get_device_name() if device == "cuda" else f"CPU ({torch.get_num_threads()} threads)"
    rows: list[Row] = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"musicgen-{size}-") as tmp:
            rows += bench_size(size, args.seconds, device, Path(tmp) / size)
        if device == "cuda":
            torch.cuda.empty_cache()  # the models of one size are gone before the next loads
    print(table(rows, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
