"""The musician's standing preferences, read from their own words, and the bands and plans that obey them.

"never use a saxophone", "I always want a cello", "I sing in G", "my songs sit around 80 BPM",
"short intros", "no cliches like 'fire'": each is read into a `Preference` that keeps the
words it came from; `Preferences` holds them in the order they were said, a later one
replacing what it contradicts. Instruments are the ones music.band.styles knows by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from music.band.instruments import INSTRUMENTS, Instrument, instrument_named, next_best
from music.band.style_model import Style
from music.errors import SongError
from music.song import SECTION_KINDS, Key, Mode, Part, SectionKind, explain
from music.words.voices import voice_for

_MAX_TEXT = 4000


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Ban(_Frozen):
    """An instrument the musician does not want, everywhere or only in some kinds of section."""

    instrument: str
    sections: tuple[SectionKind, ...] = ()

    @field_validator("instrument")
    @classmethod
    def _known(cls, value: str) -> str:
        return _instrument_name(value)


class Preference(_Frozen):
    """One thing the musician said about how they like their songs, in their words and as settings.

    Every field but `text` is optional: a preference I cannot act on ("I hate autotune")
    keeps only its words. `tonic` and `mode` are the singer's key ("I sing in G" has a
    tonic and no mode); intro and outro bars of 0 mean none at all.
    """

    text: str = Field(min_length=1, max_length=_MAX_TEXT)
    banned: tuple[Ban, ...] = ()
    wanted: tuple[str, ...] = ()
    tonic: str | None = None
    mode: Mode | None = None
    tempo: float | None = Field(None, ge=30, le=300)
    intro_bars: int | None = Field(None, ge=0, le=16)
    outro_bars: int | None = Field(None, ge=0, le=16)
    avoid_words: tuple[str, ...] = ()
    voice: str | None = None

    @field_validator("wanted")
    @classmethod
    def _known_wanted(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_instrument_name(name) for name in value)

    @field_validator("tonic")
    @classmethod
    def _a_tonic(cls, value: str | None) -> str | None:
        return None if value is None else Key(tonic=value).tonic

    @field_validator("voice")
    @classmethod
    def _a_voice(cls, value: str | None) -> str | None:
        return None if value is None else voice_for(value).name

    @property
    def structured(self) -> bool:
        """True when the preference is kept as settings, not only as words."""
        return bool(self.does())

    def acts(self) -> list[str]:
        """What plans and restyles do because of it: 'no saxophone', 'a cello in every band', 'songs in G'."""
        said = [f"no {ban.instrument}" + _in_sections(ban.sections) for ban in self.banned]
        said += [f"{'an' if name[:1] in 'aeiou' else 'a'} {name} in every band" for name in self.wanted]
        if self.tonic:
            said.append(f"songs in {self.tonic}" + (f" {self.mode}" if self.mode else ""))
        elif self.mode:
            said.append(f"songs in {self.mode} keys")
        if self.tempo is not None:
            said.append(f"around {self.tempo:g} BPM")
        for kind, bars in (("intro", self.intro_bars), ("outro", self.outro_bars)):
            if bars is not None:
                said.append(f"no {kind}s" if bars == 0 else f"{bars}-bar {kind}s")
        return said

    def keeps(self) -> list[str]:
        """Settings kept for the lyric and melody writers: 'lyrics without 'fire'', 'melodies for a baritone'."""
        said = ["lyrics without " + listed([f"'{w}'" for w in self.avoid_words], "or")] if self.avoid_words else []
        if self.voice:
            said.append(f"melodies for a {self.voice}")
        return said

    def does(self) -> list[str]:
        """Every setting read from it, in words."""
        return self.acts() + self.keeps()


class Preferences(_Frozen):
    """Everything the musician has asked for, oldest first; where two disagree the later one counts."""

    items: tuple[Preference, ...] = ()

    # -- reading the settings --------------------------------------------------------------

    def bans(self) -> list[tuple[Instrument, tuple[SectionKind, ...], Preference]]:
        """Each banned instrument, the sections it is banned from (empty: everywhere) and who said it."""
        return [(_instrument(b.instrument), b.sections, p) for p in self.items for b in p.banned]

    def wants(self) -> list[tuple[Instrument, Preference]]:
        """Each wanted instrument and who said it, without repeats."""
        found: dict[str, tuple[Instrument, Preference]] = {}
        for item in self.items:
            for name in item.wanted:
                found.setdefault(name, (_instrument(name), item))
        return list(found.values())

    def latest(self, field: str) -> tuple[Any, Preference] | None:
        """The newest value given for a setting ('tonic', 'mode', 'tempo', 'intro_bars', 'outro_bars', 'voice')."""
        for item in reversed(self.items):
            value = getattr(item, field)
            if value is not None:
                return value, item
        return None

    @property
    def avoid_words(self) -> frozenset[str]:
        """Words the musician does not want in their lyrics, in lower case."""
        return frozenset(w for item in self.items for w in item.avoid_words)

    def refusal(self, part: Part, kind: str | None = None) -> Preference | None:
        """The preference that bans `part` everywhere (or, given a section kind, in that kind), if any."""
        for instrument, sections, item in self.bans():
            if instrument.plays(part) and (not sections or (kind is not None and kind in sections)):
                return item
        return None

    def wanting(self, part: Part) -> Preference | None:
        """The preference that asks for `part`, if any."""
        return next((item for instrument, item in self.wants() if instrument.plays(part)), None)

    # -- obeying them ----------------------------------------------------------------------

    def band(self, parts: Sequence[Part], style: Style) -> tuple[Part, ...]:
        """The parts with banned instruments swapped for the style's next best, and wanted ones in.

        A banned part gives way to the style's next best player of its role, or is left out
        when there is none. A wanted bass, lead or drum kit takes over that role (one tune, one bass line, one
        drummer); a wanted chord or pad instrument joins the band.
        """
        band: list[Part] = []
        for part in parts:
            if self.refusal(part) is None:
                band.append(part)
                continue
            stand_in = next_best(style, part.role, _refuser(self, frozenset(p.name for p in (*band, *parts))))
            if stand_in is not None:
                band.append(stand_in)
        for instrument, _ in self.wants():
            if any(instrument.plays(p) for p in band):
                continue
            new = _named_apart(instrument.part, band)
            single = [n for n, p in enumerate(band) if p.role == new.role and self.wanting(p) is None]
            if new.role in ("lead", "bass", "drums") and single:
                band[single[0]] = new
            else:
                band.append(new)
        return tuple(band)

    def section_band(self, parts: Sequence[Part], kind: str) -> tuple[Part, ...] | None:
        """The parts that may play in a section of `kind`, or None when no ban reaches it."""
        kept = tuple(p for p in parts if self.refusal(p, kind) is None)
        return None if len(kept) == len(parts) else kept

    # -- changing them ---------------------------------------------------------------------

    def adding(self, new: Preference) -> tuple[Preferences, tuple[Preference, ...]]:
        """These preferences with `new` said last, and the earlier ones it contradicts.

        A wanted instrument cancels an earlier ban on it and a ban an earlier want; a new
        key, mode, tempo, intro or outro length or voice replaces the old one. An earlier
        preference left with nothing to do is dropped; one saying the same words is replaced.
        """
        kept: list[Preference] = []
        contradicted: list[Preference] = []
        for old in self.items:
            if " ".join(old.text.casefold().split()) == " ".join(new.text.casefold().split()):
                contradicted.append(old)
                continue
            left = _without_contradictions(old, new)
            if left != old:
                contradicted.append(old)
            if left.structured or (left == old and not old.structured):
                kept.append(left)
        return Preferences(items=(*kept, new)), tuple(contradicted)

    def without(self, gone: Sequence[Preference]) -> Preferences:
        """These preferences with the given ones forgotten."""
        return Preferences(items=tuple(item for item in self.items if item not in gone))

    def named_by(self, said: Preference) -> tuple[Preference, ...]:
        """The preferences a request to forget names: the same instruments, or the same kind of setting.

        "forget that I don't like saxophone" names every preference about a saxophone, whatever
        it said about it; "forget my key" names the key; "forget the tempo" the tempo.
        """
        words = said.text.casefold()
        instruments = [_instrument(b.instrument) for b in said.banned] + [_instrument(n) for n in said.wanted]
        aspects = {
            "key": said.tonic is not None or said.mode is not None or bool(_KEY_WORDS.search(words)),
            "tempo": said.tempo is not None or bool(re.search(r"\b(?:tempo|bpm|speed)\b", words)),
            "intro": said.intro_bars is not None or bool(re.search(r"\bintros?\b", words)),
            "outro": said.outro_bars is not None or bool(re.search(r"\boutros?\b", words)),
            "words": bool(said.avoid_words) or bool(_LYRIC_CONTEXT.search(words)),
            "voice": said.voice is not None or bool(re.search(r"\b(?:voice|baritone|tenor|soprano|alto)\b", words)),
        }

        def names(item: Preference) -> bool:
            mine = [_instrument(b.instrument) for b in item.banned] + [_instrument(n) for n in item.wanted]
            if any(a.overlaps(b) for a in instruments for b in mine):
                return True
            if instruments:
                return False
            return (
                (aspects["key"] and (item.tonic is not None or item.mode is not None))
                or (aspects["tempo"] and item.tempo is not None)
                or (aspects["intro"] and item.intro_bars is not None and not item.banned)
                or (aspects["outro"] and item.outro_bars is not None and not item.banned)
                or (aspects["words"] and bool(item.avoid_words) and _shares_words(said, item))
                or (aspects["voice"] and item.voice is not None)
            )

        return tuple(item for item in self.items if names(item))

    def to_json(self) -> str:
        """The preferences as JSON text."""
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json(cls, text: str) -> Preferences:
        """Preferences from JSON text, with a plain-language error when the text is not theirs."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as err:
            raise SongError(f"Those are not preferences I wrote: {explain(err)}") from None


