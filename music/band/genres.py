"""Eight more styles, each with its own groove, bass and comping: blues, country, bossa nova, trap, waltz, funk, reggae, disco.

What makes each one itself, in notes:
- blues: a shuffle (eighths swung into triplets), a boogie bass up the sixth and seventh,
  twelve bars of dominant sevenths (music.plan.forms, music.plan.progressions);
- country: the two-beat, root and fifth in the bass on one and three, the guitar's chop on
  two and four, a turnaround at the end of a chorus and a tag at the end of the song;
- bossa nova: the nylon guitar and the rim click play the two-bar bossa clave, the bass the
  surdo's root and fifth with their pickups, chords in sevenths with ii-Vs in a bar;
- trap: half time (the clap on beat three), sixteenth hats with triplet rolls, an 808 that
  glides between its notes;
- waltz: 3/4, the bass on one and the chords on two and three (oom-pah-pah);
- funk: sixteenth-note syncopation, a clavinet's off-beat scratches, slap bass with octave
  pops, ghost notes on the snare, a dorian vamp on ninth chords;
- reggae: the one drop (kick and rim together on three, nothing on one), the guitar's skank
  on two and four, a bass that leaves the drop empty;
- disco: four on the floor, open hats on every off-beat, octave bass in eighths, muted
  guitar sixteenths and strings.
"""

from __future__ import annotations

from music.band.style_model import (
    BACKBEAT,
    BRUSH_KIT,
    CLAP,
    EIGHTHS,
    JAZZ_KIT,
    OFFBEATS,
    OPEN_HAT,
    PEDAL_HAT,
    QUARTERS,
    RIDE,
    ROOM_KIT,
    SHAKER,
    SIDE_STICK,
    SIXTEENTHS,
    STANDARD_KIT,
    TAMBOURINE,
    TR808_KIT,
    Comp,
    DrumPattern,
    Registers,
    Style,
    eighths,
)
from music.song import Part

# The bossa clave over two bars of 4/4: one, the and of two, four | two, the and of three.
BOSSA_CLAVE = (0.0, 1.5, 3.0, 5.0, 6.5)
_TWO_BARS = (*EIGHTHS, *(4.0 + o for o in EIGHTHS))
# The bossa kick, like the surdo: one and three, each with its pickup on the and before.
_SURDO = (0.0, 1.5, 2.0, 3.5, 4.0, 5.5, 6.0, 7.5)
# Trap hats: sixteenths for three beats, then a roll of sixteenth-note triplets (six to the beat).
TRAP_ROLL = tuple(3.0 + k / 6 for k in range(6))
_TRAP_HATS = (*SIXTEENTHS[:12], *TRAP_ROLL)
# A triplet swing: the off-beat eighth lands on the third triplet of the beat.
TRIPLET_SWING = 1 / 6

BLUES = Style(
    name="blues",
    parts=(
        Part(name="Blues Guitar", role="chords", program=27),
        Part(name="Bass Guitar", role="bass", program=33),
        Part(name="Harmonica", role="lead", program=22),
        Part(name="Organ", role="pad", program=16),
        Part(name="Drums", role="drums", program=ROOM_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.0), snare=(), hats=QUARTERS, hat_note=RIDE),
        DrumPattern(kick=(0.0, 2.0), snare=BACKBEAT, hats=EIGHTHS),
        DrumPattern(kick=(0.0, 1.5, 2.0), snare=BACKBEAT, hats=EIGHTHS, hat_note=RIDE),
        DrumPattern(kick=(0.0, 1.5, 2.0, 3.5), snare=BACKBEAT, hats=EIGHTHS, hat_note=RIDE, open_hats=(3.5,)),
    ),
    bass=(
        ((0.0, "R", 1.9), (2.0, "5", 1.9)),
        ((0.0, "R", 0.45), (0.5, "R", 0.45), (1.0, "3", 0.9), (2.0, "5", 0.45), (2.5, "5", 0.45), (3.0, "6", 0.9)),
        eighths("R3567653", 0.4),
    ),
    comping=(
        Comp((0.0, 2.0), hold=0.95),
        Comp((0.5, 1.5, 2.5, 3.5), manner="stabs", hold=0.3),
        Comp(EIGHTHS, manner="stabs", voicing="seventh", hold=0.3),
    ),
    registers=Registers(chords=60, lead=69, bass=40, pad=64),
    tempo=96.0,
    tempo_range=(60.0, 140.0),
    tonics=("E", "A"),
    mood="gritty",
    instruments="shuffling electric guitar, harmonica, Hammond organ, walking boogie bass and a shuffle beat",
    swing=TRIPLET_SWING,
    fill="triplets",
    tags=("blues", "shuffle"),
    balance=(("lead", 0.0), ("chords", -2.0), ("drums", -2.0), ("bass", -4.0), ("pad", -9.0)),
    volumes=(("lead", 110), ("chords", 56), ("drums", 127), ("bass", 82), ("pad", 54)),
    cymbals=("ride", "hi-hat", "open hi-hat", "crash"),
)

