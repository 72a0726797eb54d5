"""Read questions about the music ("why does the chorus sound sad?", "what rhymes with home?") into Intents.

These readers answer without changing the song, so they also run for questions; a negated
message is never read.
"""

from __future__ import annotations

from collections.abc import Callable

from agent import intents
from agent.intents import Intent
from agent.section_words import resolvable, rx, song_or_section
from music.song import Song

Reader = Callable[[str, Song | None], Intent | None]
_S = r"(?P<s>.+?)"

# -- reading without changing: analysis, rhymes, lyric checks ---------------------------------

# Which pointers name the whole song in a question about it: "why does it sound sad?", not "explain that".
_SONG_POINTERS = frozenset({"it", "this"})
_ANALYZE = (
    rx(r"^analy[sz]e(?:\s+(?:the\s+)?(?:harmony|chords|theory)\s+(?:of|in))?(?:\s+(?P<s>.+?))?"
       r"(?:\s+(?:harmonically|for\s+me))?$"),
    rx(r"^(?:explain|break\s+down|walk\s+me\s+through|dissect)(?:\s+(?:the\s+)?(?:harmony|chords|theory)\s+(?:of|in))?"
       r"\s+(?P<s>.+?)(?:\s+(?:harmonically|for\s+me))?$"),
    rx(r"^why\s+(?:does|do|did)\s+(?P<s>.+?)\s+(?:sound|feel|seem)\s+(?:so\s+|that\s+|this\s+|kind\s+of\s+|"
       r"sort\s+of\s+|a\s+bit\s+|a\s+little\s+|really\s+)?\w+(?:\s+\w+)?$"),
    rx(r"^why\s+(?:is|are)\s+(?P<s>.+?)\s+(?:so|that|this|too)\s+\w+$"),
    rx(r"^why\s+(?:does|do)\s+(?P<s>.+?)\s+(?:work|resolve|pull|land|lift|build|hit\s+so\s+hard)(?:\s+so\s+well)?$"),
    rx(r"^what\s+makes\s+(?P<s>.+?)\s+(?:sound\s+|feel\s+)?(?:so\s+)?\w+$"),
    rx(r"^what'?s\s+(?:going\s+on|happening)\s+(?:harmonically\s+)?in\s+(?P<s>.+?)(?:\s+harmonically)?$"),
)  # fmt: skip


def analyze(text: str, song: Song | None) -> Intent | None:
    """Read requests like "analyze the bridge", "why does the chorus sound sad?", "what makes the verse so dark?"."""
    for pattern in _ANALYZE:
        match = pattern.match(text)
        if not match:
            continue
        understood, section = song_or_section(match["s"], song, _SONG_POINTERS)
        if understood:
            return Intent(intents.ANALYZE, {"section": section, "path": None})
    return None


_WORD = r"[\"']?(?P<w>[a-z][a-z'’-]*?)[\"']?"
_RHYMES = (
    rx(rf"^what\s+(?:words?\s+)?rhymes?\s+with\s+{_WORD}$"),
    rx(rf"^(?:give\s+me\s+|find\s+(?:me\s+)?|suggest\s+|list\s+|show\s+me\s+|any\s+)?(?:some\s+|a\s+few\s+|good\s+)?"
       rf"(?:rhymes?|rhyming\s+words)\s+(?:for|with|to|on)\s+{_WORD}$"),
    rx(rf"^(?:(?:give\s+me|find\s+me|i\s+need|suggest)\s+)?(?:(?:any|some|a)\s+)?(?:words?|something|anything)\s+"
       rf"(?:that\s+)?rhym(?:es?|ing)\s+with\s+{_WORD}$"),
    rx(rf"^(?:what'?s|what\s+is|what\s+are|find\s+me|find|i\s+need)\s+(?:a|an|some)\s+(?:good\s+)?rhymes?\s+for\s+"
       rf"{_WORD}$"),
)  # fmt: skip


def rhymes(text: str, song: Song | None) -> Intent | None:
    """Read requests like "what rhymes with home?", "rhymes for fire", "give me a word that rhymes with night"."""
    for pattern in _RHYMES:
        match = pattern.match(text)
        if match:
            return Intent(intents.RHYMES, {"word": match["w"].replace("’", "'").casefold()})
    return None


_LYRIC_PARTS = r"(?:lyrics|lyric|words|lines|syllables|meter|metre|scansion|rhymes|rhyme\s+scheme|prosody)"
_CHECK_VERB = r"(?:check|review|proofread|scan|look\s+over|go\s+over|go\s+through|test|count)"
_CHECK = (
    rx(rf"^{_CHECK_VERB}\s+(?:the\s+)?{_LYRIC_PARTS}\s+(?:of|in|for|on)\s+{_S}$"),
    rx(rf"^{_CHECK_VERB}\s+{_S}(?:'s|s')?\s+{_LYRIC_PARTS}$"),
    rx(rf"^(?:what'?s|what\s+is)\s+the\s+(?:rhyme\s+scheme|meter|metre)\s+(?:of|in)\s+{_S}$"),
    rx(rf"^(?:how\s+many\s+syllables\s+are\s+(?:there\s+)?in\s+(?:each\s+line\s+of\s+)?){_S}$"),
    rx(rf"^(?:do|does)\s+(?:the\s+)?(?:lyrics|words|lines)\s+(?:of|in)\s+{_S}\s+(?:fit|scan|rhyme)$"),
)  # fmt: skip


def check_lyrics(text: str, song: Song | None) -> Intent | None:
    """Read requests like "check the lyrics of verse 1", "what's the rhyme scheme of the chorus?"."""
    for pattern in _CHECK:
        match = pattern.match(text)
        section = resolvable(match["s"], song, whole=False) if match else None
        if section is not None:
            return Intent(intents.CHECK_LYRICS, {"section": section})
    return None


# Readers that understand questions as well as requests; none of them changes the song.
QUESTION_READERS: tuple[Reader, ...] = (analyze, rhymes, check_lyrics)
