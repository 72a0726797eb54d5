"""The musician's fingerprint: habits learned from their own MIDI and MusicXML files, and songs written with them.

Chords are learned as roman numerals in each song's key, so habits carry over to any key.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import mean

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from music.edits.transforms import Change, transform_sections
from music.errors import SongError
from music.formats.importer import SUFFIXES, import_song
from music.plan.planner import _read_key, _read_metre, _read_tempo, parse_brief, plan_song
from music.song import SECTION_KINDS, Key, Mode, Section, Song, bar_symbols, explain, section_with
from music.theory.chords import chord_root, is_diatonic, roman_to_symbol, scale_note_names, scale_pitch_classes
from music.theory.romans import roman_numeral

logger = logging.getLogger(__name__)

_LOOP_BARS = 4
_TONICS = {"major": "I", "minor": "i", "dorian": "i", "mixolydian": "I", "lydian": "I", "phrygian": "i"}


class ModeHabits(BaseModel):
    """Chord habits in one mode, as roman numerals.

    `transitions` counts each chord change (a held chord is not a change); `held` is how many
    bars each chord lasts on average once it arrives; `openings` counts the chords sections
    start on and `loops` the four-bar progressions.
    """

    model_config = ConfigDict(extra="forbid")

    songs: int = 0
    transitions: dict[str, dict[str, int]] = Field(default_factory=dict)
    held: dict[str, float] = Field(default_factory=dict)
    openings: dict[str, int] = Field(default_factory=dict)
    loops: dict[str, int] = Field(default_factory=dict)


class StyleProfile(BaseModel):
    """What a musician's songs have in common: chord habits per mode, keys, tempi, metres, density, lengths."""

    model_config = ConfigDict(extra="forbid")

    songs: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    harmony: dict[Mode, ModeHabits] = Field(default_factory=dict)
    keys: dict[str, int] = Field(default_factory=dict)
    tempi: tuple[float, ...] = ()
    time_signatures: dict[str, int] = Field(default_factory=dict)
    notes_per_bar: tuple[float, ...] = ()
    section_bars: dict[int, int] = Field(default_factory=dict)

    @property
    def main_mode(self) -> Mode | None:
        """The mode most of the songs are in (None before anything is learned)."""
        learned = [(habits.songs, mode) for mode, habits in self.harmony.items() if habits.transitions]
        return max(learned)[1] if learned else None

    def successors(self, figure: str, mode: Mode | None = None) -> list[tuple[str, int]]:
        """The chords that follow `figure` ('I', 'bVII'), most frequent first, in `mode` or in all modes."""
        counts: Counter[str] = Counter()
        for name, habits in self.harmony.items():
            if mode is None or name == mode:
                counts.update(habits.transitions.get(figure, {}))
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def favourite_key(self) -> Key | None:
        """The key the musician writes in most often."""
        if not self.keys:
            return None
        tonic, mode = _top(self.keys).split()
        return Key(tonic=tonic, mode=mode)  # type: ignore[arg-type]

    def tempo(self) -> float | None:
        """The mean tempo in BPM."""
        return round(mean(self.tempi), 1) if self.tempi else None

    def time_signature(self) -> str | None:
        """The metre used most often."""
        return _top(self.time_signatures) if self.time_signatures else None

    def describe(self) -> str:
        """One sentence a musician recognises: "You favour I-bVII-IV-I, with bVII, keys A minor and C major, ..."."""
        if not self.songs:
            return "I have not learned your style yet."
        parts = []
        mode = self.main_mode
        if mode is not None:
            habits = self.harmony[mode]
            favour = f"You favour {_top(habits.loops)}" if habits.loops else "You favour no fixed progression"
            parts.append(" and ".join([favour, *_borrowed(habits, mode)]))
        keys = [name for name, _ in sorted(self.keys.items(), key=lambda item: (-item[1], item[0]))[:2]]
        if keys:
            parts.append(f"keys {' and '.join(keys)}" if len(keys) > 1 else f"the key of {keys[0]}")
        if self.tempi:
            low, high = round(min(self.tempi)), round(max(self.tempi))
            parts.append(f"{low} BPM" if low == high else f"{low}-{high} BPM")
        if self.time_signatures:
            parts.append(" and ".join(sorted(self.time_signatures, key=lambda m: -self.time_signatures[m])[:2]))
        if self.notes_per_bar:
            density = mean(self.notes_per_bar)
            parts.append("sparse melodies" if density < 3 else "steady melodies" if density < 6 else "busy melodies")
        if self.section_bars:
            bars = max(self.section_bars.items(), key=lambda item: (item[1], -item[0]))[0]
            parts.append(f"{bars}-bar sections")
        return ", ".join(parts) + "."

    def to_json(self) -> str:
        """The profile as JSON text."""
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str) -> StyleProfile:
        """A profile from JSON text, with a plain-language error when the text is not one."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as err:
            raise SongError(f"That is not a style profile I wrote: {explain(err)}") from None


# -- learning ------------------------------------------------------------------------------------


def learn_style(folder: Path) -> StyleProfile:
    """Learn a musician's habits from every MIDI and MusicXML file in `folder`.

    Files that cannot be read are listed in `skipped`, not fatal.

    Raises:
        SongError: If the folder is missing or none of its files could be read.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise SongError(f"I could not find the folder '{folder}'.")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise SongError(f"There are no MIDI or MusicXML files in '{folder.name}' to learn from.")
    songs: list[tuple[str, Song]] = []
    skipped: list[str] = []
    for path in files:
        try:
            songs.append((path.name, import_song(path)))
        except SongError as err:
            logger.info("Skipping %s while learning a style: %s", path.name, err)
            skipped.append(path.name)
    if not songs:
        raise SongError(f"None of the {len(files)} files in '{folder.name}' could be read, so there is nothing to learn.")
    tallies: dict[str, _Tally] = {}
    keys: Counter[str] = Counter()
    metres: Counter[str] = Counter()
    lengths: Counter[int] = Counter()
    density: list[float] = []
    for _name, song in songs:
        keys[str(song.meta.key)] += 1
        metres[song.meta.time_signature] += 1
        lengths.update(s.bars for s in song.sections)
        melodic = [s for s in song.sections if s.melody]
        if melodic:
            density.append(round(sum(len(s.melody) for s in melodic) / sum(s.bars for s in melodic), 2))
        tallies.setdefault(song.meta.key.mode, _Tally()).add(song)
    profile = StyleProfile(
        songs=tuple(name for name, _ in songs),
        skipped=tuple(skipped),
        harmony={mode: tally.habits() for mode, tally in tallies.items()},
        keys=dict(keys),
        tempi=tuple(song.meta.tempo for _, song in songs),
        time_signatures=dict(metres),
        notes_per_bar=tuple(density),
        section_bars=dict(lengths),
    )
    logger.info("Learned a style from %d songs (%d skipped): %s", len(songs), len(skipped), profile.describe())
    return profile


