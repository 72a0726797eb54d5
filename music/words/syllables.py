"""Split lyrics into sung syllables and find their stresses (CMUdict first, spelling rules after)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

logger = logging.getLogger(__name__)

_VOWELS = "aeiouy"
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# Consonant pairs that begin a syllable together ("ta-ble", "mo-ther"), so a split keeps them whole.
_ONSETS = frozenset(
    {"bl", "br", "ch", "cl", "cr", "dr", "fl", "fr", "gl", "gr", "kn", "ph", "pl", "pr", "sc", "sh", "sk",
     "sl", "sm", "sn", "sp", "st", "sw", "th", "tr", "tw", "wh", "wr", "qu"}
)  # fmt: skip

# Vowel-initial endings that hyphenation keeps whole.
_SUFFIXES = ("ing", "ings", "est", "ed", "ish")


@lru_cache(maxsize=8192)
def _phones(word: str) -> str | None:
    """The first CMUdict pronunciation of `word`, or None when the dictionary lacks it."""
    import pronouncing

    found = pronouncing.phones_for_word(word.lower())
    return found[0] if found else None


def syllables(word: str) -> list[str]:
    """Split one word into its sung syllables; the pieces join back into the word.

    The count comes from CMUdict when it knows the word, else from vowel groups.
    Punctuation stays attached to the first or last piece ("home," -> ["home,"]).
    """
    return list(_split(word))


@lru_cache(maxsize=8192)
def _split(word: str) -> tuple[str, ...]:
    match = _WORD.search(word)
    if not match:
        return (word,) if word else ()
    lead, core, tail = word[: match.start()], match.group(0), word[match.end() :]
    pieces = _split_core(core)
    pieces[0] = lead + pieces[0]
    pieces[-1] = pieces[-1] + tail
    return tuple(pieces)


def _split_core(core: str) -> list[str]:
    """Split letters-only text (apostrophes allowed) at syllable boundaries."""
    groups = _vowel_groups(core)
    if not groups:
        return [core]
    target = syllable_count(core)
    groups = _fit_count(core, groups, target)
    cuts = [_boundary(core, groups[i][1], groups[i + 1][0]) for i in range(len(groups) - 1)]
    if cuts:
        cuts[-1] = _suffix_boundary(core, groups[-2][1], groups[-1][0], cuts[-1])
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(core[start:cut])
        start = cut
    pieces.append(core[start:])
    return [p for p in pieces if p] or [core]


def _vowel_groups(core: str) -> list[tuple[int, int]]:
    """(start, end) of each run of vowels that sounds as a syllable nucleus."""
    lower = core.lower()
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(lower):
        # "y" opening a word and "u" after "q" are sung as consonants ("yes", "quiet").
        is_vowel = lower[i] in _VOWELS and not (lower[i] == "y" and i == 0)
        is_vowel = is_vowel and not (lower[i] == "u" and i > 0 and lower[i - 1] == "q")
        if is_vowel:
            j = i
            while j + 1 < len(lower) and lower[j + 1] in _VOWELS:
                j += 1
            groups.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    if len(groups) > 1 and _silent_ending(lower, groups[-1]):
        groups.pop()
    return groups


def _silent_ending(lower: str, last: tuple[int, int]) -> bool:
    """True for a final e that is not sung: "home", "hoped", "hopes" (but "ta-ble", "want-ed", "pla-ces")."""
    if last == (len(lower) - 1, len(lower)) and lower.endswith("e"):
        return not (lower.endswith("le") and len(lower) > 2 and lower[-3] not in _VOWELS)
    if last == (len(lower) - 2, len(lower) - 1) and len(lower) > 3 and lower[-3] not in _VOWELS:
        if lower.endswith("ed"):
            return lower[-3] not in "td"
        if lower.endswith("es"):
            return lower[-3] not in "sxzcg" and not lower.endswith(("ches", "shes"))
    return False


def syllable_count(word: str) -> int:
    """Number of syllables in `word` (CMUdict, else vowel groups); at least 1."""
    letters = "".join(ch for ch in word if ch.isalpha() or ch == "'")
    if not letters:
        return 1
    phones = _phones(letters)
    if phones:
        return max(1, sum(ch.isdigit() for ch in phones))
    return max(1, len(_vowel_groups(letters)))


def _fit_count(core: str, groups: list[tuple[int, int]], target: int) -> list[tuple[int, int]]:
    """Merge or split vowel groups until there are `target` of them (as far as letters allow)."""
    groups = list(groups)
    while len(groups) > max(target, 1):
        # Merge the two nuclei with the fewest consonants between them ("ev-ery", not "e-ve-ry").
        gaps = [groups[i + 1][0] - groups[i][1] for i in range(len(groups) - 1)]
        i = gaps.index(min(gaps))
        groups[i : i + 2] = [(groups[i][0], groups[i + 1][1])]
    while len(groups) < target:
        widest = max(range(len(groups)), key=lambda k: groups[k][1] - groups[k][0])
        start, end = groups[widest]
        if end - start < 2:
            break
        # "li-on", "cre-ate": two vowels sung apart.
        groups[widest : widest + 1] = [(start, start + 1), (start + 1, end)]
    return groups


def _boundary(core: str, after_vowel: int, next_vowel: int) -> int:
    """Where to cut the consonants between two nuclei: V-CV, VC-CV, keeping onsets like 'tr' whole."""
    consonants = core[after_vowel:next_vowel].lower()
    if len(consonants) <= 1:
        return after_vowel
    if consonants[-2:] in _ONSETS:
        return next_vowel - 2
    return next_vowel - 1


def _suffix_boundary(core: str, after_vowel: int, last_vowel: int, cut: int) -> int:
    """Cut before a sung ending as hyphenation does ("leav-ing", "want-ed", "run-ning")."""
    lower = core.lower()
    for suffix in _SUFFIXES:
        start = len(lower) - len(suffix)
        if lower.endswith(suffix) and start == last_vowel and start > after_vowel:
            doubled = start - after_vowel >= 2 and lower[start - 1] == lower[start - 2]
            if lower[start - 2 : start] in _ONSETS and start - after_vowel >= 2:
                return cut  # "some-thing", "no-thing": the consonants begin the last syllable
            return start - 1 if doubled else start
    return cut


def line_syllables(line: str) -> list[str]:
    """All the sung syllables of a lyric line, in order."""
    result: list[str] = []
    for word in line.split():
        result.extend(syllables(word))
    return result


def line_words(line: str) -> list[list[str]]:
    """The syllables of a lyric line grouped by word (one list per word)."""
    return [syllables(word) for word in line.split()]


def stresses(word: str) -> list[int]:
    """Stress of each syllable of `word` (1 stressed, 0 not), one per piece of syllables(word).

    CMUdict's primary and secondary stresses both count as stressed; unknown words
    stress their first syllable.
    """
    count = len(syllables(word))
    letters = "".join(ch for ch in word if ch.isalpha() or ch == "'")
    phones = _phones(letters) if letters else None
    if phones:
        marks = [1 if ch in "12" else 0 for ch in phones if ch.isdigit()]
        if len(marks) == count:
            return marks
        logger.debug("stress count for %s differs from its syllables; using first-syllable stress", word)
    return [1] + [0] * (count - 1)
