"""A whole song from MusicGen: section after section, each continuing the last, joined on the bar grid."""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from audio.mix import TARGET_LUFS, concatenate_on_grid, normalize, read_wav
from audio.musicgen import CROSSFADE_MS, MusicGenEngine, Progress, Take
from audio.musicgen_prompt import section_prompt, song_prompt

if TYPE_CHECKING:
    from audio.render import SketchRenderer
    from music.song import Song

logger = logging.getLogger(__name__)


def section_starts(song: Song) -> list[float]:
    """Where each section starts, in seconds, on the song's bar grid (honouring per-section tempi)."""
    starts, now = [], 0.0
    for index, section in enumerate(song.sections):
        starts.append(now)
        now += section.bars * song.meta.beats_per_bar * 60.0 / song.tempo_of(index)
    return starts


def section_edges(song: Song, sample_rate: int) -> list[int]:
    """Sample positions of every section start, then of the song's end, on the bar grid."""
    if sample_rate <= 0:
        raise ValueError("The sample rate must be a positive number of samples per second.")
    times = [*section_starts(song), song.duration_seconds()]
    return [int(round(t * sample_rate)) for t in times]


def sketch_melody(renderer: SketchRenderer, song: Song, index: int) -> tuple[np.ndarray, int]:
    """The sketch render of one section, as audio a melody checkpoint can follow."""
    from music.band.arrange import arrange
    from music.formats.midi import write_midi

    with tempfile.TemporaryDirectory(prefix="cowriter-melody-") as tmp:
        midi = write_midi(arrange(song.excerpt((index,))), Path(tmp) / "section.mid")
        return read_wav(renderer.render(midi, Path(tmp) / "section.wav"))


def generate_song(
    engine: MusicGenEngine,
    song: Song,
    *,
    sketch_renderer: SketchRenderer | None = None,
    seed: int | None = None,
    target_lufs: float | None = TARGET_LUFS,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Take:
    """A MusicGen take of the whole song, as long as the song, loudness-normalised to -14 LUFS.

    Sections are made in order, each from its own prompt (key, tempo, parts, energy) and
    continuing from the end of the music before it; each lasts exactly its bars at its
    tempo and starts on its bar-grid sample, the one before fading out over 20 ms past the
    boundary. With a melody checkpoint, each section also follows the melody and harmony of
    its sketch render. Section i is made with seed `seed + i`.

    Args:
        engine: The MusicGen engine.
        song: The song sheet.
        sketch_renderer: Renders the sketches a melody checkpoint follows; one is made when None.
        seed: Seed of the first section; the engine's when None.
        target_lufs: Loudness of the take (under a -1 dBTP ceiling); None leaves the level as made.
        progress: Called with (message, fraction of the whole song).
        cancel: Set it to stop; GenerationCancelled is raised and nothing is returned.

    Returns:
        The take; its prompt is the song-wide prompt, its seed the first section's.
    """
    sr = engine.sample_rate
    edges = section_edges(song, sr)
    tail = int(round(CROSSFADE_MS * sr / 1000))
    base = engine.seed if seed is None else seed
    if engine.is_melody and sketch_renderer is None:
        from audio.render import SketchRenderer

        sketch_renderer = SketchRenderer()
    clips: list[np.ndarray] = []
    heard = np.zeros((0, engine.channels), dtype=np.float32)  # the song so far, cut on the grid
    count = len(song.sections)
    for index, section in enumerate(song.sections):
        length = edges[index + 1] - edges[index]
        wanted = length + (tail if index + 1 < count else 0)
        melody, melody_sr = (None, None)
        if engine.is_melody and sketch_renderer is not None:
            melody, melody_sr = sketch_melody(sketch_renderer, song, index)
        report = _section_progress(progress, section.label, edges, index)
        prompt, seconds = section_prompt(song, index), wanted / sr
        if index == 0:
            take = engine.generate(
                prompt, seconds, melody=melody, melody_sr=melody_sr, seed=base, progress=report, cancel=cancel
            )
        else:
            take = engine.continue_audio(
                heard, sr, prompt, seconds, melody=melody, melody_sr=melody_sr, seed=base + index,
                progress=report, cancel=cancel,
            )  # fmt: skip
        clip = _exactly(take.samples, wanted)
        clips.append(clip)
        heard = np.concatenate([heard, clip[:length]])
        logger.info("generated %s (%.1f s) with %s", section.label, length / sr, engine.model_id)
    mixed = concatenate_on_grid(clips, sr, [edge / sr for edge in edges[:-1]], crossfade_ms=CROSSFADE_MS)
    samples = mixed[: edges[-1]] if target_lufs is None else normalize(mixed[: edges[-1]], sr, target_lufs)
    if progress is not None:
        progress("Generated the whole song", 1.0)
    return Take(samples, sr, song_prompt(song), base, engine.model_id, samples.shape[0] / sr)


def _exactly(samples: np.ndarray, frames: int) -> np.ndarray:
    """`frames` frames of a take: trimmed, or padded with silence should the model come up short."""
    if samples.shape[0] >= frames:
        return samples[:frames]
    return np.pad(samples, ((0, frames - samples.shape[0]), (0, 0)))


def _section_progress(progress: Progress | None, label: str, edges: list[int], index: int) -> Progress | None:
    """A section's progress, reported as a share of the whole song by length."""
    if progress is None:
        return None
    total = max(1, edges[-1])
    done, share = edges[index] / total, (edges[index + 1] - edges[index]) / total

    def report(message: str, fraction: float) -> None:
        progress(f"{label}: {message}", min(1.0, done + share * fraction))

    return report
