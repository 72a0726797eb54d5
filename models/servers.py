"""Language-model servers already running on this machine (Ollama, LM Studio), found by asking them."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

logger = logging.getLogger(__name__)

OLLAMA_URL = "http://127.0.0.1:11434"
LMSTUDIO_URL = "http://127.0.0.1:1234"


@dataclass(frozen=True)
class Server:
    """A local OpenAI-compatible server and the models it offers."""

    name: str  # "ollama" or "lmstudio"
    url: str  # its root, e.g. http://127.0.0.1:11434
    models: tuple[str, ...]

    @property
    def base_url(self) -> str:
        """Its OpenAI-compatible endpoint."""
        return self.url.rstrip("/") + "/v1"


def discover(ollama: str = OLLAMA_URL, lmstudio: str = LMSTUDIO_URL, timeout: float = 0.5) -> list[Server]:
    """The servers that answer on loopback, each with its models; a server that is not running is left out."""
    found: list[Server] = []
    for name, root, path in (("ollama", ollama, "/api/tags"), ("lmstudio", lmstudio, "/v1/models")):
        if not root:
            continue
        data = _get_json(root.rstrip("/") + path, timeout)
        if data is None:
            continue
        items = data.get("models") if name == "ollama" else data.get("data")
        key = "name" if name == "ollama" else "id"
        models = tuple(str(item[key]) for item in items or [] if isinstance(item, dict) and item.get(key))
        found.append(Server(name, root.rstrip("/"), models))
    return found


def _get_json(url: str, timeout: float) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback URLs from the settings
            data = json.loads(response.read(1_000_000))
    except (OSError, ValueError, urllib.error.URLError):
        return None
    return data if isinstance(data, dict) else None
