"""Singing voices: the range each voice type can sing and the band where it sings comfortably."""

from __future__ import annotations

from dataclasses import dataclass

from music.errors import SongError
from music.theory.chords import note_name


@dataclass(frozen=True)
class VoiceRange:
    """A voice type in sounding MIDI pitches: its whole range and its comfortable tessitura.

    Attributes:
        name: The voice's name ('tenor').
        low: Lowest note the voice sings.
        high: Highest note the voice sings (a stretch, for a climax).
        tessitura_low: Bottom of the band where the voice sits comfortably.
        tessitura_high: Top of that band.
    """

    name: str
    low: int
    high: int
    tessitura_low: int
    tessitura_high: int

    def __post_init__(self) -> None:
        if not 0 <= self.low <= self.tessitura_low < self.tessitura_high <= self.high <= 127:
            raise ValueError(
                f"the {self.name} range must run low <= tessitura low < tessitura high <= high within MIDI 0-127"
            )

    @property
    def tessitura(self) -> tuple[int, int]:
        """The comfortable band as (low, high)."""
        return self.tessitura_low, self.tessitura_high

    def contains(self, pitch: int) -> bool:
        """True when the voice can sing `pitch`."""
        return self.low <= pitch <= self.high

    def describe(self) -> str:
        """The range in note names, e.g. 'C3-A4'."""
        return f"{note_name(self.low)}-{note_name(self.high)}"


# Sounding pitches (a tenor's melody is written an octave higher in treble clef).
VOICES: dict[str, VoiceRange] = {
    "soprano": VoiceRange("soprano", low=60, high=81, tessitura_low=65, tessitura_high=77),
    "mezzo": VoiceRange("mezzo", low=57, high=77, tessitura_low=62, tessitura_high=74),
    "alto": VoiceRange("alto", low=53, high=74, tessitura_low=57, tessitura_high=69),
    "tenor": VoiceRange("tenor", low=48, high=69, tessitura_low=53, tessitura_high=65),
    "baritone": VoiceRange("baritone", low=45, high=65, tessitura_low=50, tessitura_high=62),
    "bass": VoiceRange("bass", low=40, high=62, tessitura_low=45, tessitura_high=57),
}
_ALIASES = {"mezzo-soprano": "mezzo", "mezzo soprano": "mezzo", "contralto": "alto", "basso": "bass"}


def voice_for(name: str) -> VoiceRange:
    """The voice called `name` (case and surrounding spaces ignored; 'mezzo-soprano' and 'contralto' work too).

    Raises:
        SongError: If no voice has that name; the message lists the voices there are.
    """
    folded = " ".join(str(name).casefold().split())
    folded = _ALIASES.get(folded, folded)
    if folded in VOICES:
        return VOICES[folded]
    names = list(VOICES)
    listed = ", ".join(names[:-1]) + " or " + names[-1]
    raise SongError(f"There is no voice called '{name}'; choose {listed}.")
