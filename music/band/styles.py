"""The arrangement styles and finding one by name: pop, rock, folk, ballad, EDM, hip-hop, jazz and R&B here, eight more in music.band.genres.

Each style is frozen data (music.band.style_model); music.band.arrange turns it into notes.
"""

from __future__ import annotations

from dataclasses import replace

from music.band.genres import GENRES
from music.band.style_model import (
    BACKBEAT,
    BRUSH_KIT,
    CLAP,
    CLOSED_HAT,
    CRASH,
    CYMBALS,
    EIGHTHS,
    ELECTRONIC_KIT,
    FLOOR_TOM,
    HIGH_TOM,
    JAZZ_KIT,
    KICK,
    LOW_TOM,
    MID_TOM,
    OFFBEATS,
    OPEN_HAT,
    PEDAL_HAT,
    POWER_KIT,
    QUARTERS,
    RIDE,
    ROOM_KIT,
    SHAKER,
    SIDE_STICK,
    SIXTEENTHS,
    SNARE,
    STANDARD_KIT,
    TAMBOURINE,
    TR808_KIT,
    Comp,
    DrumPattern,
    Registers,
    Style,
    eighths,
    energy_band,
)
from music.song import Part

__all__ = [
    "CLAP", "CLOSED_HAT", "CRASH", "CYMBALS", "FLOOR_TOM", "HIGH_TOM", "KICK", "LOW_TOM", "MID_TOM", "OPEN_HAT",
    "PEDAL_HAT", "RIDE", "SHAKER", "SIDE_STICK", "SNARE", "STYLES", "STYLE_ALIASES", "STYLE_NAMES", "TAMBOURINE",
    "Comp", "DrumPattern", "Registers", "Style", "energy_band", "find_style", "style_for",
    "TEMPO_TOLERANCE", "as_played", "fit_tempo",
]  # fmt: skip

_Q, _E, _S, _OFF, _BACKBEAT = QUARTERS, EIGHTHS, SIXTEENTHS, OFFBEATS, BACKBEAT
_RIDE_SWING = (0.0, 1.0, 1.5, 2.0, 3.0, 3.5)  # "ding, ding-a ding, ding-a"


def _ride(kick: tuple[float, ...], snare: tuple[float, ...] = (), ghosts: tuple[float, ...] = ()) -> DrumPattern:
    """A jazz groove: the swung ride pattern, hi-hat pedal on two and four, a feathered kick."""
    pedal = ((1.0, PEDAL_HAT), (3.0, PEDAL_HAT))
    return DrumPattern(kick, snare, _RIDE_SWING, hat_note=RIDE, ghosts=ghosts, extra=pedal, kick_accent=0.45)


POP = Style(
    name="pop",
    parts=(
        Part(name="Piano", role="chords", program=0),
        Part(name="Synth Bass", role="bass", program=38),
        Part(name="Lead Synth", role="lead", program=80),
        Part(name="Warm Pad", role="pad", program=89),
        Part(name="Drums", role="drums", program=STANDARD_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.0), snare=(), hats=_Q),
        DrumPattern(kick=(0.0, 2.0), snare=_BACKBEAT, hats=_E),
        DrumPattern(
            kick=(0.0, 1.5, 2.0),
            snare=_BACKBEAT,
            hats=_E,
            snare_note=CLAP,
            extra=((1.0, TAMBOURINE), (3.0, TAMBOURINE)),
        ),
        DrumPattern(kick=(0.0, 1.5, 2.0, 2.5), snare=_BACKBEAT, hats=_S, snare_note=CLAP, open_hats=(3.5,)),
    ),
    bass=(
        ((0.0, "R", 1.9), (2.0, "R", 1.9)),
        ((0.0, "R", 1.4), (1.5, "R", 0.9), (2.5, "5", 0.45), (3.0, "R", 0.45), (3.5, "A", 0.45)),
        eighths("RRR8RR5A"),
    ),
    comping=(Comp((0.0,), hold=0.97), Comp(_Q), Comp((0.0, 1.0, 1.5, 2.0, 3.0, 3.5), hold=0.8)),
    registers=Registers(chords=62, lead=71, bass=40, pad=66),
    tempo=112.0,
    tempo_range=(90.0, 130.0),
    tonics=("C", "A"),
    mood="bright",
    instruments="piano, synth bass, lead synth and a warm pad",
    tags=("pop", "catchy"),
    balance=(("lead", 0.0), ("drums", -2.0), ("bass", -4.0), ("chords", -6.0), ("pad", -9.0)),
    volumes=(("lead", 50), ("drums", 127), ("bass", 71), ("chords", 68), ("pad", 58)),
)