# -- reading a preference from the musician's words --------------------------------------------

_NEGATIVE = re.compile(
    r"\b(?:rather not|can't stand|cannot stand|tired of|sick of|enough of|don't|dont|do not|doesn't|does not|"
    r"didn't|won't|wouldn't|shouldn't|isn't|aren't|no|never|not|without|hate[sd]?|dislike[sd]?|detest|avoid|"
    r"ban|banned|skip|drop|lose|nothing|none|stop|quit)\b"
)
_POSITIVE = re.compile(
    r"\b(?:always|love[sd]?|like[sd]?|want(?:s|ed)?|need(?:s|ed)?|add|include|use|prefer|keep|adore|enjoy|more|"
    r"with|favou?rite|put|every|bring|fan of)\b"
)
_CLAUSES = re.compile(r"[,;:.!?]+|\s+(?:but|and|also|plus|though|however|while|whereas|then)\s+")
_SENTENCES = re.compile(r"[;.!?]+")
_LYRIC_CONTEXT = re.compile(
    r"\b(?:clich[eé]s?|words?|lyrics?|rhym\w*|phrases?|say|saying|lines?|sing about|write about)\b"
)
_QUOTED = re.compile(r"(?<![a-z])[\"']([^\"']{1,40})[\"'](?![a-z])")
_AFTER_LIKE = re.compile(r"\b(?:like|such as|the words?|words|say|saying|rhymes?)\s+(.+)$")
_RHYME_WITH = re.compile(r"\brhym\w*\s+(\w+)\s+with\s+(\w+)")
_KEY_WORDS = re.compile(
    r"\b(?:sing|sings|singing|sung|voice|vocals?|key|keys|range|tonic)\b|\b(?:songs?|write|play)\s+in\b"
)
_TONIC = r"([A-G])(#|b|♯|♭|\s?sharp|\s?flat)?(?:\s*(major|minor|maj|min|m)(?![a-z]))?(?![\w#♯♭])"
_KEY_AFTER = re.compile(r"(?:\bin|\bkey(?:\s+of|\s+is)?|\bof|\bis)\s+(?:the\s+key\s+of\s+)?" + _TONIC)
_KEY_NAMED = re.compile(r"(?<![\w#])([A-G])(#|b|♯|♭|\s?sharp|\s?flat)?\s*(major|minor)\b")
_MODE_ONLY = re.compile(r"\b(major|minor|dorian|mixolydian|lydian|phrygian)\b")
_TEMPO = re.compile(
    r"(\d{2,3}(?:\.\d+)?)\s*(?:bpm|beats per minute|beats a minute)\b|\btempo\s+(?:of|around|about|at|near|is)?\s*(\d{2,3})\b"
)
_BAR_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "eight": 8, "sixteen": 16}
_LENGTH = r"short|shorter|brief|quick|tiny|minimal|tight|long|longer"
_FORM_BEFORE = re.compile(
    rf"\b({_LENGTH}|no|without|skip|(\d{{1,2}}|{'|'.join(_BAR_WORDS)})[- ]bars?)\s+(?:an?\s+|the\s+|my\s+)?(intro|outro)(?:e?s)?\b"
)
_FORM_AFTER = re.compile(
    r"\b(intro|outro)(?:e?s)?\s+(?:should\s+be\s+|to\s+be\s+|are\s+|is\s+|kept\s+|be\s+|of\s+|at\s+|to\s+)?"
    rf"({_LENGTH}|(\d{{1,2}})\s+bars?)\b"
)
_SCOPE = re.compile(
    r"\b(?:in|on|during|for|through)\s+(?:the\s+|my\s+|our\s+|all\s+|any\s+|every\s+)?"
    r"(intro|verse|pre-?chorus|chorus|refrain|bridge|middle eight|solo|outro)(?:e?s)?\b"
)
_VOICE = re.compile(
    r"\b(?:i'm|i am|i sing|i sing as|sing as|singer is|vocalist is|voice is|my voice is|i'm singing)\s+"
    r"(?:an?\s+|like\s+an?\s+)?(soprano|mezzo-soprano|mezzo soprano|mezzo|alto|contralto|tenor|baritone|bass|basso)\b"
    r"(?!\s+(?:player|guitar|guitarist|line|sax|saxophone|clarinet|recorder|trombone|flute))"
)
_INSTRUMENT_WORDS: dict[str, Instrument] = {}
for _instrument_entry in INSTRUMENTS:
    for _word in (_instrument_entry.name, *_instrument_entry.words):
        _INSTRUMENT_WORDS.setdefault(_word, _instrument_entry)
