"""Chord progressions as roman numerals: per section kind and mode, and the idioms of each style.

A progression is one entry per bar, repeated to fill the section; an entry may hold two
chords ("ii7 V7": two beats each). Pop, rock, folk and the rest draw from the common tables;
jazz, bossa nova, blues, country, funk, reggae, disco, trap and waltz from their own (a
bossa's ii-V in a bar and its tritone substitutes, a country chorus's turnaround back to the
verse, a waltz's two-bar chords, a funk vamp on i7 and IV7). The seed picks among the
choices, so songs differ from one another and the same brief always gets the same chords.
"""

from __future__ import annotations

from music.song import Key, Mode, map_chords
from music.theory.chords import roman_to_symbol

# Four-chord progressions per section kind and mode, one chord per bar, repeated to fill.
_PROGRESSIONS: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {
    "major": {
        "intro": (("I", "V", "vi", "IV"), ("I", "IV", "I", "V")),
        "verse": (("I", "V", "vi", "IV"), ("vi", "IV", "I", "V"), ("I", "vi", "IV", "V")),
        "pre-chorus": (("ii", "IV", "vi", "V"), ("IV", "V", "vi", "V"), ("vi", "IV", "ii", "V")),
        "chorus": (("IV", "I", "V", "vi"), ("I", "V", "vi", "IV"), ("IV", "V", "I", "vi")),
        "bridge": (("vi", "IV", "I", "V"), ("ii", "IV", "vi", "V"), ("IV", "iv", "I", "V")),
        "outro": (("IV", "V", "I", "I"), ("I", "V", "IV", "I")),
    },
    "minor": {
        "intro": (("i", "VI", "III", "VII"), ("i", "VII", "VI", "VII")),
        "verse": (("i", "VI", "III", "VII"), ("i", "iv", "VII", "III"), ("i", "VII", "VI", "VII")),
        "pre-chorus": (("VI", "VII", "iv", "V"), ("iv", "VI", "VII", "VII"), ("VI", "iv", "VII", "V")),
        "chorus": (("III", "VII", "i", "VI"), ("VI", "III", "VII", "i"), ("VI", "VII", "III", "i")),
        "bridge": (("iv", "v", "VI", "VII"), ("VI", "VII", "iv", "V7"), ("iv", "VI", "III", "V7")),
        "outro": (("i", "VI", "VII", "i"), ("iv", "VII", "i", "i")),
    },
    "dorian": {
        "intro": (("i", "IV", "i", "IV"),),
        "verse": (("i", "IV", "i", "IV"), ("i", "VII", "IV", "i")),
        "chorus": (("III", "VII", "IV", "i"), ("IV", "i", "VII", "IV")),
        "bridge": (("ii", "IV", "v", "VII"),),
        "outro": (("i", "VII", "IV", "i"),),
    },
    "mixolydian": {
        "intro": (("I", "VII", "IV", "I"),),
        "verse": (("I", "VII", "IV", "I"), ("I", "v", "VII", "IV")),
        "chorus": (("IV", "I", "VII", "I"), ("VII", "IV", "I", "I")),
        "bridge": (("vi", "v", "IV", "VII"),),
        "outro": (("IV", "VII", "I", "I"),),
    },
    "lydian": {
        "intro": (("I", "II", "I", "II"),),
        "verse": (("I", "II", "vi", "I"), ("I", "II", "iii", "II")),
        "chorus": (("I", "II", "V", "vi"), ("vi", "II", "I", "V")),
        "bridge": (("vi", "vii", "II", "V"),),
        "outro": (("II", "I", "II", "I"),),
    },
    "phrygian": {
        "intro": (("i", "II", "i", "II"),),
        "verse": (("i", "II", "vii", "i"), ("i", "II", "III", "II")),
        "chorus": (("VI", "III", "II", "i"), ("III", "II", "VI", "i")),
        "bridge": (("iv", "VI", "vii", "II"),),
        "outro": (("II", "i", "II", "i"),),
    },
}
# Jazz players colour every chord with its seventh.
_JAZZ_PROGRESSIONS: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {
    "major": {
        "intro": (("Imaj7", "vi7", "ii7", "V7"),),
        "verse": (("Imaj7", "vi7", "ii7", "V7"), ("iii7", "vi7", "ii7", "V7")),
        "chorus": (("IVmaj7", "iii7", "ii7", "Imaj7"), ("ii7", "V7", "Imaj7", "vi7")),
        "bridge": (("ii7", "V7", "iii7", "vi7"), ("IVmaj7", "iv7", "iii7", "V7")),
        "outro": (("ii7", "V7", "Imaj7", "Imaj7"),),
    },
    "minor": {
        "intro": (("i7", "iv7", "VII7", "IIImaj7"),),
        "verse": (("i7", "iv7", "VII7", "IIImaj7"), ("i7", "VImaj7", "iiø7", "V7")),
        "chorus": (("VImaj7", "iiø7", "V7", "i7"), ("IIImaj7", "VImaj7", "iiø7", "V7")),
        "bridge": (("iv7", "VII7", "IIImaj7", "VImaj7"),),
        "outro": (("iiø7", "V7", "i7", "i7"),),
    },
}
# Chords taken from outside the mode on purpose, named so checks can tell them from mistakes.
BORROWED: dict[str, frozenset[str]] = {
    "major": frozenset({"iv", "iv7", "bVII", "bVI"}),
    "minor": frozenset({"V", "V7"}),
    "dorian": frozenset(),
    "mixolydian": frozenset(),
    "lydian": frozenset(),
    "phrygian": frozenset(),
}
# Chords a style plays outside the mode on purpose: a blues's dominant sevenths, a bossa's
# secondary dominants and tritone substitutes, a funk vamp's dominant ninths.
IDIOMATIC: dict[str, frozenset[str]] = {
    "blues": frozenset({"I7", "IV7", "V7", "i7", "iv7", "VI7"}),
    "bossa nova": frozenset({"II7", "VI7", "bII7", "bVII7", "iv7", "V7"}),
    "country": frozenset({"V7"}),
    "funk": frozenset({"I9", "IV9", "I7", "IV7"}),
}
# The chord in the bar before a chorus, pulling the ear into it.
_LEAD_IN = {"major": "V", "minor": "VII", "dorian": "IV", "mixolydian": "VII", "lydian": "II", "phrygian": "II"}
_TONIC = {"major": "I", "minor": "i", "dorian": "i", "mixolydian": "I", "lydian": "I", "phrygian": "i"}
# The twelve bars of the blues, each chord a dominant seventh (minor blues: minor sevenths on i and iv).
_BLUES = {"major": ("I7", "IV7", "I7", "I7", "IV7", "IV7", "I7", "I7", "V7", "IV7", "I7", "V7"),
          "minor": ("i7", "iv7", "i7", "i7", "iv7", "iv7", "i7", "i7", "VI7", "V7", "i7", "V7")}  # fmt: skip
