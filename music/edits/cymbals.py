"""Which cymbal the drummer keeps time on, section by section: the musician's own call.

Brighter and darker step along a style's ladder of cymbals (music.edits.transforms); here the
musician names the cymbal outright ("ride the crash in the last chorus").
"""

from __future__ import annotations

from collections.abc import Sequence

from music.band.styles import style_for
from music.edits.transforms import Change, transform_sections
from music.song import Cymbal, Section, Song, section_with


def keep_time_on(song: Song, target: str | Sequence[int], cymbal: Cymbal | None) -> Change:
    """Have the drummer keep time on `cymbal` in the targeted sections; None hands it back to the groove.

    The hats or ride of the style's groove are played on the named cymbal instead, with
    the same rhythm and accents; kick, snare and fills are kept. Any style may take any
    of the four cymbals: it is the musician's choice.

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it, or section indices.
        cymbal: "hi-hat", "open hi-hat", "ride" or "crash"; None for the groove's own.

    Returns:
        The change: the new song and, section by section, which cymbal took over.

    Raises:
        UnknownSection: If a section name matches nothing.
    """
    style = style_for(song.meta.style)

    def move(current: Song, index: int) -> tuple[Section, tuple[str, ...]]:
        section = current.sections[index]
        own = style.time_cymbal(section.energy)
        if section.cymbal == cymbal or (cymbal is not None and cymbal == own and section.cymbal is None):
            return section, ()
        changed = section_with(section, cymbal=cymbal)
        if cymbal is None:
            return changed, (f"drums back to the groove's own {own or 'time-keeping'}",)
        return changed, (f"drums keep time on the {cymbal} instead of the {section.cymbal or own or 'groove'}",)

    return transform_sections(song, target, move)
