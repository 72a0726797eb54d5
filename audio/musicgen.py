"""MusicGen through transformers: load a local checkpoint, make takes from text, continue audio, any length."""

from __future__ import annotations

import functools
import logging
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from audio.musicgen_checkpoint import MusicGenUnavailable, quiet_transformers, read_checkpoint
from audio.musicgen_prompt import clean_prompt, melody_chroma, model_audio
from music.errors import CowriterError

logger = logging.getLogger(__name__)

Progress = Callable[[str, float], None]

WINDOW_SECONDS = 30.0  # what the official checkpoints were trained on
CONTEXT_SECONDS = 10.0  # audio each later window continues from
CROSSFADE_MS = 20.0
_DEVICE = re.compile(r"^(auto|cpu|mps|cuda(:\d+)?)$")
_DTYPES = ("auto", "float32", "float16", "bfloat16")


class GenerationCancelled(CowriterError):
    """The musician stopped a generation; nothing was kept."""

    def __init__(self) -> None:
        super().__init__("Generation stopped before it finished; nothing was kept.")


@dataclass(frozen=True, eq=False)
class Take:
    """Generated audio and what it takes to make it again.

    Attributes:
        samples: float32 frames, shape (n, channels).
        sample_rate: Hz.
        prompt: The text the model was given.
        seed: The random seed it ran with.
        model: The checkpoint it came from.
        seconds: Its length.
    """

    samples: np.ndarray
    sample_rate: int
    prompt: str
    seed: int
    model: str
    seconds: float

    def meta(self) -> dict[str, Any]:
        """Prompt, seed, model and length as plain data, for the project store."""
        return {"prompt": self.prompt, "seed": self.seed, "model": self.model, "seconds": round(self.seconds, 3)}


def _splice(existing: np.ndarray, decoded: np.ndarray, prompt: int, fade: int) -> np.ndarray:
    """Existing audio, then what the model made after its prompt.

    `decoded` starts with the codec's rendering of the last `prompt` samples of `existing`;
    the new music follows that rendering, so the original crossfades into it just before
    the join instead of cutting to the new music.
    """
    fade = min(fade, prompt, existing.shape[1])
    t = np.linspace(0.0, np.pi / 2, fade, endpoint=False, dtype=np.float32)
    mid = existing[:, existing.shape[1] - fade :] * np.cos(t) ** 2 + decoded[:, prompt - fade : prompt] * np.sin(t) ** 2
    return np.concatenate([existing[:, : existing.shape[1] - fade], mid, decoded[:, prompt:]], axis=1)


@functools.cache
def _step_watch_class() -> type:
    import torch
    from transformers import StoppingCriteria

    class StepWatch(StoppingCriteria):  # type: ignore[misc]
        """Counts generated steps for progress, and stops generating when cancel is set (GenerationCancelled)."""

        def __init__(self, total: int, progress: Progress | None, cancel: threading.Event | None) -> None:
            self.total, self.done, self.message = max(1, total), 0, "Generating"
            self.progress, self.cancel = progress, cancel
            self.carry_on: Any = None

        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            self.done += 1
            if self.progress is not None:
                self.progress(self.message, min(1.0, self.done / self.total))
            # Raising leaves generate() at once; stopping it softly would still decode a ragged take.
            _stop_if_cancelled(self.cancel)
            if self.carry_on is None or self.carry_on.shape[0] != input_ids.shape[0]:
                self.carry_on = torch.zeros((input_ids.shape[0],), dtype=torch.bool, device=input_ids.device)
            return self.carry_on

    return StepWatch


