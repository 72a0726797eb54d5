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

from agent import truth
from agent.commands import to_slash
from agent.intents import Intent, IntentError
from agent.llm import call_llm, sanitize_messages
from agent.llm_server import LLMUnavailable
from agent.settings import Settings
from agent.slash import HELP_TEXT, parse_slash
from agent.understand import NO_CHANGE_ASKED, NO_QUESTION_ASKED, Understanding, understand
from music.describe import describe
from music.errors import CowriterError
from prompts import load_prompt
from tools.context import ToolContext, ToolResult
from tools.registry import TOOLS, BadToolCall, call_tool
from tools.songwriting import Lyricist

logger = logging.getLogger(__name__)

# Tools that read the musician's disk where they point; the model may not call them.
MUSICIAN_ONLY = frozenset({"learn_style"})
CHAT_TOKENS = 160  # a chat reply is a few sentences; the tools say what changed
HISTORY_MESSAGES = 12
RESET = "__reset__"
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
    options: Annotated[list[str], _turn_list]
    hints: list[str]
    intents: list[dict[str, Any]]
    last_changes: list[dict[str, Any]]  # what the last acting turn changed: "same for the bridge" makes it again
    said: str
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
    """Slash commands and understood requests go straight to tools; unclear ones are asked about; the rest to the LLM."""
    text = _last_human(state).strip()
    if text.startswith("/"):
        try:
            intent = parse_slash(text)
        except IntentError as err:
            return Command(goto=FINISH, update={"messages": [AIMessage(content=str(err))], "error": True})
        return Command(goto="act", update=_intents([intent]))
    song = _song(runtime.context)
    try:
        previous = tuple(Intent(i["tool"], dict(i["args"])) for i in state.get("last_changes") or [])
        understood = understand(text, song, previous)
    except CowriterError:
        logger.info("could not read %r", text, exc_info=True)
        understood = Understanding()
    if understood.intents:
        return Command(goto="act", update=_intents(list(understood.intents), _aside(understood, runtime.context)))
    if understood.clarify is not None:
        return Command(goto=FINISH, update=_clarifying(understood, runtime.context))
    if understood.social and "chat" not in understood.social:
        reply = _aside(understood, runtime.context) or _unchanged(runtime.context)
        return Command(goto=FINISH, update={"messages": [AIMessage(content=reply)], "error": False})
    return Command(goto="recall", update={"rounds": 0, "intents": [], "hints": _commands(understood.hints)})


def _commands(found: tuple[Intent, ...]) -> list[str]:
    commands = []
    for intent in found:
        try:
            commands.append(to_slash(intent))
        except ValueError:
            continue
    return commands


def _intents(found: list[Intent], said: str = "") -> dict[str, Any]:
    return {"rounds": 0, "intents": [{"tool": i.tool, "args": dict(i.args)} for i in found], "said": said}


def _unchanged(ctx: AgentContext) -> str:
    head = ctx.tools.store.head(ctx.tools.project)
    return f"The song stays at version {head.number}." if head is not None else "There is no song yet."


def _aside(understood: Understanding, ctx: AgentContext) -> str:
    """What the turn says about the parts that change nothing: what it leaves alone, thanks for praise."""
    parts = []
    if "leave" in understood.social:
        song = _song(ctx)
        labels = _labels(song, understood.left_alone) if song is not None and understood.left_alone else "it"
        parts.append(f"I'll leave {labels} as {'they are' if ', ' in labels or ' and ' in labels else 'it is'}.")
    if "praise" in understood.social:
        parts.append("Glad it works.")
    if parts and not understood.intents:
        parts.append(f"Nothing changed; {_unchanged(ctx)[0].lower()}{_unchanged(ctx)[1:]}")
    return " ".join(parts)


def _labels(song: Any, names: tuple[str, ...]) -> str:
    found: list[str] = []
    for name in names:
        try:
            indices = range(len(song.sections)) if name == "whole song" else song.find(name)
        except CowriterError:
            continue
        found.extend(song.sections[i].label for i in indices if song.sections[i].label not in found)
    if not found:
        return "it"
    return found[0] if len(found) == 1 else f"{', '.join(found[:-1])} and {found[-1]}"


def _clarifying(understood: Understanding, ctx: AgentContext) -> dict[str, Any]:
    """A question back, offering the likely readings as commands; nothing changes."""
    question = understood.clarify
    assert question is not None  # route only comes here with a question  # noqa: S101
    options = []
    for option in question.options:
        try:
            options.append(to_slash(option))
        except ValueError:
            continue
    asked = question.said.strip().rstrip(".!?")
    if options and question.missing == NO_CHANGE_ASKED:
        reply = f"I take \"{asked}\" as no change asked for. If you did want one: {' or '.join(options)}."
    elif options and question.missing == NO_QUESTION_ASKED:
        reply = f"I take \"{asked}\" as no question asked. If you did want to know: {' or '.join(options)}."
    elif options:
        reply = f"I'm not sure what you mean by \"{asked}\". Did you mean {' or '.join(options)}?"
    else:
        needed = f" ({question.missing})" if question.missing else ""
        reply = f"I'm not sure what you mean by \"{asked}\"{needed}; say it another way, or type /help."
    reply += f" Nothing changed; {_unchanged(ctx)[0].lower()}{_unchanged(ctx)[1:]}"
    return {"messages": [AIMessage(content=reply)], "options": options, "error": False}