_MENTION = re.compile(
    r"(?<![\w])(?P<w>"
    + "|".join(re.escape(w) for w in sorted(_INSTRUMENT_WORDS, key=len, reverse=True))
    + r")(?:es|s)?(?![\w])"
)


def read_preference(text: str) -> Preference:
    """Read what the musician said into a Preference that keeps their words.

    Understood: instruments they never want or always want ("never use a saxophone",
    "I always want a cello", "no drums in the intro"), the key they sing in ("I sing in G",
    "I prefer minor keys"), their usual tempo ("my songs sit around 80 BPM"), intro and
    outro lengths ("short intros", "no outro"), words to keep out of lyrics ("no cliches
    like 'fire'") and their voice ("I'm a baritone"). Anything else is kept as words only.

    Raises:
        SongError: If the text is empty or names a tempo no song can have.
    """
    said = " ".join(str(text).split()) if isinstance(text, str) else ""
    if not said:
        raise SongError("There is nothing to remember in an empty message.")
    if len(said) > _MAX_TEXT:
        raise SongError(f"A preference can hold at most {_MAX_TEXT} characters; say it in fewer words.")
    plain = said.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    folded = plain.casefold()
    settings: dict[str, Any] = {"text": said}
    avoid: list[str] = []
    lyric_spans: list[str] = []
    for sentence in _SENTENCES.split(folded):
        if _LYRIC_CONTEXT.search(sentence) and not _MENTION.search(_QUOTED.sub(" ", sentence).replace("-", " ")):
            avoid.extend(_avoided_words(sentence))
            lyric_spans.append(sentence)
    voice = _VOICE.search(folded)
    if voice:
        settings["voice"] = voice_for(voice.group(1)).name
        folded = folded.replace(voice.group(0), " ")
    banned: list[Ban] = []
    wanted: list[str] = []
    polarity: bool | None = None
    for clause in _CLAUSES.split(folded):
        polarity = _polarity(clause, polarity)
        if any(clause and clause in span for span in lyric_spans):
            continue
        _read_settings(clause, _cased(plain, clause), polarity, settings)
        form = _FORM_BEFORE.search(clause) or _FORM_AFTER.search(clause)
        scope = () if form else tuple(dict.fromkeys(_kind(m.group(1)) for m in _SCOPE.finditer(clause)))
        for mention in _MENTION.finditer(clause.replace("-", " ")):
            instrument = _INSTRUMENT_WORDS[mention.group("w")]
            if polarity is False:
                banned.append(Ban(instrument=instrument.name, sections=scope))
            elif polarity is True and not scope:
                wanted.append(instrument.name)
    settings["banned"] = tuple(dict.fromkeys(banned))
    settings["wanted"] = tuple(dict.fromkeys(wanted))
    settings["avoid_words"] = tuple(dict.fromkeys(avoid))
    try:
        return Preference.model_validate(settings)
    except ValidationError as err:
        raise SongError(explain(err)) from None


