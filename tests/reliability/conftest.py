"""The reliability suite's figures: each test reports what it measured, and the run prints them all at its end."""

from __future__ import annotations

from collections.abc import Callable

import pytest

_FIGURES: list[str] = []


@pytest.fixture(scope="session")
def figures() -> Callable[[str], None]:
    """`figures("kill -9: 10 kills ...")` keeps one line for the summary that `pytest -q` prints."""
    return _FIGURES.append


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _FIGURES:
        terminalreporter.section("reliability figures")
        for line in _FIGURES:
            terminalreporter.write_line(line)
