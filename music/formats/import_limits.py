"""How much a song file may hold before cowriter refuses to import it, and the sentences that refuse it.

A small file can describe a huge song (one note a thousand bars away, a zip that unpacks to a
gigabyte), so every count is bounded before the parsers build anything from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

from music.errors import SongError


@dataclass(frozen=True)
class ImportLimits:
    """The largest song file cowriter imports; past any limit the file is refused in one sentence.

    The defaults fit every song a musician is likely to bring (a long live version, a big band
    chart); a file past them is damaged or built to exhaust the machine.

    Attributes:
        max_file_mb: Size of the file itself: 20 MB (an hour of dense MIDI is under 2 MB).
        max_unpacked_mb: Size of the score inside a compressed .mxl once unpacked: 50 MB.
        max_bars: Bars in the song: 512 (half an hour of 4/4 at 70 BPM).
        max_notes: Notes in all parts together: 100,000.
        max_tracks: MIDI tracks, MusicXML parts, and the instruments read from them: 64.
        max_markers: Section markers or rehearsal marks: 1,000.
        max_minutes: Length of the song at its tempo: 30 minutes.
        min_bpm: Slowest tempo a file may set: 20 BPM.
        max_bpm: Fastest tempo a file may set: 400 BPM.
        max_read_seconds: Wall-clock time to read one file: 10 seconds.
        max_read_memory_mb: Memory of the process that reads one file: 1024 MB.
    """

    max_file_mb: float = 20.0
    max_unpacked_mb: float = 50.0
    max_bars: int = 512
    max_notes: int = 100_000
    max_tracks: int = 64
    max_markers: int = 1_000
    max_minutes: float = 30.0
    min_bpm: float = 20.0
    max_bpm: float = 400.0
    max_read_seconds: float = 10.0
    max_read_memory_mb: float = 1024.0

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value > 0):
                raise ValueError(f"The import limit {item.name} must be a positive number, not {value!r}.")
        if self.min_bpm >= self.max_bpm:
            raise ValueError(f"The slowest import tempo ({self.min_bpm:g}) must be below the fastest ({self.max_bpm:g}).")

    @property
    def max_events(self) -> int:
        """MIDI events of every kind a file may hold: notes need two, controllers and words come on top."""
        return 4 * self.max_notes

    @property
    def max_note_bars(self) -> int:
        """Bars sounded, counted note by note: reading the harmony takes time in proportion to it.

        A held note counts every bar it sounds in, so a few pads held all song long are cheap,
        and thousands of notes held through hundreds of bars are not.
        """
        return 4 * self.max_notes

    @property
    def max_chord_symbols(self) -> int:
        """Written chord symbols: more than eight a bar is no lead sheet."""
        return 8 * self.max_bars


# What a file is when it goes past a limit, how it does, and what cowriter reads instead.
_REFUSALS: dict[str, tuple[str, str, str]] = {
    "file": ("too big to be a song file", "it holds {} MB", "I read files up to {} MB"),
    "unpacked": ("too big to be a song file", "it unpacks to {} MB", "I read scores up to {} MB unpacked"),
    "members": ("not a score I can unpack", "it packs {} files", "I read .mxl files with up to {} files in them"),
    "bars": ("too long to import", "it runs {} bars", "I read songs up to {} bars"),
    "minutes": ("too long to import", "it lasts {} minutes", "I read songs up to {} minutes"),
    "notes": ("too busy to import", "it holds {} notes", "I read songs with up to {} notes"),
    "events": ("too busy to import", "it holds {} MIDI events", "I read files with up to {} events"),
    "elements": ("too busy to import", "it holds {} XML elements", "I read scores with up to {} elements"),
    "tracks": ("too big to import", "it holds {} tracks", "I read files with up to {} tracks"),
    "parts": ("too big to import", "it holds {} parts", "I read songs with up to {} parts"),
    "markers": ("too busy to import", "it holds {} markers", "I read files with up to {} markers"),
    "lyrics": ("too busy to import", "it holds {} sung syllables", "I read songs with up to {} syllables"),
    "note bars": ("too dense to import", "its notes sound through {} bars in all", "I read songs with up to {} in all"),
    "chord symbols": ("too busy to import", "it holds {} chord symbols", "I read songs with up to {} chord symbols"),
}


def over_limit(name: str, what: str, found: float | None, limit: float) -> SongError:
    """The refusal of a file that goes past a limit, naming the file and both numbers.

    Args:
        name: The file's own name, as the musician knows it.
        what: Which limit: a key of the refusal table ("bars", "notes", "file", ...).
        found: How much the file holds, or None when reading stopped as soon as it went past.
        limit: The limit it went past.
    """
    trouble, held, allowed = _REFUSALS[what]
    if found is None:
        return SongError(f"'{name}' is {trouble}; {allowed.format(number(limit))}.")
    return SongError(f"'{name}' is {trouble}: {held.format(number(found))} and {allowed.format(number(limit))}.")


def number(value: float) -> str:
    """A count as a musician reads it: 1,001 or 83.3, never 83.33333 or 1e+09."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.1f}"


def damaged(name: str, kind: str) -> SongError:
    """The refusal of a file that is not what its name says, or is broken."""
    return SongError(f"I could not read '{name}' as a {kind} file; it may be damaged or not {kind} at all.")


def check_tempo(name: str, bpm: float, limits: ImportLimits) -> None:
    """Refuse a tempo outside the limits; a tempo of zero (or one too fast to count) included."""
    if math.isfinite(bpm) and limits.min_bpm <= bpm <= limits.max_bpm:
        return
    between = f"I read songs between {number(limits.min_bpm)} and {number(limits.max_bpm)} BPM"
    if not math.isfinite(bpm) or bpm > 1e7:
        raise SongError(f"'{name}' sets a tempo too fast to count; {between}.")
    raise SongError(f"'{name}' sets a tempo of {number(round(bpm, 1))} BPM and {between}.")


def check_metre(name: str, beats: int, beat_type: int) -> None:
    """Refuse a time signature with no beats in its bar, or beats of no length."""
    if beat_type >= 10**6:
        raise SongError(f"'{name}' has a time signature with beats too short to count, so I cannot count its bars.")
    if beats <= 0 or beat_type <= 0:
        raise SongError(f"'{name}' has a time signature of {beats}/{beat_type}, so I cannot count its bars.")


def check_count(name: str, what: str, found: int, limit: float) -> None:
    """Refuse a file holding more of something than its limit."""
    if found > limit:
        raise over_limit(name, what, found, limit)


def check_length(name: str, bars: int, minutes: float, limits: ImportLimits) -> None:
    """Refuse a song longer than the limits, in bars or in minutes at its tempo."""
    check_count(name, "bars", bars, limits.max_bars)
    if minutes > limits.max_minutes:
        raise over_limit(name, "minutes", round(minutes, 1), limits.max_minutes)
