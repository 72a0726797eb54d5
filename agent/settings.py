"""The one settings class: defaults, overridden by COWRITER_* environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything that can be configured, read once at start-up.

    Leave `llm_base_url` empty for the embedded model (llama.cpp on loopback, started by
    cowriter); set it and `llm_model` (and `llm_api_key`) for OpenAI, Ollama, vLLM or
    LM Studio.
    """

    model_config = SettingsConfigDict(env_prefix="COWRITER_", extra="ignore")

    home: Path = Field(default_factory=lambda: Path.home() / ".cowriter", description="data folder")
    llm_base_url: str = Field("", description="OpenAI-compatible endpoint; empty = embedded model")
    llm_model: str = Field("smollm2-135m-instruct", description="model name sent to the endpoint")
    llm_api_key: str = Field("not-needed", description="API key for the endpoint")
    llm_gguf: Path | None = Field(None, description="GGUF weights for the embedded model")
    llm_threads: int = Field(2, ge=1, description="CPU threads for the embedded model")
    llm_timeout: float = Field(120.0, gt=0, description="seconds to wait for one LLM reply")
    llm_use_tools: bool = Field(False, description="let the LLM choose tools itself (for strong models)")
    lyric_attempts: int = Field(3, ge=1, le=10, description="tries for a valid lyric draft")
    soundfont: Path | None = Field(None, description="General MIDI SoundFont (.sf2/.sf3)")
    sample_rate: int = Field(44100, ge=8000, le=96000)
    musicgen_model: str = Field(
        "", description="MusicGen checkpoint folder or hub id in the local cache; empty = first official one found"
    )
    musicgen_device: str = Field("auto", description="MusicGen device: auto (CUDA if present), cpu, cuda:N, mps")
    musicgen_dtype: str = Field("auto", description="MusicGen precision: auto (float16 on CUDA), float32, bfloat16")
    musicgen_seed: int = Field(0, ge=0, description="random seed of MusicGen takes, stored with each take")
    musicgen_guidance: float = Field(3.0, ge=1.0, description="MusicGen classifier-free guidance scale (1 = off)")
    chroma_host: str = Field("", description="Chroma server host; empty = embedded")
    chroma_port: int = Field(8000)
    host: str = Field("127.0.0.1", description="address the web app binds to")
    port: int = Field(7860, ge=1, le=65535)

    @property
    def embedded_llm(self) -> bool:
        """True when cowriter serves its own small model."""
        return not self.llm_base_url.strip()
