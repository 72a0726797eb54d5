"""The agent loop as a LangGraph graph: route a message to a tool, or to the LLM with recall."""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypedDict

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, SystemMessage, ToolMessage
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages
from langgraph.runtime import Runtime
from langgraph.types import Command

from agent.intents import Intent, IntentError
from agent.llm import call_llm, sanitize_messages
from agent.llm_server import LLMUnavailable
from agent.parser import parse_request
from agent.settings import Settings
from agent.slash import HELP_TEXT, parse_slash
from music.describe import describe
from music.errors import CowriterError
from prompts import load_prompt
from tools.context import ToolContext, ToolResult
from tools.registry import TOOLS, BadToolCall, call_tool
from tools.songwriting import Lyricist

logger = logging.getLogger(__name__)

MAX_TOOL_ROUNDS = 3
HISTORY_MESSAGES = 12
RESET = "__reset__"
_QUOTED_SUMMARY = 20  # characters of an earlier change's summary that count as quoting it
FINISH: Literal["__end__"] = "__end__"  # END, typed for Command


def _turn_list(old: list[Any] | None, new: list[Any] | str | None) -> list[Any]:
    """Reducer for per-turn lists: RESET empties them at the start of a turn, lists append."""
    if new == RESET or new is None:
        return []
    return [*(old or []), *new]


class AgentState(TypedDict, total=False):
    """What the graph keeps per project: the conversation, plus what this turn did."""

    messages: Annotated[list[AnyMessage], add_messages]
    steps: Annotated[list[dict[str, Any]], _turn_list]
    audio: Annotated[list[str], _turn_list]
    files: Annotated[list[str], _turn_list]
    intent: dict[str, Any] | None
    memories: list[str]
    error: bool
    rounds: int


@dataclass
class AgentContext:
    """Run-scoped dependencies for the nodes; the LLM never sees them."""

    tools: ToolContext
    settings: Settings
    chat_model: Callable[[], BaseChatModel]
    lyricist: Lyricist
    # MusicGen is heavy: only tools that take an `engine` ask for it, and only then is it found.
    musicgen: Callable[[], Any] = lambda: None
    cancel: threading.Event = field(default_factory=threading.Event)

    def injected(self, tool: str) -> dict[str, Any]:
        """What the agent hands a tool besides the model's arguments."""
        extra: dict[str, Any] = {"lyricist": self.lyricist, "cancel": self.cancel}
        spec = TOOLS.get(tool)
        if spec is not None and "engine" in inspect.signature(spec.function).parameters:
            extra["engine"] = self.musicgen()
        return extra


def _last_human(state: AgentState) -> str:
    for message in reversed(state.get("messages", [])):
        if isinstance(message, HumanMessage):
            return str(message.content)
    return ""


def _song(ctx: AgentContext) -> Any:
    head = ctx.tools.store.head(ctx.tools.project)
    return head.song if head is not None else None


def _step(name: str, args: dict[str, Any], result: str, ok: bool) -> dict[str, Any]:
    return {"tool": name, "args": args, "result": result, "ok": ok}


def _result_update(result: ToolResult) -> dict[str, Any]:
    return {"audio": [str(p) for p in result.audio], "files": [str(p) for p in result.files]}


# -- nodes ------------------------------------------------------------------------------


def route(state: AgentState, runtime: Runtime[AgentContext]) -> Command[Literal["act", "recall", "__end__"]]:
    """Slash commands and confidently parsed requests go straight to a tool; the rest to the LLM."""
    text = _last_human(state).strip()
    intent: Intent | None
    if text.startswith("/"):
        try:
            intent = parse_slash(text)
        except IntentError as err:
            return Command(goto=FINISH, update={"messages": [AIMessage(content=str(err))], "error": True})
        return Command(goto="act", update=_intent(intent))
    try:
        intent = parse_request(text, _song(runtime.context))
    except CowriterError:
        intent = None
    if intent is not None:
        return Command(goto="act", update=_intent(intent))
    return Command(goto="recall", update={"rounds": 0, "intent": None})


def _intent(intent: Intent) -> dict[str, Any]:
    return {"rounds": 0, "intent": {"tool": intent.tool, "args": dict(intent.args)}}


