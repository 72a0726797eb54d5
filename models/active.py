"""Which models are active: the musician's choice, saved in the data folder; COWRITER_* settings still win."""

from __future__ import annotations

import json
import logging
from collections.abc import Set
from pathlib import Path
from typing import Any

from models.catalogue import BUILTIN, Kind, UnknownModel, find
from music.files import atomic_writer

logger = logging.getLogger(__name__)

FILE = "models.json"
# Settings a lyricist choice fills, and the one a MusicGen choice fills; a choice is skipped
# when the musician set any of its settings themselves.
LYRICIST_SETTINGS = ("llm_base_url", "llm_gguf", "llm_model", "llm_use_tools")
MUSICGEN_SETTINGS = ("musicgen_model",)


def chosen(home: Path) -> dict[str, dict[str, Any]]:
    """The saved choices by kind ({"lyricist": {"name": ...}, "musicgen": {...}}); {} when none (or unreadable)."""
    try:
        data = json.loads((Path(home) / FILE).read_text())
    except (OSError, ValueError):
        return {}
    return (
        {kind: value for kind, value in data.items() if isinstance(value, dict) and value.get("name")}
        if isinstance(data, dict)
        else {}
    )


def active_name(home: Path, kind: Kind) -> str:
    """The active model of a kind: the saved choice, else the built-in lyricist or "" for MusicGen."""
    return str(chosen(home).get(kind, {}).get("name") or (BUILTIN if kind == "lyricist" else ""))


def choose(home: Path, kind: Kind, choice: dict[str, Any] | None) -> None:
    """Save (or with None, forget) the active model of a kind, atomically."""
    data = chosen(home)
    if choice is None:
        data.pop(kind, None)
    else:
        data[kind] = choice
    Path(home).mkdir(parents=True, exist_ok=True)
    with atomic_writer(Path(home) / FILE) as handle:
        handle.write(json.dumps(data, indent=2).encode())


def overrides(home: Path, explicit: Set[str]) -> dict[str, Any]:
    """Settings the saved choices set, leaving alone every group the musician set a COWRITER_* value in.

    A pulled lyricist sets the embedded server's GGUF (and tool use for the sizes that can);
    a local server sets the endpoint and model; a MusicGen choice sets the checkpoint. A
    choice whose model was removed since is skipped.
    """
    saved = chosen(home)
    values: dict[str, Any] = {}
    lyricist = saved.get("lyricist")
    if lyricist and not set(explicit).intersection(LYRICIST_SETTINGS):
        values.update(_lyricist(lyricist))
    musicgen = saved.get("musicgen")
    if musicgen and not set(explicit).intersection(MUSICGEN_SETTINGS):
        try:
            values["musicgen_model"] = find(str(musicgen["name"])).repo
        except UnknownModel:
            logger.warning("the saved MusicGen model %s is not in the catalogue; ignored", musicgen["name"])
    return values


def _lyricist(choice: dict[str, Any]) -> dict[str, Any]:
    if choice.get("base_url"):
        return {"llm_base_url": str(choice["base_url"]), "llm_model": str(choice.get("model") or "")}
    from models.installed import installed_path

    try:
        entry = find(str(choice["name"]))
    except UnknownModel:
        return {}
    path = installed_path(entry) if not entry.builtin else None
    if path is None:
        return {}
    return {"llm_gguf": path, "llm_model": entry.name, "llm_use_tools": entry.tools}
