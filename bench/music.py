"""Benchmarks of the music logic on a 3-minute song: plan, arrange, write the melody, export MusicXML.

Run with `python bench/music.py`. Each step is timed best of 3 and printed as one table.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from music.band.arrange import arrange  # noqa: E402
from music.formats.musicxml import write_musicxml  # noqa: E402
from music.plan.planner import plan_song  # noqa: E402
from music.song import Song, section_with  # noqa: E402
from music.words.melody import write_melody  # noqa: E402

MINUTES = 3.0
REPEATS = 3
LINES = {
    "verse": ("I packed my life in a canvas bag", "the kitchen light still burning low",
              "my father's coat, my mother's flag", "the road is all I've come to know"),
    "pre-chorus": ("and every mile a little more", "I feel the river pull me on"),
    "chorus": ("so long to the river", "so long to the door", "I'm leaving for ever", "and I won't be back no more"),
    "bridge": ("maybe one day I'll come around", "maybe the light will still be on"),
}  # fmt: skip


def _best_of(repeats: int, action: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def three_minute_brief(minutes: float = MINUTES) -> str:
    """A brief whose planned song lasts about `minutes`: the tempo is set from the planner's form."""
    probe = plan_song("a folk song about leaving home, 100 BPM, D minor")
    beats = probe.total_bars * probe.meta.beats_per_bar
    bpm = round(beats / minutes)
    return f"a folk song about leaving home, {bpm} BPM, D minor"


def with_lyrics(song: Song) -> Song:
    """The song with lyrics in every section that is sung, so the melody writer sets every syllable."""
    for index, section in enumerate(song.sections):
        lines = LINES.get(section.kind)
        if lines:
            song = song.replace_section(index, section_with(section, lyrics=lines))
    return song


def bench_music(repeats: int = REPEATS) -> list[tuple[str, float]]:
    """Seconds (best of `repeats`) for each step on a 3-minute song."""
    brief = three_minute_brief()
    song = with_lyrics(plan_song(brief))
    sung = write_melody(song, "all").song
    rows = [
        ("plan (brief -> song sheet)", _best_of(repeats, lambda: plan_song(brief))),
        ("arrange (sheet -> 4-part notes)", _best_of(repeats, lambda: arrange(song))),
        ("write melody (every section, tenor)", _best_of(repeats, lambda: write_melody(song, "all"))),
    ]
    with tempfile.TemporaryDirectory(prefix="cowriter-bench-") as tmp:
        target = Path(tmp) / "song.musicxml"
        rows.append(("export MusicXML (with lyrics)", _best_of(repeats, lambda: write_musicxml(sung, target))))
    minutes, seconds = divmod(round(song.duration_seconds()), 60)
    print(f"Song: {brief!r}: {song.total_bars} bars, {minutes}:{seconds:02d}, "
          f"{sum(len(s.melody) for s in sung.sections)} melody notes")  # fmt: skip
    return rows


def main() -> None:
    """Print the table."""
    rows = bench_music()
    print(f"\nMusic logic on a {MINUTES:g}-minute song (best of {REPEATS})")
    print(f"{'':40} {'ms':>9}")
    for what, seconds in rows:
        print(f"{what:40} {seconds * 1000:9.1f}")


if __name__ == "__main__":
    main()
