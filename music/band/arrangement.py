"""What an arrangement is: timed notes per instrument track, ready for MIDI and rendering."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NoteEvent:
    """One note, timed in quarter-note beats from the start of the arrangement.

    A note with a `slide` bends that many semitones over its last `slide_beats` (an 808 glide
    into the next note); the bend is let go when it ends.
    """

    start: float
    duration: float
    pitch: int
    velocity: int = 90
    lyric: str | None = None
    slide: int = 0
    slide_beats: float = 0.0


@dataclass(frozen=True)
class Track:
    """One instrument: a named part with its role, GM program and MIDI channel (9 = drums)."""

    name: str
    role: str
    program: int
    channel: int
    notes: tuple[NoteEvent, ...] = ()
    # Program changes inside the track, as (beat, program), for sections that swap instruments.
    program_changes: tuple[tuple[float, int], ...] = ()
    volume: int = 100  # the channel volume (MIDI CC7) that sets the part's place in the mix

    @property
    def is_drums(self) -> bool:
        """True for the General MIDI percussion channel."""
        return self.channel == 9


@dataclass(frozen=True)
class SectionSpan:
    """Where a section of the song lies in the arrangement, in beats."""

    label: str
    kind: str
    start: float
    end: float


@dataclass(frozen=True)
class Arrangement:
    """A whole arrangement: tracks, tempo map (beat, bpm) and the section spans."""

    tracks: tuple[Track, ...]
    tempo_map: tuple[tuple[float, float], ...]
    time_signature: str
    sections: tuple[SectionSpan, ...] = field(default=())
    title: str = "Untitled"

    @property
    def end_beat(self) -> float:
        """The beat where the last section ends."""
        return self.sections[-1].end if self.sections else 0.0

    def track(self, role: str) -> Track | None:
        """The first track playing `role`, if any."""
        return next((t for t in self.tracks if t.role == role), None)

    def seconds_at(self, beat: float) -> float:
        """Time in seconds of `beat`, honouring the tempo map."""
        seconds = 0.0
        points = list(self.tempo_map) or [(0.0, 120.0)]
        for i, (start, bpm) in enumerate(points):
            end = points[i + 1][0] if i + 1 < len(points) else float("inf")
            if beat <= start:
                break
            seconds += (min(beat, end) - start) * 60.0 / bpm
        return seconds
