"""Songcraft: how well cowriter writes songs in every style, and whether its edits keep their word.

Run with `python bench/songcraft.py` (`--quick`: one brief per style and no render). Each brief
("a bossa nova song about a rainy harbour town") is planned, given lyrics with the title in the
chorus, and sung as `/melody all` writes it (tenor, seed 0). Then, per style and in total:

- hook: choruses that hook (the title motif comes back, a lift of a minor third or more and a
  leap of a fourth), and those whose title motif comes back at all;
- lift: the chorus peak minus the verse peak, in semitones (mean, least);
- leaps: intervals of a fourth or more per sung section, and the largest interval sung;
- forms and progressions: distinct section orders across the songs, and distinct chord
  sequences per section kind (as roman numerals, so the key does not count);
- every edit the tools offer (brighter, darker, more energy, calmer, more tension, resolve,
  simpler, richer, reharmonize jazz / borrowed / gospel, key up a whole step) on the verses and
  on the choruses: the clashes of the sung line with the chords before it and the new ones
  after it (music.theory.clashes), and whether its change report is borne out by the note diff
  (music.edits.heard on the arrangements before and after, the chord sheet for chord claims);
- balance: the largest distance in LU of a stem from the style's target, on the render of the
  first song of each style only (rendering is slow).

It prints figures and lists every new clash and every report the diff does not bear out; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from music.band.styles import STYLE_NAMES  # noqa: E402
from music.edits import energy, harmony, keys, tension, transforms  # noqa: E402
from music.edits.heard import heard_in  # noqa: E402
from music.edits.keys import _interval_words  # noqa: E402 - the words modulate uses for a move
from music.edits.transforms import Change  # noqa: E402
from music.errors import CowriterError  # noqa: E402
from music.plan.planner import plan_song  # noqa: E402
from music.song import Section, Song, section_with  # noqa: E402
from music.theory.chords import note_pc  # noqa: E402
from music.theory.clashes import clashes  # noqa: E402
from music.theory.romans import key_name, roman_numerals  # noqa: E402
from music.words.hooks import hook_report  # noqa: E402
from music.words.melody import write_melody  # noqa: E402

LEAP = 5  # a fourth: the least interval counted as a leap (music.words.hooks asks a hook for one)
VOICE = "tenor"  # what /melody sings in when the musician has not said
LEAST_BRIEFS = 24
EDITED = ("verse", "chorus")

# Each subject's lyrics: verse, chorus (the title opens it and closes it), as a songwriter would
# set them. The planner takes the title from the subject ("A Rainy Harbour Town").
SUBJECTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "a rainy harbour town": (
        ("the boats come in at half past nine", "the gulls are crying on the pier",
         "I count the lanterns down the line", "and wonder why I'm waiting here"),
        ("a rainy harbour town", "the lights are burning low", "the tide will turn around",
         "in a rainy harbour town"),
    ),
    "leaving home": (
        ("I packed my life in a canvas bag", "the kitchen light still burning low",
         "my father's coat, my mother's flag", "the road is all I've come to know"),
        ("I am leaving home tonight", "leaving all I ever knew", "every road will lead me back",
         "leaving home to come to you"),
    ),
    "the last train": (
        ("the station clock is running slow", "the platform empty, cold and grey",
         "I've got nowhere else to go", "and nothing left I want to say"),
        ("the last train out of here", "is rolling down the line", "I'll be gone before the dawn",
         "on the last train out of here"),
    ),
    "an old photograph": (
        ("I found it in a kitchen drawer", "your smile was younger than the sun",
         "we never locked the kitchen door", "we never thought that we were done"),
        ("an old photograph", "is all I have of you", "I hold it to the light", "an old photograph of you"),
    ),
    "a summer night": (
        ("the radio is playing loud", "the windows open to the street",
         "we're dancing right above the crowd", "the city's burning at our feet"),
        ("a summer night with you", "the stars are coming out", "I never want to sleep",
         "a summer night with you"),
    ),
    "the river": (
        ("the water runs beneath the bridge", "it carries every word we said",
         "I'm standing on the broken ridge", "with all the things I left unsaid"),
        ("down to the river", "where the willows grow", "I will follow the river", "down to the river"),
    ),
}  # fmt: skip
PRE_CHORUS = ("and every day a little more", "I feel the morning pull me on")
BRIDGE = ("maybe one day I'll come around", "maybe the light will still be on")


def _reharmonize(style: harmony.ReharmonizeStyle) -> Callable[[Song, str], Change]:
    return lambda song, section: harmony.reharmonize(song, section, style)


# The section edits the tools offer (tools.songwriting.revise_section, tools.craft.reharmonize and
# change_key), by the words a musician uses.
EDITS: dict[str, Callable[[Song, str], Change]] = {
    "brighter": transforms.brighten,
    "darker": transforms.darken,
    "more energy": energy.add_energy,
    "calmer": energy.calm,
    "more tension": tension.add_tension,
    "resolve": tension.resolve,
    "simpler": harmony.simplify,
    "richer": harmony.enrich,
    "reharmonize jazz": _reharmonize("jazz"),
    "reharmonize borrowed": _reharmonize("borrowed"),
    "reharmonize gospel": _reharmonize("gospel"),
    "key up a whole step": lambda song, section: keys.modulate(song, section, 2),
}


@dataclass(frozen=True)
class EditResult:
    """One edit of one kind of section: clashes before and after, and what its report got wrong."""

    edit: str
    section: str
    changed: bool
    clashes_before: int
    clashes_after: int
    new_clashes: tuple[str, ...]
    problems: tuple[str, ...]  # empty: the note diff bears the report out
    refused: str = ""  # why the edit changed nothing and said so by raising

    @property
    def report_true(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class SongResult:
    """What one brief gave: hook, lift, leaps, form, progressions and its edits."""

    style: str
    brief: str
    planned_style: str
    has_hook: bool
    motif_back: bool
    lift: int | None  # None without a chorus or a sung verse
    hook_leap: int | None  # the largest leap into the chorus, to its peak or in it; None without a chorus
    leaps: tuple[int, ...]  # per sung section
    largest_leap: int
    form: tuple[str, ...]
    progressions: tuple[tuple[str, str], ...]  # (kind, roman numerals) of each kind's first section
    clashes: int
    edits: tuple[EditResult, ...] = field(default=())
    song: Song | None = None


# -- briefs and lyrics -----------------------------------------------------------------------


def briefs(per_style: int | None = None, styles: Sequence[str] = STYLE_NAMES) -> list[tuple[str, str]]:
    """(style, brief) pairs: at least two per style and at least 24 in all, subjects taken in turn."""
    count = per_style or max(2, math.ceil(LEAST_BRIEFS / len(styles)))
    subjects = list(SUBJECTS)
    pairs = []
    for number, style in enumerate(styles):
        article = "an" if style[:1] in "aeiou" else "a"
        for k in range(count):
            pairs.append((style, f"{article} {style} song about {subjects[(number * count + k) % len(subjects)]}"))
    return pairs


def with_lyrics(song: Song, subject: str) -> Song:
    """The song with the subject's verse and chorus in every verse and chorus, and a pre-chorus and a bridge."""
    verse, chorus = SUBJECTS[subject]
    words = {"verse": verse, "chorus": chorus, "pre-chorus": PRE_CHORUS, "bridge": BRIDGE}
    for index, section in enumerate(song.sections):
        if section.kind in words:
            song = song.replace_section(index, section_with(section, lyrics=words[section.kind]))
    return song


