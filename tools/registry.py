"""The tools the agent may call, by name, with their argument schemas taken from the signatures."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

import tools.questions as questions
from music.errors import CowriterError
from tools import (
    alternatives,
    analysis_tools,
    craft,
    export,
    generation,
    history,
    importing,
    lyric_tools,
    memory_tools,
    songwriting,
)
from tools.common import on_fresh_head
from tools.context import ToolContext, ToolResult

# Parameters the agent fills in itself; the LLM never sees them.
INJECTED = {"ctx", "lyricist", "engine", "cancel"}
# No musical argument comes near these (bars, semitones, versions, BPM, lines); a model that sends
# 10**30 or a novel as one argument gets a sentence back instead of reaching the tool.
MAX_NUMBER = 1_000_000
MAX_TEXT_CHARS = 20_000


class BadToolCall(CowriterError):
    """A tool call whose name or arguments are not valid; goes back to the model as text."""


@dataclass(frozen=True)
class ToolSpec:
    """One tool: its function, name, description (the docstring) and argument model."""

    name: str
    function: Callable[..., ToolResult]
    description: str
    args_model: type[BaseModel]

    def validate(self, args: dict[str, Any]) -> dict[str, Any]:
        """Checked arguments, or BadToolCall with a sentence the model can act on."""
        try:
            model = self.args_model.model_validate(args or {})
        except ValidationError as err:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}" for e in err.errors())
            raise BadToolCall(f"The arguments for {self.name} are not valid ({problems}).") from None
        checked = {name: getattr(model, name) for name in self.args_model.model_fields}
        for name, value in checked.items():
            _check_size(self.name, name, value)
        return checked

    def json_schema(self) -> dict[str, Any]:
        """The OpenAI function schema of this tool."""
        return {"name": self.name, "description": self.description, "parameters": self.args_model.model_json_schema()}


def _check_size(tool: str, name: str, value: Any) -> None:
    """BadToolCall for a number or a text far outside anything musical, at any depth of a list."""
    if isinstance(value, list | tuple):
        for item in value:
            _check_size(tool, name, item)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if value != value or abs(value) > MAX_NUMBER:  # NaN is not equal to itself
            raise BadToolCall(f"The argument {name} of {tool} is far outside any sensible value ({value!r:.20}).")
    elif isinstance(value, str) and len(value) > MAX_TEXT_CHARS:
        raise BadToolCall(f"The argument {name} of {tool} is {len(value)} characters long; {MAX_TEXT_CHARS} is the most.")


def spec_of(function: Callable[..., ToolResult]) -> ToolSpec:
    """Build a ToolSpec from a typed function: name, docstring and signature."""
    # Only the model's own arguments are resolved: injected ones may name types that are
    # imported for type checking alone (the MusicGen engine, which pulls in torch).
    namespace = vars(sys.modules[function.__module__])
    fields: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name in INJECTED:
            continue
        annotation = parameter.annotation
        if isinstance(annotation, str):
            annotation = eval(annotation, namespace)  # noqa: S307 - the tool's own annotation text
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        fields[name] = (annotation, default)
    model = create_model(f"{function.__name__}_args", __config__=ConfigDict(extra="forbid"), **fields)
    description = inspect.cleandoc(function.__doc__ or function.__name__)
    return ToolSpec(function.__name__, function, description, model)


_FUNCTIONS: tuple[Callable[..., ToolResult], ...] = (
    songwriting.plan_song,
    songwriting.write_lyrics,
    songwriting.set_lyrics,
    songwriting.revise_section,
    craft.reharmonize,
    craft.set_chords,
    craft.change_key,
    craft.set_tempo,
    craft.set_meter,
    craft.set_bars,
    craft.set_cymbal,
    craft.add_section,
    craft.remove_section,
    craft.move_section,
    craft.double_section,
    craft.write_melody,
    alternatives.alternative_melodies,
    alternatives.alternative_progressions,
    alternatives.alternative_plans,
    craft.set_style,
    analysis_tools.analyze,
    questions.answer_question,
    lyric_tools.check_lyrics,
    lyric_tools.rhymes,
    lyric_tools.rhyme_line,
    lyric_tools.rewrite_lyrics,
    analysis_tools.learn_style,
    history.render,
    history.undo,
    history.redo,
    history.checkout,
    export.export,
    memory_tools.remember,
    memory_tools.list_preferences,
    memory_tools.forget_preference,
    memory_tools.recall_ideas,
    memory_tools.borrow_section,
    importing.import_file,
    generation.generate_section,
    generation.extend,
)
TOOLS: dict[str, ToolSpec] = {spec.name: spec for spec in (spec_of(f) for f in _FUNCTIONS)}


def call_tool(ctx: ToolContext, name: str, args: dict[str, Any], **injected: Any) -> ToolResult:
    """Validate and run one tool call; BadToolCall for an unknown tool or bad arguments.

    A change that finds another writer saved first is made again on their version (see on_fresh_head).
    """
    spec = TOOLS.get(name)
    if spec is None:
        raise BadToolCall(f"There is no tool called '{name}'; the tools are {', '.join(TOOLS)}.")
    checked = spec.validate(args)
    wanted = inspect.signature(spec.function).parameters
    extra = {k: v for k, v in injected.items() if k in wanted}
    return on_fresh_head(ctx, lambda: spec.function(ctx, **checked, **extra))
