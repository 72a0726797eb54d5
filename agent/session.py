"""A musician's session on one project: send a message, get a turn back; everything persists."""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.messages import AIMessage, HumanMessage

from agent.graph import RESET, AgentContext, build_graph
from agent.llm_server import LLMUnavailable
from agent.lyrics import draft_lyrics, json_mode_for
from agent.settings import Settings
from audio.analysis import RECORDING_SUFFIXES
from audio.render import SketchRenderer
from memory.semantic import open_memory
from memory.store import ChatEntry, ProjectStore, Version
from music.errors import CowriterError
from music.words.lyric_craft import lines_for
from tools.context import Progress, ToolContext
from tools.export import FORMATS
from tools.lyricist import LyricAnswer, LyricRequest
from tools.registry import call_tool
from tools.rendering import render_version

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from agent.llm import LLMBackend
    from audio.musicgen import MusicGenEngine
    from music.song import Song

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Step:
    """One tool use in a turn, shown as a collapsible step."""

    tool: str
    args: dict[str, Any]
    result: str
    ok: bool
    changed: bool = False


@dataclass(frozen=True)
class Turn:
    """The agent's answer to one message."""

    reply: str
    steps: tuple[Step, ...] = ()
    audio: tuple[Path, ...] = ()
    files: tuple[Path, ...] = ()
    error: bool = False
    # Commands offered when cowriter asks what the musician meant ("/calm intro", "/simpler intro").
    options: tuple[str, ...] = ()


class Workspace:
    """What all projects in one data folder share: store, memory, renderer, LLM, graph."""

    def __init__(self, settings: Settings, chat_model: BaseChatModel | None = None) -> None:
        self.settings = settings
        settings.home.mkdir(parents=True, exist_ok=True)
        self.store = ProjectStore(settings.home, settings.max_upload_mb)
        self.memory = open_memory(settings.home / "chroma", host=settings.chroma_host, port=settings.chroma_port)
        self.renderer = SketchRenderer(settings.soundfont, settings.sample_rate)
        self._chat_model = chat_model
        self._backend: LLMBackend | None = None
        self._musicgen: MusicGenEngine | None = None
        self._connection = sqlite3.connect(settings.home / "agent.db", check_same_thread=False)
        from langgraph.checkpoint.sqlite import SqliteSaver

        self.graph = build_graph(SqliteSaver(self._connection))
        # One lock per project: a slow turn (a model call, a MusicGen take) holds up only its own project.
        self._locks: dict[str, threading.RLock] = {}
        self._locks_guard = threading.Lock()
        # Only one turn may start the embedded server or load MusicGen; the others wait and share it.
        self._starting = threading.Lock()

    def lock_for(self, project: str) -> threading.RLock:
        """The lock a project's turns and direct actions take, one at a time; other projects go on meanwhile."""
        with self._locks_guard:
            return self._locks.setdefault(project.casefold(), threading.RLock())

    def chat_model(self) -> BaseChatModel:
        """The LLM, started on first use (the embedded server costs a second or two).

        Asked of the backend every time, so a crashed embedded server comes back.
        """
        if self._chat_model is not None:
            return self._chat_model
        with self._starting:
            if self._backend is None:
                from agent.llm import LLMBackend

                self._backend = LLMBackend(self.settings, self.settings.home)
        return self._backend.chat_model()

    def musicgen(self) -> MusicGenEngine:
        """The MusicGen engine; MusicGenUnavailable (one sentence) when no checkpoint is here.

        Looked up again after a failure, so a checkpoint put in place later is found
        without a restart; the weights load on the first take.
        """
        with self._starting:
            if self._musicgen is None:
                from audio.musicgen import MusicGenEngine

                settings = self.settings
                self._musicgen = MusicGenEngine(
                    settings.musicgen_model,
                    device=settings.musicgen_device,
                    dtype=settings.musicgen_dtype,
                    seed=settings.musicgen_seed,
                    guidance=settings.musicgen_guidance,
                )
            return self._musicgen

    def take_up_models(self) -> tuple[str, ...]:
        """Switch to the models chosen with `cowriter models use` since this workspace started.

        A COWRITER_* setting still wins. A new lyricist stops the embedded server (or drops the
        endpoint's client): the next reply starts the chosen one. A new MusicGen model loads
        on the next take. Returns the names of the settings that changed.
        """
        from models.active import LYRICIST_SETTINGS, MUSICGEN_SETTINGS

        settings = self.settings
        fresh = settings.as_chosen_now()
        names = (*LYRICIST_SETTINGS, *MUSICGEN_SETTINGS)
        changed = tuple(n for n in names if getattr(fresh, n) != getattr(settings, n))
        if not changed:
            return ()
        with self._starting:
            for name in changed:
                settings.__dict__[name] = getattr(fresh, name)  # the sessions share this object
            if set(changed) & set(LYRICIST_SETTINGS) and self._backend is not None:
                self._backend.close()
                self._backend = None
            if set(changed) & set(MUSICGEN_SETTINGS):
                self._musicgen = None
        logger.info("took up the chosen models: %s", ", ".join(changed))
        return changed

    def close(self) -> None:
        """Stop the embedded LLM and close the databases."""
        if self._backend is not None:
            self._backend.close()
        self._connection.close()


