"""The song sheet: one immutable pydantic model that every part of cowriter reads and returns."""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from music.errors import SongError, UnknownSection

SectionKind = Literal["intro", "verse", "pre-chorus", "chorus", "bridge", "solo", "outro"]
Mode = Literal["major", "minor", "dorian", "mixolydian", "lydian", "phrygian"]
Role = Literal["drums", "bass", "chords", "lead", "pad"]
# The voices a sung line is written for (their ranges: music.words.voices).
VoiceName = Literal["soprano", "mezzo", "alto", "tenor", "baritone", "bass"]
# The cymbal a drummer keeps time on, as a musician names it.
Cymbal = Literal["hi-hat", "open hi-hat", "ride", "crash"]

SECTION_KINDS: tuple[str, ...] = ("intro", "verse", "pre-chorus", "chorus", "bridge", "solo", "outro")
_TONIC = re.compile(r"^[A-G](#|b)?$")
# A chord symbol as musicians write it: root, optional accidental, quality and extensions,
# optional slash bass. Spelling is checked again by music21 where notes are made.
CHORD = re.compile(
    r"^[A-G](#|b)?"
    r"(m|min|maj|M|dim|aug|\+|sus2|sus4|sus|5)?"
    r"(6|7|9|11|13|maj7|maj9|M7|m7|add9|add11|b5|#5|b9|#9|#11|b13|sus4|sus2|\(|\)|/9)*"
    r"(/[A-G](#|b)?)?$"
)
# A slot of a bar that holds the chord before it: "C / / G" is C for three beats and G on the fourth.
HOLD = "/"
# A chord chart marks a pushed bar with this before its first chord: "C | ^G".
PUSH_MARK = "^"
# A bar of a chord chart that repeats the bar before.
REPEAT = "%"
# How far a pushed chord comes early, in beats: an eighth, on the last off-beat of the bar before.
PUSH = 0.5
_TIME_SIGNATURE = re.compile(r"^([1-9][0-9]?)/(1|2|4|8|16)$")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Key(_Frozen):
    """A key: tonic letter (with # or b) and mode, e.g. D minor."""

    tonic: str = "C"
    mode: Mode = "major"

    @field_validator("tonic")
    @classmethod
    def _tonic_is_a_note(cls, value: str) -> str:
        value = value.strip()
        value = value[:1].upper() + value[1:]
        if not _TONIC.match(value):
            raise ValueError(f"'{value}' is not a key tonic; write a note name such as D, F# or Bb")
        return value

    def __str__(self) -> str:
        return f"{self.tonic} {self.mode}"


class Part(_Frozen):
    """One instrument of the arrangement: a General MIDI program playing a role."""

    name: str
    role: Role
    program: int = Field(0, ge=0, le=127, description="General MIDI program, 0-based")


class Note(_Frozen):
    """One melody note, timed in quarter-note beats from the start of its section."""

    pitch: int = Field(ge=0, le=127)
    start: float = Field(ge=0)
    duration: float = Field(gt=0)
    lyric: str | None = None


class Meta(_Frozen):
    """What the whole song is: title, style, tempo, key, metre and instruments."""

    title: str = "Untitled"
    style: str = "pop"
    tags: tuple[str, ...] = ()
    mood: str = ""
    tempo: float = Field(100.0, ge=30, le=300, description="beats per minute")
    key: Key = Key()
    time_signature: str = "4/4"
    parts: tuple[Part, ...] = ()
    description: str = ""
    voice: VoiceName | None = Field(None, description="the singer's voice lyrics are sung in (None: a tenor)")

    @field_validator("time_signature")
    @classmethod
    def _metre(cls, value: str) -> str:
        if not _TIME_SIGNATURE.match(value.strip()):
            raise ValueError(f"'{value}' is not a time signature; write it like 4/4, 3/4 or 6/8")
        return value.strip()

    @property
    def beats_per_bar(self) -> float:
        """Length of one bar in quarter-note beats (6/8 is 3.0)."""
        top, bottom = self.time_signature.split("/")
        return float(Fraction(int(top) * 4, int(bottom)))


# `register` is the musician's word for it; pydantic warns that it shadows ABCMeta.register,
# which no code here calls on a section.
warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)


