"""One open Session per project for the web app, with the calls to each project taking turns."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agent.session import Session

logger = logging.getLogger(__name__)


class FairLock:
    """A lock handed out first come, first served, so a project's waiting calls take their turns in order.

    A plain lock lets a caller that arrives late overtake ones that have waited for a while.
    """

    def __init__(self) -> None:
        self._turns = threading.Condition()
        self._queue: deque[object] = deque()

    def __enter__(self) -> None:
        ticket = object()
        with self._turns:
            self._queue.append(ticket)
            try:
                self._turns.wait_for(lambda: self._queue[0] is ticket)
            except BaseException:
                # A caller that gives up waiting (Ctrl+C) must not keep its place in the queue.
                self._queue.remove(ticket)
                self._turns.notify_all()
                raise

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        with self._turns:
            self._queue.popleft()
            self._turns.notify_all()

    def waiting(self) -> int:
        """How many callers hold the lock or wait for it."""
        with self._turns:
            return len(self._queue)


class SessionPool:
    """Opens a project's Session on first use and keeps it; one fair lock per project serialises its calls.

    Each project has its own lock, so a long turn on one project never holds up another.

    Args:
        factory: Opens the Session for a project name.
    """

    def __init__(self, factory: Callable[[str], Session]) -> None:
        self._factory = factory
        self._sessions: dict[str, Session] = {}
        self._locks: dict[str, FairLock] = {}
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

    def _open(self, project: str) -> tuple[Session, FairLock]:
        name = (project or "").strip()
        if not name:
            raise ValueError("Pick a project or give a new one a name.")
        key = name.casefold()
        with self._guard:
            if key not in self._sessions:
                logger.info("opening project %s", name)
                self._sessions[key] = self._factory(name)
                self._locks[key] = FairLock()
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