def act(state: AgentState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Run the understood intents' tools in order, and reply with their musical summaries."""
    ctx = runtime.context
    said: list[str] = []
    steps: list[dict[str, Any]] = []
    produced: dict[str, list[str]] = {"audio": [], "files": []}
    failed = False
    made: list[int] = []
    offers: list[str] = []
    for intent in state.get("intents") or []:
        name, args = str(intent.get("tool", "")), dict(intent.get("args", {}))
        info = _information(name, ctx)
        if info is not None:
            said.append(info)
            steps.append(_step(name, args, info, True))
            continue
        try:
            result = call_tool(ctx.tools, name, args, **ctx.injected(name))
        except (CowriterError, ValueError) as err:
            said.append(str(err))
            steps.append(_step(name, args, str(err), False))
            failed = True
            continue
        said.append(result.summary)
        steps.append(_step(name, args, result.summary, True) | {"changed": result.changed})
        for tool, offered in result.offers:
            try:
                offers.append(to_slash(Intent(tool, offered)))
            except ValueError:
                logger.info("no command offers %s %s", tool, offered)
        if result.version is not None and result.changed:
            made.append(result.version.number)
        for key, value in _result_update(result).items():
            produced[key].extend(value)
    if len(made) > 1:
        said.insert(0, f"{len(made)} changes, one version each (versions {made[0]} to {made[-1]}):")
    if state.get("said"):
        said.append(str(state["said"]))
    done = [{"tool": s["tool"], "args": s["args"]} for s in steps if s["ok"] and s.get("changed")]
    return {"messages": [AIMessage(content="\n".join(said))], "steps": steps, "intents": [], "options": offers[:3],
            "error": failed and not made, "last_changes": done} | produced


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
        model: Any = ctx.chat_model()
        tools_allowed = ctx.settings.llm_use_tools and state.get("rounds", 0) < ctx.settings.max_tool_rounds
        if tools_allowed:
            model = model.bind_tools([spec.json_schema() for spec in TOOLS.values()])
        answer = call_llm(model.bind(max_tokens=CHAT_TOKENS), [SystemMessage(content=system), *history],
                          max_chars=ctx.settings.max_reply_chars)
    except LLMUnavailable as err:
        return Command(goto=FINISH, update={"messages": [AIMessage(content=str(err))], "error": True})
    if answer.tool_calls and tools_allowed:
        # Calls past the limit are never run; one is kept so the model hears of the limit, the rest are not stored.
        kept = answer.tool_calls[: ctx.settings.max_tool_calls + 1]
        return Command(goto="tools", update={"messages": [answer.model_copy(update={"tool_calls": kept})]})
    text = str(answer.content).strip()
    changed = any(s.get("ok") and s.get("changed") for s in state.get("steps", []))
    if state.get("steps") and changed:
        text = _with_summaries(state, truth.without_claims(text)[0])
    else:
        head = ctx.tools.store.head(ctx.tools.project)
        hints = tuple(state.get("hints") or ())
        honest = truth.honest_reply(text, head.number if head else None, hints)
        text = _with_summaries(state, honest) if text else "I'm not sure what to do with that; try /help for what I can do."
        if hints and honest.startswith("Nothing changed"):
            return Command(goto=FINISH, update={"messages": [AIMessage(content=text)], "error": False,
                                                "options": list(hints)})
    return Command(goto=FINISH, update={"messages": [AIMessage(content=text)], "error": False})


def run_tools(state: AgentState, runtime: Runtime[AgentContext]) -> Command[Literal["think"]]:
    """Run the model's tool calls; invalid ones return their error to the model, changing nothing."""
    ctx = runtime.context
    call = state["messages"][-1]
    assert isinstance(call, AIMessage)  # think only routes here with an AIMessage  # noqa: S101
    replies: list[ToolMessage] = []
    steps: list[dict[str, Any]] = []
    produced: dict[str, list[str]] = {"audio": [], "files": []}
    most = ctx.settings.max_tool_calls  # a model that answers with fifty calls gets this many run, a sentence for the rest
    for number, tool_call in enumerate(call.tool_calls):
        name, args = tool_call["name"], tool_call.get("args") or {}
        refused = (f"Not run: at most {most} tool calls are run in one reply." if number >= most
                   else f"Not run: {name} runs only when the musician asks for it." if name in MUSICIAN_ONLY else None)
        if refused is not None:
            replies.append(ToolMessage(content=refused, tool_call_id=tool_call["id"] or name, name=name))
            continue
        try:
            result = call_tool(ctx.tools, name, args, **ctx.injected(name))
        except (BadToolCall, CowriterError, ValueError) as err:
            content, ok = f"Error: {err}", False
        else:
            content, ok = result.summary, True
            for key, value in _result_update(result).items():
                produced[key].extend(value)
        replies.append(ToolMessage(content=content, tool_call_id=tool_call["id"] or name, name=name))
        steps.append(_step(name, args, content, ok) | {"changed": ok and result.changed})
    return Command(goto="think", update={"messages": replies, "steps": steps, "rounds": state.get("rounds", 0) + 1,
                                         **produced})


def _recent(messages: list[AnyMessage]) -> list[AnyMessage]:
    """The last few messages, never starting with an orphan tool result."""
    asked = max((i for i, m in enumerate(messages) if isinstance(m, HumanMessage)), default=0)
    # The musician's last message always stays in view, however many tool results came after it.
    recent = messages[min(asked, max(0, len(messages) - HISTORY_MESSAGES)):]
    while recent and isinstance(recent[0], ToolMessage):
        recent = recent[1:]
    return recent


def _with_summaries(state: AgentState, text: str) -> str:
    """The model's reply, preceded by what the tools really did (never left to the model to tell)."""
    done = [s["result"] for s in state.get("steps", []) if s.get("ok")]
    return "\n".join([*done, text]) if done else text


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