ROCK = Style(
    name="rock",
    parts=(
        Part(name="Rhythm Guitar", role="chords", program=29),
        Part(name="Bass Guitar", role="bass", program=34),
        Part(name="Lead Guitar", role="lead", program=30),
        Part(name="Organ", role="pad", program=16),
        Part(name="Rock Kit", role="drums", program=POWER_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.0), snare=_BACKBEAT, hats=_Q),
        DrumPattern(kick=(0.0, 2.0, 2.5), snare=_BACKBEAT, hats=_E),
        DrumPattern(kick=(0.0, 0.5, 2.0, 2.5), snare=_BACKBEAT, hats=_E, hat_note=OPEN_HAT),
        DrumPattern(kick=(0.0, 0.5, 2.0, 2.5, 3.5), snare=_BACKBEAT, hats=_E, hat_note=RIDE),
    ),
    bass=(
        ((0.0, "R", 1.4), (1.5, "R", 0.45), (2.0, "R", 1.9)),
        eighths("RRRRRRRR", 0.4),
        (*eighths("RRRRRR", 0.4), (3.0, "8", 0.2), (3.25, "5", 0.2), (3.5, "R", 0.2), (3.75, "A", 0.2)),
    ),
    comping=(
        Comp((0.0, 2.0), manner="strum", hold=0.95),
        Comp(_E, voicing="power", hold=0.5),
        Comp(_E, voicing="power", hold=0.9),
    ),
    registers=Registers(chords=55, lead=67, bass=40, pad=62),
    tempo=132.0,
    tempo_range=(100.0, 170.0),
    mode="minor",
    tonics=("E", "E"),
    mood="driving",
    instruments="overdriven guitars, picked bass, a Hammond organ and a rock kit",
    cymbals=("hi-hat", "open hi-hat", "ride", "crash"),
    tags=("rock", "guitars"),
    balance=(("drums", 0.0), ("lead", -1.0), ("chords", -2.0), ("bass", -4.0), ("pad", -9.0)),
    volumes=(("drums", 127), ("lead", 87), ("chords", 79), ("bass", 109), ("pad", 70)),
)

