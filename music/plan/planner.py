"""Plan a song from a musician's brief: read style, key, tempo and subject, then lay out sections and chords."""

from __future__ import annotations

import logging
import re
import zlib
from dataclasses import dataclass, replace

from music.band.styles import BALLAD, STYLE_ALIASES, STYLES, Style, as_played, find_style, fit_tempo, style_for
from music.errors import SongError
from music.plan.forms import EDM_ENERGY, ENERGY, FormWords, labelled, read_form, song_form
from music.plan.progressions import blues, progression, pushes, symbols, tag
from music.preferences import Preferences
from music.song import Key, Meta, Mode, Part, Section, Song, refitted, section_with

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Brief:
    """What the musician asked for. `parse_brief` fills what they did not say from the style."""

    subject: str = ""
    style: str = "pop"
    tempo: float | None = None
    key: Key | None = None
    mood: str = ""
    title: str = ""
    time_signature: str | None = None
    form: FormWords = FormWords()


# -- reading the brief ---------------------------------------------------------------------

# Style names of several words, and words that name a style only in other company ("a club", "an alternative").
_STYLE_PHRASES = re.compile(
    r"\b(" + "|".join(re.escape(n) for n in sorted((n for n in (*STYLES, *STYLE_ALIASES) if " " in n), key=len, reverse=True)) + r")\b"
)
_NOT_STYLES = frozenset({"club", "alternative"})
_MOOD_WORDS = {
    "sad": "melancholic", "melancholy": "melancholic", "melancholic": "melancholic", "wistful": "wistful",
    "lonely": "lonely", "dark": "dark", "moody": "moody", "angry": "angry", "bittersweet": "bittersweet",
    "happy": "joyful", "joyful": "joyful", "cheerful": "joyful", "upbeat": "upbeat", "uplifting": "uplifting",
    "hopeful": "hopeful", "nostalgic": "nostalgic", "dreamy": "dreamy", "romantic": "romantic",
    "tender": "tender", "gentle": "gentle", "calm": "calm", "energetic": "energetic", "euphoric": "euphoric",
    "defiant": "defiant", "playful": "playful",
}  # fmt: skip
_MINOR_MOODS = frozenset({"melancholic", "wistful", "lonely", "dark", "moody", "angry", "bittersweet", "defiant"})
_MAJOR_MOODS = frozenset({"joyful", "upbeat", "uplifting", "hopeful", "playful", "romantic"})
_SLOW_WORDS = frozenset({"slow", "slower", "gentle", "lullaby", "calm"})
_FAST_WORDS = frozenset({"fast", "upbeat", "energetic", "driving", "quick", "uptempo", "up-tempo"})
_MODE_WORDS = {"major": "major", "maj": "major", "ionian": "major", "minor": "minor", "min": "minor",
               "aeolian": "minor", "dorian": "dorian", "mixolydian": "mixolydian", "lydian": "lydian",
               "phrygian": "phrygian"}  # fmt: skip