def _subject(brief: str) -> str:
    return next(s for s in SUBJECTS if brief.endswith(s))


# -- measuring one song ----------------------------------------------------------------------


def measure_song(style: str, brief: str, *, edits: Iterable[str] = EDITS) -> SongResult:
    """Plan `brief`, set the lyrics, write the melody as /melody does, measure it and every edit of it."""
    song = write_melody(with_lyrics(plan_song(brief), _subject(brief)), "all", voice=VOICE).song
    choruses = [i for i, s in enumerate(song.sections) if s.kind == "chorus" and s.melody]
    hook = hook_report(song, choruses[0]) if choruses else None
    sung = [s for s in song.sections if s.lyrics and s.melody]
    leaps = tuple(_leaps(s) for s in sung)
    largest = max((_largest(s) for s in sung), default=0)
    before = _clashes(song)
    results = [_edit(song, before, name, kind) for name in edits for kind in EDITED]
    return SongResult(
        style=style,
        brief=brief,
        planned_style=song.meta.style,
        has_hook=hook is not None and hook.has_hook,
        motif_back=hook is not None and hook.motif_returns >= 1,
        lift=hook.lift if hook is not None and hook.verse is not None else None,
        hook_leap=max(abs(hook.leap_into), hook.leap_to_peak, hook.largest_leap) if hook is not None else None,
        leaps=leaps,
        largest_leap=largest,
        form=tuple(s.kind for s in song.sections),
        progressions=_progressions(song),
        clashes=len(before),
        edits=tuple(results),
        song=song,
    )


