"""Benchmarks of the musician's loop: how fast a song is heard.

Run with `make bench` (or `python bench/loop.py`). Each benchmark is a function returning
rows for one table; `main()` runs them all.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import mido

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TPB = 480
COMMAND = "fluidsynth command (no loudness)"
PROGRESSION = [[57, 60, 64], [53, 57, 60], [48, 52, 55], [55, 59, 62]]  # Am F C G


@dataclass(frozen=True)
class Row:
    what: str
    seconds: float
    audio_seconds: float

    @property
    def realtime(self) -> float:
        return self.audio_seconds / self.seconds if self.seconds > 0 else float("inf")


def _track(name: str, channel: int, program: int | None, notes: list[tuple[float, float, int, int]]) -> mido.MidiTrack:
    track = mido.MidiTrack([mido.MetaMessage("track_name", name=name)])
    if program is not None:
        track.append(mido.Message("program_change", channel=channel, program=program))
    events = []
    for start, length, pitch, velocity in notes:
        events += [(round(start * TPB), 1, pitch, velocity), (round((start + length) * TPB), 0, pitch, 0)]
    now = 0
    for tick, on, pitch, velocity in sorted(events, key=lambda e: (e[0], e[1])):
        track.append(mido.Message("note_on" if on else "note_off", channel=channel, note=pitch, velocity=velocity, time=tick - now))
        now = tick
    return track


def build_song(minutes: float = 3.0, bpm: float = 100.0) -> mido.MidiFile:
    """A four-part pop song (drums, bass, piano, lead) of about `minutes` minutes."""
    bars = int(minutes * bpm / 4)
    drums, bass, keys, lead = [], [], [], []
    for bar in range(bars):
        chord = PROGRESSION[bar % 4]
        chorus = (bar // 8) % 2 == 1
        for beat in range(4):
            at = bar * 4.0 + beat
            drums += [(at, 0.2, 36 if beat % 2 == 0 else 38, 105), (at, 0.1, 42, 75), (at + 0.5, 0.1, 42, 60)]
        if chorus and bar % 8 == 0:
            drums.append((bar * 4.0, 2.0, 49, 100))
        bass += [(bar * 4.0 + i * 0.5, 0.45, chord[0] - 12, 95) for i in range(8)]
        keys += [(bar * 4.0 + half * 2, 1.9, pitch + (12 if chorus else 0), 75) for half in range(2) for pitch in chord]
        lead += [(bar * 4.0 + i * 0.5, 0.45, chord[i % 3] + 12 + (i % 2) * 2, 85) for i in range(8 if chorus else 4)]
    conductor = mido.MidiTrack([mido.MetaMessage("track_name", name="Tempo"), mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm))])
    midi = mido.MidiFile(ticks_per_beat=TPB)
    midi.tracks += [
        conductor,
        _track("Drums", 9, None, drums),
        _track("Bass", 1, 33, bass),
        _track("Piano", 2, 0, keys),
        _track("Lead", 3, 81, lead),
    ]
    return midi


def _best_of(repeats: int, action: Callable[[], object]) -> float:
    """Fastest of `repeats` runs: the machine's other work only ever adds time."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_render(minutes: float = 3.0, repeats: int = 3) -> list[Row]:
    """Render one song with SketchRenderer (cold and warm, mix and stems), the built-in synth and the fluidsynth command."""
    # Import first, so the cold row measures loading the SoundFont, not Python's imports.
    import pyloudnorm  # noqa: F401
    import scipy.ndimage  # noqa: F401

    from audio.render import SketchRenderer
    from audio.soundfont import find_soundfont

    song = build_song(minutes)
    length = song.length
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="cowriter-bench-") as tmp:
        work = Path(tmp)
        midi_path = work / "song.mid"
        song.save(midi_path)
        soundfont = find_soundfont()
        if soundfont is not None:

            def cold() -> None:
                renderer = SketchRenderer(soundfont)
                renderer.render(midi_path, work / "cold.wav")
                renderer.close()

            rows.append(Row("SketchRenderer, cold (loads SoundFont)", _best_of(repeats, cold), length))
            warm = SketchRenderer(soundfont)
            warm.warm_up()
            rows.append(Row("SketchRenderer, warm", _best_of(repeats, lambda: warm.render(midi_path, work / "warm.wav")), length))
            rows.append(
                Row(
                    "SketchRenderer, warm, 4 stems + mix",
                    _best_of(repeats, lambda: warm.render_stems(midi_path, work / "stems", mix=work / "mix.wav")),
                    length,
                )
            )
            warm.close()
            exe = shutil.which("fluidsynth")
            if exe is not None:
                cmd = [exe, "-ni", "-q", "-g", "0.6", "-F", str(work / "cli.wav"), "-r", "44100", str(soundfont), str(midi_path)]
                rows.append(Row(COMMAND, _best_of(repeats, lambda: subprocess.run(cmd, check=True, capture_output=True)), length))
        builtin = SketchRenderer(engine="builtin")
        rows.append(Row("built-in synth", _best_of(repeats, lambda: builtin.render(midi_path, work / "builtin.wav")), length))
    return rows


def print_table(title: str, rows: list[Row], reference: str | None = None) -> None:
    """Print rows as a small table; `reference` names the row the last column divides by."""
    base = next((r for r in rows if r.what == reference), None)
    print(f"\n{title}")
    print(f"{'':40} {'seconds':>8} {'x real time':>12} {'time / reference':>17}")
    for row in rows:
        ratio = f"{row.seconds / base.seconds:.2f}" if base and base.seconds > 0 else ""
        print(f"{row.what:40} {row.seconds:8.2f} {row.realtime:12.1f} {ratio:>17}")
    if base is not None:
        print(f"reference: {base.what}")


def bench_edit_to_ear(repeats: int = 3) -> list[tuple[str, float]]:
    """Seconds from '/brighter chorus' to a playable WAV of the new chorus, through the session.

    Each repeat undoes the edit first, so every measured edit makes a new version and a
    new render (the undo is not timed).
    """
    from agent.session import Session
    from agent.settings import Settings

    with tempfile.TemporaryDirectory(prefix="cowriter-bench-") as tmp:
        session = Session(Settings(home=Path(tmp)), project="bench")
        session.workspace.renderer.warm_up()
        session.send("/plan folk song about leaving home, 90 BPM, D minor")
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            turn = session.send("/brighter chorus")
            times.append(time.perf_counter() - start)
            if turn.error or not turn.audio:
                raise RuntimeError(f"the edit failed: {turn.reply}")
            session.send("/undo")
        chorus = session.song().sections[session.song().find("chorus")[0]]
        session.close()
    label = f"/brighter chorus -> WAV of {chorus.label} ({chorus.bars} bars)"
    return [(label + ", best", min(times)), (label + ", worst", max(times))]


def main() -> None:
    rows = bench_render()
    audio = rows[0].audio_seconds if rows else 0.0
    print_table(f"Render: {audio:.0f} s song, 4 parts, 44.1 kHz stereo (best of 3)", rows, reference=COMMAND)
    print("\nEdit to ear (target < 1.5 s on 2 cores)")
    for what, seconds in bench_edit_to_ear():
        print(f"{what:60} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