_BLUES_EDGES = {"major": {"intro": ("I7", "IV7", "I7", "V7"), "outro": ("I7", "IV7", "I7", "I7")},
                "minor": {"intro": ("i7", "iv7", "i7", "V7"), "outro": ("i7", "iv7", "i7", "i7")}}  # fmt: skip

_Table = dict[str, tuple[tuple[str, ...], ...]]
# Each style's own progressions, by mode; a mode it has none for uses the common table.
_IDIOMS: dict[str, dict[str, _Table]] = {
    "jazz": _JAZZ_PROGRESSIONS,
    "bossa nova": {
        "major": {
            "intro": (("Imaj7", "II7", "ii7", "V7"), ("ii7 V7", "Imaj7", "ii7 V7", "Imaj7")),
            "verse": (("Imaj7", "II7", "ii7", "bII7"), ("Imaj7", "vi7", "ii7 V7", "Imaj7"),
                      ("Imaj7", "Imaj7", "II7", "II7", "ii7", "bII7", "Imaj7", "bII7")),
            "chorus": (("IVmaj7", "bVII7", "iii7 VI7", "ii7 V7"), ("ii7", "V7", "iii7 VI7", "ii7 V7"),
                       ("IVmaj7", "iv7 bVII7", "Imaj7", "ii7 V7")),
            "bridge": (("iii7", "VI7", "ii7", "V7"), ("IVmaj7", "bVII7", "iii7 VI7", "ii7 V7")),
            "outro": (("ii7 V7", "Imaj7", "ii7 V7", "Imaj7"),),
        },
        "minor": {
            "intro": (("i7", "iiø7 V7"),),
            "verse": (("i7", "iv7", "iiø7 V7", "i7"), ("i7", "VImaj7", "iiø7", "V7")),
            "chorus": (("iv7", "VII7", "IIImaj7", "iiø7 V7"), ("VImaj7", "iiø7 V7", "i7", "iv7 V7")),
            "bridge": (("VImaj7", "iiø7 V7", "i7", "V7"),),
            "outro": (("iiø7 V7", "i7", "iiø7 V7", "i7"),),
        },
    },
    "country": {
        "major": {
            "intro": (("IV", "I", "V7", "I"), ("I", "IV", "V7", "I")),
            "verse": (("I", "IV", "V7", "I"), ("I", "I", "IV", "V7"), ("I", "vi", "IV", "V7")),
            "chorus": (("IV", "I", "V7", "I"), ("IV", "V7", "I", "vi"), ("I", "IV", "I", "V7")),
            "bridge": (("vi", "IV", "I", "V7"), ("IV", "IV", "I", "V7")),
            "outro": (("IV", "V7", "I", "I"),),
        },
    },
    "funk": {
        "dorian": {
            "intro": (("i9", "i9", "IV9", "IV9"),),
            "verse": (("i9", "i9", "IV9", "i9"), ("i7", "IV7", "i7", "IV7")),
            "chorus": (("IIImaj7", "IV9", "i9", "i9"), ("IV9", "v7", "i9", "IV9")),
            "bridge": (("VIImaj7", "IIImaj7", "IV9", "IV9"),),
            "outro": (("i9", "IV9", "i9", "i9"),),
        },
        "major": {
            "intro": (("I9", "I9", "IV9", "IV9"),),
            "verse": (("I9", "I9", "IV9", "I9"), ("I7", "IV7", "I7", "IV7")),
            "chorus": (("IV9", "IV9", "I9", "V9"), ("IV9", "V9", "I9", "I9")),
            "bridge": (("ii7", "V9", "ii7", "V9"),),
            "outro": (("I9", "IV9", "I9", "I9"),),
        },
    },
    "reggae": {
        "major": {
            "intro": (("I", "IV", "I", "V"),),
            "verse": (("I", "IV", "V", "IV"), ("I", "vi", "IV", "V"), ("I IV", "I IV", "I IV", "V IV")),
            "chorus": (("IV", "I", "V", "I"), ("I IV", "V", "I IV", "V"), ("vi", "IV", "I", "V")),
            "bridge": (("ii", "V", "ii", "V"), ("IV", "V", "vi", "V")),
            "outro": (("IV", "V", "I", "I"),),
        },
        "minor": {
            "intro": (("i", "VII", "VI", "VII"),),
            "verse": (("i iv", "i iv", "i VII", "i"), ("i", "VII", "VI", "VII")),
            "chorus": (("VI", "VII", "i", "i"), ("iv", "VII", "i", "i")),
            "bridge": (("VI", "VII", "iv", "v"),),
            "outro": (("iv", "VII", "i", "i"),),
        },
    },
    "disco": {
        "minor": {
            "intro": (("i7", "iv7", "i7", "iv7"),),
            "verse": (("i7", "iv7", "i7", "iv7"), ("i7", "VII7", "VImaj7", "VII7")),
            "chorus": (("VImaj7", "VII7", "i7", "i7"), ("iv7", "VII7", "IIImaj7", "VImaj7")),
            "bridge": (("iv7", "V7", "i7", "VII7"), ("VImaj7", "iv7", "VII7", "V7")),
            "outro": (("iv7", "VII7", "i7", "i7"),),
        },
        "major": {
            "intro": (("Imaj7", "ii7", "iii7", "ii7"),),
            "verse": (("Imaj7", "ii7", "iii7", "ii7"), ("Imaj7", "IVmaj7", "ii7", "V7")),
            "chorus": (("IVmaj7", "V7", "iii7", "vi7"), ("ii7", "V7", "Imaj7", "vi7")),
            "bridge": (("vi7", "ii7", "V7", "Imaj7"),),
            "outro": (("ii7", "V7", "Imaj7", "Imaj7"),),
        },
    },
    "trap": {
        "minor": {
            "intro": (("i", "VI", "i", "VI"),),
            "verse": (("i", "i", "VI", "VII"), ("i", "iv", "VI", "V"), ("i", "VI", "iv", "VI")),
            "chorus": (("VI", "VII", "i", "i"), ("i", "VI", "III", "VII"), ("iv", "VI", "i", "V")),
            "bridge": (("iv", "VI", "i", "V"),),
            "outro": (("i", "VI", "i", "i"),),
        },
    },
    "waltz": {
        "major": {
            "intro": (("I", "IV", "V7", "I"),),
            "verse": (("I", "I", "IV", "I", "V7", "V7", "I", "I"), ("I", "I", "vi", "vi", "ii", "V7", "I", "I")),
            "chorus": (("IV", "IV", "I", "I", "V7", "V7", "I", "I"), ("IV", "V7", "iii", "vi", "ii", "V7", "I", "I")),
            "bridge": (("vi", "vi", "ii", "ii", "V7", "V7", "I", "V7"),),
            "outro": (("IV", "V7", "I", "I"),),
        },
        "minor": {
            "intro": (("i", "iv", "V7", "i"),),
            "verse": (("i", "i", "iv", "iv", "V7", "V7", "i", "i"), ("i", "i", "VI", "VI", "iv", "V7", "i", "i")),
            "chorus": (("iv", "iv", "i", "i", "VI", "V7", "i", "i"),),
            "bridge": (("III", "III", "VII", "VII", "VI", "VI", "V7", "V7"),),
            "outro": (("iv", "V7", "i", "i"),),
        },
    },
}  # fmt: skip
# Styles whose verses and choruses close their inner phrases on a half cadence.
_CADENCING = frozenset({"pop", "rock", "folk", "ballad"})
# The chords that lead to a cadence, by mode: a phrase that ends on one of them can close on the lead-in chord.
_PREDOMINANTS = {"major": ("IV", "ii"), "minor": ("iv", "VI")}
# Styles whose band pushes a chorus's chord changes.
_PUSHING = frozenset({"pop", "rock", "funk", "disco", "country", "edm"})
# Styles whose lead-in to a chorus on V is a dominant seventh, as their chords are.
_SEVENTHS = frozenset({"jazz", "bossa nova", "blues", "country", "funk", "disco", "waltz"})


