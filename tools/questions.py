"""Answer a musician's question about the song from the sheet, the store and the render, never from the LLM.

Sheet facts come from music.theory.answers; the version history from the project store; how dark
or busy a section sounds is measured on the sketch render. Nothing here makes a version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Literal, get_args

import numpy as np
from pydantic import Field

from audio.analysis import onsets_per_second, spectral_centroid
from audio.mix import read_wav
from music.errors import CowriterError
from music.song import Song
from music.theory import answers
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.rendering import render_version
from tools.songwriting import SectionName

if TYPE_CHECKING:
    from memory.store import Version

logger = logging.getLogger(__name__)

Topic = Literal[
    "key", "tempo", "meter", "bars", "chords", "lyrics", "length", "instruments", "form", "style",
    "last_change", "version", "harmony", "why_chord", "colour", "author",
]  # fmt: skip
TOPICS: tuple[str, ...] = get_args(Topic)
ChordName = Annotated[str | None, Field(description="for why_chord: a chord on the sheet, e.g. 'E7' or 'V7'")]
VersionNumber = Annotated[
    int | None, Field(ge=1, description="an earlier version to answer about ('the tempo in version 1'); else the current one")
]

# A section counts as darker or brighter when its spectral centroid is this far from the
# song's, and busier or sparser when its onsets per second are this far from the song's.
BRIGHTNESS_STEP = 0.03
BUSY_STEP = 0.10

_SHEET: dict[str, Callable[[Song, Sequence[int] | None], str]] = {
    "key": answers.key_answer, "tempo": answers.tempo_answer, "meter": answers.meter_answer,
    "bars": answers.bars_answer, "chords": answers.chords_answer, "lyrics": answers.lyrics_answer,
    "length": answers.length_answer, "instruments": answers.instruments_answer, "form": answers.form_answer,
    "style": answers.style_answer, "harmony": answers.harmony_answer,
}  # fmt: skip
# Who put lyric lines on the sheet, by the action of the version that first had them.
_LYRICS_BY = {
    "set_lyrics": "you dictated", "write_lyrics": "cowriter drafted, at your request,",
    "rewrite_lyrics": "cowriter reworked, at your request,", "rhyme_line": "cowriter reworked, at your request,",
    "import_file": "you imported",
}  # fmt: skip


def answer_question(
    ctx: ToolContext, topic: Topic, section: SectionName | None = None, chord: ChordName = None,
    version: VersionNumber = None,
) -> ToolResult:
    """Answer a question about the song from the sheet itself; nothing changes.

    Use for any question about what the song is, rather than a request to change it, and
    answer with what this tool says. topic: key (key and mode, and sections in another key);
    tempo (BPM); meter (time signature); bars (of a section, or of each section); chords
    (bar by bar); lyrics; length (bars and m:ss); instruments (parts and roles); form
    (sections in order); style (style, mood, tags); last_change (what the current version
    changed); version (which version this is); harmony (roman numerals, cadences, borrowed
    chords of a section); why_chord (why `chord`, or the most striking chord, is there);
    colour (whether a section sounds dark, bright or busy, measured on the render); author
    (who wrote the song). `section` narrows the answer to a section, e.g. 'bridge'; `version`
    answers about an earlier version's sheet instead of the current one.
    """
    if topic not in TOPICS:
        raise CowriterError(f"I can answer questions about {', '.join(TOPICS)}, not '{topic}'.")
    head = current(ctx)
    if version is not None and version != head.number:
        return ToolResult(_about_version(ctx, topic, section, chord, version))
    song = head.song
    indices = song.find(section) if section and section.strip() else None
    if topic in _SHEET:
        text = _SHEET[topic](song, indices)
        silent = [s.label for s in (song.sections[i] for i in indices or ()) if not s.lyrics]
        if topic == "lyrics" and silent:
            label = silent[0].lower()
            text += (
                f" Dictate them with /lyrics {label}: line one / line two, or have me draft some with /write {label}."
            )
    elif topic == "why_chord":
        text = answers.why_chord_answer(song, indices, chord)
    elif topic == "colour":
        text = colour_answer(ctx, head, indices)
    elif topic == "last_change":
        text = _last_change(ctx, head)
    elif topic == "version":
        text = _version(ctx, head)
    else:
        text = _author(ctx, head)
    logger.debug("answered %s about %s of version %s", topic, section or "the song", head.number)
    return ToolResult(text)


# -- what the render sounds like ---------------------------------------------------------------


def colour_answer(ctx: ToolContext, head: Version, indices: Sequence[int] | None) -> str:
    """How dark or bright and how busy sections sound against the whole song, measured on the sketch render.

    The whole song is rendered once (and kept with the version); each section is its slice
    of that render, so every figure comes from the same sound.
    """
    song = head.song
    samples, rate = read_wav(render_version(ctx, head))
    mono = samples.mean(axis=1)
    times = answers.section_times(song)
    whole = _measure(mono[: int(round(times[-1][1] * rate))], rate)
    # Only the sections asked about are measured: each pass over the sound takes a moment.
    chosen = range(len(song.sections)) if indices is None else sorted(set(indices))
    each = {i: _measure(mono[int(round(times[i][0] * rate)) : int(round(times[i][1] * rate))], rate) for i in chosen}
    measured = f" Measured on the sketch render of version {head.number}."
    if indices is None:
        return _song_colour(song, whole, each) + measured
    seconds = [times[i][1] - times[i][0] for i in chosen]
    centroid = float(np.average([each[i][0] for i in chosen], weights=seconds))
    onsets = float(np.average([each[i][1] for i in chosen], weights=seconds))
    subject = answers.section_names(song, chosen)
    subject = subject[:1].upper() + subject[1:]
    verb = "is" if len(chosen) == 1 else "are"
    judged = _judgement(centroid / whole[0] - 1 if whole[0] else 0.0, onsets / whole[1] - 1 if whole[1] else 0.0)
    text = (
        f"{subject} {verb} {judged}: spectral centroid {centroid:,.0f} Hz against {whole[0]:,.0f} Hz across the song; "
        f"{onsets:.1f} onsets per second against {whole[1]:.1f}."
    )
    facts = answers.colour_facts(song, chosen)
    if facts:
        text += f" On the sheet: {'; '.join(facts)}."
    elif len(chosen) < len(song.sections):
        text += " On the sheet, nothing sets it apart from the rest: same register, similar energy and chords."
    return text + measured


def _measure(clip: np.ndarray, rate: int) -> tuple[float, float]:
    """Spectral centroid (Hz) and onsets per second of a stretch of the render."""
    return spectral_centroid(clip, rate), onsets_per_second(clip, rate)


def _judgement(brightness: float, busyness: float) -> str:
    """'darker than the song as a whole and about as busy', from relative differences."""
    bright = "darker" if brightness < -BRIGHTNESS_STEP else "brighter" if brightness > BRIGHTNESS_STEP else ""
    busy = "sparser" if busyness < -BUSY_STEP else "busier" if busyness > BUSY_STEP else ""
    if bright and busy:
        return f"{bright} and {busy} than the song as a whole"
    if bright:
        return f"{bright} than the song as a whole and about as busy"
    if busy:
        return f"{busy} than the song as a whole and about as bright"
    return "about as bright and as busy as the song as a whole"


def _song_colour(song: Song, whole: tuple[float, float], each: dict[int, tuple[float, float]]) -> str:
    def name(index: int) -> str:
        return answers.section_names(song, [index])

    darkest, brightest = min(each, key=lambda i: each[i][0]), max(each, key=lambda i: each[i][0])
    sparsest, busiest = min(each, key=lambda i: each[i][1]), max(each, key=lambda i: each[i][1])
    return (
        f"Across the song: spectral centroid {whole[0]:,.0f} Hz, {whole[1]:.1f} onsets per second. "
        f"Brightest: {name(brightest)} ({each[brightest][0]:,.0f} Hz); darkest: {name(darkest)} "
        f"({each[darkest][0]:,.0f} Hz). Busiest: {name(busiest)} ({each[busiest][1]:.1f} onsets per second); "
        f"sparsest: {name(sparsest)} ({each[sparsest][1]:.1f})."
    )


# -- the version history -------------------------------------------------------------------------


def _action(action: str) -> str:
    """A version's action as words: 'revise_section:darker' -> 'revise section (darker)'."""
    tool, _, detail = action.partition(":")
    words = tool.replace("_", " ")
    return f"{words} ({detail})" if detail else words


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _about_version(ctx: ToolContext, topic: str, section: str | None, chord: str | None, number: int) -> str:
    """The answer read from version `number`'s sheet, said as that version's ("In version 1, ...")."""
    song = ctx.store.by_number(ctx.project, number).song
    indices = song.find(section) if section and section.strip() else None
    if topic in _SHEET:
        text = _SHEET[topic](song, indices)
    elif topic == "why_chord":
        text = answers.why_chord_answer(song, indices, chord)
    else:
        return f"I can say what version {number}'s sheet held (its key, tempo, chords, lyrics, form); ask me that."
    return f"In version {number}: {text}"


