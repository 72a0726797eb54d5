"""The page's Models panel: what is here and what can be pulled, Pull with a progress bar and Cancel, Use, Remove.

It drives the same functions as `cowriter models`; a pull runs in a worker thread that the
Cancel button stops through the pull's own Event, so what arrived is kept for the next pull.
"""

from __future__ import annotations

import html
import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from models.catalogue import Entry, Kind, UnknownModel, find, size_text
from models.pull import Progress, PullError
from music.errors import CowriterError

if TYPE_CHECKING:
    from agent.settings import Settings
    from models.manage import Row

logger = logging.getLogger(__name__)

MODEL_HEADERS = ["", "Model", "Kind", "Status", "Size", "Runs here", "Improves", "Licence"]
ACTIVE_MARK = "★"
TINY_LYRICIST = "Lyrics by the built-in tiny model; a better lyricist is one click away (Models)"
PULL_FAILED = "The pull of {name} failed on my side; nothing was installed."


@dataclass
class PagePull:
    """What one open page is pulling (kept in the page's gr.State), so its Cancel stops its own pull."""

    model: str = ""
    stop: threading.Event | None = None


@dataclass(frozen=True)
class RunningPull:
    """A pull in its worker thread: its news for the page and the Event that stops it."""

    news: Iterator[Progress | Path | Exception]
    stop: threading.Event


class Pulls:
    """The pulls running in this app, at most one per model, each with the Event that stops it.

    A second page asking for a model already on its way is told so: two pulls writing the same
    part-download would spoil it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: dict[str, threading.Event] = {}

    def start(self, entry: Entry) -> RunningPull | None:
        """Start pulling `entry` in a worker thread; None when it is already being pulled.

        Returns:
            The pull, whose news is Progress while bytes arrive (stale ones skipped), then the
            installed path or the exception that ended it, always last.
        """
        from models.pull import pull

        with self._lock:
            if entry.name in self._running:
                return None
            cancel = self._running[entry.name] = threading.Event()
        news: queue.Queue[Progress | Path | Exception] = queue.Queue()

        def work() -> None:
            end: Path | Exception
            try:
                end = pull(entry, progress=news.put, cancel=cancel)
            except Exception as error:  # every ending reaches the page, which turns it into a sentence
                end = error
            finally:
                with self._lock:
                    self._running.pop(entry.name, None)
            news.put(end)

        threading.Thread(target=work, name=f"pull {entry.name}", daemon=True).start()
        return RunningPull(_latest(news), cancel)

    def cancel(self, name: str) -> bool:
        """Ask the pull of `name` to stop; False when it is not running."""
        with self._lock:
            event = self._running.get(name)
        if event is None:
            return False
        event.set()
        return True

    def running(self, name: str) -> bool:
        """True while `name` is being pulled."""
        with self._lock:
            return name in self._running


def _latest(news: queue.Queue[Progress | Path | Exception]) -> Iterator[Progress | Path | Exception]:
    """The pull's news as the page can show it: stale progress skipped, the ending always delivered."""
    while True:
        item = news.get()
        while isinstance(item, Progress) and not news.empty():
            item = news.get_nowait()
        yield item
        if not isinstance(item, Progress):
            return


def model_rows(rows: Sequence[Row]) -> list[list[str]]:
    """The models list as table rows: active mark, name, kind, status, size, how it runs here, gain, licence."""
    return [
        [ACTIVE_MARK if r.active else "", r.name, r.kind, r.status, r.size, r.fit, r.improves, r.licence] for r in rows
    ]


def bar_html(fraction: float, line: str) -> str:
    """The progress bar: a filled track and the percent with the words; 100% only once every byte is in."""
    percent = max(0, min(100, int(fraction * 100)))
    return (
        f'<div class="models-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="{percent}">'
        f'<div class="models-fill" style="width: {percent}%"></div></div>'
        f'<div class="models-line"><span class="models-percent">{percent}%</span> {html.escape(line)}</div>'
    )


def status_html(sentence: str) -> str:
    """A result or an error as plain text (paths and names are not read as Markdown)."""
    return f"<p>{html.escape(sentence)}</p>" if sentence else ""


def hint(settings: Settings) -> str:
    """One line for the page on the model that matters most now; "" when nothing needs saying."""
    from audio.musicgen_checkpoint import MusicGenUnavailable, resolve_checkpoint

    if settings.embedded_llm and settings.llm_gguf is None:
        later = settings.as_chosen_now()
        if (later.llm_base_url, later.llm_gguf) != (settings.llm_base_url, settings.llm_gguf):
            return f"Lyrics by {later.llm_model} from your next message"
        return TINY_LYRICIST
    try:
        resolve_checkpoint(settings.musicgen_model)
    except MusicGenUnavailable:
        small = find("musicgen-small")
        return f"/generate needs a MusicGen model: pull {small.name}, {size_text(small.size)} (Models)"
    return ""


