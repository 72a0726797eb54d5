"""Eight more styles, each heard on the notes for what makes it itself: a blues shuffle, a country two-beat, the bossa
clave, trap's half time and gliding 808, a waltz's oom-pah-pah, funk's sixteenths, reggae's one drop, disco's floor."""

from __future__ import annotations

import pytest

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent
from music.band.genres import BOSSA_CLAVE
from music.band.style_model import CLAP, CLOSED_HAT, KICK, OPEN_HAT, SIDE_STICK, SNARE
from music.band.styles import style_for
from music.edits.restyle import restyle
from music.formats.midi import arrangement_to_midi
from music.plan.planner import plan_song
from music.song import Key, Meta, Section, Song
from music.theory.chords import chord_pitch_classes, chord_root, split_symbol
from music.words.melody import write_melody

FOUR = ("C", "Am", "F", "G")


def suffix(symbol: str) -> str:
    """The chord's kind as written: '7', 'maj7', 'm9'."""
    return split_symbol(symbol)[1]


def one_section(style: str, energy: float, bars: int = 4, metre: str = "4/4", chords: tuple[str, ...] = FOUR) -> Song:
    """A one-verse song in `style` at `energy`, one chord a bar, with the style's band."""
    return Song(
        meta=Meta(style=style, parts=style_for(style).parts, key=Key(tonic="C"), time_signature=metre),
        sections=(Section(kind="verse", label="Verse", bars=bars,
                          chords=tuple(chords[b % len(chords)] for b in range(bars)), energy=energy),),
    )  # fmt: skip


def notes(arr: Arrangement, role: str, start: float = 0.0, end: float = 1e9) -> list[NoteEvent]:
    track = arr.track(role)
    return [n for n in (track.notes if track else ()) if start - 1e-9 <= n.start < end - 1e-9]


def onsets(played: list[NoteEvent], bar_start: float, drum: int | None = None) -> set[float]:
    return {round(n.start - bar_start, 3) for n in played if drum is None or n.pitch == drum}


# -- the blues ------------------------------------------------------------------------------


def test_a_blues_is_twelve_bars_of_dominant_sevenths_shuffled() -> None:
    song = plan_song("a blues about a broken-down car")
    assert song.meta.style == "blues"
    verses = [s for s in song.sections if s.kind in ("verse", "solo")]
    assert verses and all(s.bars == 12 for s in verses)
    tonic = song.meta.key.tonic
    for section in verses:
        roots = [chord_root(c) for c in section.chords]
        assert all(suffix(c) == "7" for c in section.chords), section.chords
        # I7 I7... IV7 in bar 5, back home in bar 7, V7 in bar 9, the turnaround V7 in bar 12.
        assert chord_root(section.chords[0]) == chord_root(f"{tonic}7") and roots[4] == roots[1]
        assert roots[6] == roots[0] and roots[8] == roots[11] and roots[8] != roots[0]
    arr = arrange(one_section("blues", 0.9, chords=("C7", "F7", "C7", "G7")))
    # The shuffle: every off-beat eighth lands on the third triplet of its beat.
    bass = notes(arr, "bass", 4.0, 8.0)
    assert {round((n.start - 4.0) % 1.0, 3) for n in bass} == {0.0, 0.667}
    hats = {round((n.start - 4.0) % 1.0, 3) for n in notes(arr, "drums", 4.0, 8.0)}
    assert 0.667 in hats and 0.5 not in hats
    # The boogie bass climbs root, third, fifth, sixth, flat seventh over F7.
    climb = {(n.pitch - 5) % 12 for n in bass}
    assert {0, 4, 7, 9, 10} <= climb


# -- country ----------------------------------------------------------------------------------


def test_country_plays_the_two_beat_and_ends_on_a_tag_after_a_turnaround() -> None:
    arr = arrange(one_section("country", 0.5))
    for bar, chord in enumerate(FOUR):
        start = bar * 4.0
        bass = notes(arr, "bass", start, start + 4)
        assert onsets(bass, start) >= {0.0, 2.0}
        root = chord_pitch_classes(chord)[0]
        assert [n.pitch % 12 for n in bass[:2]] == [root, (root + 7) % 12], chord  # boom on the root, then the fifth
        assert bass[1].pitch < bass[0].pitch  # the fifth below
        strums = {round(n.start - start) for n in notes(arr, "chords", start, start + 4)}
        assert strums == {1, 3}  # the chop on two and four
    song = plan_song("a country song about a pickup truck")
    sections = song.sections
    for now, after in zip(sections, sections[1:], strict=False):
        if now.kind == "chorus" and after.kind == "verse":
            assert now.chords[-1].split() == [song.meta.key.tonic, chord_of_v7(song)], now.chords  # the turnaround
    last_chorus = next(s for s in reversed(sections) if s.kind == "chorus")
    tag = sections[-1]
    assert tag.kind == "outro" and tag.chords[:-1] == last_chorus.chords[-tag.bars : -1]
    assert tag.chords[-1] == song.meta.key.tonic


