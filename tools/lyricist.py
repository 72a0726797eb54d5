"""What the lyric tools ask of the lyricist the agent injects: a request for one section's lines, and the answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from music.song import Section, Song


@dataclass(frozen=True)
class LyricRequest:
    """Lines wanted for one section of a song.

    Attributes:
        song: The sheet as it is now; the lyricist reads the subject, the mood, the metre and
            the other sections' lyrics (which new lines must not repeat) from it.
        index: The section to write for.
        n_lines: How many lines the section gets.
        line: Only this line (from 1) is written anew; the others stay as they are and the
            new line rhymes where the old one did. None: every line is new.
        mood: The mood to write in; empty for the song's own.
        image: A word the lines must use ("train").
        theme: Anything else the musician asked for, in their words ("about the sea").
        syllables: Syllables per line to aim for; None for what the section's bars suggest.
        avoid: Words the lines must never use (their longer forms neither).
    """

    song: Song
    index: int
    n_lines: int
    line: int | None = None
    mood: str = ""
    image: str = ""
    theme: str = ""
    syllables: int | None = None
    avoid: frozenset[str] = frozenset()

    @property
    def section(self) -> Section:
        """The section the lines are for."""
        return self.song.sections[self.index]


@dataclass(frozen=True)
class LyricAnswer:
    """The lyricist's answer: all `n_lines` lines of the section, or none and a question for the musician."""

    lines: tuple[str, ...] = ()
    question: str = ""


# The agent's lyricist: a language model behind checks that never lets a placeholder through.
Lyricist = Callable[[LyricRequest], LyricAnswer]
