"""Tension and release on the song sheet: add_tension pulls harder toward what comes next, resolve lets go.

Both work on the chords only, bar by bar, and name every chord they write by its function.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from music.edits.chord_edits import (
    Bars,
    approach_chord,
    bar_moves,
    chord_intervals,
    diatonic_chord,
    finish_section,
    following_chord,
    is_dominant_of_key,
    is_tonic,
    read_bars,
    resolves_to,
)
from music.edits.transforms import Change, transform_sections
from music.song import Key, Section, Song
from music.theory.chords import (
    chord_bass,
    chord_pitch_classes,
    chord_quality,
    chord_root,
    is_diatonic,
    note_pc,
    roman_to_symbol,
    scale_note_names,
    split_symbol,
)
from music.theory.romans import roman_numerals

logger = logging.getLogger(__name__)

_LEADS_INTO_CHORUS = frozenset({"verse", "pre-chorus", "bridge"})
_QUALITY_SUFFIX = {"major": "", "minor": "m"}


def add_tension(song: Song, target: str | Sequence[int]) -> Change:
    """Make sections pull harder: secondary dominants, suspensions, a delayed tonic, a dominant pedal.

    In each targeted section: the bar before every strong arrival (bars 3, 5, 7, ...)
    ends on the arrival's dominant seventh (E7 before Am in C: V7/vi); each bar held on
    the dominant becomes a sus4 resolving to its third (Gsus4 G); a plain major chord
    falling a fifth gains its seventh (G -> G7 before C); a final tonic is delayed (V
    instead of I, or IV after V); and a verse, pre-chorus or bridge that leads into a
    chorus holds the dominant in the bass over its last bars (F/G, C/G).

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it ('chorus', 'verse 2', 'all'), or indices.

    Returns:
        The change: the new song and the moves, bar by bar.

    Raises:
        UnknownSection: If a section name matches nothing.
    """
    return transform_sections(song, target, _tension_move, chord_words=True)


def resolve(song: Song, target: str | Sequence[int]) -> Change:
    """Let sections settle: suspensions and pedals released, secondary dominants made diatonic, a full cadence.

    In each targeted section: sus chords take the key's third (Gsus4 G -> G); slash
    basses that hold a pedal or sit outside the chord are dropped (F/G -> F); secondary
    dominants and tritone subs become the key's own chords on the same root (D7 -> Dm7,
    V7/V -> ii7; Db7 -> G7); and the section ends on the tonic after V, an authentic
    cadence (the bar before the last ends on V, the last bar is I).

    Args:
        song: The song; it is not modified.
        target: A section name as a musician says it, or section indices.

    Returns:
        The change: the new song and the moves, bar by bar.

    Raises:
        UnknownSection: If a section name matches nothing.
    """
    return transform_sections(song, target, _resolve_move, chord_words=True)


# -- tension --------------------------------------------------------------------------------


def _tension_move(song: Song, index: int) -> tuple[Section, tuple[str, ...]]:
    section, key = song.sections[index], song.key_of(index)
    bars = read_bars(section)
    before = [list(bar) for bar in bars]
    notes: dict[int, list[str]] = {}
    count = len(bars)
    sevenths = _mostly_sevenths([s for bar in bars for s in bar])
    dominant = roman_to_symbol("V7" if sevenths else "V", key)
    following = following_chord(song, index)
    pedal_from = count - min(4, count // 2) if _leads_into_chorus(song, index) else count

    # A tonic at the end closes the section; a dominant or subdominant leaves it hanging.
    if is_tonic(bars[-1][-1], key):
        previous = bars[-1][-2] if len(bars[-1]) > 1 else bars[-2][-1] if count > 1 else None
        delay = _fourth(key) if previous is not None and is_dominant_of_key(previous, key) else dominant
        old = bars[-1][-1]
        bars[-1][-1] = delay
        notes.setdefault(count - 1, []).append(f"the tonic {old} delayed")

    for b in range(2, count, 2):
        arrival, leading = bars[b][0], bars[b - 1]
        if b - 1 >= pedal_from or not _worth_approaching(arrival, key) or resolves_to(leading[-1], arrival):
            continue
        approach = approach_chord("V7", arrival)
        bars[b - 1] = [leading[0], approach] if len(leading) == 1 else leading[:-1] + [approach]
        notes.setdefault(b - 1, []).append(f"{approach} pulls into {arrival}")

    for b, bar in enumerate(bars):
        if len(bar) == 1 and is_dominant_of_key(bar[0], key) and "/" not in bar[0]:
            root, suffix, _bass = split_symbol(bar[0])
            bars[b] = [root + ("7sus4" if "7" in suffix else "sus4"), bar[0]]
            notes.setdefault(b, []).append("a suspension, the fourth falling to the third")

    # A plain major chord falling a fifth into the next chord pulls harder with its seventh.
    slots = [(b, k) for b, bar in enumerate(bars) for k in range(len(bar))]
    after = [bars[b][k] for b, k in slots[1:]] + [following]
    for (b, k), next_chord in zip(slots, after, strict=True):
        symbol = bars[b][k]
        root, suffix, bass = split_symbol(symbol)
        if next_chord and suffix == "" and resolves_to(symbol, next_chord) and not is_tonic(symbol, key):
            bars[b][k] = root + "7" + (f"/{bass}" if bass else "")
            notes.setdefault(b, []).append(f"{root} gains its seventh")

    if pedal_from < count:
        pedal = scale_note_names(key)[4]
        for b in range(pedal_from, count):
            pedalled = [s if "/" in s or chord_root(s) == note_pc(pedal) else f"{s}/{pedal}" for s in bars[b]]
            if pedalled != bars[b]:
                bars[b] = pedalled
                notes.setdefault(b, []).append(f"dominant pedal on {pedal}")

    joined = {b: "; ".join(words) for b, words in notes.items()}
    return finish_section(section, bars, bar_moves(before, bars, key, joined, following))


def _leads_into_chorus(song: Song, index: int) -> bool:
    """True for a verse, pre-chorus or bridge that the next section answers with a chorus."""
    here = song.sections[index]
    later = song.sections[index + 1] if index + 1 < len(song.sections) else None
    return here.kind in _LEADS_INTO_CHORUS and later is not None and later.kind == "chorus" and here.bars >= 2


def _worth_approaching(arrival: str, key: Key) -> bool:
    """A major or minor chord of the key (its own triad), which a dominant seventh can point at."""
    quality = chord_quality(arrival)
    if quality not in _QUALITY_SUFFIX:
        return False
    return is_diatonic(split_symbol(arrival)[0] + _QUALITY_SUFFIX[quality], key)


def _fourth(key: Key) -> str:
    """The key's own chord on the fourth degree: IV in major, iv in minor."""
    return diatonic_chord(scale_note_names(key)[3], key)


