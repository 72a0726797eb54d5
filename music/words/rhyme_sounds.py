"""How words sound at their ends: rhyming parts, perfect and slant rhymes, and rhymes worth offering.

Sounds come from CMUdict (through `pronouncing`); a word it lacks is guessed from dictionary
words spelled with the same ending. How common a word is comes from `wordfreq`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Literal

from music.words.syllables import syllable_count

RhymeKind = Literal["perfect", "slant", "identical"]
_Rhyme = tuple[str, ...]  # ARPAbet phones from the last stressed vowel on, stress marks dropped

_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
# Words a singer would not want to land a line on, however well they rhyme.
_WEAK_ENDINGS = frozenset(
    {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "and", "or", "thereof", "whereof"}
)
# Vowels close enough that a shared final consonant makes a slant rhyme (ARPAbet, stress marks dropped).
_VOWEL_FAMILIES = ({"IY", "IH"}, {"EY", "EH", "AE"}, {"AA", "AO", "AH"}, {"UW", "UH", "OW"}, {"ER"}, {"AY"}, {"AW"},
                   {"OY"})  # fmt: skip


def clean_word(word: str) -> str:
    """The word in lower case, letters and inner apostrophes only ("Home," -> "home", "rollin'" kept)."""
    text = "".join(_WORD.findall(word)).lower()
    return text.rstrip("'") + "'" if text.endswith("in'") else text.rstrip("'")


def rhyme_kind(a: str, b: str) -> RhymeKind | None:
    """How two words rhyme: 'perfect', 'slant', 'identical' (the same word), or None.

    Perfect: the same stressed vowel and everything after it. Slant: the same stressed
    vowel, the same final vowel sound, or the same final consonants after near vowels.
    """
    a, b = clean_word(a), clean_word(b)
    if not a or not b:
        return None
    if a == b:
        return "identical"
    ours, theirs = _rhyme_parts(a), _rhyme_parts(b)
    if set(ours) & set(theirs):
        return "perfect"
    if any(_slant(x, y) for x in ours for y in theirs):
        return "slant"
    return None


def is_known(word: str) -> bool:
    """True when the dictionary knows how `word` sounds (else its sound is guessed from its spelling)."""
    import pronouncing

    return bool(pronouncing.phones_for_word(_lookup(clean_word(word))))


def perfect_rhymes(word: str) -> list[str]:
    """Common words that rhyme perfectly with `word`, most singable first."""
    import pronouncing

    clean = clean_word(word)
    if is_known(clean):
        found = set(pronouncing.rhymes(_lookup(clean)))
    else:
        found = {w for part in _rhyme_parts(clean) for w in _rhyme_index().get(part, ())}
    return sorted((w for w in found if w.isalpha() and w != clean and _familiar(w, 2.5)), key=singability)


def slant_rhymes(word: str) -> list[str]:
    """Common words that make a close slant rhyme with `word`, closest and most singable first.

    Suggestions are held to a closer standard than `rhyme_kind`: every vowel kept with at
    most two consonants changed, added or dropped; or the ending kept after a near vowel.
    """
    clean = clean_word(word)
    parts = _rhyme_parts(clean)
    perfect = {w for part in parts for w in _rhyme_index().get(part, ())}
    close: dict[str, int] = {}
    for key, words in _rhyme_index().items():
        distances = [d for part in parts if (d := _slant_distance(part, key)) is not None]
        if distances and key not in parts:
            for w in words:
                if w != clean and w not in perfect and _familiar(w, 3.0):
                    close[w] = min(min(distances), close.get(w, 99))
    return sorted(close, key=lambda w: (close[w], *singability(w)))


def singability(word: str) -> tuple[int, float, str]:
    """Sort key, most singable first: common words, fewer syllables, never a weak word like 'of'."""
    from wordfreq import zipf_frequency

    score = zipf_frequency(word, "en") - 0.75 * (syllable_count(word) - 1)
    return (1 if word in _WEAK_ENDINGS else 0, -score, word)


def _slant(x: _Rhyme, y: _Rhyme) -> bool:
    """Same stressed vowel, same final vowel sound, or the same final consonants after near vowels."""
    if x[0] == y[0] or (_is_vowel(x[-1]) and x[-1] == y[-1]):
        return True
    coda_x, coda_y = _coda(x), _coda(y)
    return bool(coda_x) and coda_x == coda_y and (len(coda_x) >= 2 or _near(x[0], y[0]))


def _slant_distance(ours: _Rhyme, other: _Rhyme) -> int | None:
    """How far a suggested rhyme is from ours (1 closest), or None when it is not close enough."""
    if ours == other:
        return None
    if [p for p in ours if _is_vowel(p)] == [p for p in other if _is_vowel(p)]:
        edits = _edits(ours, other)
        return edits if edits <= 2 else None
    if len(ours) > 1 and ours[1:] == other[1:] and _near(ours[0], other[0]):
        return 2
    return None


def _edits(a: _Rhyme, b: _Rhyme) -> int:
    """Phones changed, added or dropped to turn `a` into `b` (Levenshtein distance)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _rhyme_of(phones: str) -> _Rhyme:
    """The last stressed vowel and every phone after it (the last vowel when none is stressed)."""
    marks = phones.split()
    vowels = [i for i, p in enumerate(marks) if p[-1].isdigit()]
    stressed = [i for i in vowels if marks[i][-1] in "12"]
    start = stressed[-1] if stressed else (vowels[-1] if vowels else 0)
    return tuple(p.rstrip("012") for p in marks[start:])


