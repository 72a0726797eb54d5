"""Chord charts in a musician's words: "make the verse Am F C G" asks for the chart "Am | F | C | G"."""

from __future__ import annotations

import re

from agent.slash_text import CHART, typed_chart
from music.song import HOLD, REPEAT

_CHART_RUN = re.compile(rf"(?<![\w#/^.%|-]){CHART}")
# "from Am F C G to C G Am F", "instead of C G Am F": the chords there are now, not the ones asked for.
_OLD_CHORDS = re.compile(r"\b(?:from|instead\s+of|than|replace|not)\s+(?:the\s+)?$", re.IGNORECASE)


def chord_chart(text: str) -> str | None:
    """The chords a musician asks for, as a chart in the sheet's notation ("make the verse Am F C G" is "Am | F | C | G").

    It takes two chords or a bar line: "the E7" or "in A minor" is no chart; of several, the
    one that is not said to be the old chords ("from Am F C G to C G Am F") is asked for.
    """
    charts = [run for run in _CHART_RUN.finditer(text) if _is_chart(run.group())]
    new = [run for run in charts if not _OLD_CHORDS.search(text[: run.start()])]
    if not new:
        return None
    return typed_chart(new[-1].group())


def charted(text: str) -> str:
    """The text with each chord chart in the sheet's notation, so no clause split breaks "Am, F, C and G" apart."""
    return _CHART_RUN.sub(lambda run: typed_chart(run.group()) if _is_chart(run.group()) else run.group(), text)


def without_charts(text: str) -> str:
    """The text without its chord charts, whose letters are no words: "Am F C G for the chorus" opens with no "am"."""
    return _CHART_RUN.sub(lambda run: "" if _is_chart(run.group()) else run.group(), text)


def _is_chart(said: str) -> bool:
    chords = [slot for slot in typed_chart(said).split() if slot not in ("|", HOLD, REPEAT)]
    return len(chords) >= 2 or ("|" in said and bool(chords))
