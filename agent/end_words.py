"""Choosing the words lines end on before a line is written: near the song's subject, common, and rhymable.

A small model cannot plan a rhyme, so the rhyme is planned for it: each line's end word is
picked here from the rhyme scheme, and the model only writes its way to that word.
Relatedness is the cosine of local sentence embeddings (memory.embedding); how common a
word is comes from wordfreq; rhymes from CMUdict (music.words.rhyme_sounds).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from music.words.prosody import FUNCTION_WORDS
from music.words.rhyme_sounds import clean_word, is_known, perfect_rhymes
from music.words.syllables import syllable_count

# Words that end lyric lines well: things to see and touch, places, times, feelings, and
# three words songs love to land on. Nouns because a small model steered to an end word
# arrives at a noun naturally ("... by the door"); verbs and adverbs it reaches awkwardly.
VOCABULARY: tuple[str, ...] = tuple(
    dict.fromkeys(
        """
        air angel arms ash autumn baby bag band bar bay beach bed bell bird birds blade blood bloom boat bone bones
        book border bottle boy bread breath breeze bride bridge brother bus cage cake candle car card cards chain
        chair child church city clay cliff clock clothes cloud clouds coal coast coat coffee corn corner country
        crowd crown cup dance dark dawn day days desk dirt dog door dove dream dreams dress drum dust earth east
        edge eyes face faith fame farm father fear feet fence field fields fire flag flame flight floor flower
        flowers fog friend friends frost fruit game garden gate ghost gift girl glass gold grace grain grass grave
        ground guitar hair hall hand hands harbor hat head heart heaven hill hills home hope horse house ice ink
        island jar joy key kiss kitchen knee knife lake lamp land lane leaves letter life light lights line lips
        love map mind mirror money moon morning mother mountain mouth mud music name neck nest night north ocean
        oak page pain paint paper past path peace pearl phone piano picture pier pillow place plane plate prayer
        pride queen radio rain ring river road rock roof room rope rose rust sail salt sand scar school sea season
        seed shade shadow shame ship shirt shoes shore shoulder sign silence silver sister skin sky sleep smile
        smoke snow soil song soul sound south space spark spring square stage stair star stars station steel stone
        storm story street streets string summer sun sunrise sunset sword table tale tea tears thunder ticket tide
        time tongue tower town track tracks trail train tree trees truck truth tune valley vine voice wall walls
        war water wave waves way weather west wheel whisper wind window wine wing wings winter wire woman wood
        woods word words world wound yard year years youth chest cheek hearts skies rhyme lover daughter feather
        sorrow motion stream race frame thread sight tide roar bone throne sorrow dawn dusk hour hours night
        again alone tonight
        """.split()
    )
)
# Words of a brief that say nothing on their own, so a line should not be steered to them.
_PLAIN = frozenset(
    """a an the and or but of to in on at by for from with about into over under my your his her our their its
    me you him them us it i we they this that these those song songs tune music style folk pop rock jazz soul
    blues country indie ballad track bpm major minor verse chorus bridge intro outro some very more most less
    slow fast sad happy one two three thereof whereof hereof""".split()
)
_WORD = re.compile(r"[a-z][a-z']+")
_RHYME_LIMIT = 40

_VECTORS: dict[str, np.ndarray] = {}
_LOCK = threading.Lock()


def vectors(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence embeddings of `texts`, one row each, computed once per text and process."""
    from memory.embedding import embed

    with _LOCK:
        missing = [text for text in dict.fromkeys(texts) if text not in _VECTORS]
        if missing:
            for text, row in zip(missing, embed(missing), strict=True):
                _VECTORS[text] = row
        return np.stack([_VECTORS[text] for text in texts]) if texts else np.zeros((0, 384), dtype=np.float32)


def relevance(texts: Sequence[str], query: str) -> list[float]:
    """Cosine similarity of each text to `query` (about -1 to 1; related lines score 0.3 and up)."""
    if not texts:
        return []
    from memory.embedding import embed

    wanted = embed([query])[0]
    return [float(value) for value in vectors(list(texts)) @ wanted]


def content_words(text: str) -> list[str]:
    """The words of a brief worth building a line around: known to the dictionary, not filler."""
    found = []
    for word in _WORD.findall(text.lower()):
        word = word.strip("'").removesuffix("'s")
        # Words ending -ing, -ed or -ly are rarely things; a line steered onto one limps.
        if len(word) > 2 and word not in _PLAIN and not word.endswith(("ing", "ed", "ly")) and is_known(word):
            found.append(word)
    return list(dict.fromkeys(found))


def is_avoided(word: str, avoid: Iterable[str]) -> bool:
    """True when `word` is one of the avoided words or a longer form of one ("fires" for "fire")."""
    clean = clean_word(word)
    return any(clean.startswith(banned) for banned in avoid if banned)