def chord_of_v7(song: Song) -> str:
    from music.theory.chords import roman_to_symbol

    return roman_to_symbol("V7", song.meta.key)


# -- bossa nova -------------------------------------------------------------------------------


def test_bossa_nova_guitar_and_rim_play_the_clave_over_sevenths() -> None:
    arr = arrange(one_section("bossa nova", 0.5, chords=("Cmaj7", "Am7", "Dm7", "G7")))
    clave_bars = ({0.0, 1.5, 3.0}, {1.0, 2.5})
    assert set(BOSSA_CLAVE) == {0.0, 1.5, 3.0, 5.0, 6.5}
    for bar in range(4):
        start = bar * 4.0
        guitar = onsets(notes(arr, "chords", start, start + 4), start)
        assert guitar == clave_bars[bar % 2], (bar, guitar)
        rim = onsets(notes(arr, "drums", start, start + 4), start, SIDE_STICK)
        assert rim == clave_bars[bar % 2]
        bass = notes(arr, "bass", start, start + 4)
        root = chord_pitch_classes(("Cmaj7", "Am7", "Dm7", "G7")[bar])[0]
        assert {n.pitch % 12 for n in bass} == {root, (root + 7) % 12}  # the surdo's root and fifth
    song = plan_song("a bossa nova about the harbour at dusk")
    chords = [c for s in song.sections for bar in s.chords for c in bar.split()]
    assert all(suffix(c) in ("maj7", "m7", "7", "m7b5") for c in chords), set(chords)
    assert any(len(bar.split()) == 2 for s in song.sections for bar in s.chords)  # a ii-V in one bar


# -- trap -----------------------------------------------------------------------------------


def test_trap_claps_in_half_time_rolls_its_hats_and_glides_the_808() -> None:
    arr = arrange(one_section("trap", 0.7, chords=("Cm", "Ab", "Cm", "Bb")))
    for bar in range(1, 4):
        start = bar * 4.0
        drums = notes(arr, "drums", start, start + 4)
        assert onsets(drums, start, CLAP) == {2.0}  # one clap a bar, on three: half time
        roll = sorted(t for t in onsets(drums, start, CLOSED_HAT) if t >= 3.0)
        assert roll == pytest.approx([3.0 + k / 6 for k in range(6)], abs=1e-3)  # a triplet roll on four
    bass = notes(arr, "bass")
    slides = [n for n in bass if n.slide]
    assert slides and all(abs(n.slide) <= 12 for n in slides)
    for note in slides:
        following = next(m for m in bass if m.start > note.start)
        assert note.pitch + note.slide == following.pitch  # it slides onto the next note
    midi = arrangement_to_midi(arr)
    track = next(t for t in midi.tracks if any(getattr(m, "channel", None) == bass_channel(arr) for m in t))
    messages = [m for m in track if not m.is_meta]
    # The bend range is set to an octave, then each glide bends towards the next note and lets go.
    assert [(m.control, m.value) for m in messages if m.type == "control_change" and m.control in (101, 100, 6)][
        :3
    ] == [(101, 0), (100, 0), (6, 12)]
    bends = [m.pitch for m in messages if m.type == "pitchwheel"]
    assert len(bends) >= len(slides) * 2 and bends[-1] == 0
    assert any(abs(b) > 4000 for b in bends)
    assert plan_song("a trap song about the block").sections[1].kind == "chorus"  # trap opens on its hook


def bass_channel(arr: Arrangement) -> int:
    track = arr.track("bass")
    assert track is not None
    return track.channel


def test_a_trap_verse_is_rapped() -> None:
    song = plan_song("a trap song about the block")
    index = next(i for i, s in enumerate(song.sections) if s.kind == "verse")
    verse = song.sections[index]
    lyrics = ("money on my mind and the city in my eyes",) * 4
    song = song.model_copy(update={"sections": tuple(
        s.model_copy(update={"lyrics": lyrics}) if i == index else s for i, s in enumerate(song.sections))})  # fmt: skip
    sung = write_melody(song, verse.label).song.sections[index].melody
    steps = {round(b.start - a.start, 3) for a, b in zip(sung, sung[1:], strict=False)}
    assert 0.25 in steps  # syllables a sixteenth apart


