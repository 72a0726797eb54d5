"""Hostile song files, built in code: tiny files that describe huge songs, zip bombs and the classic XML attacks.

Each case is (id, file name, bytes, words the refusal must contain). The bytes are built
the way an attacker would: by hand, not through mido or music21, which refuse to write
most of them.
"""

from __future__ import annotations

import functools
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One hostile file and what its refusal must say."""

    id: str
    name: str
    build: Callable[[], bytes]
    says: str  # words the one-line refusal contains, besides the file's name


# -- MIDI, byte by byte ------------------------------------------------------------------------


def vlq(value: int) -> bytes:
    """A MIDI variable-length number."""
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def on(delta: int, pitch: int = 60, channel: int = 0, velocity: int = 90) -> bytes:
    return vlq(delta) + bytes([0x90 | channel, pitch, velocity])


def off(delta: int, pitch: int = 60, channel: int = 0) -> bytes:
    return vlq(delta) + bytes([0x80 | channel, pitch, 0])


def meta(delta: int, kind: int, payload: bytes) -> bytes:
    return vlq(delta) + bytes([0xFF, kind]) + vlq(len(payload)) + payload


END = meta(0, 0x2F, b"")


def track(*events: bytes, end: bool = True) -> bytes:
    body = b"".join(events) + (END if end else b"")
    return b"MTrk" + struct.pack(">I", len(body)) + body


def smf(*tracks: bytes, division: int = 480, kind: int = 1, count: int | None = None) -> bytes:
    header = struct.pack(">hhh", kind, len(tracks) if count is None else count, division)
    return b"MThd" + struct.pack(">I", 6) + header + b"".join(tracks)


def tempo(micros: int) -> bytes:
    return meta(0, 0x51, micros.to_bytes(3, "big"))


def metre(numerator: int, exponent: int) -> bytes:
    return meta(0, 0x58, bytes([numerator, exponent, 24, 8]))


def tune(bars: int = 2, division: int = 480) -> bytes:
    """A plain two-note-a-bar tune: the part of a hostile file that looks normal."""
    return b"".join(on(0, 60 + n % 5) + off(2 * division, 60 + n % 5) for n in range(2 * bars))


def notes_bytes(count: int) -> bytes:
    """`count` short notes with running status: seven bytes each."""
    return b"\x00\x90\x3c\x40" + b"\x01\x3c\x00\x00\x3c\x40" * (count - 1) + b"\x01\x3c\x00"


def held(count: int, bars: int) -> bytes:
    """`count` notes struck together and held for `bars` bars of 4/4."""
    pitches = [40 + n % 60 for n in range(count)]
    return (b"".join(on(0, p, n % 8) for n, p in enumerate(pitches)) + off(bars * 4 * 480 - 1, pitches[0])
            + b"".join(off(0, p, n % 8) for n, p in enumerate(pitches) if n))  # fmt: skip


def midi_cases() -> list[Case]:
    far = 4000 * 96
    return [
        Case("far-away-second-note", "loop.mid", lambda: smf(track(on(0) + off(96) + on(far) + off(96)), division=96),
             "1,001 bars"),
        Case("huge-delta-ticks-per-beat-1", "tick.mid",
             lambda: smf(track(on(0) + off(0x0FFFFFFF)), division=1), "bars"),
        Case("huge-delta-480", "delta.mid", lambda: smf(track(on(0) + off(0x0FFFFFFF))), "bars"),
        Case("note-never-released-track-ends-far-away", "held.mid",
             lambda: smf(track(on(0) + meta(0x0FFFFFFF, 0x01, b"bye"))), "bars"),
        Case("drum-hit-far-away", "drums.mid",
             lambda: smf(track(tune() + on(10**6, 36, 9) + off(1, 36, 9)), division=24), "bars"),
        Case("one-bar-past-the-limit", "long.mid", lambda: smf(track(on(0) + off(513 * 4 * 480 - 1))), "513 bars"),
        Case("slow-and-long", "slow.mid",
             lambda: smf(track(tempo(2_000_000), tune(bars=400))), "minutes"),
        Case("ticks-per-beat-0", "zero.mid", lambda: smf(track(tune()), division=0), "no ticks"),
        Case("smpte-timing", "smpte.mid", lambda: smf(track(tune()), division=-7960), "timecode"),
        Case("time-signature-0-1", "nought.mid", lambda: smf(track(metre(0, 0), tune())), "time signature of 0/1"),
        Case("time-signature-0-4", "nought4.mid", lambda: smf(track(metre(0, 2), tune())), "time signature of 0/4"),
        Case("time-signature-0-huge", "noughtbig.mid", lambda: smf(track(metre(0, 255), tune())), "time signature"),
        Case("tempo-0", "still.mid", lambda: smf(track(tempo(0), tune())), "too fast to count"),
        Case("tempo-60-million-bpm", "fast.mid", lambda: smf(track(tempo(1), tune())), "too fast to count"),
        Case("tempo-600-bpm", "quick.mid", lambda: smf(track(tempo(100_000), tune())), "600 BPM"),
        Case("tempo-3.6-bpm", "glacial.mid", lambda: smf(track(tempo(0xFFFFFF), tune())), "3.6 BPM"),
        Case("tempo-0-late-in-the-song", "stops.mid",
             lambda: smf(track(tempo(500_000), tune(), tempo(0))), "too fast to count"),
        Case("only-zero-length-notes", "ghost.mid",
             lambda: smf(track(*(on(0, p) + off(0, p) for p in range(60, 72)))), "no pitched notes"),
        Case("20k-notes-held-through-512-bars", "pads.mid", lambda: smf(track(held(20_000, 512))), "too dense"),
        Case("10k-markers", "marks.mid",
             lambda: smf(track(*(meta(1, 0x06, b"Verse") for _ in range(10_000)), tune())), "markers"),
        Case("200k-lyric-syllables", "words.mid",
             lambda: smf(track(meta(0, 0x05, b"la") * 200_000, tune())), "syllables"),
        Case("300k-notes", "busy.mid", lambda: smf(track(notes_bytes(300_000))), "100,000 notes"),
        Case("100001-notes", "busier.mid", lambda: smf(track(notes_bytes(100_001))), "100,000 notes"),
        Case("500k-controller-events", "knobs.mid",
             lambda: smf(track(b"\x00\xb0\x07\x64" + b"\x00\x07\x64" * 500_000, tune())), "400,000 events"),
        Case("10k-tracks", "tracks.mid", lambda: smf(*(track(tune(1)) for _ in range(10_000))), "10,000 tracks"),
        Case("65-tracks", "band.mid", lambda: smf(*(track(tune(1)) for _ in range(65))), "65 tracks"),
        Case("header-claims-30k-tracks", "claims.mid", lambda: smf(track(tune()), count=30_000), "30,000 tracks"),
        Case("16-channels-in-each-of-8-tracks", "channels.mid",
             lambda: smf(*(track(*(on(0, 60, c) + off(480, 60, c) for c in range(16))) for _ in range(8))), "parts"),
        Case("overlong-delta", "vlq.mid", lambda: smf(track(b"\xff\xff\xff\xff\xff\x7f\x90\x3c\x40")), "damaged"),
        Case("megabyte-of-delta", "endless.mid", lambda: smf(track(b"\xff" * MB + b"\x00\x90\x3c\x40")), "damaged"),
        Case("meta-longer-than-file", "lies.mid",
             lambda: smf(track(b"\x00\xff\x01" + vlq(0x0FFFFFFF) + b"x", end=False)), "damaged"),
        Case("sysex-longer-than-file", "sysex.mid",
             lambda: smf(track(b"\x00\xf0" + vlq(0x0FFFFFFF) + b"\x7e", end=False)), "damaged"),
        Case("running-status-first", "running.mid", lambda: smf(track(b"\x00\x3c\x40")), "damaged"),
        Case("undefined-status", "status.mid", lambda: smf(track(b"\x00\xf4" + tune())), "damaged"),
        Case("data-byte-over-127", "data.mid", lambda: smf(track(b"\x00\x90\xff\x40")), "damaged"),
        Case("chunk-that-is-not-a-track", "chunk.mid", lambda: smf(b"JUNK\x00\x00\x00\x04abcd"), "damaged"),
        Case("track-longer-than-file", "short.mid",
             lambda: smf(b"MTrk" + struct.pack(">I", 0x7FFFFFFF) + tune()), "damaged"),
        Case("truncated", "cut.mid", lambda: smf(track(tune(bars=8)))[:-20], "damaged"),
        Case("header-only", "head.mid", lambda: smf(), "no pitched notes"),
        Case("header-size-0", "nohead.mid", lambda: b"MThd\x00\x00\x00\x00" + track(tune()), "damaged"),
        Case("random-bytes", "noise.mid", lambda: random.Random(1).randbytes(4096), "damaged"),
        Case("random-bytes-after-header", "noisy.mid",
             lambda: smf(b"MTrk\x00\x00\x10\x00" + random.Random(2).randbytes(4096)), "damaged"),
        Case("empty", "nothing.mid", lambda: b"", "empty"),
        Case("21-mb", "huge.mid", lambda: smf(track(meta(0, 0x01, bytes(21 * MB)))), "21"),
    ]  # fmt: skip


# -- MusicXML, as text -------------------------------------------------------------------------

DOCTYPE = ('<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" '
           '"http://www.musicxml.org/dtds/partwise.dtd">')  # fmt: skip
ATTRIBUTES = "<attributes><divisions>1</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>"
WHOLE = "<note><pitch><step>C</step><octave>4</octave></pitch><duration>4</duration></note>"


def note(duration: str = "4", step: str = "C") -> str:
    return f"<note><pitch><step>{step}</step><octave>4</octave></pitch><duration>{duration}</duration></note>"


def part_list(count: int = 1) -> str:
    return "<part-list>" + "".join(f'<score-part id="P{n}"><part-name>P{n}</part-name></score-part>'
                                   for n in range(1, count + 1)) + "</part-list>"  # fmt: skip


def musicxml(measures: str, *, head: str = DOCTYPE, parts: int = 1, listed: int | None = None,
             attributes: str = ATTRIBUTES, inside: str = "") -> bytes:
    """A partwise score: `parts` copies of one part holding `measures` after the first bar's attributes."""
    part = "".join(f'<part id="P{n}"><measure number="1">{attributes}' + measures.replace("<measure>", "", 1)
                   + "</part>" for n in range(1, parts + 1))  # fmt: skip
    text = (f'<?xml version="1.0" encoding="UTF-8"?>{head}<score-partwise version="4.0">{inside}'
            f"{part_list(parts if listed is None else listed)}{part}</score-partwise>")  # fmt: skip
    return text.encode()


