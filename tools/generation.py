"""Tools that make realistic audio with MusicGen: a take of a section or the whole song, and extending a take."""

from __future__ import annotations

import logging
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from audio.analysis import check_recording
from audio.longform import generate_song, section_edges
from audio.mix import normalize, read_wav, write_wav_atomic
from audio.musicgen import Take
from audio.musicgen_checkpoint import DEFAULT_CHECKPOINT, MusicGenUnavailable, unavailable_message
from audio.musicgen_prompt import section_prompt, song_prompt
from music.errors import CowriterError
from tools.changes import section_to_render
from tools.common import current, uploaded_file
from tools.context import ToolContext, ToolResult
from tools.rendering import render_version
from tools.songwriting import SectionName

if TYPE_CHECKING:
    from audio.musicgen import MusicGenEngine
    from memory.store import Render, Version

logger = logging.getLogger(__name__)

TAKE = "take"  # the store's kind for a MusicGen render
MAX_EXTEND_SECONDS = 300.0
Seconds = Annotated[float, Field(gt=0, le=MAX_EXTEND_SECONDS, description="how many seconds of music to add")]
AudioSource = Annotated[str | None, Field(description="an uploaded audio file to continue instead of the newest take")]


def generate_section(
    ctx: ToolContext,
    section: SectionName | None = None,
    *,
    engine: MusicGenEngine | None,
    cancel: threading.Event | None = None,
) -> ToolResult:
    """Make a realistic audio take of one section, or of the whole song, with MusicGen.

    Use when the musician wants to hear the song played for real rather than as a sketch
    ("generate the chorus", "make a real recording of the whole song"). Leave `section`
    empty for the whole song. The song sheet does not change; the take is kept with the
    current version.
    """
    engine = _engine(engine)
    head = current(ctx)
    song = head.song
    index = None if section is None else section_to_render(song, section)
    if index is None:
        take = generate_song(engine, song, sketch_renderer=ctx.renderer, progress=ctx.progress, cancel=cancel)
        label, extra = None, {"prompts": [section_prompt(song, i) for i in range(len(song.sections))]}
    else:
        edges = section_edges(song, engine.sample_rate)
        melody, melody_sr = None, None
        if engine.is_melody:
            melody, melody_sr = read_wav(render_version(ctx, head, index))
        raw = engine.generate(
            section_prompt(song, index),
            (edges[index + 1] - edges[index]) / engine.sample_rate,
            melody=melody,
            melody_sr=melody_sr,
            progress=ctx.progress,
            cancel=cancel,
        )
        take = _normalized(raw)
        label, extra = song.sections[index].label, {}
    path = _store(ctx, head, take, {"section": label, **extra})
    what = label or "the whole song"
    summary = (
        f'Generated a {_clock(take.seconds)} take of {what} with {take.model} (seed {take.seed}): "{take.prompt}".'
    )
    return ToolResult(summary, audio=(path,))


def extend(
    ctx: ToolContext,
    seconds: Seconds,
    source: AudioSource = None,
    *,
    engine: MusicGenEngine | None,
    cancel: threading.Event | None = None,
) -> ToolResult:
    """Make a take longer: MusicGen plays on from its last seconds, in the same style.

    Use when the musician asks to extend, continue or lengthen what they heard ("extend it
    by 20 seconds"). Continues the newest take of the current version, or an uploaded
    audio file when `source` names one. The result is kept as a new take.
    """
    if not 0 < seconds <= MAX_EXTEND_SECONDS:
        raise CowriterError(f"I can extend a take by more than 0 and up to {MAX_EXTEND_SECONDS:g} seconds at a time.")
    engine = _engine(engine)
    head = current(ctx)
    if source:
        path, origin = uploaded_file(ctx, source)  # only a file the musician uploaded, never one elsewhere on disk
        if not path.is_file():
            raise CowriterError(f"There is no audio file called {origin}; upload it again.")
        check_recording(path, origin)
        prompt, label = song_prompt(head.song), None
    else:
        newest = _newest_take_render(ctx, head)
        if newest is None:
            raise CowriterError("There is no MusicGen take of this version to extend yet; generate one first.")
        path, origin = newest.path, f"take {newest.id}"
        prompt, label = str(newest.meta.get("prompt") or song_prompt(head.song)), newest.meta.get("section")
    audio, sr = read_wav(path)
    raw = engine.continue_audio(audio, sr, prompt, seconds, include_audio=True, progress=ctx.progress, cancel=cancel)
    take = _normalized(raw)
    stored = _store(ctx, head, take, {"section": label, "extends": origin, "added_seconds": seconds})
    summary = f"Extended {origin} by {seconds:g} s to {_clock(take.seconds)} with {take.model} (seed {take.seed})."
    return ToolResult(summary, audio=(stored,))


def newest_take(ctx: ToolContext) -> Path | None:
    """The newest MusicGen take of the current version, or None (for `cowriter export --format take`)."""
    head = ctx.store.head(ctx.project)
    if head is None:
        return None
    newest = _newest_take_render(ctx, head)
    return newest.path if newest is not None else None


def _newest_take_render(ctx: ToolContext, version: Version) -> Render | None:
    render = ctx.store.find_render(version.id, TAKE)
    return render if render is not None and render.path.exists() else None


def _engine(engine: MusicGenEngine | None) -> MusicGenEngine:
    if engine is None:
        raise MusicGenUnavailable(unavailable_message(DEFAULT_CHECKPOINT))
    return engine


def _normalized(take: Take) -> Take:
    """The take at -14 LUFS, like every other render."""
    samples = normalize(take.samples, take.sample_rate)
    return Take(samples, take.sample_rate, take.prompt, take.seed, take.model, take.seconds)


def _store(ctx: ToolContext, version: Version, take: Take, extra: dict[str, Any]) -> Path:
    """Keep a take with the version it was made from, with all it takes to make it again."""
    meta = {**take.meta(), "sample_rate": take.sample_rate, **extra}
    with tempfile.TemporaryDirectory(prefix="cowriter-take-") as tmp:
        wav = write_wav_atomic(Path(tmp) / "take.wav", take.samples, take.sample_rate)
        render = ctx.store.add_render(version.id, TAKE, wav, meta)
    logger.info("kept a %.1f s take of version %s (%s)", take.seconds, version.number, take.model)
    return render.path


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"
