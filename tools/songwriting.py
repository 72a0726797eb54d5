"""Tools that write the song: plan a sheet, set or draft lyrics, revise a section's colour."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import Field

from music import planner, transforms
from music.errors import CowriterError
from music.song import Song, section_with
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.rendering import commit_rendered

SectionName = Annotated[str, Field(description="a section as the musician names it: 'chorus', 'Verse 2', 'last chorus', 'bridge'")]
# (song, section index, number of lines) -> (lines, a note when they are only placeholders)
Lyricist = Callable[[Song, int, int], tuple[list[str], str]]


def plan_song(ctx: ToolContext, brief: str) -> ToolResult:
    """Plan a new song sheet from a brief and play a sketch of the whole song.

    Use when the musician asks to start or write a new song. The brief is their words,
    e.g. "folk song about leaving home, 90 BPM, D minor": style, subject, tempo, key and
    time signature are read from it. Plans sections with bar counts, chords per bar,
    instrumentation and energy.
    """
    if not brief.strip():
        raise CowriterError("Tell me a little about the song first: a style, a subject, maybe a key or a tempo.")
    song = planner.plan_song(brief)
    summary = plan_summary(song)
    version, audio = commit_rendered(ctx, song, "plan_song", summary)
    return ToolResult(summary, version, audio=(audio,), changed=True)


def set_lyrics(ctx: ToolContext, section: SectionName, lines: list[str]) -> ToolResult:
    """Put lyric lines into a section of the sheet (every matching section, e.g. all choruses).

    Use when the musician dictates lyrics, or to store a draft. One string per sung line.
    """
    cleaned = [" ".join(line.split()) for line in lines if line.strip()]
    if not cleaned:
        raise CowriterError("There are no lyric lines to set; give at least one line.")
    head = current(ctx)
    song = head.song
    indices = song.find(section)
    for i in indices:
        song = song.replace_section(i, section_with(song.sections[i], lyrics=tuple(cleaned)))
    labels = _labels(song, indices)
    summary = f"Lyrics for {labels}: {len(cleaned)} lines (\"{cleaned[0]}\" ...)."
    version, audio = commit_rendered(ctx, song, "set_lyrics", summary, indices[0])
    return ToolResult(summary, version, audio=(audio,), changed=True)


def write_lyrics(ctx: ToolContext, sections: list[SectionName], lyricist: Lyricist) -> ToolResult:
    """Draft lyrics for one or more sections and put them into the sheet as one new version.

    Use when the musician asks for lyrics ("write lyrics for the first verse and the
    chorus"). Lines are drafted to the song's subject and mood, about one line per two bars.
    """
    if not sections:
        raise CowriterError("Say which sections need lyrics, for example the first verse and the chorus.")
    head = current(ctx)
    song = head.song
    done: list[str] = []
    notes: list[str] = []
    for name in sections:
        indices = song.find(name)
        first = indices[0]
        n_lines = max(2, min(8, song.sections[first].bars // 2))
        drafted, note = lyricist(song, first, n_lines)
        lines = tuple(" ".join(line.split()) for line in drafted if line.strip())
        if note and note not in notes:
            notes.append(note)
        if not lines:
            raise CowriterError(f"I could not draft lyrics for {song.sections[first].label}; try again or dictate them.")
        for i in indices:
            song = song.replace_section(i, section_with(song.sections[i], lyrics=lines))
        done.append(f"{_labels(song, indices)} ({len(lines)} lines)")
    summary = " ".join(["Lyrics drafted for " + ", ".join(done) + ".", *notes])
    version, audio = commit_rendered(ctx, song, "write_lyrics", summary, song.find(sections[0])[0])
    return ToolResult(summary, version, audio=(audio,), changed=True)


def revise_section(ctx: ToolContext, section: SectionName, direction: Literal["brighter", "darker"]) -> ToolResult:
    """Make a section brighter or darker and play the new version of it.

    Brighter raises the voicings and lead, turns minor chords major through modal
    mixture, adds major-7th and 9th colour and picks brighter instruments; darker does
    the opposite. Applies to every section matching the name (e.g. all choruses).
    """
    head = current(ctx)
    move = {"brighter": transforms.brighten, "darker": transforms.darken}.get(direction)
    if move is None:
        raise CowriterError(f"I can make a section brighter or darker, not '{direction}'.")
    change = move(head.song, section)
    if change.unchanged:
        return ToolResult(f"{section} is already as {direction.removesuffix('er')} as I can make it; nothing changed.")
    summary = change.summary()
    index = change.song.find(section)[0]
    version, audio = commit_rendered(ctx, change.song, f"revise_section:{direction}", summary, index)
    return ToolResult(summary, version, audio=(audio,), changed=True)


def plan_summary(song: Song) -> str:
    """One line describing a freshly planned sheet."""
    meta = song.meta
    minutes, seconds = divmod(round(song.duration_seconds()), 60)
    form = ", ".join(f"{s.label} {s.bars}" for s in song.sections)
    parts = ", ".join(p.name for p in meta.parts)
    return (
        f"Planned '{meta.title}': {meta.style} in {meta.key} at {meta.tempo:g} BPM, {meta.time_signature}; "
        f"{form} ({song.total_bars} bars, {minutes}:{seconds:02d}); {parts}."
    )


def _labels(song: Song, indices: tuple[int, ...]) -> str:
    return ", ".join(song.sections[i].label for i in indices)
