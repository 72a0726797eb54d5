"""Tools for the lyricist that change nothing: check a section's lines against its notes, and find rhymes."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from music import lyric_craft
from music.errors import CowriterError
from music.song import section_with
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.rendering import commit_rendered
from tools.songwriting import SectionName

RHYME_LIMIT = 12
Word = Annotated[str, Field(description="one word to rhyme with, e.g. 'home'")]
LineNumber = Annotated[int, Field(ge=1, le=32, description="a lyric line of the section, counted from 1")]


def check_lyrics(ctx: ToolContext, section: SectionName) -> ToolResult:
    """Check a section's lyrics: syllables per line, the rhyme scheme, and lines that do not fit their notes.

    Use when the musician asks whether their lines scan, rhyme or fit the melody. Nothing changes.
    """
    song = current(ctx).song
    index = song.find(section)[0]
    label = song.sections[index].label
    lines = [line for line in song.sections[index].lyrics if line.strip()]
    if not lines:
        return ToolResult(f"{label} has no lyrics yet; write some with /write {section} or /lyrics {section}: line / line.")
    counts = lyric_craft.syllable_counts(lines)
    scheme = lyric_craft.rhyme_scheme(lines)
    problems = lyric_craft.line_problems(song, index)
    plural = "s" if len(lines) != 1 else ""
    head = f"{label}, {len(lines)} line{plural}: syllables {', '.join(map(str, counts))}; rhyme scheme {scheme.describe()}"
    fit = " ".join(problems) if problems else "Every line fits its notes, stresses on the beat."
    return ToolResult(f"{head}\n{fit}")


def rhymes(ctx: ToolContext, word: Word) -> ToolResult:
    """Find rhymes for a word, most singable first: perfect rhymes, then slant rhymes. Nothing changes."""
    found = lyric_craft.rhymes_for(word, limit=RHYME_LIMIT)
    said = []
    if found.perfect:
        said.append(f"Rhymes for '{found.word}': {', '.join(found.perfect)}.")
    else:
        said.append(f"I know no perfect rhyme for '{found.word}'.")
    if found.slant:
        said.append(f"Slant rhymes: {', '.join(found.slant)}.")
    if not found.known:
        said.append("I don't know that word, so I guessed its sound from the spelling.")
    return ToolResult(" ".join(said))


def rhyme_line(ctx: ToolContext, section: SectionName, line: LineNumber, with_line: LineNumber) -> ToolResult:
    """Make one lyric line rhyme with another by changing its last word, and play the section.

    Use for "make line 3 rhyme with line 1 in the chorus". The new end word keeps the
    syllable count where a rhyme allows; the reply offers the other candidates, so the
    musician can pick a better one with /lyrics.
    """
    head = current(ctx)
    song = head.song
    indices = song.find(section)
    lines = list(song.sections[indices[0]].lyrics)
    label = song.sections[indices[0]].label
    for number in (line, with_line):
        if number > len(lines):
            raise CowriterError(f"{label} has {len(lines)} lyric lines, so there is no line {number}.")
    if line == with_line:
        raise CowriterError("A line already rhymes with itself; name two different lines.")
    candidates = lyric_craft.make_rhyme(lines[with_line - 1], lines[line - 1])
    if not candidates:
        raise CowriterError(f"I found no rhyme for the end of line {with_line}; try /rhymes with its last word.")
    words = lines[line - 1].rstrip(" .,;:!?").split()
    new = " ".join([*words[:-1], candidates[0]])
    before = lines[line - 1]
    lines[line - 1] = new
    for i in indices:
        song = song.replace_section(i, section_with(song.sections[i], lyrics=tuple(lines)))
    others = ", ".join(candidates[1:6])
    summary = f"{label}, line {line}: '{before}' -> '{new}' (rhymes with line {with_line})."
    if others:
        summary += f" Other endings that rhyme: {others}."
    version, audio = commit_rendered(ctx, song, "rhyme_line", summary, indices[0])
    return ToolResult(summary, version, audio=(audio,), changed=True)