@dataclass
class _Tally:
    """Running counts of one mode's chord habits while songs are read."""

    songs: int = 0
    transitions: dict[str, Counter[str]] = field(default_factory=dict)
    bars: dict[str, float] = field(default_factory=dict)
    runs: Counter[str] = field(default_factory=Counter)
    openings: Counter[str] = field(default_factory=Counter)
    loops: Counter[str] = field(default_factory=Counter)

    def add(self, song: Song) -> None:
        """Count one song's chord changes (across sections too), how long chords last, openings and loops."""
        self.songs += 1
        previous: str | None = None
        for index, section in enumerate(song.sections):
            key = song.key_of(index)
            bars = [[_figure(symbol, key) for symbol in bar_symbols(entry)] for entry in section.chords]
            self.openings[bars[0][0]] += 1
            for bar in bars:
                for figure in bar:
                    self.bars[figure] = self.bars.get(figure, 0.0) + 1 / len(bar)
                    if figure != previous:
                        self.runs[figure] += 1
                        if previous is not None:
                            self.transitions.setdefault(previous, Counter())[figure] += 1
                    previous = figure
            for first in range(0, len(bars) - _LOOP_BARS + 1, _LOOP_BARS):
                self.loops["-".join(" ".join(bar) for bar in bars[first : first + _LOOP_BARS])] += 1

    def habits(self) -> ModeHabits:
        """The counts as a ModeHabits record."""
        return ModeHabits(
            songs=self.songs,
            transitions={a: dict(after) for a, after in self.transitions.items()},
            held={f: round(self.bars[f] / self.runs[f], 2) for f in self.runs},
            openings=dict(self.openings),
            loops=dict(self.loops),
        )


