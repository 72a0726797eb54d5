"""A musician asks for MusicGen takes in a session: a section, the whole song, longer, from an upload.

The engines are tiny random-weight MusicGen checkpoints loaded like downloaded ones; the
store is the real SQLite project store and the sketches come from the real renderer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from audio.mix import read_wav, write_wav_atomic
from audio.musicgen import GenerationCancelled, MusicGenEngine
from audio.musicgen_checkpoint import MusicGenUnavailable, write_random_checkpoint
from audio.render import SketchRenderer
from memory.store import ProjectStore
from music.errors import CowriterError
from music.song import Key, Meta, Part, Section, Song
from tools.context import ToolContext
from tools.generation import extend, generate_section, newest_take
from tools.rendering import render_version

pytestmark = pytest.mark.usefixtures("torch_on_one_thread")


SR = 32000


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> MusicGenEngine:
    return MusicGenEngine(write_random_checkpoint(tmp_path_factory.mktemp("ckpt") / "tiny"), device="cpu", seed=4)


@pytest.fixture(scope="module")
def melody_engine(tmp_path_factory: pytest.TempPathFactory) -> MusicGenEngine:
    folder = write_random_checkpoint(tmp_path_factory.mktemp("ckpt") / "tiny-melody", melody=True)
    return MusicGenEngine(folder, device="cpu")


@pytest.fixture(scope="module")
def renderer() -> SketchRenderer:
    return SketchRenderer()


@pytest.fixture
def ctx(cowriter_home: Path, renderer: SketchRenderer) -> Iterator[ToolContext]:
    store = ProjectStore(cowriter_home)
    parts = (
        Part(name="Acoustic Guitar", role="chords", program=25),
        Part(name="Upright Bass", role="bass", program=32),
    )
    song = Song(
        meta=Meta(style="folk", mood="wistful", tempo=240, key=Key(tonic="D", mode="minor"), parts=parts),
        sections=(
            Section(kind="verse", label="Verse", bars=1, chords=("Dm",), energy=0.4),
            Section(kind="chorus", label="Chorus", bars=1, chords=("F",), energy=0.8, tempo=200),
        ),
    )
    store.commit("demo", song, "plan_song", "A one-bar verse and a one-bar chorus in D minor.")
    yield ToolContext(store, "demo", renderer)
    store.close()


def takes(ctx: ToolContext) -> list:
    head = ctx.store.head(ctx.project)
    assert head is not None
    return [r for r in ctx.store.renders(head.id) if r.kind == "take"]


def test_a_take_of_the_chorus_is_kept_with_what_made_it(ctx: ToolContext, engine: MusicGenEngine) -> None:
    versions_before = len(ctx.store.versions("demo"))

    result = generate_section(ctx, "chorus", engine=engine)

    audio, sr = read_wav(result.audio[0])
    assert sr == SR and audio.shape[0] == round(1.2 * SR)  # one bar of 4/4 at 200 BPM
    assert not result.changed and len(ctx.store.versions("demo")) == versions_before
    [take] = takes(ctx)
    assert take.path == result.audio[0] == newest_take(ctx)
    assert (
        take.meta["prompt"]
        == "folk song in D minor, 200 BPM, acoustic guitar and upright bass, wistful, chorus, high energy"
    )
    assert take.meta["seed"] == 4 and take.meta["model"] == engine.model_id
    assert take.meta["seconds"] == pytest.approx(1.2) and take.meta["section"] == "Chorus"
    assert "Chorus" in result.summary and "seed 4" in result.summary


def test_the_same_request_plays_the_same_take_again(ctx: ToolContext, engine: MusicGenEngine) -> None:
    first = read_wav(generate_section(ctx, "verse", engine=engine).audio[0])[0]
    again = read_wav(generate_section(ctx, "verse", engine=engine).audio[0])[0]

    assert np.array_equal(first, again)


def test_a_take_of_the_whole_song_lasts_as_long_as_the_song(ctx: ToolContext, engine: MusicGenEngine) -> None:
    result = generate_section(ctx, None, engine=engine)
    everything = generate_section(ctx, "whole song", engine=engine)

    audio, _ = read_wav(result.audio[0])
    assert audio.shape[0] == round(2.2 * SR)
    whole = takes(ctx)[-1]
    assert whole.meta["section"] is None and len(whole.meta["prompts"]) == 2
    assert "the whole song" in result.summary and "the whole song" in everything.summary
    assert everything.audio == result.audio  # "whole song" names every section: the same take


def test_extending_the_newest_take_plays_on_from_it(ctx: ToolContext, engine: MusicGenEngine) -> None:
    made = generate_section(ctx, "verse", engine=engine)

    result = extend(ctx, 0.5, engine=engine)

    before, _ = read_wav(made.audio[0])
    after, _ = read_wav(result.audio[0])
    assert after.shape[0] == before.shape[0] + SR // 2
    assert newest_take(ctx) == result.audio[0]
    extended = takes(ctx)[-1]
    assert extended.meta["added_seconds"] == 0.5 and extended.meta["section"] == "Verse"
    assert extended.meta["extends"].startswith("take ") and extended.meta["prompt"] == takes(ctx)[0].meta["prompt"]
    assert "by 0.5 s" in result.summary


def test_an_uploaded_recording_can_be_extended(ctx: ToolContext, engine: MusicGenEngine, tmp_path: Path) -> None:
    sr = 44100
    strum = 0.3 * np.sin(2 * np.pi * 146.8 * np.arange(sr) / sr)  # a second of D
    upload = write_wav_atomic(tmp_path / "my-riff.wav", np.stack([strum, strum], axis=1), sr)
    stored = ctx.store.add_upload("demo", "my-riff.wav", upload.read_bytes())

    result = extend(ctx, 0.25, str(stored), engine=engine)

    audio, rate = read_wav(result.audio[0])
    assert rate == SR and audio.shape[0] == SR + SR // 4
    assert takes(ctx)[-1].meta["extends"] == "my-riff.wav"  # the name the musician knows, not the stored one


def test_nothing_to_extend_or_a_silly_length_is_said_plainly(ctx: ToolContext, engine: MusicGenEngine) -> None:
    with pytest.raises(CowriterError, match="no MusicGen take of this version"):
        extend(ctx, 5, engine=engine)
    with pytest.raises(CowriterError, match="up to 300 seconds"):
        extend(ctx, 0, engine=engine)
    with pytest.raises(CowriterError, match="no audio file called lost.wav"):
        extend(ctx, 5, str(Path(ctx.store.home) / "blobs" / "lost.wav"), engine=engine)
    with pytest.raises(CowriterError, match="only read files uploaded"):
        extend(ctx, 5, "/nowhere/lost.wav", engine=engine)
    with pytest.raises(CowriterError, match="no section called 'solo'"):
        generate_section(ctx, "solo", engine=engine)
    assert newest_take(ctx) is None


def test_without_musicgen_the_sketch_still_plays(ctx: ToolContext) -> None:
    with pytest.raises(MusicGenUnavailable) as missing:
        generate_section(ctx, "chorus", engine=None)

    assert "`cowriter models pull musicgen-small` (facebook/musicgen-small, 2.4 GB)" in str(missing.value)
    head = ctx.store.head("demo")
    assert head is not None and render_version(ctx, head).exists()
    assert takes(ctx) == []


def test_a_stopped_take_keeps_nothing(ctx: ToolContext, engine: MusicGenEngine) -> None:
    stop = threading.Event()
    stop.set()

    with pytest.raises(GenerationCancelled):
        generate_section(ctx, "verse", engine=engine, cancel=stop)
    assert takes(ctx) == []


def test_a_melody_checkpoint_plays_along_with_the_sketch(ctx: ToolContext, melody_engine: MusicGenEngine) -> None:
    result = generate_section(ctx, "verse", engine=melody_engine)

    head = ctx.store.head("demo")
    assert head is not None
    kinds = [r.kind for r in ctx.store.renders(head.id)]
    assert "section:Verse" in kinds  # the sketch it followed, rendered once and kept
    assert read_wav(result.audio[0])[0].shape[0] == SR
