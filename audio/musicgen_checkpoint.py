"""MusicGen checkpoints: find one on this machine and read what it is, or write a random-weight one for tests."""

from __future__ import annotations

import contextlib
import json
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from music.errors import CowriterError

logger = logging.getLogger(__name__)

DEFAULT_CHECKPOINT = "facebook/musicgen-small"
# Looked for, in this order, when no checkpoint is named: the quickest first.
OFFICIAL_CHECKPOINTS = (
    "facebook/musicgen-small", "facebook/musicgen-melody", "facebook/musicgen-medium", "facebook/musicgen-large",
    "facebook/musicgen-stereo-small", "facebook/musicgen-stereo-melody", "facebook/musicgen-stereo-medium",
    "facebook/musicgen-stereo-large", "facebook/musicgen-melody-large", "facebook/musicgen-stereo-melody-large",
)  # fmt: skip
_HUB_ID = re.compile(r"^[\w.-]+/[\w.-]+$")


class MusicGenUnavailable(CowriterError):
    """No usable MusicGen checkpoint on this machine; the sketch render still works."""


def unavailable_message(model: str) -> str:
    """The one sentence a musician reads when checkpoint `model` is not on this machine."""
    from models.catalogue import UnknownModel, find, size_text

    try:
        entry = find(model)
    except UnknownModel:
        return (
            f"The MusicGen checkpoint {model} is not on this machine: put it in the Hugging Face cache or a folder "
            "and point COWRITER_MUSICGEN_MODEL at it; the sketch render still plays meanwhile."
        )
    return (
        f"/generate needs a MusicGen model: `cowriter models pull {entry.name}` ({entry.repo}, "
        f"{size_text(entry.size)}) or the Pull button under Models fetches it; the sketch render still plays meanwhile."
    )


@dataclass(frozen=True)
class Checkpoint:
    """A MusicGen checkpoint on disk and what its config says about the audio it makes."""

    path: Path
    model_id: str
    is_melody: bool
    sample_rate: int
    hop: int  # audio samples per codec frame (one generation step)
    channels: int
    delay: int  # codebook k of a channel lags k steps behind the first: that many extra steps per take
    chroma: dict[str, int] = field(default_factory=dict)  # melody feature settings


def read_checkpoint(model: str | Path, cache_dir: Path | None = None) -> Checkpoint:
    """Find a checkpoint (see `resolve_checkpoint`) and read its config, without loading weights.

    Raises:
        MusicGenUnavailable: When it is not on this machine or is not a MusicGen checkpoint.
    """
    path, model_id = resolve_checkpoint(model, cache_dir)
    config = _read_json(path / "config.json")
    kind = config.get("model_type")
    if kind not in ("musicgen", "musicgen_melody"):
        raise MusicGenUnavailable(
            f"{model_id} is not a MusicGen checkpoint; its config.json names a {kind or 'different'} model."
        )
    try:
        codec, decoder = config["audio_encoder"], config["decoder"]
        channels = int(decoder.get("audio_channels", 1))
        checkpoint = Checkpoint(
            path=path,
            model_id=model_id,
            is_melody=kind == "musicgen_melody",
            sample_rate=int(codec.get("sampling_rate", 32000)),
            hop=int(math.prod(codec.get("upsampling_ratios", [8, 5, 4, 4]))),
            channels=channels,
            delay=int(decoder.get("num_codebooks", 4)) // channels - 1,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise MusicGenUnavailable(
            f"{model_id} is not a complete MusicGen checkpoint; its config.json lacks the codec or decoder."
        ) from None
    if checkpoint.is_melody:
        features = _read_json(path / "preprocessor_config.json")
        defaults = {"sample_rate": 32000, "n_fft": 16384, "hop_length": 4096, "num_chroma": 12}
        chroma = {key: int(features.get(key, value)) for key, value in defaults.items()}
        chroma["sample_rate"] = int(features.get("sampling_rate", 32000))
        checkpoint = Checkpoint(**{**checkpoint.__dict__, "chroma": chroma})
    return checkpoint


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Keep transformers' load-time chatter (progress bars, known config warnings) out of the console."""
    from transformers.utils import logging as hf_logging

    verbosity = hf_logging.get_verbosity()
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        hf_logging.set_verbosity(verbosity)
        hf_logging.enable_progress_bar()


