"""Other takes on a song to A/B: another melody for a section, another progression, another plan of the brief.

Each take is the song's own writer (the melody writer, the planner's progression tables,
the planner) run with another seed. The seeds are counted from a number read off the song,
so the same song always gives the same take 1, 2, 3; a take is kept only when it differs
from what the song has now and from the takes before it, so none is a copy.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from music.edits.take_words import chords_words, melody_words, plan_words
from music.errors import SongError
from music.plan.forms import FormWords, labelled, song_form
from music.plan.planner import Brief, plan_song
from music.plan.progressions import progression, symbols
from music.preferences import Preferences
from music.song import Note, Song, bar_symbols, section_with
from music.theory.chords import chord_root
from music.theory.clashes import keep_clear
from music.words.melody import write_melody

MOST = 5  # takes made at once: more than a musician can hold in the ear to compare
_SEEDS = 48  # seeds tried for one request before saying that fewer takes exist
_DIFFERENT = 0.2  # the least share of notes a melody take moves (pitch or onset) against each other one


@dataclass(frozen=True)
class Take:
    """One alternative: its number, the seed that made it, the new song and what it is, from its notes.

    Attributes:
        number: 1 for the first take.
        seed: The seed its writer ran with.
        song: The whole song with the take in it.
        sections: The sections it changed.
        words: What the take is, read off its notes ("arches up to A4 on 'won't' in bar 7; ...").
        moved: Notes (melody) or bars (chords) that differ from the song it was made from.
        of: How many notes or bars there are to differ.
        held: Why bars kept their chords under the sung line, in musical words.
    """

    number: int
    seed: int
    song: Song
    sections: tuple[int, ...]
    words: str
    moved: int = 0
    of: int = 0
    held: tuple[str, ...] = ()


def _base(song: Song, what: str) -> int:
    """Where a song's seeds start: read off the whole sheet, so another sheet counts from elsewhere."""
    return zlib.crc32(f"{what}|{song.model_dump_json()}".encode()) % 100_000


# -- melodies ----------------------------------------------------------------------------


def melody_takes(song: Song, target: str, count: int, voice: str = "tenor") -> tuple[Take, ...]:
    """Up to `count` other melodies for the sections `target` names, each from another seed of the melody writer.

    Sections of one kind share their tune, as `write_melody` writes them; lyrics are set a
    note per syllable and a rapped verse is rapped. Each take moves at least a fifth of the
    notes against the melody there now and against every take before it.

    Raises:
        UnknownSection: If the name matches no section.
        SongError: If no melody can be written there (an intro without words), or a line is
            too long for its bars.
    """
    indices = song.find(target)
    before = _tunes(song, indices)
    base = _base(song, f"melody|{voice}|{indices}")  # the sections, however they were named
    takes: list[Take] = []
    tunes: list[tuple[tuple[Note, ...], ...]] = []
    reasons: tuple[str, ...] = ()  # why the writer wrote nothing, in its own words
    for seed in range(base, base + _SEEDS):
        if len(takes) >= count:
            break
        change = write_melody(song, indices, voice=voice, seed=seed)
        tune = _tunes(change.song, indices)
        if change.unchanged or not any(tune):
            reasons = reasons or change.held
            continue
        if _difference(tune, before)[0] < _DIFFERENT or any(_difference(tune, t)[0] < _DIFFERENT for t in tunes):
            continue
        sung = next(i for i, notes in zip(indices, tune, strict=True) if notes)
        moved, of = _difference(tune, before)[1:]
        tunes.append(tune)
        takes.append(Take(len(takes) + 1, seed, change.song, indices, melody_words(change.song, sung), moved, of))
    if not takes and reasons and not any(before):
        raise SongError(" ".join(f"{entry}." for entry in reasons))
    return tuple(takes)


def _tunes(song: Song, indices: Sequence[int]) -> tuple[tuple[Note, ...], ...]:
    return tuple(tuple(sorted(song.sections[i].melody, key=lambda n: n.start)) for i in indices)


def _difference(a: tuple[tuple[Note, ...], ...], b: tuple[tuple[Note, ...], ...]) -> tuple[float, int, int]:
    """The share of notes that differ in pitch or onset between two tunes, and the count and total behind it."""
    moved = total = 0
    for left, right in zip(a, b, strict=True):
        total += max(len(left), len(right))
        moved += abs(len(left) - len(right))
        moved += sum(1 for x, y in zip(left, right, strict=False) if (x.pitch, x.start) != (y.pitch, y.start))
    return (moved / total if total else 0.0), moved, total


# -- progressions ------------------------------------------------------------------------


