"""A musician asks for a brighter chorus or a darker verse, and hears (and reads) exactly what moved."""

from __future__ import annotations

import re
from statistics import mean

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import planned_song

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, NoteEvent
from music.band.comping import clear_of_mud
from music.band.styles import CLOSED_HAT, CRASH, OPEN_HAT, RIDE, style_for
from music.edits.transforms import CLEAR_FLOOR, REGISTER_LIMIT, REGISTER_STEP, Change, brighten, darken
from music.errors import SongError, UnknownSection
from music.plan.planner import plan_song
from music.song import Key, Meta, Part, Section, Song, section_with
from music.theory.chords import chord_root

TONICS = ("C", "G", "D", "A", "E", "F#", "F", "Bb", "Eb", "Ab", "Db")
MODES = ("major", "minor", "dorian", "mixolydian")


# -- helpers: what the arrangement plays in a section ------------------------------------


def notes_in(arrangement: Arrangement, index: int, role: str) -> list[NoteEvent]:
    span = arrangement.sections[index]
    track = arrangement.track(role)
    return [n for n in (track.notes if track else ()) if span.start <= n.start < span.end]


def chord_qualities_heard(song: Song, arrangement: Arrangement, index: int) -> list[str]:
    """For each chord of the section, 'major' or 'minor' by the third the chord and pad parts actually play.

    Both parts count: a quiet arpeggio in 3/4 plays only three notes of a four-note voicing.
    """
    span = arrangement.sections[index]
    bar = song.meta.beats_per_bar
    heard = []
    for b, entry in enumerate(song.sections[index].chords):
        symbols = entry.split()
        for k, symbol in enumerate(symbols):
            start = span.start + b * bar + k * bar / len(symbols)
            end = start + bar / len(symbols)
            played = notes_in(arrangement, index, "chords") + notes_in(arrangement, index, "pad")
            pcs = {n.pitch % 12 for n in played if start <= n.start < end}
            root = chord_root(symbol)
            if (root + 4) % 12 in pcs:
                heard.append("major")
            elif (root + 3) % 12 in pcs and (root + 6) % 12 not in pcs:
                heard.append("minor")  # a minor third without the flat fifth of a (half-)diminished chord
            else:
                heard.append("other")
    return heard


def other_sections_untouched(before: Arrangement, after: Arrangement, targeted: tuple[int, ...]) -> None:
    assert [(s.start, s.end) for s in before.sections] == [(s.start, s.end) for s in after.sections]
    for index in range(len(before.sections)):
        if index in targeted:
            continue
        for track in before.tracks:
            assert notes_in(before, index, track.role) == notes_in(after, index, track.role), (index, track.role)


# A planned song in any style, key, metre and tempo, and one section (by number or by kind) to
# change, set to some register and energy short of the limits.
planned_songs = planned_song(
    tonics=TONICS,
    modes=MODES,
    tempos=range(60, 161),
    max_targets=1,
    names=True,
    targets_with={
        "register": st.integers(-REGISTER_LIMIT + REGISTER_STEP, REGISTER_LIMIT - REGISTER_STEP),
        "energy": st.sampled_from((0.2, 0.5, 0.9)),
    },
)


def targeted_indices(song: Song, target: str | tuple[int, ...]) -> tuple[int, ...]:
    return song.find(target) if isinstance(target, str) else target


# -- the session --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def leaving_home() -> Song:
    return plan_song("folk song about leaving home, 90 BPM, D minor")