COUNTRY = Style(
    name="country",
    parts=(
        Part(name="Acoustic Guitar", role="chords", program=25),
        Part(name="Bass Guitar", role="bass", program=33),
        Part(name="Twang Guitar", role="lead", program=27),
        Part(name="Fiddle", role="pad", program=110),
        Part(name="Drums", role="drums", program=STANDARD_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.0), snare=BACKBEAT, hats=(), snare_note=SIDE_STICK),
        DrumPattern(kick=(0.0, 2.0), snare=BACKBEAT, hats=EIGHTHS, snare_note=SIDE_STICK),
        DrumPattern(kick=(0.0, 2.0), snare=BACKBEAT, hats=EIGHTHS, extra=((1.0, TAMBOURINE), (3.0, TAMBOURINE))),
        DrumPattern(kick=(0.0, 2.0, 2.5), snare=BACKBEAT, hats=EIGHTHS, open_hats=(3.5,),
                    extra=tuple((o, TAMBOURINE) for o in EIGHTHS)),
    ),
    bass=(
        ((0.0, "R", 0.9), (2.0, "5-", 0.9)),
        ((0.0, "R", 0.9), (2.0, "5-", 0.9), (3.0, "3", 0.9)),
        ((0.0, "R", 0.9), (2.0, "5-", 0.9), (3.0, "3", 0.45), (3.5, "A", 0.45)),
    ),
    comping=(
        Comp((1.0, 3.0), manner="strum", voicing="open", hold=0.45),
        Comp((1.0, 3.0), manner="strum", voicing="open", hold=0.35),
        Comp((1.0, 1.5, 3.0, 3.5), manner="strum", voicing="open", hold=0.7),
    ),
    registers=Registers(chords=57, lead=69, bass=40, pad=66),
    tempo=112.0,
    tempo_range=(70.0, 160.0),
    tonics=("G", "E"),
    mood="honest",
    instruments="acoustic guitar on the two and four, twangy telecaster, fiddle, bass on the one and three",
    spare_parts=(Part(name="Banjo", role="chords", program=105),),
    tags=("country", "americana"),
    balance=(("lead", 0.0), ("chords", -2.0), ("drums", -3.0), ("bass", -4.0), ("pad", -8.0)),
    volumes=(("lead", 80), ("chords", 77), ("drums", 127), ("bass", 95), ("pad", 51)),
)

BOSSA_NOVA = Style(
    name="bossa nova",
    parts=(
        Part(name="Nylon Guitar", role="chords", program=24),
        Part(name="Upright Bass", role="bass", program=32),
        Part(name="Flute", role="lead", program=73),
        Part(name="Strings", role="pad", program=49),
        Part(name="Bossa Kit", role="drums", program=JAZZ_KIT),
    ),
    grooves=(
        DrumPattern(kick=(), snare=BOSSA_CLAVE, hats=_TWO_BARS, snare_note=SIDE_STICK, hat_note=SHAKER, bars=2),
        DrumPattern(kick=(0.0, 2.0, 4.0, 6.0), snare=BOSSA_CLAVE, hats=_TWO_BARS, snare_note=SIDE_STICK, bars=2),
        DrumPattern(kick=_SURDO, snare=BOSSA_CLAVE, hats=_TWO_BARS, snare_note=SIDE_STICK, bars=2),
        DrumPattern(kick=_SURDO, snare=BOSSA_CLAVE, hats=_TWO_BARS, snare_note=SIDE_STICK, hat_note=RIDE, bars=2,
                    extra=tuple((o, SHAKER) for o in _TWO_BARS)),
    ),
    bass=(
        ((0.0, "R", 1.9), (2.0, "5", 1.9)),
        ((0.0, "R", 1.4), (1.5, "5", 2.4)),
        ((0.0, "R", 1.4), (1.5, "5", 0.45), (2.0, "5", 1.4), (3.5, "A", 0.45)),
    ),
    comping=(
        Comp(BOSSA_CLAVE, voicing="shell", hold=0.9, cycle=8.0),
        Comp(BOSSA_CLAVE, voicing="seventh", hold=0.7, cycle=8.0),
        Comp((*BOSSA_CLAVE, 7.5), voicing="seventh", hold=0.6, cycle=8.0),
    ),
    registers=Registers(chords=60, lead=72, bass=40, pad=66),
    tempo=132.0,
    tempo_range=(100.0, 150.0),
    tonics=("F", "D"),
    mood="breezy",
    instruments="nylon-string guitar on the bossa clave, flute, upright bass, soft strings and a rim click",
    tags=("bossa nova", "latin"),
    balance=(("lead", 0.0), ("chords", -1.0), ("bass", -4.0), ("drums", -6.0), ("pad", -9.0)),
    volumes=(("lead", 105), ("chords", 89), ("bass", 103), ("drums", 102), ("pad", 50)),
    cymbals=("hi-hat", "ride"),
)

