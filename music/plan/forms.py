"""Song forms: the sections a style lays out by habit, and the form words a brief may say instead.

Pop and R&B go verse, pre-chorus, chorus; rock takes a solo where others take a bridge; EDM
builds and drops (its builds are pre-choruses, its drops choruses, its breakdown the bridge);
hip-hop raps 16-bar verses between its hooks and trap opens on its hook; a waltz sings in
16-bar phrases; disco has long DJ intros and outros; the blues plays twelve-bar choruses;
folk, ballads and country keep verse, chorus and a bridge (country ending on a tag). A brief that says "12-bar blues" (or "blues", "shuffle"), "AABA" (or "32-bar"),
"with a pre-chorus", "no bridge", "a solo" or "three verses" gets that form; "a short pop
song" (or quick, or a radio edit) gets the style's form cut down, "an epic rock song" (or
long, or extended) the same form grown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from music.song import SectionKind

# One section of a form: its kind and its length in bars.
Slot = tuple[SectionKind, int]
DEFAULT_BARS: dict[str, int] = {"intro": 4, "verse": 8, "pre-chorus": 4, "chorus": 8, "bridge": 8, "solo": 8,
                                "outro": 4}  # fmt: skip
ENERGY: dict[str, float] = {"intro": 0.3, "verse": 0.45, "pre-chorus": 0.6, "chorus": 0.75, "bridge": 0.55,
                            "solo": 0.7, "outro": 0.3}  # fmt: skip
# EDM's sections as its producers hear them: a low verse, a build, a drop at full tilt, a breakdown.
EDM_ENERGY: dict[str, float] = {**ENERGY, "verse": 0.4, "pre-chorus": 0.65, "chorus": 0.9, "bridge": 0.3}

_VERSE_CHORUS: tuple[Slot, ...] = (("intro", 4), ("verse", 8), ("chorus", 8), ("verse", 8), ("chorus", 8),
                                   ("bridge", 8), ("chorus", 8), ("outro", 4))  # fmt: skip
_WITH_PRE_CHORUS: tuple[Slot, ...] = (("intro", 4), ("verse", 8), ("pre-chorus", 4), ("chorus", 8), ("verse", 8),
                                      ("pre-chorus", 4), ("chorus", 8), ("bridge", 8), ("chorus", 8), ("outro", 4))  # fmt: skip
# The 12-bar blues: a chorus of twelve bars is its verse.
BLUES: tuple[Slot, ...] = (("intro", 4), ("verse", 12), ("verse", 12), ("solo", 12), ("verse", 12), ("outro", 4))
STYLE_FORMS: dict[str, tuple[Slot, ...]] = {
    "pop": _WITH_PRE_CHORUS,
    "r&b": _WITH_PRE_CHORUS,
    "rock": (("intro", 4), ("verse", 8), ("chorus", 8), ("verse", 8), ("chorus", 8), ("solo", 8), ("chorus", 8),
             ("outro", 4)),
    "folk": (("intro", 4), ("verse", 8), ("chorus", 8), ("verse", 8), ("chorus", 8), ("bridge", 4), ("chorus", 8),
             ("outro", 4)),
    "ballad": _VERSE_CHORUS,
    "jazz": _VERSE_CHORUS,
    "edm": (("intro", 8), ("verse", 8), ("pre-chorus", 8), ("chorus", 16), ("bridge", 8), ("pre-chorus", 8),
            ("chorus", 16), ("outro", 8)),
    "hip-hop": (("intro", 4), ("verse", 16), ("chorus", 8), ("verse", 16), ("chorus", 8), ("verse", 16),
                ("chorus", 8), ("outro", 4)),
    # Trap opens on its hook; a waltz sings in sixteen-bar phrases; disco gives the DJ eight bars at each end.
    "trap": (("intro", 4), ("chorus", 8), ("verse", 16), ("chorus", 8), ("verse", 16), ("chorus", 8), ("outro", 4)),
    "waltz": (("intro", 4), ("verse", 16), ("chorus", 16), ("verse", 16), ("chorus", 16), ("bridge", 8),
              ("chorus", 16), ("outro", 4)),
    "disco": (("intro", 8), ("verse", 8), ("pre-chorus", 4), ("chorus", 8), ("verse", 8), ("pre-chorus", 4),
              ("chorus", 8), ("bridge", 8), ("chorus", 8), ("outro", 8)),
    "blues": BLUES,
    # A country song ends on a tag: the chorus's last line once more (music.plan.progressions.tag).
    "country": _VERSE_CHORUS,
}  # fmt: skip
# Named forms a brief may ask for by name.
AABA: tuple[Slot, ...] = (("intro", 4), ("verse", 8), ("verse", 8), ("bridge", 8), ("verse", 8), ("solo", 16),
                          ("verse", 8), ("outro", 4))  # fmt: skip

_NOT = r"(?:no|without|skip|drop|lose|don'?t want an?|not? an?)"
# A song called short or long: "a short pop song", "an epic rock anthem", "a radio edit"; not "a long road".
_SONG = r"(?:\w+ ){0,2}(?:song|tune|track|number|one|ballad|jam|anthem|version|edit)s?\b"
_SHORT = rf"\b(?:short|quick|brief) {_SONG}|\bradio edit\b"
_LONG = rf"\b(?:long|epic|extended) {_SONG}"
_COUNTS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class FormWords:
    """What a brief says about the form; None where it says nothing."""

    named: str = ""  # "blues" or "aaba"
    pre_chorus: bool | None = None
    bridge: bool | None = None
    solo: bool | None = None
    verses: int | None = None
    length: str = ""  # "short" or "long"


def read_form(text: str) -> FormWords:
    """The form words of a brief: "12-bar blues", "AABA", "with a pre-chorus", "no bridge", "three verses"."""
    said = " ".join(text.casefold().replace("-", " ").split())
    named = ""
    if re.search(r"\b(12|twelve) bar\b|(?<!rhythm and )\bblues\b|\bshuffle\b", said):
        named = "blues"
    elif re.search(r"\baaba\b|\b32 bar\b|\bthirty two bar\b", said):
        named = "aaba"
    verses = re.search(r"\b(two|three|four|[234]) verses\b", said)
    return FormWords(
        named=named,
        pre_chorus=_asked(said, r"pre ?chorus(?:es)?|build ?ups?|builds?"),
        bridge=_asked(said, r"bridge|middle eight|breakdown"),
        solo=_asked(said, r"(?:\w+ )?solo"),
        verses=_COUNTS[verses.group(1)] if verses else None,
        length="short" if re.search(_SHORT, said) else "long" if re.search(_LONG, said) else "",
    )


def _asked(said: str, part: str) -> bool | None:
    if re.search(rf"\b{_NOT} (?:\w+ )?(?:{part})\b", said):
        return False
    if re.search(rf"\b(?:with|add|include|has|have|and|plus) (?:an? |some )?(?:short |long |big )?(?:{part})\b", said):
        return True
    return None


def song_form(style: str, words: FormWords | None = None) -> tuple[Slot, ...]:
    """The sections of a new song in `style`, as its habits and the brief's form words have it."""
    words = words or FormWords()
    if words.named == "blues":
        form = list(BLUES)
    elif words.named == "aaba":
        form = list(AABA)
    else:
        form = list(STYLE_FORMS.get(style, _VERSE_CHORUS))
    if words.length == "short":
        form = _shortened(form)
    elif words.length == "long":
        form = _lengthened(form)
    if words.pre_chorus is False:
        form = [slot for slot in form if slot[0] != "pre-chorus"]
    elif words.pre_chorus and not any(kind == "pre-chorus" for kind, _ in form):
        form = _before_each(form, "chorus", ("pre-chorus", DEFAULT_BARS["pre-chorus"]))
    if words.bridge is False:
        form = [slot for slot in form if slot[0] != "bridge"]
    elif words.bridge and not any(kind == "bridge" for kind, _ in form):
        form = _before_last(form, ("bridge", DEFAULT_BARS["bridge"]))
    if words.solo is False:
        form = [slot for slot in form if slot[0] != "solo"]
    elif words.solo and not any(kind == "solo" for kind, _ in form):
        form = _before_last(form, ("solo", DEFAULT_BARS["solo"]))
    if words.verses is not None:
        form = _with_verses(form, words.verses)
    return tuple(form)