def _polarity(clause: str, previous: bool | None) -> bool | None:
    """False for a clause that refuses something, True for one that asks for it, else the previous clause's."""
    negatives = len(_NEGATIVE.findall(clause))
    if negatives:
        return negatives % 2 == 0  # "never want to lose the cello" asks for it
    if _POSITIVE.search(clause):
        return True
    return previous


def _read_settings(clause: str, cased: str, polarity: bool | None, settings: dict[str, Any]) -> None:
    """Key, tempo and form settings from one clause, into `settings`."""
    tempo = _TEMPO.search(clause)
    if tempo and polarity is not False:
        bpm = float(tempo.group(1) or tempo.group(2))
        if not 30 <= bpm <= 300:
            raise SongError(f"A tempo of {bpm:g} BPM is outside what I can play; choose between 30 and 300 BPM.")
        settings["tempo"] = bpm
    if _KEY_WORDS.search(clause) and "tuning" not in clause:
        key = _KEY_AFTER.search(cased) or _KEY_NAMED.search(cased)
        if key and polarity is not False:
            letter, accidental, mode = key.groups()
            mark = (
                {"#": "#", "♯": "#", "sharp": "#", "b": "b", "♭": "b", "flat": "b"}[(accidental or "").strip()]
                if accidental
                else ""
            )
            settings["tonic"] = letter + mark
            if mode:
                settings["mode"] = "minor" if mode.casefold() in ("minor", "min", "m") else "major"
        elif not key and (mode_word := _MODE_ONLY.search(clause)):
            mode = mode_word.group(1)
            if polarity is False and mode in ("major", "minor"):
                settings["mode"] = "minor" if mode == "major" else "major"
            elif polarity is not False:
                settings["mode"] = mode
    form = _FORM_BEFORE.search(clause)
    if form:
        size, count, kind = form.group(1), form.group(2), form.group(3)
        settings[f"{kind}_bars"] = _bars(size, count)
    elif after := _FORM_AFTER.search(clause):
        settings[f"{after.group(1)}_bars"] = _bars(after.group(2), after.group(3))