TRAP = Style(
    name="trap",
    parts=(
        Part(name="Dark Keys", role="chords", program=0),
        Part(name="808 Bass", role="bass", program=38),
        Part(name="Flute", role="lead", program=73),
        Part(name="Dark Pad", role="pad", program=95),
        Part(name="808 Kit", role="drums", program=TR808_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0,), snare=(), hats=EIGHTHS),
        DrumPattern(kick=(0.0, 0.75, 2.5), snare=(2.0,), hats=SIXTEENTHS, snare_note=CLAP),
        DrumPattern(kick=(0.0, 0.75, 2.5, 3.25), snare=(2.0,), hats=_TRAP_HATS, snare_note=CLAP),
        DrumPattern(kick=(0.0, 0.75, 1.75, 2.5, 3.25), snare=(2.0,), hats=_TRAP_HATS, snare_note=CLAP,
                    open_hats=(1.5,)),
    ),
    bass=(
        ((0.0, "R", 3.9),),
        ((0.0, "R", 0.7), (0.75, "R", 1.7), (2.5, "8", 1.45)),
        ((0.0, "R", 0.7), (0.75, "R", 1.7), (2.5, "8", 0.7), (3.25, "5", 0.7)),
    ),
    comping=(
        Comp((0.0,), hold=0.97),
        Comp((0.0,), hold=0.97),
        Comp((0.0, 2.5), hold=0.9),
    ),
    registers=Registers(chords=62, lead=72, bass=36, pad=64),
    tempo=140.0,
    tempo_range=(120.0, 160.0),
    mode="minor",
    tonics=("F", "C#"),
    mood="dark",
    instruments="808 bass that glides, half-time claps, rolling hi-hats, dark keys and a flute",
    tags=("trap", "hip-hop"),
    balance=(("drums", 0.0), ("bass", -1.0), ("lead", -3.0), ("chords", -7.0), ("pad", -9.0)),
    volumes=(("drums", 111), ("bass", 127), ("lead", 103), ("chords", 100), ("pad", 32)),
    glide=0.25,
)

WALTZ = Style(
    name="waltz",
    parts=(
        Part(name="Piano", role="chords", program=0),
        Part(name="Upright Bass", role="bass", program=32),
        Part(name="Violin", role="lead", program=40),
        Part(name="Strings", role="pad", program=48),
        Part(name="Brushes", role="drums", program=BRUSH_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0,), snare=(), hats=QUARTERS, hat_note=PEDAL_HAT),
        DrumPattern(kick=(0.0,), snare=BACKBEAT, hats=QUARTERS, snare_note=SIDE_STICK),
        DrumPattern(kick=(0.0,), snare=BACKBEAT, hats=EIGHTHS, snare_note=SIDE_STICK),
        DrumPattern(kick=(0.0, 1.5, 2.0), snare=BACKBEAT, hats=EIGHTHS, hat_note=RIDE),
    ),
    # Oom on the one; louder, the bass steps into the next bar from the and of three.
    bass=(((0.0, "R", 2.9),), ((0.0, "R", 0.95),), ((0.0, "R", 0.95), (2.5, "A", 0.45))),
    comping=(
        Comp((1.0, 2.0), hold=0.8),
        Comp((1.0, 2.0), hold=0.7),
        Comp((1.0, 2.0), hold=0.6),
    ),
    registers=Registers(chords=64, lead=72, bass=40, pad=67),
    tempo=138.0,
    tempo_range=(84.0, 190.0),
    tonics=("D", "A"),
    mood="swaying",
    instruments="piano on two and three over the bass on one, violin, strings and brushes",
    spare_parts=(Part(name="Accordion", role="pad", program=21),),
    tags=("waltz", "3/4"),
    balance=(("lead", 0.0), ("chords", -3.0), ("bass", -4.0), ("pad", -7.0), ("drums", -8.0)),
    volumes=(("lead", 113), ("chords", 88), ("bass", 95), ("pad", 61), ("drums", 95)),
    metre="3/4",
)