def progression(
    kind: str, mode: Mode, style: str, seed: int, bars: int, next_kind: str | None, metre: str = "4/4"
) -> tuple[str, ...]:
    """Roman numerals for one section, one entry per bar, ending on a lead-in before a chorus.

    The style's own idioms where it has them for the mode, else the common table; a
    country chorus that goes back to a verse turns around on its last bar (I V7).
    """
    table = _IDIOMS.get(style, {}).get(mode) or _PROGRESSIONS[mode]
    choices = table.get(kind) or table["verse"]
    chosen = choices[seed % len(choices)]
    romans = [chosen[b % len(chosen)] for b in range(bars)]
    if next_kind == "chorus" and kind != "chorus" and bars >= 2:
        lead_in = "V7" if mode == "minor" and kind == "bridge" else _LEAD_IN[mode]
        romans[-1] = lead_in + ("7" if style in _SEVENTHS and lead_in == "V" else "")
    if kind in ("verse", "chorus") and style in _CADENCING and table is _PROGRESSIONS[mode] and metre == "4/4":
        romans = _half_cadences(romans, mode)
    if kind == "outro":
        romans[-1] = (table.get("outro") or _PROGRESSIONS[mode]["outro"])[0][-1].split()[-1]
    if style == "country" and kind == "chorus" and next_kind == "verse" and bars >= 2:
        romans[-1] = f"{_TONIC[mode]} V7"
    return tuple(romans)


