"""The song sheet as compact Markdown, for the chat and for the language model's context."""

from __future__ import annotations

from music.errors import SongError
from music.song import Part, Section, Song


def describe(song: Song) -> str:
    """The whole sheet as compact Markdown.

    A heading with the title, one line with key, tempo, metre, style, tags and mood, one
    line of parts, then one numbered entry per section: label, kind, bars, energy, the
    chords bar by bar, any register/key/tempo/parts overrides, and the lyrics.

    Args:
        song: The song sheet.

    Returns:
        Markdown text, ending with a newline.
    """
    meta = song.meta
    facts = [str(meta.key), f"{_number(meta.tempo)} BPM", meta.time_signature, meta.style]
    if meta.tags:
        facts.append(", ".join(meta.tags))
    if meta.mood:
        facts.append(f"mood: {meta.mood}")
    if meta.voice:
        facts.append(f"sung by a {meta.voice}")
    lines = [f"# {meta.title}", " · ".join(facts)]
    if meta.parts:
        lines.append(f"Parts: {_parts(meta.parts)}")
    if meta.description:
        lines.append(f"Sound: {meta.description}")
    lines.append(f"{len(song.sections)} sections, {song.total_bars} bars, {_duration(song.duration_seconds())}")
    lines.append("")
    for index, section in enumerate(song.sections):
        lines.append(f"{index + 1}. **{section.label}** ({_section_facts(section)}): {section.chord_line()}")
        overrides = _overrides(song, index)
        if overrides:
            lines.append(f"   {'; '.join(overrides)}")
        for lyric in section.lyrics:
            if lyric.strip():
                lines.append(f"   > {lyric.strip()}")
    return "\n".join(lines) + "\n"


def section_brief(song: Song, index: int) -> str:
    """One section in a sentence or two: label, length, key, tempo, energy, chords and first lyric.

    Args:
        song: The song sheet.
        index: Position of the section in the song, from 0.

    Returns:
        A short plain-text description.

    Raises:
        SongError: If there is no section at `index`.
    """
    if not 0 <= index < len(song.sections):
        raise SongError(f"There is no section number {index + 1}; this song has {len(song.sections)} sections.")
    section = song.sections[index]
    text = (
        f"{section.label}: {_plural(section.bars, 'bar')} in {song.key_of(index)} at "
        f"{_number(song.tempo_of(index))} BPM, energy {section.energy:.1f}; chords {section.chord_line()}"
    )
    if section.register:
        text += f"; register {section.register:+d}"
    if section.parts is not None:
        text += f"; parts {_parts(section.parts)}"
    if section.cymbal is not None:
        text += f"; drums on the {section.cymbal}"
    if section.pushes:
        text += f"; {pushes_phrase(section.pushes)}"
    sung = [line.strip() for line in section.lyrics if line.strip()]
    if sung:
        more = f" (+{_plural(len(sung) - 1, 'line')})" if len(sung) > 1 else ""
        text += f'; lyrics "{sung[0]}"{more}'
    else:
        text += "; instrumental"
    return text + "."


def _section_facts(section: Section) -> str:
    return f"{section.kind}, {_plural(section.bars, 'bar')}, energy {section.energy:.1f}"


def _overrides(song: Song, index: int) -> list[str]:
    section = song.sections[index]
    found = []
    if section.register:
        found.append(f"register {section.register:+d} semitones")
    if section.key is not None and section.key != song.meta.key:
        found.append(f"key {section.key}")
    if section.tempo is not None and section.tempo != song.meta.tempo:
        found.append(f"tempo {_number(section.tempo)} BPM")
    if section.parts is not None and section.parts != song.meta.parts:
        found.append(f"parts {_parts(section.parts)}")
    if section.cymbal is not None:
        found.append(f"drums on the {section.cymbal}")
    if section.pushes:
        found.append(pushes_phrase(section.pushes))
    return found


def pushes_phrase(bars: tuple[int, ...]) -> str:
    """'chords pushed into bars 3 and 5 (an eighth early)'."""
    numbers = [str(bar) for bar in bars]
    said = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return f"chords pushed into {'bar' if len(bars) == 1 else 'bars'} {said} (an eighth early)"


def _parts(parts: tuple[Part, ...]) -> str:
    return ", ".join(f"{p.name} ({p.role}, GM {p.program})" for p in parts) or "none"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _duration(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
