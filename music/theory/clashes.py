"""Where the sung line rubs against its chord: a note a semitone above a chord tone, or against the chord's third.

A rub matters where the ear dwells on it: on a strong beat (the downbeat, the middle of a
four-beat bar, the second dotted beat of a compound bar) or on a note held a beat or longer
under the chord. A semitone *below* a chord tone (B over C, the major seventh) is colour,
not a clash; a note a semitone above one (F over C major, B over an Eb chord) or a third of
the other quality (a sung C under A major) is one.
"""

from __future__ import annotations

from dataclasses import dataclass

from music.band.arrange import lead_centre, sung_section
from music.band.lead import lead_line
from music.band.styles import style_for
from music.song import Song, chord_spans
from music.theory.chords import chord_pitch_classes, chord_root, note_name
from music.words.prosody import STRONG, metre_for

_EPS = 1e-6
_HELD = 1.0  # beats under one chord that make a note a held one


@dataclass(frozen=True)
class Clash:
    """One sung note against one chord, placed as a musician counts: bar and beat from 1 within the section."""

    bar: int
    beat: float
    note: str
    chord: str

    def __str__(self) -> str:
        return f"{self.note} over {self.chord} in bar {self.bar}, beat {self.beat:g}"


def clashes(song: Song, index: int) -> tuple[Clash, ...]:
    """The clashes between section `index`'s lead (its written melody, else the line cowriter plays) and its chords."""
    section = song.sections[index]
    bar_beats = song.meta.beats_per_bar
    metre = metre_for(song.meta.time_signature)
    spans = chord_spans(section, 0.0, bar_beats)
    key = song.key_of(index)
    centre = lead_centre(style_for(song.meta.style), section)
    found: list[Clash] = []
    for note in lead_line(sung_section(song, index), 0.0, bar_beats, key, spans, centre, 90):
        end = note.start + note.duration
        for span in spans:
            overlap = min(end, span.end) - max(note.start, span.start)
            if overlap <= _EPS:
                continue
            onset = max(note.start, span.start)
            in_bar = onset % bar_beats
            on_strong = note.start >= span.start - _EPS and metre.strength(onset) == STRONG
            if not (on_strong or overlap >= _HELD - _EPS) or not rubs(note.pitch % 12, span.symbol):
                continue
            found.append(
                Clash(int(onset // bar_beats) + 1, round(in_bar + 1, 2), note_name(note.pitch, key), span.symbol)
            )
    return tuple(found)


def rubs(pc: int, symbol: str) -> bool:
    """True when pitch class `pc` sung over `symbol` is a semitone above a chord tone or a semitone from its third."""
    tones = chord_pitch_classes(symbol)
    if pc in tones:
        return False
    if any((pc - tone) % 12 == 1 for tone in tones):
        return True
    root = chord_root(symbol)
    thirds = [t for t in tones if (t - root) % 12 in (3, 4)]
    return any((pc - third) % 12 in (1, 11) for third in thirds)


def keep_clear(before: Song, after: Song, index: int) -> tuple[Song, tuple[str, ...]]:
    """`after` with each bar of section `index` whose new chords clash with the sung line given its old chords back.

    A transform may change chords under a written melody (one the musician or
    `write_melody` fixed on the sheet); where that makes a clash the
    section did not have (a sung C under an A major that was A minor), the bar keeps the
    chord it had. `before` and `after` must hold the section at the same index with the
    same bar count; a section whose key changed is left as it is. Returns the song and, for
    each kept bar, the reason in musical words
    ("Am kept in bars 4 and 8, under the sung C").
    """
    old, new = before.sections[index], after.sections[index]
    if old.chords == new.chords or old.bars != new.bars or before.key_of(index) != after.key_of(index):
        return after, ()  # a modulation moves the tune with its chords
    if not new.melody:
        return after, ()  # a line cowriter sings is sung again over the new chords
    had = {(c.bar, c.beat) for c in clashes(before, index)}
    fresh = [c for c in clashes(after, index) if (c.bar, c.beat) not in had]
    if not fresh:
        return after, ()
    song = after
    kept: dict[tuple[str, str], list[int]] = {}
    for bar in sorted({c.bar for c in fresh}):
        chords = list(song.sections[index].chords)
        if chords[bar - 1] == old.chords[bar - 1]:
            continue
        chords[bar - 1] = old.chords[bar - 1]
        trial = song.replace_section(index, song.sections[index].model_copy(update={"chords": tuple(chords)}))
        left = {(c.bar, c.beat) for c in clashes(trial, index) if c.bar == bar} - had
        if len(left) < len({(c.bar, c.beat) for c in fresh if c.bar == bar}):
            song = trial  # the old chord sits under the sung note; a chord that clashes as much is no help
            note = next(c.note for c in fresh if c.bar == bar).rstrip("0123456789-")
            kept.setdefault((old.chords[bar - 1], note), []).append(bar)
    words = tuple(f"{chord} kept in {_bars(bars)}, under the sung {note}" for (chord, note), bars in kept.items())
    return song, words


def _bars(numbers: list[int]) -> str:
    """'bar 4' or 'bars 4 and 8' or 'bars 2, 4 and 8'."""
    if len(numbers) == 1:
        return f"bar {numbers[0]}"
    listed = [str(n) for n in sorted(set(numbers))]
    return "bars " + ", ".join(listed[:-1]) + " and " + listed[-1]
