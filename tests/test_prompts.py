"""The prompts the agent is given: shipped as Markdown, filled slot by slot, never half-filled."""

from __future__ import annotations

import pytest

from music.errors import CowriterError
from prompts import PromptError, available_prompts, load_prompt, prompt_slots

LYRIC_SLOTS = {
    "section_label": "Chorus 2",
    "kind": "chorus",
    "subject": "the last ferry home",
    "mood": "wistful",
    "n_lines": "4",
    "syllables": "about 8 syllables per line",
    "other_lyrics": "Salt on the railings",
}


def test_every_shipped_prompt_is_there() -> None:
    assert {"system", "lyrics", "lyrics_retry"} <= set(available_prompts())


def test_the_system_prompt_carries_the_sheet_and_what_is_remembered() -> None:
    text = load_prompt("system", sheet="Verse | Chorus in A minor at 92 BPM", memories="- no saxophone")
    assert "A minor at 92 BPM" in text
    assert "no saxophone" in text
    assert "$" not in text
    # Who cowriter is: the musician's taste first, brief, musical, honest about tools.
    lowered = text.lower()
    assert "taste" in lowered and "briefly" in lowered and "never invent" in lowered


def test_the_lyric_prompt_asks_for_exactly_n_lines_as_json() -> None:
    text = load_prompt("lyrics", **LYRIC_SLOTS)
    assert "exactly 4 lines" in text
    assert '"lines"' in text and "JSON" in text
    for value in LYRIC_SLOTS.values():
        assert value in text


def test_json_braces_and_dollars_are_left_alone() -> None:
    # Braces in the Markdown are literal: no slot syntax collides with a JSON example.
    assert '{"lines": [...]}' in load_prompt("lyrics_retry", problems="two lines are the same.", n_lines="4")
    assert "$5" in load_prompt("lyrics_retry", problems="the $5 line is too long.", n_lines="4")


def test_a_missing_slot_is_named_in_one_sentence() -> None:
    with pytest.raises(PromptError) as caught:
        load_prompt("system", sheet="Verse | Chorus")
    message = str(caught.value)
    assert message == "The prompt 'system' needs a value for 'memories'."
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, CowriterError)


def test_an_unknown_slot_is_refused() -> None:
    with pytest.raises(PromptError, match="has no slot called 'tempo'"):
        load_prompt("system", sheet="x", memories="y", tempo="92")


@pytest.mark.parametrize("name", ["nonexistent", "../pyproject", "System"], ids=["unknown", "path", "capitals"])
def test_a_prompt_that_does_not_exist_is_refused(name: str) -> None:
    with pytest.raises(PromptError):
        load_prompt(name)


def test_slots_are_listed_for_callers() -> None:
    assert prompt_slots("system") == {"sheet", "memories"}
    assert prompt_slots("lyrics") == set(LYRIC_SLOTS)
    assert prompt_slots("lyrics_retry") == {"problems", "n_lines"}