FUNK = Style(
    name="funk",
    parts=(
        Part(name="Clavinet", role="chords", program=7),
        Part(name="Slap Bass", role="bass", program=36),
        Part(name="Horn Section", role="lead", program=61),
        Part(name="Drums", role="drums", program=STANDARD_KIT),
    ),
    grooves=(
        DrumPattern(kick=(0.0, 2.5), snare=(), hats=EIGHTHS),
        DrumPattern(kick=(0.0, 0.75, 2.5), snare=BACKBEAT, hats=SIXTEENTHS, ghosts=(1.75,)),
        DrumPattern(kick=(0.0, 0.75, 2.5, 2.75), snare=BACKBEAT, hats=SIXTEENTHS, ghosts=(0.5, 1.75, 2.25, 3.25),
                    open_hats=(3.5,)),
        DrumPattern(kick=(0.0, 0.75, 1.5, 2.5, 2.75), snare=BACKBEAT, hats=SIXTEENTHS,
                    ghosts=(0.5, 1.25, 1.75, 2.25, 3.25, 3.75), open_hats=(1.5, 3.5)),
    ),
    bass=(
        ((0.0, "R", 0.7), (2.5, "R", 0.4), (3.0, "8", 0.2)),
        ((0.0, "R", 0.2), (0.75, "R", 0.2), (1.0, "8", 0.2), (1.75, "R", 0.2), (2.5, "7", 0.2), (2.75, "8", 0.2),
         (3.5, "5", 0.2)),
        ((0.0, "R", 0.2), (0.5, "R", 0.2), (0.75, "8", 0.2), (1.25, "R", 0.2), (1.75, "8", 0.2), (2.5, "7", 0.2),
         (2.75, "8", 0.2), (3.25, "5", 0.2), (3.5, "C", 0.2)),
    ),
    comping=(
        Comp((0.0, 2.5), voicing="seventh", hold=0.5),
        Comp(OFFBEATS + (0.75, 2.75), manner="stabs", voicing="seventh", hold=0.15),
        Comp(tuple(o + 0.25 for o in EIGHTHS) + OFFBEATS, manner="stabs", voicing="seventh", hold=0.12),
    ),
    registers=Registers(chords=64, lead=70, bass=38, pad=66),
    tempo=104.0,
    tempo_range=(88.0, 125.0),
    mode="dorian",
    tonics=("E", "E"),
    mood="funky",
    instruments="clavinet scratches, slap bass, a horn section and a tight sixteenth-note kit",
    swing=0.03,
    swing_unit=0.25,
    spare_parts=(Part(name="Rhodes", role="pad", program=4),),
    tags=("funk", "groove"),
    balance=(("drums", 0.0), ("bass", -1.0), ("lead", -2.0), ("chords", -4.0), ("pad", -9.0)),
    volumes=(("drums", 127), ("bass", 113), ("lead", 72), ("chords", 56)),
)

