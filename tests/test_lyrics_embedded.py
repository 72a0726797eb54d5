"""Lyrics from the real embedded model (SmolLM2-135M served by llama.cpp): real lines that meet their targets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from agent.end_words import is_avoided
from agent.llm import make_chat_model
from agent.llm_server import EmbeddedServer, find_gguf
from agent.lyric_checks import line_problem, unreal_word
from agent.lyrics import LyricDraft, draft_lyrics
from agent.settings import Settings
from music.words.lyric_craft import end_word, rhyme_scheme, rhymes_kept, scheme_for, syllable_counts
from music.words.rhyme_sounds import rhyme_kind

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with EmbeddedServer(find_gguf(None), threads=Settings().llm_threads, log_dir=tmp_path_factory.mktemp("llm-logs")) as server:
        yield make_chat_model(Settings(llm_timeout=300), base_url=server.base_url)


def draft(model: Any, **overrides: Any) -> LyricDraft:
    arguments: dict[str, Any] = {
        "section_label": "Verse 1", "kind": "verse", "subject": "the last ferry home", "mood": "wistful",
        "n_lines": 4, "syllables_per_line": 8, "other_lyrics": "", "json_mode": "llama_cpp",
    }  # fmt: skip
    arguments.update(overrides)
    return draft_lyrics(model, **arguments)


def assert_real_lines(result: LyricDraft, kind: str, target: int) -> None:
    assert result.source == "model" and len(result.lines) == 4, result.note
    counts = syllable_counts(list(result.lines))
    # Every line is a sung line of real words, no more than two syllables off; most are within one.
    assert all(line_problem(line) is None and unreal_word(line) is None for line in result.lines), result.lines
    assert all(abs(count - target) <= 2 for count in counts), (counts, result.lines)
    assert sum(abs(count - target) <= 1 for count in counts) >= 3, (counts, result.lines)
    assert all(rhymes_kept(list(result.lines), scheme_for(kind, 4))), rhyme_scheme(list(result.lines)).describe()
    assert len({line.lower() for line in result.lines}) == 4


def test_a_verse_and_a_chorus_are_real_lines_on_target(model: Any) -> None:
    verse = draft(model)
    assert_real_lines(verse, "verse", 8)
    chorus = draft(model, section_label="Chorus", kind="chorus", syllables_per_line=6,
                   other_lyrics="\n".join(verse.lines))
    assert_real_lines(chorus, "chorus", 6)
    assert not {line.lower() for line in verse.lines} & {line.lower() for line in chorus.lines}
    assert not {end_word(line) for line in verse.lines} & {end_word(line) for line in chorus.lines}


def test_avoided_words_never_appear(model: Any) -> None:
    result = draft(model, subject="a fire on the beach at night", avoid=["fire", "night", "heart"])
    assert_real_lines(result, "verse", 8)
    words = [word for line in result.lines for word in re.findall(r"[A-Za-z']+", line)]
    assert not [word for word in words if is_avoided(word, {"fire", "night", "heart"})], result.lines


def test_one_line_is_rewritten_and_still_rhymes(model: Any) -> None:
    present = ("The ferry leaves at ten tonight", "My bag is heavy on my arm",
               "I watch the harbour lose its light", "The engines rumble like a farm")  # fmt: skip
    result = draft(model, keep=present, redraft=3, other_lyrics=present[2])
    assert result.source == "model", result.note
    assert [result.lines[k] for k in (0, 1, 3)] == [present[k] for k in (0, 1, 3)]
    assert result.lines[2] != present[2] and unreal_word(result.lines[2]) is None
    assert rhyme_kind(end_word(present[0]), end_word(result.lines[2])) in ("perfect", "slant")


def test_an_image_asked_for_is_in_the_lines(model: Any) -> None:
    result = draft(model, subject="leaving home", mood="hopeful", image="train")
    assert result.source == "model", result.note
    assert any(end_word(line) == "train" for line in result.lines), result.lines