def _moves(section: Section) -> list[int]:
    pitches = [n.pitch for n in sorted(section.melody, key=lambda n: n.start)]
    return [abs(b - a) for a, b in zip(pitches, pitches[1:], strict=False)]


def _leaps(section: Section) -> int:
    return sum(1 for move in _moves(section) if move >= LEAP)


def _largest(section: Section) -> int:
    return max(_moves(section), default=0)


def _progressions(song: Song) -> tuple[tuple[str, str], ...]:
    """Each kind's first section's chords as roman numerals in its key, bar by bar."""
    found: dict[str, str] = {}
    for index, section in enumerate(song.sections):
        if section.kind in found:
            continue
        symbols = [bar.split() for bar in section.chords]
        names = iter(roman_numerals([s for bar in symbols for s in bar], song.key_of(index)))
        found[section.kind] = " | ".join(" ".join(next(names).figure for _s in bar) for bar in symbols)
    return tuple(found.items())


def _clashes(song: Song) -> dict[tuple[str, int, float], str]:
    """Every clash of the song, keyed by section label, bar and beat (as music.theory.clashes.keep_clear tells them apart)."""
    found = {}
    for index, section in enumerate(song.sections):
        for clash in clashes(song, index):
            found[(section.label, clash.bar, clash.beat)] = f"{section.label}: {clash}"
    return found


def _edit(song: Song, before: dict[tuple[str, int, float], str], name: str, kind: str) -> EditResult:
    if not any(s.kind == kind for s in song.sections):
        return EditResult(name, kind, False, len(before), len(before), (), (), refused=f"no {kind}")
    try:
        change = EDITS[name](song, kind)
    except CowriterError as error:
        return EditResult(name, kind, False, len(before), len(before), (), (), refused=str(error))
    after = _clashes(change.song) if change.song != song else before
    new = tuple(text for spot, text in after.items() if spot not in before)
    return EditResult(name, kind, not change.unchanged, len(before), len(after), new, report_problems(song, change))


# -- does the report say what the notes did? --------------------------------------------------

