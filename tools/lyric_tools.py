"""Tools for the words: check a section's lines against its notes, find rhymes, make a line rhyme, rewrite lyrics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import Field

from music.errors import CowriterError
from music.song import Song, section_with
from music.words import lyric_craft
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.lyricist import Lyricist, LyricRequest
from tools.memory_tools import load_preferences
from tools.rendering import commit_rendered
from tools.songwriting import SectionName

RHYME_LIMIT = 12
Word = Annotated[str, Field(description="one word to rhyme with, e.g. 'home'")]
LineNumber = Annotated[int, Field(ge=1, le=32, description="a lyric line of the section, counted from 1")]
How = Annotated[str, Field(description="how to rewrite, in the musician's words: 'more hopeful', 'fewer syllables', "
                                       "'use the image of a train'; empty for a fresh take")]


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


def rewrite_lyrics(
    ctx: ToolContext, section: SectionName, how: How = "", line: LineNumber | None = None, *, lyricist: Lyricist
) -> ToolResult:
    """Rewrite a section's lyrics, or one line of them, the way the musician asks, and play the section.

    Use for "make the chorus lyrics more hopeful" (how="more hopeful"), "rewrite line 3 of
    verse 1" (line=3: only that line changes and it still rhymes where it did), "fewer
    syllables in the bridge" (how="fewer syllables"), "use the image of a train in the
    verse" (how="use the image of a train"). Every matching section gets the new lines (all
    choruses). The reply says which lines changed, their syllables before and after and the
    rhyme scheme, measured on the sheet.
    """
    head = current(ctx)
    song = head.song
    indices = song.find(section)
    first = indices[0]
    label = song.sections[first].label
    before = [text for text in song.sections[first].lyrics if text.strip()]
    if not before:
        raise CowriterError(f"{label} has no lyrics yet; draft some first with /write {section}.")
    if line is not None and line > len(before):
        raise CowriterError(f"{label} has {len(before)} lyric lines, so there is no line {line}.")
    wish = read_how(how)
    counts = lyric_craft.syllable_counts(before)
    syllables = _target(counts if line is None else [counts[line - 1]], wish.syllables)
    request = LyricRequest(
        song=song, index=first, n_lines=len(before), line=line, mood=wish.mood, image=wish.image, theme=wish.theme,
        syllables=syllables, avoid=load_preferences(ctx).avoid_words,
    )  # fmt: skip
    answer = lyricist(request)
    after = [" ".join(text.split()) for text in answer.lines if text.strip()]
    if len(after) != len(before):
        raise CowriterError(answer.question or f"None of my redrafts of {label} held up, so nothing changed.")
    _check(label, before, after, line, wish)
    for i in indices:
        song = song.replace_section(i, section_with(song.sections[i], lyrics=tuple(after)))
    summary = _rewrite_summary(song, indices, before, after, wish)
    version, audio = commit_rendered(ctx, song, "rewrite_lyrics", summary, first)
    return ToolResult(summary, version, audio=(audio,), changed=True)


@dataclass(frozen=True)
class Rewrite:
    """What a musician's "how" asks of a rewrite.

    Attributes:
        mood: A mood to write in ("hopeful" from "more hopeful"); empty to keep the song's.
        image: A word the lines must use ("train" from "use the image of a train").
        syllables: -1 for shorter lines, 1 for longer, 0 to keep their lengths.
        theme: Whatever else was said, passed to the lyricist in the musician's words.
    """

    mood: str = ""
    image: str = ""
    syllables: int = 0
    theme: str = ""


_SHORTER = re.compile(r"\b(?:(?:fewer|less)\s+(?:syllables|words)|short(?:er)?(?:\s+lines)?|tighter|less\s+wordy|trim(?:med)?)\b")
_LONGER = re.compile(r"\b(?:more\s+(?:syllables|words)|long(?:er)?(?:\s+lines)?|wordier)\b")
_THING = r"(?:an?\s+|the\s+|some\s+)?(?P<image>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*)?)"
# "the image of a train" before "with a train": the first names the image outright.
_IMAGES = (
    re.compile(r"\b(?:image|idea|picture|word)\s+of\s+" + _THING),
    re.compile(r"\b(?:mention(?:ing)?|includ(?:e|ing)|with|word)\s+" + _THING),
)
_MOOD = re.compile(r"\b(?:(?:a\s+(?:bit|little)\s+)?(?P<more>more|less)\s+)(?P<mood>[a-z]+)\b")
_COMPARATIVES = {
    "happier": "happy", "sadder": "sad", "darker": "dark", "angrier": "angry", "brighter": "bright",
    "lighter": "light", "warmer": "warm", "colder": "cold", "softer": "soft", "gentler": "gentle",
    "bolder": "bold", "sweeter": "sweet", "tougher": "tough", "lonelier": "lonely", "dreamier": "dreamy",
}  # fmt: skip
# Words that only lead into a wish ("make it ... "), dropped from the front of what is left.
_LEADS = frozenset("make it them the lyrics lyric words lines please and sound feel rewrite so use with a an of bit little add".split())


def read_how(how: str) -> Rewrite:
    """Read what a musician asks of a rewrite: a mood, an image, shorter or longer lines, anything else.

    "more hopeful" -> mood 'hopeful'; "use the image of a train" -> image 'train';
    "fewer syllables" -> shorter; "happier and shorter" -> mood 'happy', shorter.
    """
    # Quotes around a word go; an apostrophe inside one ("don't") stays.
    text = " ".join(re.sub(r"[\"“”‘’]|(?<!\w)'|'(?!\w)", " ", how.lower()).split())
    syllables = -1 if _SHORTER.search(text) else 1 if _LONGER.search(text) else 0
    rest = _LONGER.sub(" ", _SHORTER.sub(" ", text))
    image = ""
    found = next((match for pattern in _IMAGES if (match := pattern.search(rest))), None)
    if found:
        # The last word of the phrase is the thing itself: "train station" is a station.
        image = found.group("image").split()[-1].strip("'-")
        rest = rest.replace(found.group(0), " ")
    mood = ""
    moved = _MOOD.search(rest)
    if moved and moved.group("mood") not in ("syllables", "words", "lines"):
        mood = moved.group("mood") if moved.group("more") == "more" else f"less {moved.group('mood')}"
        rest = rest.replace(moved.group(0), " ")
    else:
        for word, plain in _COMPARATIVES.items():
            if re.search(rf"\b{word}\b", rest):
                mood = plain
                rest = re.sub(rf"\b{word}\b", " ", rest)
                break
    words = rest.replace(",", " ").split()
    while words and words[0] in _LEADS:
        words.pop(0)
    while words and words[-1] in _LEADS:
        words.pop()
    theme = " ".join(words)
    return Rewrite(mood=mood, image=image, syllables=syllables, theme=theme if len(theme) > 2 else "")


def _target(counts: list[int], change: int) -> int | None:
    """Syllables per line to aim for: two fewer (or more) than the lines have now, or None to keep the section's."""
    if not change:
        return None
    mean = round(sum(counts) / len(counts))
    return max(3, mean - 2) if change < 0 else min(14, mean + 2)