def _half_cadences(romans: list[str], mode: Mode) -> list[str]:
    """The progression with each inner four-bar phrase that ends on a predominant closing on the lead-in chord.

    'I | V | vi | IV' played twice becomes 'I | V | vi | IV V | I | V | vi | IV': the first
    phrase breathes on a half cadence and the second starts home. The last bar is left to the
    section's own ending. Only in 4/4, where a bar halves evenly.
    """
    closing = _LEAD_IN[mode]
    for bar in range(3, len(romans) - 1, 4):
        if romans[bar] in _PREDOMINANTS.get(mode, ()):
            romans[bar] = f"{romans[bar]} {closing}"
    return romans


def pushes(kind: str, style: str, romans: tuple[str, ...], metre: str) -> tuple[int, ...]:
    """The bars (from 1) whose chord a band in `style` pushes: an eighth early, tied over the bar line.

    A chorus in a style that drives (pop, rock, funk, disco, country, EDM) pushes the change
    into each two-bar group (bars 3, 5, 7...) where the chord changes from a bar of one chord;
    other sections, other styles and compound metres play on the beat.
    """
    if kind != "chorus" or style not in _PUSHING or metre not in ("4/4", "2/4"):
        return ()
    return tuple(
        bar + 1
        for bar in range(2, len(romans), 2)
        if len(romans[bar - 1].split()) == 1 and romans[bar].split()[0] != romans[bar - 1]
    )


