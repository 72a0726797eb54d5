"""What a take is, in a musician's words, read off its notes: a melody's contour, peak and rhythm; a progression's chords."""

from __future__ import annotations

from collections.abc import Sequence

from music.song import Note, Song
from music.theory.chords import note_name
from music.words.hooks import note_lines, section_shape

_LEAP = 5  # a fourth: a leap the ear hears as one


def melody_words(song: Song, index: int) -> str:
    """A section's melody as a musician compares takes: its contour to its peak, range, rhythm and leaps.

    For example "arches up to A4 on 'won't' in bar 7; range C4-A4; lines peak on F4, G4, E4, A4; on the
    beat, 2 pickups; 3 leaps of a fourth or more".
    """
    section = song.sections[index]
    notes = sorted(section.melody, key=lambda n: n.start)
    if not notes:
        return "no melody"
    key = song.key_of(index)
    beats = song.meta.beats_per_bar
    pitches = [n.pitch for n in notes]
    shape = section_shape(song, index)
    top = pitches.index(max(pitches))
    word = _word_at(notes, top)
    peak = (
        note_name(pitches[top], key)
        + (f" on '{word}'" if word else "")
        + f" in bar {int(notes[top].start // beats) + 1}"
    )
    third = max(1, len(pitches) // 3)
    opening, middle, closing = (_mean(pitches[:third]), _mean(pitches[third:-third] or pitches),
                                _mean(pitches[-third:]))  # fmt: skip
    if closing > opening + 1 and middle <= closing + 1:
        contour = f"climbs to {peak}"
    elif closing < opening - 1 and middle <= opening + 1:
        contour = f"falls away from {peak}"
    elif middle > max(opening, closing) + 1:
        contour = f"arches up to {peak}"
    else:
        contour = f"hovers around {note_name(shape.middle or pitches[0], key)}, up to {peak}"
    pushed = round(shape.syncopation * len(notes))
    rhythm = "on the beat" if not pushed else f"{pushed} note{_s(pushed)} pushed ahead of the beat"
    if shape.pickups:
        rhythm += f", {shape.pickups} pickup{_s(shape.pickups)}"
    leaps = sum(1 for a, b in zip(pitches, pitches[1:], strict=False) if abs(b - a) >= _LEAP)
    motion = f"{leaps} leap{_s(leaps)} of a fourth or more" if leaps else "all steps and small skips"
    span = f"range {note_name(min(pitches), key)}-{note_name(max(pitches), key)}"
    tops = [note_name(max(n.pitch for n in line), key) for line in note_lines(song, index) if line]
    lines = f"lines peak on {', '.join(tops)}" if len(tops) > 1 else ""
    return "; ".join(part for part in (contour, span, lines, rhythm, motion) if part)


def chords_words(song: Song, indices: Sequence[int]) -> str:
    """The sections' chords bar by bar, sections with the same chords named together: "Verse 1, Verse 2: Dm | Bb | F | C"."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for index in indices:
        section = song.sections[index]
        groups.setdefault(section.chords, []).append(section.label)
    return "; ".join(f"{', '.join(labels)}: {' | '.join(chords)}" for chords, labels in groups.items())


def plan_words(song: Song, reference: Song) -> str:
    """A plan by the progression each kind of section plays, first four bars, where it differs from `reference`'s.

    For example "verses Dm | C | Bb | C, choruses Bb | F | C | Dm; intro and outro as before".
    """
    changed: list[str] = []
    same: list[str] = []
    for kind in dict.fromkeys(s.kind for s in song.sections):
        mine = next(s for s in song.sections if s.kind == kind)
        theirs = next((s for s in reference.sections if s.kind == kind), None)
        name = _plural(kind) if sum(1 for s in song.sections if s.kind == kind) > 1 else kind
        if theirs is not None and theirs.chords == mine.chords:
            same.append(name)
        else:
            changed.append(f"{name} {' | '.join(mine.chords[:4])}")
    text = ", ".join(changed) or "the same chords"
    if same:
        text += f"; {_and(same)} as before"
    return text


def _word_at(notes: Sequence[Note], k: int) -> str:
    """The whole word a note sings a syllable of ('leav-' 'ing' -> 'leaving'), or '' for a note without one."""
    if notes[k].lyric is None:
        return ""
    start = k
    while start > 0 and (notes[start - 1].lyric or "").endswith("-"):
        start -= 1
    end = k
    while end + 1 < len(notes) and (notes[end].lyric or "").endswith("-") and notes[end + 1].lyric is not None:
        end += 1
    word = "".join((n.lyric or "").rstrip("-") for n in notes[start : end + 1])
    return "".join(c for c in word if c.isalnum() or c in "'’")


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _plural(kind: str) -> str:
    return f"{kind}es" if kind.endswith("s") else f"{kind}s"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
