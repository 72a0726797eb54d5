"""A musician hears MusicGen takes: from text, from a melody, continued, stitched into a song, or stopped.

Every model here is a tiny random-weight MusicGen written to disk in the official checkpoint
layout and loaded through the same engine code as a downloaded checkpoint.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from audio.longform import generate_song, section_edges, section_starts
from audio.mix import loudness_lufs
from audio.musicgen import GenerationCancelled, MusicGenEngine
from audio.musicgen_checkpoint import MusicGenUnavailable, write_random_checkpoint
from audio.musicgen_prompt import melody_chroma, model_audio, section_prompt
from music.song import Key, Meta, Part, Section, Song

pytestmark = pytest.mark.usefixtures("torch_on_one_thread")


PROMPT = "folk song in D minor, 90 BPM, acoustic guitar, fiddle and upright bass"
SR = 32000


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_random_checkpoint(tmp_path_factory.mktemp("musicgen") / "tiny-musicgen")


@pytest.fixture(scope="module")
def melody_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_random_checkpoint(tmp_path_factory.mktemp("musicgen") / "tiny-musicgen-melody", melody=True)


@pytest.fixture(scope="module")
def engine(checkpoint: Path) -> MusicGenEngine:
    return MusicGenEngine(checkpoint, device="cpu", seed=7)


def folk_song(tempi: tuple[float | None, ...] = (None, None), bars: tuple[int, ...] = (1, 1)) -> Song:
    """A short D minor folk song: one section per entry, each a bar or two, fast so takes stay short."""
    kinds = ("verse", "chorus", "bridge", "outro")
    sections = tuple(
        Section(kind=kinds[i], label=kinds[i].title(), bars=n, chords=("Dm",) * n, tempo=tempo, energy=0.3 + 0.2 * i)
        for i, (tempo, n) in enumerate(zip(tempi, bars, strict=True))
    )
    parts = (
        Part(name="Acoustic Guitar", role="chords", program=25),
        Part(name="Upright Bass", role="bass", program=32),
    )
    meta = Meta(style="folk", mood="melancholic", tempo=240, key=Key(tonic="D", mode="minor"), parts=parts)
    return Song(meta=meta, sections=sections)


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(np.ravel(a), np.ravel(b))[0, 1])


# -- a take from a text prompt -------------------------------------------------------------


def test_a_take_lasts_as_long_as_asked_at_the_models_rate(engine: MusicGenEngine, checkpoint: Path) -> None:
    take = engine.generate(PROMPT, 0.7)

    assert take.sample_rate == SR == engine.sample_rate
    assert take.samples.shape == (round(0.7 * SR), 1)
    assert take.samples.dtype == np.float32
    assert take.seconds == pytest.approx(0.7)
    assert np.all(np.isfinite(take.samples)) and np.any(take.samples != 0)
    assert take.meta() == {"prompt": PROMPT, "seed": 7, "model": str(checkpoint), "seconds": 0.7}


def test_the_same_seed_plays_the_same_take_and_another_seed_another(engine: MusicGenEngine) -> None:
    first = engine.generate(PROMPT, 0.5)
    again = engine.generate(PROMPT, 0.5)
    other = engine.generate(PROMPT, 0.5, seed=8)

    assert np.array_equal(first.samples, again.samples)
    assert other.seed == 8
    assert not np.array_equal(first.samples, other.samples)


def test_a_prompt_must_say_something(engine: MusicGenEngine) -> None:
    with pytest.raises(ValueError, match="Describe the music"):
        engine.generate("   ", 1.0)
    with pytest.raises(ValueError, match="more than 0"):
        engine.generate(PROMPT, 0)


# -- continuing a take ---------------------------------------------------------------------


def test_continuing_a_take_plays_on_from_where_it_ends(engine: MusicGenEngine) -> None:
    take = engine.generate(PROMPT, 1.0)

    more = engine.continue_audio(take.samples, take.sample_rate, PROMPT, 0.5)
    whole = engine.continue_audio(take.samples, take.sample_rate, PROMPT, 0.5, include_audio=True)

    assert more.samples.shape == (SR // 2, 1)
    assert whole.samples.shape == (SR + SR // 2, 1)
    fade = SR * 20 // 1000
    # The take itself is kept as it was, up to the 20 ms crossfade into the new music ...
    assert np.array_equal(whole.samples[: SR - fade], take.samples[: SR - fade])
    # ... and after the join comes the same new music a plain continuation makes.
    assert np.allclose(whole.samples[SR:], more.samples, atol=1e-6)


def test_the_continuation_is_what_the_model_makes_after_the_prompts_codes(
    engine: MusicGenEngine, checkpoint: Path
) -> None:
    """Reference: transformers' own generate, given the prompt as codec codes, with the same seed."""
    import torch
    from transformers import AutoTokenizer, MusicgenForConditionalGeneration

    take = engine.generate(PROMPT, 1.0)
    more = engine.continue_audio(take.samples, SR, PROMPT, 0.5, seed=3)

    model = MusicgenForConditionalGeneration.from_pretrained(checkpoint).eval()
    tokenizer = AutoTokenizer.from_pretrained(checkpoint)
    prompt = torch.from_numpy(take.samples.T.copy())[None]  # (1, 1, n)
    codes = model.audio_encoder.encode(prompt).audio_codes  # (1, 1, 4 codebooks, 50 frames)
    torch.manual_seed(3)
    steps = 25 + 3  # 25 new frames, plus the three steps codebooks 2-4 lag behind the first
    with torch.inference_mode():
        reference = model.generate(
            **tokenizer([PROMPT], return_tensors="pt"), decoder_input_ids=codes[0, 0], do_sample=True, top_k=250,
            guidance_scale=3.0, max_new_tokens=steps,
        )[0, 0].numpy()  # fmt: skip
        prompt_alone = model.audio_encoder.decode(codes, audio_scales=[None]).audio_values[0, 0].numpy()

    # The model's output starts with the prompt's codes decoded ...
    assert reference.shape[0] == SR + SR // 2
    assert correlation(reference[: SR - 640], prompt_alone[: SR - 640]) > 0.99
    # ... and the engine's continuation is exactly what follows them.
    assert np.allclose(more.samples[:, 0], reference[SR:], atol=1e-5)