def outside_the_mode(style: str, mode: Mode) -> frozenset[str]:
    """The roman numerals a plan in `style` and `mode` may take from outside the mode, on purpose."""
    lead_in = {"V7"} if style in _SEVENTHS and _LEAD_IN[mode] == "V" else set()
    return BORROWED[mode] | IDIOMATIC.get(style, frozenset()) | lead_in


def tag(chorus: tuple[str, ...], bars: int, mode: Mode) -> tuple[str, ...]:
    """A tag: the chorus's closing bars sung once more, `bars` long, landing on the tonic."""
    closing = list(chorus[-bars:]) if len(chorus) >= bars else [chorus[b % len(chorus)] for b in range(bars)]
    closing[-1] = _TONIC[mode]
    return tuple(closing)


def blues(kind: str, mode: Mode, bars: int) -> tuple[str, ...]:
    """Roman numerals for a section of a 12-bar blues: the twelve bars (repeated), or a turnaround."""
    minor = "minor" if mode in ("minor", "dorian", "phrygian") else "major"
    pattern = _BLUES_EDGES[minor].get(kind) or _BLUES[minor]
    return tuple(pattern[b % len(pattern)] for b in range(bars - 1)) + (
        pattern[(bars - 1) % len(pattern)] if kind != "outro" else pattern[-1],
    )


def symbols(romans: tuple[str, ...], key: Key) -> tuple[str, ...]:
    """The chord symbols of a progression in `key`, one entry per bar ("ii7 V7" -> "Dm7 G7")."""
    return tuple(map_chords(bar, lambda roman: roman_to_symbol(roman, key)) for bar in romans)