def act(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Run the parsed intent's tool directly, and reply with its musical summary."""
    intent = state.get("intent") or {}
    name, args = str(intent.get("tool", "")), dict(intent.get("args", {}))
    ctx = runtime.context
    info = _information(name, ctx)
    if info is not None:
        return {"messages": [AIMessage(content=info)], "intent": None, "error": False}
    try:
        result = call_tool(ctx.tools, name, args, **ctx.injected(name))
    except (CowriterError, ValueError) as err:
        return {"messages": [AIMessage(content=str(err))], "steps": [_step(name, args, str(err), False)],
                "intent": None, "error": True}
    return {"messages": [AIMessage(content=result.summary)], "steps": [_step(name, args, result.summary, True)],
            "intent": None, "error": False} | _result_update(result)


def _information(name: str, ctx: AgentContext) -> str | None:
    """Answers that read the project without changing it."""
    if name == "help":
        return HELP_TEXT
    if name == "show_sheet":
        song = _song(ctx)
        return describe(song) if song is not None else "There is no song yet; describe one to start."
    if name == "versions":
        versions = ctx.tools.store.versions(ctx.tools.project)
        head = ctx.tools.store.head(ctx.tools.project)
        if not versions:
            return "There are no versions yet."
        marks = [f"{'▶' if head and v.id == head.id else ' '} v{v.number} {v.action}: {v.summary}" for v in versions]
        return "\n".join(marks)
    return None


def recall(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Fetch the memories most relevant to this message (preferences, decisions, versions)."""
    memory = runtime.context.tools.memory
    if memory is None:
        return {"memories": []}
    try:
        found = memory.recall(runtime.context.tools.project, _last_human(state), k=4)
    except Exception:  # recall helps the model; a failure must not cost the turn
        logger.warning("recall failed", exc_info=True)
        return {"memories": []}
    return {"memories": [f"({m.kind}) {m.text}" for m in found]}


def think(state: AgentState, runtime: Runtime[AgentContext]) -> Command[Literal["tools", "__end__"]]:
    """Ask the LLM, with the song sheet and recalled memories; it may call tools if allowed."""
    ctx = runtime.context
    song = _song(ctx)
    system = load_prompt(
        "system",
        sheet=describe(song) if song is not None else "(no song yet)",
        memories="\n".join(f"- {m}" for m in state.get("memories", [])) or "(nothing yet)",
    )
    history = sanitize_messages(_recent(state.get("messages", [])))
    try:
        model = ctx.chat_model()
        if ctx.settings.llm_use_tools and state.get("rounds", 0) < MAX_TOOL_ROUNDS:
            model = model.bind_tools([spec.json_schema() for spec in TOOLS.values()])  # type: ignore[assignment]
        answer = call_llm(model, [SystemMessage(content=system), *history])
    except LLMUnavailable as err:
        return Command(goto=FINISH, update={"messages": [AIMessage(content=str(err))], "error": True})
    if answer.tool_calls and ctx.settings.llm_use_tools:
        return Command(goto="tools", update={"messages": [answer]})
    text = str(answer.content).strip() or "I'm not sure what to do with that; try /help for what I can do."
    text = _with_summaries(state, text) if state.get("steps") else _without_borrowed_changes(ctx, text)
    return Command(goto=FINISH, update={"messages": [AIMessage(content=text)], "error": False})


def run_tools(state: AgentState, runtime: Runtime[AgentContext]) -> Command[Literal["think"]]:
    """Run the model's tool calls; invalid ones return their error to the model, changing nothing."""
    ctx = runtime.context
    call = state["messages"][-1]
    assert isinstance(call, AIMessage)  # think only routes here with an AIMessage  # noqa: S101
    replies: list[ToolMessage] = []
    steps: list[dict[str, Any]] = []
    produced: dict[str, list[str]] = {"audio": [], "files": []}
    for tool_call in call.tool_calls:
        name, args = tool_call["name"], tool_call.get("args") or {}
        try:
            result = call_tool(ctx.tools, name, args, **ctx.injected(name))
        except (BadToolCall, CowriterError, ValueError) as err:
            content, ok = f"Error: {err}", False
        else:
            content, ok = result.summary, True
            for key, value in _result_update(result).items():
                produced[key].extend(value)
        replies.append(ToolMessage(content=content, tool_call_id=tool_call["id"] or name, name=name))
        steps.append(_step(name, args, content, ok))
    return Command(goto="think", update={"messages": replies, "steps": steps, "rounds": state.get("rounds", 0) + 1,
                                         **produced})


def _recent(messages: list[AnyMessage]) -> list[AnyMessage]:
    """The last few messages, never starting with an orphan tool result."""
    recent = messages[-HISTORY_MESSAGES:]
    while recent and isinstance(recent[0], ToolMessage):
        recent = recent[1:]
    return recent


def _with_summaries(state: AgentState, text: str) -> str:
    """The model's reply, preceded by what the tools really did (never left to the model to tell)."""
    done = [s["result"] for s in state.get("steps", []) if s.get("ok")]
    return "\n".join([*done, text]) if done else text


def _without_borrowed_changes(ctx: AgentContext, text: str) -> str:
    """The model's reply, said plainly to have changed nothing when it repeats an earlier change as if new.

    A small model may answer a request it cannot map to a tool by quoting the summary of a
    change made turns ago; the musician would take that for a new version.
    """
    head = ctx.tools.store.head(ctx.tools.project)
    if head is None:
        return text
    earlier = {part.strip() for v in ctx.tools.store.versions(ctx.tools.project) for part in v.summary.split("; ")}
    if not any(len(part) >= _QUOTED_SUMMARY and part in text for part in earlier):
        return text
    logger.info("the model quoted an earlier change without making one; saying nothing changed")
    return f"Nothing changed: the song is still at version {head.number}. {text}"


# -- the graph ---------------------------------------------------------------------------


def build_graph(checkpointer: Any = None) -> Any:
    """Compile the agent graph; `checkpointer` persists each project's thread."""
    graph = StateGraph(AgentState, context_schema=AgentContext)
    graph.add_node("route", route)  # slash command / parsed request / conversation
    graph.add_node("act", act)  # run a parsed intent's tool directly
    graph.add_node("recall", recall)  # semantic memories for the LLM's context
    graph.add_node("think", think)  # the LLM answers, maybe with tool calls
    graph.add_node("tools", run_tools)  # validated tool calls, errors back to the model
    graph.add_edge(START, "route")
    graph.add_edge("act", END)
    graph.add_edge("recall", "think")
    return graph.compile(checkpointer=checkpointer)
