"""How a render's parts sit in the mix: each stem's loudness against the style's balance targets."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from audio.mix import loudness_lufs, read_wav
from audio.render import SketchRenderer
from music.band.arrange import arrange
from music.band.styles import style_for
from music.formats.midi import write_midi
from music.song import Song


def stem_loudness(song: Song, renderer: SketchRenderer) -> dict[str, float]:
    """Integrated loudness (LUFS) of each role's stem in the song's render, as the mix plays it."""
    roles = {part.name: part.role for part in song.meta.parts}
    with tempfile.TemporaryDirectory(prefix="balance-") as folder:
        stems = renderer.render_stems(write_midi(arrange(song), Path(folder) / "song.mid"), Path(folder) / "stems")
        found: dict[str, float] = {}
        for name, path in stems.items():
            audio, rate = read_wav(path)
            found[roles.get(name, name)] = loudness_lufs(audio, rate)
    return found


def balance_errors(song: Song, loudness: dict[str, float]) -> dict[str, float]:
    """Per role, how many LU louder (+) or softer (-) than its style's target it sits against the others.

    Both the measured levels and the targets are taken relative to their own mean over the
    roles the song has, so the mix's overall level does not count.
    """
    targets = {role: level for role, level in style_for(song.meta.style).balance if role in loudness}
    if not targets:
        return {}
    measured = {role: loudness[role] for role in targets}
    measured_mean = float(np.mean(list(measured.values())))
    target_mean = float(np.mean(list(targets.values())))
    return {role: (measured[role] - measured_mean) - (targets[role] - target_mean) for role in targets}
