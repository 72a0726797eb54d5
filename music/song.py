"""The song sheet: one immutable pydantic model that every part of cowriter reads and returns."""

from __future__ import annotations

import re
import warnings
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from music.errors import SongError, UnknownSection

SectionKind = Literal["intro", "verse", "pre-chorus", "chorus", "bridge", "solo", "outro"]
Mode = Literal["major", "minor", "dorian", "mixolydian", "lydian", "phrygian"]
Role = Literal["drums", "bass", "chords", "lead", "pad"]
# The cymbal a drummer keeps time on, as a musician names it.
Cymbal = Literal["hi-hat", "open hi-hat", "ride", "crash"]

SECTION_KINDS: tuple[str, ...] = ("intro", "verse", "pre-chorus", "chorus", "bridge", "solo", "outro")
_TONIC = re.compile(r"^[A-G](#|b)?$")
# A chord symbol as musicians write it: root, optional accidental, quality and extensions,
# optional slash bass. Spelling is checked again by music21 where notes are made.
_CHORD = re.compile(
    r"^[A-G](#|b)?"
    r"(m|min|maj|M|dim|aug|\+|sus2|sus4|sus|5)?"
    r"(6|7|9|11|13|maj7|maj9|M7|m7|add9|add11|b5|#5|b9|#9|#11|b13|sus4|sus2|\(|\)|/9)*"
    r"(/[A-G](#|b)?)?$"
)
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

    @field_validator("chords")
    @classmethod
    def _chords_are_symbols(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = []
        for bar in value:
            symbols = bar.split()
            if not symbols:
                raise ValueError("every bar needs at least one chord (use the previous chord to hold it)")
            for symbol in symbols:
                if not _CHORD.match(symbol):
                    raise ValueError(f"'{symbol}' is not a chord symbol I can read; write it like Am, F, C/E or G7")
            cleaned.append(" ".join(symbols))
        return tuple(cleaned)

    @model_validator(mode="after")
    def _one_entry_per_bar(self) -> Section:
        if len(self.chords) != self.bars:
            raise ValueError(
                f"{self.label} has {self.bars} bars but {len(self.chords)} bars of chords; give one chord entry per bar"
            )
        return self

    def chord_line(self) -> str:
        """The chords as a lead sheet writes them: 'Am | F | C | G'."""
        return " | ".join(self.chords)


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


def explain(err: ValidationError) -> str:
    """The first problem pydantic found, as one sentence a musician can act on."""
    first = err.errors()[0]
    where = " > ".join(str(p) for p in first.get("loc", ()) if not isinstance(p, int))
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    sentence = f"{message} ({where})" if where else message
    return sentence[:1].upper() + sentence[1:].rstrip(".") + "."


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
    "middle eight": "bridge", "middle 8": "bridge", "ending": "outro", "coda": "outro", "opening": "intro",
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
