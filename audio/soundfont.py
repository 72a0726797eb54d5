"""Where the General MIDI SoundFont is: an explicit path, COWRITER_SOUNDFONT, or a Debian package's."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path

from music.errors import CowriterError

logger = logging.getLogger(__name__)

ENV_VAR = "COWRITER_SOUNDFONT"

# Debian's General MIDI fonts, best first; the default-GM links follow the alternatives system.
KNOWN_SOUNDFONTS: tuple[Path, ...] = (
    Path("/usr/share/sounds/sf2/FluidR3_GM.sf2"),
    Path("/usr/share/sounds/sf2/TimGM6mb.sf2"),
    Path("/usr/share/sounds/sf3/MuseScore_General.sf3"),
    Path("/usr/share/sounds/sf2/default-GM.sf2"),
    Path("/usr/share/sounds/sf3/default-GM.sf3"),
)

MISSING_SOUNDFONT = (
    "No General MIDI SoundFont was found: install Debian's fluid-soundfont-gm package (and fluidsynth), "
    "or set COWRITER_SOUNDFONT to a .sf2 file."
)


class SoundFontError(CowriterError, ValueError):
    """A SoundFont that was asked for by name is not there."""


def _usable(path: Path) -> bool:
    # A dangling alternatives link exists as a name but not as a file.
    try:
        return path.is_file() and path.stat().st_size > 0
    except OSError:
        return False


def find_soundfont(explicit: Path | None = None, *, search: Sequence[Path] | None = None) -> Path | None:
    """Find the SoundFont to render with.

    Args:
        explicit: A SoundFont chosen by the musician; it must exist.
        search: Paths to try when neither `explicit` nor COWRITER_SOUNDFONT is set;
            defaults to Debian's known General MIDI fonts.

    Returns:
        The SoundFont's path, or None when there is none on this machine.

    Raises:
        SoundFontError: When `explicit` or COWRITER_SOUNDFONT names a file that does not exist.
    """
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not _usable(path):
            raise SoundFontError(f"The SoundFont {path} does not exist; check the path or leave it unset to use the default.")
        return path
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        path = Path(from_env).expanduser()
        if not _usable(path):
            raise SoundFontError(f"COWRITER_SOUNDFONT points to {path}, which does not exist; fix the path or unset it.")
        return path
    for candidate in KNOWN_SOUNDFONTS if search is None else search:
        if _usable(Path(candidate)):
            logger.debug("Using SoundFont %s", candidate)
            return Path(candidate)
    logger.info("No SoundFont found in %d known places", len(KNOWN_SOUNDFONTS if search is None else search))
    return None