FOLK = Style(
    name="folk",
    parts=(
        Part(name="Acoustic Guitar", role="chords", program=25),
        Part(name="Upright Bass", role="bass", program=32),
        Part(name="Fiddle", role="lead", program=110),
        Part(name="Light Kit", role="drums", program=BRUSH_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0,), snare=(), hats=_Q, hat_note=PEDAL_HAT),
        DrumPattern(kick=(0.0, 2.0), snare=_BACKBEAT, hats=_Q, snare_note=SIDE_STICK),
        DrumPattern(kick=(0.0, 2.0, 2.5), snare=_BACKBEAT, hats=_E, hat_note=SHAKER),
        DrumPattern(
            kick=(0.0, 1.5, 2.0, 2.5),
            snare=_BACKBEAT,
            hats=_E,
            open_hats=(3.5,),
            extra=((1.0, TAMBOURINE), (3.0, TAMBOURINE)),
        ),
    ),
    bass=(
        ((0.0, "R", 1.9), (2.0, "5", 1.9)),
        ((0.0, "R", 1.4), (1.5, "R", 0.45), (2.0, "5-", 1.4), (3.5, "A", 0.45)),
        ((0.0, "R", 0.9), (1.0, "5-", 0.9), (2.0, "R", 0.9), (3.0, "3", 0.45), (3.5, "A", 0.45)),
    ),
    comping=(
        Comp((0.0, 2.0), manner="strum", voicing="open", hold=0.95),
        Comp((0.0, 1.0, 1.5, 2.5, 3.0, 3.5), manner="strum", voicing="open"),
        Comp(_E, manner="strum", voicing="open"),
    ),
    registers=Registers(chords=57, lead=69, bass=40, pad=64),
    tempo=96.0,
    tempo_range=(70.0, 130.0),
    tonics=("G", "D"),
    mood="warm",
    instruments="acoustic guitar, fiddle and upright bass",
    spare_parts=(Part(name="Accordion", role="pad", program=21),),
    tags=("acoustic", "folk"),
    balance=(("lead", 0.0), ("chords", -2.0), ("bass", -6.0), ("drums", -7.0), ("pad", -10.0)),
    volumes=(("lead", 124), ("chords", 75), ("bass", 96), ("drums", 112)),
)

BALLAD = Style(
    name="ballad",
    parts=(
        Part(name="Piano", role="chords", program=0),
        Part(name="Fretless Bass", role="bass", program=35),
        Part(name="Flute", role="lead", program=73),
        Part(name="Strings", role="pad", program=48),
        Part(name="Brushes", role="drums", program=BRUSH_KIT),
    ),
    grooves=(
        DrumPattern(kick=(), snare=(), hats=()),
        DrumPattern(kick=(0.0,), snare=(3.0,), hats=_Q, snare_note=SIDE_STICK, hat_note=PEDAL_HAT),
        DrumPattern(kick=(0.0, 2.5), snare=_BACKBEAT, hats=_E),
        DrumPattern(kick=(0.0, 2.0, 2.5), snare=_BACKBEAT, hats=_E, hat_note=RIDE),
    ),
    bass=(
        ((0.0, "R", 3.9),),
        ((0.0, "R", 1.9), (2.0, "5", 1.4), (3.5, "A", 0.45)),
        ((0.0, "R", 1.4), (1.5, "R", 0.45), (2.0, "5", 0.9), (3.0, "8", 0.45), (3.5, "A", 0.45)),
    ),
    comping=(
        Comp(_Q, manner="arpeggio", voicing="open"),
        Comp(_E, manner="arpeggio", voicing="open"),
        Comp(_E, manner="arpeggio", voicing="open"),
    ),
    registers=Registers(chords=60, lead=72, bass=40, pad=67),
    tempo=72.0,
    tempo_range=(50.0, 90.0),
    tonics=("F", "D"),
    mood="tender",
    instruments="piano arpeggios, strings, flute and fretless bass",
    tags=("ballad", "slow"),
    balance=(("lead", 0.0), ("chords", -3.0), ("bass", -6.0), ("pad", -7.0), ("drums", -8.0)),
    volumes=(("lead", 106), ("chords", 127), ("bass", 86), ("pad", 71), ("drums", 114)),
)