def bars(count: int, body: str = WHOLE) -> str:
    """`count` bars; the first lacks its opening tag, which musicxml() writes with the attributes."""
    return "<measure>" + "</measure><measure>".join(body for _ in range(count)) + "</measure>"


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
          + "]>")  # fmt: skip


def xml_cases() -> list[Case]:
    return [
        Case("10k-bars", "epic.musicxml", lambda: musicxml(bars(10_000)), "512 bars"),
        Case("513-bars", "nearly.musicxml", lambda: musicxml(bars(513)), "512 bars"),
        Case("duration-1e9", "drone.musicxml", lambda: musicxml(bars(1, note("1000000000"))), "512 bars"),
        Case("forward-1e9", "gap.musicxml",
             lambda: musicxml(bars(1, WHOLE + "<forward><duration>1000000000</duration></forward>")), "512 bars"),
        Case("long-in-minutes", "adagio.musicxml",
             lambda: musicxml(bars(400), attributes=ATTRIBUTES + '<sound tempo="25"/>'), "minutes"),
        Case("divisions-1e12", "fine.musicxml",
             lambda: musicxml(bars(2), attributes=ATTRIBUTES.replace(">1<", ">1000000000000<")), "divides its beats"),
        Case("divisions-0", "coarse.musicxml",
             lambda: musicxml(bars(2), attributes=ATTRIBUTES.replace(">1<", ">0<")), "divides its beats into 0"),
        Case("divisions-negative", "minus.musicxml",
             lambda: musicxml(bars(2), attributes=ATTRIBUTES.replace(">1<", ">-4<")), "divides its beats into -4"),
        Case("duration-negative", "backwards.musicxml", lambda: musicxml(bars(2, note("-4"))), "negative length"),
        Case("duration-nan", "nan.musicxml", lambda: musicxml(bars(2, note("NaN"))), "damaged"),
        Case("duration-1e400", "inf.musicxml", lambda: musicxml(bars(2, note("1e400"))), "damaged"),
        Case("duration-words", "words.musicxml", lambda: musicxml(bars(2, note("four"))), "damaged"),
        Case("time-0-0", "none.musicxml",
             lambda: musicxml(bars(2), attributes=ATTRIBUTES.replace(">4<", ">0<")), "time signature of 0/0"),
        Case("time-4-0", "four.musicxml",
             lambda: musicxml(bars(2), attributes=ATTRIBUTES.replace("<beat-type>4", "<beat-type>0")),
             "time signature of 4/0"),
        Case("time-0-4", "zero.musicxml",
             lambda: musicxml(bars(2), attributes=ATTRIBUTES.replace("<beats>4", "<beats>0")), "time signature of 0/4"),
        Case("tempo-0", "still.musicxml",
             lambda: musicxml(bars(2), attributes=ATTRIBUTES + '<sound tempo="0"/>'), "tempo of 0 BPM"),
        Case("tempo-1e9", "fast.musicxml",
             lambda: musicxml(bars(2), attributes=ATTRIBUTES + '<sound tempo="1e9"/>'), "too fast to count"),
        Case("metronome-0", "metronome.musicxml", lambda: musicxml(bars(2), attributes=ATTRIBUTES + (
            '<direction><direction-type><metronome><beat-unit>quarter</beat-unit><per-minute>0</per-minute>'
            "</metronome></direction-type></direction>")), "tempo of 0 BPM"),
        Case("300k-notes", "busy.musicxml",
             lambda: musicxml(bars(1, "<note><rest/><duration>0</duration></note>" * 300_000)), "100,000 notes"),
        Case("10k-parts", "orchestra.musicxml", lambda: musicxml(bars(1), parts=10_000), "64 parts"),
        Case("10k-listed-parts", "listed.musicxml", lambda: musicxml(bars(1), listed=10_000), "64 parts"),
        Case("65-parts", "big band.musicxml", lambda: musicxml(bars(1), parts=65), "64 parts"),
        Case("5-parts-of-2000-bars", "suite.musicxml", lambda: musicxml(bars(2000), parts=5), "512 bars"),
        Case("deep-nesting-100k", "deep.musicxml",
             lambda: musicxml(bars(1), inside="<a>" * 100_000 + "</a>" * 100_000), "levels deep"),
        Case("deep-nesting-33", "deeper.xml", lambda: musicxml(bars(1), inside="<a>" * 32 + "</a>" * 32), "levels deep"),
        Case("2m-empty-elements", "elements.musicxml", lambda: musicxml(bars(1), inside="<a/>" * 2_500_000),
             "2,000,000 elements"),
        Case("billion-laughs", "laughs.musicxml",
             lambda: musicxml(bars(1, note("4") + "<lyric><text>&lol9;</text></lyric>"), head=LAUGHS), "entities"),
        Case("billion-laughs-utf16", "laughs16.xml",
             lambda: musicxml(bars(1), head=LAUGHS).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
             .encode("utf-16"), "entities"),
        Case("quadratic-blowup", "quadratic.musicxml",
             lambda: musicxml(bars(1), head=f'<!DOCTYPE s [<!ENTITY a "{"x" * 100_000}">]>',
                              inside="<credit>" + "&a;" * 100_000 + "</credit>"), "entities"),
        Case("xxe-etc-passwd", "xxe.musicxml",
             lambda: musicxml(bars(1), head='<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                              inside="<work><work-title>&x;</work-title></work>"), "entities"),
        Case("xxe-parameter-entity", "param.musicxml",
             lambda: musicxml(bars(1), head='<!DOCTYPE s [<!ENTITY % p SYSTEM "file:///dev/zero"> %p;]>'), "entities"),
        Case("xxe-network", "remote.musicxml",
             lambda: musicxml(bars(1), head='<!DOCTYPE s [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
                              inside="<work><work-title>&x;</work-title></work>"), "entities"),
        Case("external-dtd-entity-used", "dtd.musicxml",
             lambda: musicxml(bars(1), head='<!DOCTYPE s SYSTEM "file:///dev/zero">',
                              inside="<work><work-title>&x;</work-title></work>"), "damaged"),
        Case("empty-internal-subset", "subset.musicxml", lambda: musicxml(bars(1), head="<!DOCTYPE s []>"), "entities"),
        Case("undeclared-entity", "undeclared.musicxml",
             lambda: musicxml(bars(1), head="", inside="<work><work-title>&x;</work-title></work>"), "damaged"),
        Case("truncated", "cut.musicxml", lambda: musicxml(bars(8))[:-200], "damaged"),
        Case("html", "page.xml", lambda: b"<html><body>not a score</body></html>", "damaged"),
        Case("timewise", "timewise.xml", lambda: b"<score-timewise><measure number='1'/></score-timewise>", "damaged"),
        Case("whitespace", "blank.xml", lambda: b"   \n\t  ", "damaged"),
        Case("random-bytes", "noise.musicxml", lambda: random.Random(3).randbytes(4096), "damaged"),
        Case("empty", "nothing.musicxml", lambda: b"", "empty"),
        Case("no-notes", "silence.musicxml", lambda: musicxml(bars(4, "<note><rest/><duration>4</duration></note>")),
             "no pitched notes"),
        Case("25-mb", "huge.musicxml", lambda: musicxml(bars(1), inside=" " * (25 * MB)), "25"),
    ]  # fmt: skip


# -- .mxl: zips built by hand, so that their directories can lie ---------------------------------

CONTAINER = (b'<?xml version="1.0"?><container><rootfiles><rootfile full-path="score.musicxml"/>'
             b"</rootfiles></container>")  # fmt: skip


@functools.cache
def zeros_deflated(megabytes: int) -> bytes:
    """Raw deflate of `megabytes` MB of zeros, about a thousandth of the size, built in milliseconds.

    After a full flush the compressor starts afresh, so every further megabyte compresses to
    the same bytes: compress two, repeat the second.
    """
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = squeeze.compress(bytes(MB)) + squeeze.flush(zlib.Z_FULL_FLUSH)
    again = squeeze.compress(bytes(MB)) + squeeze.flush(zlib.Z_FULL_FLUSH)
    return first + again * (megabytes - 1) + squeeze.flush()


def zip_of(*members: tuple[str, bytes, int, int], flags: int = 0, method: int = 8) -> bytes:
    """A zip of (name, deflated bytes, crc, size its directory claims) members."""
    body, directory = b"", b""
    for name, packed, crc, claimed in members:
        encoded = name.encode()
        local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, 0, 0, crc, len(packed), claimed,
                            len(encoded), 0)  # fmt: skip
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, method, 0, 0, crc, len(packed),
                                 claimed, len(encoded), 0, 0, 0, 0, 0, len(body)) + encoded  # fmt: skip
        body += local + encoded + packed
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(directory), len(body), 0)
    return body + directory + end