_ACCIDENTALS = {"#": "#", "♯": "#", "sharp": "#", "b": "b", "♭": "b", "flat": "b"}
_KEY_WITH_MODE = re.compile(
    r"(?<![\w#])([A-Ga-g])\s*(#|♯|b|♭|-?\s?sharp|-?\s?flat)?\s*"
    r"(major|minor|maj|min|ionian|aeolian|dorian|mixolydian|lydian|phrygian)\b",
    re.IGNORECASE,
)
_KEY_AFTER_IN = re.compile(r"\b(?:in|key of)\s+([A-G])(#|♯|b|♭)?(m)?(?![\w#♯♭])")
_TEMPO = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*(?:bpm|beats per minute|beats a minute)\b", re.IGNORECASE)
_METRE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_SUBJECT = re.compile(r"\babout\s+(.+)", re.IGNORECASE)
_TITLE = re.compile(r"\b(?:called|titled|named)\s+[\"“']?([^\"”,.;!?]+)", re.IGNORECASE)
_SUBJECT_END = re.compile(
    r"[,.;!?]|\s+(?:in\s+(?:the\s+key\s+of\s+)?[A-Ga-g](?:[#♯b♭]|\s|$)|at\s+\d|with\s+|called\s+|titled\s+|\d)",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to"})

def parse_brief(text: str) -> Brief:
    """Read a musician's request ("a folk song about leaving home, 90 BPM, D minor") into a Brief.

    Style, key, tempo, metre, mood, subject and title are taken from the words; anything
    not said is filled with the style's habits (its tempo, home key and mood).

    Raises:
        SongError: if the text is empty or names a tempo or metre no song can have.
    """
    brief = _read_brief(text)
    if brief.tempo is None:
        brief = replace(brief, tempo=_tempo_from_words(text, style_for(brief.style)))
    return complete_brief(brief)


def _read_brief(text: str) -> Brief:
    """Only what the words say: key and tempo stay None when they are not named."""
    if not text or not text.strip():
        raise SongError("Tell me a little about the song first, for example 'a folk song about leaving home'.")
    words = _words(text)
    style_name = next((found.name for w in words if w not in _NOT_STYLES and (found := find_style(w))), "pop")
    mood = next((_MOOD_WORDS[w] for w in words if w in _MOOD_WORDS), "")
    metre = _read_metre(text)
    if metre is None and "waltz" in words:
        metre = "3/4"
    title_match = _TITLE.search(text)
    title = title_match.group(1).strip() if title_match else ""
    return Brief(subject=_read_subject(text), style=style_for(style_name).name, tempo=_read_tempo(text),
                 key=_read_key(text), mood=mood, title=title, time_signature=metre, form=read_form(text))  # fmt: skip


def _words(text: str) -> list[str]:
    """The brief's words, a style's name of several words ("bossa nova", "hip hop") kept as one."""
    folded = " ".join(text.casefold().split())
    folded = _STYLE_PHRASES.sub(lambda m: m[0].replace(" ", "_"), folded)
    return [w.strip(".,;:!?'\"()") for w in folded.split()]


def _tempo_from_words(text: str, style: Style) -> float:
    """The style's tempo, slowed or hurried by the brief's words; a ballad of another style sits low in its range."""
    words = set(_words(text))
    if "ballad" in words and style.name != BALLAD.name:
        return float(max(style.tempo_range[0], min(BALLAD.tempo, style.tempo)))
    if _SLOW_WORDS & words:
        return float(round(style.tempo * 0.85))
    if _FAST_WORDS & words:
        return float(round(style.tempo * 1.12))
    return style.tempo


def complete_brief(brief: Brief) -> Brief:
    """The brief with every unknown filled from its style: tempo, key, mood, title and metre."""
    style = style_for(brief.style)
    mood = brief.mood
    key = brief.key or _home_key(style, _mode_for(mood, style))
    if not mood:
        mood = (
            "melancholic"
            if key.mode in ("minor", "phrygian") and style.name in ("folk", "pop", "ballad")
            else style.mood
        )
    title = brief.title or _title_case(brief.subject) or _title_case(f"{mood} {style.name} song")
    return replace(
        brief,
        style=style.name,
        tempo=brief.tempo if brief.tempo is not None else style.tempo,
        key=key,
        mood=mood,
        title=title,
        time_signature=brief.time_signature or style.metre,
    )


def _mode_for(mood: str, style: Style) -> Mode:
    """Major or minor, as the mood (else the style) leans."""
    if mood in _MINOR_MOODS:
        return "dorian" if style.mode == "dorian" else "minor"
    return "major" if mood in _MAJOR_MOODS else style.mode


def _home_key(style: Style, mode: Mode) -> Key:
    """The key a style reaches for in a mode (its minor tonic for the minor-sounding modes)."""
    major_tonic, minor_tonic = style.tonics
    return Key(tonic=minor_tonic if mode in ("minor", "dorian", "phrygian") else major_tonic, mode=mode)


def _with_preferences(brief: Brief, preferences: Preferences) -> Brief:
    """The brief with the key and tempo the musician prefers, where it names none."""
    style = style_for(brief.style)
    key, tempo = brief.key, brief.tempo
    tonic, mode = preferences.latest("tonic"), preferences.latest("mode")
    if key is None and (tonic or mode):
        chosen_mode = mode[0] if mode else _mode_for(brief.mood, style)
        key = Key(tonic=tonic[0], mode=chosen_mode) if tonic else _home_key(style, chosen_mode)
    usual = preferences.latest("tempo")
    if tempo is None and usual is not None:
        tempo = fit_tempo(float(usual[0]), style)
    return replace(brief, key=key, tempo=tempo)


def preferred_words(text: str, preferences: Preferences) -> str:
    """The brief with the preferred key and tempo said in words where it names none ("..., in G major, at 80 BPM").

    For planners that read only words (planning in the musician's learned style).
    """
    said = _read_brief(text)
    shaped = _with_preferences(said, preferences)
    added = [f"in {shaped.key}"] if said.key is None and shaped.key is not None else []
    added += [f"at {shaped.tempo:g} BPM"] if said.tempo is None and shaped.tempo is not None else []
    return ", ".join([text.strip().rstrip("."), *added])


def _read_key(text: str) -> Key | None:
    for match in _KEY_WITH_MODE.finditer(text):
        letter, accidental, mode_word = match.groups()
        if letter.islower() and not re.search(r"\b(?:in|key of)\s+$", text[: match.start()], re.IGNORECASE):
            continue  # "a minor-key song" is not A minor; a lower-case letter counts only after "in"
        mark = _ACCIDENTALS.get((accidental or "").strip("- ").casefold(), "")
        return Key(tonic=letter.upper() + mark, mode=_MODE_WORDS[mode_word.casefold()])  # type: ignore[arg-type]
    after_in = _KEY_AFTER_IN.search(text)
    if after_in:
        letter, accidental, minor = after_in.groups()
        return Key(tonic=letter + _ACCIDENTALS.get(accidental or "", ""), mode="minor" if minor else "major")
    return None


def _read_tempo(text: str) -> float | None:
    match = _TEMPO.search(text)
    if not match:
        return None
    tempo = float(match.group(1))
    if not 30 <= tempo <= 300:
        raise SongError(f"A tempo of {tempo:g} BPM is outside what I can play; choose between 30 and 300 BPM.")
    return tempo


def _read_metre(text: str) -> str | None:
    match = _METRE.search(text)
    if not match:
        return None
    top, bottom = int(match.group(1)), int(match.group(2))
    if bottom not in (2, 4, 8, 16) or not 1 <= top <= 16:
        raise SongError(f"{top}/{bottom} is not a time signature I can write; try 4/4, 3/4 or 6/8.")
    return f"{top}/{bottom}"


def _read_subject(text: str) -> str:
    match = _SUBJECT.search(text)
    if not match:
        return ""
    rest = match.group(1)
    end = _SUBJECT_END.search(rest)
    subject = rest[: end.start()] if end else rest
    return " ".join(subject.split()).strip(" -")


def _title_case(text: str) -> str:
    words = text.split()
    return " ".join(
        w if w[:1].isupper() else (w if k and w in _SMALL_WORDS else w[:1].upper() + w[1:]) for k, w in enumerate(words)
    )


# -- laying out the song -------------------------------------------------------------------

def plan_song(brief: Brief | str, preferences: Preferences | None = None, *, variant: int = 0) -> Song:
    """A full song sheet for a brief: sections, one chord per bar, energy, instruments and description.

    The style's form (pop: verse, pre-chorus, chorus; rock: a solo; EDM: builds and drops;
    hip-hop: 16-bar verses), or the one the brief names (12-bar blues, AABA, no bridge,
    three verses; see music.plan.forms); chords come from roman-numeral progressions for each
    section kind in the key's mode and the style's idioms (music.plan.progressions), a blues from its
    twelve bars of dominant sevenths, a country song's last bars from its chorus (a tag). The same brief
    always gives the same plan. With the musician's `preferences`, a key or tempo the brief
    leaves out is theirs, and the band and form obey them (see `obey`).

    Raises:
        SongError: if a text brief cannot be read.
    """
    if isinstance(brief, str):
        text, brief = brief, _read_brief(brief)
        if preferences is not None:
            brief = _with_preferences(brief, preferences)
        if brief.tempo is None:
            brief = replace(brief, tempo=_tempo_from_words(text, style_for(brief.style)))
    elif preferences is not None:
        brief = _with_preferences(brief, preferences)
    brief = complete_brief(brief)
    style = style_for(brief.style)
    key = brief.key or Key()
    layout = labelled(song_form(style.name, brief.form))
    seed = zlib.crc32(f"{brief.subject}|{style.name}|{key}".encode()) + variant  # another variant, another plan
    twelve_bar = brief.form.named == "blues" or (style.name == "blues" and not brief.form.named)
    energies = EDM_ENERGY if style.name == "edm" else ENERGY
    metre = brief.time_signature or style.metre
    last_chorus = max((n for n, (kind, _label, _bars) in enumerate(layout) if kind == "chorus"), default=-1)
    sections = []
    chorus: tuple[str, ...] = ()
    for n, (kind, label, bars) in enumerate(layout):
        next_kind = layout[n + 1][0] if n + 1 < len(layout) else None
        if twelve_bar:
            romans = blues(kind, key.mode, bars)
        elif kind == "outro" and style.name == "country" and chorus:
            romans = tag(chorus, bars, key.mode)
        else:
            romans = progression(kind, key.mode, style.name, seed, bars, next_kind, metre)
        chorus = romans if kind == "chorus" else chorus
        chords = symbols(romans, key)
        energy = max(0.9, energies[kind]) if n == last_chorus and last_chorus > 2 else energies[kind]
        pushed = pushes(kind, style.name, romans, metre)
        sections.append(Section(kind=kind, label=label, bars=bars, chords=chords, energy=energy, pushes=pushed))
    tempo = float(brief.tempo if brief.tempo is not None else style.tempo)
    meta = Meta(
        title=brief.title,
        style=style.name,
        tags=tuple(dict.fromkeys((*style.tags, brief.mood, key.mode))),
        mood=brief.mood,
        tempo=tempo,
        key=key,
        time_signature=metre,
        parts=style.parts,
        description=describe(brief, style, key, tempo),
    )
    logger.debug("planned %s: %d sections in %s", brief.title, len(sections), key)
    song = Song(meta=meta, sections=tuple(sections))
    return song if preferences is None else obey(song, preferences)


def obey(song: Song, preferences: Preferences) -> Song:
    """A freshly planned song with its band and form as the musician prefers them.

    Banned instruments give way to the style's next best player of their role, wanted ones
    join; a section kind an instrument is banned from plays without it; intros and outros
    take the preferred length (0 leaves them out), keeping their first and closing chords.
    The sound description names the band as it now plays, and lyrics are sung in the
    musician's voice. Key and tempo are left alone:
    those are the brief's (see `plan_song`).
    """
    style = style_for(song.meta.style)
    parts = preferences.band(song.meta.parts, style)
    sections = []
    for section in song.sections:
        said = preferences.latest(f"{section.kind}_bars") if section.kind in ("intro", "outro") else None
        if said is not None and said[0] == 0:
            continue
        if said is not None and said[0] != section.bars:
            section = refitted(section, int(said[0]), song.meta.beats_per_bar)[0]
        own = preferences.section_band(section.parts or parts, section.kind)
        sections.append(section if own is None else section_with(section, parts=own))
    if not sections:
        return song
    voice = preferences.latest("voice")
    meta = song.meta.model_copy(update={
        "parts": parts, "description": describe_song(song, style, parts), "voice": voice[0] if voice else None,
    })  # fmt: skip
    return song.model_copy(update={"meta": meta, "sections": tuple(sections)}).with_updates()


def describe_song(song: Song, style: Style, parts: tuple[Part, ...], tempo: float | None = None) -> str:
    """The song's sound description written anew for `style` played by `parts` (its mood and subject kept)."""
    meta = song.meta
    subject = meta.description.split(", about ", 1)[1] if ", about " in meta.description else ""
    played = as_played(style, parts)
    return describe(Brief(subject=subject, mood=meta.mood), played, meta.key, meta.tempo if tempo is None else tempo)


def describe(brief: Brief, style: Style, key: Key, tempo: float) -> str:
    """One sentence for a text-to-music model: mood, style, key, tempo, instruments and subject."""
    noun = {"ballad": "ballad", "edm": "EDM track", "jazz": "jazz tune"}.get(style.name, f"{style.name} song")
    text = f"{brief.mood} {noun} in {key} at {tempo:g} BPM"
    if style.instruments:
        text += f", {style.instruments}"
    if brief.subject:
        text += f", about {brief.subject}"
    return text.strip()