EDM = Style(
    name="edm",
    parts=(
        Part(name="Supersaw Chords", role="chords", program=81),
        Part(name="Synth Bass", role="bass", program=39),
        Part(name="Lead Synth", role="lead", program=80),
        Part(name="Poly Pad", role="pad", program=90),
        Part(name="Electronic Kit", role="drums", program=ELECTRONIC_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.0), snare=(), hats=_OFF),
        DrumPattern(kick=_Q, snare=_BACKBEAT, hats=(), snare_note=CLAP, open_hats=_OFF),
        DrumPattern(kick=_Q, snare=_BACKBEAT, hats=_S, snare_note=CLAP, open_hats=_OFF),
        DrumPattern(
            kick=_Q, snare=_BACKBEAT, hats=_S, snare_note=CLAP, open_hats=_OFF, extra=((1.0, SNARE), (3.0, SNARE))
        ),
    ),
    bass=(
        ((0.0, "R", 3.9),),
        tuple((o, "R", 0.7) for o in _OFF),  # type: ignore[misc]
        tuple((o, "8" if o % 1.0 == 0.5 else "R", 0.2) for o in _S if o % 1.0),  # type: ignore[misc]
    ),
    comping=(
        Comp((0.0, 2.5), manner="stabs", voicing="open", hold=1.0),
        Comp(_OFF, manner="stabs", voicing="open", hold=0.5),
        Comp(_E, manner="stabs", voicing="open", hold=0.4),
    ),
    registers=Registers(chords=62, lead=74, bass=38, pad=64),
    tempo=124.0,
    tempo_range=(118.0, 132.0),
    mode="minor",
    tonics=("C", "F"),
    mood="euphoric",
    instruments="supersaw chords, synth bass, a poly pad and four-on-the-floor drums",
    fill="build",
    tags=("edm", "electronic", "dance"),
    balance=(("drums", 0.0), ("bass", -2.0), ("chords", -3.0), ("lead", -4.0), ("pad", -8.0)),
    volumes=(("drums", 127), ("bass", 78), ("chords", 34), ("lead", 42), ("pad", 45)),
    # Dance drummers brighten with open hats on the off-beats.
    cymbals=("hi-hat", "open hi-hat"),
)

HIP_HOP = Style(
    name="hip-hop",
    parts=(
        Part(name="Dusty Keys", role="chords", program=4),
        Part(name="Sub Bass", role="bass", program=38),
        Part(name="Muted Trumpet", role="lead", program=59),
        Part(name="808 Kit", role="drums", program=TR808_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.5), snare=(), hats=_E),
        DrumPattern(kick=(0.0, 2.5), snare=_BACKBEAT, hats=_E),
        DrumPattern(kick=(0.0, 1.75, 2.5), snare=_BACKBEAT, hats=_S, ghosts=(3.75,)),
        DrumPattern(kick=(0.0, 0.75, 1.75, 2.5), snare=_BACKBEAT, hats=_S, ghosts=(2.75, 3.75), open_hats=(3.5,)),
    ),
    bass=(
        ((0.0, "R", 2.4), (2.5, "R", 1.4)),
        ((0.0, "R", 1.7), (1.75, "R", 0.7), (2.5, "5", 1.4)),
        ((0.0, "R", 0.7), (0.75, "R", 0.9), (1.75, "8", 0.7), (2.5, "R", 0.9), (3.5, "A", 0.45)),
    ),
    comping=(
        Comp((0.0,), voicing="seventh", hold=0.97),
        Comp((0.0, 2.5), voicing="seventh"),
        Comp((0.0, 1.5, 2.5, 3.75), voicing="seventh", hold=0.7),
    ),
    registers=Registers(chords=60, lead=70, bass=36, pad=64),
    tempo=90.0,
    # Lo-fi sits near 70, boom-bap in the 80s and 90s.
    tempo_range=(70.0, 100.0),
    mode="minor",
    tonics=("Eb", "C"),
    mood="laid-back",
    instruments="dusty electric piano, sub bass, muted trumpet and a boom-bap beat",
    swing=0.07,
    swing_unit=0.25,
    spare_parts=(Part(name="Vinyl Strings", role="pad", program=49),),
    tags=("hip-hop", "boom-bap"),
    balance=(("drums", 0.0), ("bass", -1.0), ("lead", -3.0), ("chords", -7.0), ("pad", -9.0)),
    volumes=(("drums", 117), ("bass", 127), ("lead", 103), ("chords", 64)),
)