def test_brighter_chorus_in_d_minor_reads_like_a_musician_would_say_it(leaving_home: Song) -> None:
    nylon = leaving_home.with_updates(
        meta=leaving_home.meta.model_copy(
            update={
                "parts": tuple(
                    p.model_copy(update={"program": 24}) if p.role == "chords" else p for p in leaving_home.meta.parts
                )
            }
        )
    )
    change = brighten(nylon, "chorus")
    choruses = nylon.find("chorus")
    assert change.summary().startswith(f"Chorus 1-{len(choruses)}: ")
    summary = change.summary()
    assert "Dm -> D" in summary  # i -> I, the Picardy third
    assert "Bb -> Bbmaj7" in summary  # colour on the same root
    assert "Acoustic Guitar voicings up an octave" in summary  # read off the notes, as the listener hears them
    assert not [move for move in summary.split(", ") if move.startswith(("bass", "melody"))]
    assert "steel guitar instead of nylon guitar" in summary
    for i in choruses:
        section = change.song.sections[i]
        assert section.register == nylon.sections[i].register + REGISTER_STEP
        assert "Dm" not in section.chords and "D" in section.chords
        parts = change.song.parts_of(i)
        assert [p.program for p in parts if p.role == "chords"] == [25]
        assert [p.program for p in parts if p.role == "bass"] == [
            p.program for p in nylon.meta.parts if p.role == "bass"
        ]
    # The song the musician had is untouched, and the song-wide instruments too.
    assert nylon.sections == tuple(nylon.sections)
    assert all(s.register == 0 for s in nylon.sections)
    assert change.song.meta == nylon.meta
    assert not change.unchanged


def test_darker_verse_in_a_major_key_takes_the_parallel_minor() -> None:
    song = plan_song("pop song about summer in C major, 110 BPM")
    change = darken(song, "first verse")
    verse = song.find("first verse")[0]
    before, after = song.sections[verse], change.song.sections[verse]
    assert "C" in before.chords and "Cm" in after.chords  # I -> i
    # Down towards an octave, but no lower than a clear chord around E3 allows (pop's piano sits on D4).
    assert after.register == CLEAR_FLOOR - style_for("pop").registers.chords == -10
    assert change.changes[0].startswith(f"{before.label}: ")
    assert "Piano voicings down an octave (B3-A4 -> Bb2-A3)" in change.summary()  # as played, from the notes
    piano = notes_in(arrange(change.song), verse, "chords")
    chords: dict[float, list[int]] = {}
    for note in piano:
        chords.setdefault(note.start, []).append(note.pitch)
    assert all(clear_of_mud(tuple(sorted(c))) == tuple(sorted(c)) for c in chords.values())  # no mud down there
    assert all(s == t for i, (s, t) in enumerate(zip(song.sections, change.song.sections, strict=True)) if i != verse)


def test_every_move_in_the_summary_is_one_the_sheet_shows(leaving_home: Song) -> None:
    change = brighten(leaving_home, "Verse 1")
    verse = leaving_home.find("Verse 1")[0]
    (entry,) = change.changes
    for move in entry.split(": ", 1)[1].split(", "):
        if re.fullmatch(r"[A-G]\S* -> [A-G]\S*", move):  # a chord's move (a range such as A3-A4 -> A4-A5 is a part's)
            old, new = move.split(" -> ")
            assert old in leaving_home.sections[verse].chords and new in change.song.sections[verse].chords