def _shortened(form: list[Slot]) -> list[Slot]:
    """A short song: two verses with their choruses, no bridge or solo, half the intro and outro.

    The chorus sung again after a bridge goes with it; an intro or outro keeps two bars at least.
    """
    kept: list[Slot] = []
    for kind, bars in form:
        if kind in ("bridge", "solo") or (kind == "chorus" and kept and kept[-1][0] == "chorus"):
            continue
        kept.append((kind, max(2, bars // 2) if kind in ("intro", "outro") else bars))
    return _with_verses(kept, 2)


def _lengthened(form: list[Slot]) -> list[Slot]:
    """A long song: a third verse (with its chorus) if it had fewer, and the last chorus sung twice."""
    grown = _with_verses(form, 3) if sum(1 for kind, _ in form if kind == "verse") < 3 else form
    last = max((k for k, (kind, _) in enumerate(grown) if kind == "chorus"), default=None)
    return grown if last is None else [*grown[: last + 1], grown[last], *grown[last + 1 :]]


def labelled(form: tuple[Slot, ...]) -> list[tuple[SectionKind, str, int]]:
    """(kind, label, bars) for each section: "Verse 1", "Chorus 2"; a kind heard once is just "Bridge"."""
    counts = {kind: sum(1 for k, _ in form if k == kind) for kind, _ in form}
    seen: dict[str, int] = {}
    out: list[tuple[SectionKind, str, int]] = []
    for kind, bars in form:
        seen[kind] = seen.get(kind, 0) + 1
        name = kind.title()
        out.append((kind, f"{name} {seen[kind]}" if counts[kind] > 1 or kind in ("verse", "chorus") else name, bars))
    return out


def _before_each(form: list[Slot], kind: str, slot: Slot) -> list[Slot]:
    """`slot` before each `kind` that follows a verse (a chorus after the bridge comes in without one)."""
    out: list[Slot] = []
    for item in form:
        if item[0] == kind and out and out[-1][0] == "verse":
            out.append(slot)
        out.append(item)
    return out


def _before_last(form: list[Slot], slot: Slot) -> list[Slot]:
    """`slot` placed before the last chorus and its pre-chorus (else the last verse, else the outro)."""
    for kind in ("chorus", "verse", "outro"):
        at = max((k for k, item in enumerate(form) if item[0] == kind), default=None)
        if at is not None:
            while at > 0 and form[at - 1][0] == "pre-chorus":
                at -= 1
            return [*form[:at], slot, *form[at:]]
    return [*form, slot]


def _with_verses(form: list[Slot], count: int) -> list[Slot]:
    """The form with `count` verses: each extra one (with its pre-chorus and chorus) after the last, or fewer kept."""
    verses = [k for k, item in enumerate(form) if item[0] == "verse"]
    if len(verses) > count:
        drop: set[int] = set()
        for k in verses[count:]:  # each verse goes with the pre-chorus and chorus it leads to
            drop.add(k)
            while k + 1 < len(form) and form[k + 1][0] in ("pre-chorus", "chorus"):
                k += 1
                drop.add(k)
                if form[k][0] == "chorus":
                    break
        return [item for k, item in enumerate(form) if k not in drop]
    if not verses:
        return form
    last = verses[-1]
    end = last + 1
    while end < len(form) and form[end][0] in ("pre-chorus", "chorus"):
        end += 1
        if form[end - 1][0] == "chorus":
            break
    group = form[last:end]
    return [*form[:end], *group * (count - len(verses)), *form[end:]]
