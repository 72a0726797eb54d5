"""One open Session per project for the web app, with the calls to each project taking turns."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.session import Session

logger = logging.getLogger(__name__)


class SessionPool:
    """Opens a project's Session on first use and keeps it; one lock per project serialises its calls.

    Args:
        factory: Opens the Session for a project name.
    """

    def __init__(self, factory: Callable[[str], Session]) -> None:
        self._factory = factory
        self._sessions: dict[str, Session] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    @contextmanager
    def use(self, project: str) -> Iterator[Session]:
        """The project's Session, held for this caller alone until the block ends.

        Raises:
            ValueError: If the project name is not a valid one.
        """
        session, lock = self._open(project)
        with lock:
            yield session

    def cancel(self, project: str) -> None:
        """Ask the project's work in flight to stop, without waiting for its lock."""
        session, _ = self._open(project)
        session.cancel()

    def _open(self, project: str) -> tuple[Session, threading.Lock]:
        name = (project or "").strip()
        if not name:
            raise ValueError("Pick a project or give a new one a name.")
        key = name.casefold()
        with self._guard:
            if key not in self._sessions:
                logger.info("opening project %s", name)
                self._sessions[key] = self._factory(name)
                self._locks[key] = threading.Lock()
            return self._sessions[key], self._locks[key]

    def projects(self, project: str) -> list[str]:
        """Every project in the data folder, asking through `project`'s session (opened if needed)."""
        with self.use(project) as session:
            store = getattr(getattr(session, "workspace", None), "store", None)
            names = list(store.projects()) if store is not None else []
            current = str(getattr(session, "project", project))
        if current not in names:
            names.append(current)
        return sorted(names, key=str.casefold)

    def canonical(self, project: str) -> str:
        """The project's name as first spelled ('night drive' finds 'Night Drive')."""
        with self.use(project) as session:
            return str(getattr(session, "project", project))

    def close(self) -> None:
        """Close every open session."""
        with self._guard:
            sessions, self._sessions = list(self._sessions.values()), {}
        for session in sessions:
            try:
                session.close()
            except Exception:
                logger.warning("could not close a session cleanly", exc_info=True)
