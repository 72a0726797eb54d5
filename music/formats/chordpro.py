"""The song sheet as text musicians already use: a ChordPro chart and a plain lyric sheet."""

from __future__ import annotations

import logging

from music.song import Key, Section, Song, chord_spans

logger = logging.getLogger(__name__)

# Section kinds that have their own ChordPro environment; the rest get only a comment.
_ENVIRONMENTS = {"verse": "verse", "chorus": "chorus", "bridge": "bridge"}
_MINOR_MODES = {"minor", "dorian", "phrygian"}
_GRID_BARS_PER_LINE = 4


def to_chordpro(song: Song) -> str:
    """The song as a ChordPro chart.

    Metadata directives come first ({title}, {key}, {tempo}, {time}); each section is
    announced with a {comment} carrying its label. Verses, choruses and bridges sit in
    their start_of/end_of environments. Lyric lines carry their bars' chords inline,
    spread over the words in bar order; sections without lyrics print a chord grid with
    one cell per beat ("| Dm . . . | Bb . . . |").

    Args:
        song: The song sheet.

    Returns:
        The chart as text, ending with a newline.
    """
    lines = [
        f"{{title: {song.meta.title}}}",
        f"{{key: {key_symbol(song.meta.key)}}}",
        f"{{tempo: {_number(song.meta.tempo)}}}",
        f"{{time: {song.meta.time_signature}}}",
    ]
    current_key, current_tempo = song.meta.key, song.meta.tempo
    for index, section in enumerate(song.sections):
        lines.append("")
        key, tempo = song.key_of(index), song.tempo_of(index)
        if key != current_key:
            lines.append(f"{{key: {key_symbol(key)}}}")
            current_key = key
        if tempo != current_tempo:
            lines.append(f"{{tempo: {_number(tempo)}}}")
            current_tempo = tempo
        lines.append(f"{{comment: {section.label}}}")
        if _has_lyrics(section):
            environment = _ENVIRONMENTS.get(section.kind)
            if environment:
                lines.append(f"{{start_of_{environment}}}")
            lines.extend(_lyric_lines(section, song.meta.beats_per_bar))
            if environment:
                lines.append(f"{{end_of_{environment}}}")
        else:
            lines.extend(_grid(section, song.meta.time_signature, song.meta.beats_per_bar))
    return "\n".join(lines) + "\n"


def lyrics_text(song: Song) -> str:
    """The song's words as a plain lyric sheet: the title, then each sung section under its label.

    Args:
        song: The song sheet.

    Returns:
        The lyric sheet as text; instrumental sections are left out.
    """
    blocks = [song.meta.title]
    for section in song.sections:
        if _has_lyrics(section):
            blocks.append("\n".join([f"[{section.label}]", *(line.strip() for line in section.lyrics)]))
    return "\n\n".join(blocks) + "\n"


def key_symbol(key: Key) -> str:
    """The key as a ChordPro {key} value: the tonic chord, 'Dm' for D minor, 'G' for G major."""
    return key.tonic + ("m" if key.mode in _MINOR_MODES else "")


def _has_lyrics(section: Section) -> bool:
    return any(line.strip() for line in section.lyrics)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _bar_chords(section: Section, bar: int, bar_beats: float) -> list[tuple[float, str]]:
    """The chords struck in one bar as (position within the bar 0..1, symbol): a push shows in the bar it is played in."""
    return [
        (span.start / bar_beats - bar, span.symbol)
        for span in chord_spans(section, 0.0, bar_beats)
        if not span.tied and bar <= span.start / bar_beats + 1e-9 < bar + 1
    ]


def _lyric_lines(section: Section, bar_beats: float) -> list[str]:
    """Lyric lines with inline chords; the section's bars are shared out evenly between its lines."""
    lines = list(section.lyrics)
    # Trailing blank lines would swallow bars without showing words.
    while lines and not lines[-1].strip():
        lines.pop()
    count, bars = len(lines), section.bars
    out = []
    for j, line in enumerate(lines):
        first, last = j * bars // count, (j + 1) * bars // count
        if j == count - 1:
            last = bars
        events: list[tuple[float, str]] = []
        for bar in range(first, last):
            events.extend((bar - first + position, symbol) for position, symbol in _bar_chords(section, bar, bar_beats))
        out.append(_place_chords(line, events, max(last - first, 1)))
    return out


def _place_chords(line: str, events: list[tuple[float, str]], span: int) -> str:
    """Put each chord before the word it falls on, holding repeated chords silently."""
    words = line.split()
    kept: list[tuple[float, str]] = []
    for position, symbol in events:
        if not kept or kept[-1][1] != symbol:
            kept.append((position, symbol))
    if not words:
        return " ".join(f"[{symbol}]" for _, symbol in kept)
    before: list[list[str]] = [[] for _ in words]
    previous = -1
    for position, symbol in kept:
        index = min(int(position / span * len(words)), len(words) - 1)
        # Two chords on one word read as a stack; move the later one on while words remain.
        if index <= previous:
            index = min(previous + 1, len(words) - 1)
        before[index].append(symbol)
        previous = index
    return " ".join("".join(f"[{s}]" for s in chords) + word for chords, word in zip(before, words, strict=True))


def _grid(section: Section, time_signature: str, bar_beats: float) -> list[str]:
    """A ChordPro chord grid: one cell per beat, four bars to a line."""
    beats = int(time_signature.split("/")[0])
    bars_per_line = min(_GRID_BARS_PER_LINE, section.bars)
    lines = [f'{{start_of_grid: shape="{bars_per_line}x{beats}"}}']
    cells_of_bars = [_grid_bar(_bar_chords(section, bar, bar_beats), beats) for bar in range(section.bars)]
    for start in range(0, section.bars, bars_per_line):
        row = cells_of_bars[start : start + bars_per_line]
        lines.append("| " + " | ".join(" ".join(cells) for cells in row) + " |")
    lines.append("{end_of_grid}")
    return lines


def _grid_bar(chords: list[tuple[float, str]], beats: int) -> list[str]:
    """One bar of the grid: each chord in the cell of the beat it is struck on, '.' where the chord before holds."""
    cells = ["."] * max(beats, len(chords))
    for k, (position, symbol) in enumerate(chords):
        cell = k if len(chords) > beats else min(int(position * beats + 1e-9), len(cells) - 1)
        cells[cell] = symbol
    return cells