class MusicGenEngine:
    """A MusicGen checkpoint from this machine, loaded on first use, that makes takes of any length.

    Takes longer than one window (30 s) are made window by window, each continuing from the
    last 10 s of the one before. Calls from several threads take turns.

    Args:
        model: Checkpoint folder, hub id in the local Hugging Face cache, or "" for the first
            official checkpoint found there. Nothing is ever downloaded.
        device: "auto" (CUDA when present, else CPU), "cpu", "cuda", "cuda:N" or "mps".
        dtype: "auto" (float16 on CUDA, float32 elsewhere), "float32", "float16" or "bfloat16".
        seed: Random seed of every take unless a call gives its own.
        guidance: Classifier-free guidance scale (1 turns it off).
        top_k: Sampling keeps the k likeliest codes at each step.
        cache_dir: Hugging Face cache to look in (its usual place when None).

    Attributes:
        model_id: The checkpoint's hub id or folder.
        is_melody: True for a melody checkpoint, which can follow the sketch's melody and harmony.
        sample_rate: Sample rate of the takes, in Hz.
        channels: Channels of the takes: 1, or 2 for a stereo checkpoint.

    Raises:
        MusicGenUnavailable: When the checkpoint is not on this machine.
    """

    def __init__(
        self,
        model: str | Path = "",
        *,
        device: str = "auto",
        dtype: str = "auto",
        seed: int = 0,
        guidance: float = 3.0,
        top_k: int = 250,
        cache_dir: Path | None = None,
    ) -> None:
        if not _DEVICE.match(device):
            raise ValueError(f"'{device}' is not a device; use auto, cpu, cuda, cuda:N or mps.")
        if dtype not in _DTYPES:
            raise ValueError(f"'{dtype}' is not a precision; use auto, float32, float16 or bfloat16.")
        if seed < 0 or guidance < 1.0 or top_k < 1:
            raise ValueError("The seed must be 0 or more, the guidance 1 or more and top_k at least 1.")
        self.checkpoint = read_checkpoint(model, cache_dir)
        self.model_id, self.is_melody = self.checkpoint.model_id, self.checkpoint.is_melody
        self.sample_rate, self.channels = self.checkpoint.sample_rate, self.checkpoint.channels
        self.seed, self.guidance, self.top_k = seed, guidance, top_k
        self._device, self._dtype = device, dtype
        self.window_seconds, self.context_seconds = WINDOW_SECONDS, CONTEXT_SECONDS
        self._lock = threading.Lock()
        self._model: Any = None
        self._tokenizer: Any = None

    def load(self) -> None:
        """Load the weights now rather than on the first take.

        Raises:
            MusicGenUnavailable: When the checkpoint's files cannot be loaded.
        """
        with self._lock:
            self._load()

    def generate(
        self,
        prompt: str,
        seconds: float,
        *,
        melody: np.ndarray | None = None,
        melody_sr: int | None = None,
        seed: int | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> Take:
        """A take of `seconds` of music described by `prompt`.

        Args:
            prompt: What to play, e.g. "folk song in D minor, 90 BPM, acoustic guitar".
            seconds: Length of the take; longer than a window is made window by window.
            melody: Audio whose melody and harmony the take follows (melody checkpoints only).
            melody_sr: Sample rate of `melody`.
            seed: Random seed for this take; the engine's when None.
            progress: Called with (message, fraction) after every generated step.
            cancel: Set it to stop; the call then raises GenerationCancelled.

        Raises:
            GenerationCancelled: When `cancel` was set before the take was finished.
        """
        text, total = clean_prompt(prompt), self._samples(seconds)
        guide = self._melody_wave(melody, melody_sr)
        with self._lock:
            self._load()
            used = self._seed(seed)
            out = self._windows(text, np.zeros((self.channels, 0), np.float32), total, guide, progress, cancel)
        return self._take(out, text, used)

    def continue_audio(
        self,
        audio: np.ndarray,
        sr: int,
        prompt: str,
        seconds: float,
        *,
        include_audio: bool = False,
        context_seconds: float = CONTEXT_SECONDS,
        melody: np.ndarray | None = None,
        melody_sr: int | None = None,
        seed: int | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> Take:
        """`seconds` more music that carries on from the end of `audio`.

        The model hears the last `context_seconds` of `audio` and plays on. By default the
        take holds only the new music, which starts where `audio` ends; with `include_audio`
        it holds `audio` (at the model's rate and channels) followed by the new music, with
        a 20 ms crossfade at the join.

        Args:
            audio: Frames, mono (n,) or (n, channels), at `sr`.
            sr: Sample rate of `audio`.
            prompt: What to play.
            seconds: How much new music.
            include_audio: Return `audio` and its continuation as one take.
            context_seconds: How much of the end of `audio` the model hears (less than 30 s).
            melody: Audio the new music follows (melody checkpoints), starting where `audio` ends.
            melody_sr: Sample rate of `melody`.
            seed: As for `generate`.
            progress: As for `generate`.
            cancel: As for `generate`; GenerationCancelled is raised when it is set.
        """
        text, total = clean_prompt(prompt), self._samples(seconds)
        if not 0 < context_seconds < self.window_seconds:
            raise ValueError(f"The audio the model hears must be between 0 and {self.window_seconds:g} seconds long.")
        given = model_audio(audio, sr, self.sample_rate, self.channels)
        keep = self._whole_frames(min(given.shape[1], int(context_seconds * self.sample_rate)))
        if keep == 0:
            raise ValueError("The audio to continue is too short; give at least a fraction of a second.")
        guide = self._melody_wave(melody, melody_sr)
        with self._lock:
            self._load()
            used = self._seed(seed)
            out = self._windows(text, given[:, given.shape[1] - keep :], total, guide, progress, cancel)
        samples = np.concatenate([given[:, : given.shape[1] - keep], out], axis=1) if include_audio else out[:, keep:]
        return self._take(samples, text, used)

    # -- steps -----------------------------------------------------------------------

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoTokenizer, MusicgenForConditionalGeneration, MusicgenMelodyForConditionalGeneration

        device = self._device
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        dtype = self._dtype if self._dtype != "auto" else ("float16" if device.startswith("cuda") else "float32")
        cls: Any = MusicgenMelodyForConditionalGeneration if self.is_melody else MusicgenForConditionalGeneration
        try:
            with quiet_transformers():
                tokenizer = AutoTokenizer.from_pretrained(self.checkpoint.path, local_files_only=True)
                model = cls.from_pretrained(self.checkpoint.path, local_files_only=True, dtype=getattr(torch, dtype))
                model = model.to(device).eval()
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            logger.warning("could not load MusicGen from %s: %s", self.checkpoint.path, exc)
            raise MusicGenUnavailable(
                f"The MusicGen checkpoint {self.model_id} is incomplete or damaged; download it again or point "
                "COWRITER_MUSICGEN_MODEL at a complete checkpoint folder."
            ) from None
        self._model, self._tokenizer = model, tokenizer
        logger.info("loaded MusicGen %s on %s (%s)", self.model_id, device, dtype)

    def _seed(self, seed: int | None) -> int:
        import torch

        used = self.seed if seed is None else abs(int(seed))
        torch.manual_seed(used)  # seeds every CUDA device too
        return used

    def _samples(self, seconds: float) -> int:
        if not (isinstance(seconds, int | float) and math.isfinite(seconds)) or seconds <= 0 or seconds > 600:
            raise ValueError("A take must last more than 0 and at most 600 seconds.")
        return max(1, int(round(seconds * self.sample_rate)))

    def _melody_wave(self, melody: np.ndarray | None, melody_sr: int | None) -> np.ndarray | None:
        """Mono melody audio at the model's rate, or None."""
        if melody is None:
            return None
        if not self.is_melody:
            raise ValueError(
                f"{self.model_id} cannot follow a melody; use a melody checkpoint such as facebook/musicgen-melody."
            )
        if melody_sr is None:
            raise ValueError("Give the melody's sample rate.")
        return model_audio(melody, melody_sr, self.sample_rate, self.channels).mean(axis=0)

    def _plan(self, prompt: int, total: int) -> list[tuple[int, int]]:
        """(prompt samples, new samples) of each window, every length a whole number of codec frames."""
        window = self._whole_frames(int(self.window_seconds * self.sample_rate))
        keep = self._whole_frames(int(self.context_seconds * self.sample_rate))
        plan, done, heard = [], 0, prompt
        while done < total:
            new = min(total - done, window - prompt)
            plan.append((prompt, new))
            done, heard = done + new, heard + new
            prompt = self._whole_frames(min(keep, heard))
        return plan

    def _whole_frames(self, samples: int) -> int:
        return samples // self.checkpoint.hop * self.checkpoint.hop

    def _steps(self, samples: int) -> int:
        """Generation steps that make `samples` of audio: one per codec frame, plus the codebook delay."""
        return -(-samples // self.checkpoint.hop) + self.checkpoint.delay

    def _windows(
        self,
        text: str,
        out: np.ndarray,
        total: int,
        guide: np.ndarray | None,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> np.ndarray:
        """`out` (channels, n) followed by `total` new samples, made window by window."""
        plan = self._plan(out.shape[1], total)
        watch = _step_watch_class()(sum(self._steps(new) for _, new in plan), progress, cancel)
        start = out.shape[1]
        for number, (prompt, new) in enumerate(plan, start=1):
            _stop_if_cancelled(cancel)
            watch.message = f"Generating {total / self.sample_rate:.0f} s of music, part {number} of {len(plan)}"
            begin = out.shape[1] - prompt
            melody = self._guide(guide, out, begin, start, prompt + new)
            decoded = self._window(text, out[:, begin:] if prompt else None, new, melody, watch)
            _stop_if_cancelled(cancel)
            joined = _splice(out, decoded, prompt, int(CROSSFADE_MS * self.sample_rate / 1000)) if prompt else decoded
            needed = out.shape[1] + new
            if joined.shape[1] < needed:  # the codec rounds to whole frames; never short, but never trust it
                joined = np.pad(joined, ((0, 0), (0, needed - joined.shape[1])))
            out = joined[:, :needed]
        return out

    def _guide(
        self, guide: np.ndarray | None, out: np.ndarray, begin: int, start: int, length: int
    ) -> np.ndarray | None:
        """Melody audio under one window: the given audio where the window overlaps it, then the melody."""
        if guide is None:
            return None
        heard = out[:, begin:start].mean(axis=0) if begin < start else np.zeros(0, np.float32)
        rest = guide[max(0, begin - start) : begin - start + length]
        wave = np.concatenate([heard, rest])
        return wave if wave.shape[0] else None

    def _window(
        self, text: str, prompt: np.ndarray | None, new: int, melody: np.ndarray | None, watch: Any
    ) -> np.ndarray:
        """One call to the model: decoded audio (channels, n), starting with the prompt's codec rendering."""
        import torch
        from transformers import StoppingCriteriaList

        model = self._model
        inputs = self._tokenizer([text], return_tensors="pt", padding=True).to(model.device)
        kwargs: dict[str, Any] = {
            **inputs,
            "do_sample": True,
            "top_k": self.top_k,
            "guidance_scale": self.guidance,
            "max_new_tokens": self._steps(new),
            "stopping_criteria": StoppingCriteriaList([watch]),
        }
        if prompt is not None:
            kwargs["decoder_input_ids"] = self._encode(torch.from_numpy(np.ascontiguousarray(prompt)))
        if melody is not None:
            chroma = melody_chroma(melody, self.sample_rate, **self.checkpoint.chroma)
            kwargs["input_features"] = torch.from_numpy(chroma)[None].to(model.device, model.dtype)
        with torch.inference_mode(), quiet_transformers():
            audio = model.generate(**kwargs)
        return audio[0].float().cpu().numpy()

    def _encode(self, prompt: Any) -> Any:
        """Codec codes of prompt audio (channels, n) as decoder input: (codebooks, frames), stereo interleaved."""
        model = self._model
        wave = prompt.to(model.device, model.dtype)[None]
        codes = [model.audio_encoder.encode(wave[:, c : c + 1]).audio_codes[0, 0] for c in range(self.channels)]
        if self.channels == 1:
            return codes[0]
        import torch

        return torch.stack(codes, dim=1).reshape(-1, codes[0].shape[-1])

    def _take(self, out: np.ndarray, text: str, seed: int) -> Take:
        samples = np.ascontiguousarray(out.T, dtype=np.float32)
        return Take(samples, self.sample_rate, text, seed, self.model_id, samples.shape[0] / self.sample_rate)


def _stop_if_cancelled(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise GenerationCancelled()
