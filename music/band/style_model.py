"""What an arrangement style is: its band, drum grooves, bass steps and comping, as frozen data.

The styles themselves live in music.band.styles and music.band.genres; music.band.arrange turns them into notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from music.song import Cymbal, Mode, Part, Role

# General MIDI percussion notes (channel 10).
KICK, SIDE_STICK, SNARE, CLAP, CLOSED_HAT, PEDAL_HAT, OPEN_HAT = 36, 37, 38, 39, 42, 44, 46
CRASH, RIDE, TAMBOURINE, SHAKER = 49, 51, 54, 70
FLOOR_TOM, LOW_TOM, MID_TOM, HIGH_TOM = 41, 45, 47, 50
CYMBALS = frozenset({CLOSED_HAT, PEDAL_HAT, OPEN_HAT, RIDE})
# The cymbals a drummer can keep time on, by the names the song sheet uses.
TIME_CYMBALS: dict[Cymbal, int] = {"hi-hat": CLOSED_HAT, "open hi-hat": OPEN_HAT, "ride": RIDE, "crash": CRASH}
# General MIDI drum kits (the program on channel 10).
STANDARD_KIT, ROOM_KIT, POWER_KIT, ELECTRONIC_KIT, TR808_KIT, JAZZ_KIT, BRUSH_KIT = 0, 8, 16, 24, 25, 32, 40

# A bass step's tone: R root (or slash bass), 5 fifth above, 5- fifth below, 8 octave, 3 third,
# 6 major sixth, 7 seventh, A diatonic approach into the next chord, C chromatic approach, W walking line.
BassTone = Literal["R", "5", "5-", "8", "3", "6", "7", "A", "C", "W"]
BassStep = tuple[float, BassTone, float]
Manner = Literal["block", "strum", "arpeggio", "stabs"]
Voicing = Literal["close", "open", "power", "shell", "seventh", "rhodes"]
Fill = Literal["toms", "build", "triplets"]


@dataclass(frozen=True)
class DrumPattern:
    """A groove written for 4/4, as beat offsets per drum (other metres are fitted).

    `ghosts` are quiet snare strokes between the main ones; `extra` holds any other drum
    as (offset, drum) pairs (a pedal hat, a tambourine); `kick_accent` below 1 feathers
    the kick, as a jazz drummer does. Most grooves are one bar long; a groove over
    `bars` bars (a two-bar clave) runs its offsets over all of them.
    """

    kick: tuple[float, ...]
    snare: tuple[float, ...]
    hats: tuple[float, ...]
    snare_note: int = SNARE
    hat_note: int = CLOSED_HAT
    open_hats: tuple[float, ...] = ()
    ghosts: tuple[float, ...] = ()
    extra: tuple[tuple[float, int], ...] = ()
    kick_accent: float = 1.0
    bars: int = 1

    def hits(self) -> tuple[tuple[float, int, float], ...]:
        """Every stroke of the bar as (offset, drum, accent), the loudest at accent 1.0."""
        hits = [(o, KICK, self.kick_accent) for o in self.kick]
        hits += [(o, self.snare_note, 1.0) for o in self.snare]
        hits += [(o, SNARE, 0.35) for o in self.ghosts]
        for offset in self.hats:
            if offset not in self.open_hats:
                hits.append((offset, self.hat_note, 0.85 if offset % 1.0 == 0 else 0.7 if offset % 0.5 == 0 else 0.55))
        hits += [(o, OPEN_HAT, 0.8) for o in self.open_hats]
        hits += [(o, drum, 0.7) for o, drum in self.extra]
        return tuple(sorted(hits))


@dataclass(frozen=True)
class Comp:
    """How the chord part plays at one energy: onsets over a 4-beat span, manner and voicing.

    `hold` is the share of the gap to the next onset that a chord sounds; for stabs it
    is a length in beats. With a `cycle` (8 beats for a two-bar clave) the onsets lie on the
    section's own grid, whatever the chords do; without one they start again with each chord.
    """

    hits: tuple[float, ...]
    manner: Manner = "block"
    voicing: Voicing = "close"
    hold: float = 0.9
    cycle: float = 0.0


@dataclass(frozen=True)
class Registers:
    """Default centre pitch (MIDI) of each pitched role; a section's register shifts them."""

    chords: int = 60
    lead: int = 69
    bass: int = 40
    pad: int = 64


# Beat grids of one 4/4 bar that grooves and comping are written on.
QUARTERS = (0.0, 1.0, 2.0, 3.0)
EIGHTHS = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5)
SIXTEENTHS = tuple(k * 0.25 for k in range(16))
OFFBEATS = (0.5, 1.5, 2.5, 3.5)
BACKBEAT = (1.0, 3.0)


def eighths(tones: str, length: float = 0.45) -> tuple[BassStep, ...]:
    """Eight bass eighths from a string of tones, one character each ('RRR8RR5A')."""
    return tuple((k * 0.5, tone, length) for k, tone in enumerate(tones))  # type: ignore[misc]