def resolve_checkpoint(model: str | Path, cache_dir: Path | None = None) -> tuple[Path, str]:
    """The folder and name of a MusicGen checkpoint, found on this machine only.

    Args:
        model: A checkpoint folder, a hub id such as "facebook/musicgen-small" looked up in the
            local Hugging Face cache, or "" for the first official checkpoint found there.
        cache_dir: The Hugging Face cache to look in; its usual place when None.

    Raises:
        MusicGenUnavailable: When the checkpoint is not on this machine.
    """
    text = str(model).strip()
    if not text:
        for candidate in OFFICIAL_CHECKPOINTS:
            found = _cached(candidate, cache_dir)
            if found is not None:
                return found, candidate
        raise MusicGenUnavailable(unavailable_message(DEFAULT_CHECKPOINT))
    path = Path(text).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise MusicGenUnavailable(
                f"There is no MusicGen checkpoint in {path}: point COWRITER_MUSICGEN_MODEL at a folder holding "
                "config.json and the weights, or at a hub id such as facebook/musicgen-small that is in the cache."
            )
        return path.resolve(), str(path)
    if not _HUB_ID.match(text):
        raise MusicGenUnavailable(
            f"There is no MusicGen checkpoint folder at {path}: set COWRITER_MUSICGEN_MODEL to a checkpoint "
            "folder, or pull one with `cowriter models pull musicgen-small`."
        )
    found = _cached(text, cache_dir)
    if found is None:
        raise MusicGenUnavailable(unavailable_message(text))
    return found, text


def _cached(repo_id: str, cache_dir: Path | None) -> Path | None:
    from models.installed import snapshot_folder

    if cache_dir is None:
        return snapshot_folder(repo_id)
    from huggingface_hub import snapshot_download

    try:
        folder = Path(snapshot_download(repo_id, local_files_only=True, cache_dir=cache_dir))
    except (OSError, ValueError):
        return None
    return folder if (folder / "config.json").is_file() else None


Size = Literal["tiny", "small", "medium", "large"]

# Decoder sizes of facebook/musicgen-small, -medium and -large (the melody checkpoint is
# medium-sized); "tiny" is small enough for a CPU test to generate a second in well under one.
DECODER_SIZES: dict[str, dict[str, int]] = {
    "tiny": {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "ffn_dim": 128},
    "small": {"hidden_size": 1024, "num_hidden_layers": 24, "num_attention_heads": 16, "ffn_dim": 4096},
    "medium": {"hidden_size": 1536, "num_hidden_layers": 48, "num_attention_heads": 24, "ffn_dim": 6144},
    "large": {"hidden_size": 2048, "num_hidden_layers": 48, "num_attention_heads": 32, "ffn_dim": 8192},
}
# t5-base, the text encoder of every official checkpoint.
_T5_BASE: dict[str, Any] = {
    "vocab_size": 32128,
    "d_model": 768,
    "d_kv": 64,
    "d_ff": 3072,
    "num_layers": 12,
    "num_heads": 12,
}
_T5_TINY: dict[str, Any] = {"d_model": 32, "d_kv": 8, "d_ff": 64, "num_layers": 2, "num_heads": 4}
# The 32 kHz EnCodec of the official checkpoints: 50 frames a second, 4 codebooks of 2048.
_ENCODEC_32K: dict[str, Any] = {
    "sampling_rate": 32000, "upsampling_ratios": [8, 5, 4, 4], "hidden_size": 128, "num_filters": 64,
    "codebook_size": 2048, "target_bandwidths": [2.2], "num_lstm_layers": 2, "use_causal_conv": False,
}  # fmt: skip
# Same frame rate and hop, far fewer channels; 4 codebooks of 64 codes (4 x 6 bits x 50 Hz = 1.2 kbps).
_ENCODEC_TINY: dict[str, Any] = {
    "sampling_rate": 32000, "upsampling_ratios": [8, 5, 4, 4], "hidden_size": 16, "num_filters": 4,
    "codebook_size": 64, "target_bandwidths": [1.2], "num_lstm_layers": 1, "use_causal_conv": False,
}  # fmt: skip
# The feature extractor settings facebook/musicgen-melody ships (read by the engine for its chroma).
MELODY_PREPROCESSOR: dict[str, Any] = {
    "feature_extractor_type": "MusicgenMelodyFeatureExtractor", "feature_size": 12, "num_chroma": 12,
    "sampling_rate": 32000, "n_fft": 16384, "hop_length": 4096, "chunk_length": 30, "padding_value": 0.0,
    "padding_side": "left", "return_attention_mask": True, "stem_indices": [3, 2],
}  # fmt: skip
_WORDS = (
    "pop rock folk jazz blues soul funk country metal punk electronic ambient song in at bpm major minor "
    "dorian mixolydian lydian phrygian intro verse pre-chorus chorus bridge solo outro low medium high energy "
    "acoustic electric guitar piano bass upright fiddle violin drums synth pad organ strings lead vocal "
    "melancholic happy dark bright warm wistful uplifting and with time"
).split()