def _bars(size: str, count: str | None) -> int:
    if count:
        return int(count) if count.isdigit() else _BAR_WORDS[count]
    if size in ("no", "without", "skip"):
        return 0
    return 8 if size.startswith("long") else 2


def _cased(text: str, clause: str) -> str:
    """The clause as the musician typed it (key letters are read in their own case)."""
    at = text.casefold().find(clause)
    return text[at : at + len(clause)] if at >= 0 and clause else clause


def _avoided_words(sentence: str) -> list[str]:
    """Words a lyric sentence asks to keep out: quoted ones, 'like X and Y', 'rhyme X with Y'."""
    if not (_NEGATIVE.search(sentence) or re.search(r"clich", sentence)):
        return []
    found = [m.group(1) for m in _QUOTED.finditer(sentence)]
    if not found and (rhyme := _RHYME_WITH.search(sentence)):
        found = [rhyme.group(1), rhyme.group(2)]
    if not found and (after := _AFTER_LIKE.search(sentence)):
        found = re.split(r",|\band\b|\bor\b", after.group(1))
    words = []
    for word in found:
        cleaned = re.sub(r"^(?:the|a|an)\s+", "", " ".join(word.strip(" \"'.,!?").split()))
        if cleaned and len(cleaned.split()) <= 3:
            words.append(cleaned)
    return words


