"""Instruments a musician can name ("sax", "Fender Rhodes", "cellos"), and who plays a part when one is not wanted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from music.band.styles import BALLAD, EDM, FOLK, HIP_HOP, JAZZ, POP, RNB, ROCK, STYLES, Style
from music.song import Part, Role


@dataclass(frozen=True)
class Instrument:
    """An instrument as a musician names it, the General MIDI programs it covers, and the part it plays when wanted.

    A family ("saxophone") covers its members' programs, a member ("tenor sax") only its
    own. Drum kits share channel 10's programs with pianos, so a kit is only ever matched
    by a drum instrument and a piano never by one.
    """

    name: str
    words: tuple[str, ...]
    programs: frozenset[int]
    part: Part

    @property
    def drums(self) -> bool:
        """True for drum kits, matched by role rather than by a pitched program."""
        return self.part.role == "drums"

    def plays(self, part: Part) -> bool:
        """True when `part` is this instrument (a tenor sax part is a saxophone)."""
        return (part.role == "drums") == self.drums and part.program in self.programs

    def overlaps(self, other: Instrument) -> bool:
        """True when the two names share an instrument ("saxophone" and "tenor sax" do; "sax" and "cello" don't)."""
        return self.drums == other.drums and bool(self.programs & other.programs)


def _gm(*ranges: tuple[int, int] | int) -> frozenset[int]:
    programs: set[int] = set()
    for item in ranges:
        programs.update(range(item[0], item[1] + 1) if isinstance(item, tuple) else (item,))
    return frozenset(programs)


def _i(name: str, words: str, programs: frozenset[int], part: Part) -> Instrument:
    return Instrument(name, tuple(w.strip() for w in words.split(",")), programs, part)


_TENOR_SAX, _ALTO_SAX = JAZZ.parts[2], RNB.parts[2]
# Members before families: the reader takes the longest name it finds, and a ban on a
# member leaves the rest of the family playing. Parts come from the bands above where a band
# already plays the instrument.
INSTRUMENTS: tuple[Instrument, ...] = (
    _i("tenor sax", "tenor sax, tenor saxophone", _gm(66), _TENOR_SAX),
    _i("alto sax", "alto sax, alto saxophone", _gm(65), _ALTO_SAX),
    _i("soprano sax", "soprano sax, soprano saxophone", _gm(64), Part(name="Soprano Sax", role="lead", program=64)),
    _i("baritone sax", "baritone sax, bari sax, baritone saxophone", _gm(67),
       Part(name="Baritone Sax", role="lead", program=67)),
    _i("saxophone", "saxophone, sax, saxes, saxophonist", _gm((64, 67)), _TENOR_SAX),
    _i("muted trumpet", "muted trumpet", _gm(59), HIP_HOP.parts[2]),
    _i("trumpet", "trumpet, flugelhorn, cornet", _gm(56, 59), Part(name="Trumpet", role="lead", program=56)),
    _i("trombone", "trombone", _gm(57), Part(name="Trombone", role="lead", program=57)),
    _i("tuba", "tuba", _gm(58), Part(name="Tuba", role="bass", program=58)),
    _i("french horn", "french horn", _gm(60), Part(name="French Horn", role="pad", program=60)),
    _i("brass", "brass, brass section, horn section, horns", _gm((56, 63)),
       Part(name="Brass Section", role="pad", program=61)),
    _i("flute", "flute, piccolo, pan flute, recorder", _gm((72, 75)), BALLAD.parts[2]),
    _i("clarinet", "clarinet", _gm(71), Part(name="Clarinet", role="lead", program=71)),
    _i("oboe", "oboe", _gm(68), Part(name="Oboe", role="lead", program=68)),
    _i("bassoon", "bassoon", _gm(70), Part(name="Bassoon", role="bass", program=70)),
    _i("harmonica", "harmonica, blues harp, mouth organ", _gm(22), Part(name="Harmonica", role="lead", program=22)),
    _i("accordion", "accordion, squeezebox", _gm(21, 23), FOLK.spare_parts[0]),
    _i("organ", "organ, hammond, hammond organ, b3", _gm((16, 20)), ROCK.parts[3]),
    _i("electric piano", "electric piano, rhodes, fender rhodes, wurlitzer, wurli, e piano, epiano", _gm(4, 5),
       RNB.parts[0]),
    _i("piano", "piano, grand piano, acoustic piano, upright piano, pianist", _gm((0, 3)), POP.parts[0]),
    _i("harpsichord", "harpsichord", _gm(6), Part(name="Harpsichord", role="chords", program=6)),
    _i("clavinet", "clavinet, clav", _gm(7), Part(name="Clavinet", role="chords", program=7)),
    _i("vibraphone", "vibraphone, vibes", _gm(11), JAZZ.spare_parts[0]),
    _i("marimba", "marimba", _gm(12), Part(name="Marimba", role="chords", program=12)),
    _i("xylophone", "xylophone", _gm(13), Part(name="Xylophone", role="lead", program=13)),
    _i("glockenspiel", "glockenspiel, glock, celesta", _gm(8, 9), Part(name="Glockenspiel", role="lead", program=9)),
    _i("jazz guitar", "jazz guitar, hollow body guitar", _gm(26), Part(name="Jazz Guitar", role="chords", program=26)),
    _i("acoustic guitar", "acoustic guitar, nylon guitar, classical guitar, steel string guitar", _gm(24, 25),
       FOLK.parts[0]),
    _i("electric guitar", "electric guitar, distorted guitar, overdriven guitar, rhythm guitar, lead guitar, "
       "clean guitar", _gm((26, 31)), ROCK.parts[0]),
    _i("guitar", "guitar, guitarist", _gm((24, 31)), FOLK.parts[0]),
    _i("banjo", "banjo", _gm(105), Part(name="Banjo", role="chords", program=105)),
    _i("sitar", "sitar", _gm(104), Part(name="Sitar", role="lead", program=104)),
    _i("harp", "harp, concert harp", _gm(46), Part(name="Harp", role="pad", program=46)),
    _i("upright bass", "upright bass, double bass, acoustic bass, contrabass, stand up bass", _gm(32),
       JAZZ.parts[1]),
    _i("fretless bass", "fretless bass, fretless", _gm(35), BALLAD.parts[1]),
    _i("synth bass", "synth bass, sub bass, 808 bass, bass synth", _gm(38, 39), POP.parts[1]),
    _i("bass guitar", "bass guitar, electric bass, finger bass, picked bass, slap bass", _gm((33, 37)),
       ROCK.parts[1]),
    _i("bass", "bass, bassline, bass line, bassist", _gm((32, 39)), ROCK.parts[1]),
    _i("violin", "violin, fiddle, violinist, fiddler", _gm(40, 110), FOLK.parts[2]),
    _i("viola", "viola", _gm(41), Part(name="Viola", role="pad", program=41)),
    _i("cello", "cello, violoncello, cellist", _gm(42), Part(name="Cello", role="pad", program=42)),
    _i("strings", "strings, string section, string pad, string ensemble, orchestral strings",
       _gm((40, 45), (48, 51), 110), BALLAD.parts[3]),
    _i("choir", "choir, backing vocals, choir pad, ooh pad", _gm((52, 54)), Part(name="Choir", role="pad", program=52)),
    _i("synth pad", "synth pad, warm pad, pad", _gm((88, 95)), POP.parts[3]),
    _i("lead synth", "lead synth, synth lead", _gm((80, 87)), POP.parts[2]),
    _i("synth", "synth, synthesizer, synthesiser, synthesizers, synthesisers", _gm(38, 39, (80, 103)),
       EDM.parts[3]),
    _i("drum machine", "drum machine, 808, 808s, electronic drums, electronic kit, 808 kit", _gm(24, 25),
       EDM.parts[4]),
    _i("brushes", "brushes, brush kit, brushed drums", _gm(40), FOLK.parts[3]),
    _i("drums", "drums, drum, drum kit, drummer, percussion", _gm((0, 127)), POP.parts[4]),
)  # fmt: skip


def instrument_named(name: str) -> Instrument | None:
    """The instrument a musician means by `name` ("sax", "Fender Rhodes", "cellos"), or None."""
    folded = " ".join(name.casefold().replace("-", " ").split()).strip(" .!?'\"")
    for instrument in INSTRUMENTS:
        if folded == instrument.name or folded in instrument.words or folded.rstrip("s") in instrument.words:
            return instrument
    return None


# The instruments a style reaches for when one of its band is not wanted, best first; after
# these come the other bands' players of the same role, and after them silence.
SUBSTITUTES: dict[str, tuple[Part, ...]] = {
    "pop": (Part(name="Electric Piano", role="chords", program=4), Part(name="Acoustic Guitar", role="chords", program=25),
            Part(name="Clean Guitar", role="lead", program=27), Part(name="Bass Guitar", role="bass", program=34),
            Part(name="Strings", role="pad", program=48)),
    "rock": (Part(name="Piano", role="chords", program=0), Part(name="Rock Organ", role="lead", program=18),
             Part(name="Synth Bass", role="bass", program=38), Part(name="Strings", role="pad", program=48)),
    "folk": (Part(name="Piano", role="chords", program=0), Part(name="Banjo", role="chords", program=105),
             Part(name="Harmonica", role="lead", program=22), Part(name="Flute", role="lead", program=73),
             Part(name="Bass Guitar", role="bass", program=33)),
    "ballad": (Part(name="Nylon Guitar", role="chords", program=24), Part(name="Cello", role="lead", program=42),
               Part(name="Clarinet", role="lead", program=71), Part(name="Upright Bass", role="bass", program=32),
               Part(name="Warm Pad", role="pad", program=89)),
    "edm": (Part(name="Electric Piano", role="chords", program=4), Part(name="Saw Lead", role="lead", program=81),
            Part(name="Sub Bass", role="bass", program=38), Part(name="Warm Pad", role="pad", program=89)),
    "hip-hop": (Part(name="Piano", role="chords", program=0), Part(name="Vibraphone", role="chords", program=11),
                Part(name="Flute", role="lead", program=73), Part(name="Clean Guitar", role="lead", program=27),
                Part(name="Finger Bass", role="bass", program=33)),
    "jazz": (Part(name="Trumpet", role="lead", program=56), Part(name="Jazz Guitar", role="lead", program=26),
             Part(name="Vibraphone", role="lead", program=11), Part(name="Jazz Guitar", role="chords", program=26),
             Part(name="Fretless Bass", role="bass", program=35), Part(name="Brushes", role="drums", program=40)),
    "r&b": (Part(name="Piano", role="chords", program=0), Part(name="Clean Guitar", role="lead", program=27),
            Part(name="Flute", role="lead", program=73), Part(name="Synth Bass", role="bass", program=38),
            Part(name="Warm Pad", role="pad", program=89)),
}  # fmt: skip


def next_best(style: Style, role: Role, refused: Callable[[Part], bool]) -> Part | None:
    """The instrument the style would play `role` with when its own is refused, or None.

    Its band comes first, then its substitutes, then the other bands' players of the role.
    """
    others = [p for s in STYLES.values() if s is not style for p in (*s.parts, *s.spare_parts)]
    candidates = (*style.parts, *style.spare_parts, *SUBSTITUTES.get(style.name, ()), *others)
    return next((p for p in candidates if p.role == role and not refused(p)), None)