JAZZ = Style(
    name="jazz",
    parts=(
        Part(name="Piano", role="chords", program=0),
        Part(name="Double Bass", role="bass", program=32),
        Part(name="Tenor Sax", role="lead", program=66),
        Part(name="Jazz Kit", role="drums", program=JAZZ_KIT),
    ),
    grooves=(
        _ride(kick=()),
        _ride(kick=_Q),
        _ride(kick=_Q, ghosts=(1.5, 3.5)),
        _ride(kick=(0.0, 1.0, 2.0, 2.5, 3.0), snare=(3.5,), ghosts=(0.5, 1.5)),
    ),
    bass=(
        ((0.0, "R", 1.9), (2.0, "5", 1.9)),
        ((0.0, "W", 0.95), (1.0, "W", 0.95), (2.0, "W", 0.95), (3.0, "W", 0.95)),
        ((0.0, "W", 0.95), (1.0, "W", 0.95), (2.0, "W", 0.95), (3.0, "W", 0.45), (3.5, "C", 0.45)),
    ),
    comping=(
        Comp((0.0, 2.0), voicing="shell", hold=0.95),
        Comp((0.0, 1.5), manner="stabs", voicing="shell", hold=0.6),
        Comp((0.0, 1.5, 2.5, 3.5), manner="stabs", voicing="shell", hold=0.4),
    ),
    registers=Registers(chords=62, lead=67, bass=40, pad=64),
    tempo=138.0,
    # From a ballad at 50 to bebop at 260.
    tempo_range=(50.0, 260.0),
    tonics=("F", "C"),
    mood="smoky",
    instruments="piano trio with tenor sax, ride cymbal swing and walking bass",
    swing=0.17,
    fill="triplets",
    spare_parts=(Part(name="Vibraphone", role="pad", program=11),),
    brush_energy=0.5,
    tags=("jazz", "swing"),
    balance=(("lead", 0.0), ("chords", -3.0), ("bass", -3.0), ("drums", -5.0), ("pad", -9.0)),
    volumes=(("lead", 98), ("chords", 94), ("bass", 90), ("drums", 120)),
)

RNB = Style(
    name="r&b",
    parts=(
        Part(name="Rhodes", role="chords", program=4),
        Part(name="Finger Bass", role="bass", program=33),
        Part(name="Alto Sax", role="lead", program=65),
        Part(name="String Pad", role="pad", program=50),
        Part(name="Soul Kit", role="drums", program=ROOM_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0,), snare=(2.0,), hats=_E, snare_note=SIDE_STICK),
        DrumPattern(kick=(0.0, 0.75), snare=(2.0,), hats=_E, ghosts=(1.25, 3.75)),
        DrumPattern(kick=(0.0, 0.75, 2.5), snare=(2.0,), hats=_S, ghosts=(1.25, 2.75, 3.75)),
        DrumPattern(
            kick=(0.0, 0.75, 2.5, 3.25),
            snare=(2.0,),
            hats=_S,
            ghosts=(1.25, 1.75, 2.75, 3.75),
            open_hats=(3.5,),
            extra=((2.0, CLAP),),
        ),
    ),
    bass=(
        ((0.0, "R", 3.4), (3.5, "A", 0.45)),
        ((0.0, "R", 1.2), (1.25, "R", 0.45), (2.75, "5", 0.7), (3.5, "A", 0.45)),
        (
            (0.0, "R", 0.7),
            (0.75, "R", 0.45),
            (1.25, "8", 0.2),
            (1.5, "R", 0.45),
            (2.75, "5", 0.45),
            (3.25, "3", 0.2),
            (3.5, "A", 0.45),
        ),
    ),
    comping=(
        Comp((0.0,), voicing="rhodes", hold=0.97),
        Comp((0.0, 2.5), voicing="rhodes"),
        Comp((0.0, 0.75, 2.0, 2.75), voicing="rhodes", hold=0.8),
    ),
    registers=Registers(chords=62, lead=70, bass=38, pad=66),
    tempo=76.0,
    tempo_range=(60.0, 100.0),
    tonics=("Eb", "F"),
    mood="smooth",
    instruments="Rhodes with ninths, finger bass, alto sax, string pad and a half-time groove",
    swing=0.04,
    swing_unit=0.25,
    tags=("r&b", "soul"),
    balance=(("lead", 0.0), ("drums", -2.0), ("bass", -3.0), ("chords", -6.0), ("pad", -8.0)),
    volumes=(("lead", 84), ("drums", 127), ("bass", 90), ("chords", 48), ("pad", 25)),
)