def _last_syllable(phones: str) -> _Rhyme:
    """The last vowel and the consonants after it, stress marks dropped."""
    marks = [p.rstrip("012") for p in phones.split()]
    last = max((i for i, p in enumerate(marks) if _is_vowel(p)), default=0)
    return tuple(marks[last:])


@lru_cache(maxsize=4096)
def _rhyme_parts(word: str) -> tuple[_Rhyme, ...]:
    """The rhyming part of every pronunciation of `word`; one guessed from spelling when it is unknown."""
    import pronouncing

    found = tuple(dict.fromkeys(_rhyme_of(p) for p in pronouncing.phones_for_word(_lookup(word))))
    return found or (_guessed(word),)


def _guessed(word: str) -> _Rhyme:
    """The rhyme of an unknown word: the commonest among dictionary words spelled with the same ending.

    Failing that, its spelling from the last vowel letters on stands for the sound, so it
    rhymes only with words spelled alike.
    """
    import pronouncing

    pronouncing.init_cmu()
    for size in range(min(5, len(word) - 1), 1, -1):
        tail = word[-size:]
        if not any(ch in "aeiouy" for ch in tail):
            continue
        # Vote on the last syllable's sound only: a compound's stress falls earlier than an unknown word's.
        votes = Counter(_last_syllable(p) for w, p in pronouncing.pronunciations if w.endswith(tail) and w != word)
        if votes:
            return votes.most_common(1)[0][0]
    match = re.search(r"[aeiouy]+[^aeiouy]*$", word)
    ending = match.group(0) if match else word
    vowel = re.match(r"[aeiouy]+", ending)
    nucleus = vowel.group(0) if vowel else ""
    return (nucleus.upper() + "*", *ending[len(nucleus) :])


@lru_cache(maxsize=1)
def _rhyme_index() -> dict[_Rhyme, tuple[str, ...]]:
    """Every plain dictionary word, filed under its rhyming part."""
    import pronouncing

    pronouncing.init_cmu()
    index: dict[_Rhyme, list[str]] = {}
    for word, phones in pronouncing.pronunciations:
        # Reduced forms ("the" as DH AH0) are never the sound a line ends on.
        if word.isalpha() and any(mark in phones for mark in "12"):
            index.setdefault(_rhyme_of(phones), []).append(word)
    return {k: tuple(dict.fromkeys(v)) for k, v in index.items()}


def _familiar(word: str, floor: float) -> bool:
    """True for a word common enough to offer a songwriter (Zipf frequency at least `floor`)."""
    from wordfreq import zipf_frequency

    return len(word) > 1 and zipf_frequency(word, "en") >= floor


def _is_vowel(phone: str) -> bool:
    return phone[:1] in "AEIOU" or phone.endswith("*")  # a "*" nucleus stands for vowel letters of a guessed word


def _coda(rhyme: _Rhyme) -> _Rhyme:
    last = max(i for i, p in enumerate(rhyme) if _is_vowel(p)) if any(_is_vowel(p) for p in rhyme) else -1
    return rhyme[last + 1 :]


def _near(a: str, b: str) -> bool:
    return any(a in family and b in family for family in _VOWEL_FAMILIES)


def _lookup(word: str) -> str:
    """The dictionary spelling of a sung contraction ("rollin'" -> "rolling")."""
    return word[:-1] + "g" if word.endswith("in'") else word
