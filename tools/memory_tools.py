"""Tools over what cowriter remembers: the musician's preferences, and ideas from every project.

Preferences live twice: their words in the semantic memory (recalled into the LLM's prompt)
and, read into settings, in `profiles/preferences.json` next to the learned style, which
plan_song and set_style obey. Both belong to the musician, so every project sees them.
"""

from __future__ import annotations

import fcntl
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from memory.blobs import write_atomic
from memory.semantic import PROFILE
from memory.store import StoreError
from music.edits import keys
from music.errors import CowriterError
from music.preferences import Preference, Preferences, read_preference
from music.song import SECTION_KINDS, Key, Section, Song, section_with
from music.theory.chords import note_pc, scale_pitch_classes
from tools.common import current
from tools.context import ToolContext, ToolResult
from tools.profiles import profile_path
from tools.rendering import commit_rendered

if TYPE_CHECKING:
    from memory.semantic import Memory
    from memory.store import Version

logger = logging.getLogger(__name__)

PREFERENCES_NAME = "preferences.json"
# Cosine distance under which a request to forget means a stored preference ("forget that I
# don't like saxophone" sits ~0.2 from "never use a saxophone"; unrelated ones sit above 0.45).
_SAME_MEANING = 0.35
_FORGET_WORDS = re.compile(
    r"^(?:please\s+)?(?:forget|drop|remove|delete|scrap|never\s+mind|ignore|cancel|undo)(?:\s+|$)"
    r"(?:about\s+|that\s+|what\s+i\s+said\s+about\s+|my\s+preference\s+(?:for|about|that)\s+|the\s+preference\s+)?",
    re.IGNORECASE,
)
_OTHER_PROJECT = re.compile(r"\b(?:other|another|different|previous|last|old)\s+(?:project|song|one)\b", re.IGNORECASE)
_KIND_WORDS = re.compile(
    r"\b(intro|verse|pre-?chorus|chorus|refrain|hook|bridge|middle eight|solo|outro)(?:e?s)?\b", re.IGNORECASE
)
_VERSION_TEXT = re.compile(r"^Version (\d+)\b")

ProjectName = Annotated[str, Field(description="the other project's name, as recall_ideas gave it")]
VersionNumber = Annotated[int, Field(description="the version number in that project, as recall_ideas gave it", ge=1)]
SectionName = Annotated[str, Field(description="a section as the musician names it: 'chorus', 'Verse 2', 'bridge'")]


# -- where the structured preferences live ------------------------------------------------------


def preferences_path(ctx: ToolContext) -> Path:
    """The file holding the musician's preferences as settings (it may not exist yet)."""
    return profile_path(ctx).with_name(PREFERENCES_NAME)


def load_preferences(ctx: ToolContext) -> Preferences:
    """The musician's stored preferences (none yet: empty).

    Raises:
        SongError: If the stored file is not one cowriter wrote.
    """
    path = preferences_path(ctx)
    if not path.is_file():
        return Preferences()
    return Preferences.from_json(path.read_text(encoding="utf-8"))


