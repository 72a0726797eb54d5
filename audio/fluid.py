"""FluidSynth engines: the library with its SoundFont loaded once, and the `fluidsynth` command as a fallback."""

from __future__ import annotations

import contextlib
import ctypes
import io
import logging
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import mido
import numpy as np
import soundfile as sf

from audio.timeline import TimedEvent
from music.errors import CowriterError

logger = logging.getLogger(__name__)

GAIN = 0.3
_COMMAND_TIMEOUT_S = 600
# pyfluidsynth is imported by one thread at a time (see _import_fluidsynth).
_IMPORTING = threading.Lock()


class FluidUnavailable(CowriterError):
    """FluidSynth, or the SoundFont it was given, cannot be used on this machine."""


class FluidLibrary:
    """FluidSynth through its C library, rendering offline (no audio driver).

    The SoundFont is loaded once, in the constructor, by a synthesiser that only holds
    it. Every render plays on a fresh synthesiser (2 ms) that borrows that SoundFont, so
    no chorus phase or voice state carries over: the same events always give the same
    samples, and stems rendered one by one add up to the mix.

    Args:
        soundfont: An .sf2 or .sf3 file.
        sample_rate: Output rate in Hz.

    Raises:
        FluidUnavailable: When the library is missing or cannot load the SoundFont.
    """

    def __init__(self, soundfont: Path, sample_rate: int) -> None:
        try:
            fluidsynth = _import_fluidsynth()
        except (ImportError, OSError) as exc:
            raise FluidUnavailable("The FluidSynth library is not installed.") from exc
        self._fluidsynth = fluidsynth
        self._api = _bind(fluidsynth)
        _route_log(fluidsynth)
        self.sample_rate = sample_rate
        self.soundfont = soundfont
        self._owner: Any = self._new_synth()
        sfid = self._owner.sfload(str(soundfont))
        self._sfont = self._api["get_sfont_by_id"](self._owner.synth, sfid) if sfid >= 0 else None
        if not self._sfont:
            self._owner.delete()
            self._owner = None
            raise FluidUnavailable(f"FluidSynth could not load the SoundFont {soundfont}.")
        logger.info("Loaded SoundFont %s at %d Hz", soundfont, sample_rate)

    def close(self) -> None:
        """Free the SoundFont and the synthesiser that holds it."""
        if self._owner is not None:
            self._owner.delete()
            self._owner = None

    def render(self, events: Sequence[TimedEvent], frames: int) -> np.ndarray:
        """Play `events` from a clean start and return `frames` stereo float32 frames."""
        if self._owner is None:
            raise FluidUnavailable("This renderer has been closed.")
        synth = self._new_synth()
        if self._api["add_sfont"](synth.synth, self._sfont) < 0:
            synth.delete()
            raise FluidUnavailable("FluidSynth could not use the loaded SoundFont.")
        try:
            out = np.zeros((frames, 2), dtype=np.float32)
            position = 0
            for event in events:
                target = min(frames, int(round(event.seconds * self.sample_rate)))
                if target > position:
                    self._pull(synth, out, position, target - position)
                    position = target
                _send(synth, event.message)
            self._pull(synth, out, position, frames - position)
            return out
        finally:
            # The borrowed SoundFont belongs to the owner: take it back before the synth is freed.
            self._api["remove_sfont"](synth.synth, self._sfont)
            synth.delete()

    def _new_synth(self) -> Any:
        settings: dict[str, Any] = {"synth.cpu-cores": 1}
        return self._fluidsynth.Synth(gain=GAIN, samplerate=float(self.sample_rate), channels=16, **settings)

    def _pull(self, synth: Any, out: np.ndarray, start: int, count: int) -> None:
        if count <= 0:
            return
        base = out.ctypes.data
        self._api["write_float"](synth.synth, count, base, 2 * start, 2, base, 2 * start + 1, 2)


def _bind(fluidsynth: Any) -> dict[str, Any]:
    """The few C functions pyfluidsynth does not wrap: float output and SoundFont sharing."""
    synth_arg = ("synth", ctypes.c_void_p, 1)
    sfont_arg = ("sfont", ctypes.c_void_p, 1)
    api = {
        "write_float": fluidsynth.cfunc(
            "fluid_synth_write_float",
            ctypes.c_int,
            synth_arg,
            ("len", ctypes.c_int, 1),
            ("lbuf", ctypes.c_void_p, 1),
            ("loff", ctypes.c_int, 1),
            ("lincr", ctypes.c_int, 1),
            ("rbuf", ctypes.c_void_p, 1),
            ("roff", ctypes.c_int, 1),
            ("rincr", ctypes.c_int, 1),
        ),
        "get_sfont_by_id": fluidsynth.cfunc("fluid_synth_get_sfont_by_id", ctypes.c_void_p, synth_arg, ("id", ctypes.c_int, 1)),
        "add_sfont": fluidsynth.cfunc("fluid_synth_add_sfont", ctypes.c_int, synth_arg, sfont_arg),
        "remove_sfont": fluidsynth.cfunc("fluid_synth_remove_sfont", ctypes.c_int, synth_arg, sfont_arg),
    }
    if any(function is None for function in api.values()):
        raise FluidUnavailable("This FluidSynth library is too old to render offline.")
    return api


@ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)
def _log(level: int, message: bytes | None, data: Any) -> None:
    # FluidSynth's warnings ("no preset on channel 9" when a borrowed SoundFont is handed
    # back) are routine here; errors still reach the log.
    text = (message or b"").decode(errors="replace")
    if level <= 1:
        logger.warning("FluidSynth: %s", text)
    else:
        logger.debug("FluidSynth: %s", text)


def _route_log(fluidsynth: Any) -> None:
    """Send FluidSynth's messages to Python logging instead of stderr."""
    set_log = fluidsynth.cfunc(
        "fluid_set_log_function",
        ctypes.c_void_p,
        ("level", ctypes.c_int, 1),
        ("fun", ctypes.c_void_p, 1),
        ("data", ctypes.c_void_p, 1),
    )
    if set_log is None:
        return
    for level in range(5):  # panic, error, warning, info, debug
        set_log(level, ctypes.cast(_log, ctypes.c_void_p), None)


def _send(synth: Any, msg: mido.Message) -> None:
    kind = msg.type
    if kind == "note_on":
        synth.noteon(msg.channel, msg.note, msg.velocity)
    elif kind == "note_off":
        synth.noteoff(msg.channel, msg.note)
    elif kind == "control_change":
        synth.cc(msg.channel, msg.control, msg.value)
    elif kind == "program_change":
        synth.program_change(msg.channel, msg.program)
    elif kind == "pitchwheel":
        synth.pitch_bend(msg.channel, msg.pitch)


def library_available() -> bool:
    """True when pyfluidsynth and the FluidSynth library it wraps can be loaded."""
    try:
        _import_fluidsynth()
    except (ImportError, OSError):
        return False
    return True


def _import_fluidsynth() -> Any:
    """Import pyfluidsynth, which prints where it found the library when CI is set: the line goes to the debug log."""
    # redirect_stdout swaps the process-wide sys.stdout: two threads doing it at once can leave a
    # StringIO there for good, and every later print is lost. One import at a time, and only the first.
    with _IMPORTING:
        if "fluidsynth" in sys.modules:
            return sys.modules["fluidsynth"]
        chatter = io.StringIO()
        with contextlib.redirect_stdout(chatter):
            import fluidsynth
    if chatter.getvalue().strip():
        logger.debug("pyfluidsynth: %s", chatter.getvalue().strip())
    return fluidsynth


def command_available() -> bool:
    """True when the `fluidsynth` command is on the PATH."""
    return shutil.which("fluidsynth") is not None


def render_with_command(soundfont: Path, midi: mido.MidiFile, sample_rate: int, frames: int) -> np.ndarray:
    """Render a MIDI file with the `fluidsynth` command; returns `frames` stereo float32 frames.

    Raises:
        FluidUnavailable: When the command is missing or fails.
    """
    exe = shutil.which("fluidsynth")
    if exe is None:
        raise FluidUnavailable("The fluidsynth command is not installed.")
    with tempfile.TemporaryDirectory(prefix="cowriter-fluid-") as tmp:
        source, target = Path(tmp) / "in.mid", Path(tmp) / "out.wav"
        midi.save(source)
        cmd = [exe, "-ni", "-q", "-g", str(GAIN), "-r", str(sample_rate), "-T", "wav", "-O", "float"]
        cmd += ["-F", str(target), str(soundfont), str(source)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=_COMMAND_TIMEOUT_S)
            data, rate = sf.read(str(target), dtype="float32", always_2d=True)
        except (OSError, subprocess.SubprocessError, sf.LibsndfileError, RuntimeError) as exc:
            logger.warning("fluidsynth command failed: %s", exc)
            raise FluidUnavailable("The fluidsynth command could not render this song.") from exc
    if rate != sample_rate or data.shape[1] != 2:
        raise FluidUnavailable("The fluidsynth command did not produce stereo audio at the asked rate.")
    out = np.zeros((frames, 2), dtype=np.float32)
    out[: min(frames, data.shape[0])] = data[:frames]
    return out


def midi_for_track(midi: mido.MidiFile, track: int | None) -> mido.MidiFile:
    """A copy of `midi` in which only track `track` keeps its notes (all of them when None).

    Controllers, programs and tempo stay everywhere, so the stem sounds as it does in the mix.
    """
    if track is None:
        return midi
    copy = mido.MidiFile(type=midi.type, ticks_per_beat=midi.ticks_per_beat)
    for index, source in enumerate(midi.tracks):
        kept = mido.MidiTrack()
        carry = 0
        for msg in source:
            if index != track and msg.type in ("note_on", "note_off"):
                carry += msg.time
                continue
            kept.append(msg.copy(time=msg.time + carry))
            carry = 0
        copy.tracks.append(kept)
    return copy
