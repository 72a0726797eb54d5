"""Tools that offer alternatives to A/B: other melodies, other progressions, other plans, each its own version.

Every take is saved as a version of its own, a sibling of the version it was made from, so
the musician hears one, compares any two and keeps the one they like; the one they had
stays where it was. The reply lists the versions with what each one is, read off its notes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from music.edits import alternatives
from music.edits.alternatives import MOST, Take
from music.errors import CowriterError
from music.words.voices import VOICES
from tools.changes import section_to_render
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.craft import Voice
from tools.memory_tools import load_preferences
from tools.rendering import commit_rendered
from tools.songwriting import SectionName, plan_summary

if TYPE_CHECKING:
    from memory.store import Version
    from music.song import Song

Count = Annotated[int, Field(description=f"how many alternatives to make, 1 to {MOST} (more are capped at {MOST})")]
_NUMBERS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}


def alternative_melodies(
    ctx: ToolContext, section: SectionName, count: Count = 1, voice: Voice | None = None
) -> ToolResult:
    """Write other melodies for a section, each saved as its own version to A/B and keep; play them.

    Use when the musician asks for another melody or several to choose from ("give me three
    chorus melodies", "another tune for verse 2"). Each is the melody writer with another
    seed: the same lyrics a note per syllable (a rapped verse rapped), the same voice,
    sections of one kind sharing their tune; each differs from the melody there now and
    from the others. The first becomes the current version; the reply lists every version
    with its contour, peak and rhythm. Without a voice, the one the melody was sung in.
    """
    head = current(ctx)
    wanted = _how_many(count, "melodies")
    sung = voice or _voice_of(ctx, head)
    indices = head.song.find(section)
    labels = _labels(head.song, indices)
    takes = alternatives.melody_takes(head.song, section, wanted, sung)
    if not takes:
        raise CowriterError(f"I found no other melody for {labels} that differs enough from the one it has, "
                            "so nothing changed.")  # fmt: skip
    index = section_to_render(head.song, section)
    made = _commit_takes(ctx, head, takes, f"melody_take:{sung}", f"{labels}: melody", index)
    lines = [f"{take.words}; {take.moved} of {take.of} notes differ from version {head.number}" for take, _, _ in made]
    fewer = f"I found only {_count(len(made), 'other melody', 'other melodies')} for {labels} different enough from each other"
    title = f"{_count(len(made), 'other melody', 'other melodies')} for {labels} ({_in(sung)})"
    return _reply(head, made, title, lines, _asked(count, len(made), "melodies", fewer), "the melody it had")


def alternative_progressions(ctx: ToolContext, section: SectionName, count: Count = 1) -> ToolResult:
    """Give a section another chord progression from the style's tables, each saved as its own version; play them.

    Use when the musician asks for another progression or different chords for a section
    without naming a harmony style ("another progression for the verse", "different chords
    for the bridge", "two other chord progressions for the chorus"). Each is the planner's
    progression for the section's kind, the key's mode and the song's style with another
    seed, one chord a bar under the same bars, with different roots from the chords there now.
    A bar whose new chord would clash with a written melody keeps its old one. The first
    becomes the current version; the reply lists every version with its chords.
    """
    head = current(ctx)
    wanted = _how_many(count, "progressions")
    indices = head.song.find(section)
    labels = _labels(head.song, indices)
    takes = alternatives.progression_takes(head.song, section, wanted)
    first = head.song.sections[indices[0]]
    mode = head.song.key_of(indices[0]).mode
    tables = f"The {head.song.meta.style} tables hold"
    if not takes:
        raise CowriterError(f"{tables} no other progression for a {mode} {first.kind}, so nothing changed; "
                            f"/reharm {_quoted(section)} jazz, borrowed or gospel gives it new chords another way.")  # fmt: skip
    index = section_to_render(head.song, section)
    made = _commit_takes(ctx, head, takes, "progression_take", f"{labels}: progression", index)
    lines = []
    for take, _, _ in made:
        kept = f"; {', '.join(take.held)}" if take.held else ""
        lines.append(f"{take.words}{kept}; {take.moved} of {take.of} bars differ from version {head.number}")
    fewer = f"{tables} only {_count(len(made), 'other progression', 'other progressions')} for a {mode} {first.kind}"
    title = f"{_count(len(made), 'other progression', 'other progressions')} for {labels}, same bars"
    return _reply(head, made, title, lines, _asked(count, len(made), "progressions", fewer), "the chords it had")


def alternative_plans(ctx: ToolContext, count: Count = 1) -> ToolResult:
    """Plan the song's brief again with other seeds, each plan saved as its own version; play them.

    Use when the musician asks for another plan or to plan it differently ("another plan",
    "plan it differently", "show me three other plans"). Each keeps the brief (title,
    subject, style, key, tempo, metre and form) and takes other progressions from the
    planner's tables; each differs from the plan there now. The new plans are fresh sheets
    (lyrics and melodies stay in the version they were written in). The first becomes the
    current version; the reply lists every version with the chords that differ.
    """
    head = current(ctx)
    wanted = _how_many(count, "plans")
    planned = _plan_of(ctx, head)
    takes = alternatives.plan_takes(planned.song, wanted, (head.song,), load_preferences(ctx))
    if not takes:
        raise CowriterError(f"The planner has no other plan for the brief of version {planned.number} "
                            f"({planned.song.meta.style} in {planned.song.meta.key}), so nothing changed; "
                            "ask for another progression for one section instead.")  # fmt: skip
    made = _commit_takes(ctx, head, takes, "plan_take", "plan", None, summaries=plan_summary)
    lines = [f"{take.words}" for take, _, _ in made]
    fewer = f"The planner has only {_count(len(made), 'other plan', 'other plans')} for this brief"
    words = [s for s in head.song.sections if s.lyrics or s.melody]
    kept = f"Your lyrics and melodies stay in version {head.number}." if words else ""
    title = f"{_count(len(made), 'other plan', 'other plans')} of '{planned.song.meta.title}', same form, key and tempo"
    return _reply(head, made, title, lines, (*_asked(count, len(made), "plans", fewer), kept), "the plan it had")


# -- versions ---------------------------------------------------------------------------


def _commit_takes(
    ctx: ToolContext,
    head: Version,
    takes: tuple[Take, ...],
    action: str,
    what: str,
    index: int | None,
    summaries: Callable[[Song], str] | None = None,
) -> list[tuple[Take, Version, Path]]:
    """Save each take as a version of its own, every one a child of `head`, rendered; the first ends current.

    A writer who saves meanwhile keeps their version current: no further take is saved and
    the head is not moved off theirs.
    """
    made: list[tuple[Take, Version, Path]] = []
    for take in takes:
        if made:
            if ctx.store.head_id(ctx.project) != made[-1][1].id:
                break  # someone else saved since: theirs stays current, and what was made is kept
            ctx.store.checkout(ctx.project, head.id)
            if ctx.basis is not None:
                ctx.basis = head.id
        lead = f"{what} take {take.number} of {len(takes)}: {take.words}"
        summary = (
            f"{summaries(take.song)} {lead[:1].upper()}{lead[1:]}."
            if summaries is not None
            else f"{lead[:1].upper()}{lead[1:]}."
        )
        version, audio = commit_rendered(ctx, take.song, action, summary, index)
        made.append((take, version, audio))
    first = made[0][1]
    if len(made) > 1 and ctx.store.head_id(ctx.project) == made[-1][1].id:
        ctx.store.checkout(ctx.project, first.id)
        if ctx.basis is not None:
            ctx.basis = first.id
    return made


def _reply(
    head: Version,
    made: list[tuple[Take, Version, Path]],
    title: str,
    lines: list[str],
    notes: tuple[str, ...],
    had: str,
) -> ToolResult:
    """The versions listed with what each is, then how to hear and keep one; the first take is current."""
    first = made[0][1]
    numbers = [version.number for _, version, _ in made]
    listed = [f"- Version {version.number}{' (current now)' if version.id == first.id else ''}: {line}."
              for (_, version, _), line in zip(made, lines, strict=True)]  # fmt: skip
    others = " or ".join(f"/checkout {n}" for n in numbers[1:])
    how = f"Keep version {first.number} as it is, " + (f"hear and keep another with {others}, " if others else "")
    how += f"or go back to {had} with /checkout {head.number}; Version A and B in the versions panel play any two side by side."
    header = f"{title[:1].upper()}{title[1:]}, each its own version (version {head.number} keeps {had}):"
    text = "\n".join([" ".join(n for n in notes if n), header, *listed, how]).strip()
    audio = tuple(path for _, _, path in made)
    return ToolResult(text, first, audio=audio, changed=True)


def _plan_of(ctx: ToolContext, head: Version) -> Version:
    """The version the current song was planned in: the nearest plan (or plan take) it descends from.

    Raises:
        CowriterError: For a song that was imported, or planned in the musician's own style.
    """
    by_id = {v.id: v for v in ctx.store.versions(ctx.project)}
    version: Version | None = head
    while version is not None:
        tool, _, detail = version.action.partition(":")
        if tool == "plan_song" and detail == "mine":
            raise CowriterError(f"Version {version.number} was planned in your own style, walked from your chord habits, "
                                "which give one plan of a brief; ask for another progression for a section instead.")  # fmt: skip
        if tool in ("plan_song", "plan_take"):
            return version
        version = by_id.get(version.parent) if version.parent is not None else None
    raise CowriterError("This song was not planned from a brief here, so there is no brief to plan again; "
                        "/plan a brief starts a new one.")  # fmt: skip


def _voice_of(ctx: ToolContext, head: Version) -> str:
    """The voice the song's melody was written for (the nearest melody in its history), else the musician's, else tenor."""
    by_id = {v.id: v for v in ctx.store.versions(ctx.project)}
    version: Version | None = head
    while version is not None:
        tool, _, detail = version.action.partition(":")
        if tool in ("write_melody", "melody_take") and detail in VOICES:
            return detail
        version = by_id.get(version.parent) if version.parent is not None else None
    kept = load_preferences(ctx).latest("voice")
    return str(kept[0]) if kept is not None else "tenor"


def _how_many(count: int, noun: str) -> int:
    """The number of takes to make: `count`, at most MOST.

    Raises:
        CowriterError: For a count below one.
    """
    if count < 1:
        raise CowriterError(f"Ask for at least one; I make 1 to {MOST} {noun} at a time.")
    return min(count, MOST)


def _asked(count: int, made: int, noun: str, fewer: str) -> tuple[str, ...]:
    """What the reply says first when it makes fewer than asked: past the cap, or fewer to be found.

    `fewer` is the sentence, without its full stop, that says why fewer were found.
    """
    if count > MOST:
        capped = f"{MOST} {noun} at a time is the most I make, not {count}"
        if made < MOST:
            return (f"{capped}, and {fewer[:1].lower()}{fewer[1:]}.",)
        return (f"{capped}, so here are {MOST}; ask again for more.",)
    return (f"{fewer}.",) if made < count else ()


def _count(n: int, one: str, many: str) -> str:
    word = _NUMBERS.get(n, str(n)).lower()
    return f"{word} {one if n == 1 else many}"


def _in(voice: str) -> str:
    return f"for a {voice}" if voice[:1] not in "aeiou" else f"for an {voice}"


def _labels(song: Song, indices: tuple[int, ...]) -> str:
    return ", ".join(song.sections[i].label for i in indices)


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name
