"""The built-in synthesiser: plays a MIDI timeline with simple numpy voices when no SoundFont is present."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from audio.timeline import NoteSpan, Timeline

logger = logging.getLogger(__name__)

_TABLE_SIZE = 4096
_MAX_HARMONICS = 48
_LEVEL = 0.25  # one voice at full velocity; leaves headroom for chords before normalising


@dataclass(frozen=True)
class Voice:
    """How one General MIDI family sounds: harmonic brightness and an amplitude envelope.

    `brightness` (0 dark .. 1 bright) sets how slowly the harmonics fall off; `decay` is
    the time constant of the fall towards `sustain` (plucked and struck sounds die away).
    """

    brightness: float
    attack: float
    decay: float
    sustain: float
    release: float
    odd_only: bool = False
    detune_cents: float = 0.0


# One voice per GM family (program // 8), then programs that sound brighter or darker than their family.
_FAMILY = {
    0: Voice(0.55, 0.004, 0.9, 0.15, 0.25),  # piano
    1: Voice(0.7, 0.002, 0.5, 0.0, 0.3),  # chromatic percussion
    2: Voice(0.55, 0.01, 1.0, 0.9, 0.08),  # organ
    3: Voice(0.55, 0.003, 0.6, 0.05, 0.15),  # guitar
    4: Voice(0.3, 0.005, 0.8, 0.35, 0.08),  # bass
    5: Voice(0.5, 0.08, 1.0, 0.85, 0.3, detune_cents=4.0),  # strings
    6: Voice(0.45, 0.15, 1.0, 0.85, 0.5, detune_cents=6.0),  # ensemble
    7: Voice(0.65, 0.04, 0.8, 0.75, 0.12),  # brass
    8: Voice(0.6, 0.03, 1.0, 0.8, 0.1, odd_only=True),  # reed
    9: Voice(0.2, 0.05, 1.0, 0.85, 0.12),  # pipe
    10: Voice(0.8, 0.01, 1.0, 0.8, 0.1),  # synth lead
    11: Voice(0.35, 0.3, 1.5, 0.8, 0.8, detune_cents=8.0),  # synth pad
    12: Voice(0.45, 0.2, 1.5, 0.7, 0.8, detune_cents=8.0),  # synth effects
    13: Voice(0.6, 0.003, 0.5, 0.05, 0.2),  # ethnic
    14: Voice(0.5, 0.001, 0.25, 0.0, 0.1),  # percussive
    15: Voice(0.3, 0.1, 1.0, 0.5, 0.4),  # sound effects
}
_BRIGHTNESS = {
    1: 0.8,  # bright acoustic piano
    2: 0.65,  # electric grand
    3: 0.75,  # honky-tonk
    4: 0.35,  # electric piano 1 (tine)
    5: 0.6,  # electric piano 2 (FM)
    6: 0.9,  # harpsichord
    7: 0.85,  # clavinet
    24: 0.4,  # nylon guitar
    25: 0.8,  # steel guitar
    26: 0.35,  # jazz guitar
    27: 0.55,  # clean electric guitar
    28: 0.3,  # muted guitar
    29: 0.85,  # overdriven guitar
    30: 0.95,  # distortion guitar
    32: 0.25,  # acoustic bass
    33: 0.35,  # finger bass
    34: 0.5,  # pick bass
    35: 0.2,  # fretless bass
    36: 0.7,  # slap bass 1
    37: 0.75,  # slap bass 2
    38: 0.6,  # synth bass 1
    39: 0.65,  # synth bass 2
    80: 0.7,  # square lead
    81: 0.9,  # saw lead
    88: 0.3,  # new age pad
    89: 0.25,  # warm pad
}
_ODD_ONLY = {71, 80}  # clarinet, square lead


def voice_for(program: int) -> Voice:
    """The built-in voice for a General MIDI program (0-127)."""
    if not 0 <= program <= 127:
        raise ValueError(f"Program {program} is not a General MIDI program (0-127).")
    base = _FAMILY[program // 8]
    return Voice(
        brightness=_BRIGHTNESS.get(program, base.brightness),
        attack=base.attack,
        decay=base.decay,
        sustain=base.sustain,
        release=base.release,
        odd_only=base.odd_only or program in _ODD_ONLY,
        detune_cents=base.detune_cents,
    )


@lru_cache(maxsize=512)
def _wavetable(brightness: float, harmonics: int, odd_only: bool) -> np.ndarray:
    """One cycle with harmonics falling as k**-slope; brighter voices fall more slowly."""
    slope = 3.0 - 2.2 * brightness
    k = np.arange(1, harmonics + 1, dtype=np.float64)
    amps = k**-slope
    if odd_only:
        amps[1::2] = 0.0
    phase = np.arange(_TABLE_SIZE) / _TABLE_SIZE
    table = np.sin(2 * np.pi * np.outer(phase, k)) @ amps
    # Equal loudness-ish: same RMS for every table, so a brighter program is not also louder.
    return (table / np.sqrt(np.mean(table**2)) * 0.5).astype(np.float32)


def _pan_gains(pan: float) -> tuple[float, float]:
    angle = (pan + 1.0) * np.pi / 4
    return float(np.cos(angle)), float(np.sin(angle))


class BuiltinSynth:
    """A small additive synthesiser for General MIDI timelines (pitched voices and noise drums).

    Args:
        sample_rate: Output rate in Hz.
        tail: Seconds rendered after the last event so releases can ring out.
    """

    def __init__(self, sample_rate: int = 44100, tail: float = 1.0) -> None:
        if sample_rate < 8000:
            raise ValueError("The sample rate must be at least 8000 Hz.")
        self.sample_rate = sample_rate
        self.tail = tail
        self._drums = _DrumKit(sample_rate)

    def render(self, timeline: Timeline, track: int | None = None) -> np.ndarray:
        """Render a whole timeline, or one track's stem of it.

        Returns:
            float32 stereo frames (n, 2), `timeline.length + tail` seconds long.
        """
        sr = self.sample_rate
        frames = int(np.ceil((timeline.length + self.tail) * sr))
        out = np.zeros((frames, 2), dtype=np.float32)
        for note in timeline.notes(track):
            start = int(round(note.start * sr))
            if start >= frames:
                continue
            wave = self._drums.hit(note.pitch) if note.is_drum else self._pitched(note)
            wave = wave[: frames - start]
            amp = _LEVEL * (note.velocity / 127.0) ** 1.5 * note.volume
            left, right = _pan_gains(note.pan if not note.is_drum else self._drums.pan(note.pitch))
            out[start : start + wave.shape[0], 0] += wave * (amp * left)
            out[start : start + wave.shape[0], 1] += wave * (amp * right)
        return out

    def _pitched(self, note: NoteSpan) -> np.ndarray:
        sr = self.sample_rate
        voice = voice_for(note.program)
        freq = 440.0 * 2 ** ((note.pitch - 69) / 12)
        held = note.end - note.start
        # Phase in float64: float32 drifts audibly on long high notes.
        t = np.arange(int((held + voice.release) * sr)) / sr
        harmonics = int(max(1, min(_MAX_HARMONICS, 0.45 * sr / freq)))
        table = _wavetable(voice.brightness, harmonics, voice.odd_only)
        wave = table[((t * freq) * _TABLE_SIZE).astype(np.int64) % _TABLE_SIZE]
        if voice.detune_cents:
            ratio = 2 ** (voice.detune_cents / 1200)
            wave = 0.5 * (wave + table[((t * freq * ratio + 0.25) * _TABLE_SIZE).astype(np.int64) % _TABLE_SIZE])
        # Higher notes of struck and plucked sounds die away sooner, as strings do.
        decay = voice.decay * (261.6 / freq) ** 0.3
        env = np.minimum(t / voice.attack, 1.0) * (voice.sustain + (1 - voice.sustain) * np.exp(-t / decay))
        env *= np.clip(1.0 - (t - held) / voice.release, 0.0, 1.0)
        return (wave * env).astype(np.float32)


class _DrumKit:
    """General MIDI percussion from sines and filtered noise, made once per sample rate."""

    def __init__(self, sample_rate: int) -> None:
        self.sr = sample_rate
        self._cache: dict[str, np.ndarray] = {}
        self._rng = np.random.default_rng(20240)

    def pan(self, key: int) -> float:
        """Where a drum sits in the stereo field, as a drummer hears the kit."""
        if key in (42, 44, 46):
            return 0.3
        if key in (41, 43, 45, 47, 48, 50):
            return (key - 45) / 10
        if key in (49, 51, 52, 53, 55, 57, 59):
            return -0.25
        return 0.0

    def hit(self, key: int) -> np.ndarray:
        """The sound of one drum key."""
        if key in (35, 36):
            return self._get("kick")
        if key in (38, 40):
            return self._get("snare")
        if key in (37, 39):
            return self._get("clap")
        if key in (42, 44):
            return self._get("hat")
        if key == 46:
            return self._get("open_hat")
        if key in (41, 43, 45, 47, 48, 50):
            return self._tom(key)
        if key in (49, 52, 55, 57):
            return self._get("crash")
        if key in (51, 53, 59):
            return self._get("ride")
        return self._get("click")

    def _get(self, name: str) -> np.ndarray:
        if name not in self._cache:
            self._cache[name] = getattr(self, f"_make_{name}")().astype(np.float32)
        return self._cache[name]

    def _t(self, seconds: float) -> np.ndarray:
        return np.arange(int(seconds * self.sr)) / self.sr

    def _noise(self, seconds: float, highpass: bool = False) -> np.ndarray:
        noise = self._rng.standard_normal(int(seconds * self.sr))
        if highpass:
            noise = np.diff(noise, prepend=0.0) * 0.5
        return noise

    def _make_kick(self) -> np.ndarray:
        t = self._t(0.45)
        freq = 45 + 110 * np.exp(-t / 0.03)
        phase = 2 * np.pi * np.cumsum(freq) / self.sr
        return 1.6 * np.sin(phase) * np.exp(-t / 0.15)

    def _make_snare(self) -> np.ndarray:
        t = self._t(0.3)
        body = np.sin(2 * np.pi * 190 * t) * np.exp(-t / 0.04)
        return 0.8 * body + 0.7 * self._noise(0.3, highpass=True) * np.exp(-t / 0.07)

    def _make_clap(self) -> np.ndarray:
        t = self._t(0.2)
        return 0.8 * self._noise(0.2, highpass=True) * np.exp(-t / 0.04)

    def _make_hat(self) -> np.ndarray:
        t = self._t(0.08)
        return 0.45 * np.diff(self._noise(0.08, True), prepend=0.0) * np.exp(-t / 0.015)

    def _make_open_hat(self) -> np.ndarray:
        t = self._t(0.4)
        return 0.4 * np.diff(self._noise(0.4, True), prepend=0.0) * np.exp(-t / 0.12)

    def _make_crash(self) -> np.ndarray:
        t = self._t(1.5)
        return 0.4 * np.diff(self._noise(1.5, True), prepend=0.0) * np.exp(-t / 0.5)

    def _make_ride(self) -> np.ndarray:
        t = self._t(0.8)
        ping = np.sin(2 * np.pi * 3200 * t) * 0.15
        return (0.25 * np.diff(self._noise(0.8, True), prepend=0.0) + ping) * np.exp(-t / 0.3)

    def _make_click(self) -> np.ndarray:
        t = self._t(0.05)
        return 0.5 * self._noise(0.05, True) * np.exp(-t / 0.01)

    def _tom(self, key: int) -> np.ndarray:
        name = f"tom{key}"
        if name not in self._cache:
            t = self._t(0.4)
            base = 80 * 2 ** ((key - 41) / 12)
            phase = 2 * np.pi * np.cumsum(base * (1 + 0.5 * np.exp(-t / 0.02))) / self.sr
            self._cache[name] = (1.1 * np.sin(phase) * np.exp(-t / 0.12)).astype(np.float32)
        return self._cache[name]