def _kind(word: str) -> SectionKind:
    word = word.replace("prechorus", "pre-chorus").replace("pre chorus", "pre-chorus")
    kind = {"refrain": "chorus", "middle eight": "bridge"}.get(word, word)
    if kind not in SECTION_KINDS:
        raise SongError(f"'{word}' is not a kind of section.")
    return kind  # type: ignore[return-value]


def _instrument(name: str) -> Instrument:
    found = instrument_named(name)
    if found is None:
        raise SongError(f"I don't know the instrument '{name}'.")
    return found


def _instrument_name(name: str) -> str:
    return _instrument(name).name


def _refuser(prefs: Preferences, taken: frozenset[str]) -> Callable[[Part], bool]:
    """Refuses banned instruments and names the band already has (two parts may not share a name)."""

    def refused(part: Part) -> bool:
        return prefs.refusal(part) is not None or part.name in taken

    return refused


def _named_apart(part: Part, band: Sequence[Part]) -> Part:
    """The part, numbered if the band already has a player of that name ('Cello 2')."""
    names = {p.name for p in band}
    if part.name not in names:
        return part
    n = 2
    while f"{part.name} {n}" in names:
        n += 1
    return part.model_copy(update={"name": f"{part.name} {n}"})


def _without_contradictions(old: Preference, new: Preference) -> Preference:
    """`old` without what `new` says otherwise."""
    new_wants = [_instrument(n) for n in new.wanted]
    new_bans = [_instrument(b.instrument) for b in new.banned if not b.sections]
    banned = tuple(b for b in old.banned if not any(_instrument(b.instrument).overlaps(w) for w in new_wants))
    wanted = tuple(n for n in old.wanted if not any(_instrument(n).overlaps(b) for b in new_bans))
    changes: dict[str, Any] = {"banned": banned, "wanted": wanted}
    # "I sing in G" keeps an earlier "I prefer minor keys": only a setting said again is replaced.
    for field in ("tonic", "mode", "tempo", "intro_bars", "outro_bars", "voice"):
        if getattr(new, field) is not None:
            changes[field] = None
    return old.model_copy(update=changes)


def _shares_words(said: Preference, item: Preference) -> bool:
    return not said.avoid_words or bool(set(said.avoid_words) & set(item.avoid_words))


def _in_sections(sections: Sequence[str]) -> str:
    return f" in {listed([f'{kind}s' for kind in sections], 'or')}" if sections else ""


def listed(items: Sequence[str], joiner: str) -> str:
    """The items as "a, b and c", or with another word before the last."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {joiner} " + items[-1]
