"""The one family of errors cowriter raises, each message a plain sentence for the musician."""

from __future__ import annotations


class CowriterError(Exception):
    """Base of every error cowriter raises on purpose.

    The message is written for the musician: one plain sentence, no traceback talk.
    """


class SongError(CowriterError, ValueError):
    """A song sheet, or a request about one, does not make musical sense."""


class UnknownSection(SongError):
    """A section name that the song does not have."""

    def __init__(self, name: str, available: tuple[str, ...]) -> None:
        self.name = name
        self.available = available
        listed = ", ".join(available) if available else "no sections yet"
        super().__init__(f"There is no section called '{name}'; this song has {listed}.")