_KEY = r"[A-G][#b]? (?:major|minor|dorian|mixolydian|lydian|phrygian)"
_SYMBOL = r"[A-G][^\s,()|]*"
_START = r"(?:^|(?<=, ))"
_NOTE = r"\((?:[^()]|\([^()]*\))*\)"  # a note in parentheses, which may hold one of its own
_END = r"(?=, |$)"
_KEPT_LAST = re.compile(
    rf"{_START}its last chord (?P<old>{_SYMBOL}) kept, {_SYMBOL} would clash with the sung line{_END}"
)
_PIVOT = re.compile(rf"{_START}its last chord (?P<old>{_SYMBOL}) is a pivot, in {_KEY} and {_KEY}{_END}")
_LAST = re.compile(
    rf"{_START}last chord (?P<old>{_SYMBOL}) -> (?P<new>{_SYMBOL}), the dominant of {_KEY}, into [^,]+{_END}"
)
_KEPT = re.compile(
    rf"{_START}(?P<chord>[^,]+?) kept in bars? (?P<bars>\d+(?:(?:, | and )\d+)*), under the sung [A-G][#b]?{_END}"
)
_BAR = re.compile(rf"{_START}bar (?P<bar>\d+): (?P<old>[^,():]+?) -> (?P<new>[^,():]+?) {_NOTE}{_END}")
_NEW_CHORDS = re.compile(rf"{_START}new chords: (?P<line>[^,]+?){_END}")
_KEY_MOVE = re.compile(rf"{_START}(?:key )?(?P<old>{_KEY}) -> (?P<new>{_KEY}){_END}")
_SWAP = re.compile(rf"{_START}(?P<old>{_SYMBOL})(?: {_NOTE})? -> (?P<new>{_SYMBOL})(?: {_NOTE})?{_END}")
_SHIFT = re.compile(rf"{_START}(?P<melody>melody )?(?P<words>(?:up|down) [a-z ]+?){_END}")
_SHIFT_WORDS = {_interval_words(n): n for n in range(-24, 25) if n}
_UNSAID = "heard but not said"
_HEARD_MELODY = re.compile(r"^(?:melody|lead line): \d+ notes? changed$")


@dataclass
class _Claims:
    """The chord, key and register claims of one section's report, read from its words."""

    kept: dict[int, str] = field(default_factory=dict)  # bar (from 1) -> the chord it kept
    bars: dict[int, tuple[str, str]] = field(default_factory=dict)
    swaps: dict[str, str] = field(default_factory=dict)
    line: str | None = None
    keys: list[tuple[str, str]] = field(default_factory=list)
    shifts: list[int] = field(default_factory=list)  # the section moved by
    melody: list[int] = field(default_factory=list)  # the melody moved by
    last: list[tuple[str, str]] = field(default_factory=list)  # its last chord: (old, new); new == old when kept


def report_problems(before: Song, change: Change) -> tuple[str, ...]:
    """Where the change's report and the note diff disagree; empty when every claim is borne out and nothing heard is left unsaid.

    What the report says (its changes and its reasons for holding) is read section by section:
    each part move music.edits.heard finds in the arrangements before and after must be said in
    the same words (or, for the key and the melody, as the key and the interval it moved);
    each chord claim (a swap, a bar, a new chord line, a chord kept, a last chord) must match
    the chord sheets before and after, and every bar whose chords changed must be claimed;
    words that are neither are reported as unchecked.
    """
    after = change.song
    said: dict[str, list[str]] = {}
    for entry in (*change.changes, *change.held):
        label, _, words = entry.partition(": ")
        said.setdefault(label, []).append(words)
    if [s.label for s in before.sections] != [s.label for s in after.sections]:
        return ("the sections were reordered or renamed; this bench compares them in place",)
    heard = heard_in(before, after, dict.fromkeys(range(len(after.sections)), False))
    problems: list[str] = []
    for index, old in enumerate(before.sections):
        text = ", ".join(said.pop(old.label, []))
        unsaid = []
        for move in heard[index]:
            if move in text:
                text = text.replace(move, "", 1)
            else:
                unsaid.append(move)
        claims, text = _read_claims(text)
        found = _check_claims(claims, before, after, index)
        for move in unsaid:
            if not _said_otherwise(move, claims, before, after, index):
                found.append(f"{_UNSAID}: {move}")
        leftover = ", ".join(p.strip() for p in text.split(", ") if p.strip())
        if leftover:
            found.append(f"said but not checked: {leftover}")
        problems.extend(f"{old.label}: {p}" for p in found)
    problems.extend(f"{label}: said of a section the song does not have" for label in said)
    return tuple(problems)