# Energies where bass and comping change from quiet to moderate to loud playing.
ENERGY_BANDS = (0.4, 0.7)


# At the peak the band drives harder than its loudest pattern: the drummer doubles the time
# and the chords fill the gaps of a beat or more between their hits.
PEAK = 0.95


def driven(offsets: tuple[float, ...], span: float = 4.0, gap: float = 1.0) -> tuple[float, ...]:
    """The onsets with the midpoint of every gap of `gap` beats or more filled in (quarters -> eighths, ...)."""
    if not offsets:
        return offsets
    ordered = sorted(offsets)
    following = [*ordered[1:], ordered[0] + span]
    added = [a + (b - a) / 2 for a, b in zip(ordered, following, strict=True) if b - a >= gap - 1e-9]
    return tuple(sorted({*ordered, *(o % span for o in added)}))


def energy_band(energy: float) -> int:
    """Quiet (0, below 0.4), medium (1, below 0.7) or loud (2): how bass and comping choose a pattern."""
    return sum(energy >= mark for mark in ENERGY_BANDS)


@dataclass(frozen=True)
class Style:
    """How a style arranges a song: its band, grooves, bass and comping by energy, tempo and feel.

    `grooves` run from quiet to loud and a section's energy picks one; `bass` and
    `comping` hold a quiet, a medium and a loud pattern each. `swing` delays the off-beat
    of each `swing_unit` (0.5: eighths, 0.25: sixteenths) by that many beats. `fill` is
    how the drummer leads into a chorus. `spare_parts` are the instruments the style
    would use for roles its usual band does not have. Below `brush_energy` the drummer
    takes up brushes. `cymbals` are the cymbals its drummer keeps time on, from the
    darkest to the brightest in the mix: brighter and darker step along them. `metre` is the
    time a new song in the style is planned in (a waltz in 3/4), and `glide` the beats over
    which its bass slides into a next note played legato (an 808 glide), 0 for none.
    """

    name: str
    parts: tuple[Part, ...]
    grooves: tuple[DrumPattern, ...]
    bass: tuple[tuple[BassStep, ...], tuple[BassStep, ...], tuple[BassStep, ...]]
    comping: tuple[Comp, Comp, Comp]
    registers: Registers = Registers()
    tempo: float = 100.0
    tempo_range: tuple[float, float] = (80.0, 130.0)
    mode: Mode = "major"
    tonics: tuple[str, str] = ("C", "A")
    mood: str = "hopeful"
    instruments: str = ""
    swing: float = 0.0
    swing_unit: float = 0.5
    fill: Fill = "toms"
    spare_parts: tuple[Part, ...] = ()
    brush_energy: float = 0.0
    cymbals: tuple[Cymbal, ...] = ()
    tags: tuple[str, ...] = ()
    # Where each role sits in the mix, in LU against the others (0 the loudest), and the channel
    # volume (MIDI CC7) per role that puts it there on the General MIDI SoundFont (bench/balance.py).
    balance: tuple[tuple[str, float], ...] = ()
    volumes: tuple[tuple[str, int], ...] = ()
    metre: str = "4/4"
    glide: float = 0.0

    def volume(self, role: str) -> int:
        """The channel volume (CC7) the role plays at in this style's mix."""
        return dict(self.volumes).get(role, 100)

    def groove(self, energy: float) -> DrumPattern:
        """The drum pattern for a section of this energy (0..1)."""
        index = min(int(energy * len(self.grooves)), len(self.grooves) - 1)
        return self.grooves[max(index, 0)]

    def time_cymbal(self, energy: float) -> Cymbal | None:
        """The cymbal this style's groove keeps time on at `energy`, if it is one the sheet can name."""
        note = self.groove(energy).hat_note
        return next((name for name, drum in TIME_CYMBALS.items() if drum == note), None)

    def cymbal_step(self, current: Cymbal | None, direction: int) -> Cymbal | None:
        """The next cymbal along this style's darkest-to-brightest ladder, or None where there is no step."""
        if current not in self.cymbals:
            return None
        step = self.cymbals.index(current) + direction
        return self.cymbals[step] if 0 <= step < len(self.cymbals) else None

    def bass_steps(self, energy: float) -> tuple[BassStep, ...]:
        """The bass pattern (over a 4-beat chord) for a section of this energy."""
        return self.bass[energy_band(energy)]

    def comp(self, energy: float) -> Comp:
        """The comping pattern for a section of this energy."""
        return self.comping[energy_band(energy)]

    def part(self, role: Role) -> Part | None:
        """The style's instrument for `role`: from its usual band, else a spare, else None."""
        return next((p for p in (*self.parts, *self.spare_parts) if p.role == role), None)

    def swung(self, offset: float) -> float:
        """`offset` (beats from a beat) moved late if it falls on a swung off-beat."""
        if not self.swing:
            return offset
        unit = self.swing_unit
        return offset + self.swing if abs(offset % (2 * unit) - unit) < 1e-6 else offset
