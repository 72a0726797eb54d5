"""What a plan or restyle did because of the musician's preferences, said from the difference it made."""

from __future__ import annotations

import re
from collections.abc import Sequence

from music.preferences import Preference, Preferences, listed
from music.song import Key, Part, Song


def as_asked(item: Preference) -> str:
    """'as you asked ("never use a saxophone")'."""
    return f'as you asked ("{item.text}")'


def pair_by_role(*bands: Sequence[Part]) -> list[tuple[Part | None, ...]]:
    """The parts of several bands side by side: the first lead with the first lead, the second pad with the second pad."""
    roles = list(dict.fromkeys(p.role for band in bands for p in band))
    rows: list[tuple[Part | None, ...]] = []
    for role in roles:
        columns = [[p for p in band if p.role == role] for band in bands]
        for k in range(max(len(c) for c in columns)):
            rows.append(tuple(c[k] if k < len(c) else None for c in columns))
    return rows


def band_note(prefs: Preferences, plain: Part | None, shaped: Part | None, before: Part | None = None) -> str:
    """Why a part is `shaped` where the style alone would play `plain`, in words; '' when they agree.

    With `before` (the part the song had), a part that stays what it was says nothing, and a
    move from it names what the style would have put there instead.
    """
    if plain == shaped or (before is not None and before == shaped):
        return ""
    reason = (plain and prefs.refusal(plain)) or (shaped and prefs.wanting(shaped))
    why = as_asked(reason) if reason else "as you asked"
    if shaped is None:
        return f"no {plain.name}, {why}" if plain is not None else ""
    if plain is None:
        return f"{shaped.name} added, {why}"
    if before is None or before == plain:
        return f"{shaped.name} instead of {plain.name}, {why}"
    return f"{shaped.name} instead of {before.name} (not {plain.name}, {why})"


def obeyed(plain: Song, shaped: Song, prefs: Preferences) -> tuple[str, ...]:
    """What the preferences changed in a plan, read from the two plans: with and without them.

    Each entry is one phrase: "Trumpet instead of Tenor Sax, as you asked ("never use a
    saxophone")", "G major, the key you sing in", "80 BPM, your usual tempo".
    """
    notes: list[str] = []
    if shaped.meta.key != plain.meta.key:
        notes.append(_key_note(shaped.meta.key, prefs))
    if shaped.meta.tempo != plain.meta.tempo and (said := prefs.latest("tempo")) is not None:
        usual, item = said
        if shaped.meta.tempo == usual:
            notes.append(f'{shaped.meta.tempo:g} BPM, your usual tempo ("{item.text}")')
        else:
            notes.append(f"{shaped.meta.tempo:g} BPM, as near your usual {usual:g} as {_a(shaped.meta.style)} song goes")
    for kind in ("intro", "outro"):
        was = next((s.bars for s in plain.sections if s.kind == kind), None)
        now = next((s.bars for s in shaped.sections if s.kind == kind), None)
        said = prefs.latest(f"{kind}_bars")
        if was != now and was is not None and said is not None:
            length = f"no {kind}" if now is None else f"a {now}-bar {kind} instead of {was} bars"
            notes.append(f"{length}, {as_asked(said[1])}")
    for p, s in pair_by_role(plain.meta.parts, shaped.meta.parts):
        if note := band_note(prefs, p, s):
            notes.append(note)
    notes.extend(section_notes(plain, shaped, prefs))
    return tuple(notes)


def section_notes(plain: Song, shaped: Song, prefs: Preferences) -> list[str]:
    """'no Drums in the Intro, as you asked (...)' for sections that lost a part to a ban on their kind."""
    left_out: dict[tuple[str, ...], list[str]] = {}
    reasons: dict[tuple[str, ...], Preference] = {}
    for index, section in enumerate(shaped.sections):
        if section.parts is None:
            continue
        band = shaped.meta.parts
        gone = tuple(p.name for p in band if p not in section.parts and prefs.refusal(p, section.kind) is not None)
        had = plain.sections[index].parts if index < len(plain.sections) else None
        if gone and (had is None or any(p.name in gone for p in had)):
            left_out.setdefault(gone, []).append(section.label)
            reasons[gone] = next(r for p in band if p.name in gone and (r := prefs.refusal(p, section.kind)))
    return [
        f"no {listed(list(names), 'or')} in the {listed(labels, 'and')}, {as_asked(reasons[names])}"
        for names, labels in left_out.items()
    ]


def sentences(notes: Sequence[str]) -> str:
    """The notes as sentences, each capitalised and ended with a full stop."""
    return " ".join(note[:1].upper() + note[1:] + "." for note in notes)


def _a(style: str) -> str:
    return {"edm": "an EDM", "r&b": "an R&B"}.get(style, f"a {style}")


def _key_note(key: Key, prefs: Preferences) -> str:
    said = prefs.latest("tonic") or prefs.latest("mode")
    if said is None:
        return f"{key}"
    item = said[1]
    if re.search(r"\bsing|\bvoice|\bvocal", item.text, re.IGNORECASE):
        return f"{key}, the key you sing in"
    return f"{key}, {as_asked(item)}"