class Session:
    """One musician working on one project."""

    def __init__(
        self,
        settings: Settings | None = None,
        project: str = "default",
        chat_model: BaseChatModel | None = None,
        workspace: Workspace | None = None,
    ) -> None:
        self.settings = settings or (workspace.settings if workspace else Settings())
        self._owns_workspace = workspace is None
        self.workspace = workspace or Workspace(self.settings, chat_model)
        self.project = self.workspace.store.ensure_project(project)
        self._cancel = threading.Event()
        self.tools = ToolContext(
            store=self.workspace.store,
            project=self.project,
            renderer=self.workspace.renderer,
            memory=self.workspace.memory,
            import_limits=self.settings.import_limits,
        )

    # -- the conversation -----------------------------------------------------------------

    def send(self, text: str, progress: Progress | None = None) -> Turn:
        """Answer one musician message (slash commands too). Musician errors come back as a Turn.

        `progress(message, fraction)` hears how long work (a render, a MusicGen take) is going.
        """
        text = text.strip()
        if not text:
            return Turn("Say something about the song, or type /help.", error=True)
        with self.workspace.lock_for(self.project):
            self._cancel.clear()
            self.workspace.take_up_models()  # a model chosen since (in the page or with `cowriter models use`)
            self.tools.progress = progress or _quiet
            self.workspace.store.append_chat(self.project, "user", text)
            turn = self._run(text)
            self.workspace.store.append_chat(self.project, "assistant", turn.reply, _extra(turn))
        return turn

    def _run(self, text: str) -> Turn:
        context = AgentContext(
            tools=self.tools,
            settings=self.settings,
            chat_model=self.workspace.chat_model,
            lyricist=self._lyricist,
            musicgen=self.workspace.musicgen,
            cancel=self._cancel,
        )
        before = self.head()
        try:
            state = self.workspace.graph.invoke(
                {"messages": [HumanMessage(content=text)], "steps": RESET, "audio": RESET, "files": RESET,
                 "options": RESET},
                config={"configurable": {"thread_id": self.project}, "recursion_limit": self.settings.recursion_limit},
                context=context,
            )
        except CowriterError as err:
            return Turn(str(err), error=True)
        except Exception:
            logger.exception("turn failed")
            after = self.head()
            kept = "your versions are unchanged" if (after and after.id) == (before and before.id) else "nothing is lost"
            return Turn(f"Something went wrong on my side with that request; {kept}.", error=True)
        reply = next((m for m in reversed(state["messages"]) if isinstance(m, AIMessage) and not m.tool_calls), None)
        return Turn(
            reply=str(reply.content) if reply is not None else "",
            steps=tuple(Step(**s) for s in state.get("steps", [])),
            audio=tuple(Path(p) for p in state.get("audio", [])),
            files=tuple(Path(p) for p in state.get("files", [])),
            error=bool(state.get("error", False)),
            options=tuple(state.get("options", [])),
        )

    def _lyricist(self, request: LyricRequest) -> LyricAnswer:
        """Draft a section's lines (or one of them) with the LLM; no lines and a question when no draft holds up."""
        song = request.song
        section = request.section
        # Lines of other sections may not come back, except a chorus repeating itself; nor may the
        # lines being replaced. A line kept in a one-line rewrite stays where it is.
        others = [line for s in song.sections if s.kind != section.kind or (s.kind != "chorus" and s.label != section.label)
                  for line in s.lyrics]
        present = [line for line in section.lyrics if line.strip()]
        replaced = present if request.line is None else present[request.line - 1 : request.line]
        meta = song.meta
        subject = meta.description.split(" about ", 1)[1] if " about " in meta.description else meta.title
        beats = section.bars * meta.beats_per_bar / max(1, request.n_lines)
        try:
            model = self.workspace.chat_model()
        except LLMUnavailable as err:
            return LyricAnswer(question=str(err))
        head = self.head()
        draft = draft_lyrics(
            model,
            section_label=section.label,
            kind=lines_for(song, request.index)[0],
            subject=subject,
            mood=request.mood or meta.mood,
            n_lines=request.n_lines,
            syllables_per_line=request.syllables,
            other_lyrics="\n".join([*others, *replaced]),
            attempts=self.settings.lyric_attempts,
            json_mode=json_mode_for(model, self.settings.embedded_llm),
            avoid=request.avoid,
            direction=request.theme,
            image=request.image,
            keep=present if request.line is not None else (),
            redraft=request.line,
            beats=beats,
            time_signature=meta.time_signature,
            seed=head.number if head is not None else 0,
        )
        return LyricAnswer(lines=draft.lines, question=draft.note)

    # -- reading and direct actions (UI buttons, CLI) -----------------------------------------

    def song(self) -> Song | None:
        """The current version's sheet."""
        head = self.head()
        return head.song if head else None

    def head(self) -> Version | None:
        """The current version."""
        return self.workspace.store.head(self.project)

    def versions(self) -> list[Version]:
        """Every version of the project, oldest first."""
        return self.workspace.store.versions(self.project)

    def preferences(self) -> list[str]:
        """The musician's preferences in their own words, as kept for every project."""
        from tools.memory_tools import load_preferences

        kept = [item.text for item in load_preferences(self.tools).items]
        if self.workspace.memory is not None:
            from memory.semantic import PROFILE

            said = {text.casefold() for text in kept}
            kept += [m.text for m in self.workspace.memory.memories(PROFILE, ["preference"]) if m.text.casefold() not in said]
        return kept

    def transcript(self) -> list[ChatEntry]:
        """The conversation so far, as stored (survives restarts)."""
        return self.workspace.store.chat(self.project)

    def upload(self, filename: str, data: bytes) -> Turn:
        """Take an uploaded MIDI or MusicXML file in as a new version, or analyse a recording (without the LLM)."""
        tool = "analyze" if Path(filename).suffix.lower() in RECORDING_SUFFIXES else "import_file"
        with self.workspace.lock_for(self.project):
            self.workspace.store.append_chat(self.project, "user", f"(uploaded {Path(filename).name})")
            path: Path | None = None
            try:
                path = self.workspace.store.add_upload(self.project, Path(filename).name, data)
                result = call_tool(self.tools, tool, {"path": str(path)})
            except (CowriterError, ValueError) as err:
                if path is not None:
                    self.workspace.store.drop_upload(self.project, path)  # a refused file leaves nothing behind
                turn = Turn(str(err), (Step(tool, {"file": filename}, str(err), False),), error=True)
            else:
                step = Step(tool, {"file": filename}, result.summary, True)
                turn = Turn(result.summary, (step,), audio=result.audio)
            self.workspace.store.append_chat(self.project, "assistant", turn.reply, _extra(turn))
        return turn

    def play(self, version_number: int) -> Path:
        """The mix of one version, rendered now or taken from the store, without moving the head.

        This is the A/B preview: the current version stays current until the musician restores.

        Raises:
            CowriterError: If the project has no version with that number.
        """
        version = self.workspace.store.by_number(self.project, version_number)
        with self.workspace.lock_for(self.project):
            return render_version(self.tools, version)

    def checkout(self, version_number: int) -> Turn:
        """Jump to a version by number (A/B compare, restore), without the LLM."""
        return self.send(f"/checkout {version_number}")

    def export(self, fmt: str) -> list[Path]:
        """Export the current version ("take": its newest MusicGen take); CowriterError in one sentence."""
        if fmt == "take":
            from tools.generation import newest_take

            with self.workspace.lock_for(self.project):
                take = newest_take(self.tools)
            if take is None:
                raise CowriterError("The current version has no MusicGen take yet; make one with /generate.")
            return [take]
        if fmt not in FORMATS:
            raise CowriterError(f"I can export {', '.join(FORMATS)} or take; '{fmt}' is not one of them.")
        with self.workspace.lock_for(self.project):
            return list(call_tool(self.tools, "export", {"format": fmt}).files)

    def cancel(self) -> None:
        """Stop the work in flight (a MusicGen take) as soon as it can stop; nothing half-made is kept."""
        self._cancel.set()

    def close(self) -> None:
        """Release what this session opened."""
        if self._owns_workspace:
            self.workspace.close()


def _extra(turn: Turn) -> dict[str, Any]:
    """What the transcript keeps of a turn besides its text."""
    return {
        "audio": [str(p) for p in turn.audio],
        "files": [str(p) for p in turn.files],
        "steps": [dict(s.__dict__) for s in turn.steps],
        "error": turn.error,
        "options": list(turn.options),
    }


def _quiet(message: str, fraction: float) -> None:
    """Progress nobody listens to."""