def test_a_take_longer_than_one_window_is_made_window_by_window(checkpoint: Path) -> None:
    engine = MusicGenEngine(checkpoint, device="cpu")
    engine.window_seconds, engine.context_seconds = 1.0, 0.4  # the official 30 s and 10 s, scaled down
    heard: list[tuple[str, float]] = []

    take = engine.generate(PROMPT, 2.3, progress=lambda message, fraction: heard.append((message, fraction)))

    assert take.samples.shape == (round(2.3 * SR), 1)
    fractions = [f for _, f in heard]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert heard[0][0].endswith("part 1 of 4") and heard[-1][0].endswith("part 4 of 4")


def test_stopping_a_take_stops_it_within_a_step(engine: MusicGenEngine) -> None:
    stop = threading.Event()
    steps: list[float] = []

    def progress(message: str, fraction: float) -> None:
        steps.append(fraction)
        if len(steps) == 3:
            stop.set()

    with pytest.raises(GenerationCancelled, match="nothing was kept"):
        engine.generate(PROMPT, 5.0, progress=progress, cancel=stop)
    assert len(steps) == 3
    with pytest.raises(GenerationCancelled):
        engine.continue_audio(np.zeros(SR, np.float32), SR, PROMPT, 1.0, cancel=stop)


# -- where checkpoints come from -----------------------------------------------------------


