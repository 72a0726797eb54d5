"""The web app: chat with inline audio on the left; song sheet, versions, A/B and downloads on the right."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Gradio reads this when imported; it stops every outbound analytics attempt.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from audio.analysis import RECORDING_SUFFIXES
from music.errors import CowriterError
from music.formats.importer import SUFFIXES
from ui import look
from ui.models_panel import models_hint, models_panel
from ui.panels import (
    VERSION_HEADERS,
    ab_defaults,
    head_caption,
    preferences_markdown,
    sheet_markdown,
    version_choices,
    version_rows,
)
from ui.render_chat import latest_audio, offered_commands, transcript_messages, user_message
from ui.sessions import SessionPool

if TYPE_CHECKING:
    from agent.session import Session
    from agent.settings import Settings

logger = logging.getLogger(__name__)

# Labels of the download buttons, and the export format each one asks for.
DOWNLOADS = (
    ("WAV", "wav"),
    ("Stems", "stems"),
    ("MIDI", "midi"),
    ("MusicXML", "musicxml"),
    ("ChordPro", "chordpro"),
    ("Lyrics", "lyrics"),
    ("JSON", "json"),
)

PLACEHOLDER = (
    "### Let's write a song\n"
    "Tell me what you hear: *a folk song about leaving home, 90 BPM, D minor*.\n\n"
    "Then shape it: *make the chorus brighter*, `/undo`, `/render chorus`, `/export midi`, `/help`."
)
PENDING = {"role": "assistant", "content": "Working on it…", "metadata": {"title": "🎶 Thinking", "status": "pending"}}
WENT_WRONG = "Something went wrong on my side; your versions are unchanged."
NOW_PLAYING = "Now playing"
UPLOAD_TYPES = (*SUFFIXES, *RECORDING_SUFFIXES)  # song files become versions; recordings are analysed
OPTIONS = 3  # buttons for the readings offered when cowriter asks what the musician meant
RESTORE = "↺ Restore selected"


def build_app(session_factory: Callable[[str], Session], settings: Settings, project: str = "default") -> gr.Blocks:
    """Build the Gradio app around one Session per project.

    Args:
        session_factory: Opens the Session for a project name; each is opened once and kept.
        settings: The app's settings (the data folder holds the audio the page plays).
        project: The project shown when the page opens.

    Returns:
        The Blocks app, not yet launched.
    """
    pool = SessionPool(session_factory)
    first = pool.canonical(project)

    def view(name: str) -> tuple[Any, ...]:
        """Chat, sheet, caption, versions, A and B pickers for one project."""
        with pool.use(name) as session:
            entries = session.transcript()
            versions = session.versions()
            head = session.head()
            song = session.song()
            kept = session.preferences()
        choices = version_choices(versions)
        a, b = ab_defaults(versions, head)
        offered = offered_commands(entries)[:OPTIONS]
        return (
            transcript_messages(entries),
            sheet_markdown(song),
            head_caption(head, len(versions)),
            {"data": version_rows(versions, head), "headers": VERSION_HEADERS},
            gr.update(choices=choices, value=a),
            gr.update(choices=choices, value=b),
            *(gr.update(value=offered[i], visible=True) if i < len(offered) else gr.update(value="", visible=False)
              for i in range(OPTIONS)),
            preferences_markdown(kept),
            gr.update(choices=kept, value=None),
        )

    def open_project(name: str) -> tuple[Any, ...]:
        try:
            with pool.use(name) as session:
                audio = latest_audio(session.transcript())
            return (*view(name), gr.update(value=str(audio) if audio else None, label=NOW_PLAYING), "")
        except (CowriterError, ValueError) as err:
            return (*_unchanged(VIEWS + 1), str(err))

    def on_load(name: str) -> tuple[Any, ...]:
        # The project controls wake up only now: a project made while the page was loading
        # would otherwise be switched back to the first one when loading ends.
        name = name or first
        ready = (gr.update(interactive=True), gr.update(interactive=True))
        try:
            choices = pool.projects(name)
        except (CowriterError, ValueError) as err:
            return (gr.update(interactive=True), *ready, *_unchanged(VIEWS + 1), str(err))
        return (gr.update(choices=choices, value=name, interactive=True), *ready, *open_project(name))

    def show_pending(name: str, text: str) -> tuple[Any, ...]:
        text = (text or "").strip()
        if not text:
            return gr.update(), gr.update(), ""
        try:
            with pool.use(name) as session:
                messages = transcript_messages(session.transcript())
        except (CowriterError, ValueError):
            messages = []
        return [*messages, user_message(text), PENDING], "", text

    def run_turn(name: str, text: str, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        if not (text or "").strip():
            return (*_unchanged(VIEWS + 1), "")
        try:
            with pool.use(name) as session:
                turn = session.send(text, progress=lambda message, fraction: progress(fraction, desc=message))
        except (CowriterError, ValueError) as err:
            return (*_view_or_unchanged(name), gr.update(), str(err))
        except Exception:
            logger.exception("the turn failed outside the session")
            return (*_view_or_unchanged(name), gr.update(), WENT_WRONG)
        playing = gr.update(value=str(turn.audio[-1]), label=NOW_PLAYING) if turn.audio else gr.update()
        return (*view(name), playing, "")

    def take_upload(name: str, upload: Any) -> tuple[Any, ...]:
        """A file from the upload button goes to the project like any upload; the page's own copy is removed."""
        if not upload:
            return (*_unchanged(VIEWS + 1), "")
        received = Path(upload if isinstance(upload, str) else upload.name)
        try:
            data = received.read_bytes()
            with pool.use(name) as session:
                turn = session.upload(received.name, data)
        except (CowriterError, ValueError, OSError) as err:
            return (*_view_or_unchanged(name), gr.update(), _tell(str(err) if not isinstance(err, OSError)
                                                                  else f"I could not read '{received.name}'."))
        finally:
            _remove_received(received, settings.home)
        playing = gr.update(value=str(turn.audio[-1]), label=NOW_PLAYING) if turn.audio else gr.update()
        return (*view(name), playing, "")

    def _view_or_unchanged(name: str) -> tuple[Any, ...]:
        try:
            return view(name)
        except Exception:
            logger.exception("could not refresh the view")
            return _unchanged(VIEWS)

    def command(text: str) -> Callable[[str], tuple[Any, ...]]:
        def run(name: str) -> tuple[Any, ...]:
            return run_turn(name, text)

        return run

    def restore(name: str, selected: str | None) -> tuple[Any, ...]:
        if not selected:
            return (*_unchanged(VIEWS + 1), _tell("Click a version in the list first, then restore it."))
        return run_turn(name, f"/checkout {selected}")

    def select_version(evt: gr.SelectData) -> tuple[Any, ...]:
        row = evt.row_value or []
        number = str(row[1]) if len(row) > 1 and str(row[1]).isdigit() else None
        label = f"↺ Restore version {number}" if number else RESTORE
        return number, gr.update(value=label)

    def play(name: str, pick: str | None, side: str) -> tuple[Any, ...]:
        if not pick:
            return gr.update(), _tell(f"Pick a version for {side} first.")
        try:
            with pool.use(name) as session:
                path = session.play(int(pick))
        except (CowriterError, ValueError) as err:
            return gr.update(), _tell(str(err))
        except Exception:
            logger.exception("could not play version %s", pick)
            return gr.update(), _tell(WENT_WRONG)
        return gr.update(value=str(path), label=f"{NOW_PLAYING}: {side} = version {pick}"), ""

    def download(fmt: str) -> Callable[[str], tuple[Any, ...]]:
        def run(name: str) -> tuple[Any, ...]:
            try:
                with pool.use(name) as session:
                    paths = session.export(fmt)
            except (CowriterError, ValueError) as err:
                return gr.update(), _tell(str(err))
            except Exception:
                logger.exception("export %s failed", fmt)
                return gr.update(), _tell(WENT_WRONG)
            # The stems zip already holds every stem; offering each WAV again would be noise.
            shown = paths[:1] if fmt == "stems" else paths
            return gr.update(
                value=[str(p) for p in shown], visible=True
            ), f"Exported {', '.join(Path(p).name for p in shown)}."

        return run

    def create_project(text: str) -> tuple[Any, ...]:
        try:
            name = pool.canonical(text)
            choices = pool.projects(name)
        except (CowriterError, ValueError) as err:
            return gr.update(), gr.update(), _tell(str(err))
        return gr.update(choices=choices, value=name), "", ""

    with gr.Blocks(title=look.TITLE) as app:
        selected = gr.State(None)
        pending = gr.State("")
        gr.Markdown(
            "# 🎸 cowriter\nYour songwriting partner: talk about the song, hear every change, keep every version.",
            elem_id="masthead",
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=7):
                with gr.Row(equal_height=False, elem_id="project-row"):
                    project_pick = gr.Dropdown(
                        choices=[first], value=first, label="Project", scale=3, elem_id="project", interactive=False
                    )
                    new_project = gr.Textbox(label="New project", placeholder="Name it, press Enter", scale=3,
                                             elem_id="new-project", interactive=False)  # fmt: skip
                    create = gr.Button("Start project", scale=1, elem_id="create-project", size="md", interactive=False)
                chatbot = gr.Chatbot(
                    elem_id="chat",
                    label="Session",
                    height=560,
                    placeholder=PLACEHOLDER,
                    buttons=["copy"],
                    feedback_options=None,
                    group_consecutive_messages=True,
                )
                with gr.Row(elem_id="chat-row"):
                    text = gr.Textbox(
                        elem_id="chat-input",
                        show_label=False,
                        placeholder="Describe a song, ask for a change, or type /help",
                        scale=6,
                        lines=1,
                        max_lines=4,
                        autofocus=True,
                    )
                    send = gr.Button("Send", variant="primary", elem_id="send", scale=1)
                    upload = gr.UploadButton(
                        "⤒ Upload", file_types=list(UPLOAD_TYPES), file_count="single", elem_id="upload", scale=0,
                        min_width=70, size="md",
                    )
                    stop = gr.Button("■ Stop", variant="stop", elem_id="stop", scale=0, min_width=70)
                hint_line = models_hint(settings)
                with gr.Row(elem_id="options-row"):
                    option_buttons = [
                        gr.Button("", visible=False, size="sm", elem_id=f"option-{i}", elem_classes="option")
                        for i in range(OPTIONS)
                    ]
                now_playing = gr.Audio(label=NOW_PLAYING, elem_id="now-playing", interactive=False)
                models_panel(settings, hint_line)  # wide enough here for the list
            with gr.Column(scale=5):
                gr.Markdown("### Song sheet", elem_classes="panel-title")
                sheet = gr.Markdown(sheet_markdown(None), elem_id="sheet", line_breaks=True)
                gr.Markdown("### Versions", elem_classes="panel-title")
                caption = gr.Markdown("", elem_id="head-caption")
                versions = gr.Dataframe(
                    headers=VERSION_HEADERS,
                    elem_id="versions",
                    interactive=False,
                    wrap=True,
                    max_height=260,
                    column_widths=["6%", "8%", "24%", "62%"],
                )
                with gr.Row():
                    undo = gr.Button("↶ Undo", elem_id="undo", size="sm", min_width=60)
                    redo = gr.Button("↷ Redo", elem_id="redo", size="sm", min_width=60)
                    restore_btn = gr.Button(RESTORE, elem_id="restore", size="sm", min_width=120)
                with gr.Row(equal_height=False, elem_id="compare"):
                    with gr.Column(min_width=120):
                        a_pick = gr.Dropdown(label="Version A", choices=[], elem_id="pick-a")
                        play_a = gr.Button("▶ Play A", elem_id="play-a", size="sm")
                    with gr.Column(min_width=120):
                        b_pick = gr.Dropdown(label="Version B", choices=[], elem_id="pick-b")
                        play_b = gr.Button("▶ Play B", elem_id="play-b", size="sm")
                with gr.Accordion("Your preferences", open=False, elem_id="preferences-panel"):
                    preferences = gr.Markdown(preferences_markdown([]), elem_id="preferences")
                    with gr.Row():
                        forget_pick = gr.Dropdown(label="Forget", choices=[], elem_id="forget-pick", scale=3)
                        forget_btn = gr.Button("Forget", elem_id="forget", size="sm", scale=1)
                    with gr.Row():
                        new_preference = gr.Textbox(
                            label="Add or correct", placeholder="never use a saxophone", elem_id="new-preference", scale=3
                        )
                        keep_btn = gr.Button("Keep", elem_id="keep-preference", size="sm", scale=1)
                gr.Markdown("### Downloads", elem_classes="panel-title")
                with gr.Row(elem_id="download-row"):
                    buttons = [
                        (gr.Button(label, size="sm", elem_id=f"export-{fmt}", min_width=60), fmt)
                        for label, fmt in DOWNLOADS
                    ]
                files = gr.File(
                    label="Files", file_count="multiple", elem_id="downloads", interactive=False, visible=False
                )
                notice = gr.Markdown("", elem_id="notice")

        view_outputs = [chatbot, sheet, caption, versions, a_pick, b_pick, *option_buttons, preferences, forget_pick]
        turn_outputs = [*view_outputs, now_playing, notice]

        app.load(on_load, inputs=[project_pick], outputs=[project_pick, new_project, create, *turn_outputs])
        project_pick.change(open_project, inputs=[project_pick], outputs=turn_outputs).then(
            lambda: (None, gr.update(value=RESTORE), gr.update(value=None, visible=False)),
            outputs=[selected, restore_btn, files],
            queue=False,
        )
        for trigger in (send.click, text.submit):
            trigger(show_pending, inputs=[project_pick, text], outputs=[chatbot, text, pending], queue=False).then(
                run_turn, inputs=[project_pick, pending], outputs=turn_outputs, show_progress="full"
            )
        upload.upload(take_upload, inputs=[project_pick, upload], outputs=turn_outputs, show_progress="full")
        # Stop asks the session to end a long take; the turn then answers that nothing was kept.
        stop.click(lambda name: pool.cancel(name), inputs=[project_pick], outputs=None, queue=False)
        # A clicked reading runs as if typed: the button's label is its command.
        for button in option_buttons:
            button.click(show_pending, inputs=[project_pick, button], outputs=[chatbot, text, pending], queue=False).then(
                run_turn, inputs=[project_pick, pending], outputs=turn_outputs, show_progress="full"
            )
        # Preferences change through the chat's own commands, so the conversation records them too.
        forget_btn.click(lambda name, said: run_turn(name, f"/forget {said}" if said else ""),
                         inputs=[project_pick, forget_pick], outputs=turn_outputs)  # fmt: skip
        keep_btn.click(lambda name, said: run_turn(name, f"/remember {said}" if (said or "").strip() else ""),
                       inputs=[project_pick, new_preference], outputs=turn_outputs).then(
            lambda: "", outputs=[new_preference], queue=False
        )
        undo.click(command("/undo"), inputs=[project_pick], outputs=turn_outputs)
        redo.click(command("/redo"), inputs=[project_pick], outputs=turn_outputs)
        restore_btn.click(restore, inputs=[project_pick, selected], outputs=turn_outputs)
        versions.select(select_version, inputs=None, outputs=[selected, restore_btn])
        play_a.click(
            lambda name, pick: play(name, pick, "A"), inputs=[project_pick, a_pick], outputs=[now_playing, notice]
        )
        play_b.click(
            lambda name, pick: play(name, pick, "B"), inputs=[project_pick, b_pick], outputs=[now_playing, notice]
        )
        for button, fmt in buttons:
            button.click(download(fmt), inputs=[project_pick], outputs=[files, notice])
        for trigger in (create.click, new_project.submit):
            trigger(create_project, inputs=[new_project], outputs=[project_pick, new_project, notice])
    return app