def member(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    return name, squeeze.compress(data) + squeeze.flush(), zlib.crc32(data), len(data)


def wrong_crc(entry: tuple[str, bytes, int, int]) -> tuple[str, bytes, int, int]:
    name, packed, crc, size = entry
    return name, packed, crc ^ 1, size


def bomb(name: str, megabytes: int, claimed: int | None = None) -> tuple[str, bytes, int, int]:
    return name, zeros_deflated(megabytes), 0, megabytes * MB if claimed is None else claimed


def real_mxl(score: bytes) -> bytes:
    """A proper .mxl, as zipfile writes one."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("score.musicxml", score)
    return buffer.getvalue()


def mxl_cases() -> list[Case]:
    container = member("META-INF/container.xml", CONTAINER)
    return [
        Case("member-inflates-to-1gb", "bomb.mxl", lambda: zip_of(container, bomb("score.musicxml", 1024)),
             "unpacks to 1,024 MB"),
        Case("member-claims-1kb-inflates-to-1gb", "liar.mxl",
             lambda: zip_of(container, bomb("score.musicxml", 1024, claimed=1000)), "damaged"),
        Case("member-claims-40mb-inflates-to-1gb", "fibber.mxl",
             lambda: zip_of(container, bomb("score.musicxml", 1024, claimed=40 * MB)), "damaged"),
        Case("100-members-of-64mb", "cluster.mxl",
             lambda: zip_of(container, *(bomb(f"s{n}.musicxml", 64) for n in range(100))), "unpacks to"),
        Case("10k-members", "confetti.mxl",
             lambda: zip_of(container, *(member(f"m{n}.txt", b"x") for n in range(10_000))), "10,001 files"),
        Case("nested-zip-as-score", "nested.mxl",
             lambda: zip_of(container, member("score.musicxml", zip_of(bomb("inner.musicxml", 64)))), "damaged"),
        Case("nested-mxl-member", "matryoshka.mxl",
             lambda: zip_of(container, member("inner.mxl", real_mxl(musicxml(bars(4))))), "damaged"),
        Case("billion-laughs-inside", "laughs.mxl", lambda: real_mxl(musicxml(bars(1), head=LAUGHS)), "entities"),
        Case("xxe-inside", "xxe.mxl", lambda: real_mxl(musicxml(bars(1), head=(
            '<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'), inside="<credit>&x;</credit>")), "entities"),
        Case("10k-bars-inside", "epic.mxl", lambda: real_mxl(musicxml(bars(10_000))), "512 bars"),
        Case("300k-notes-inside", "busy.mxl",
             lambda: real_mxl(musicxml(bars(1, "<note><rest/><duration>0</duration></note>" * 300_000))), "notes"),
        Case("empty-zip", "hollow.mxl", lambda: zip_of(), "damaged"),
        Case("only-container", "container.mxl", lambda: zip_of(container), "damaged"),
        Case("encrypted-member", "locked.mxl",
             lambda: zip_of(member("score.musicxml", musicxml(bars(2))), flags=1), "damaged"),
        Case("unknown-compression", "strange.mxl",
             lambda: zip_of(member("score.musicxml", musicxml(bars(2))), method=99), "damaged"),
        Case("bad-crc", "crc.mxl", lambda: zip_of(wrong_crc(member("score.musicxml", musicxml(bars(2))))), "damaged"),
        Case("truncated", "cut.mxl", lambda: real_mxl(musicxml(bars(8)))[:-60], "damaged"),
        Case("random-bytes", "noise.mxl", lambda: random.Random(4).randbytes(4096), "damaged"),
        Case("zip-slip-names", "slip.mxl",
             lambda: zip_of(member("../../../tmp/evil.musicxml", b"<score-partwise/>"),
                            member("/etc/cron.d/evil.xml", b"x")), "no pitched notes"),
        Case("21-mb", "huge.mxl", lambda: random.Random(5).randbytes(21 * MB), "21"),
    ]  # fmt: skip


CASES: list[Case] = [
    *(Case(f"midi-{c.id}", c.name, c.build, c.says) for c in midi_cases()),
    *(Case(f"musicxml-{c.id}", c.name, c.build, c.says) for c in xml_cases()),
    *(Case(f"mxl-{c.id}", c.name, c.build, c.says) for c in mxl_cases()),
]
