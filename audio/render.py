"""The sketch renderer: MIDI to a loudness-normalised stereo WAV and per-track stems, in seconds."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import mido
import numpy as np

from audio.fluid import (
    FluidLibrary,
    FluidUnavailable,
    command_available,
    library_available,
    midi_for_track,
    render_with_command,
)
from audio.mix import (
    TARGET_LUFS,
    AudioFileError,
    limiter_gain,
    loudness_gain,
    peak_per_frame,
    without_rumble,
    write_wav_atomic,
)
from audio.soundfont import MISSING_SOUNDFONT, find_soundfont
from audio.synth import BuiltinSynth
from audio.timeline import MidiReadError, Timeline, build_timeline, read_midi
from music.errors import CowriterError

logger = logging.getLogger(__name__)

Engine = Literal["fluidsynth", "builtin"]
_Backend = Literal["library", "command", "builtin"]

BUILTIN_NOTICE = (
    "No SoundFont was found, so the built-in synthesiser is playing; for real instruments install Debian's "
    "fluid-soundfont-gm package (and fluidsynth), or set COWRITER_SOUNDFONT to a .sf2 file."
)
NO_FLUIDSYNTH_NOTICE = (
    "FluidSynth is not installed, so the built-in synthesiser is playing; "
    "install Debian's fluidsynth package to hear the SoundFont."
)
_TAIL_S = 1.0  # room for releases and reverb, trimmed back to what is audible
_SILENCE_DB = -60.0  # below the loudest frame: the tail has died away
_FADE_S = 0.01


class RenderError(CowriterError):
    """A render that could not be made; nothing was written."""


@dataclass(frozen=True)
class Render:
    """A finished render: where it is, how long it lasts and which engine played it."""

    path: Path
    seconds: float
    engine: Engine


class SketchRenderer:
    """Renders standard MIDI files through a General MIDI SoundFont, or the built-in synth.

    The SoundFont is loaded once, on the first render (or `warm_up`), and reused. One lock
    per renderer keeps renders from several threads in turn.

    Args:
        soundfont: SoundFont to use; found automatically when None.
        sample_rate: Output rate in Hz.
        engine: "auto" (FluidSynth when a SoundFont is found), "fluidsynth" (fail
            without one) or "builtin".
        target_lufs: Loudness of a normalised mix.

    Raises:
        SoundFontError: When `soundfont` names a file that does not exist.
        RenderError: When engine="fluidsynth" and no SoundFont is found.
    """

    def __init__(
        self,
        soundfont: Path | None = None,
        sample_rate: int = 44100,
        *,
        engine: Literal["auto", "fluidsynth", "builtin"] = "auto",
        target_lufs: float = TARGET_LUFS,
    ) -> None:
        if not 8000 <= sample_rate <= 96000:
            raise ValueError("The sample rate must be between 8000 and 96000 Hz.")
        if engine not in ("auto", "fluidsynth", "builtin"):
            raise ValueError("The engine must be 'auto', 'fluidsynth' or 'builtin'.")
        self.sample_rate = sample_rate
        self.target_lufs = target_lufs
        self._lock = threading.Lock()
        self._library: FluidLibrary | None = None
        self._builtin = BuiltinSynth(sample_rate, _TAIL_S)
        self._notice: str | None = None
        self._soundfont = None if engine == "builtin" else find_soundfont(soundfont)
        self._backend: _Backend
        if engine == "builtin":
            self._backend = "builtin"
        elif self._soundfont is None:
            if engine == "fluidsynth":
                raise RenderError(MISSING_SOUNDFONT)
            self._backend, self._notice = "builtin", BUILTIN_NOTICE
        else:
            self._backend = "library"
            if not library_available():
                logger.warning("The FluidSynth library cannot be loaded; using the fluidsynth command")
                self._fall_back()

    @property
    def engine(self) -> Engine:
        """Which engine plays: "fluidsynth" or "builtin"."""
        return "builtin" if self._backend == "builtin" else "fluidsynth"

    @property
    def notice(self) -> str | None:
        """A sentence for the musician when the built-in synth stands in for a SoundFont."""
        return self._notice

    @property
    def soundfont(self) -> Path | None:
        """The SoundFont in use, if any."""
        return self._soundfont if self._backend != "builtin" else None

    def warm_up(self) -> None:
        """Load the SoundFont and the loudness meter now, so the first render is as quick as the rest.

        Call it at start-up: loading FluidR3 and importing the meter take a second or more.
        """
        import pyloudnorm  # noqa: F401
        import scipy.ndimage  # noqa: F401

        with self._lock:
            self._ensure_library()

    def close(self) -> None:
        """Free the synthesiser and its SoundFont; a later render loads it again."""
        with self._lock:
            if self._library is not None:
                self._library.close()
                self._library = None

    def render(self, midi: mido.MidiFile | Path, out: Path, *, normalize: bool = True) -> Path:
        """Render a MIDI file to a stereo 24-bit WAV at -14 LUFS (or unnormalised), never clipping.

        Raises:
            RenderError: When the MIDI is unreadable or has no notes, or `out` cannot be written.
        """
        return self.render_take(midi, out, normalize=normalize).path

    def render_take(self, midi: mido.MidiFile | Path, out: Path, *, normalize: bool = True) -> Render:
        """Like `render`, but says how long the take is and which engine played it."""
        out = Path(out)
        with self._lock:
            midi_file, timeline = self._load(midi)
            raw = self._play(midi_file, timeline, None)
            end = self._audible_end(raw, timeline)
            gain = self._gain(raw[:end], normalize)
            audio = self._finish(raw[:end], gain)
            self._check(audio, timeline)
            self._write(out, audio)
            logger.info("Rendered %s (%.1f s, %s)", out.name, end / self.sample_rate, self.engine)
            return Render(out, end / self.sample_rate, self.engine)

    def render_stems(
        self, midi: mido.MidiFile | Path, out_dir: Path, *, normalize: bool = True, mix: Path | None = None
    ) -> dict[str, Path]:
        """Render one WAV per MIDI track that has notes, keyed by track name.

        Every stem gets the gain of the full mix, frame by frame, so the stems add up to it.
        Either all stems are written or none.

        Args:
            midi: A standard MIDI file, loaded or on disk.
            out_dir: Folder for the stems ("01-drums.wav", ...); made if missing.
            normalize: Bring the mix to the target loudness (stems follow it).
            mix: Also write the sum of the stems here, saving a separate `render`.

        Raises:
            RenderError: When the MIDI is unreadable or has no notes, or `out_dir` cannot be written.
        """
        out_dir = Path(out_dir)
        with self._lock:
            midi_file, timeline = self._load(midi)
            raws = {track: self._play(midi_file, timeline, track) for track in timeline.note_tracks}
            summed = np.sum(list(raws.values()), axis=0)
            end = self._audible_end(summed, timeline)
            gain = self._gain(summed[:end], normalize)
            mixdown = self._finish(summed[:end], gain)
            self._check(mixdown, timeline)
            names = [timeline.track_names[t] for t in raws]
            files = _stem_files(names)
            staging = self._staging(out_dir)
            try:
                for track, name in zip(raws, names, strict=True):
                    write_wav_atomic(staging / files[name], self._finish(raws[track][:end], gain), self.sample_rate)
                if mix is not None:
                    self._write(Path(mix), mixdown)
                for name in names:
                    os.replace(staging / files[name], out_dir / files[name])
            except (AudioFileError, OSError) as exc:
                raise RenderError(f"Could not write the stems to {out_dir}; check that the folder is writable.") from exc
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            return {name: out_dir / files[name] for name in names}

    # -- steps -------------------------------------------------------------------------

    def _load(self, midi: mido.MidiFile | Path) -> tuple[mido.MidiFile, Timeline]:
        try:
            midi_file = read_midi(midi)
            timeline = build_timeline(midi_file)
        except MidiReadError as exc:
            raise RenderError(str(exc)) from exc
        if not timeline.note_tracks:
            raise RenderError("There are no notes to play in this MIDI file.")
        return midi_file, timeline

    def _ensure_library(self) -> None:
        if self._backend != "library" or self._library is not None or self._soundfont is None:
            return
        try:
            self._library = FluidLibrary(self._soundfont, self.sample_rate)
        except FluidUnavailable as exc:
            logger.warning("FluidSynth library unavailable (%s); trying the command", exc)
            self._fall_back()

    def _fall_back(self) -> None:
        if self._backend == "library" and command_available():
            self._backend = "command"
        else:
            self._backend, self._notice = "builtin", NO_FLUIDSYNTH_NOTICE

    def _play(self, midi: mido.MidiFile, timeline: Timeline, track: int | None) -> np.ndarray:
        """Stereo frames of the whole file, or of one track, with a tail to trim; DC and rumble filtered out."""
        return without_rumble(self._played(midi, timeline, track), self.sample_rate)

    def _played(self, midi: mido.MidiFile, timeline: Timeline, track: int | None) -> np.ndarray:
        """Raw stereo frames of the whole file, or of one track, as the engine plays them."""
        frames = int(np.ceil((timeline.length + _TAIL_S) * self.sample_rate))
        self._ensure_library()
        if self._library is not None:
            return self._library.render(timeline.events_for(track), frames)
        if self._backend == "command" and self._soundfont is not None:
            try:
                return render_with_command(self._soundfont, midi_for_track(midi, track), self.sample_rate, frames)
            except FluidUnavailable as exc:
                logger.warning("fluidsynth command failed (%s); using the built-in synth", exc)
                self._fall_back()
        return self._builtin.render(timeline, track)[:frames]

    def _audible_end(self, raw: np.ndarray, timeline: Timeline) -> int:
        """Frame where the render ends: the MIDI's end, or later while the tail is still audible."""
        shortest = min(raw.shape[0], int(np.ceil(timeline.length * self.sample_rate)))
        level = np.maximum(np.abs(raw[:, 0]), np.abs(raw[:, 1]))
        loud = np.flatnonzero(level > level.max() * 10 ** (_SILENCE_DB / 20))
        last = int(loud[-1]) + 1 if loud.size else 0
        return int(min(raw.shape[0], max(shortest, last + int(_FADE_S * self.sample_rate))))

    def _gain(self, mix: np.ndarray, normalize: bool) -> np.ndarray:
        if normalize:
            return loudness_gain(mix, self.sample_rate, self.target_lufs)
        return limiter_gain(peak_per_frame(mix), self.sample_rate)

    def _finish(self, raw: np.ndarray, gain: np.ndarray) -> np.ndarray:
        fade = min(raw.shape[0], int(_FADE_S * self.sample_rate))
        ramp = np.ones(raw.shape[0])
        ramp[raw.shape[0] - fade :] = np.linspace(1.0, 0.0, fade)
        return (raw * (gain * ramp)[:, None]).astype(np.float32)

    def _check(self, audio: np.ndarray, timeline: Timeline) -> None:
        """Make sure what leaves here is stereo, as long as the song and not silent."""
        if audio.ndim != 2 or audio.shape[1] != 2:
            raise RenderError("The render did not come out in stereo.")
        if audio.shape[0] < int(timeline.length * self.sample_rate) - 1:
            raise RenderError("The render came out shorter than the song.")
        if not np.any(np.abs(audio) > 1e-5):
            raise RenderError("The render came out silent; the SoundFont may lack the instruments this song uses.")

    def _write(self, out: Path, audio: np.ndarray) -> None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            write_wav_atomic(out, audio, self.sample_rate)
        except (AudioFileError, OSError) as exc:
            raise RenderError(f"Could not write {out.name} to {out.parent}; check that the folder is writable.") from exc

    def _staging(self, out_dir: Path) -> Path:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=".stems-", dir=out_dir))
        except OSError as exc:
            raise RenderError(f"Could not write the stems to {out_dir}; check that the folder is writable.") from exc


def _stem_files(names: list[str]) -> dict[str, str]:
    """File names for stems in track order: "01-drums.wav", "02-bass.wav"."""
    files = {}
    for index, name in enumerate(names, start=1):
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "track"
        files[name] = f"{index:02d}-{slug}.wav"
    return files
