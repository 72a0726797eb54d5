"""MusicXML bytes made safe to parse: .mxl unpacked within limits, XML walked once before music21 sees it.

The walk runs on expat and keeps only counts: it refuses entity declarations (the classic XML
attacks: external entities, billion laughs, quadratic blow-up), deep nesting, and scores whose
notes, parts, bars or note lengths go past the limits.
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.parsers import expat

from music.errors import SongError
from music.formats.import_limits import ImportLimits, check_count, check_metre, check_tempo, damaged, over_limit

_MB = 1024 * 1024
_CHUNK = 1024 * 1024
_MAX_MEMBERS = 256  # a score, its container, a few images: a few files, never hundreds
_MAX_DEPTH = 32  # the deepest MusicXML goes about ten levels
_ELEMENTS_PER_NOTE = 20  # a richly marked note takes about fifteen elements
_MAX_DIVISIONS = 1_000_000  # music21 writes 10,080 parts of a beat; finer is not music
_DEFAULT_DIVISIONS = 10_080  # what music21 assumes before a part says
_CAPTURED = frozenset({"duration", "divisions", "beats", "beat-type", "per-minute"})


@dataclass(frozen=True)
class XmlOutline:
    """What the walk learned: enough to size the song before music21 reads it.

    Attributes:
        quarters: Length of the longest part in quarter notes.
        first_metre: (beats, beat type) of the first time signature, if any.
        first_tempo: The first tempo a <sound> element sets, if any.
    """

    quarters: float
    first_metre: tuple[int, int] | None
    first_tempo: float | None


def musicxml_bytes(path: Path, name: str, limits: ImportLimits) -> bytes:
    """The MusicXML text of a .musicxml/.xml file, or of the score packed in an .mxl file.

    An .mxl is unpacked in memory, never onto the disk, and never past the unpacked limit,
    whatever sizes its directory claims.

    Raises:
        SongError: The file is too big, unpacks too big, or is not a zip with a score in it.
    """
    if path.suffix.lower() != ".mxl":
        return path.read_bytes()
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            check_count(name, "members", len(members), _MAX_MEMBERS)
            claimed = sum(info.file_size for info in members)
            if claimed > limits.max_unpacked_mb * _MB:
                raise over_limit(name, "unpacked", round(claimed / _MB, 1), limits.max_unpacked_mb)
            # The score is the first .musicxml or .xml file outside META-INF, as music21 finds it.
            score = next((info for info in members if _is_score(info.filename)), None)
            if score is None:
                raise damaged(name, "MusicXML")
            return _unpacked(archive, score, name, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError):
        raise damaged(name, "MusicXML") from None


def _is_score(member: str) -> bool:
    inside = PurePosixPath(member)
    return "META-INF" not in inside.parts and (inside.suffix.lower() in (".musicxml", ".xml") or inside.name == ".xml")


def _unpacked(archive: zipfile.ZipFile, score: zipfile.ZipInfo, name: str, limits: ImportLimits) -> bytes:
    """The member's bytes, read a chunk at a time and abandoned as soon as they pass the limit."""
    allowed = int(limits.max_unpacked_mb * _MB)
    chunks: list[bytes] = []
    total = 0
    with archive.open(score) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > allowed:
                raise over_limit(name, "unpacked", None, limits.max_unpacked_mb)
            chunks.append(chunk)
    return b"".join(chunks)


def outline_musicxml(data: bytes, name: str, limits: ImportLimits) -> XmlOutline:
    """Walk MusicXML once, refusing it in one sentence where it is hostile or goes past a limit.

    Args:
        data: The XML bytes (already unpacked).
        name: The file's own name, for the sentence.
        limits: What a song file may hold.

    Returns:
        The outline of a score that music21 may now parse safely.

    Raises:
        SongError: The XML declares entities, nests too deep, is not well formed, has impossible
            note lengths, tempos or time signatures, or holds too many notes, parts or bars.
    """
    walk = _Walk(name, limits)
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = walk.doctype
    parser.EntityDeclHandler = walk.entity
    parser.ExternalEntityRefHandler = walk.external
    parser.StartElementHandler = walk.start
    parser.EndElementHandler = walk.end
    parser.CharacterDataHandler = walk.text
    try:
        for at in range(0, len(data), _CHUNK):
            parser.Parse(data[at : at + _CHUNK], False)
        parser.Parse(b"", True)
    except expat.ExpatError:
        raise damaged(name, "MusicXML") from None
    if walk.root is None:
        raise damaged(name, "MusicXML")
    return XmlOutline(walk.longest, walk.metre, walk.tempo)


