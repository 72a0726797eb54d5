"""An intent written back as the slash command that runs it: the options offered when cowriter asks."""

from __future__ import annotations

from typing import Any

from agent import intents
from agent.intents import Intent

_DIRECTION_COMMANDS = {
    "brighter": "/brighter {s}", "darker": "/darker {s}", "more energy": "/energy {s} up", "calmer": "/calm {s}",
    "more tension": "/tension {s}", "resolve": "/resolve {s}", "simpler": "/simpler {s}", "richer": "/richer {s}",
}  # fmt: skip


def _name(section: Any) -> str:
    """A section as a command writes it: "all" for the whole song, quoted when it has spaces."""
    text = str(section)
    if text == "whole song":
        return "all"
    return f'"{text}"' if " " in text else text


def _quoted(text: str) -> str:
    return f'"{text}"' if " " in text else text


def _number(value: Any) -> str:
    return f"{float(value):g}"


def to_slash(intent: Intent) -> str:
    """The slash command that runs `intent`, e.g. '/energy chorus up' or '/key "last chorus" +2'.

    Raises:
        ValueError: If no command runs this tool.
    """
    a = intent.args
    tool = intent.tool
    s = _name(a.get("section")) if a.get("section") is not None else ""
    simple = {
        intents.UNDO: "/undo", intents.REDO: "/redo", intents.VERSIONS: "/versions", intents.SHOW_SHEET: "/sheet",
        intents.HELP: "/help", intents.LIST_PREFERENCES: "/preferences",
    }  # fmt: skip
    if tool in simple:
        return simple[tool]
    writers = {
        intents.REVISE_SECTION: lambda: _DIRECTION_COMMANDS[a["direction"]].format(s=s),
        intents.REHARMONIZE: lambda: f"/reharm {s} {a['style']}",
        intents.SET_CHORDS: lambda: f'/chords {s} "{a["chart"]}"',
        intents.CHANGE_KEY: lambda: f"/key {s} {int(a['semitones']):+d}",
        intents.SET_TEMPO: lambda: f"/tempo {_number(a['bpm'])}" + (f" {s}" if s else ""),
        intents.SET_METER: lambda: f"/meter {a['time_signature']}",
        intents.SET_BARS: lambda: f"/bars {s} {a['bars']}",
        intents.SET_CYMBAL: lambda: f"/cymbal {s} {a['cymbal']}",
        intents.ADD_SECTION: lambda: " ".join(
            part for part in ("/add", a["kind"], f"after {_name(a['after'])}" if a.get("after") else "",
                              str(a["bars"]) if a.get("bars") else "") if part),  # fmt: skip
        intents.REMOVE_SECTION: lambda: f"/remove {s}",
        intents.MOVE_SECTION: lambda: f"/move {s} " + (f"before {_name(a['before'])}" if a.get("before")
                                                         else f"after {_name(a['after'])}"),  # fmt: skip
        intents.DOUBLE_SECTION: lambda: f"/double {s}",
        intents.WRITE_MELODY: lambda: f"/melody {s} {a.get('voice') or ''}".strip(),
        intents.ALTERNATIVE_MELODIES: lambda: " ".join(
            part for part in ("/melody", s, a.get("voice") or "", f"--takes {a.get('count', 1)}") if part),
        intents.ALTERNATIVE_PROGRESSIONS: lambda: f"/progression {s}" + (
            f" --takes {a['count']}" if a.get("count", 1) != 1 else ""),
        intents.ALTERNATIVE_PLANS: lambda: f"/plan --takes {a.get('count', 1)}",
        intents.SET_STYLE: lambda: f"/style {a['style']}",
        intents.WRITE_LYRICS: lambda: "/write " + ", ".join(_name(n) for n in a["sections"]),
        intents.SET_LYRICS: lambda: f"/lyrics {s}: " + " / ".join(a["lines"]),
        intents.REWRITE_LYRICS: lambda: " ".join(
            part for part in ("/rewrite", s, f"line {a['line']}" if a.get("line") else "", a.get("how") or "") if part),
        intents.RHYME_LINE: lambda: f"/rhyme {s} {a['line']} with {a['with_line']}",
        intents.PLAN_SONG: lambda: ("/plan-mine " if a.get("in_my_style") else "/plan ") + a["brief"],
        intents.RENDER: lambda: f"/render {s}".strip(),
        intents.GENERATE: lambda: f"/generate {s}".strip(),
        intents.EXTEND: lambda: f"/extend {_number(a['seconds'])}",
        intents.EXPORT: lambda: f"/export {a['format']}",
        intents.CHECKOUT: lambda: f"/checkout {a['version']}",
        intents.REMEMBER: lambda: f"/remember {a['text']}",
        intents.FORGET_PREFERENCE: lambda: f"/forget {a['text']}",
        intents.RECALL_IDEAS: lambda: f"/recall {a['query']}",
        intents.RHYMES: lambda: f"/rhymes {a['word']}",
        intents.CHECK_LYRICS: lambda: f"/check {s}",
        intents.ANALYZE: lambda: f"/analyze {s}".strip(),
        intents.ANSWER: lambda: " ".join(part for part in ("/ask", a["topic"], a.get("chord") or "", s,
                                                           f"version {a['version']}" if a.get("version") else "") if part),
        intents.LEARN_STYLE: lambda: f"/learn {a['folder']}",
        intents.BORROW_SECTION: lambda: (f"/borrow {_quoted(a['project'])} {a['version']} {_name(a['section'])} "
                                         f"into {_name(a['into'])}"),
    }
    writer = writers.get(tool)
    if writer is None:
        raise ValueError(f"No slash command runs {tool}.")
    return writer()
