"""Listening to a render: brightness, loudness, onsets, tempo and key, for checks and for the chat."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from audio.mix import AudioFileError, loudness_lufs, read_wav

logger = logging.getLogger(__name__)

Audio = Path | str | np.ndarray
_ANALYSIS_SR = 22050
_SILENT_DB = -40.0  # frames this far below the loudest one do not count
RECORDING_SUFFIXES = (".wav", ".flac", ".ogg", ".mp3")
MAX_RECORDING_SECONDS = 600.0  # ten minutes: a song, or a rehearsal take of one, at a bounded memory cost
ONSET_DELTA_DB = 0.5  # how far the spectral flux must rise above its local mean to count as an onset

# Krumhansl-Kessler key profiles, tonic first.
_MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])
# Spelled as musicians usually name these keys.
_MAJOR_NAMES = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_MINOR_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")


@dataclass(frozen=True)
class AudioReport:
    """What a render sounds like, in numbers a musician can read."""

    seconds: float
    brightness_hz: float
    lufs: float
    tempo_bpm: float
    onsets_per_second: float
    tonic: str
    mode: str

    def describe(self) -> str:
        """One line for the chat: "brightness 1840 Hz, -14.0 LUFS, ~90 BPM, D minor"."""
        if not np.isfinite(self.lufs):
            return f"silence, {self.seconds:.1f} s"
        return f"brightness {self.brightness_hz:.0f} Hz, {self.lufs:.1f} LUFS, ~{self.tempo_bpm:.0f} BPM, {self.tonic} {self.mode}"


def _mono(audio: Audio, sr: int | None) -> tuple[np.ndarray, int]:
    """A mono fold-down and its rate, from a file or from samples with `sr`."""
    if isinstance(audio, np.ndarray):
        if sr is None or sr <= 0:
            raise ValueError("Give the sample rate when analysing samples rather than a file.")
        data = np.asarray(audio, dtype=np.float32)
        if data.ndim == 2:
            data = data.mean(axis=1)
        elif data.ndim != 1:
            raise ValueError("Audio must be mono (n,) or have channels in columns (n, channels).")
        return data, sr
    samples, rate = read_wav(Path(audio))
    return samples.mean(axis=1), rate


def _for_analysis(audio: Audio, sr: int | None) -> tuple[np.ndarray, int]:
    """Mono at 22.05 kHz: plenty for rhythm and pitch classes, half the work."""
    import librosa

    mono, rate = _mono(audio, sr)
    if rate != _ANALYSIS_SR:
        mono = librosa.resample(mono, orig_sr=rate, target_sr=_ANALYSIS_SR)
    return mono, _ANALYSIS_SR


def duration(audio: Audio, sr: int | None = None) -> float:
    """Length in seconds."""
    if isinstance(audio, np.ndarray):
        mono, rate = _mono(audio, sr)
        return mono.shape[0] / rate
    import soundfile

    return float(soundfile.info(str(audio)).duration)


def spectral_centroid(audio: Audio, sr: int | None = None) -> float:
    """Brightness: the mean spectral centroid (Hz) over the frames that are not silent."""
    import librosa

    mono, rate = _mono(audio, sr)
    if not np.any(mono):
        return 0.0
    centroid = librosa.feature.spectral_centroid(y=mono, sr=rate)[0]
    rms = librosa.feature.rms(y=mono)[0]
    count = min(centroid.shape[0], rms.shape[0])
    centroid, rms = centroid[:count], rms[:count]
    heard = rms > rms.max() * 10 ** (_SILENT_DB / 20)
    return float(centroid[heard].mean())


def loudness(audio: Audio, sr: int | None = None) -> float:
    """Integrated loudness in LUFS; -inf for silence."""
    if isinstance(audio, np.ndarray):
        if sr is None:
            raise ValueError("Give the sample rate when analysing samples rather than a file.")
        return loudness_lufs(audio, sr)
    samples, rate = read_wav(Path(audio))
    return loudness_lufs(samples, rate)


def onsets_per_second(audio: Audio, sr: int | None = None) -> float:
    """How busy the music is: note onsets per second.

    An onset is a rise of the spectral flux (in dB, so the level of the file does not
    matter) of at least ONSET_DELTA_DB above its local mean. The threshold is absolute
    rather than a share of the loudest hit, so a passage whose drums drop out is not
    heard as busier because its piano now counts for more.
    """
    import librosa

    mono, rate = _for_analysis(audio, sr)
    if not np.any(mono):
        return 0.0
    envelope = librosa.onset.onset_strength(y=mono, sr=rate)
    onsets = librosa.onset.onset_detect(onset_envelope=envelope, sr=rate, normalize=False, delta=ONSET_DELTA_DB)
    return float(len(onsets) / (mono.shape[0] / rate))


def estimate_tempo(audio: Audio, sr: int | None = None) -> float:
    """Tempo in BPM from the onset-strength autocorrelation; 0 for silence."""
    import librosa

    mono, rate = _for_analysis(audio, sr)
    if not np.any(mono):
        return 0.0
    # A hop of 256 (11.6 ms) keeps the tempo grid fine: 120 BPM lands on 120.2, not 117.5.
    hop = 256
    envelope = librosa.onset.onset_strength(y=mono, sr=rate, hop_length=hop)
    return float(librosa.feature.tempo(onset_envelope=envelope, sr=rate, hop_length=hop, aggregate=np.median)[0])


def estimate_key(audio: Audio, sr: int | None = None) -> tuple[str, str]:
    """Key as (tonic, mode), e.g. ("D", "minor"): mean chroma against the Krumhansl-Kessler profiles."""
    import librosa

    mono, rate = _for_analysis(audio, sr)
    if not np.any(mono):
        raise ValueError("There is no sound to find a key in.")
    chroma = librosa.feature.chroma_cqt(y=mono, sr=rate).mean(axis=1)
    best = (-2.0, 0, "major")
    for tonic in range(12):
        for mode, profile in (("major", _MAJOR_PROFILE), ("minor", _MINOR_PROFILE)):
            score = float(np.corrcoef(chroma, np.roll(profile, tonic))[0, 1])
            if score > best[0]:
                best = (score, tonic, mode)
    _, tonic, mode = best
    names = _MAJOR_NAMES if mode == "major" else _MINOR_NAMES
    return names[tonic], mode


def analyze_audio(path: Path) -> AudioReport:
    """Everything at once, for a render on disk."""
    samples, rate = read_wav(Path(path))
    lufs = loudness_lufs(samples, rate)
    if not np.isfinite(lufs):
        return AudioReport(samples.shape[0] / rate, 0.0, lufs, 0.0, 0.0, "C", "major")
    # Resample once for the three analyses that work at 22.05 kHz.
    mono, low = _for_analysis(samples, rate)
    tonic, mode = estimate_key(mono, low)
    report = AudioReport(
        seconds=samples.shape[0] / rate,
        brightness_hz=spectral_centroid(samples, rate),
        lufs=lufs,
        tempo_bpm=estimate_tempo(mono, low),
        onsets_per_second=onsets_per_second(mono, low),
        tonic=tonic,
        mode=mode,
    )
    logger.debug("Analysed %s: %s", path, report.describe())
    return report


def check_recording(path: Path, name: str | None = None, max_seconds: float = MAX_RECORDING_SECONDS) -> None:
    """Check a musician's recording by its header, before a sample is read.

    Args:
        path: The stored file (.wav, .flac, .ogg or .mp3).
        name: The file's own name, for the sentences; the stored name when not given.
        max_seconds: The longest recording read.

    Raises:
        AudioFileError: One sentence naming the file when it is not audio, is empty or runs too long.
    """
    import soundfile as sf

    shown = name or Path(path).name
    try:
        info = sf.info(str(path))
    except (OSError, sf.LibsndfileError, RuntimeError) as exc:
        raise AudioFileError(f"I could not read '{shown}' as audio; it may be damaged or not a WAV, FLAC, OGG or MP3.") from exc
    if info.samplerate <= 0 or info.frames <= 0 or info.channels <= 0:
        raise AudioFileError(f"'{shown}' holds no sound to analyse.")
    if info.channels > 8 or info.frames / info.samplerate > max_seconds:
        raise AudioFileError(
            f"'{shown}' runs {info.frames / info.samplerate / 60:.0f} minutes with {info.channels} channels; "
            f"I take recordings of up to {max_seconds / 60:.0f} minutes and 8 channels."
        )


def analyze_recording(path: Path, name: str | None = None, max_seconds: float = MAX_RECORDING_SECONDS) -> AudioReport:
    """A musician's recording, checked by its header (see `check_recording`), then analysed.

    Raises:
        AudioFileError: One sentence naming the file when it is not audio, is empty or runs too long.
    """
    shown = name or Path(path).name
    check_recording(path, name, max_seconds)
    try:
        return analyze_audio(Path(path))
    except AudioFileError:
        raise AudioFileError(f"I could not read '{shown}' as audio; it may be damaged.") from None


def describe_recording(report: AudioReport) -> str:
    """What a recording sounds like, for the chat: length, tempo, key, loudness, brightness, activity."""
    minutes, seconds = divmod(round(report.seconds), 60)
    if not np.isfinite(report.lufs):
        return f"{minutes}:{seconds:02d} of silence"
    return (
        f"{minutes}:{seconds:02d} long, about {report.tempo_bpm:.0f} BPM, sounds in {report.tonic} {report.mode}, "
        f"{report.lufs:.1f} LUFS, brightness {report.brightness_hz:.0f} Hz, {report.onsets_per_second:.1f} onsets a second"
    )