REGGAE = Style(
    name="reggae",
    parts=(
        Part(name="Skank Guitar", role="chords", program=27),
        Part(name="Bass Guitar", role="bass", program=33),
        Part(name="Trombone", role="lead", program=57),
        Part(name="Organ", role="pad", program=17),
        Part(name="Drums", role="drums", program=STANDARD_KIT),
    ),
    grooves=(
        DrumPattern(kick=(2.0,), snare=(2.0,), hats=QUARTERS, snare_note=SIDE_STICK),
        DrumPattern(kick=(2.0,), snare=(2.0,), hats=EIGHTHS, snare_note=SIDE_STICK),
        DrumPattern(kick=(2.0,), snare=(2.0,), hats=EIGHTHS, snare_note=SIDE_STICK, open_hats=(3.5,)),
        DrumPattern(kick=(2.0,), snare=(2.0,), hats=SIXTEENTHS, snare_note=SIDE_STICK, open_hats=(1.5, 3.5)),
    ),
    bass=(
        ((0.0, "R", 1.4), (2.5, "5", 1.4)),
        ((0.0, "R", 0.7), (0.75, "R", 0.2), (1.5, "5", 0.45), (2.5, "8", 0.9), (3.5, "A", 0.4)),
        ((0.0, "R", 0.9), (1.0, "3", 0.45), (1.5, "5", 0.45), (2.5, "8", 0.45), (3.0, "5", 0.45), (3.5, "A", 0.4)),
    ),
    comping=(
        Comp((1.0, 3.0), manner="stabs", hold=0.3),
        Comp((1.0, 3.0), manner="stabs", hold=0.25),
        Comp((1.0, 1.25, 3.0, 3.25), manner="stabs", hold=0.2),
    ),
    registers=Registers(chords=65, lead=67, bass=38, pad=62),
    tempo=76.0,
    tempo_range=(60.0, 100.0),
    tonics=("A", "A"),
    mood="easy",
    instruments="guitar skank on two and four, round bass, organ, trombone and a one-drop beat",
    swing=0.06,
    swing_unit=0.25,
    tags=("reggae", "one drop"),
    balance=(("bass", 0.0), ("drums", -1.0), ("lead", -2.0), ("chords", -4.0), ("pad", -9.0)),
    volumes=(("bass", 78), ("drums", 127), ("lead", 51), ("chords", 39), ("pad", 36)),
)

DISCO = Style(
    name="disco",
    parts=(
        Part(name="Muted Guitar", role="chords", program=28),
        Part(name="Bass Guitar", role="bass", program=33),
        Part(name="Strings", role="lead", program=48),
        Part(name="Synth Brass", role="pad", program=62),
        Part(name="Drums", role="drums", program=STANDARD_KIT),
    ),
    grooves=(
        DrumPattern(kick=QUARTERS, snare=(), hats=OFFBEATS, hat_note=OPEN_HAT),
        DrumPattern(kick=QUARTERS, snare=BACKBEAT, hats=(), snare_note=CLAP, open_hats=OFFBEATS),
        DrumPattern(kick=QUARTERS, snare=BACKBEAT, hats=SIXTEENTHS, open_hats=OFFBEATS),
        DrumPattern(kick=QUARTERS, snare=BACKBEAT, hats=SIXTEENTHS, open_hats=OFFBEATS,
                    extra=tuple((o, TAMBOURINE) for o in OFFBEATS)),
    ),
    bass=(
        ((0.0, "R", 1.9), (2.0, "R", 1.9)),
        # Octaves in eighths, galloping into beats two and four with a sixteenth.
        ((0.0, "R", 0.4), (0.5, "8", 0.2), (0.75, "8", 0.2), (1.0, "R", 0.4), (1.5, "8", 0.4), (2.0, "R", 0.4),
         (2.5, "8", 0.2), (2.75, "8", 0.2), (3.0, "R", 0.4), (3.5, "8", 0.4)),
        tuple((o, "8" if o % 1.0 else "R", 0.2) for o in SIXTEENTHS if o % 1.0 != 0.25),  # type: ignore[misc]
    ),
    comping=(
        Comp((0.0, 2.0), hold=0.9),
        Comp(OFFBEATS, manner="stabs", voicing="seventh", hold=0.2),
        Comp(SIXTEENTHS, manner="stabs", voicing="seventh", hold=0.12),
    ),
    registers=Registers(chords=64, lead=74, bass=40, pad=66),
    tempo=120.0,
    tempo_range=(108.0, 132.0),
    mode="minor",
    tonics=("C", "A"),
    mood="glittering",
    instruments="four-on-the-floor drums with open hats, octave bass, muted guitar, strings and synth brass",
    tags=("disco", "dance"),
    balance=(("drums", 0.0), ("bass", -1.0), ("lead", -2.0), ("chords", -5.0), ("pad", -8.0)),
    volumes=(("drums", 127), ("bass", 90), ("lead", 82), ("chords", 64), ("pad", 28)),
)

GENRES = (BLUES, COUNTRY, BOSSA_NOVA, TRAP, WALTZ, FUNK, REGGAE, DISCO)