def _last_change(ctx: ToolContext, head: Version) -> str:
    if head.parent is None:
        return _sentence(
            f"Nothing has changed yet: version {head.number} is the first version, "
            f"made by {_action(head.action)}: {head.summary}"
        )
    parent = ctx.store.get(head.parent).number
    return _sentence(
        f"Version {head.number} is the last change ({_action(head.action)}, from version {parent}): {head.summary}"
    )


def _version(ctx: ToolContext, head: Version) -> str:
    versions = ctx.store.versions(ctx.project)
    newest = max(versions, key=lambda v: v.number)
    text = f"This is version {head.number} of {len(versions)}, made by {_action(head.action)}"
    if newest.id == head.id:
        return text + "; it is the newest."
    return f"{text}; it is not the newest: version {newest.number} ({_action(newest.action)}) came later, checkout {newest.number} goes there."


def _lineage(ctx: ToolContext, head: Version) -> list[Version]:
    """The versions that led to `head`, first to last."""
    by_id = {v.id: v for v in ctx.store.versions(ctx.project)}
    line = [head]
    while line[-1].parent is not None and line[-1].parent in by_id:
        line.append(by_id[line[-1].parent])
    return line[::-1]


def _author(ctx: ToolContext, head: Version) -> str:
    line = _lineage(ctx, head)
    song = head.song
    steps: dict[str, list[int]] = {}
    for version in line:
        steps.setdefault(_action(version.action), []).append(version.number)
    history = ", ".join(
        f"{action} in version{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
        for action, numbers in steps.items()
    )
    # Each lyric line belongs to the version that first had it, wherever it has moved since.
    first: dict[str, Version] = {}
    for version in line:
        for text in (x.strip() for s in version.song.sections for x in s.lyrics if x.strip()):
            first.setdefault(text, version)
    holders: dict[int, tuple[Version, list[int]]] = {}
    for index, section in enumerate(song.sections):
        for text in (x.strip() for x in section.lyrics if x.strip()):
            version, members = holders.setdefault(first[text].number, (first[text], []))
            if index not in members:
                members.append(index)
    lyrics = []
    for version, members in holders.values():
        labels = answers.section_names(song, members)
        who = _LYRICS_BY.get(version.action.partition(":")[0])
        made = f"version {version.number}, {_action(version.action)}"
        said = f"{who} the lyrics of {labels} ({made})." if who else f"the lyrics of {labels} came with {made}."
        lyrics.append(said[:1].upper() + said[1:])
    text = (
        f"You did: '{song.meta.title}' is yours, written with cowriter, a co-writing program, not a person; "
        f"no one else is credited. Its history: {history}."
    )
    return " ".join([text, *lyrics] if lyrics else [text, "It has no lyrics yet."])