def _read_claims(text: str) -> tuple[_Claims, str]:
    """The claims in a section's words, and the words left over."""
    claims = _Claims()

    def take(pattern: re.Pattern[str], keep: Callable[[re.Match[str]], None]) -> None:
        nonlocal text

        def cut(match: re.Match[str]) -> str:
            keep(match)
            return ""

        text = pattern.sub(cut, text)

    take(_KEPT_LAST, lambda m: claims.last.append((m["old"], m["old"])))
    take(_PIVOT, lambda m: claims.last.append((m["old"], m["old"])))
    take(_LAST, lambda m: claims.last.append((m["old"], m["new"])))
    take(_KEPT, lambda m: claims.kept.update(dict.fromkeys(map(int, re.findall(r"\d+", m["bars"])), m["chord"])))
    take(_BAR, lambda m: claims.bars.__setitem__(int(m["bar"]), (m["old"], m["new"])))
    take(_NEW_CHORDS, lambda m: setattr(claims, "line", m["line"]))
    take(_KEY_MOVE, lambda m: claims.keys.append((m["old"], m["new"])))
    take(_SWAP, lambda m: claims.swaps.__setitem__(m["old"], m["new"]))

    def shift(match: re.Match[str]) -> None:
        amount = _SHIFT_WORDS.get(match["words"])
        if amount is None:
            claims.shifts.append(0)  # words for no interval: checked as a move of nothing
        else:
            (claims.melody if match["melody"] else claims.shifts).append(amount)

    take(_SHIFT, shift)
    return claims, text


def _check_claims(claims: _Claims, before: Song, after: Song, index: int) -> list[str]:
    """What the chord, key and shift claims get wrong against the sheets and the notes."""
    old, new = before.sections[index], after.sections[index]
    problems: list[str] = []
    covered: set[int] = set()  # bars (from 1) whose chord change a claim accounts for
    for bar, chord in claims.kept.items():
        if not 0 < bar <= new.bars or new.chords[bar - 1] != chord or old.chords[bar - 1] != chord:
            problems.append(f"says {chord} kept in bar {bar}, the sheet has {_bar(old, bar)} -> {_bar(new, bar)}")
    used: set[str] = set()  # the swaps said, that some bar bears out
    for bar, (was, now) in claims.bars.items():
        # A bar may be told after the swaps said before it ("D7 -> D, bar 8: G D -> G" for G D7 -> G).
        swapped = _swapped(_bar(old, bar), claims.swaps)
        if was in swapped and was != _bar(old, bar):
            used.update(s for s in _bar(old, bar).split() if s in claims.swaps)
        if was not in (_bar(old, bar), *swapped) or _bar(new, bar) != now:
            problems.append(f"says bar {bar}: {was} -> {now}, the sheet has {_bar(old, bar)} -> {_bar(new, bar)}")
        covered.add(bar)
    if claims.line is not None:
        if claims.line != new.chord_line():
            problems.append(f"says new chords {claims.line}, the sheet has {new.chord_line()}")
        covered.update(range(1, new.bars + 1))
    for was, now in claims.last:
        if _last(old) != was or _last(new) != now:
            problems.append(f"says its last chord {was} -> {now}, the sheet has {_last(old)} -> {_last(new)}")
        covered.add(new.bars)
    problems.extend(_check_swaps(claims, old, new, covered, used))
    changed = [b for b in range(1, new.bars + 1) if old.chords[b - 1] != new.chords[b - 1] and b not in covered]
    problems.extend(f"chords changed and not said: bar {b}: {_bar(old, b)} -> {_bar(new, b)}" for b in changed)
    old_key, new_key = before.key_of(index), after.key_of(index)
    for was, now in claims.keys:
        if {was, now} - {str(old_key), str(new_key), key_name(old_key), key_name(new_key)} or was == now:
            problems.append(f"says {was} -> {now}, the key went {old_key} -> {new_key}")
    if old_key != new_key and not claims.keys:
        problems.append(f"key changed and not said: {old_key} -> {new_key}")
    for amount in claims.shifts:
        moved = (note_pc(new_key.tonic) - note_pc(old_key.tonic)) % 12
        if amount == 0 or moved != amount % 12:
            problems.append(f"says it moved {_words(amount)}, the key moved {moved} semitones")
    for amount in claims.melody:
        shifts = _melody_shifts(old, new)
        if shifts != {amount}:
            problems.append(f"says the melody moved {_words(amount)}, its notes moved by {sorted(shifts)} semitones")
    return problems