def _check(label: str, before: list[str], after: list[str], line: int | None, wish: Rewrite) -> None:
    """Refuse a redraft that does not do what was asked, so no version claims a change it lacks."""
    if after == before:
        raise CowriterError(f"My redraft of {label} came out the same as before, so nothing changed.")
    if line is not None and any(a != b for k, (a, b) in enumerate(zip(before, after, strict=True)) if k != line - 1):
        raise CowriterError(f"My redraft touched more of {label} than line {line}, so nothing changed.")
    old, new = sum(lyric_craft.syllable_counts(before)), sum(lyric_craft.syllable_counts(after))
    if wish.syllables < 0 and new >= old:
        raise CowriterError(f"My redraft of {label} came out no shorter ({old} syllables, now {new}), so nothing changed.")
    if wish.syllables > 0 and new <= old:
        raise CowriterError(f"My redraft of {label} came out no longer ({old} syllables, now {new}), so nothing changed.")
    if wish.image and not _where(after, wish.image):
        raise CowriterError(f"I could not work '{wish.image}' into {label}, so nothing changed; try a line of your own with it.")


def _where(lines: list[str], word: str) -> list[int]:
    """The lines (from 1) that use `word` or a longer form of it."""
    found = re.compile(rf"\b{re.escape(word.lower())}\w*", re.IGNORECASE)
    return [k + 1 for k, text in enumerate(lines) if found.search(text)]


def _rewrite_summary(song: Song, indices: tuple[int, ...], before: list[str], after: list[str], wish: Rewrite) -> str:
    """What changed, measured: the lines, their syllables before and after, the rhyme scheme, where an image went."""
    labels = ", ".join(song.sections[i].label for i in indices)
    changed = [k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    old = lyric_craft.syllable_counts([before[k] for k in changed])
    new = lyric_craft.syllable_counts([after[k] for k in changed])
    schemes = lyric_craft.rhyme_scheme(before).letters, lyric_craft.rhyme_scheme(after).letters
    scheme = f"rhyme scheme {schemes[0]}" if schemes[0] == schemes[1] else f"rhyme scheme {schemes[0]} -> {schemes[1]}"
    if len(changed) == 1:
        k = changed[0]
        said = f"{labels}, line {k + 1}: '{before[k]}' -> '{after[k]}' ({old[0]} -> {new[0]} syllables; {scheme})."
    else:
        numbers = _numbers([k + 1 for k in changed])
        counts = f"{', '.join(map(str, old))} -> {', '.join(map(str, new))}"
        said = f"{labels}: {numbers} rewritten (syllables {counts}; {scheme})."
    if wish.image:
        places = _where(after, wish.image)
        said += f" '{wish.image}' is in {_numbers(places)}."
    return said


def _numbers(lines: list[int]) -> str:
    if len(lines) == 1:
        return f"line {lines[0]}"
    if lines == list(range(lines[0], lines[-1] + 1)):
        return f"lines {lines[0]}-{lines[-1]}"
    return "lines " + ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
