"""The musician opens the lead sheet in MuseScore 3: it engraves, and the words and chords sit where they should."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from music.formats.musicxml import write_musicxml
from music.plan.planner import plan_song
from music.song import Song, section_with
from music.words.melody import write_melody

ARTIFACTS = Path(__file__).parent / "artifacts"
MSCORE = shutil.which("mscore3")

pytestmark = pytest.mark.skipif(
    MSCORE is None, reason="MuseScore 3 (mscore3, Debian package musescore3) is not installed; make setup-test adds it"
)

VERSE = (
    "Leaving the house on a cold grey morning",
    "Nothing to carry but the beautiful road",
    "Mother is standing in the open door",
    "Waving goodbye to the boy she knew",
)
CHORUS = ("I am leaving, leaving home", "Leaving all I ever knew", "Every road will lead me back",
          "To the light I left with you")  # fmt: skip


@pytest.fixture(scope="module")
def sheet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Song, Path, Path]:
    """Verse 1 and Chorus 1 with a tenor melody, exported and engraved by MuseScore (PDF and its own MusicXML)."""
    song = plan_song("a folk song about leaving home, in G major")
    song = song.replace_section(1, section_with(song.sections[1], lyrics=VERSE))
    song = song.replace_section(2, section_with(song.sections[2], lyrics=CHORUS))
    song = write_melody(song, (1, 2), voice="tenor").song.excerpt((1, 2))
    folder = tmp_path_factory.mktemp("musescore")
    source = write_musicxml(song, folder / "leaving-home.musicxml")
    job = folder / "job.json"
    job.write_text(json.dumps([{"in": str(source), "out": [str(folder / "out.pdf"), str(folder / "back.musicxml")]}]))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(folder)}
    done = subprocess.run(
        [str(MSCORE), "-j", str(job)], capture_output=True, text=True, timeout=180, env=env, cwd=folder, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "no instrument found" not in done.stderr, done.stderr[-2000:]
    return song, folder / "out.pdf", folder / "back.musicxml"


def test_musescore_engraves_the_lead_sheet_as_a_pdf(sheet: tuple[Song, Path, Path]) -> None:
    _song, pdf, _back = sheet
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000, "an engraved page with notes, words and chords is more than a few kilobytes"
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed, so page 1 is not saved as a picture")
    ARTIFACTS.mkdir(exist_ok=True)
    stem = pdf.parent / "page"
    subprocess.run([pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                   check=True, timeout=60)  # fmt: skip
    picture = stem.with_suffix(".png")
    assert picture.read_bytes().startswith(b"\x89PNG")
    shutil.copyfile(picture, ARTIFACTS / "leadsheet.png")


def _expected(song: Song) -> tuple[list[tuple[int, float, str]], list[tuple[int, float, str]]]:
    """(measure, beat in measure, text) of every sung syllable and every chord symbol on the sheet."""
    bar = song.meta.beats_per_bar
    words: list[tuple[int, float, str]] = []
    chords: list[tuple[int, float, str]] = []
    first_bar = 0
    for section in song.sections:
        for note in section.melody:
            if note.lyric:
                measure, offset = divmod(note.start, bar)
                words.append((first_bar + int(measure) + 1, offset, note.lyric.rstrip("-")))
        for k, entry in enumerate(section.chords):
            symbols = entry.split()
            chords.extend((first_bar + k + 1, j * bar / len(symbols), s) for j, s in enumerate(symbols))
        first_bar += section.bars
    return words, chords


def test_musescore_reads_every_syllable_under_its_note_and_every_chord_over_its_beat(
    sheet: tuple[Song, Path, Path],
) -> None:
    from music21 import converter, harmony

    song, _pdf, back = sheet
    parsed: Any = converter.parse(back)
    lead = parsed.parts[0]
    sung = [(n.measureNumber, float(n.offset), n.lyrics[0].text) for n in lead.recurse().notes if n.lyrics]
    chords = [(h.measureNumber, float(h.offset), h.figure.replace("-", "b"))
              for h in lead.recurse().getElementsByClass(harmony.ChordSymbol)]  # fmt: skip
    words, symbols = _expected(song)
    assert sung == words
    assert chords == symbols
    assert lead.recurse().getElementsByClass("Clef")[0].octaveChange == -1, "a tenor line reads an octave down"