def _check_swaps(claims: _Claims, old: Section, new: Section, covered: set[int], used: set[str]) -> list[str]:
    """Each 'X -> Y' claim holds in every bar no other claim accounts for; it covers the bars it explains."""
    problems: list[str] = []
    for bar in range(1, new.bars + 1):
        if bar in covered or bar in claims.kept:
            continue
        was, now = old.chords[bar - 1].split(), new.chords[bar - 1].split()
        claimed = [a for a in was if a in claims.swaps]
        used.update(claimed)
        if was == now:
            problems.extend(f"says {a} -> {claims.swaps[a]}, bar {bar} still has {a}" for a in claimed
                            if claims.swaps[a] != a)  # fmt: skip
        elif len(was) == len(now) and all(claims.swaps.get(a, a) == b for a, b in zip(was, now, strict=True)):
            covered.add(bar)  # else the changed-bar check names it
    problems.extend(f"says {a} -> {b}, no bar had {a} there" for a, b in claims.swaps.items() if a not in used)
    return problems


def _said_otherwise(move: str, claims: _Claims, before: Song, after: Song, index: int) -> bool:
    """A heard move said in the transform's own words: the key it moved to, the interval the melody moved."""
    if move.startswith("key "):
        return bool(claims.keys)
    if _HEARD_MELODY.match(move):
        return bool(claims.melody) and _melody_shifts(before.sections[index], after.sections[index]) == set(
            claims.melody
        )
    return False


def _melody_shifts(old: Section, new: Section) -> set[int]:
    was = sorted(old.melody, key=lambda n: (n.start, n.pitch))
    now = sorted(new.melody, key=lambda n: (n.start, n.pitch))
    if len(was) != len(now):
        return set()
    return {b.pitch - a.pitch for a, b in zip(was, now, strict=True)}


def _swapped(bar: str, swaps: dict[str, str]) -> tuple[str, str]:
    """The bar with the swaps applied, as it is and with a chord repeated in it said once."""
    symbols = [swaps.get(s, s) for s in bar.split()]
    return " ".join(symbols), " ".join(dict.fromkeys(symbols))


def _bar(section: Section, bar: int) -> str:
    return section.chords[bar - 1] if 0 < bar <= section.bars else "nothing"


def _last(section: Section) -> str:
    return section.chords[-1].split()[-1]


def _words(semitones: int) -> str:
    return _interval_words(semitones) if semitones else "by no interval it names"


# -- balance ---------------------------------------------------------------------------------


def worst_balance(song: Song) -> tuple[str, float]:
    """The stem farthest from the style's balance target on the song's render, and by how many LU."""
    from audio.balance import balance_errors, stem_loudness  # renders: loaded only when asked for
    from audio.render import SketchRenderer

    errors = balance_errors(song, stem_loudness(song, SketchRenderer(sample_rate=22050)))
    role = max(errors, key=lambda r: abs(errors[r]))
    return role, abs(errors[role])


# -- the table -------------------------------------------------------------------------------


