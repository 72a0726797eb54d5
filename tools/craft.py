"""Tools for the songwriter's craft: reharmonize, write chords, change key, tempo, metre and form, melody, restyle."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from pydantic import Field

from music.edits import chart as charts
from music.edits import cymbals, harmony, keys, restyle, structure
from music.plan.fingerprint import reharmonize_in_style
from music.song import Cymbal, SectionKind, Song
from music.words import melody
from music.words.voices import VOICES
from tools.changes import commit_change, first_difference, section_to_render
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.memory_tools import load_preferences
from tools.profiles import load_profile
from tools.songwriting import SectionName

HarmonyStyle = Literal["jazz", "borrowed", "gospel", "mine"]
Semitones = Annotated[int, Field(description="how far to move, -24 to 24 semitones: +2 is up a whole step, -3 down a minor third")]
Bpm = Annotated[float, Field(description="beats per minute, 30 to 300")]
BarCount = Annotated[int, Field(description="a length in bars, 1 to 128")]
TimeSignature = Annotated[str, Field(description="a time signature such as 4/4, 3/4 or 6/8")]
Voice = Annotated[str, Field(description=f"the singer's voice: {', '.join(VOICES)}")]
StyleName = Annotated[str, Field(description=f"a style: {', '.join(restyle.STYLE_NAMES)} (or a word for one, like 'rnb')")]
CymbalChoice = Annotated[
    Literal[Cymbal, "groove"],
    Field(description="the cymbal the drummer keeps time on; 'groove' hands it back to the style's own"),
]
ChordChart = Annotated[
    str,
    Field(description="a chord chart: bars split by '|', '/' holds the chord before it within the bar, '%' repeats "
                      "the bar before, '^' before a bar's first chord pushes it an eighth early: \"Am / / G | F | ^C | %\""),
]
OptionalSection = Annotated[
    str | None, Field(description="a section as the musician names it; leave empty for the whole song")
]  # fmt: skip


def reharmonize(ctx: ToolContext, section: SectionName, style: HarmonyStyle) -> ToolResult:
    """Give a section new chords under the same bars, and play it.

    jazz: ii-V approaches, tritone subs, ninths and thirteenths. borrowed: chords from the
    parallel key (iv, bVI, bVII in major). gospel: passing diminished chords, IV over the
    tonic bass, 13th dominants. mine: chords walked from the habits learned from the
    musician's own songs (needs learn_style first). 'all' reharmonizes the whole song.
    """
    head = current(ctx)
    if style == "mine":
        change = reharmonize_in_style(head.song, section, load_profile(ctx))
    else:
        change = harmony.reharmonize(head.song, section, style)
    nothing = f"I found no {style} chords to change in {_labels(head.song, section)}, so nothing changed."
    return commit_change(ctx, change, f"reharmonize:{style}", section_to_render(head.song, section), nothing)


def set_chords(ctx: ToolContext, section: SectionName, chart: ChordChart) -> ToolResult:
    """Write the musician's own chords into a section (every section a name matches, like 'verses'), and play it.

    Use when the musician says the chords themselves ("the verse goes Am F C G" is
    "Am | F | C | G"): each bar of the chart is a bar of the section, and a chart shorter
    than the section that divides it plays as a loop.
    """
    head = current(ctx)
    change = charts.set_chords(head.song, section, chart)
    nothing = f"The chords of {_labels(head.song, section)} are already {chart.strip()}, so nothing changed."
    return commit_change(ctx, change, "set_chords", section_to_render(head.song, section), nothing)


def change_key(ctx: ToolContext, section: SectionName, semitones: Semitones) -> ToolResult:
    """Move a section, or the whole song ('all'), into a new key by a number of semitones, and play it.

    Use for key changes ("lift the last chorus a whole step" is +2, "down a minor third"
    is -3): chords are respelled for the new key and the melody moves with them.
    """
    head = current(ctx)
    change = keys.modulate(head.song, section, semitones)
    nothing = "Moving by 0 semitones changes nothing; say how far, like +2 for a whole step up."
    return commit_change(ctx, change, "change_key", section_to_render(head.song, section), nothing)


def set_tempo(ctx: ToolContext, bpm: Bpm, section: OptionalSection = None) -> ToolResult:
    """Set the song's tempo in BPM, or give one section a tempo of its own, and play it.

    Leave `section` empty for the whole song ("slow it down to 80 BPM").
    """
    head = current(ctx)
    change = structure.set_tempo(head.song, bpm, section)
    index = None if section is None else section_to_render(head.song, section)
    where = "the song" if section is None else _labels(head.song, section)
    return commit_change(ctx, change, "set_tempo", index, f"{where[:1].upper()}{where[1:]} is already at {bpm:g} BPM.")


def set_meter(ctx: ToolContext, time_signature: TimeSignature) -> ToolResult:
    """Change the song's time signature (4/4 to 3/4 for a waltz feel), keeping every bar and chord, and play it."""
    head = current(ctx)
    change = structure.set_meter(head.song, time_signature)
    return commit_change(ctx, change, "set_meter", None, f"The song is already in {head.song.meta.time_signature}.")


