"""The musician's own chords: a chord chart written into sections, on the beats and pushes it names."""

from __future__ import annotations

from collections.abc import Sequence

from music.edits.transforms import Change, transform_sections
from music.errors import SongError
from music.song import Section, Song, read_chart, section_with


def set_chords(song: Song, target: str | Sequence[int], chart: str) -> Change:
    """Give the targeted sections the chords of `chart`, as a chord chart writes them.

    Bars are split by '|', '/' holds the chord before it within a bar, '%' repeats the bar
    before and '^' pushes a bar's first chord an eighth early: "Am / / G | F | ^C | %". A
    chart as long as the section fills it; a shorter one that divides it is played as a loop
    (four bars in an eight-bar verse: twice). A bar whose new chords would rub against the
    sung line keeps its old ones, and the report says so.

    Raises:
        UnknownSection: If a section name matches nothing.
        SongError: If the chart has a bar that is not chords, or its length does not fit a section.
    """
    bars, pushes = read_chart(chart)

    def move(current: Song, index: int) -> tuple[Section, tuple[str, ...]]:
        section = current.sections[index]
        chords, pushed = _looped(section, bars, pushes)
        new = section_with(section, chords=chords, pushes=pushed)
        return new, ((f"chords {new.chord_line()}",) if new != section else ())

    return transform_sections(song, target, move)


def _looped(section: Section, bars: tuple[str, ...], pushes: tuple[int, ...]) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The chart's bars repeated to fill `section`, with their pushes in every pass (none into its first bar)."""
    if section.bars % len(bars):
        lengths = [str(n) for n in range(1, section.bars + 1) if section.bars % n == 0]
        fits = lengths[0] if len(lengths) == 1 else ", ".join(lengths[:-1]) + " or " + lengths[-1]
        raise SongError(
            f"{section.label} has {section.bars} bars, and a chart of {len(bars)} does not fill it: "
            f"give {section.bars} bars, or a loop of {fits} bars."
        )
    times = section.bars // len(bars)
    pushed = tuple(bar + n * len(bars) for n in range(times) for bar in pushes if bar + n * len(bars) >= 2)
    return bars * times, pushed