# -- waltz ----------------------------------------------------------------------------------


def test_a_waltz_is_in_three_with_the_bass_on_one_and_the_chords_on_two_and_three() -> None:
    song = plan_song("a waltz about my grandmother's wedding")
    assert song.meta.style == "waltz" and song.meta.time_signature == "3/4"
    arr = arrange(one_section("waltz", 0.5, metre="3/4"))
    for bar in range(4):
        start = bar * 3.0
        assert onsets(notes(arr, "bass", start, start + 3), start) == {0.0}  # oom
        assert onsets(notes(arr, "chords", start, start + 3), start) == {1.0, 2.0}  # pah-pah
    waltzed = restyle(plan_song("a pop song about a bicycle"), "waltz")
    assert waltzed.song.meta.time_signature == "3/4" and any("4/4 -> 3/4" in line for line in waltzed.changes)


# -- funk -------------------------------------------------------------------------------------


def test_funk_scratches_off_the_beat_over_slapped_octaves_and_ghost_notes() -> None:
    arr = arrange(one_section("funk", 0.6, chords=("E9", "A9", "E9", "A9")))
    for bar in range(4):
        start = bar * 4.0
        clav = onsets(notes(arr, "chords", start, start + 4), start)
        assert clav and all(round(t % 1.0, 2) != 0.0 for t in clav)  # never on the beat
        bass = notes(arr, "bass", start, start + 4)
        assert any(b.pitch - a.pitch == 12 for a, b in zip(bass, bass[1:], strict=False))  # an octave pop
    snares = [n for n in notes(arr, "drums", 4.0, 8.0) if n.pitch == SNARE]
    loud = max(n.velocity for n in snares)
    assert any(n.velocity < loud / 2 for n in snares)  # ghost notes
    song = plan_song("a funk tune about a Friday night")
    assert song.meta.key.mode == "dorian"
    assert any(suffix(c) in ("9", "m9") for s in song.sections for c in s.chords)


# -- reggae -----------------------------------------------------------------------------------


def test_reggae_drops_on_three_and_skanks_on_two_and_four() -> None:
    arr = arrange(one_section("reggae", 0.5))
    for bar in range(1, 4):
        start = bar * 4.0
        drums = notes(arr, "drums", start, start + 4)
        assert onsets(drums, start, KICK) == {2.0} and 2.0 in onsets(drums, start, SIDE_STICK)  # the one drop
        skank = notes(arr, "chords", start, start + 4)
        assert onsets(skank, start) == {1.0, 3.0} and all(n.duration <= 0.3 for n in skank)
        assert 2.0 not in onsets(notes(arr, "bass", start, start + 4), start)  # the bass leaves the drop empty


# -- disco ----------------------------------------------------------------------------------


def test_disco_is_four_on_the_floor_with_open_hats_and_octave_bass() -> None:
    arr = arrange(one_section("disco", 0.6, chords=("Am7", "Dm7", "Am7", "Dm7")))
    for bar in range(1, 4):
        start = bar * 4.0
        drums = notes(arr, "drums", start, start + 4)
        assert onsets(drums, start, KICK) == {0.0, 1.0, 2.0, 3.0}
        assert onsets(drums, start, OPEN_HAT) == {0.5, 1.5, 2.5, 3.5}
        bass = notes(arr, "bass", start, start + 4)
        assert len({n.pitch for n in bass}) == 2 and max(n.pitch for n in bass) - min(n.pitch for n in bass) == 12


# -- sixteen styles that differ ---------------------------------------------------------------


def test_the_styles_differ_in_form_harmony_and_groove() -> None:
    names = ("pop", "blues", "country", "bossa nova", "trap", "waltz", "funk", "reggae", "disco", "hip-hop", "edm", "jazz")
    briefs = {name: plan_song(f"a {name} song about the last train home") for name in names}
    assert all(song.meta.style == name for name, song in briefs.items())
    forms = {tuple((s.kind, s.bars) for s in song.sections) for song in briefs.values()}
    progressions = {tuple(c for s in song.sections for c in s.chords) for song in briefs.values()}
    assert len(forms) >= 7 and len(progressions) == len(briefs)
