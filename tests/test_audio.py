"""A musician hears sketches: renders, stems, loudness, brightness, tempo and key, on real FluidSynth."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import mido
import numpy as np
import pytest
import soundfile as sf

from audio import soundfont
from audio.analysis import analyze_audio, estimate_key, estimate_tempo, loudness, spectral_centroid
from audio.mix import AudioFileError, concatenate_on_grid, loudness_lufs, normalize, read_wav, write_wav_atomic
from audio.render import RenderError, SketchRenderer
from audio.soundfont import SoundFontError, find_soundfont
from audio.synth import BuiltinSynth, voice_for
from audio.timeline import build_timeline

TPB = 480
A_MINOR_POP = [[57, 60, 64], [53, 57, 60], [48, 52, 55], [55, 59, 62]]  # Am F C G

needs_soundfont = pytest.mark.skipif(find_soundfont() is None, reason="no General MIDI SoundFont installed")


# -- building MIDI the way a sequencer writes it -------------------------------------------


def _track(name: str, channel: int, program: int | None, notes: list[tuple[float, float, int, int]]) -> mido.MidiTrack:
    """A named track from (start beat, length in beats, pitch, velocity) notes."""
    track = mido.MidiTrack([mido.MetaMessage("track_name", name=name)])
    if program is not None:
        track.append(mido.Message("program_change", channel=channel, program=program))
    events = []
    for start, length, pitch, velocity in notes:
        events.append((round(start * TPB), 1, pitch, velocity))
        events.append((round((start + length) * TPB), 0, pitch, 0))
    now = 0
    for tick, on, pitch, velocity in sorted(events, key=lambda e: (e[0], e[1])):
        kind = "note_on" if on else "note_off"
        track.append(mido.Message(kind, channel=channel, note=pitch, velocity=velocity, time=tick - now))
        now = tick
    return track


def _conductor(tempos: list[tuple[float, float]]) -> mido.MidiTrack:
    """The tempo track: (beat, BPM) changes, no notes."""
    track = mido.MidiTrack([mido.MetaMessage("track_name", name="Tempo")])
    now = 0
    for beat, bpm in tempos:
        tick = round(beat * TPB)
        track.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm), time=tick - now))
        now = tick
    return track


def band_song(bars: int = 8, tempos: list[tuple[float, float]] | None = None) -> mido.MidiFile:
    """Drums, bass, chords and lead over Am-F-C-G, with a tempo change halfway."""
    tempos = tempos or [(0.0, 120.0), (bars * 2.0, 100.0)]
    drums, bass, chords, lead = [], [], [], []
    for bar in range(bars):
        chord = A_MINOR_POP[bar % 4]
        for beat in range(4):
            at = bar * 4.0 + beat
            drums += [(at, 0.25, 36 if beat % 2 == 0 else 38, 100), (at, 0.25, 42, 70), (at + 0.5, 0.25, 42, 60)]
        bass += [(bar * 4.0 + i * 0.5, 0.45, chord[0] - 12, 90) for i in range(8)]
        chords += [(bar * 4.0, 3.9, pitch, 70) for pitch in chord]
        lead += [(bar * 4.0 + i, 0.9, chord[i % 3] + 12, 85) for i in range(4)]
    midi = mido.MidiFile(ticks_per_beat=TPB)
    midi.tracks += [
        _conductor(tempos),
        _track("Drums", 9, None, drums),
        _track("Bass", 1, 33, bass),
        _track("Keys", 2, 0, chords),
        _track("Lead", 3, 80, lead),
    ]
    return midi


def progression(program: int, octave_shift: int, bars: int = 4) -> mido.MidiFile:
    """The same chords on one instrument, moved by whole octaves."""
    notes = [
        (bar * 4.0 + beat, 0.95, pitch + 12 * octave_shift, 90)
        for bar in range(bars)
        for beat in range(4)
        for pitch in A_MINOR_POP[bar % 4]
    ]
    midi = mido.MidiFile(ticks_per_beat=TPB)
    midi.tracks += [_conductor([(0.0, 100.0)]), _track("Keys", 0, program, notes)]
    return midi


def drum_loop(bpm: float, bars: int = 8) -> mido.MidiFile:
    """Kick on 1 and 3, snare on 2 and 4, eighth-note hats."""
    notes = []
    for bar in range(bars):
        for beat in range(4):
            at = bar * 4.0 + beat
            notes += [(at, 0.2, 36 if beat % 2 == 0 else 38, 110), (at, 0.1, 42, 80), (at + 0.5, 0.1, 42, 60)]
    midi = mido.MidiFile(ticks_per_beat=TPB)
    midi.tracks += [_conductor([(0.0, bpm)]), _track("Drums", 9, None, notes)]
    return midi


def c_major_cadence() -> mido.MidiFile:
    """A C major scale up and down, then I-IV-V-I."""
    scale = [60, 62, 64, 65, 67, 69, 71, 72]
    melody = [(i * 0.5, 0.5, p, 90) for i, p in enumerate(scale + scale[::-1])]
    chords = [(8.0 + i * 2, 2.0, p, 80) for i, ch in enumerate([[48, 60, 64, 67], [53, 60, 65, 69], [55, 59, 62, 67], [48, 60, 64, 72]]) for p in ch]
    midi = mido.MidiFile(ticks_per_beat=TPB)
    midi.tracks += [_conductor([(0.0, 100.0)]), _track("Piano", 0, 0, melody + chords)]
    return midi


@pytest.fixture(scope="module")
def fluid() -> Iterator[SketchRenderer]:
    renderer = SketchRenderer(engine="fluidsynth")
    yield renderer
    renderer.close()


@pytest.fixture(scope="module")
def builtin() -> SketchRenderer:
    return SketchRenderer(engine="builtin")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


# -- hearing a sketch ----------------------------------------------------------------------


@needs_soundfont
def test_a_band_sketch_renders_in_stereo_at_streaming_loudness(fluid: SketchRenderer, tmp_path: Path) -> None:
    song = band_song()
    take = fluid.render_take(song, tmp_path / "sketch.wav")

    info = sf.info(str(take.path))
    assert (info.samplerate, info.channels, info.subtype) == (44100, 2, "PCM_24")
    assert take.engine == "fluidsynth" and fluid.notice is None
    assert song.length <= info.duration <= song.length + 1.05
    assert take.seconds == pytest.approx(info.duration, abs=1e-3)
    audio, rate = read_wav(take.path)
    assert loudness_lufs(audio, rate) == pytest.approx(-14.0, abs=0.5)
    assert np.abs(audio).max() < 0.95  # the limiter holds peaks under -1 dBTP: nothing clips
    assert _leftovers(tmp_path) == ["sketch.wav"]


@needs_soundfont
def test_stems_one_per_playing_track_add_up_to_the_mix(fluid: SketchRenderer, tmp_path: Path) -> None:
    song = band_song(bars=4)
    mix, rate = read_wav(fluid.render(song, tmp_path / "mix.wav"))
    stems = fluid.render_stems(song, tmp_path / "stems", mix=tmp_path / "stems-mix.wav")

    assert list(stems) == ["Drums", "Bass", "Keys", "Lead"]  # the tempo track has no notes
    assert _leftovers(tmp_path / "stems") == ["01-drums.wav", "02-bass.wav", "03-keys.wav", "04-lead.wav"]
    parts = [read_wav(path)[0] for path in stems.values()]
    assert all(part.shape == mix.shape for part in parts)
    assert all(np.abs(part).max() > 1e-3 for part in parts)
    residual = np.sum((np.sum(parts, axis=0) - mix) ** 2) / np.sum(mix**2)
    assert 10 * np.log10(residual) < -30
    summed, _ = read_wav(tmp_path / "stems-mix.wav")
    assert np.abs(summed - np.sum(parts, axis=0)).max() < 1e-3


@needs_soundfont
def test_no_stem_carries_dc_offset_or_rumble_below_20_hz(fluid: SketchRenderer, tmp_path: Path) -> None:
    from music.band.arrange import arrange
    from music.formats.midi import write_midi
    from music.plan.planner import plan_song

    # The EDM supersaw's samples sat off centre: about half its energy was DC before the high-pass.
    song = plan_song("edm track about the night in A minor")
    stems = fluid.render_stems(write_midi(arrange(song), tmp_path / "edm.mid"), tmp_path / "stems")
    for name, path in stems.items():
        audio, rate = read_wav(path)
        mono = audio.mean(axis=1)
        power = np.abs(np.fft.rfft(mono)) ** 2
        below = power[np.fft.rfftfreq(len(mono), 1 / rate) < 20].sum() / power.sum()
        assert abs(float(mono.mean())) < 1e-3 and below < 0.01, (name, float(mono.mean()), below)


@needs_soundfont
def test_a_render_without_normalising_still_never_clips(fluid: SketchRenderer, tmp_path: Path) -> None:
    audio, _ = read_wav(fluid.render(band_song(bars=2), tmp_path / "raw.wav", normalize=False))
    assert 0.0 < np.abs(audio).max() < 0.95


@pytest.mark.parametrize("engine", [pytest.param("fluidsynth", marks=needs_soundfont), "builtin"])
@pytest.mark.parametrize(
    ("darker", "brighter", "margin"),
    [((0, -1), (1, 0), 1.1), ((24, -1), (25, 0), 1.5)],
    ids=["grand-low-to-bright-piano", "nylon-low-to-steel-guitar"],
)
def test_voicing_up_an_octave_on_a_brighter_instrument_sounds_brighter(
    engine: str, darker: tuple[int, int], brighter: tuple[int, int], margin: float, tmp_path: Path
) -> None:
    renderer = SketchRenderer(engine=engine)  # type: ignore[arg-type]
    low = renderer.render(progression(*darker), tmp_path / "low.wav")
    high = renderer.render(progression(*brighter), tmp_path / "high.wav")
    assert spectral_centroid(high) > margin * spectral_centroid(low)


def test_the_builtin_steel_guitar_is_brighter_than_nylon_at_the_same_pitch(tmp_path: Path) -> None:
    assert voice_for(25).brightness > voice_for(24).brightness
    synth = BuiltinSynth()
    nylon = synth.render(build_timeline(progression(program=24, octave_shift=0, bars=2)))
    steel = synth.render(build_timeline(progression(program=25, octave_shift=0, bars=2)))
    assert spectral_centroid(steel, 44100) > 1.15 * spectral_centroid(nylon, 44100)


def test_without_a_soundfont_the_builtin_synth_plays_and_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("COWRITER_SOUNDFONT", raising=False)
    monkeypatch.setattr(soundfont, "KNOWN_SOUNDFONTS", (tmp_path / "nowhere.sf2",))
    renderer = SketchRenderer()

    assert renderer.engine == "builtin" and renderer.soundfont is None
    assert renderer.notice is not None and "fluid-soundfont-gm" in renderer.notice
    assert renderer.notice.endswith(".") and ". " not in renderer.notice  # one sentence
    take = renderer.render_take(band_song(bars=2), tmp_path / "sketch.wav")
    assert take.engine == "builtin"
    assert loudness(take.path) == pytest.approx(-14.0, abs=0.5)
    with pytest.raises(RenderError, match="fluid-soundfont-gm"):
        SketchRenderer(engine="fluidsynth")


def test_a_soundfont_asked_for_by_name_must_exist(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(SoundFontError, match="does not exist"):
        SketchRenderer(soundfont=tmp_path / "missing.sf2")
    monkeypatch.setenv("COWRITER_SOUNDFONT", str(tmp_path / "also-missing.sf2"))
    with pytest.raises(SoundFontError, match="COWRITER_SOUNDFONT"):
        find_soundfont()
    mine = tmp_path / "mine.sf2"
    mine.write_bytes(b"RIFF")
    monkeypatch.setenv("COWRITER_SOUNDFONT", str(mine))
    assert find_soundfont() == mine


def test_a_damaged_midi_file_is_refused_and_nothing_is_written(builtin: SketchRenderer, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.mid"
    damaged.write_bytes(b"MThd\x00\x00\x00\x06\x00\x01\x00\x02\x01\xe0MTrk\x00\x00\xff\xffgarbage")
    out = tmp_path / "out"
    with pytest.raises(RenderError, match="could not be read"):
        builtin.render(damaged, out / "take.wav")
    with pytest.raises(RenderError, match="could not be read"):
        builtin.render_stems(damaged, out / "stems")
    assert _leftovers(out) == []


def test_a_song_with_no_notes_is_refused(builtin: SketchRenderer, tmp_path: Path) -> None:
    silent = mido.MidiFile(ticks_per_beat=TPB)
    silent.tracks.append(_conductor([(0.0, 90.0)]))
    with pytest.raises(RenderError, match="no notes"):
        builtin.render(silent, tmp_path / "take.wav")
    assert not (tmp_path / "take.wav").exists()


def test_a_folder_that_cannot_be_written_gives_a_plain_error(builtin: SketchRenderer, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(RenderError, match="Could not write"):
        builtin.render(band_song(bars=1), blocker / "take.wav")
    with pytest.raises(RenderError, match="Could not write"):
        builtin.render_stems(band_song(bars=1), blocker / "stems")
    assert _leftovers(tmp_path) == ["not-a-folder"]


@needs_soundfont
def test_two_threads_rendering_at_once_get_the_same_take(fluid: SketchRenderer, tmp_path: Path) -> None:
    song = band_song(bars=2)
    paths = [tmp_path / f"take-{i}.wav" for i in range(2)]
    threads = [threading.Thread(target=fluid.render, args=(song, path)) for path in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = (read_wav(path)[0] for path in paths)
    assert np.array_equal(first, second)


def test_the_timeline_follows_tempo_changes_and_the_sustain_pedal() -> None:
    song = band_song(bars=8)  # 120 BPM for 16 beats, then 100 BPM
    timeline = build_timeline(song)
    assert timeline.length == pytest.approx(song.length)
    assert timeline.track_names == ("Tempo", "Drums", "Bass", "Keys", "Lead")
    assert timeline.note_tracks == (1, 2, 3, 4)
    keys = [n for n in timeline.notes(3) if n.start == pytest.approx(16 * 0.5)]
    assert len(keys) == 3 and all(n.end - n.start == pytest.approx(3.9 * 0.6) for n in keys)

    pedal = _track("Piano", 0, 0, [(0.0, 1.0, 60, 80)])
    pedal.insert(2, mido.Message("control_change", control=64, value=127))
    pedal.append(mido.Message("control_change", control=64, value=0, time=TPB))
    midi = mido.MidiFile(ticks_per_beat=TPB)
    midi.tracks += [_conductor([(0.0, 60.0)]), pedal]
    (note,) = build_timeline(midi).notes()
    assert (note.start, note.end) == pytest.approx((0.0, 2.0))  # held by the pedal to beat 2


# -- listening back ------------------------------------------------------------------------


@needs_soundfont
def test_a_120_bpm_drum_loop_is_heard_at_120(fluid: SketchRenderer, tmp_path: Path) -> None:
    loop = fluid.render(drum_loop(120.0), tmp_path / "loop.wav")
    assert estimate_tempo(loop) == pytest.approx(120.0, rel=0.05)


@needs_soundfont
def test_a_c_major_scale_and_cadence_is_heard_in_c_major(fluid: SketchRenderer, tmp_path: Path) -> None:
    take = fluid.render(c_major_cadence(), tmp_path / "cadence.wav")
    assert estimate_key(take) == ("C", "major")


def test_the_report_reads_like_a_musician_talks(builtin: SketchRenderer, tmp_path: Path) -> None:
    report = analyze_audio(builtin.render(band_song(bars=4), tmp_path / "take.wav"))
    assert report.lufs == pytest.approx(-14.0, abs=0.5)
    assert report.onsets_per_second > 1.0
    line = report.describe()
    assert line.startswith("brightness ") and " Hz, -14.0 LUFS, ~" in line and " BPM, " in line


# -- the mixing desk -----------------------------------------------------------------------


def test_normalising_silence_leaves_silence() -> None:
    quiet = np.zeros((44100, 2), dtype=np.float32)
    assert np.array_equal(normalize(quiet, 44100), quiet)
    assert loudness_lufs(quiet, 44100) == float("-inf")


def test_a_quiet_tone_is_brought_up_to_minus_14_lufs() -> None:
    t = np.arange(3 * 44100) / 44100
    tone = 0.01 * np.sin(2 * np.pi * 440 * t)
    assert loudness_lufs(normalize(tone, 44100), 44100) == pytest.approx(-14.0, abs=0.1)


def test_sections_join_exactly_on_the_bar_grid() -> None:
    sr = 1000
    verse, chorus = np.full(1200, 0.5), np.full(600, 0.25)  # the verse rings 200 ms past its bar line
    song = concatenate_on_grid([verse, chorus], sr, [0.0, 1.0], crossfade_ms=20)

    assert song.shape == (1600,)
    assert song[999] == pytest.approx(0.5)  # verse untouched before the bar line
    assert song[1020:] == pytest.approx(0.25)  # chorus alone once the crossfade is over
    assert song[1000] == pytest.approx(0.75)  # chorus starts at full level on its bar line
    with pytest.raises(ValueError, match="increase"):
        concatenate_on_grid([verse, chorus], sr, [1.0, 0.5])


def test_a_wav_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    tone = np.zeros((100, 2))
    path = write_wav_atomic(tmp_path / "tone.wav", tone, 44100)
    assert read_wav(path)[0].shape == (100, 2)
    with pytest.raises(AudioFileError, match="Could not write"):
        write_wav_atomic(tmp_path / "missing" / "tone.wav", tone, 44100)
    assert _leftovers(tmp_path) == ["tone.wav"]
