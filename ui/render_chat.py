"""Turns and stored transcripts as Gradio chat messages: tool steps, replies, audio players, files."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.session import Step, Turn
    from memory.store import ChatEntry

logger = logging.getLogger(__name__)

Message = dict[str, Any]

# How many characters of a tool's arguments to show beside its title before cutting.
_ARGS_WIDTH = 80


def user_message(text: str) -> Message:
    """The musician's own message."""
    return {"role": "user", "content": text}


def step_message(tool: str, args: Mapping[str, Any], result: str, ok: bool) -> Message:
    """One tool use as a collapsed step: the tool's name as title, its arguments beside, its result inside."""
    metadata: dict[str, Any] = {"title": f"{'🛠' if ok else '⚠️'} {tool}", "status": "done"}
    shown = _args_line(args)
    if shown:
        metadata["log"] = shown
    return {"role": "assistant", "content": result or "(no result)", "metadata": metadata}


def reply_messages(
    reply: str,
    steps: Iterable[Step | Mapping[str, Any]] = (),
    audio: Iterable[Path | str] = (),
    files: Iterable[Path | str] = (),
    error: bool = False,
) -> list[Message]:
    """The assistant's side of one turn: its steps, the reply text, then audio players and downloads.

    Args:
        reply: Markdown text of the reply.
        steps: Tool uses, as `Step` objects or the dicts a transcript stores.
        audio: WAV files to play inline.
        files: Files to offer as downloads.
        error: True when the reply is a plain-sentence error; it is marked so the musician sees it.

    Returns:
        Chat messages in Gradio's messages format.
    """
    messages = [step_message(**_step_fields(step)) for step in steps]
    text = reply.strip()
    if text:
        messages.append({"role": "assistant", "content": f"⚠️ {text}" if error else text})
    for path in _existing(audio):
        messages.append({"role": "assistant", "content": audio_player(path)})
    for path in _existing(files):
        messages.append({"role": "assistant", "content": {"path": str(path), "orig_name": path.name}})
    return messages


def turn_messages(turn: Turn) -> list[Message]:
    """The assistant's messages for a fresh turn."""
    return reply_messages(turn.reply, turn.steps, turn.audio, turn.files, turn.error)


def transcript_messages(entries: Sequence[ChatEntry]) -> list[Message]:
    """A stored conversation as the chat shows it again, audio players included.

    Audio or files that were removed from disk since are left out rather than shown broken.
    """
    messages: list[Message] = []
    for entry in entries:
        if entry.role == "user":
            messages.append(user_message(entry.text))
        elif entry.role == "assistant":
            extra = entry.extra or {}
            messages.extend(
                reply_messages(
                    entry.text,
                    extra.get("steps") or (),
                    extra.get("audio") or (),
                    extra.get("files") or (),
                    bool(extra.get("error", False)),
                )
            )
    return messages


def latest_audio(entries: Sequence[ChatEntry]) -> Path | None:
    """The last audio file a reply played that is still on disk, for the 'Now playing' player."""
    for entry in reversed(entries):
        found = list(_existing((entry.extra or {}).get("audio") or ()))
        if found:
            return found[-1]
    return None


def offered_commands(entries: Sequence[ChatEntry]) -> list[str]:
    """The commands cowriter offered in its last reply, when it asked what the musician meant."""
    for entry in reversed(entries):
        if entry.role == "assistant":
            return [str(o) for o in (entry.extra or {}).get("options") or ()]
    return []


def audio_player(path: Path) -> Any:
    """An inline audio player for one WAV, labelled with its file name."""
    import gradio as gr

    return gr.Audio(value=str(path), label=_audio_label(path), show_label=True, interactive=False, buttons=["download"])


def _audio_label(path: Path) -> str:
    # Renders are content-addressed blobs; their names carry no meaning for a musician.
    name = path.stem
    return name if not _looks_like_hash(name) else "Listen"


def _looks_like_hash(name: str) -> bool:
    return len(name) >= 16 and all(c in "0123456789abcdef" for c in name.lower())


def _step_fields(step: Step | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(step, Mapping):
        return {
            "tool": str(step.get("tool", "tool")),
            "args": dict(step.get("args") or {}),
            "result": str(step.get("result", "")),
            "ok": bool(step.get("ok", True)),
        }
    return {"tool": step.tool, "args": dict(step.args), "result": step.result, "ok": step.ok}


def _args_line(args: Mapping[str, Any]) -> str:
    text = ", ".join(f"{key}={_short(value)}" for key, value in args.items())
    return text if len(text) <= _ARGS_WIDTH else text[: _ARGS_WIDTH - 1] + "…"


def _short(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    return str(value)


def _existing(paths: Iterable[Path | str]) -> Iterable[Path]:
    for item in paths:
        path = Path(item)
        if path.is_file():
            yield path
        else:
            logger.info("left out %s from the chat: the file is gone", path)