def set_cymbal(ctx: ToolContext, section: SectionName, cymbal: CymbalChoice) -> ToolResult:
    """Have the drummer keep time on another cymbal in a section, and play it.

    Use for requests like "ride the crash in the last chorus" or "hi-hats in the verse":
    the groove's rhythm stays, played on the hi-hat, open hi-hat, ride or crash;
    'groove' gives the section back the style's own cymbal.
    """
    head = current(ctx)
    change = cymbals.keep_time_on(head.song, section, None if cymbal == "groove" else cymbal)
    said = "its groove's own cymbal" if cymbal == "groove" else f"the {cymbal}"
    nothing = f"The drums in {_labels(head.song, section)} already keep time on {said}."
    return commit_change(ctx, change, "set_cymbal", section_to_render(head.song, section), nothing)


def set_bars(ctx: ToolContext, section: SectionName, bars: BarCount) -> ToolResult:
    """Make a section a number of bars long (longer continues its chords, shorter keeps its cadence), and play it."""
    head = current(ctx)
    change = structure.set_bars(head.song, section, bars)
    nothing = f"{_labels(head.song, section)} is already {bars} bars long."
    return commit_change(ctx, change, "set_bars", section_to_render(head.song, section), nothing)


def add_section(
    ctx: ToolContext, kind: SectionKind, after: OptionalSection = None, bars: BarCount | None = None
) -> ToolResult:
    """Add a new section (intro, verse, pre-chorus, chorus, bridge, solo or outro), and play it.

    It goes after the section named in `after`; otherwise an intro goes first, an outro
    last and anything else before the outro. Chords come from a section of the same kind
    (a new chorus repeats the chorus lyrics), or a fresh progression in the key.
    """
    head = current(ctx)
    change = structure.add_section(head.song, kind, after=after, bars=bars)
    index = first_difference(head.song, change.song)
    return commit_change(ctx, change, f"add_section:{kind}", index, "Nothing was added.")


def remove_section(ctx: ToolContext, section: SectionName) -> ToolResult:
    """Remove a section (or every section a name matches, like 'verses'); the rest are renumbered. Plays the song."""
    head = current(ctx)
    change = structure.remove_section(head.song, section)
    return commit_change(ctx, change, "remove_section", None, "Nothing was removed.")


def move_section(
    ctx: ToolContext, section: SectionName, before: OptionalSection = None, after: OptionalSection = None
) -> ToolResult:
    """Move one section before or after another (give exactly one of before and after), and play the song."""
    head = current(ctx)
    change = structure.move_section(head.song, section, before=before, after=after)
    nothing = f"{_labels(head.song, section)} is already there, so nothing moved."
    return commit_change(ctx, change, "move_section", None, nothing)


def double_section(ctx: ToolContext, section: SectionName) -> ToolResult:
    """Double a section in place: twice the bars, its chords, lyrics and melody played twice. Plays it."""
    head = current(ctx)
    change = structure.double_section(head.song, section)
    return commit_change(ctx, change, "double_section", section_to_render(head.song, section), "Nothing changed.")


def write_melody(ctx: ToolContext, section: SectionName, voice: Voice | None = None) -> ToolResult:
    """Write the sung melody of a section over its chords, a note per lyric syllable, in a voice's range; play it.

    Stressed syllables land on strong beats and chord tones; sections of the same kind
    share their tune. A section without lyrics gets an instrumental line. Without a voice,
    the song's singer is used, else the voice the musician told me ("I sing baritone"), else tenor.
    """
    head = current(ctx)
    said = voice or head.song.meta.voice
    if said is None:
        kept = load_preferences(ctx).latest("voice")
        said = str(kept[0]) if kept is not None else "tenor"
    change = melody.write_melody(head.song, section, voice=said)
    nothing = f"{_labels(head.song, section)} already has this melody, so nothing changed."
    result = commit_change(ctx, change, f"write_melody:{said}", section_to_render(head.song, section), nothing)
    if voice is None and head.song.meta.voice is None and said != "tenor" and result.changed:
        # The reply says when a preference shaped the choice.
        return replace(result, summary=f"{result.summary} In a {said} range, the voice you sing in.")
    return result


def set_style(ctx: ToolContext, style: StyleName) -> ToolResult:
    """Play the whole song in another style ("make it a rock song"): that style's band and feel; chords, lyrics kept.

    The musician's standing preferences hold: no banned instrument comes in with the new
    band, and wanted ones stay.
    """
    head = current(ctx)
    change = restyle.restyle(head.song, style, load_preferences(ctx))
    nothing = f"The song is already a {head.song.meta.style} song, so nothing changed."
    return commit_change(ctx, change, "set_style", None, nothing)


def _labels(song: Song, section: str) -> str:
    """The labels a section name matches, e.g. 'Chorus 1, Chorus 2'."""
    return ", ".join(song.sections[i].label for i in song.find(section))