class EndWords:
    """End words for one section: ranked by closeness to the song, never an avoided or already used word.

    Args:
        query: What the lines should be about: subject, mood, the musician's direction.
        brief_words: Text whose words are offered as end words too (the subject, an image).
        avoid: Words the musician does not want (their longer forms are out too).
        taken: End words the song's other sections already use.
    """

    def __init__(self, query: str, *, brief_words: Iterable[str] = (), avoid: Iterable[str] = (),
                 taken: Iterable[str] = ()) -> None:
        self.query = query
        self.avoid = frozenset(clean_word(word) for word in avoid if clean_word(word))
        self.taken = {clean_word(word) for word in taken}
        pool = [w for w in (*content_words(" ".join(brief_words)), *VOCABULARY) if self._allowed(w)]
        self._score = self._rank(list(dict.fromkeys(pool)))
        self._ranked = sorted(self._score, key=self._score.__getitem__, reverse=True)

    def _allowed(self, word: str) -> bool:
        return bool(word) and word not in self.taken and not is_avoided(word, self.avoid)

    def _rank(self, words: list[str]) -> dict[str, float]:
        from wordfreq import zipf_frequency

        # Closeness first; common, short words break ties, as a singer would prefer them.
        close = relevance(words, self.query)
        return {
            word: value + 0.02 * zipf_frequency(word, "en") - 0.04 * (syllable_count(word) - 1)
            for word, value in zip(words, close, strict=True)
        }

    def score(self, word: str) -> float:
        """How well `word` suits the section as an end word (higher is better)."""
        if word not in self._score:
            self._score.update(self._rank([word]))
        return self._score[word]

    def free(self, exclude: Iterable[str] = (), limit: int = 6) -> list[str]:
        """The best end words for a line that need not rhyme with anything."""
        out = set(exclude)
        return [word for word in self._ranked if word not in out and self._allowed(word)][:limit]

    def rhymes(self, word: str, exclude: Iterable[str] = (), limit: int = 6) -> list[str]:
        """End words that rhyme with `word`, the best suited first.

        Perfect rhymes from the vocabulary come first, then close ones (the same vowels, end
        consonants of one family: 'home' and 'alone'); common dictionary rhymes only when
        the vocabulary has too few.
        """
        clean = clean_word(word)
        out = {*exclude, clean}
        keys = _keys(clean)
        perfect = [w for w in self._ranked if _keys(w)[0] & keys[0]]
        close = [w for w in self._ranked if _keys(w)[1] & keys[1] and w not in perfect]
        found = [w for w in (*perfect, *close) if w not in out and self._allowed(w)]
        if len(found) < 2:
            extra = [w for w in perfect_rhymes(clean)[:_RHYME_LIMIT]
                     if _common(w) and w not in out and w not in found and self._allowed(w)]
            found += sorted(extra, key=self.score, reverse=True)
        return found[:limit]

    def heads(self, exclude: Iterable[str] = (), limit: int = 6) -> list[str]:
        """End words for the first line of a rhyming pair: suited words that have a suited rhyme."""
        out = set(exclude)
        heads: list[tuple[float, str]] = []
        for word in self._ranked[:80]:
            if word in out or not self._allowed(word):
                continue
            partners = [w for w in self._ranked if w != word and w not in out and _keys(w)[0] & _keys(word)[0]]
            partners = [w for w in partners if self._allowed(w)]
            if partners:
                heads.append((self._score[word] + self._score[partners[0]], word))
        return [word for _, word in sorted(heads, reverse=True)[:limit]]


# Consonants a songwriter lets rhyme with each other: 'home' and 'alone', 'night' and 'ride'.
_FAMILY = {
    "M": "N", "N": "N", "NG": "N", "P": "P", "B": "P", "T": "T", "D": "T", "K": "K", "G": "K",
    "F": "F", "V": "F", "TH": "F", "DH": "F", "S": "S", "Z": "S", "SH": "S", "ZH": "S", "CH": "S", "JH": "S",
}  # fmt: skip


@lru_cache(maxsize=16384)
def _keys(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """The word's rhyming parts (from the last stressed vowel) exactly, and with end consonants by family."""
    import pronouncing

    exact, family = set(), set()
    for phones in pronouncing.phones_for_word(word):
        part = [phone.rstrip("012") for phone in pronouncing.rhyming_part(phones).split()]
        exact.add(" ".join(part))
        family.add(" ".join(_FAMILY.get(phone, phone) for phone in part))
    return frozenset(exact), frozenset(family)


def _common(word: str) -> bool:
    """A dictionary rhyme worth ending a line on: common, short, and not a little word like 'of'."""
    from wordfreq import zipf_frequency

    if word in FUNCTION_WORDS or word in _PLAIN:
        return False
    return zipf_frequency(word, "en") >= 3.5 and syllable_count(word) <= 3
