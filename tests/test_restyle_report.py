"""A restyle says what the listener will hear, and every word of it is borne out by the sheet and the notes."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from music.band.arrange import arrange
from music.band.arrangement import Arrangement, Track
from music.edits.restyle import restyle
from music.plan.planner import plan_song
from music.song import Note, Song, section_with

# GM drum notes a drummer keeps time on, as the report names them.
CYMBALS = {42: "hi-hat", 46: "open hi-hat", 51: "ride", 59: "ride", 49: "crash", 57: "crash"}

RESTYLES = [
    ("a pop song about a bicycle", "waltz"),
    ("a folk song about leaving home, 90 BPM, D minor", "jazz"),
    ("a jazz tune about rain", "rock"),
    ("a rock song about the highway", "hip hop"),
    ("a slow ballad about the sea, 60 BPM", "dance"),
    ("a country song about a pickup truck", "funk"),
]


def tracks(arrangement: Arrangement, role: str) -> list[Track]:
    return [t for t in arrangement.tracks if t.role == role]


def part_named(song: Song, word: str) -> tuple[str, int]:
    """The role and place among its role of the part a report names ('bass', 'melody', 'Piano')."""
    roles = {"bass": "bass", "drums": "drums", "melody": "lead", "lead line": "lead"}
    if word in roles:
        return roles[word], 0
    part = next(p for p in song.meta.parts if p.name == word)
    return part.role, [p for p in song.meta.parts if p.role == part.role].index(part)


def swung(track: Track) -> bool:
    off = [n for n in track.notes if abs(n.start * 4 - round(n.start * 4)) > 1e-3]
    return len(off) >= 0.15 * len(track.notes)


def time_cymbal(track: Track) -> str:
    return Counter(CYMBALS[n.pitch] for n in track.notes if n.pitch in CYMBALS).most_common(1)[0][0]


def check_whole_song(move: str, before: Song, after: Song, old: Arrangement, new: Arrangement) -> None:
    """One move of the 'Whole song' line, checked on the two sheets and the two arrangements."""
    if match := re.fullmatch(r"style (.+) -> (.+)", move):
        assert (before.meta.style, after.meta.style) == match.groups()
    elif match := re.fullmatch(r"tempo (\S+) -> (\S+) BPM \(far outside .*\)", move):
        assert (before.meta.tempo, after.meta.tempo) == tuple(float(g) for g in match.groups())
    elif match := re.fullmatch(r"time signature (\S+) -> (\S+)", move):
        assert (before.meta.time_signature, after.meta.time_signature) == match.groups()
    elif match := re.fullmatch(r"(busier|sparser) (.+) \((\d+) -> (\d+) (notes|hits)\)", move):
        feel, word, was, now, _noun = match.groups()
        role, place = part_named(after, word)
        counts = (len(tracks(old, role)[place].notes), len(tracks(new, role)[place].notes))
        assert counts == (int(was), int(now)) and (counts[1] > counts[0]) == (feel == "busier")
    elif match := re.fullmatch(r"drums keep time on the (.+) instead of the (.+)", move):
        assert (time_cymbal(tracks(new, "drums")[0]), time_cymbal(tracks(old, "drums")[0])) == match.groups()
    elif move in ("drums swing instead of playing straight", "drums play straight instead of swinging"):
        now = move.startswith("drums swing")
        assert (swung(tracks(old, "drums")[0]), swung(tracks(new, "drums")[0])) == (not now, now)
    elif match := re.fullmatch(r"(.+) instead of ([^(]+?)(?: \(not .*\))?", move):
        new_name, old_name = match.groups()
        assert any(p.name == old_name for p in before.meta.parts) and any(p.name == new_name for p in after.meta.parts)
        assert not any(p.name == old_name for p in after.meta.parts)
    else:
        pytest.fail(f"a move no test can check: {move!r}")


def check(before: Song, change_lines: tuple[str, ...], after: Song) -> None:
    old, new = arrange(before), arrange(after)
    for line in change_lines:
        label, _, moves = line.partition(": ")
        assert label == "Whole song", line  # these restyles move no section's own sheet
        for move in moves.split(", "):
            check_whole_song(move, before, after, old, new)


@pytest.mark.parametrize(("brief", "style"), RESTYLES, ids=[f"{b.split()[1]}->{s}" for b, s in RESTYLES])
def test_every_claim_of_a_restyle_is_borne_out_on_the_sheet_and_the_notes(brief: str, style: str) -> None:
    before = plan_song(brief)
    change = restyle(before, style)
    assert change.changes
    check(before, change.changes, change.song)


def test_a_waltz_says_three_four_and_the_band_plays_in_three() -> None:
    before = plan_song("a pop song about a bicycle")
    change = restyle(before, "waltz")
    assert "time signature 4/4 -> 3/4" in change.summary() and change.song.meta.time_signature == "3/4"
    assert arrange(change.song).time_signature == "3/4"


def test_jazz_swings_and_rides_where_folk_played_straight_and_rock_straightens_it_again() -> None:
    folk = plan_song("a folk song about leaving home, 90 BPM, D minor")
    jazz = restyle(folk, "jazz")
    assert "drums swing instead of playing straight" in jazz.summary()
    assert "drums keep time on the ride instead of the hi-hat" in jazz.summary()
    rock = restyle(jazz.song, "rock")
    assert "drums play straight instead of swinging" in rock.summary()


@pytest.mark.parametrize("brief", [b for b, _style in RESTYLES])
def test_a_restyle_to_the_style_the_song_has_says_nothing_changed(brief: str) -> None:
    song = plan_song(brief)
    change = restyle(song, song.meta.style)
    assert change.unchanged and change.song == song and change.summary() == "Nothing changed."


def test_a_band_the_song_already_has_is_not_said_to_be_swapped() -> None:
    jazz = restyle(plan_song("a rock song about the highway"), "jazz").song
    assert restyle(jazz, "jazz").unchanged
    # Jazz's own band under the name R&B: R&B's grooves are heard, and no player is said to change.
    renamed = jazz.with_updates(meta=jazz.meta.model_copy(update={"style": "r&b"}))
    back = restyle(renamed, "jazz")
    assert back.changes[0].startswith("Whole song: style r&b -> jazz")
    assert not any(f"instead of {p.name}" in back.summary() for p in jazz.meta.parts)
    assert "tempo" not in back.summary()
    check(renamed, back.changes, back.song)


def test_a_section_s_own_band_tempo_and_cymbal_are_reported_as_its_sheet_changed() -> None:
    song = plan_song("a rock song about the highway in E minor, 140 bpm")
    trio = tuple(p for p in song.meta.parts if p.role != "drums")
    song = song.replace_section(0, section_with(song.sections[0], parts=trio, tempo=126))
    chorus = song.find("chorus")[0]
    song = song.replace_section(chorus, section_with(song.sections[chorus], cymbal="crash"))
    change = restyle(song, "ballad")  # 140 BPM is far too fast for a ballad, whose drummer keeps no crash time
    intro, label = change.song.sections[0], song.sections[chorus].label
    own = next(line for line in change.changes if line.startswith("Intro: "))
    assert intro.parts is not None and "Piano instead of Rhythm Guitar" in own
    assert intro.tempo is not None and intro.tempo != 126 and f"tempo 126 -> {intro.tempo:g} BPM" in own
    assert change.song.sections[chorus].cymbal is None
    assert f"{label}: drums back to the ballad groove's own cymbal" in change.changes



def test_a_written_melody_re_timed_into_three_is_named_with_its_section() -> None:
    song = plan_song("a pop song about a bicycle")
    verse = song.find("Verse 1")[0]
    tune = (Note(pitch=64, start=0, duration=2, lyric="ride"), Note(pitch=67, start=2, duration=2, lyric="on"))
    song = song.replace_section(verse, section_with(song.sections[verse], melody=tune))
    change = restyle(song, "waltz")
    moved = change.song.sections[verse].melody
    assert [n.start for n in moved] != [n.start for n in tune] and moved[-1].start + moved[-1].duration <= 3
    assert "Verse 1: melody re-timed into 3/4 bars (2 notes)" in change.changes
