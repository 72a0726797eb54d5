"""What the right-hand side shows: the song sheet as Markdown and the versions as table rows."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from memory.store import Version
    from music.song import Song

logger = logging.getLogger(__name__)

VERSION_HEADERS = ["", "#", "Change", "What changed"]
HEAD_MARK = "▶"

EMPTY_SHEET = (
    "### No song yet\n"
    "Describe the song you hear in your head, for example "
    "*a folk song about leaving home, 90 BPM, D minor*, or type `/help`."
)


def sheet_markdown(song: Song | None) -> str:
    """The song sheet for the sheet panel: title, key, tempo, sections with chords and lyrics."""
    if song is None:
        return EMPTY_SHEET
    try:
        from music.describe import describe
    except ImportError:  # the compact describer is optional; a plain sheet still reads well
        return _plain_sheet(song)
    return describe(song)


def version_rows(versions: Sequence[Version], head: Version | None) -> list[list[str]]:
    """One row per version, newest first, the current one marked: mark, number, action, summary."""
    head_id = head.id if head is not None else None
    rows = []
    for version in reversed(versions):
        mark = HEAD_MARK if version.id == head_id else ""
        rows.append([mark, str(version.number), _action_name(version.action), version.summary])
    return rows


def version_choices(versions: Sequence[Version]) -> list[str]:
    """Version numbers as the A/B pickers offer them."""
    return [str(v.number) for v in versions]


def ab_defaults(versions: Sequence[Version], head: Version | None) -> tuple[str | None, str | None]:
    """Sensible A and B to compare: the version before the current one (A) against the current one (B).

    "Before" is the current version's parent; at the first version it is the newest other version,
    so after an undo A is the change that was undone.
    """
    if head is None:
        return None, None
    parent = next((v for v in versions if v.id == head.parent), None)
    other = parent or next((v for v in reversed(versions) if v.id != head.id), head)
    return str(other.number), str(head.number)


def head_caption(head: Version | None, count: int) -> str:
    """One line above the versions table saying where the project stands."""
    if head is None:
        return "No versions yet."
    return f"Now on **version {head.number}** of {count} · {_action_name(head.action)}"


def _action_name(action: str) -> str:
    # Actions are stored as "revise_section:brighter"; a musician reads "revise section (brighter)".
    name, _, detail = action.partition(":")
    text = name.replace("_", " ").strip()
    return f"{text} ({detail.strip()})" if detail.strip() else text


def _plain_sheet(song: Song) -> str:
    meta = song.meta
    lines = [f"# {meta.title}", f"{meta.key} · {meta.tempo:g} BPM · {meta.time_signature} · {meta.style}", ""]
    for section in song.sections:
        lines.append(f"**{section.label}** ({section.bars} bars): {section.chord_line()}")
        lines.extend(f"> {line}" for line in section.lyrics if line.strip())
        lines.append("")
    return "\n".join(lines)


def preferences_markdown(preferences: list[str]) -> str:
    """The musician's preferences as a list the page shows; forgetting one is a click away."""
    if not preferences:
        return '_None yet. Say one in the chat ("never use a saxophone", "I sing in G") or add it below._'
    return "\n".join(f"- {text}" for text in preferences)