def _borrowed(habits: ModeHabits, mode: Mode) -> list[str]:
    """Chords from outside the mode that the musician uses often (a tenth of the changes or more)."""
    home = Key(tonic="C", mode=mode)
    counts: Counter[str] = sum((Counter(after) for after in habits.transitions.values()), Counter())
    total = sum(counts.values())
    often = [f for f, n in counts.most_common() if n * 10 >= total]
    return [f for f in often if not is_diatonic(roman_to_symbol(f, home), home)][:2]


# -- writing in the style ------------------------------------------------------------------------


def progression_in_style(
    profile: StyleProfile, key: Key, bars: int, *, seed: int = 0, start: str | None = None
) -> list[str]:
    """A chord symbol per bar in `key`, walked from the musician's chord changes and how long they hold chords.

    Seed 0 takes the most likely next chord at every change and holds each chord for its
    usual number of bars; other seeds draw the next chord at random, the likeliest most
    often. The same seed always gives the same walk. Habits learned only in another mode
    are carried over degree by degree (major's I-bVII-IV becomes minor's i-VII-iv).

    Args:
        profile: The learned style.
        key: The key to write in.
        bars: How many bars (1-128).
        seed: Which walk to take.
        start: The roman numeral of the first chord; defaults to the chord the musician opens sections with most.

    Raises:
        SongError: If `bars` is out of range, `start` cannot be read, or the profile has no chords.
    """
    if not 1 <= bars <= 128:
        raise SongError(f"A progression of {bars} bars is outside what I can write; choose 1 to 128 bars.")
    habits = _habits_for(profile, key.mode)
    if start is None and habits.openings:
        start = _top(habits.openings)
    start = start or _TONICS[key.mode]
    roman_to_symbol(start, key)  # a start that cannot be read fails here, in one sentence
    rng = random.Random(seed)
    figures: list[str] = []
    current = start
    while len(figures) < bars:
        usual = habits.held.get(current, 1.0)
        # Seed 0 holds a chord for its usual length; other seeds round that up or down by chance.
        length = round(usual) if seed == 0 else int(usual) + int(rng.random() < usual % 1)
        figures.extend([current] * max(1, length))
        options = sorted(habits.transitions.get(current, {}).items(), key=lambda item: (-item[1], item[0]))
        if not options:
            current = start
        elif seed == 0:
            current = options[0][0]
        else:
            # Squared counts: the musician's strongest habits come through most of the time.
            current = rng.choices([f for f, _ in options], weights=[c * c for _, c in options])[0]
    return [roman_to_symbol(figure, key) for figure in figures[:bars]]


def plan_in_style(brief: str, profile: StyleProfile) -> Song:
    """A song planned from a brief, in the musician's style.

    The key, tempo and metre the brief does not name come from the profile (favourite key,
    mean tempo, usual metre); every section's chords are then walked from the profile's
    habits, one walk per section kind (so both verses share one), the outro ending home.

    Raises:
        SongError: If the brief cannot be read or the profile has no chords.
    """
    text = brief.strip().rstrip(".")
    said_metre = parse_brief(text).time_signature != "4/4" or _read_metre(text) is not None
    additions = []
    if _read_key(text) is None and (key := profile.favourite_key()) is not None:
        additions.append(f"in {key}")
    if _read_tempo(text) is None and (tempo := profile.tempo()) is not None:
        additions.append(f"at {round(tempo)} BPM")
    if not said_metre and (metre := profile.time_signature()) is not None:
        additions.append(f"in {metre}")
    # Said as if the musician had written it, so the planner reads key, mood and title consistently.
    song = plan_song(", ".join([text, *additions]))
    return reharmonize_in_style(song, tuple(range(len(song.sections))), profile).song