def applies_when(settings: Settings, kind: Kind) -> str:
    """What a changed choice means for the page that is open: "" when it runs the chosen model already.

    Every project in this page shares the settings cowriter started with; each message takes
    up a choice made since (Workspace.take_up_models), unless a COWRITER_* setting outranks it.
    """
    from models.active import LYRICIST_SETTINGS, MUSICGEN_SETTINGS

    names = LYRICIST_SETTINGS if kind == "lyricist" else MUSICGEN_SETTINGS
    explicit = [name for name in names if name in settings.model_fields_set]
    if explicit:
        return f"COWRITER_{explicit[0].upper()} is set for this page, so that setting is used instead."
    later = settings.as_chosen_now()
    if all(getattr(later, name) == getattr(settings, name) for name in names):
        return ""
    return "It applies from your next message."


def models_hint(settings: Settings) -> gr.Markdown:
    """The one-line hint, worked out each time the page loads; place it where the musician looks."""
    return gr.Markdown(lambda: hint(settings), elem_id="models-hint")


def models_panel(settings: Settings, hint_line: gr.Markdown) -> gr.Accordion:
    """Build the collapsed Models panel inside the open Blocks; `hint_line` is refreshed after each change.

    Args:
        settings: The app's settings: the data folder keeps the choices, the URLs find local servers.
        hint_line: The page's hint (from `models_hint`).

    Returns:
        The accordion, already placed.
    """
    from models.catalogue import CATALOGUE

    pulls = Pulls()

    def servers() -> list[Any]:
        from models.servers import discover

        return discover(settings.ollama_url, settings.lmstudio_url)

    def refreshed() -> tuple[Any, ...]:
        """The list, the machine line, the names to choose from and the hint, as they are now."""
        from models.cache import hub_cache
        from models.machine import this_machine
        from models.manage import listing

        machine = this_machine()
        rows = listing(settings.home, machine, servers())
        return (
            {"data": model_rows(rows), "headers": MODEL_HEADERS},
            f"This machine: {machine.line()}. Models pull into `{hub_cache()}`.",
            gr.update(choices=[r.name for r in rows]),
            hint(settings),
        )

    def start_pull(name: str | None, page: PagePull) -> Iterator[tuple[Any, ...]]:
        def show(
            bar: str | None = None,
            status: str | None = None,
            pulling: bool = False,
            refresh: bool = False,
            cancellable: bool | None = None,
        ) -> tuple[Any, ...]:
            listed = refreshed() if refresh else tuple(gr.update() for _ in range(4))
            cancellable = pulling if cancellable is None else cancellable
            buttons = (gr.update(interactive=not pulling), gr.update(interactive=cancellable))
            return (gr.update() if bar is None else bar, gr.update() if status is None else status_html(status),
                    *listed, *buttons)  # fmt: skip

        try:
            entry = _pullable(name)
        except CowriterError as error:
            yield show(status=str(error))
            return
        running = pulls.start(entry)
        if running is None:
            yield show(status=f"{entry.name} is already being pulled; wait for that pull, or cancel it.",
                       cancellable=True)  # fmt: skip
            return
        page.model, page.stop = entry.name, running.stop
        yield show(bar_html(0, f"asking the hub about {entry.name}"),
                   f"Pulling {entry.name} from {entry.repo}…", pulling=True)  # fmt: skip
        last: Progress | None = None
        try:
            for item in running.news:
                if isinstance(item, Progress):
                    last = item
                    yield show(bar_html(item.fraction, item.line()), pulling=True)
                elif isinstance(item, Path):
                    done = bar_html(1, f"all {size_text(last.total)} here" if last else "all here")
                    yield show(done, f"{entry.name} is on this machine ({item}); press Use to make it active.",
                               refresh=True)  # fmt: skip
                else:
                    stopped = bar_html(last.fraction, f"stopped at {last.line()}") if last else bar_html(0, "stopped")
                    yield show(stopped, _sentence(item, entry.name), refresh=True)
        finally:
            # A page that goes away mid-pull (or gradio cancelling the event) stops its pull too;
            # after the pull has ended this changes nothing.
            running.stop.set()
            page.model, page.stop = "", None

    def cancel_pull(name: str | None, page: PagePull) -> str:
        if page.stop is not None:
            page.stop.set()
            return status_html(f"Stopping the pull of {page.model}…")
        # A pull this page did not start (another tab, or a page closed meanwhile) of the chosen model.
        if name and pulls.cancel(find_name(name)):
            return status_html(f"Stopping the pull of {name}…")
        return status_html("No pull is running from this page.")

    def use_model(name: str | None) -> tuple[Any, ...]:
        from models.manage import use

        if not name:
            return (status_html("Choose a model in the list first, then press Use."), *refreshed())
        try:
            said = use(settings.home, name, servers() if ":" in name else [])
            kind: Kind = "lyricist" if ":" in name else find(name).kind
            said = f"{said} {applies_when(settings, kind)}".strip()
        except CowriterError as error:
            said = str(error)
        except Exception:
            logger.exception("could not use %s", name)
            said = f"{name} could not be made active; the choice is unchanged."
        return (status_html(said), *refreshed())

    def remove_model(name: str | None) -> tuple[Any, ...]:
        from models.manage import remove_model as remove

        if not name:
            said = "Choose a model in the list first, then press Remove."
        elif ":" in name:
            said = f"{name} lives in {name.partition(':')[0]}; remove it there."
        elif pulls.running(find_name(name)):
            said = f"{name} is being pulled; cancel the pull first."
        else:
            try:
                said = remove(settings.home, name)
                said = f"{said} {applies_when(settings, find(name).kind)}".strip()
            except CowriterError as error:
                said = str(error)
            except OSError:
                logger.exception("could not remove %s", name)
                said = f"{name} could not be removed from the cache; check the folder's permissions."
        return (status_html(said), *refreshed())

    def pick_row(evt: gr.SelectData) -> Any:
        row = evt.row_value or []
        return gr.update(value=str(row[1])) if len(row) > 1 and row[1] else gr.update()

    with gr.Accordion("Models", open=False, elem_id="models-panel") as panel:
        machine_line = gr.Markdown("", elem_id="models-machine")
        table = gr.Dataframe(
            headers=MODEL_HEADERS,
            elem_id="models-list",
            interactive=False,
            wrap=True,
            max_height=340,
            column_widths=["3%", "14%", "9%", "12%", "8%", "16%", "27%", "11%"],
        )
        with gr.Row(equal_height=False, elem_id="models-actions"):
            pick = gr.Dropdown(choices=[e.name for e in CATALOGUE], value=None, label="Model",
                               elem_id="models-pick", scale=3, min_width=160)  # fmt: skip
            pull_btn = gr.Button("⤓ Pull", variant="primary", elem_id="models-pull", scale=1, min_width=70)
            cancel_btn = gr.Button("Cancel", variant="stop", elem_id="models-cancel", scale=1, min_width=70,
                                   interactive=False)  # fmt: skip
            use_btn = gr.Button("Use", elem_id="models-use", scale=1, min_width=70)
            remove_btn = gr.Button("Remove", elem_id="models-remove", scale=1, min_width=70)
        bar = gr.HTML(bar_html(0, "no pull yet"), elem_id="models-progress")
        status = gr.HTML("", elem_id="models-status")
        page = gr.State(PagePull())

    listed = [table, machine_line, pick, hint_line]
    # The list needs the machine (torch, for a GPU): read when the panel opens, not when the page loads.
    panel.expand(refreshed, outputs=listed)
    pull_btn.click(start_pull, inputs=[pick, page], outputs=[bar, status, *listed, pull_btn, cancel_btn],
                   show_progress="hidden")  # fmt: skip
    # Outside the queue, so it lands while the pull's own event is still running.
    cancel_btn.click(cancel_pull, inputs=[pick, page], outputs=[status], queue=False)
    use_btn.click(use_model, inputs=[pick], outputs=[status, *listed])
    remove_btn.click(remove_model, inputs=[pick], outputs=[status, *listed])
    table.select(pick_row, inputs=None, outputs=[pick])
    return panel


def find_name(name: str) -> str:
    """The catalogue name for what the musician chose ("" when it is not in the catalogue)."""
    try:
        return find(name).name
    except UnknownModel:
        return ""


def _pullable(name: str | None) -> Entry:
    """The catalogue entry to pull, or a sentence saying why there is nothing to pull."""
    if not (name or "").strip():
        raise PullError("Choose a model in the list first, then press Pull.")
    text = str(name).strip()
    if ":" in text:
        raise PullError(f"{text} is served by {text.partition(':')[0]}; there is nothing to pull, press Use.")
    entry = find(text)
    if entry.builtin:
        raise PullError(f"{entry.name} ships with cowriter; there is nothing to pull.")
    return entry


def _sentence(error: Exception, name: str) -> str:
    """How a pull ended badly, in one sentence (never a traceback)."""
    if isinstance(error, CowriterError):
        return str(error)
    logger.error("the pull of %s failed", name, exc_info=error)
    return PULL_FAILED.format(name=name)
