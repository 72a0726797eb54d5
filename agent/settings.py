"""The one settings class: defaults, overridden by COWRITER_* environment variables."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from music.formats.import_limits import ImportLimits

_LIMITS = ImportLimits()


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
    max_tool_rounds: int = Field(3, ge=0, le=50, description="rounds of tool calls the LLM may make in one turn")
    max_tool_calls: int = Field(8, ge=1, le=100, description="tool calls run from one LLM reply; the rest are refused")
    max_reply_chars: int = Field(4000, ge=200, description="longest LLM reply shown; a longer one is cut")
    max_upload_mb: float = Field(50.0, gt=0, description="largest file the page or an upload accepts, in MB")
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
    ollama_url: str = Field("http://127.0.0.1:11434", description="an Ollama server to list models from; empty = none")
    lmstudio_url: str = Field(
        "http://127.0.0.1:1234", description="an LM Studio server to list models from; empty = none"
    )
    chroma_host: str = Field("", description="Chroma server host; empty = embedded")
    chroma_port: int = Field(8000)
    host: str = Field("127.0.0.1", description="address the web app binds to")
    port: int = Field(7860, ge=1, le=65535)
    # Limits on an imported song file; their defaults are ImportLimits' own.
    import_max_file_mb: float = Field(_LIMITS.max_file_mb, gt=0, description="largest song file imported, in MB")
    import_max_unpacked_mb: float = Field(
        _LIMITS.max_unpacked_mb, gt=0, description="largest score inside an .mxl once unpacked, in MB"
    )
    import_max_bars: int = Field(_LIMITS.max_bars, ge=1, description="most bars an imported song may run")
    import_max_notes: int = Field(
        _LIMITS.max_notes, ge=1, description="most notes in an imported song, all parts together"
    )
    import_max_tracks: int = Field(
        _LIMITS.max_tracks, ge=1, description="most MIDI tracks or MusicXML parts in an imported file"
    )
    import_max_markers: int = Field(
        _LIMITS.max_markers, ge=1, description="most section markers or rehearsal marks in a file"
    )
    import_max_minutes: float = Field(
        _LIMITS.max_minutes, gt=0, description="longest imported song at its tempo, in minutes"
    )
    import_min_bpm: float = Field(_LIMITS.min_bpm, gt=0, description="slowest tempo an imported file may set")
    import_max_bpm: float = Field(_LIMITS.max_bpm, gt=0, description="fastest tempo an imported file may set")
    import_max_read_seconds: float = Field(
        _LIMITS.max_read_seconds, gt=0, description="wall-clock seconds to read one song file"
    )
    import_max_read_memory_mb: float = Field(
        _LIMITS.max_read_memory_mb, gt=0, description="memory of the process reading one file, in MB"
    )

    @model_validator(mode="after")
    def _active_models(self) -> Settings:
        """Fill the models chosen with `cowriter models use` (saved in the data folder) where no COWRITER_* value is set."""
        from models.active import overrides

        for name, value in overrides(self.home, self.model_fields_set).items():
            self.__dict__[name] = value
        return self

    def as_chosen_now(self) -> Settings:
        """These settings read again now: the same explicit values, and the models chosen since (`models use`)."""
        return type(self)(**{name: getattr(self, name) for name in self.model_fields_set})

    @property
    def import_limits(self) -> ImportLimits:
        """The limits on an imported song file: each ImportLimits field from its `import_` setting.

        Raises:
            ValueError: If the settings contradict each other (the slowest tempo above the fastest).
        """
        return ImportLimits(**{item.name: getattr(self, f"import_{item.name}") for item in fields(ImportLimits)})

    @property
    def recursion_limit(self) -> int:
        """Graph steps in one turn: route, act or recall, then think and tools once per round, and the last think."""
        return 4 + 2 * (self.max_tool_rounds + 1)

    @property
    def embedded_llm(self) -> bool:
        """True when cowriter serves its own small model."""
        return not self.llm_base_url.strip()