def reharmonize_in_style(song: Song, target: str | Sequence[int], profile: StyleProfile) -> Change:
    """New chords for the targeted sections, walked from the musician's habits.

    Each section keeps its first chord when the musician has habits from it, and keeps its
    length; sections of one kind get the same walk. The melody is left as it is.

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If the profile has no chords.
    """

    def move(current: Song, index: int) -> tuple[Section, tuple[str, ...]]:
        section = current.sections[index]
        key = current.key_of(index)
        habits = _habits_for(profile, key.mode)
        first = _figure(section.chords[0].split()[0], key)
        start = first if first in habits.transitions else None
        chords = progression_in_style(profile, key, section.bars, seed=SECTION_KINDS.index(section.kind), start=start)
        if section.kind == "outro":
            chords[-1] = roman_to_symbol(_TONICS[key.mode], key)
        if tuple(chords) == section.chords:
            return section, ()
        figures = "-".join(_figure(c, key) for c in chords)
        return section_with(section, chords=tuple(chords)), (
            f"chords {section.chord_line()} -> {' | '.join(chords)} ({figures}) in your style",
        )

    return transform_sections(song, target, move, chord_words=True)


def _habits_for(profile: StyleProfile, mode: Mode) -> ModeHabits:
    """The habits for `mode`; those of the main mode carried over degree by degree when it has none."""
    own = profile.harmony.get(mode)
    if own is not None and own.transitions:
        return own
    source = profile.main_mode
    if source is None:
        raise SongError("This style profile has no chord progressions yet; learn it from a folder of songs first.")
    habits = profile.harmony[source]
    old, new = Key(tonic="C", mode=source), Key(tonic="C", mode=mode)
    carried = {figure: _carry(figure, old, new) for figure in habits.held}
    transitions: dict[str, Counter[str]] = {}
    for first, after in habits.transitions.items():
        for second, count in after.items():
            if carried[first] != carried[second]:
                transitions.setdefault(carried[first], Counter())[carried[second]] += count
    return ModeHabits(
        songs=habits.songs,
        transitions={a: dict(after) for a, after in transitions.items()},
        held={carried[f]: bars for f, bars in habits.held.items()},
        openings={carried[f]: n for f, n in habits.openings.items()},
    )


def _carry(figure: str, old: Key, new: Key) -> str:
    """A figure of `old`'s mode as the same tonic's `new` mode would have it.

    A root in the new scale takes the new scale's chord there (bVII in major is VII in minor;
    IV in major is iv in minor); a diatonic chord whose root leaves the scale moves to the same
    degree (vi in major is VI in minor); anything else keeps its root and quality.
    """
    symbol = roman_to_symbol(figure, old)
    scale = scale_pitch_classes(new)
    names = scale_note_names(new)
    root = chord_root(symbol)
    if root in scale:
        degree = scale.index(root)
    elif is_diatonic(symbol, old):
        degree = scale_pitch_classes(old).index(root)
    else:
        return _figure(symbol, new)
    third, fifth = (scale[(degree + 2) % 7] - scale[degree]) % 12, (scale[(degree + 4) % 7] - scale[degree]) % 12
    if fifth != 7:  # a diminished chord of the new scale would sound like a wrong note: keep the old root
        return _figure(symbol, new)
    return _figure(names[degree] + ("" if third == 4 else "m"), new)


def _figure(symbol: str, key: Key) -> str:
    """The chord as a triad-level roman numeral in `key`: 'bVII', 'vi', 'V/V', '#viio'."""
    name = roman_numeral(symbol, key)
    figure = name.numeral + (f"/{name.target}" if name.target else "")
    # A raised seventh of harmonic minor counts as diatonic there, but a plain numeral means natural minor.
    shift = (chord_root(symbol) - chord_root(roman_to_symbol(figure, key))) % 12
    if shift in (1, 11) and not name.accidental and not name.target:
        figure = ("#" if shift == 1 else "b") + figure
    return figure


def _top(counts: dict[str, int]) -> str:
    """The most counted name (the alphabetically last among equals, so the answer never varies)."""
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]