@contextmanager
def _changing(ctx: ToolContext) -> Iterator[Path]:
    # Read, change and write under one lock, so two windows saying things at once lose neither.
    path = preferences_path(ctx)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.with_name(".preferences.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _save(path: Path, preferences: Preferences) -> None:
    write_atomic(path, preferences.to_json().encode("utf-8"))


# -- preferences ------------------------------------------------------------------------------


def remember(ctx: ToolContext, text: str) -> ToolResult:
    """Remember a preference the musician stated ("no saxophone", "I sing in G", "short intros") for every later turn.

    Instruments they never or always want, the key they sing in, their usual tempo, intro
    and outro lengths and words to keep out of lyrics are obeyed by every later plan and
    restyle; a new preference replaces an older one it contradicts ("actually I love saxophone").
    """
    said = " ".join(text.split())
    if not said:
        raise CowriterError("There is nothing to remember in that message.")
    preference = read_preference(said)
    if not preference.structured and ctx.memory is None:
        raise CowriterError("Memory is switched off, so I cannot keep that preference.")
    replaced: tuple[Preference, ...] = ()
    dropped: list[Preference] = []
    if preference.structured:
        with _changing(ctx) as path:
            updated, replaced = load_preferences(ctx).adding(preference)
            _save(path, updated)
        still = {item.text for item in updated.items}
        dropped = [old for old in replaced if old.text not in still]
    if ctx.memory is not None:
        for old in dropped:
            ctx.memory.forget(PROFILE, "preference", old.text)
        # Preferences belong to the musician, so they are recalled in every project.
        ctx.memory.remember(PROFILE, "preference", said)
    reply = [f'Noted: "{said}".']
    if preference.acts():
        reply.append(f"From now on, plans and restyles in every project: {', '.join(preference.acts())}.")
    if preference.keeps():
        reply.append(f"Kept with your preferences: {', '.join(preference.keeps())}.")
    if not preference.structured:
        reply.append("I will keep it in mind for this project and the next.")
    others = [old.text for old in replaced if old.text.casefold() != said.casefold()]
    gone = [text for text in others if text in {old.text for old in dropped}]
    if gone:
        reply.append(f"That replaces what you said before: {_quoted(gone)}.")
    if partly := [text for text in others if text not in gone]:
        reply.append(f"It overrides part of what you said before: {_quoted(partly)}.")
    return ToolResult(" ".join(reply))


def list_preferences(ctx: ToolContext) -> ToolResult:
    """List the preferences I keep for the musician, in their words, with what each one makes me do."""
    preferences = load_preferences(ctx)
    lines = [f'"{item.text}" ({", ".join(item.does())})' for item in preferences.items]
    known = {item.text.casefold() for item in preferences.items}
    if ctx.memory is not None:
        for memory in ctx.memory.memories(PROFILE, ["preference"]):
            if memory.text.casefold() not in known:
                lines.append(f'"{memory.text}" (kept in mind)')
                known.add(memory.text.casefold())
    if not lines:
        return ToolResult('You have not told me any preferences yet; say one like "never use a saxophone" or "I sing in G".')
    numbered = "; ".join(f"{n}. {line}" for n, line in enumerate(lines, 1))
    return ToolResult(f"Your preferences: {numbered}.")


def forget_preference(ctx: ToolContext, text: str) -> ToolResult:
    """Forget a preference the musician names in their words ("forget that I don't like saxophone").

    Matches the stored preferences by the instrument or setting named (a saxophone, the key,
    the tempo, intros) and otherwise by meaning; what matched is forgotten everywhere.
    """
    request = _FORGET_WORDS.sub("", " ".join(text.split())).strip(" .,!")
    if not request:
        raise CowriterError('Say which preference to forget, for example "forget that I don\'t like saxophone".')
    preferences = load_preferences(ctx)
    named = list(preferences.named_by(read_preference(request)))
    texts = [item.text for item in named]
    if not named and ctx.memory is not None:
        close = [m for m in ctx.memory.recall(PROFILE, request, k=3, kinds=["preference"]) if m.distance <= _SAME_MEANING]
        if close:
            texts = [close[0].text]
            named = [item for item in preferences.items if item.text.casefold() == texts[0].casefold()]
    if not texts:
        listed = list_preferences(ctx).summary
        return ToolResult(f'Nothing I keep matches "{request}", so nothing was forgotten. {listed}')
    if named:
        with _changing(ctx) as path:
            _save(path, load_preferences(ctx).without(named))
    if ctx.memory is not None:
        for said in texts:
            ctx.memory.forget(PROFILE, "preference", said)
    does = {item.text: item.does() for item in named}
    forgotten = [f'"{said}"' + (f" ({', '.join(does[said])})" if does.get(said) else "") for said in texts]
    return ToolResult(f"Forgotten: {'; '.join(forgotten)}. It no longer shapes your songs in any project.")


# -- ideas from other projects ------------------------------------------------------------------


def recall_ideas(ctx: ToolContext, query: str) -> ToolResult:
    """Find a section idea from any project ("the chorus we did last week", "the bridge from the other project").

    Searches what every project's versions and decisions were about and answers with the
    project, version number and the section's chords and lyrics; nothing is changed. Use
    borrow_section to bring one into this song.
    """
    if not query.strip():
        raise CowriterError("Say what to look for, for example the chorus we did last week.")
    if ctx.memory is None:
        raise CowriterError("Memory is switched off, so I cannot look through your projects.")
    besides = ctx.project if _OTHER_PROJECT.search(query) else None
    found = ctx.memory.recall_everywhere(query, k=20, kinds=["version", "decision", "lyric"], besides=besides)
    kind = _kind_in(query)
    # One answer per project, best match first, from the newest version the search reached:
    # the idea as it was last worked on (its lyrics are in the later versions).
    found_in: dict[str, list[tuple[Version, int]]] = {}
    for memory in found:
        version = _version_of(ctx, memory)
        index = None if version is None else _section_for(version.song, kind, memory.text)
        if version is not None and index is not None:
            found_in.setdefault(version.project.casefold(), []).append((version, index))
    best = [max(ideas, key=lambda idea: idea[0].number) for ideas in list(found_in.values())[:3]]
    if not best:
        where = "your other projects" if besides else "any project"
        return ToolResult(f'I found nothing like "{query.strip()}" in {where}.')
    return ToolResult(" ".join(_idea(*idea) for idea in best), offers=tuple(_borrowing(ctx, *idea) for idea in best
                                                                            if idea[0].project != ctx.project))


def _borrowing(ctx: ToolContext, version: Version, index: int) -> tuple[str, dict[str, Any]]:
    """The borrow_section call that brings an idea into this song's section of the same kind (or its first)."""
    section = version.song.sections[index]
    head = ctx.store.head(ctx.project)
    into: str = section.kind
    if head is not None and not any(s.kind == section.kind for s in head.song.sections):
        into = head.song.sections[0].label
    return "borrow_section", {"project": version.project, "version": version.number, "section": section.label,
                              "into": into}


def borrow_section(
    ctx: ToolContext, project: ProjectName, version: VersionNumber, section: SectionName, into: SectionName
) -> ToolResult:
    """Copy a section's chords, lyrics and melody from a version of another project into this song's section.

    Use after recall_ideas has found it: "use that chorus here" copies the other project's
    section into every section `into` names (e.g. all choruses), moved into this song's key,
    as a new version that plays.
    """
    source = _other_version(ctx, project, version)
    src_index = source.song.find(section)[0]
    head = current(ctx)
    targets = head.song.find(into)
    if source.song.meta.time_signature != head.song.meta.time_signature:
        raise CowriterError(
            f'"{source.project}" is in {source.song.meta.time_signature} and this song in '
            f"{head.song.meta.time_signature}, so its {source.song.sections[src_index].label} would not fit bar for bar; "
            "change the metre first."
        )
    borrowed = source.song.sections[src_index]
    src_key = source.song.key_of(src_index)
    song = head.song
    for index in targets:
        override = None if src_key == song.meta.key else src_key
        copied = section_with(
            song.sections[index],
            bars=borrowed.bars,
            chords=borrowed.chords,
            lyrics=borrowed.lyrics,
            melody=borrowed.melody,
            key=override,
        )
        song = song.replace_section(index, copied)
    song = song.with_updates()
    home = head.song.key_of(targets[0])
    shift = _shift_between(src_key, home)
    if shift:
        song = keys.modulate(song, targets, shift).song
    labels = ", ".join(head.song.sections[i].label for i in targets)
    if song == head.song:
        verb = "carry" if len(targets) > 1 else "carries"
        return ToolResult(f"{labels} already {verb} that {borrowed.label}, so nothing changed.")
    summary = _borrow_summary(head.song, song, targets, source, borrowed, src_key, shift)
    new, audio = commit_rendered(ctx, song, "borrow_section", summary, targets[0])
    return ToolResult(summary, new, audio=(audio,), changed=True)


def _other_version(ctx: ToolContext, project: str, number: int) -> Version:
    """The version of a named project, or one sentence naming the projects and versions there are."""
    names = {name.casefold(): name for name in ctx.store.projects()}
    name = names.get(" ".join(str(project).split()).casefold())
    if name is None:
        listed = ", ".join(f'"{n}"' for n in names.values()) or "none yet"
        raise CowriterError(f'There is no project called "{project}"; your projects are {listed}.')
    try:
        return ctx.store.by_number(name, number)
    except StoreError as err:
        raise CowriterError(f'In "{name}": {err}') from None


def _version_of(ctx: ToolContext, memory: Memory) -> Version | None:
    """The version a memory speaks of: its meta says so, or its words ("Version 3 (...)"), else the project's head."""
    project = str(memory.meta.get("project") or memory.project)
    number = memory.meta.get("version")
    if not isinstance(number, int):
        match = _VERSION_TEXT.match(memory.text)
        number = int(match.group(1)) if match else None
    try:
        if number is None:
            return ctx.store.head(project)
        return ctx.store.by_number(project, number)
    except (StoreError, ValueError):
        logger.debug("memory %s names no version that is still stored", memory.id)
        return None


def _kind_in(query: str) -> str | None:
    match = _KIND_WORDS.search(query)
    if match is None:
        return None
    word = match.group(1).casefold().replace("prechorus", "pre-chorus")
    kind = {"refrain": "chorus", "hook": "chorus", "middle eight": "bridge"}.get(word, word)
    return kind if kind in SECTION_KINDS else None


def _section_for(song: Song, kind: str | None, said: str) -> int | None:
    """The section an idea is about: of the kind asked for (the one the memory names, if it names one)."""
    named = [i for i, s in enumerate(song.sections) if re.search(rf"\b{re.escape(s.label)}\b", said, re.IGNORECASE)]
    if kind is not None:
        of_kind = [i for i, s in enumerate(song.sections) if s.kind == kind]
        return next((i for i in named if i in of_kind), of_kind[0] if of_kind else None)
    return named[0] if named else None


def _idea(version: Version, index: int) -> str:
    section = version.song.sections[index]
    parts = [f'From "{version.project}", version {version.number}: {section.label}, {section.chord_line()}']
    if section.lyrics:
        parts.append(f'lyrics "{" / ".join(section.lyrics[:4])}"' + (" ..." if len(section.lyrics) > 4 else ""))
    if section.melody:
        parts.append(f"a {len(section.melody)}-note melody")
    return ", ".join(parts) + f" ({section.bars} bars, in {version.song.key_of(index)})."


def _shift_between(source: Key, target: Key) -> int:
    """The smallest move (-5 to +6 semitones) that puts `source`'s scale on `target`'s notes, else tonic onto tonic."""
    wanted = set(scale_pitch_classes(target))
    notes = scale_pitch_classes(source)
    for shift in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6):
        if {(pc + shift) % 12 for pc in notes} == wanted:
            return shift
    move = (note_pc(target.tonic) - note_pc(source.tonic)) % 12
    return move - 12 if move > 6 else move


def _borrow_summary(
    before: Song, after: Song, targets: tuple[int, ...], source: Version, borrowed: Section, src_key: Key, shift: int
) -> str:
    first = after.sections[targets[0]]
    was = before.sections[targets[0]]
    label = borrowed.label
    labels = ", ".join(after.sections[i].label for i in targets)
    moved = [f"chords {first.chord_line()}"]
    if first.bars != was.bars:
        moved.append(f"{was.bars} -> {first.bars} bars")
    if first.lyrics:
        moved.append(f"{len(first.lyrics)} lyric line{'s' if len(first.lyrics) != 1 else ''}")
    if first.melody:
        moved.append(f"a {len(first.melody)}-note melody")
    key_words = ""
    if shift:
        key_words = f", moved from {src_key} into {after.key_of(targets[0])}"
    elif first.key is not None:
        key_words = f", kept in {first.key}"
    verb = "carry" if len(targets) > 1 else "carries"
    return f'{labels} now {verb} {label} from "{source.project}" version {source.number}: {", ".join(moved)}{key_words}.'


def _quoted(texts: list[str]) -> str:
    quoted = [f'"{t}"' for t in texts]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