def row(name: str, songs: Sequence[SongResult], balance: tuple[str, float] | None) -> str:
    """One markdown row of figures for `songs`."""
    lifts = [s.lift for s in songs if s.lift is not None]
    leaps = [n for s in songs for n in s.leaps]
    kinds = [p for s in songs for p in s.progressions]
    edits = [e for s in songs for e in s.edits if not e.refused]
    true = sum(1 for e in edits if e.report_true)
    cells = [
        name,
        str(len(songs)),
        f"{sum(s.has_hook for s in songs)}/{len(songs)}",
        f"{sum(s.motif_back for s in songs)}/{len(songs)}",
        f"{sum(lifts) / len(lifts):+.1f} (least {min(lifts):+d})" if lifts else "-",
        f"{sum(leaps) / len(leaps):.1f}" if leaps else "-",
        str(max(s.largest_leap for s in songs)),
        f"{len({s.form for s in songs})}/{len(songs)}",
        f"{len(set(kinds))}/{len(kinds)}",
        f"{len(edits)} ({sum(1 for e in edits if not e.changed)} no-op)",
        str(sum(s.clashes for s in songs)),
        str(sum(len(e.new_clashes) for e in edits)),
        f"{true}/{len(edits)} ({100 * true / len(edits):.0f}%)" if edits else "-",
        f"{balance[1]:.1f} ({balance[0]})" if balance else "-",
    ]
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| style | songs | hook | motif back | chorus lift, st | leaps/section | largest leap | forms | progressions "
    "| edits | clashes before | new clashes | reports true | balance, LU |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one brief per style and no render")
    options = parser.parse_args()
    start = time.perf_counter()
    results: dict[str, list[SongResult]] = {}
    balances: dict[str, tuple[str, float]] = {}
    for style, brief in briefs(1 if options.quick else None):
        result = measure_song(style, brief)
        results.setdefault(style, []).append(result)
        edits = [e for e in result.edits if not e.refused]
        print(f"{brief}: {'hook' if result.has_hook else 'no hook'}, lift {result.lift}, "
              f"{sum(len(e.new_clashes) for e in edits)} new clashes, "
              f"{sum(e.report_true for e in edits)}/{len(edits)} reports true", flush=True)  # fmt: skip
        if not options.quick and style not in balances and result.song is not None:
            balances[style] = worst_balance(result.song)
    print()
    print(HEADER)
    for style, songs in results.items():
        print(row(style, songs, balances.get(style)))
    every = [s for songs in results.values() for s in songs]
    worst = max(balances.values(), key=lambda b: b[1]) if balances else None
    print(row("**all**", every, worst))
    print()
    if options.quick:
        print("No render in --quick mode: balance not measured.")
    else:
        print("Balance: the first song of each style only is rendered (rendering is slow).")
    problems = [p for s in every for e in s.edits for p in e.problems]
    unsaid = sum(1 for p in problems if _UNSAID in p)
    untrue = [e for s in every for e in s.edits if not e.report_true]
    print(f"Reports not borne out: {len(untrue)}, with {unsaid} moves heard in the notes and not said, "
          f"{len(problems) - unsaid} claims the sheet or the notes do not bear out.")  # fmt: skip
    _failures(every)
    print(f"{len(every)} songs in {time.perf_counter() - start:.0f} s")


def _failures(songs: Sequence[SongResult]) -> None:
    """Print every new clash, every report the diff does not bear out, and every brief planned in another style."""
    for song in songs:
        if song.planned_style != song.style:
            print(f"{song.brief!r} was planned as {song.planned_style}")
        if song.hook_leap is None:
            print(f"no hook: {song.brief!r} has no sung chorus")
        elif not song.has_hook:
            print(f"no hook: {song.brief!r}: title motif {'back' if song.motif_back else 'not back'}, "
                  f"lift {song.lift}, largest leap {song.hook_leap}")  # fmt: skip
        for edit in song.edits:
            for clash in edit.new_clashes:
                print(f"new clash: {song.brief!r}, {edit.edit} {edit.section}: {clash}")
            for problem in edit.problems:
                print(f"report not borne out: {song.brief!r}, {edit.edit} {edit.section}: {problem}")
            if edit.refused and not edit.refused.startswith("no "):
                print(f"refused: {song.brief!r}, {edit.edit} {edit.section}: {edit.refused}")


if __name__ == "__main__":
    main()
