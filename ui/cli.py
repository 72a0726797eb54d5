"""The `cowriter` command: the web app, a chat over stdin, exports and the list of projects."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import threading
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from music.files import atomic_writer
from tools.formats import FORMATS as EXPORT_FORMATS

if TYPE_CHECKING:
    from agent.session import Session, Turn
    from agent.settings import Settings

logger = logging.getLogger(__name__)

# The tool's formats plus a MusicGen take; tools.formats is light, so `cowriter --help` stays instant.
FORMATS = (*EXPORT_FORMATS, "take")


class CommandError(Exception):
    """A problem the command reports as one sentence on stderr, exiting with status 1."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `cowriter` command and return its exit status.

    Args:
        argv: The arguments after the program name; None reads them from sys.argv.

    Returns:
        0 on success, 1 when the request could not be done, 2 for a malformed command line.
    """
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    from models.cache import guard_offline

    guard_offline()
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # every failure ends as one sentence, never a traceback
        from music.errors import CowriterError

        if isinstance(err, CommandError | CowriterError | ValueError):
            _fail(str(err))
        else:
            logger.debug("command failed", exc_info=True)
            _fail(f"Something went wrong ({type(err).__name__}); run again with --verbose for details.")
            if args.verbose:
                logger.exception("details")
        return 1


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP end cowriter as Ctrl+C does: sessions close, the model server stops."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = {number: signal.signal(number, interrupt) for number in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cowriter",
        description="A songwriter's co-writer you talk to: plan, write, hear, edit and export songs by chat.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ui = commands.add_parser("ui", help="open the web app (chat, song sheet, versions, downloads)")
    ui.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    ui.add_argument("--port", type=int, help="port to listen on (default 7860)")
    ui.add_argument("--project", default="default", help="project shown first (default: default)")
    ui.set_defaults(run=_run_ui)

    chat = commands.add_parser("chat", help="chat on stdin, one message a line; slash commands work too")
    chat.add_argument("--project", default="default", help="the project to work on (created if new)")
    chat.set_defaults(run=_run_chat)

    export = commands.add_parser("export", help="write the current version of a project to a file")
    export.add_argument("--project", required=True, help="the project to export")
    export.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    export.add_argument("--out", required=True, type=Path, help="file to write (stems: a folder, or a .zip)")
    export.set_defaults(run=_run_export)

    models = commands.add_parser("models", help="list, pull, use and remove models (lyricists, MusicGen)")
    models.set_defaults(run=_run_models_list)
    actions = models.add_subparsers(dest="action", metavar="ACTION")
    actions.add_parser("list", help="what is installed and what can be pulled (the default)").set_defaults(
        run=_run_models_list
    )
    pull = actions.add_parser("pull", help="download a model from the catalogue, with progress (resumes)")
    pull.add_argument("name", help="a name from `cowriter models`, e.g. musicgen-small or qwen2.5-1.5b")
    pull.set_defaults(run=_run_models_pull)
    use = actions.add_parser("use", help="make a model the active lyricist or MusicGen model")
    use.add_argument("name", help="a pulled model, the built-in smollm2-135m, or SERVER:MODEL (ollama:llama3.2)")
    use.set_defaults(run=_run_models_use)
    remove = actions.add_parser("rm", help="delete a pulled model from the cache")
    remove.add_argument("name")
    remove.set_defaults(run=_run_models_rm)

    projects = commands.add_parser("projects", help="list the projects in the data folder")
    projects.set_defaults(run=_run_projects)
    return parser


def _settings(**overrides: object) -> Settings:
    from agent.settings import Settings

    given = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**given)  # type: ignore[arg-type]


def _run_ui(args: argparse.Namespace) -> int:
    from ui.app import launch

    settings = _settings(host=args.host, port=args.port)
    print(f"cowriter is at http://{settings.host}:{settings.port} (Ctrl+C stops it)", file=sys.stderr)
    with _stop_on_signals():
        launch(settings, project=args.project)
    return 0


def _run_chat(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    from agent.session import Session

    source, sink = stdin or sys.stdin, stdout or sys.stdout
    interactive = source.isatty()
    session = Session(_settings(), project=args.project)
    try:
        with _stop_on_signals():
            if interactive:
                print(
                    f"Project '{session.project}'. Talk about the song; /help lists commands; Ctrl+D ends.", file=sink
                )
            while True:
                if interactive:
                    print("> ", end="", file=sink, flush=True)
                line = source.readline()
                if not line:
                    break
                text = line.strip()
                if text:
                    _print_turn(session.send(text), sink)
    finally:
        session.close()
    return 0


def _print_turn(turn: Turn, sink: TextIO) -> None:
    """One reply as plain text: the steps, the reply, then the files it made."""
    reply = turn.reply.strip()
    for step in turn.steps:
        mark = "" if step.ok else " (failed)"
        # A slash command's reply is its tool's result; saying it twice helps nobody.
        result = "" if step.result.strip() == reply else f" {step.result.strip()}"
        print(f"  [{step.tool}]{mark}{result}", file=sink)
    print(reply, file=sink)
    for path in turn.audio:
        print(f"  audio: {path}", file=sink)
    for path in turn.files:
        print(f"  file: {path}", file=sink)
    print("", file=sink, flush=True)


def _run_export(args: argparse.Namespace) -> int:
    from agent.session import Session, Workspace

    workspace = Workspace(_settings())
    try:
        known = {name.casefold(): name for name in workspace.store.projects()}
        project = known.get(args.project.strip().casefold())
        if project is None:
            raise CommandError(f"There is no project called '{args.project}'; `cowriter projects` lists them.")
        session = Session(workspace.settings, project, workspace=workspace)
        if session.song() is None:
            raise CommandError(
                f"Project '{project}' has no song yet; start one with `cowriter chat --project {project}`."
            )
        written = _write_export(session, args.format, args.out)
    finally:
        workspace.close()
    print(written)
    return 0


def _write_export(session: Session, fmt: str, out: Path) -> Path:
    """Export the current version and place it at `out`; every file lands whole or not at all."""
    paths = session.export(fmt)
    if not paths:
        raise CommandError(f"Nothing was exported as {fmt}.")
    out = out.expanduser()
    if fmt == "stems":
        archive, stems = paths[0], [p for p in paths[1:] if p.suffix.lower() == ".wav"]
        if out.suffix.lower() == ".zip":
            return _place(archive, out)
        out.mkdir(parents=True, exist_ok=True)
        if not stems:
            with zipfile.ZipFile(archive) as bundle:
                bundle.extractall(out)
            return out
        for stem in stems:
            _place(stem, out / stem.name)
        return out
    target = out / paths[0].name if out.is_dir() else out
    return _place(paths[0], target)


def _place(source: Path, target: Path) -> Path:
    """Copy `source` to `target` through a temporary file in the same folder, flushed, then renamed."""
    if not target.parent.exists():
        raise CommandError(f"The folder {target.parent} does not exist.")
    with atomic_writer(target) as handle, source.open("rb") as original:
        shutil.copyfileobj(original, handle)
    return target


def _servers(settings: Settings) -> list:
    from models.servers import discover

    return discover(settings.ollama_url, settings.lmstudio_url)


def _run_models_list(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    from models.cache import hub_cache
    from models.machine import this_machine
    from models.manage import listing

    sink = stdout or sys.stdout
    settings = _settings()
    machine = this_machine()
    rows = listing(settings.home, machine, _servers(settings))
    print(f"This machine: {machine.line()}. Models pull into {hub_cache()}.", file=sink)
    for kind, title in (("lyricist", "Lyricists (chat and lyrics)"), ("musicgen", "MusicGen (realistic takes)")):
        print(f"\n{title}", file=sink)
        for row in (r for r in rows if r.kind == kind):
            mark = "*" if row.active else " "
            size = f"{row.size:>12}" if row.size else " " * 12
            print(
                f" {mark} {row.name:<24} {row.status:<12} {size}  {row.fit}; {row.improves} [{row.licence}]", file=sink
            )
            if row.where and row.installed:
                print(f"   {'':<24} {row.where}", file=sink)
    print(
        "\n* active. `cowriter models pull NAME` downloads one; `cowriter models use NAME` makes it active.", file=sink
    )
    _warn_overridden(settings, sink)
    return 0


def _warn_overridden(settings: Settings, sink: TextIO) -> None:
    """Say when a COWRITER_* setting outranks the model chosen with `use`."""
    from models.active import LYRICIST_SETTINGS, MUSICGEN_SETTINGS, chosen

    saved = chosen(settings.home)
    for kind, names in (("lyricist", LYRICIST_SETTINGS), ("musicgen", MUSICGEN_SETTINGS)):
        set_here = [n for n in names if n in settings.model_fields_set and f"COWRITER_{n.upper()}" in os.environ]
        if kind in saved and set_here:
            print(f"COWRITER_{set_here[0].upper()} is set, so it is used instead of {saved[kind]['name']}.", file=sink)


def _run_models_pull(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from models.catalogue import find, size_text
    from models.pull import Progress, pull

    entry = find(args.name)
    bar: tqdm | None = None

    def show(progress: Progress) -> None:
        nonlocal bar
        if bar is None:
            print(f"Pulling {entry.name} ({size_text(progress.total)}) from {entry.repo}", file=sys.stderr)
            bar = tqdm(total=progress.total, initial=progress.done, unit="B", unit_scale=True, unit_divisor=1000,
                       desc=entry.name, file=sys.stderr, dynamic_ncols=True)  # fmt: skip
        bar.update(progress.done - bar.n)

    try:
        path = pull(entry, progress=show)
    except KeyboardInterrupt:
        print(f"\nStopped; {entry.name} is not installed. `cowriter models pull {entry.name}` goes on from here.",
              file=sys.stderr)  # fmt: skip
        raise
    finally:
        if bar is not None:
            bar.close()
    print(f"{entry.name} is on this machine ({path}); `cowriter models use {entry.name}` makes it active.")
    return 0


def _run_models_use(args: argparse.Namespace) -> int:
    from models.manage import use

    settings = _settings()
    print(use(settings.home, args.name, _servers(settings) if ":" in args.name else []))
    _warn_overridden(_settings(), sys.stdout)
    return 0


def _run_models_rm(args: argparse.Namespace) -> int:
    from models.manage import remove_model

    print(remove_model(_settings().home, args.name))
    return 0


def _run_projects(args: argparse.Namespace) -> int:
    from memory.store import ProjectStore

    settings = _settings()
    if not (settings.home / "cowriter.db").exists():
        print("No projects yet; `cowriter chat --project NAME` starts one.", file=sys.stderr)
        return 0
    store = ProjectStore(settings.home)
    try:
        names = store.projects()
    finally:
        store.close()
    for name in names:
        print(name)
    if not names:
        print("No projects yet; `cowriter chat --project NAME` starts one.", file=sys.stderr)
    return 0


def _fail(sentence: str) -> None:
    print(sentence, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