def test_a_missing_checkpoint_is_named_with_how_to_get_it(tmp_path: Path) -> None:
    empty_cache = tmp_path / "hub"

    with pytest.raises(MusicGenUnavailable) as missing:
        MusicGenEngine("facebook/musicgen-medium", cache_dir=empty_cache)
    message = str(missing.value)
    assert "facebook/musicgen-medium" in message
    assert "`cowriter models pull musicgen-medium`" in message and "Pull button" in message
    assert message.endswith(".") and ". " not in message  # one sentence

    with pytest.raises(MusicGenUnavailable, match="facebook/musicgen-small"):
        MusicGenEngine("", cache_dir=empty_cache)
    with pytest.raises(MusicGenUnavailable, match="no MusicGen checkpoint"):
        MusicGenEngine(tmp_path, cache_dir=empty_cache)
    with pytest.raises(MusicGenUnavailable, match="no MusicGen checkpoint folder at"):
        MusicGenEngine(tmp_path / "not" / "here", cache_dir=empty_cache)


def test_a_checkpoint_in_the_local_hugging_face_cache_is_found_by_its_hub_id(checkpoint: Path, tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    repo = cache / "models--facebook--musicgen-small"
    shutil.copytree(checkpoint, repo / "snapshots" / "0123abcd")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("0123abcd")

    by_id = MusicGenEngine("facebook/musicgen-small", device="cpu", cache_dir=cache)
    first_found = MusicGenEngine("", device="cpu", cache_dir=cache)

    assert by_id.model_id == first_found.model_id == "facebook/musicgen-small"
    assert by_id.generate(PROMPT, 0.2).model == "facebook/musicgen-small"


def test_engine_settings_are_checked_before_anything_loads(checkpoint: Path) -> None:
    with pytest.raises(ValueError, match="not a device"):
        MusicGenEngine(checkpoint, device="gpu0")
    with pytest.raises(ValueError, match="not a precision"):
        MusicGenEngine(checkpoint, dtype="int8")
    assert not MusicGenEngine(checkpoint).is_melody


# -- prompts and melody --------------------------------------------------------------------


def test_a_section_prompt_says_style_key_tempo_instruments_mood_and_energy() -> None:
    from music.plan.planner import plan_song

    song = plan_song("folk song about leaving home, 90 BPM, D minor")
    chorus = song.find("first chorus")[0]

    assert section_prompt(song, chorus) == (
        "folk song in D minor, 90 BPM, acoustic guitar, fiddle, upright bass and drums, melancholic, chorus, high energy"
    )
    bridge = song.find("bridge")[0]
    moved = song.replace_section(bridge, song.sections[bridge].model_copy(update={"key": Key(tonic="F"), "tempo": 96}))
    assert section_prompt(moved, bridge).startswith("folk song in F major, 96 BPM, ")
    waltz = song.with_updates(meta=song.meta.model_copy(update={"time_signature": "3/4"}))
    assert ", 3/4 time, " in section_prompt(waltz, 0)


def test_the_melody_chroma_of_an_a_is_a() -> None:
    sr = 22050
    a440 = 0.5 * np.sin(2 * np.pi * 440 * np.arange(2 * sr) / sr)

    chroma = melody_chroma(a440, sr)

    assert chroma.shape == (2 * SR // 4096 + 1, 12)  # the feature extractor's frames: 7.8 a second
    assert np.all(chroma.sum(axis=1) == 1)
    assert np.all(chroma.argmax(axis=1) == 9)  # C C# D D# E F F# G G# A: A is pitch class 9


def test_audio_for_the_model_is_resampled_and_mixed_to_its_channels() -> None:
    stereo = np.random.default_rng(0).uniform(-0.5, 0.5, (44100, 2)).astype(np.float32)

    assert model_audio(stereo, 44100, SR, 1).shape == (1, SR)
    assert model_audio(stereo[:, 0], 44100, SR, 2).shape == (2, SR)
    with pytest.raises(ValueError, match="non-empty"):
        model_audio(np.zeros((0, 2)), 44100, SR, 1)


def test_a_melody_checkpoint_follows_the_sketch_render(melody_checkpoint: Path, engine: MusicGenEngine) -> None:
    from audio.longform import sketch_melody
    from audio.render import SketchRenderer

    melodic = MusicGenEngine(melody_checkpoint, device="cpu")
    song = folk_song()
    sketch, sketch_sr = sketch_melody(SketchRenderer(), song, 0)

    take = melodic.generate(section_prompt(song, 0), 1.0, melody=sketch, melody_sr=sketch_sr)
    more = melodic.continue_audio(take.samples, SR, section_prompt(song, 1), 0.5, melody=sketch, melody_sr=sketch_sr)

    assert melodic.is_melody
    assert take.samples.shape == (SR, 1) and more.samples.shape == (SR // 2, 1)
    loudest = np.bincount(melody_chroma(sketch, sketch_sr).argmax(axis=1), minlength=12).argmax()
    assert loudest in (2, 5, 9)  # a D minor chord: D, F or A rings loudest
    with pytest.raises(ValueError, match="cannot follow a melody"):
        engine.generate(PROMPT, 0.2, melody=sketch, melody_sr=sketch_sr)


# -- a whole song ----------------------------------------------------------------------------


def test_sections_start_on_the_bar_grid_with_their_own_tempi() -> None:
    song = folk_song(tempi=(None, 120.0, 160.0), bars=(2, 1, 3))

    assert section_starts(song) == [0.0, 2.0, 4.0]  # 2 bars at 240, then 1 bar at 120
    assert section_edges(song, SR) == [0, 2 * SR, 4 * SR, round(8.5 * SR)]  # then 3 bars at 160: 4.5 s more


def test_a_whole_song_is_its_sections_in_order_each_on_its_own_bar(engine: MusicGenEngine) -> None:
    song = folk_song(tempi=(None, 200.0))  # a bar at 240 BPM (1 s), then a bar at 200 BPM (1.2 s)
    heard: list[tuple[str, float]] = []

    take = generate_song(engine, song, seed=11, progress=lambda m, f: heard.append((m, f)))
    as_made = generate_song(engine, song, seed=11, target_lufs=None)

    edges = section_edges(song, SR)
    assert edges == [0, SR, round(2.2 * SR)]
    assert take.samples.shape == as_made.samples.shape == (edges[-1], 1) and take.seed == 11
    # Normalised towards -14 LUFS under a -1 dB ceiling (random weights make very spiky audio).
    assert loudness_lufs(take.samples, SR) == pytest.approx(-14.0, abs=2.0)
    assert np.abs(take.samples).max() <= 10 ** (-1 / 20) + 1e-3
    assert heard[0][0].startswith("Verse: ") and any(m.startswith("Chorus: ") for m, _ in heard)
    assert heard[-1][1] == 1.0

    # The verse, made alone with the same seed, is exactly the song's first bar ...
    tail = SR * 20 // 1000
    verse = engine.generate(section_prompt(song, 0), (edges[1] + tail) / SR, seed=11).samples
    assert np.allclose(as_made.samples[: edges[1]], verse[: edges[1]], atol=1e-6)
    # ... and the chorus, continuing from it, starts exactly on the second bar's first sample,
    # the verse ringing on under it for 20 ms as it fades.
    chorus = engine.continue_audio(verse[: edges[1]], SR, section_prompt(song, 1), (edges[2] - edges[1]) / SR, seed=12)
    assert np.allclose(as_made.samples[edges[1] + tail :], chorus.samples[tail:], atol=1e-6)
    overlap = as_made.samples[edges[1] : edges[1] + tail] - chorus.samples[:tail]
    fading = verse[edges[1] : edges[1] + tail]
    assert np.allclose(overlap[0], fading[0], atol=1e-6) and np.all(np.abs(overlap) <= np.abs(fading) + 1e-6)