def tiny_tokenizer() -> Any:
    """A small T5 (Unigram) tokenizer made in memory: musical words, then single characters."""
    from transformers import T5Tokenizer

    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("\u2581", -2.0)]
    vocab += [("\u2581" + word, -3.0) for word in _WORDS]
    vocab += [(char, -6.0) for char in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#,./-"]
    return T5Tokenizer(vocab=vocab, extra_ids=0)


def write_random_checkpoint(
    folder: Path,
    size: Size = "tiny",
    *,
    melody: bool = False,
    stereo: bool = False,
    seed: int = 0,
    dtype: Literal["float32", "float16"] = "float32",
) -> Path:
    """Write a MusicGen checkpoint with random weights in the layout of the official ones.

    The folder holds config.json, generation_config.json, the safetensors weights, the
    tokenizer and, for a melody model, preprocessor_config.json, so it loads through the
    same code as a downloaded checkpoint.

    Args:
        folder: Where to write it (created if missing).
        size: "tiny" for CPU tests, or an official size: "small", "medium", "large".
        melody: A MusicGen-melody model (chroma conditioning).
        stereo: Two audio channels (8 codebooks, left and right interleaved).
        seed: Seed of the random weights.
        dtype: Precision of the stored weights ("float16" halves the file).

    Returns:
        The folder.
    """
    import torch
    from transformers import EncodecConfig, T5Config

    if size not in DECODER_SIZES:
        raise ValueError(f"There is no MusicGen size '{size}'; use tiny, small, medium or large.")
    if dtype not in ("float32", "float16"):
        raise ValueError("Store the weights as float32 or float16.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = tiny_tokenizer()
    text: dict[str, Any] = dict(_T5_BASE) if size != "tiny" else {**_T5_TINY, "vocab_size": len(tokenizer)}
    codec: dict[str, Any] = _ENCODEC_TINY if size == "tiny" else _ENCODEC_32K
    codebook_size = int(codec["codebook_size"])
    decoder: dict[str, Any] = {
        **DECODER_SIZES[size],
        "vocab_size": codebook_size,
        "pad_token_id": codebook_size,
        "bos_token_id": codebook_size,
        "num_codebooks": 8 if stereo else 4,
        "audio_channels": 2 if stereo else 1,
    }
    torch.manual_seed(seed)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(getattr(torch, dtype))
    try:
        model = _build(melody, T5Config(**text), EncodecConfig(**codec), decoder)
    finally:
        torch.set_default_dtype(previous)
    # EnCodec's codebooks start as zeros (k-means fills them in training), which would make
    # every code sound the same; random entries give each code its own sound.
    with torch.no_grad():
        for layer in model.audio_encoder.quantizer.layers:
            layer.codebook.embed.normal_()
            layer.codebook.embed_avg.copy_(layer.codebook.embed)
            layer.codebook.inited.fill_(1.0)
    generation = model.generation_config
    generation.decoder_start_token_id = generation.pad_token_id = generation.bos_token_id = codebook_size
    generation.do_sample, generation.guidance_scale, generation.max_length = True, 3.0, 1500
    with quiet_transformers():
        model.save_pretrained(folder)
        tokenizer.save_pretrained(folder)
    if melody:
        (folder / "preprocessor_config.json").write_text(json.dumps(MELODY_PREPROCESSOR, indent=2))
    logger.info("wrote a random %s MusicGen%s checkpoint to %s", size, "-melody" if melody else "", folder)
    return folder


def _build(melody: bool, text: Any, codec: Any, decoder: dict[str, Any]) -> Any:
    from transformers import (
        MusicgenConfig,
        MusicgenDecoderConfig,
        MusicgenForConditionalGeneration,
        MusicgenMelodyConfig,
        MusicgenMelodyDecoderConfig,
        MusicgenMelodyForConditionalGeneration,
    )

    # The decoder's pad/bos id is one past its vocabulary on purpose (MusicGen embeds
    # vocab_size + 1 codes); quiet transformers' warning that it is out of range.
    with quiet_transformers():
        if melody:
            melody_config = MusicgenMelodyConfig(
                text_encoder=text, audio_encoder=codec, decoder=MusicgenMelodyDecoderConfig(**decoder)
            )
            return MusicgenMelodyForConditionalGeneration(melody_config).eval()
        config = MusicgenConfig(text_encoder=text, audio_encoder=codec, decoder=MusicgenDecoderConfig(**decoder))
        return MusicgenForConditionalGeneration(config).eval()


def _read_json(path: Path) -> dict[str, Any]:
    """A JSON object from a file, or {} when it is missing or unreadable."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
