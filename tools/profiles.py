"""Where the musician's learned style lives: one JSON profile in the data folder, written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from memory.blobs import write_atomic
from music.errors import CowriterError
from music.plan.fingerprint import StyleProfile

if TYPE_CHECKING:
    from tools.context import ToolContext

PROFILE_NAME = "mine"


class NoProfile(CowriterError):
    """The musician's style has not been learned yet."""

    def __init__(self) -> None:
        super().__init__(
            "I haven't learned your style yet; point me at a folder of your MIDI or MusicXML files first, "
            "for example /learn ~/songs."
        )


def profile_path(ctx: ToolContext) -> Path:
    """The file holding the musician's style profile (it may not exist yet)."""
    return Path(ctx.store.home) / "profiles" / f"{PROFILE_NAME}.json"


def save_profile(ctx: ToolContext, profile: StyleProfile) -> Path:
    """Store the profile, replacing any earlier one in one atomic step; returns its path."""
    path = profile_path(ctx)
    write_atomic(path, profile.to_json().encode("utf-8"))
    return path


def load_profile(ctx: ToolContext) -> StyleProfile:
    """The stored profile.

    Raises:
        NoProfile: If no style has been learned yet.
        SongError: If the stored file is not a profile.
    """
    path = profile_path(ctx)
    if not path.is_file():
        raise NoProfile()
    return StyleProfile.from_json(path.read_text(encoding="utf-8"))