# -- the claims, on the notes, over many planned songs -------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs)
def test_brighter_sounds_higher_and_more_major_and_leaves_the_rest_alone(case: tuple[Song, object]) -> None:
    song, target = case
    change = brighten(song, target)  # type: ignore[arg-type]
    targeted = targeted_indices(song, target)  # type: ignore[arg-type]
    before, after = arrange(song), arrange(change.song)
    for i in targeted:
        assert change.song.sections[i].bars == song.sections[i].bars
        assert len(change.song.sections[i].chords) == song.sections[i].bars
        for role in ("chords", "pad"):
            voiced_before, voiced_after = notes_in(before, i, role), notes_in(after, i, role)
            if voiced_before:
                assert mean(n.pitch for n in voiced_after) > mean(n.pitch for n in voiced_before), role
        lead_before, lead_after = notes_in(before, i, "lead"), notes_in(after, i, "lead")
        if lead_before:
            assert mean(n.pitch for n in lead_after) > mean(n.pitch for n in lead_before)
        heard_before = chord_qualities_heard(song, before, i)
        heard_after = chord_qualities_heard(change.song, after, i)
        assert heard_after.count("major") >= heard_before.count("major")
        if "minor" in heard_before:
            assert heard_after.count("major") > heard_before.count("major")
    other_sections_untouched(before, after, targeted)
    assert song.total_bars == change.song.total_bars


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planned_songs)
def test_darker_sounds_lower_and_more_minor_and_leaves_the_rest_alone(case: tuple[Song, object]) -> None:
    song, target = case
    change = darken(song, target)  # type: ignore[arg-type]
    targeted = targeted_indices(song, target)  # type: ignore[arg-type]
    before, after = arrange(song), arrange(change.song)
    floor = CLEAR_FLOOR - style_for(song.meta.style).registers.chords
    for i in targeted:
        assert change.song.sections[i].bars == song.sections[i].bars
        # A section already moved down, or near the floor (no clear chord lies much lower), darkens
        # mostly by its colours: its voicings may take another inversion within a third.
        at_floor = song.sections[i].register < 0 or song.sections[i].register - 5 < floor
        for role in ("chords", "pad"):
            voiced_before, voiced_after = notes_in(before, i, role), notes_in(after, i, role)
            if voiced_before and not at_floor:
                assert mean(n.pitch for n in voiced_after) < mean(n.pitch for n in voiced_before), role
            elif voiced_before:  # the minor chords may take another inversion, within a fourth
                assert mean(n.pitch for n in voiced_after) < mean(n.pitch for n in voiced_before) + 5, role
                assert change.song.sections[i].register <= song.sections[i].register
        lead_before, lead_after = notes_in(before, i, "lead"), notes_in(after, i, "lead")
        if lead_before:
            lifted = 5.0 if at_floor else 0.0  # the line is sung anew over the minor chords, in place
            assert mean(n.pitch for n in lead_after) < mean(n.pitch for n in lead_before) + lifted
        heard_before = chord_qualities_heard(song, before, i)
        heard_after = chord_qualities_heard(change.song, after, i)
        assert heard_after.count("minor") >= heard_before.count("minor")
        if "major" in heard_before:
            assert heard_after.count("minor") > heard_before.count("minor")
    other_sections_untouched(before, after, targeted)


# -- edges ----------------------------------------------------------------------------------


def _small_song(**section: object) -> Song:
    fields: dict[str, object] = {"kind": "chorus", "label": "Chorus", "bars": 4, "chords": ("Am", "F", "C", "G")}
    fields.update(section)
    return Song(
        meta=Meta(
            key=Key(tonic="A", mode="minor"),
            parts=(
                Part(name="Keys", role="chords", program=0),
                Part(name="Bass", role="bass", program=33),
                Part(name="Pad", role="pad", program=89),
            ),
        ),
        sections=(Section(kind="verse", label="Verse", bars=2, chords=("Am", "G")), Section(**fields)),  # type: ignore[arg-type]
    )


def test_at_the_top_of_the_register_the_other_moves_still_happen() -> None:
    song = _small_song(register=REGISTER_LIMIT)
    change = brighten(song, "chorus")
    chorus = change.song.sections[1]
    assert chorus.register == REGISTER_LIMIT
    assert "up a" not in change.summary()
    assert chorus.chords[0] == "A"  # i -> I
    assert "bright piano instead of acoustic grand piano" in change.summary()
    assert "new age pad instead of warm pad" in change.summary()


def test_darker_stops_where_the_chords_would_turn_to_mud() -> None:
    song = _small_song(register=0)
    floor = CLEAR_FLOOR - style_for(song.meta.style).registers.chords
    once = darken(song, "chorus")
    again = darken(once.song, "chorus")
    assert once.song.sections[1].register == max(floor, -REGISTER_STEP) < 0
    assert "Keys voicings down" in once.summary()
    assert again.song.sections[1].register == once.song.sections[1].register
    assert "voicings down" not in again.summary()
    for change in (once, again):
        chords: dict[float, list[int]] = {}
        for note in notes_in(arrange(change.song), 1, "chords"):
            chords.setdefault(note.start, []).append(note.pitch)
        assert all(clear_of_mud(tuple(sorted(c))) == tuple(sorted(c)) for c in chords.values())


def test_slash_basses_on_the_third_follow_the_third() -> None:
    song = _small_song(chords=("Am/C", "Dm", "C/E", "G7"))
    assert brighten(song, "chorus").song.sections[1].chords[:2] == ("A/C#", "D")
    assert darken(song, "chorus").song.sections[1].chords[2:] == ("Cm/Eb", "Gm7")