# -- release --------------------------------------------------------------------------------


def _resolve_move(song: Song, index: int) -> tuple[Section, tuple[str, ...]]:
    section, key = song.sections[index], song.key_of(index)
    bars = read_bars(section)
    before = [list(bar) for bar in bars]
    notes: dict[int, list[str]] = {}
    following = following_chord(song, index)

    for b, bar in enumerate(bars):
        # A sus already followed by its own root in the bar resolves there: drop it, else put the third back.
        settled = [
            _unsuspended(s, key)
            for k, s in enumerate(bar)
            if not (chord_quality(s) == "suspended" and k + 1 < len(bar) and chord_root(bar[k + 1]) == chord_root(s))
        ]
        if settled != bar:
            notes.setdefault(b, []).append("suspension resolved")
        bars[b] = settled

    slots = [(b, k) for b, bar in enumerate(bars) for k in range(len(bar))]
    basses = [_slash_bass(bars[b][k]) for b, k in slots]
    for n, (b, k) in enumerate(slots):
        symbol, bass = bars[b][k], basses[n]
        shared = bass is not None and bass in (
            basses[n - 1] if n else None,
            basses[n + 1] if n + 1 < len(slots) else None,
        )
        foreign = bass is not None and chord_bass(symbol) not in _own_notes(symbol)
        if shared or foreign:
            root, suffix, _bass = split_symbol(symbol)
            bars[b][k] = root + suffix
            notes.setdefault(b, []).append("pedal released" if shared else "slash bass dropped")

    slots = [(b, k) for b, bar in enumerate(bars) for k in range(len(bar))]
    flat = [bars[b][k] for b, k in slots]
    names = roman_numerals(flat, key, following)
    for n, (b, k) in enumerate(slots):
        symbol, name, after = flat[n], names[n], (flat + [following])[n + 1]
        if name.function == "secondary dominant":
            bars[b][k] = diatonic_chord(split_symbol(symbol)[0], key, seventh=bool(chord_intervals(symbol) & {10}))
            notes.setdefault(b, []).append(f"{symbol} ({name.figure}) back into the key")
        elif after is not None and _tritone_sub(symbol, after, key):
            dominant = approach_chord("V7", after)
            home = is_tonic(after, key)
            bars[b][k] = dominant if home else diatonic_chord(split_symbol(dominant)[0], key, seventh=True)
            notes.setdefault(b, []).append(f"{symbol} (a tritone sub) back to the dominant it stands for")

    _cadence(bars, key, notes)
    for b, bar in enumerate(bars):
        bars[b] = [s for k, s in enumerate(bar) if k == 0 or s != bar[k - 1]]
    joined = {b: "; ".join(dict.fromkeys(words)) for b, words in notes.items()}
    return finish_section(section, bars, bar_moves(before, bars, key, joined, following))