def launch(settings: Settings, project: str = "default", block: bool = True) -> gr.Blocks:
    """Serve the app on settings.host:settings.port (127.0.0.1:7860 unless told), never shared.

    Args:
        settings: Where the data lives and where to listen.
        project: The project shown when the page opens.
        block: Wait until the server is stopped (Ctrl+C); False returns once it listens.

    Returns:
        The running app.
    """
    from agent.session import Session, Workspace

    workspace = Workspace(settings)
    from agent.understand.classifier import warm_up

    warm_up()

    def open_session(name: str) -> Session:
        return Session(settings, name, workspace=workspace)

    app = build_app(open_session, settings, project)
    app.queue(default_concurrency_limit=4)
    logger.info("serving cowriter on http://%s:%d", settings.host, settings.port)
    try:
        app.launch(
            server_name=settings.host,
            server_port=settings.port,
            share=False,
            inbrowser=False,
            show_error=False,
            # The page plays renders and hands out exports; the databases (every transcript) stay private.
            allowed_paths=[str(settings.home / "blobs"), str(settings.home / "exports")],
            blocked_paths=private_paths(settings.home),
            max_file_size=int(settings.max_upload_mb * 1024 * 1024),  # refused before it is stored anywhere
            prevent_thread_lock=not block,
            theme=look.theme(),
            css=look.CSS,
            footer_links=[],
            quiet=True,
        )
    finally:
        if block:
            workspace.close()
    return app


def private_paths(home: Path) -> list[str]:
    """What the web server never serves: the databases and logs of the data folder."""
    named = ("cowriter.db", "agent.db", "chroma", "logs", "profiles")
    databases = {p for p in home.glob("*.db*")} | {home / name for name in named}
    return sorted(str(p) for p in databases)


def _remove_received(path: Path, home: Path) -> None:
    """Delete the web server's copy of an upload (and its folder, if empty); the store keeps its own."""
    if path.resolve().is_relative_to(home.resolve()):
        return  # never remove what the store holds
    path.unlink(missing_ok=True)
    try:
        path.parent.rmdir()
    except OSError:
        pass  # the folder holds other files, or is gone


def _tell(sentence: str) -> str:
    """Show a plain sentence as a passing notice (never a traceback) and return it for the notice line."""
    gr.Warning(sentence)
    return sentence


VIEWS = 8 + OPTIONS  # what view() refreshes: chat, sheet, caption, versions, A, B, options, preferences, forget


def _unchanged(count: int) -> tuple[Any, ...]:
    return tuple(gr.update() for _ in range(count))
