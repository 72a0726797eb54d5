"""Where pulled models live: the standard Hugging Face cache, read from the environment when asked."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_ENDPOINT = "https://huggingface.co"
# Set beside HF_HUB_OFFLINE=1 when cowriter set it as a guard (so nothing downloads by accident),
# as opposed to the musician asking for offline work.
GUARD = "COWRITER_HUB_GUARD"
_TRUE = {"1", "on", "yes", "true"}


def hub_cache() -> Path:
    """The Hugging Face hub cache: HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub.

    Read at each call (the library reads these once, at import), so a changed HF_HOME counts.
    """
    explicit = os.environ.get("HF_HUB_CACHE")
    if explicit:
        return Path(os.path.expandvars(explicit)).expanduser()
    home = os.environ.get("HF_HOME") or os.path.join(os.environ.get("XDG_CACHE_HOME") or "~/.cache", "huggingface")
    return Path(os.path.expandvars(home)).expanduser() / "hub"


def endpoint() -> str:
    """The hub to pull from: HF_ENDPOINT (a mirror, or a stand-in) or the Hugging Face Hub."""
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def guard_offline() -> None:
    """Set HF_HUB_OFFLINE=1 for this process unless the musician set it, marking it as cowriter's guard."""
    if "HF_HUB_OFFLINE" not in os.environ and "TRANSFORMERS_OFFLINE" not in os.environ:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ[GUARD] = "1"


def offline_by_choice() -> bool:
    """True when the musician asked for offline work (HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE), not cowriter's guard."""
    asked = any(
        (os.environ.get(name) or "").strip().casefold() in _TRUE for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )
    return asked and os.environ.get(GUARD) != "1"
