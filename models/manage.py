"""What `cowriter models` and the page's Models panel do: list, use and remove, in the musician's words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from models.active import active_name, choose
from models.catalogue import BUILTIN, CATALOGUE, Entry, UnknownModel, find, size_text
from models.installed import installed_path, part_pulled, remove, size_on_disk
from models.machine import Machine, fit
from models.pull import PullError
from models.servers import Server


@dataclass(frozen=True)
class Row:
    """One line of the models list."""

    name: str
    kind: str  # "lyricist" or "musicgen"
    status: str  # "built in", "installed", "part-pulled", "available", "on ollama", "on lmstudio"
    size: str  # on disk when installed, else the download
    where: str  # a path or a server URL; "" when not here
    active: bool
    fit: str
    improves: str
    licence: str

    @property
    def installed(self) -> bool:
        """True when it can be used now."""
        return self.status in ("built in", "installed") or self.status.startswith("on ")


def listing(home: Path, machine: Machine, servers: list[Server]) -> list[Row]:
    """Every catalogue model (installed or to pull) and every model a local server offers, with the active ones marked."""
    lyricist, musicgen = active_name(home, "lyricist"), active_name(home, "musicgen")
    rows = []
    for entry in CATALOGUE:
        path = installed_path(entry)
        status = (
            "built in"
            if entry.builtin
            else "installed"
            if path
            else "part-pulled"
            if part_pulled(entry)
            else "available"
        )
        size = (
            size_text(size_on_disk(entry)) if path else ("about " if entry.approximate else "") + size_text(entry.size)
        )
        active = entry.name == (lyricist if entry.kind == "lyricist" else musicgen) and path is not None
        rows.append(Row(entry.name, entry.kind, status, size, str(path or ""), active, fit(entry, machine),
                        entry.improves, entry.licence))  # fmt: skip
    for server in servers:
        for model in server.models:
            name = f"{server.name}:{model}"
            rows.append(Row(name, "lyricist", f"on {server.name}", "", server.base_url, name == lyricist,
                            "served by " + server.name, "a model you run in " + server.name, "see " + server.name))  # fmt: skip
    return rows


def use(home: Path, name: str, servers: list[Server]) -> str:
    """Make a model the active one of its kind and say so in one sentence.

    Raises:
        UnknownModel: For a name neither in the catalogue nor offered by a running server.
        PullError: For a catalogue model that is not pulled yet.
    """
    if ":" in name:
        server_name, _, model = name.partition(":")
        server = next((s for s in servers if s.name == server_name.strip().casefold()), None)
        if server is None:
            raise UnknownModel(f"No {server_name} server answers on this machine; start it and try again.")
        if model not in server.models:
            offered = ", ".join(server.models) or "no models"
            raise UnknownModel(f"{server.name} offers no model called '{model}' (it has {offered}).")
        choose(home, "lyricist", {"name": f"{server.name}:{model}", "base_url": server.base_url, "model": model})
        return f"Lyrics and chat now come from {model} on {server.name} ({server.base_url})."
    entry = find(name)
    if entry.builtin:
        choose(home, "lyricist", None)
        return f"Lyrics and chat now come from the built-in {entry.name}."
    if installed_path(entry) is None:
        raise PullError(f"{entry.name} is not on this machine yet; `cowriter models pull {entry.name}` fetches it "
                        f"({size_text(entry.size)}).")  # fmt: skip
    choose(home, entry.kind, {"name": entry.name})
    return _using(entry)


def remove_model(home: Path, name: str) -> str:
    """Delete a pulled model; the active one of its kind falls back to the default. One sentence back."""
    entry = find(name)
    freed = remove(entry)
    was_active = active_name(home, entry.kind) == entry.name
    if was_active:
        choose(home, entry.kind, None)
    back = (f"; lyrics come from the built-in {BUILTIN} again" if entry.kind == "lyricist"
            else "; /generate needs another MusicGen model now") if was_active else ""  # fmt: skip
    return f"Removed {entry.name} ({size_text(freed)} freed){back}."


def _using(entry: Entry) -> str:
    if entry.kind == "musicgen":
        return f"MusicGen takes now come from {entry.name}."
    tools = " It chooses tools itself." if entry.tools else ""
    return f"Lyrics and chat now come from {entry.name}.{tools}"


__all__ = ["Row", "UnknownModel", "listing", "remove_model", "use"]