STYLES: dict[str, Style] = {s.name: s for s in (POP, ROCK, FOLK, BALLAD, EDM, HIP_HOP, JAZZ, RNB, *GENRES)}
STYLE_NAMES: tuple[str, ...] = tuple(STYLES)
# Other words musicians use for the same styles.
STYLE_ALIASES: dict[str, str] = {
    "electronic": "edm", "dance": "edm", "house": "edm", "techno": "edm", "trance": "edm", "club": "edm",
    "synthwave": "edm",
    "acoustic": "folk", "bluegrass": "folk", "singer-songwriter": "folk",
    "americana": "country", "country and western": "country", "honky tonk": "country", "honky-tonk": "country",
    "hiphop": "hip-hop", "hip hop": "hip-hop", "rap": "hip-hop", "boom bap": "hip-hop", "boom-bap": "hip-hop",
    "lo-fi": "hip-hop", "lofi": "hip-hop", "drill": "trap",
    "rnb": "r&b", "r and b": "r&b", "r & b": "r&b", "r'n'b": "r&b", "r 'n' b": "r&b", "r n b": "r&b",
    "rhythm and blues": "r&b", "neo soul": "r&b", "neo-soul": "r&b", "soul": "r&b",
    "jazzy": "jazz", "swing": "jazz", "bebop": "jazz",
    "bluesy": "blues", "delta blues": "blues", "chicago blues": "blues",
    "bossa": "bossa nova", "bossanova": "bossa nova", "bossa-nova": "bossa nova",
    "valse": "waltz", "funky": "funk", "p-funk": "funk",
    "dub": "reggae", "ska": "reggae", "rocksteady": "reggae", "nu-disco": "disco", "nu disco": "disco",
    "power ballad": "ballad", "piano ballad": "ballad",
    "indie": "rock", "punk": "rock", "metal": "rock", "grunge": "rock", "alternative": "rock",
    "synth-pop": "pop", "synthpop": "pop", "pop rock": "pop",
}  # fmt: skip


def find_style(name: str) -> Style | None:
    """The style a musician means by `name` (case, spacing and aliases such as 'rnb' understood), or None."""
    key = " ".join(name.casefold().replace("_", " ").split()).strip(" .!?'\"")
    return STYLES.get(key) or STYLES.get(STYLE_ALIASES.get(key, ""))


def style_for(name: str) -> Style:
    """The style called `name` (as `find_style` reads it); pop for names it does not know."""
    return find_style(name) or POP


# -- tempo ----------------------------------------------------------------------------------

# How far outside a style's tempo range a song may sit before it counts as out of the style: a pop
# song at 112 BPM can become hip-hop (70-100) as it is, but not a ballad (50-90).
TEMPO_TOLERANCE = 0.15


def fit_tempo(tempo: float, style: Style) -> float:
    """`tempo` when it is plausible for the style (its range, give or take 15%), else the range's nearest edge."""
    low, high = style.tempo_range
    if low / (1 + TEMPO_TOLERANCE) <= tempo <= high * (1 + TEMPO_TOLERANCE):
        return tempo
    return low if tempo < low else high


def as_played(style: Style, parts: tuple[Part, ...]) -> Style:
    """The style with its instruments named as the song's parts have them (a song may lack a pad, or add a cello)."""
    if parts == style.parts or not parts:
        return style
    names = [p.name.lower() if not p.name.isupper() else p.name for p in parts]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return replace(style, instruments=listed)
