"""Arrangement styles: instruments, drum grooves by energy, bass and comping habits, registers.

Each style is frozen data; music.arrange turns it into notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from music.song import Mode, Part, Role

Comping = Literal["strum", "arpeggio", "block", "pad", "stabs"]
BassMove = Literal["roots", "root-fifth", "pulse", "walking"]

# General MIDI percussion notes.
KICK, SIDE_STICK, SNARE, CLAP, CLOSED_HAT, PEDAL_HAT, OPEN_HAT, CRASH, RIDE = 36, 37, 38, 39, 42, 44, 46, 49, 51
LOW_TOM, MID_TOM, HIGH_TOM = 45, 47, 50


@dataclass(frozen=True)
class DrumPattern:
    """One bar of a groove written for 4/4, as beat offsets per drum (other metres are fitted)."""

    kick: tuple[float, ...]
    snare: tuple[float, ...]
    hats: tuple[float, ...]
    snare_note: int = SNARE
    hat_note: int = CLOSED_HAT
    open_hats: tuple[float, ...] = ()


@dataclass(frozen=True)
class Registers:
    """Default centre pitch (MIDI) of each pitched role; a section's register shifts them."""

    chords: int = 60
    lead: int = 69
    bass: int = 40
    pad: int = 64


@dataclass(frozen=True)
class Style:
    """How a style arranges a song: its band, grooves (quiet to loud), bass, comping and feel.

    `grooves` are ordered by energy: a section's energy picks one. `swing` delays the
    off-beat eighths by that fraction of a beat (0 straight, about 0.17 for a jazz feel).
    """

    name: str
    parts: tuple[Part, ...]
    grooves: tuple[DrumPattern, ...]
    bass: BassMove
    comping: Comping
    registers: Registers = Registers()
    tempo: float = 100.0
    mode: Mode = "major"
    mood: str = "hopeful"
    instruments: str = ""
    swing: float = 0.0
    tags: tuple[str, ...] = ()

    def groove(self, energy: float) -> DrumPattern:
        """The drum pattern for a section of this energy (0..1)."""
        index = min(int(energy * len(self.grooves)), len(self.grooves) - 1)
        return self.grooves[max(index, 0)]

    def part(self, role: Role) -> Part | None:
        """The style's default part for `role`, if it has one."""
        return next((p for p in self.parts if p.role == role), None)


_EIGHTHS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5)
_QUARTERS = (0.0, 1.0, 2.0, 3.0)
_BACKBEAT = (1.0, 3.0)

FOLK = Style(
    name="folk",
    parts=(
        Part(name="Acoustic Guitar", role="chords", program=25),
        Part(name="Upright Bass", role="bass", program=32),
        Part(name="Fiddle", role="lead", program=110),
        Part(name="Light Kit", role="drums", program=0),
    ),
    grooves=(
        DrumPattern(kick=(0.0,), snare=(), hats=_QUARTERS, snare_note=SIDE_STICK),
        DrumPattern(kick=(0.0, 2.0), snare=_BACKBEAT, hats=_QUARTERS, snare_note=SIDE_STICK),
        DrumPattern(kick=(0.0, 2.0, 2.5), snare=_BACKBEAT, hats=_EIGHTHS),
        DrumPattern(kick=(0.0, 1.5, 2.0, 2.5), snare=_BACKBEAT, hats=_EIGHTHS, open_hats=(3.5,)),
    ),
    bass="root-fifth",
    comping="strum",
    registers=Registers(chords=57, lead=69, bass=40, pad=64),
    tempo=96.0,
    mode="major",
    mood="warm",
    instruments="acoustic guitar, fiddle and upright bass",
    tags=("acoustic", "folk"),
)

POP = Style(
    name="pop",
    parts=(
        Part(name="Piano", role="chords", program=0),
        Part(name="Synth Bass", role="bass", program=38),
        Part(name="Lead Synth", role="lead", program=80),
        Part(name="Warm Pad", role="pad", program=89),
        Part(name="Drums", role="drums", program=0),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.0), snare=(), hats=_QUARTERS),
        DrumPattern(kick=(0.0, 2.0), snare=_BACKBEAT, hats=_EIGHTHS),
        DrumPattern(kick=(0.0, 1.5, 2.0), snare=_BACKBEAT, hats=_EIGHTHS, snare_note=CLAP),
        DrumPattern(kick=(0.0, 1.5, 2.0, 2.5), snare=_BACKBEAT, hats=_EIGHTHS, open_hats=(3.5,)),
    ),
    bass="pulse",
    comping="block",
    registers=Registers(chords=62, lead=71, bass=40, pad=66),
    tempo=112.0,
    mode="major",
    mood="bright",
    instruments="piano, synth bass, lead synth and a warm pad",
    tags=("pop", "catchy"),
)

