"""Lyric craft: syllable counts, rhyme schemes and rhyme suggestions, and how each line fits its notes.

How words sound is music.words.rhyme_sounds' job; this module turns it into a songwriter's answers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from music.band.arrange import arrange
from music.errors import SongError
from music.song import Note, Part, Song
from music.words.melody import rapped
from music.words.prosody import EIGHTH, felt_strength, fit_line, metre_for, sung_words
from music.words.rhyme_sounds import (
    RhymeKind,
    clean_word,
    is_known,
    perfect_rhymes,
    rhyme_kind,
    singability,
    slant_rhymes,
)
from music.words.syllables import syllable_count

logger = logging.getLogger(__name__)

__all__ = ["LineFit", "RhymeKind", "RhymePair", "RhymeScheme", "RhymeSuggestions", "end_word", "line_problems",
           "make_rhyme", "meter_check", "rhyme_partners", "rhyme_scheme", "rhymes_for", "rhymes_kept", "scheme_for",
           "stress_cost", "syllable_counts", "syllable_target"]  # fmt: skip

_EPS = 1e-6
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


@dataclass(frozen=True)
class RhymePair:
    """Two lines (numbered from 1) whose end words rhyme, and how."""

    first: int
    second: int
    words: tuple[str, str]
    kind: RhymeKind


@dataclass(frozen=True)
class RhymeScheme:
    """The rhyme scheme of some lines: letters such as 'ABAB', the end words and each rhyming pair."""

    letters: str
    end_words: tuple[str, ...]
    pairs: tuple[RhymePair, ...]

    def describe(self) -> str:
        """One sentence: the scheme and each pair, e.g. "ABAB: 'night' and 'light' rhyme; ..."."""
        if not self.pairs:
            return f"{self.letters}: no end words rhyme."
        said = {"perfect": "rhyme", "slant": "are a slant rhyme", "identical": "are the same word"}
        parts = [f"'{p.words[0]}' and '{p.words[1]}' {said[p.kind]}" for p in self.pairs]
        return f"{self.letters}: " + "; ".join(parts) + "."


@dataclass(frozen=True)
class RhymeSuggestions:
    """Rhymes for a word, most singable first: perfect rhymes, then slant rhymes.

    `known` is False when the dictionary lacks the word and its sound was guessed from its spelling.
    """

    word: str
    perfect: tuple[str, ...]
    slant: tuple[str, ...]
    known: bool


@dataclass(frozen=True)
class LineFit:
    """How one lyric line fits the notes it is sung on (`line` counts from 1 within the section)."""

    line: int
    text: str
    syllables: int
    notes: int
    misplaced_stresses: tuple[str, ...]
    problem: str | None

    @property
    def fits(self) -> bool:
        """True when the syllables match the notes and the stresses sit on the beat."""
        return self.problem is None


# -- counting and rhyming ------------------------------------------------------------------


def syllable_counts(lines: Sequence[str]) -> list[int]:
    """Sung syllables in each line, counted as the melody writer counts them (a dash gets no note)."""
    return [sum(len(word.pieces) for word in sung_words(line)) for line in lines]


def rhyme_scheme(lines: Sequence[str]) -> RhymeScheme:
    """The rhyme scheme of `lines`: each line's end word takes the letter of an earlier line it rhymes with.

    A perfect rhyme (same stressed vowel and everything after it) is preferred over a slant
    rhyme (same stressed vowel, same final vowel sound, or same final consonants). A line
    with no words gets '-'.
    """
    ends = [_end_word(line) for line in lines]
    letters: list[str] = []
    pairs: list[RhymePair] = []
    used = 0
    for i, word in enumerate(ends):
        if not word:
            letters.append("-")
            continue
        found: tuple[int, RhymeKind] | None = None
        for j in range(i - 1, -1, -1):
            kind = rhyme_kind(ends[j], word) if ends[j] else None
            if kind and (found is None or (kind != "slant" and found[1] == "slant")):
                found = (j, kind)
        if found is None:
            letters.append(_letter(used))
            used += 1
            continue
        j, kind = found
        letters.append(letters[j])
        pairs.append(RhymePair(j + 1, i + 1, (ends[j], word), kind))
    return RhymeScheme("".join(letters), tuple(ends), tuple(pairs))


def rhymes_for(word: str, *, slant: bool = True, limit: int = 20) -> RhymeSuggestions:
    """Rhymes for `word`, most singable first: common words, fewer syllables.

    Args:
        word: The word to rhyme with.
        slant: Also suggest slant rhymes (same vowels with a consonant changed; or the same ending after a near vowel).
        limit: At most this many words in each list.

    Raises:
        SongError: If `word` has no letters or `limit` is below 1.
    """
    clean = clean_word(word)
    if not clean:
        raise SongError(f"'{word}' is not a word I can rhyme; give me one word, like 'home'.")
    if limit < 1:
        raise SongError("Ask for at least one rhyme.")
    return RhymeSuggestions(
        word=clean,
        perfect=tuple(perfect_rhymes(clean)[:limit]),
        slant=tuple(slant_rhymes(clean)[:limit]) if slant else (),
        known=is_known(clean),
    )


def make_rhyme(line_a: str, line_b: str) -> list[str]:
    """Candidate end words for `line_b` that rhyme with the last word of `line_a`.

    Perfect rhymes come before slant rhymes; within each, words with as many syllables
    as line_b's present end word come first, so the line keeps its rhythm.

    Raises:
        SongError: If `line_a` has no word to rhyme with.
    """
    target = _end_word(line_a)
    if not target:
        raise SongError("The line to rhyme with has no words in it.")
    current = _end_word(line_b)
    wanted = syllable_count(current) if current else None
    found = rhymes_for(target, limit=40)

    def order(w: str) -> tuple[int, int, float, str]:
        return (0 if wanted is None or syllable_count(w) == wanted else 1, *singability(w))

    picks = sorted(found.perfect, key=order) + sorted(found.slant, key=order)
    return [w for w in picks if w != current][:12]


# -- drafting targets -----------------------------------------------------------------------

# Syllables sung per beat: a verse tells its story densely, a chorus leaves room for long notes.
RAP_VERSE = "rap verse"
# A rapped verse runs on sixteenths, about ten syllables to its bar, in rhyming couplets.
_DENSITY = {"verse": 1.0, "pre-chorus": 0.875, "chorus": 0.75, "bridge": 0.875, RAP_VERSE: 2.5}
# Each four lines of a section rhyme in this pattern; letters used once are lines free to end anywhere.
_QUATRAIN = {"verse": "ABCB", "chorus": "ABAB", "pre-chorus": "AABB", "bridge": "AABB", RAP_VERSE: "AABB"}


def lines_for(song: Song, index: int) -> tuple[str, int]:
    """The kind of lyric a section takes and how many lines: about one line per two bars, a rap verse a line a bar."""
    bars = song.sections[index].bars
    if rapped(song, index):
        return RAP_VERSE, max(2, min(16, bars))
    return song.sections[index].kind, max(2, min(8, bars // 2))


def syllable_target(kind: str, beats: float) -> int:
    """Syllables a line should have when it is sung over `beats` beats in a section of this kind.

    A verse line takes about one syllable a beat; a chorus line three for every four beats,
    so its words can be held; pre-choruses and bridges sit between. Always 4 to 12.
    """
    return max(4, min(12, round(beats * _DENSITY.get(kind, 0.75))))


def scheme_for(kind: str, n_lines: int) -> str:
    """The rhyme scheme to draft a section in, one letter per line, e.g. 'ABCB' for a four-line verse.

    Four-line groups follow the section's habit (verse ABCB, chorus ABAB, pre-chorus and
    bridge AABB, others ABCB); two lines left over rhyme as a couplet, one is left free.

    Raises:
        ValueError: If `n_lines` is below 1.
    """
    if n_lines < 1:
        raise ValueError("a rhyme scheme needs at least one line")
    quatrain = _QUATRAIN.get(kind, "ABCB")
    pattern: list[str] = []
    for start in range(0, n_lines, 4):
        group = {4: quatrain, 3: "ABB", 2: "AA", 1: "A"}[min(4, n_lines - start)]
        # Fresh letters for each group: a verse's second quatrain rhymes within itself.
        pattern.extend(f"{start}:{letter}" for letter in group)
    names: dict[str, str] = {}
    return "".join(names.setdefault(tag, _letter(len(names))) for tag in pattern)


def rhyme_partners(scheme: str) -> list[int | None]:
    """For each line of a scheme, the index (from 0) of the earlier line it must rhyme with, or None."""
    last: dict[str, int] = {}
    partners: list[int | None] = []
    for i, letter in enumerate(scheme):
        partners.append(last.get(letter) if letter != "-" else None)
        last[letter] = i
    return partners


def rhymes_kept(lines: Sequence[str], scheme: str) -> list[bool]:
    """Whether each line keeps the scheme: its end word rhymes (perfect or slant) with its partner's.

    A line with no partner keeps it by definition; the same word twice is not a rhyme.

    Raises:
        ValueError: If the scheme and the lines differ in length.
    """
    if len(scheme) != len(lines):
        raise ValueError(f"the scheme {scheme} has {len(scheme)} letters for {len(lines)} lines")
    ends = [end_word(line) for line in lines]
    kept = []
    for i, partner in enumerate(rhyme_partners(scheme)):
        if partner is None:
            kept.append(True)
            continue
        kind = rhyme_kind(ends[partner], ends[i]) if ends[partner] and ends[i] else None
        kept.append(kind in ("perfect", "slant"))
    return kept


def stress_cost(line: str, time_signature: str, beats: float) -> float | None:
    """How awkwardly a line's stresses fall when it is sung over `beats` beats: 0 is natural, higher is worse.

    The cost per syllable of the best rhythm the melody writer can find for the line
    (stressed syllables on strong beats, light ones between); None when it does not fit at all.
    """
    stressed = [bool(mark) for word in sung_words(line) for mark in word.stresses]
    if not stressed or beats <= 0:
        return None
    metre = metre_for(time_signature)
    # The melody writer leaves a beat to breathe at the end of a line.
    fitted = fit_line(stressed, 0.0, max(beats - 1.0, len(stressed) * 0.25), metre, pickup=0.5)
    return None if fitted is None else fitted[1] / len(stressed)


def end_word(line: str) -> str:
    """The last sung word of a line, cleaned for rhyming ("Home," -> "home"); empty for a line without words."""
    return _end_word(line)


# -- fitting lines to notes ----------------------------------------------------------------


def meter_check(song: Song, index: int) -> list[LineFit]:
    """How each lyric line of section `index` fits its notes: syllables against notes, stresses against beats.

    Notes come from the section's melody (the notes that carry lyrics, grouped line by line;
    a melody without lyrics is shared out by its phrases), else from the lead line the
    arranger writes. A line fits when it has one syllable per note and no word's stressed
    syllable falls off the beat while a weaker syllable of it sits on a stronger one.

    Raises:
        SongError: If there is no section `index`.
    """
    if not 0 <= index < len(song.sections):
        raise SongError(f"There is no section number {index + 1}; this song has {len(song.sections)} sections.")
    section = song.sections[index]
    numbered = [(n + 1, line) for n, line in enumerate(section.lyrics) if _words(line)]
    if not numbered:
        return []
    groups = _notes_per_line(song, index, [line for _, line in numbered])
    fits = []
    for (number, line), notes in zip(numbered, groups, strict=True):
        count = syllable_counts([line])[0]
        misplaced = _misplaced(line, notes, song.meta.time_signature) if count == len(notes) else []
        problem = _count_problem(number, line, count, len(notes)) or _stress_problem(number, misplaced)
        fits.append(LineFit(number, line, count, len(notes), tuple(w for w, _ in misplaced), problem))
    return fits


def line_problems(song: Song, index: int) -> list[str]:
    """One sentence per lyric line of section `index` that does not fit its notes, in line order."""
    return [fit.problem for fit in meter_check(song, index) if fit.problem]


def _notes_per_line(song: Song, index: int, lines: list[str]) -> list[list[Note]]:
    section = song.sections[index]
    bar = song.meta.beats_per_bar
    if section.melody:
        melody = sorted(section.melody, key=lambda n: n.start)
    else:
        # The sung line the arranger would write, from this section alone, with a voice to sing it.
        lone = section.model_copy(update={"parts": None})
        meta = song.meta.model_copy(update={"parts": (Part(name="Voice", role="lead", program=52),)})
        lead = arrange(Song(meta=meta, sections=(lone,))).track("lead")
        events = lead.notes if lead else ()
        melody = [Note(pitch=e.pitch, start=e.start, duration=e.duration, lyric=e.lyric) for e in events]
    sung = [n for n in melody if n.lyric and _letters(n.lyric)]
    by_text = _by_text(sung, lines)
    if by_text is None and sung:
        logger.debug("the sung words of %s differ from its lyric lines; sharing its notes out by phrase", section.label)
    return by_text or _by_time(sung or melody, len(lines), section.bars, bar)


def _by_text(notes: list[Note], lines: list[str]) -> list[list[Note]] | None:
    """Notes split where their sung letters spell each line in turn; None when the words differ."""
    groups: list[list[Note]] = []
    at = 0
    for line in lines:
        target, heard, group = _letters(line), "", []
        while at < len(notes) and len(heard) < len(target):
            heard += _letters(notes[at].lyric or "")
            group.append(notes[at])
            at += 1
        if heard != target:
            return None
        groups.append(group)
    return groups if at == len(notes) else None


def _by_time(notes: list[Note], count: int, bars: int, bar: float) -> list[list[Note]]:
    """Notes split into phrases at rests of a beat or more, else into equal stretches of the section."""
    phrases: list[list[Note]] = []
    for note in notes:
        if not phrases or note.start - (phrases[-1][-1].start + phrases[-1][-1].duration) >= 1.0 - _EPS:
            phrases.append([])
        phrases[-1].append(note)
    if len(phrases) == count:
        return phrases
    width = bars * bar / count
    edges = [(k * bars // count) * bar if count <= bars else k * width for k in range(count)] + [bars * bar]
    return [[n for n in notes if edges[k] - _EPS <= n.start < edges[k + 1] - _EPS] for k in range(count)]


def _misplaced(line: str, notes: list[Note], time_signature: str) -> list[tuple[str, str]]:
    """(word, stressed syllable) for each word whose stress is sung weaker than one of its light syllables.

    A stress off the beat under a light syllable on a beat ('for-EV-er' as 'FOR-ev-er') counts,
    and so does one a whole step weaker; a stress on beat 2 with its light syllable on beat 3 does not.
    """
    metre = metre_for(time_signature)
    found = []
    at = 0
    for word in sung_words(line):
        strengths = [felt_strength(n.start, n.duration, metre) for n in notes[at : at + len(word.pieces)]]
        at += len(word.pieces)
        if len(word.pieces) < 2 or len(strengths) != len(word.pieces):
            continue
        strong = min(s for s, m in zip(strengths, word.stresses, strict=True) if m)
        weak = max((s for s, m in zip(strengths, word.stresses, strict=True) if not m), default=strong)
        if strong < weak and (strong <= EIGHTH or weak - strong >= 2):
            stressed = next(p for p, m in zip(word.pieces, word.stresses, strict=True) if m)
            found.append((clean_word(word.text), clean_word(stressed)))
    return found


def _count_problem(number: int, line: str, count: int, notes: int) -> str | None:
    """The sentence for a line whose syllables and notes differ, with the fix a songwriter would try."""
    if count == notes:
        return None
    if notes == 0:
        return f"Line {number} has no notes to be sung on: give it a phrase of {_amount(count, 'note')} or cut it."
    words = _words(line)
    diff = abs(count - notes)
    said = f"Line {number} has {_plural(count, 'syllable')} for {_plural(notes, 'note')}"
    if count > notes:
        longest = max(words, key=syllable_count)
        size = syllable_count(longest)
        other = f"let '{clean_word(longest)}' take {_amount(size - 1, 'note')}" if size >= 2 else f"add {_amount(diff, 'note')}"
        return f"{said}: cut {_amount(diff, 'syllable')} or {other}."
    last = words[-1]
    return f"{said}: add {_amount(diff, 'syllable')} or let '{clean_word(last)}' take {_amount(syllable_count(last) + diff, 'note')}."


def _stress_problem(number: int, misplaced: list[tuple[str, str]]) -> str | None:
    if not misplaced:
        return None
    words = _listed([f"'{w}'" for w, _ in misplaced])
    stressed = _listed([f"'{s}'" for _, s in misplaced])
    return f"Line {number} sings {words} with the stress off the beat: move {stressed} onto a stronger beat."


# -- sounds ----------------------------------------------------------------------------------


# -- words -----------------------------------------------------------------------------------


def _words(line: str) -> list[str]:
    return [token for token in line.split() if _WORD.search(token)]


def _end_word(line: str) -> str:
    words = _words(line)
    return clean_word(words[-1]) if words else ""


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())


def _letter(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else chr(ord("a") + (n - 26) % 26)


def _amount(n: int, noun: str) -> str:
    word = _NUMBERS[n] if n < len(_NUMBERS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
