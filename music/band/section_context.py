"""What every part writer knows about one section: where it lies, its chords, style, energy and neighbours."""

from __future__ import annotations

from dataclasses import dataclass

from music.band.style_model import Style
from music.song import ChordSpan, Key, Section, Song

EPS = 1e-6


def clamp(value: int, low: int, high: int) -> int:
    """`value` kept inside low..high."""
    return max(low, min(high, value))


@dataclass(frozen=True)
class SectionContext:
    """One section as the drummer, bassist and keyboard player see it, all in beats from the song start.

    `next_kind` is the kind of the section that follows (None at the end of the song),
    and `into_last_chorus` is true when that section is the last of several choruses,
    which earns a bigger lead-in.
    """

    song: Song
    style: Style
    index: int
    section: Section
    start: float
    end: float
    bar_beats: float
    compound: bool
    key: Key
    chords: tuple[ChordSpan, ...]
    next_kind: str | None
    into_last_chorus: bool = False
    swing: bool = True  # False writes the style's swung off-beats straight, as a lead sheet does
    # Where the sung line mostly lies (the middle half of its pitches) in this section and in the whole song.
    voice: tuple[int, int] | None = None
    song_voice: tuple[int, int] | None = None

    @property
    def energy(self) -> float:
        """The section's energy, 0..1."""
        return self.section.energy

    @property
    def ending(self) -> bool:
        """True for an outro: its last bar is a final chord held to the end."""
        return self.section.kind == "outro"

    @property
    def last_bar_start(self) -> float:
        """The beat where the section's last bar begins."""
        return self.end - self.bar_beats

    def velocity(self, base: int, spread: int) -> int:
        """A velocity that grows with the section's energy."""
        return clamp(int(round(base + spread * self.energy)), 1, 127)

    def swung(self, offset: float) -> float:
        """`offset` (beats from the section start) delayed if it is a swung off-beat of the style.

        Compound metres already divide the beat in three, so they are never swung.
        """
        return offset if self.compound or not self.swing else self.style.swung(offset)

    def in_last_bar(self, span: ChordSpan) -> bool:
        """True when the chord starts in the section's last bar."""
        return span.start >= self.last_bar_start - EPS


def tile(offsets: tuple[float, ...], length: float, period: float = 4.0) -> list[float]:
    """Onsets written for a `period`-beat span, repeated or cut to fill `length` beats."""
    result: list[float] = []
    shift = 0.0
    while shift < length - EPS:
        result.extend(shift + o for o in offsets if shift + o < length - EPS)
        shift += period
    return result
