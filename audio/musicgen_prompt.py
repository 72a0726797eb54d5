"""What MusicGen is given to follow: a text prompt written from the song sheet, and a melody chroma from audio."""

from __future__ import annotations

import numpy as np

from music.song import Part, Song

# Instruments are named the way a band is introduced: harmony and tune first, rhythm last.
_ROLE_ORDER = {"chords": 0, "lead": 1, "pad": 2, "bass": 3, "drums": 4}


def energy_words(energy: float) -> str:
    """How a section's energy (0..1) reads in a prompt: low, medium or high energy."""
    if energy < 0.35:
        return "low energy"
    return "medium energy" if energy < 0.7 else "high energy"


def instrument_list(parts: tuple[Part, ...]) -> str:
    """The parts as a prompt names them: "acoustic guitar, fiddle, upright bass and drums"."""
    names: list[str] = []
    for part in sorted(parts, key=lambda p: _ROLE_ORDER.get(p.role, 5)):
        name = part.name.strip().lower()
        if part.role == "drums" and "drum" not in name:
            name = "drums"  # "Light Kit" means nothing to a text encoder; "drums" does
        if name and name not in names:
            names.append(name)
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def song_prompt(song: Song) -> str:
    """A prompt for the song as a whole: style, key, tempo, metre, instruments and mood."""
    meta = song.meta
    words = [f"{meta.style} song in {meta.key}", f"{meta.tempo:g} BPM"]
    if meta.time_signature != "4/4":
        words.append(f"{meta.time_signature} time")
    words += [instrument_list(meta.parts), meta.mood]
    return ", ".join(w for w in words if w)


def section_prompt(song: Song, index: int) -> str:
    """A prompt for one section, honouring its key, tempo and parts.

    For example "folk song in D minor, 90 BPM, acoustic guitar, fiddle, upright bass and
    drums, melancholic, chorus, high energy".

    Raises:
        IndexError: When the song has no section `index`.
    """
    if not 0 <= index < len(song.sections):
        raise IndexError(f"This song has {len(song.sections)} sections; there is no section number {index + 1}.")
    meta, section = song.meta, song.sections[index]
    words = [f"{meta.style} song in {song.key_of(index)}", f"{song.tempo_of(index):g} BPM"]
    if meta.time_signature != "4/4":
        words.append(f"{meta.time_signature} time")
    words += [instrument_list(song.parts_of(index)), meta.mood, section.kind, energy_words(section.energy)]
    return ", ".join(w for w in words if w)


def clean_prompt(prompt: str) -> str:
    """A prompt with its spacing tidied.

    Raises:
        ValueError: When it is empty.
    """
    text = " ".join(str(prompt).split()) if prompt is not None else ""
    if not text:
        raise ValueError("Describe the music to generate, for example: folk song in D minor, 90 BPM, acoustic guitar.")
    return text


def audio_frames(audio: np.ndarray) -> np.ndarray:
    """Audio as checked float32 frames, shape (n, channels).

    Raises:
        ValueError: When it is empty, not frames by channels, or holds non-numbers.
    """
    data = np.asarray(audio, dtype=np.float32)
    if data.ndim == 1:
        data = data[:, None]
    if data.ndim != 2 or data.shape[0] == 0 or data.shape[1] == 0:
        raise ValueError("Audio must be a non-empty array of frames, mono or with channels in columns.")
    if not np.all(np.isfinite(data)):
        raise ValueError("The audio holds values that are not numbers.")
    return data


def model_audio(audio: np.ndarray, sr: int, sample_rate: int, channels: int) -> np.ndarray:
    """Audio as a model hears it: float32 (channels, n) at its sample rate, mixed down or doubled to its channels.

    Args:
        audio: Frames, mono (n,) or (n, channels).
        sr: Sample rate of `audio`.
        sample_rate: The model's sample rate.
        channels: The model's channels, 1 or 2.
    """
    import librosa

    if sr <= 0:
        raise ValueError("The sample rate must be a positive number of samples per second.")
    data = audio_frames(audio).T
    if sr != sample_rate:
        data = librosa.resample(data, orig_sr=sr, target_sr=sample_rate, axis=-1).astype(np.float32)
    if channels == 1:
        return data.mean(axis=0, keepdims=True)
    return np.repeat(data, 2, axis=0) if data.shape[0] == 1 else data[:2]


def melody_chroma(
    audio: np.ndarray,
    sr: int,
    *,
    sample_rate: int = 32000,
    n_fft: int = 16384,
    hop_length: int = 4096,
    num_chroma: int = 12,
) -> np.ndarray:
    """MusicGen-melody's conditioning: the strongest pitch class of each frame, one-hot, shape (frames, num_chroma).

    The chroma transformers' MusicgenMelodyFeatureExtractor computes (power spectrogram of
    the mono signal, librosa's chroma filters without tuning, argmax per frame; about 7.8
    frames a second at the official settings), made with librosa so torchaudio is not needed.

    Args:
        audio: Frames, mono (n,) or (n, channels).
        sr: Sample rate of `audio`.
        sample_rate: Rate the chroma is computed at (the checkpoint's preprocessor setting).
        n_fft: FFT size.
        hop_length: Samples between frames.
        num_chroma: Pitch classes.
    """
    import librosa

    if sr <= 0:
        raise ValueError("The sample rate must be a positive number of samples per second.")
    mono = audio_frames(audio).mean(axis=1)
    if sr != sample_rate:
        mono = librosa.resample(mono, orig_sr=sr, target_sr=sample_rate)
    if mono.shape[0] < n_fft:
        short = n_fft - mono.shape[0]
        mono = np.pad(mono, (short // 2, short - short // 2))
    spectrum = (
        np.abs(librosa.stft(mono, n_fft=n_fft, hop_length=hop_length, window="hann", center=True, pad_mode="reflect"))
        ** 2
    )
    filters = librosa.filters.chroma(sr=sample_rate, n_fft=n_fft, tuning=0.0, n_chroma=num_chroma)
    # The extractor scales each frame by its maximum first, which moves no argmax.
    strongest = (filters @ spectrum).argmax(axis=0)
    onehot = np.zeros((strongest.shape[0], num_chroma), dtype=np.float32)
    onehot[np.arange(strongest.shape[0]), strongest] = 1.0
    return onehot