def _mostly_sevenths(chords: list[str]) -> bool:
    """True when most chords carry a seventh: the new chords should too (a jazz chart, not a folk one)."""
    return 2 * sum(1 for s in chords if chord_intervals(s) & {10, 11}) > len(chords)


def _tritone_sub(symbol: str, after: str, key: Key) -> bool:
    """A chromatic dominant seventh a semitone above the chord it resolves to (Db7 -> C)."""
    intervals = chord_intervals(symbol)
    step_down = (chord_root(symbol) - chord_root(after)) % 12 == 1
    return step_down and {4, 10} <= intervals and not is_diatonic(symbol, key)


def _unsuspended(symbol: str, key: Key) -> str:
    """A sus chord with the key's third put back (Gsus4 -> G, Dsus4 -> Dm in C, Asus4 -> A as V of D minor)."""
    if chord_quality(symbol) != "suspended":
        return symbol
    root, suffix, bass = split_symbol(symbol)
    seventh = "7" in suffix
    if (note_pc(root) - note_pc(key.tonic)) % 12 == 7:
        chord = root + ("7" if seventh else "")  # the dominant keeps its leading tone, minor keys too
    else:
        chord = diatonic_chord(root, key, seventh=seventh)
    return chord + (f"/{bass}" if bass else "")


def _slash_bass(symbol: str) -> int | None:
    bass = split_symbol(symbol)[2]
    return note_pc(bass) if bass else None


def _own_notes(symbol: str) -> frozenset[int]:
    root, suffix, _bass = split_symbol(symbol)
    return frozenset(chord_pitch_classes(root + suffix))


def _cadence(bars: Bars, key: Key, notes: dict[int, list[str]]) -> None:
    """End on the tonic after V: the last bar is I (i), the bar before ends on V."""
    flat = [s for bar in bars for s in bar]
    if len(flat) >= 2 and is_tonic(flat[-1], key) and is_dominant_of_key(flat[-2], key):
        return
    sevenths = _mostly_sevenths(flat)
    tonic = bars[-1][0] if is_tonic(bars[-1][0], key) else diatonic_chord(key.tonic, key, seventh=sevenths)
    dominant = roman_to_symbol("V7" if sevenths else "V", key)
    if len(bars) == 1:
        bars[0] = [dominant, tonic]
        notes.setdefault(0, []).append("an authentic cadence, V to I")
        return
    if bars[-1] != [tonic]:
        bars[-1] = [tonic]
        notes.setdefault(len(bars) - 1, []).append("home on the tonic")
    if not is_dominant_of_key(bars[-2][-1], key):
        bars[-2] = [bars[-2][0], dominant] if len(bars[-2]) == 1 else bars[-2][:-1] + [dominant]
        notes.setdefault(len(bars) - 2, []).append("V into the tonic, an authentic cadence")
