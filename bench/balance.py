"""How far each part of each style's mix sits from its balance target, in LU, on the General MIDI SoundFont.

Run with `python bench/balance.py`. For two briefs per style it renders the stems and prints,
per role, the stem's loudness against the others minus the style's target (0 is on target;
+3 is 3 LU too loud). `--calibrate` also prints the channel volumes (CC7) per role that would
bring the first brief of each style onto its targets, for `volumes=` in `music/band/styles.py`.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from audio.balance import balance_errors, stem_loudness  # noqa: E402
from audio.render import SketchRenderer  # noqa: E402
from music.band.styles import style_for  # noqa: E402
from music.plan.planner import plan_song  # noqa: E402

BRIEFS = {
    "pop": ("upbeat pop song about summer in E major, 118 bpm", "pop ballad about an old photograph in D major"),
    "rock": ("rock song about a highway in E minor, 140 bpm", "rock anthem about a factory town in A minor"),
    "folk": ("folk song about leaving home, 90 BPM, D minor", "folk song about a river in G major"),
    "ballad": ("slow ballad about the sea in F minor", "ballad about a wedding in Eb major"),
    "edm": ("edm track about the night in A minor", "edm anthem about summer festivals in F major"),
    "hip-hop": ("hip hop song about the city", "hip hop track about growing up in C minor"),
    "jazz": ("jazzy tune about rain in Bb major", "jazz ballad about a late train in F major"),
    "r&b": ("r and b slow jam about love", "r&b song about a long drive in Ab major"),
    "blues": ("a blues about a broken car in A", "a slow blues about the rent in E minor"),
    "country": ("a country song about a pickup truck", "a country song about a small town in A major"),
    "bossa nova": ("a bossa nova about the sea", "a bossa nova about a rainy afternoon in D minor"),
    "trap": ("a trap song about money", "a trap song about the block in G minor"),
    "waltz": ("a waltz about a wedding", "a waltz about an old dance hall in F major"),
    "funk": ("a funk tune about dancing", "a funk song about Friday night in A dorian"),
    "reggae": ("a reggae song about the sun", "a reggae song about the island in D major"),
    "disco": ("a disco song about roller skates", "a disco song about the city lights in E minor"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calibrate", action="store_true", help="print the channel volumes that meet the targets")
    options = parser.parse_args()
    renderer = SketchRenderer(sample_rate=22050)
    worst = 0.0
    print("style    brief  " + "  ".join(f"{role:>7}" for role in ("lead", "drums", "bass", "chords", "pad")))
    for style, briefs in BRIEFS.items():
        for number, brief in enumerate(briefs, start=1):
            song = plan_song(brief)
            errors = balance_errors(song, stem_loudness(song, renderer))
            worst = max(worst, *(abs(e) for e in errors.values()))
            cells = "  ".join(f"{errors[r]:+7.1f}" if r in errors else "      -" for r in ("lead", "drums", "bass",
                                                                                          "chords", "pad"))  # fmt: skip
            print(f"{style:8} {number:5}  {cells}")
            if options.calibrate and number == 1:
                print(f"         volumes={_volumes(style, errors)}")
    print(f"largest distance from a target: {worst:.1f} LU")


def _volumes(style: str, errors: dict[str, float]) -> tuple[tuple[str, int], ...]:
    """CC7 per role that moves each stem by minus its error (General MIDI: 40 log10 of the volume's share)."""
    current = {role: style_for(style).volume(role) for role in errors}
    gains = {role: 40 * math.log10(current[role] / 127) - errors[role] for role in errors}
    lift = min(0.0, -max(gains.values()))  # the loudest may reach 127, no further
    return tuple((role, max(1, round(127 * 10 ** ((gains[role] + lift) / 40)))) for role in errors)


if __name__ == "__main__":
    main()