class _Walk:
    """Expat's callbacks: a depth counter, counts, and where each part's notes reach."""

    def __init__(self, name: str, limits: ImportLimits) -> None:
        self.name, self.limits = name, limits
        self.max_elements = max(100_000, _ELEMENTS_PER_NOTE * limits.max_notes)
        self.depth = self.elements = self.notes = self.parts = self.listed = self.measures = 0
        self.root: str | None = None
        self.captured: list[str] | None = None
        self.stack: list[str] = []
        self.metre: tuple[int, int] | None = None
        self.tempo: float | None = None
        self.beats = ""
        self.divisions = float(_DEFAULT_DIVISIONS)
        self.quarters_per_bar = 4.0
        self.part_length = self.longest = 0.0
        self.at = self.reach = self.onset = 0.0  # position, furthest note end and last onset in the measure
        self.duration: float | None = None
        self.chord = self.grace = False

    def doctype(self, doctype: str, system_id: str | None, public_id: str | None, internal: int) -> None:
        if internal:
            raise self._entities()

    def entity(self, *args: object) -> None:
        raise self._entities()

    def external(self, *args: object) -> int:
        raise self._entities()

    def _entities(self) -> SongError:
        return SongError(f"'{self.name}' declares its own XML entities, which a score never needs, so I do not read it.")

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        self.elements += 1
        if self.depth > _MAX_DEPTH:
            raise SongError(f"'{self.name}' nests its XML more than {_MAX_DEPTH} levels deep, which no score does.")
        self._count("elements", self.elements, self.max_elements)
        parent = self.stack[-1] if self.stack else None
        self.stack.append(tag)
        if self.root is None:
            self.root = tag
        if tag in _CAPTURED:
            self.captured = []
        if tag == "note":
            self.notes += 1
            self._count("notes", self.notes, self.limits.max_notes)
            self.duration, self.chord, self.grace = None, False, False
        elif tag in ("backup", "forward"):
            self.duration = None
        elif tag == "chord" and parent == "note":
            self.chord = True
        elif tag == "grace" and parent == "note":
            self.grace = True
        elif tag == "measure" and parent == "part":
            self.measures += 1
            # One bar more than the limit for a pickup; longer parts are refused as they come.
            self._count("bars", self.measures - 1, self.limits.max_bars)
            self.at = self.reach = self.onset = 0.0
        elif tag == "part" and self.depth == 2:
            self.parts += 1
            self._count("parts", self.parts, self.limits.max_tracks)
            self.measures, self.part_length, self.divisions = 0, 0.0, float(_DEFAULT_DIVISIONS)
        elif tag == "score-part":
            self.listed += 1
            self._count("parts", self.listed, self.limits.max_tracks)
        elif tag == "sound" and "tempo" in attributes:
            self._tempo(attributes["tempo"])

    def text(self, data: str) -> None:
        if self.captured is not None:
            self.captured.append(data)

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.stack.pop()
        text = "".join(self.captured or ()).strip()
        self.captured = None
        if tag == "duration":
            self.duration = self._number(text)
            if self.duration < 0:
                raise SongError(f"'{self.name}' gives a note or rest a negative length, so it is damaged.")
            self.duration /= self.divisions
        elif tag == "divisions":
            self.divisions = self._number(text)
            if not 0 < self.divisions <= _MAX_DIVISIONS:
                shown = text if len(text) <= 12 else "more than a million"
                raise SongError(f"'{self.name}' divides its beats into {shown} parts, which no score does.")
        elif tag == "per-minute" and self._number(text, strict=False) <= 0:
            check_tempo(self.name, 0.0, self.limits)
        elif tag == "beats" and self.metre is None:
            self.beats = text
        elif tag == "beat-type" and self.metre is None:
            self._metre(self.beats, text)
        elif tag == "note" and not self.grace and self.duration is not None:
            if self.chord:
                self._reach(self.onset + self.duration)
            else:
                self.onset = self.at
                self.at += self.duration
                self._reach(self.at)
        elif tag == "backup" and self.duration is not None:
            self.at = max(0.0, self.at - self.duration)
        elif tag == "forward" and self.duration is not None:
            self.at += self.duration
            self._reach(self.at)
        elif tag == "measure":
            self.part_length += self.reach
            self.reach = 0.0

    def _count(self, what: str, found: int, limit: int) -> None:
        """Refuse the file as soon as a count passes its limit (how far past, the walk does not wait to see)."""
        if found > limit:
            raise over_limit(self.name, what, None, limit)

    def _reach(self, position: float) -> None:
        """Note where a note ends; refuse the part as soon as it runs past the bars allowed."""
        self.reach = max(self.reach, position)
        length = self.part_length + self.reach
        self.longest = max(self.longest, length)
        if length > self.limits.max_bars * self.quarters_per_bar + 1e-6:
            raise over_limit(self.name, "bars", None, self.limits.max_bars)

    def _number(self, text: str, *, strict: bool = True) -> float:
        """A finite number the file writes; damage when it is not one (or, not strict, 1.0 for free text)."""
        try:
            value = float(text)
        except ValueError:
            if not strict:
                return 1.0
            raise damaged(self.name, "MusicXML") from None
        if not math.isfinite(value):
            raise damaged(self.name, "MusicXML")
        return value

    def _metre(self, beats: str, beat_type: str) -> None:
        try:
            top = sum(int(part) for part in beats.split("+"))
            bottom = int(beat_type)
        except ValueError:
            return  # music21 reads what it can of an odd time signature; so does the sheet
        check_metre(self.name, top, bottom)
        self.metre = (top, bottom)
        self.quarters_per_bar = 4 * top / bottom

    def _tempo(self, text: str) -> None:
        try:
            bpm = float(text)
        except ValueError:
            return
        check_tempo(self.name, bpm, self.limits)
        if self.tempo is None:
            self.tempo = bpm
