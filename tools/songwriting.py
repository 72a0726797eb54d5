"""Tools that write the song: plan a sheet, set or draft lyrics, revise a section's colour."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import Field

from music.edits import energy, harmony, tension, transforms
from music.errors import CowriterError
from music.plan import planner
from music.plan.fingerprint import plan_in_style
from music.preference_notes import obeyed, sentences
from music.song import Song, section_with
from music.words.lyric_craft import lines_for, rhyme_scheme, syllable_counts
from tools.changes import commit_change, section_to_render
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.lyricist import Lyricist, LyricRequest
from tools.memory_tools import load_preferences
from tools.profiles import load_profile
from tools.rendering import commit_rendered

SectionName = Annotated[str, Field(description="a section as the musician names it: 'chorus', 'Verse 2', 'last chorus', 'bridge'")]
Direction = Literal["brighter", "darker", "more energy", "calmer", "more tension", "resolve", "simpler", "richer"]
InMyStyle = Annotated[bool, Field(description="plan with the chord habits, key and tempo learned from the musician's own songs")]

_MOVES: dict[str, Callable[[Song, str], transforms.Change]] = {
    "brighter": transforms.brighten, "darker": transforms.darken, "more energy": energy.add_energy,
    "calmer": energy.calm, "more tension": tension.add_tension, "resolve": tension.resolve,
    "simpler": harmony.simplify, "richer": harmony.enrich,
}  # fmt: skip
# How the reply says that a section cannot move further in a direction.
_FURTHER: dict[str, str] = {
    "brighter": "any brighter", "darker": "any darker", "more energy": "any more energetic",
    "calmer": "any calmer", "more tension": "any more tense", "resolve": "resolve any more fully",
    "simpler": "any simpler", "richer": "any richer",
}  # fmt: skip


def plan_song(ctx: ToolContext, brief: str, in_my_style: InMyStyle = False) -> ToolResult:
    """Plan a new song sheet from a brief and play a sketch of the whole song.

    Use when the musician asks to start or write a new song. The brief is their words,
    e.g. "folk song about leaving home, 90 BPM, D minor": style, subject, tempo, key and
    time signature are read from it. Plans sections with bar counts, chords per bar,
    instrumentation and energy. With in_my_style, the chords follow the habits learned
    from the musician's own songs (learn_style), and a key or tempo the brief leaves out
    comes from them too. The musician's standing preferences are obeyed: a banned instrument
    gives way to the style's next best, a wanted one joins, and their key, tempo and intro
    length are used where the brief names none.
    """
    if not brief.strip():
        raise CowriterError("Tell me a little about the song first: a style, a subject, maybe a key or a tempo.")
    prefs = load_preferences(ctx)
    if in_my_style:
        profile = load_profile(ctx)
        plain = plan_in_style(brief, profile)
        song = planner.obey(plan_in_style(planner.preferred_words(brief, prefs), profile), prefs) if prefs.items else plain
    else:
        plain = planner.plan_song(brief)
        song = planner.plan_song(brief, prefs) if prefs.items else plain
    # Said only where a preference made the plan differ from the one the brief alone gives.
    shaped = sentences(obeyed(plain, song, prefs))
    summary = " ".join(filter(None, (plan_summary(song), "Chords in your style." if in_my_style else "", shaped)))
    version, audio = commit_rendered(ctx, song, "plan_song:mine" if in_my_style else "plan_song", summary)
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
    chorus"). Lines are drafted to the song's subject and mood, about one line per two bars
    (a rapped verse a line a bar, in couplets), each checked for its syllables and its rhyme. A section whose drafts all fail the checks
    is left as it was, and the reply asks the musician for a line or an image to build on.
    """
    if not sections:
        raise CowriterError("Say which sections need lyrics, for example the first verse and the chorus.")
    head = current(ctx)
    song = head.song
    done: list[str] = []
    questions: list[str] = []
    first_changed: int | None = None
    # The musician's lyric habits hold ("no cliches like 'fire'").
    avoid = load_preferences(ctx).avoid_words
    for name in sections:
        indices = song.find(name)
        first = indices[0]
        n_lines = lines_for(song, first)[1]
        answer = lyricist(LyricRequest(song=song, index=first, n_lines=n_lines, avoid=avoid))
        lines = tuple(" ".join(line.split()) for line in answer.lines if line.strip())
        if len(lines) != n_lines:
            question = answer.question or f"I could not draft lyrics for {song.sections[first].label}; give me a first line or an image to build on."
            if question not in questions:
                questions.append(question)
            continue
        for i in indices:
            song = song.replace_section(i, section_with(song.sections[i], lyrics=lines))
        first_changed = first if first_changed is None else first_changed
        counts = syllable_counts(list(lines))
        scheme = rhyme_scheme(list(lines)).letters
        done.append(f"{_labels(song, indices)} ({len(lines)} lines, {min(counts)}-{max(counts)} syllables, rhyme scheme {scheme})")
    if first_changed is None:
        # Nothing passed: the sheet stays as it was and the musician is asked, not given filler.
        raise CowriterError(" ".join(questions))
    summary = " ".join(["Lyrics drafted for " + ", ".join(done) + ".", *questions])
    version, audio = commit_rendered(ctx, song, "write_lyrics", summary, first_changed)
    return ToolResult(summary, version, audio=(audio,), changed=True)


def revise_section(ctx: ToolContext, section: SectionName, direction: Direction) -> ToolResult:
    """Change a section's colour, drive or harmony in one direction and play the new version of it.

    brighter / darker: voicings and lead up or down, chords towards major or minor through
    modal mixture, brighter or darker instruments. more energy / calmer: busier or sparser
    drums and bass, played harder or softer. more tension: secondary dominants,
    suspensions, a dominant pedal before the chorus. resolve: suspensions released and a
    full cadence at the end. simpler: plain triads on the key's primary chords, one a bar.
    richer: sevenths and ninths by function, passing chords. Applies to every section
    matching the name (e.g. all choruses); 'all' is the whole song.
    """
    move = _MOVES.get(direction)
    if move is None:
        raise CowriterError(f"I can make a section {', '.join(_MOVES)}, but not '{direction}'.")
    head = current(ctx)
    if direction in ("brighter", "darker"):
        # Brighter and darker may swap instruments: never to one the musician refused.
        preferences = load_preferences(ctx)
        colour = transforms.brighten if direction == "brighter" else transforms.darken
        change = colour(head.song, section, lambda part, kind: preferences.refusal(part, kind) is not None)
    else:
        change = move(head.song, section)
    nothing = f"I can't make {_labels(head.song, head.song.find(section))} {_FURTHER[direction]}, so nothing changed."
    return commit_change(ctx, change, f"revise_section:{direction}", section_to_render(head.song, section), nothing)


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