ROCK = Style(
    name="rock",
    parts=(
        Part(name="Rhythm Guitar", role="chords", program=29),
        Part(name="Bass Guitar", role="bass", program=34),
        Part(name="Lead Guitar", role="lead", program=30),
        Part(name="Rock Kit", role="drums", program=0),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.0), snare=_BACKBEAT, hats=_QUARTERS),
        DrumPattern(kick=(0.0, 2.0, 2.5), snare=_BACKBEAT, hats=_EIGHTHS),
        DrumPattern(kick=(0.0, 0.5, 2.0, 2.5), snare=_BACKBEAT, hats=_EIGHTHS, hat_note=OPEN_HAT),
        DrumPattern(kick=(0.0, 0.5, 2.0, 2.5, 3.5), snare=_BACKBEAT, hats=_EIGHTHS, hat_note=RIDE),
    ),
    bass="pulse",
    comping="strum",
    registers=Registers(chords=55, lead=67, bass=40, pad=62),
    tempo=132.0,
    mode="minor",
    mood="driving",
    instruments="overdriven guitars, picked bass and a rock kit",
    tags=("rock", "guitars"),
)

BALLAD = Style(
    name="ballad",
    parts=(
        Part(name="Piano", role="chords", program=0),
        Part(name="Fretless Bass", role="bass", program=35),
        Part(name="Flute", role="lead", program=73),
        Part(name="Strings", role="pad", program=48),
        Part(name="Brushes", role="drums", program=0),
    ),
    grooves=(
        DrumPattern(kick=(), snare=(), hats=()),
        DrumPattern(kick=(0.0,), snare=(3.0,), hats=_QUARTERS, snare_note=SIDE_STICK, hat_note=PEDAL_HAT),
        DrumPattern(kick=(0.0, 2.5), snare=_BACKBEAT, hats=_EIGHTHS),
        DrumPattern(kick=(0.0, 2.0, 2.5), snare=_BACKBEAT, hats=_EIGHTHS, hat_note=RIDE),
    ),
    bass="roots",
    comping="arpeggio",
    registers=Registers(chords=60, lead=72, bass=40, pad=67),
    tempo=72.0,
    mode="major",
    mood="tender",
    instruments="piano, strings, flute and fretless bass",
    tags=("ballad", "slow"),
)

JAZZ = Style(
    name="jazz",
    parts=(
        Part(name="Piano", role="chords", program=0),
        Part(name="Double Bass", role="bass", program=32),
        Part(name="Tenor Sax", role="lead", program=66),
        Part(name="Jazz Kit", role="drums", program=0),
    ),
    grooves=(
        DrumPattern(kick=(), snare=(), hats=(0.0, 1.0, 1.5, 2.0, 3.0, 3.5), hat_note=RIDE),
        DrumPattern(kick=(0.0,), snare=(), hats=(0.0, 1.0, 1.5, 2.0, 3.0, 3.5), hat_note=RIDE),
        DrumPattern(kick=(0.0,), snare=(2.5,), hats=(0.0, 1.0, 1.5, 2.0, 3.0, 3.5), hat_note=RIDE),
    ),
    bass="walking",
    comping="stabs",
    registers=Registers(chords=62, lead=67, bass=40, pad=64),
    tempo=138.0,
    mode="major",
    mood="smoky",
    instruments="piano trio with tenor sax",
    swing=0.17,
    tags=("jazz", "swing"),
)

EDM = Style(
    name="edm",
    parts=(
        Part(name="Supersaw Chords", role="chords", program=81),
        Part(name="Synth Bass", role="bass", program=39),
        Part(name="Lead Synth", role="lead", program=80),
        Part(name="Poly Pad", role="pad", program=90),
        Part(name="Electronic Kit", role="drums", program=0),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.0), snare=(), hats=(0.5, 1.5, 2.5, 3.5)),
        DrumPattern(kick=_QUARTERS, snare=_BACKBEAT, hats=(0.5, 1.5, 2.5, 3.5), snare_note=CLAP),
        DrumPattern(kick=_QUARTERS, snare=_BACKBEAT, hats=_EIGHTHS, snare_note=CLAP, open_hats=(0.5, 1.5, 2.5, 3.5)),
    ),
    bass="pulse",
    comping="stabs",
    registers=Registers(chords=62, lead=74, bass=38, pad=64),
    tempo=124.0,
    mode="minor",
    mood="euphoric",
    instruments="supersaw chords, synth bass, a poly pad and four-on-the-floor drums",
    tags=("edm", "electronic", "dance"),
)

STYLES: dict[str, Style] = {s.name: s for s in (FOLK, POP, ROCK, BALLAD, JAZZ, EDM)}


def style_for(name: str) -> Style:
    """The style called `name` (case and spacing ignored); pop for names it does not know."""
    key = " ".join(name.casefold().split())
    aliases = {"electronic": "edm", "dance": "edm", "country": "folk", "acoustic": "folk", "jazzy": "jazz",
               "swing": "jazz", "soul": "ballad", "indie": "rock", "punk": "rock", "metal": "rock"}  # fmt: skip
    return STYLES.get(key) or STYLES.get(aliases.get(key, ""), POP)