class Section(_Frozen):
    """A section of the song: its chords bar by bar, lyrics, melody and local overrides.

    `chords` holds one entry per bar; an entry with several symbols ("Am G") splits the
    bar evenly between them. `register` shifts the voicings and lead in semitones from the
    style's default, which is how brighter and darker move a section up or down. `cymbal`
    is the cymbal the drummer keeps time on (None: the one the style's groove plays).
    """

    kind: SectionKind
    label: str
    bars: int = Field(ge=1, le=128)
    chords: tuple[str, ...]
    melody: tuple[Note, ...] = ()
    lyrics: tuple[str, ...] = ()
    energy: float = Field(0.5, ge=0.0, le=1.0)
    register: int = Field(0, ge=-24, le=24)
    key: Key | None = None
    tempo: float | None = Field(None, ge=30, le=300)
    parts: tuple[Part, ...] | None = None
    cymbal: Cymbal | None = None
    pushes: tuple[int, ...] = Field(
        (), description="bars (counted from 1) whose first chord is pushed: played an eighth early and tied over"
    )

    @field_validator("chords")
    @classmethod
    def _chords_are_symbols(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = []
        for bar in value:
            symbols = bar.split()
            if not symbols:
                raise ValueError("every bar needs at least one chord (use the previous chord to hold it)")
            if symbols[0] == HOLD:
                raise ValueError(f"a bar starts with a chord; '{HOLD}' holds the chord before it within the bar")
            for symbol in symbols:
                if symbol != HOLD and not CHORD.match(symbol):
                    raise ValueError(f"'{symbol}' is not a chord symbol I can read; write it like Am, F, C/E or G7")
            cleaned.append(" ".join(symbols))
        return tuple(cleaned)

    @field_validator("pushes")
    @classmethod
    def _pushes_in_order(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(sorted(set(value)))

    @model_validator(mode="after")
    def _one_entry_per_bar(self) -> Section:
        if len(self.chords) != self.bars:
            raise ValueError(
                f"{self.label} has {self.bars} bars but {len(self.chords)} bars of chords; give one chord entry per bar"
            )
        return self

    @model_validator(mode="after")
    def _pushes_inside(self) -> Section:
        if any(not 2 <= bar <= self.bars for bar in self.pushes):
            raise ValueError(f"a push lands on a bar from 2 to {self.bars} of {self.label} (its first chord comes early)")
        return self

    def chord_line(self) -> str:
        """The chords as a chord chart writes them: 'Am | F / / G | ^C | G' (a '^' marks a pushed bar)."""
        return " | ".join(PUSH_MARK * (bar + 1 in self.pushes) + entry for bar, entry in enumerate(self.chords))


class Song(_Frozen):
    """The whole song sheet. Immutable: every change makes a new Song."""

    meta: Meta = Meta()
    sections: tuple[Section, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _labels_are_unique(self) -> Song:
        seen: set[str] = set()
        for section in self.sections:
            folded = section.label.casefold()
            if folded in seen:
                raise ValueError(f"two sections are both called '{section.label}'; give each section its own label")
            seen.add(folded)
        for section in self.sections:
            limit = section.bars * self.meta.beats_per_bar
            for note in section.melody:
                if note.start >= limit:
                    raise ValueError(f"a melody note in {section.label} starts after the section ends")
        return self

    # -- reading -----------------------------------------------------------------

    @property
    def labels(self) -> tuple[str, ...]:
        """Section labels in song order."""
        return tuple(s.label for s in self.sections)

    @property
    def total_bars(self) -> int:
        """Bars in the whole song."""
        return sum(s.bars for s in self.sections)

    def key_of(self, index: int) -> Key:
        """The key in force in section `index` (its override, else the song's)."""
        return self.sections[index].key or self.meta.key

    def tempo_of(self, index: int) -> float:
        """The tempo in force in section `index` (its override, else the song's)."""
        section_tempo = self.sections[index].tempo
        return section_tempo if section_tempo is not None else self.meta.tempo

    def parts_of(self, index: int) -> tuple[Part, ...]:
        """The instruments playing in section `index`."""
        section_parts = self.sections[index].parts
        return section_parts if section_parts is not None else self.meta.parts

    def duration_seconds(self) -> float:
        """Length of the song in seconds, honouring per-section tempi."""
        beats = self.meta.beats_per_bar
        return sum(s.bars * beats * 60.0 / self.tempo_of(i) for i, s in enumerate(self.sections))

    def find(self, name: str) -> tuple[int, ...]:
        """Indices of the sections a musician means by `name`.

        'Verse 2' or 'chorus 3' is one exact label; 'chorus' or 'the choruses' is every
        chorus; 'first verse', 'last chorus' and 'second verse' pick by position among
        that kind; 'all' or 'whole song' is every section. Unknown names raise
        UnknownSection with the labels the song has.
        """
        text = " ".join(name.casefold().replace("-", " - ").split())
        text = re.sub(r"^(the|my|our)\s+", "", text).replace(" - ", "-").strip(" .!?'\"")
        if not text:
            raise UnknownSection(name, self.labels)
        if text in {"all", "everything", "whole song", "song", "the whole song", "all sections", "every section"}:
            return tuple(range(len(self.sections)))
        for i, section in enumerate(self.sections):
            if section.label.casefold() == text:
                return (i,)
        ordinal, said = _split_ordinal(text)
        kind = _singular_kind(said)
        if kind is None:
            raise UnknownSection(name, self.labels)
        matches = tuple(i for i, s in enumerate(self.sections) if s.kind == kind)
        if not matches:
            raise UnknownSection(name, self.labels)
        if ordinal is None:
            return matches
        position = len(matches) - 1 if ordinal == -1 else ordinal - 1
        if not 0 <= position < len(matches):
            raise UnknownSection(name, self.labels)
        return (matches[position],)

    # -- changing (always a new Song) ---------------------------------------------

    def replace_section(self, index: int, section: Section) -> Song:
        """A new song with section `index` replaced."""
        sections = list(self.sections)
        sections[index] = section
        return self.model_copy(update={"sections": tuple(sections)})

    def with_updates(self, **changes: object) -> Song:
        """A new, re-validated song with top-level fields replaced."""
        data = self.model_dump()
        data.update({k: (v.model_dump() if isinstance(v, BaseModel) else v) for k, v in changes.items()})
        return parse_song(data)

    def excerpt(self, indices: tuple[int, ...]) -> Song:
        """A song made of only the given sections, in song order (for rendering one section)."""
        chosen = tuple(self.sections[i] for i in sorted(set(indices)))
        return self.model_copy(update={"sections": chosen})

    def to_json(self) -> str:
        """The sheet as JSON text."""
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str) -> Song:
        """A sheet from JSON text, with plain-language errors."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as err:
            raise SongError(explain(err)) from None


def parse_song(data: object) -> Song:
    """Validate plain data into a Song; raise SongError with one plain sentence."""
    try:
        return Song.model_validate(data)
    except ValidationError as err:
        raise SongError(explain(err)) from None


def section_with(section: Section, **changes: object) -> Section:
    """A new, re-validated section with fields replaced (SongError if the result is invalid)."""
    data = section.model_dump()
    data.update({k: (v.model_dump() if isinstance(v, BaseModel) else v) for k, v in changes.items()})
    try:
        return Section.model_validate(data)
    except ValidationError as err:
        raise SongError(explain(err)) from None


def refitted(section: Section, bars: int, beats_per_bar: float) -> tuple[Section, int]:
    """The section made `bars` long, and how many melody notes fell past its new end.

    Its chord pattern cycles (longer) or is cut (shorter), the last bar keeping the closing
    chord; notes that start inside the new length stay, cut to end by it; pushes past it go.
    """
    chords = tuple(section.chords[i % len(section.chords)] for i in range(bars - 1)) + (section.chords[-1],)
    length = bars * beats_per_bar
    melody = tuple(
        n if n.start + n.duration <= length + 1e-6 else n.model_copy(update={"duration": length - n.start})
        for n in section.melody
        if n.start < length - 1e-6
    )
    pushes = tuple(bar for bar in section.pushes if bar <= bars)
    fitted = section_with(section, bars=bars, chords=chords, melody=melody, pushes=pushes)
    return fitted, len(section.melody) - len(melody)


def explain(err: ValidationError) -> str:
    """The first problem pydantic found, as one sentence a musician can act on."""
    first = err.errors()[0]
    where = " > ".join(str(p) for p in first.get("loc", ()) if not isinstance(p, int))
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    sentence = f"{message} ({where})" if where else message
    return sentence[:1].upper() + sentence[1:].rstrip(".") + "."


def read_chart(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """A chord chart as the sheet keeps it: one entry per bar, and the pushed bars (from 1).

    Bars are split by '|'; within a bar '/' (or '.') holds the chord before it, '%' repeats
    the bar before, and '^' before a bar's first chord pushes it: "Am / / G | F | ^C | %".
    Symbols are checked where the bars become a section.

    Raises:
        SongError: If a bar is empty or '%' has no bar before it to repeat.
    """
    cells = text.strip().strip("|").split("|")
    bars: list[str] = []
    pushes: list[int] = []
    for number, cell in enumerate(cells, start=1):
        slots = [HOLD if slot == "." else slot for slot in cell.split()]
        if REPEAT in slots and slots != [REPEAT]:
            raise SongError(f"Bar {number} of the chart mixes '%' with chords; '%' alone repeats the whole bar before.")
        if slots == [REPEAT]:
            if not bars:
                raise SongError("A chart's first bar needs its chords; '%' repeats the bar before it.")
            slots = bars[-1].split()
        if not slots:
            raise SongError(f"Bar {number} of the chart has no chord; write one, or '%' to repeat the bar before.")
        if slots[0].startswith(PUSH_MARK):
            pushes.append(number)
            slots[0] = slots[0].removeprefix(PUSH_MARK)
        bars.append(" ".join(slots))
    return tuple(bars), tuple(pushes)


@dataclass(frozen=True)
class ChordSpan:
    """A chord sounding from `start` to `end` (in beats). `tied`: it sounds on from a push, not struck on its downbeat."""

    start: float
    end: float
    symbol: str
    tied: bool = False


def bar_chords(entry: str) -> tuple[tuple[float, float, str], ...]:
    """Each chord of one bar with where it starts and ends, as shares of the bar (0 to 1).

    The bar divides evenly among its slots and a slot written '/' holds the chord before it:
    "C G" is two beats each in 4/4, "C / / G" is C for three beats and G on the fourth.
    """
    slots = entry.split()
    starts = [k for k, slot in enumerate(slots) if slot != HOLD]
    ends = [*starts[1:], len(slots)]
    return tuple((a / len(slots), b / len(slots), slots[a]) for a, b in zip(starts, ends, strict=True))


def bar_symbols(entry: str) -> tuple[str, ...]:
    """The chord symbols of one bar in order, without its holds."""
    return tuple(slot for slot in entry.split() if slot != HOLD)


def map_chords(entry: str, change: Callable[[str], str]) -> str:
    """One bar with `change` applied to each chord symbol, its holds kept where they are."""
    return " ".join(slot if slot == HOLD else change(slot) for slot in entry.split())


def chord_spans(section: Section, start: float, bar_beats: float) -> tuple[ChordSpan, ...]:
    """Each chord of `section` in time, from `start`: bar by bar, with its pushes.

    A pushed bar's first chord comes an eighth early, on the last off-beat of the bar before,
    and is tied over its downbeat: the span of the push, then the bar's span marked `tied`.
    """
    spans: list[ChordSpan] = []
    for bar, entry in enumerate(section.chords):
        at = start + bar * bar_beats
        pushed = bar + 1 in section.pushes and bar > 0
        for k, (begin, end, symbol) in enumerate(bar_chords(entry)):
            first = k == 0 and pushed and spans[-1].symbol != symbol and spans[-1].end - spans[-1].start > PUSH
            if first:
                before = spans.pop()
                spans += [replace(before, end=at - PUSH), ChordSpan(at - PUSH, at, symbol)]
            spans.append(ChordSpan(at + begin * bar_beats, at + end * bar_beats, symbol, tied=first))
    return tuple(spans)


def chord_at(section: Section, beat: float, bar_beats: float) -> str:
    """The chord symbol sounding at `beat` (from the section start), pushes and holds included."""
    spans = _spans_of(section, bar_beats)
    return next((s.symbol for s in spans if beat < s.end - 1e-6), spans[-1].symbol)


@lru_cache(maxsize=4096)
def _spans_of(section: Section, bar_beats: float) -> tuple[ChordSpan, ...]:
    return chord_spans(section, 0.0, bar_beats)


# How musicians pick one section of a kind by position; the words slot readers know too.
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1, "final": -1,
}  # fmt: skip
# Other names of section kinds, plurals included: "the hook" is the chorus, "the middle eight" the bridge.
KIND_ALIASES = {
    "choruses": "chorus", "verses": "verse", "intros": "intro", "bridges": "bridge", "outros": "outro",
    "solos": "solo", "pre-choruses": "pre-chorus", "prechorus": "pre-chorus", "pre chorus": "pre-chorus",
    "prechoruses": "pre-chorus", "refrain": "chorus", "refrains": "chorus", "hook": "chorus", "hooks": "chorus",
    "middle eight": "bridge", "middle 8": "bridge", "middle bit": "bridge", "middle section": "bridge", "ending": "outro", "coda": "outro", "tail": "outro", "opening": "intro",
    "introduction": "intro",
}  # fmt: skip


def _split_ordinal(text: str) -> tuple[int | None, str]:
    words = text.split()
    if len(words) >= 2 and words[0] in ORDINALS:
        return ORDINALS[words[0]], " ".join(words[1:])
    if len(words) >= 2 and words[-1].isdigit():
        return int(words[-1]), " ".join(words[:-1])
    return None, text


def _singular_kind(text: str) -> str | None:
    text = KIND_ALIASES.get(text, text)
    return text if text in SECTION_KINDS else None