def test_colours_come_from_the_key_and_darker_strips_them() -> None:
    song = _small_song(chords=("F", "C", "G", "E7"))
    bright = brighten(song, "chorus").song.sections[1].chords
    # A minor: F and C take their diatonic major sevenths, G takes add9, E7 keeps its colour.
    assert bright == ("Fmaj7", "Cmaj7", "Gadd9", "E7")
    assert darken(brighten(song, "chorus").song, "chorus").song.sections[1].chords == ("Fm", "Cm", "Gm", "Em7")


def test_nothing_left_to_brighten_is_said_plainly() -> None:
    song = Song(
        meta=Meta(parts=(Part(name="Drums", role="drums", program=0),)),
        sections=(Section(kind="solo", label="Solo", bars=2, chords=("Gsus4", "D5"), register=REGISTER_LIMIT),),
    )
    change = brighten(song, "solo")
    assert change.unchanged and change.changes == ()
    assert change.song is song
    assert change.summary() == "Nothing changed."


def test_lyrics_melody_and_length_are_kept(leaving_home: Song) -> None:
    sung = leaving_home.replace_section(1, section_with(leaving_home.sections[1], lyrics=("I packed a bag",)))
    change = darken(sung, [1])
    assert change.song.sections[1].lyrics == ("I packed a bag",)
    assert change.song.sections[1].bars == sung.sections[1].bars


def test_unknown_sections_and_numbers_change_nothing(leaving_home: Song) -> None:
    with pytest.raises(UnknownSection, match="no section called 'the solo'"):
        brighten(leaving_home, "the solo")
    with pytest.raises(SongError, match="no section number 40"):
        darken(leaving_home, [39])
    with pytest.raises(SongError, match="at least one section"):
        darken(leaving_home, [])


def test_sections_named_together_share_one_summary_line() -> None:
    song = Song(
        sections=tuple(Section(kind="chorus", label=f"Chorus {n}", bars=1, chords=("Am",)) for n in (1, 2, 3))
        + (Section(kind="bridge", label="Bridge", bars=1, chords=("Em",)),)
    )
    change = brighten(song, "all")
    assert isinstance(change, Change)
    assert (
        change.summary()
        == "Chorus 1-3: Am -> A; Bridge: Em -> E"  # no instruments: the chords are all there is to hear
    )


def test_the_rock_drummer_keeps_time_one_cymbal_brighter_or_darker() -> None:
    song = plan_song("rock song about a highway in E minor, 140 bpm")
    chorus = song.find("chorus")[0]  # a loud chorus: the groove rides the ride cymbal
    bright = brighten(song, [chorus])
    assert bright.song.sections[chorus].cymbal == "crash"
    assert "drums keep time on the crash instead of the ride" in bright.summary()
    heard = {n.pitch for n in notes_in(arrange(bright.song), chorus, "drums")}
    assert CRASH in heard and RIDE not in heard
    # At the top of the ladder there is no brighter cymbal; the other moves still happen.
    again = brighten(bright.song, [chorus])
    assert again.song.sections[chorus].cymbal == "crash" and "drums keep time" not in again.summary()

    dark = darken(song, [chorus])
    assert dark.song.sections[chorus].cymbal == "open hi-hat"
    heard = {n.pitch for n in notes_in(arrange(dark.song), chorus, "drums")}
    assert OPEN_HAT in heard and RIDE not in heard
    darkest = darken(darken(dark.song, [chorus]).song, [chorus]).song
    assert darkest.sections[chorus].cymbal == "hi-hat"
    assert CLOSED_HAT in {n.pitch for n in notes_in(arrange(darkest), chorus, "drums")}


def test_a_style_without_a_cymbal_ladder_keeps_its_drummer_s_groove() -> None:
    song = plan_song("folk song about leaving home, 90 BPM, D minor")
    chorus = song.find("chorus")[0]
    for change in (brighten(song, [chorus]), darken(song, [chorus])):
        assert change.song.sections[chorus].cymbal is None and "drums keep time" not in change.summary()
