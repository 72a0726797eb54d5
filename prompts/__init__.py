"""What the agent is told: Markdown prompts shipped with the package, filled by name.

Slots are written `$name` (or `${name}` when letters follow); `$$` is a literal dollar sign.
Braces carry no meaning, so JSON examples inside a prompt need no escaping.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from string import Template

from music.errors import CowriterError

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class PromptError(CowriterError, KeyError):
    """A prompt that does not exist, or slots that do not match the prompt's placeholders."""

    def __str__(self) -> str:
        # KeyError would show its argument quoted; the message is meant to be read as is.
        return str(self.args[0]) if self.args else ""


@cache
def _template(name: str) -> Template:
    if not _NAME.match(name):
        raise PromptError(f"'{name}' is not a prompt name; use lower-case letters, digits and underscores.")
    source = resources.files(__name__).joinpath(f"{name}.md")
    if not source.is_file():
        raise PromptError(f"There is no prompt called '{name}'; the prompts are {', '.join(available_prompts())}.")
    template = Template(source.read_text(encoding="utf-8"))
    if not template.is_valid():
        raise PromptError(f"The prompt '{name}' has a stray $ sign; write $$ for a dollar sign.")
    return template


def available_prompts() -> tuple[str, ...]:
    """Names of the prompts shipped with cowriter, sorted.

    Returns:
        The file names in this package without their `.md` ending.
    """
    folder = resources.files(__name__)
    return tuple(sorted(item.name[:-3] for item in folder.iterdir() if item.name.endswith(".md")))


def prompt_slots(name: str) -> frozenset[str]:
    """The slots a prompt expects.

    Args:
        name: Prompt name, the file name without `.md`.

    Returns:
        The placeholder names found in the prompt.

    Raises:
        PromptError: If there is no such prompt.
    """
    return frozenset(_template(name).get_identifiers())


def load_prompt(name: str, **slots: str) -> str:
    """Read a prompt and fill every one of its slots.

    Args:
        name: Prompt name, the file name without `.md` (e.g. "system", "lyrics").
        **slots: One text value per `$slot` in the prompt, no more and no fewer.

    Returns:
        The prompt text with every slot filled.

    Raises:
        PromptError: If the prompt does not exist, a slot is left unfilled, or a value
            is given for a slot the prompt does not have.
    """
    template = _template(name)
    expected = set(template.get_identifiers())
    missing = sorted(expected - slots.keys())
    extra = sorted(slots.keys() - expected)
    if missing:
        raise PromptError(f"The prompt '{name}' needs a value for {_listed(missing)}.")
    if extra:
        raise PromptError(f"The prompt '{name}' has no slot called {_listed(extra)}.")
    return template.substitute({key: str(value) for key, value in slots.items()})


def _listed(names: list[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]