def progression_takes(song: Song, target: str, count: int) -> tuple[Take, ...]:
    """Up to `count` other progressions for the sections `target` names, from the planner's tables.

    Each is `music.plan.planner.progression` for the section's kind, its key's mode and the song's
    style with another seed, spelled in the section's key, one chord a bar, with the lead-in
    into a chorus the planner puts there. A take's chord roots differ from the ones there
    now and from every other take (new colours on the same roots are not a new
    progression); those that move the most bars come first. A bar whose new chord would
    clash with a written melody keeps its old one (`music.theory.clashes.keep_clear`), so the tune
    never rubs where it did not.

    Raises:
        UnknownSection: If the name matches no section.
    """
    indices = song.find(target)
    seen = {_roots(song, indices)}
    base = _base(song, f"progression|{indices}")
    found: list[Take] = []
    tried: set[tuple[tuple[str, ...], ...]] = set()
    bars = sum(song.sections[i].bars for i in indices)
    for seed in range(base, base + _SEEDS):
        charts = tuple(_chart(song, i, seed) for i in indices)
        if charts in tried:
            continue
        tried.add(charts)
        new, held = song, list[str]()
        for index, chords in zip(indices, charts, strict=True):
            new = new.replace_section(index, section_with(new.sections[index], chords=chords))
        for index in indices:
            new, kept = keep_clear(song, new, index)
            held.extend(kept)
        roots = _roots(new, indices)
        if roots in seen:
            continue
        seen.add(roots)
        moved = sum(1 for i in indices for a, b in zip(song.sections[i].chords, new.sections[i].chords, strict=True)
                    if a != b)  # fmt: skip
        found.append(Take(0, seed, new, indices, chords_words(new, indices), moved, bars, tuple(held)))
    return _numbered(found, count)


def _numbered(found: list[Take], count: int) -> tuple[Take, ...]:
    """The `count` takes that move the most, numbered from 1 (the order they were found breaks ties)."""
    ranked = sorted(found, key=lambda take: -take.moved)[:count]
    return tuple(replace(take, number=n) for n, take in enumerate(ranked, start=1))


def _chart(song: Song, index: int, seed: int) -> tuple[str, ...]:
    """The planner's chords for section `index` with `seed`, spelled in the section's key."""
    section = song.sections[index]
    key = song.key_of(index)
    following = song.sections[index + 1].kind if index + 1 < len(song.sections) else None
    romans = progression(section.kind, key.mode, song.meta.style, seed, section.bars, following, song.meta.time_signature)
    return symbols(romans, key)


def _roots(song: Song, indices: Sequence[int]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The chord roots of the sections, bar by bar: what a progression is, whatever its colours."""
    return tuple(tuple(tuple(chord_root(c) for c in bar_symbols(bar)) for bar in song.sections[i].chords) for i in indices)


# -- plans -------------------------------------------------------------------------------


def plan_takes(
    planned: Song, count: int, avoid: Sequence[Song] = (), preferences: Preferences | None = None
) -> tuple[Take, ...]:
    """Up to `count` other plans of the brief `planned` was planned from, each with another seed of the planner.

    The brief is read back from the planned sheet (its title, subject, style, key, tempo,
    metre, mood and form), so every take keeps those and the form, and differs in the
    progressions the planner chose. A take's chord roots differ from `planned`'s, from each
    song in `avoid` (the song as it is now) and from every take before it.

    Args:
        planned: A song as the planner made it (or a take of one).
        count: How many takes to look for.
        avoid: Other songs no take may repeat.
        preferences: The musician's standing preferences, obeyed as a plan obeys them.
    """
    brief = brief_of(planned)
    reference = avoid[0] if avoid else planned
    seen = {_roots(song, range(len(song.sections))) for song in (planned, *avoid)}
    shaped = preferences if preferences is not None and preferences.items else None
    base = _base(reference, "plan")
    found: list[Take] = []
    for variant in range(base, base + _SEEDS):
        song = plan_song(brief, shaped, variant=variant)
        indices = tuple(range(len(song.sections)))
        roots = _roots(song, indices)
        if roots in seen:
            continue
        seen.add(roots)
        # The bars that differ from the song as it is now, section by section where the labels meet.
        theirs = {s.label: s.chords for s in reference.sections}
        moved = sum(1 for s in song.sections for b, chord in enumerate(s.chords)
                    if b >= len(theirs.get(s.label, ())) or theirs[s.label][b] != chord)  # fmt: skip
        found.append(Take(0, variant, song, indices, plan_words(song, reference), moved, song.total_bars))
    return _numbered(found, count)


def brief_of(planned: Song) -> Brief:
    """The brief a planned song was made from, read back from its sheet: what it says and the form it has."""
    meta = planned.meta
    subject = meta.description.split(", about ", 1)[1] if ", about " in meta.description else ""
    return Brief(subject=subject, style=meta.style, tempo=meta.tempo, key=meta.key, mood=meta.mood, title=meta.title,
                 time_signature=meta.time_signature, form=_form_of(planned))  # fmt: skip


def _form_of(song: Song) -> FormWords:
    """The form words that lay out `song`'s sections; the style's own form when none do.

    Intros and outros are left out of the comparison: the musician's preferred lengths
    (or none) reshape those after the form is laid out.
    """
    body = [(s.kind, s.bars) for s in song.sections if s.kind not in ("intro", "outro")]
    choices = itertools.product(("", "short", "long"), ("", "blues", "aaba"), (None, True, False),
                                (None, True, False), (None, True, False), (None, 2, 3, 4))  # fmt: skip
    for length, named, pre_chorus, bridge, solo, verses in choices:
        words = FormWords(named=named, pre_chorus=pre_chorus, bridge=bridge, solo=solo, verses=verses, length=length)
        laid = [(kind, bars) for kind, _label, bars in labelled(song_form(song.meta.style, words))]
        if [slot for slot in laid if slot[0] not in ("intro", "outro")] == body:
            return words
    return FormWords()
