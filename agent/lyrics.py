"""Lyric drafting that a weak model cannot break: JSON asked, validated, retried, else a plain fallback."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from agent.llm import JsonMode, call_llm
from agent.llm_server import LLMUnavailable
from agent.lyric_checks import MAX_LINES, line_problem, normalise, parse_lines, sung_words
from prompts import load_prompt

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import BaseMessage

logger = logging.getLogger(__name__)

_OTHER_LYRICS_CHARS = 1200
# Letters and light punctuation only; the length cap is roomy so few lines are cut short.
_LINE_PATTERN = r"^[A-Za-z][A-Za-z' ,.!?-]{6,79}$"


@dataclass(frozen=True)
class LyricDraft:
    """A section's lyric draft and how it was made.

    Attributes:
        lines: Exactly the number of lines asked for.
        source: "model" when the language model's draft passed every check, else "fallback".
        attempts_used: How many times the model was asked (0 when it was never reached).
        note: Why the fallback was used, in one sentence; empty for a model draft.
    """

    lines: tuple[str, ...]
    source: Literal["model", "fallback"]
    attempts_used: int
    note: str = ""


def _schema(n_lines: int, json_mode: JsonMode) -> dict[str, Any]:
    lines: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
    if json_mode == "llama_cpp":
        # llama.cpp turns these bounds into its grammar, so even a tiny model writes n items.
        lines.update(minItems=n_lines, maxItems=n_lines)
        lines["items"] = {"type": "string", "pattern": _LINE_PATTERN}
    return {"type": "object", "properties": {"lines": lines}, "required": ["lines"], "additionalProperties": False}


def _bound(model: BaseChatModel, n_lines: int, json_mode: JsonMode) -> Any:
    # A cap on the reply keeps a rambling model from holding the turn for long.
    max_tokens = 24 * n_lines + 40
    if json_mode == "llama_cpp":
        schema = _schema(n_lines, json_mode)
        return model.bind(response_format={"type": "json_object", "schema": schema}, max_tokens=max_tokens)
    if json_mode == "openai":
        strict = {"name": "lyric_lines", "strict": True, "schema": _schema(n_lines, json_mode)}
        return model.bind(response_format={"type": "json_schema", "json_schema": strict}, max_tokens=max_tokens)
    return model.bind(max_tokens=max_tokens)


def draft_lyrics(
    model: BaseChatModel,
    *,
    section_label: str,
    kind: str,
    subject: str,
    mood: str,
    n_lines: int,
    syllables_per_line: int | None,
    other_lyrics: str,
    attempts: int = 3,
    json_mode: JsonMode = "llama_cpp",
) -> LyricDraft:
    """Draft exactly `n_lines` lines for one section, from the model if it manages, else from the fallback.

    Each reply is checked (exact count, 2 to 14 words a line, no repeats, no chord or
    section names); a failed check is told to the model, which tries again, up to
    `attempts` times. An unreachable model goes straight to the fallback.

    Args:
        model: The chat model.
        section_label: The section's label, e.g. "Chorus 2".
        kind: The section kind, e.g. "chorus".
        subject: What the song is about.
        mood: The mood to write in.
        n_lines: How many lines, 1 to 32.
        syllables_per_line: A target length, or None for natural lengths.
        other_lyrics: The song's other lyrics, for consistency (may be empty).
        attempts: How many times to ask the model, at least 1.
        json_mode: "llama_cpp" for llama.cpp's schema-constrained JSON, "openai" for a
            strict JSON schema, "none" to ask in words only.

    Returns:
        The draft, saying which path made it.

    Raises:
        ValueError: If `n_lines`, `attempts`, `syllables_per_line` or `json_mode` is out of range.
    """
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    if not 1 <= n_lines <= MAX_LINES:
        raise ValueError(f"a section takes 1 to {MAX_LINES} lyric lines, not {n_lines}")
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    if syllables_per_line is not None and not 1 <= syllables_per_line <= 30:
        raise ValueError(f"{syllables_per_line} syllables is not a line length; use 1 to 30 or leave it empty")
    if json_mode not in ("llama_cpp", "openai", "none"):
        raise ValueError(f"json_mode must be 'llama_cpp', 'openai' or 'none', not {json_mode!r}")

    syllables = (
        f"about {syllables_per_line} syllables per line" if syllables_per_line else "natural, singable line lengths"
    )
    others = other_lyrics.strip()[-_OTHER_LYRICS_CHARS:] or "(none yet)"
    messages: list[BaseMessage] = [
        SystemMessage("You are a lyricist. You answer with JSON only."),
        HumanMessage(
            load_prompt(
                "lyrics",
                section_label=section_label,
                kind=kind,
                subject=subject.strip() or "the song's own story",
                mood=mood.strip() or "honest",
                n_lines=str(n_lines),
                syllables=syllables,
                other_lyrics=others,
            )
        ),
    ]
    # The fixed wording alone, so an echoed instruction is caught but a line on the subject is not.
    instructions = load_prompt(
        "lyrics", section_label="", kind="", subject="", mood="", n_lines="", syllables="", other_lyrics=""
    )
    taken = [line for line in other_lyrics.splitlines() if line.strip()]
    runnable = _bound(model, n_lines, json_mode)
    note = ""
    used = 0
    for attempt in range(1, attempts + 1):
        used = attempt
        try:
            reply = call_llm(runnable, messages)
        except LLMUnavailable as error:
            logger.warning("Lyric drafting falls back: %s", error)
            note = str(error)
            used = attempt - 1
            break
        text = reply.text if isinstance(reply.text, str) else str(reply.content)
        try:
            lines = parse_lines(text, n_lines, taken=taken, instructions=instructions)
        except ValueError as error:
            logger.info("Lyric draft %d of %d rejected: %s", attempt, attempts, error)
            note = "None of the model's drafts passed the lyric checks, so these are placeholder lines."
            messages += [
                AIMessage(text or ""),
                HumanMessage(load_prompt("lyrics_retry", problems=f"{error}.", n_lines=str(n_lines))),
            ]
            continue
        return LyricDraft(lines=lines, source="model", attempts_used=attempt)
    lines = fallback_lines(
        section_label=section_label, subject=subject, mood=mood, n_lines=n_lines, syllables_per_line=syllables_per_line
    )
    return LyricDraft(lines=lines, source="fallback", attempts_used=used, note=note)


# The fallback is a placeholder a musician will rewrite: plain images, the subject and the mood.
_IMAGES = (
    "streetlights on the wet road", "a radio low in the kitchen", "headlights fading down the hill",
    "coffee going cold", "the last train out of town", "an open window in July",
    "footsteps on the stair", "a photograph in a drawer", "the porch light left on",
    "rain against the glass", "a map with folded corners", "smoke above the rooftops",
    "a key beneath the mat", "the river under the bridge", "a song through the wall",
    "dust in the morning light", "the clock above the door", "tyres on the gravel",
    "a candle burning low", "the sea behind the dunes", "a jacket on the chair",
    "the hum of the motorway", "frost on the windscreen", "a bell across the field",
)  # fmt: skip
_FRAMES = (
    "{Image}, and I think of {subject}",
    "Everything feels {mood} tonight",
    "{Image} and {subject}",
    "I keep coming back to {subject}",
    "{Image}, {mood} and slow",
    "Tell me what is left of {subject}",
    "Still {mood}, still here",
    "{Image}, and that says it all",
    "We were {mood} in {image}",
    "Hold on to {subject}",
    "{Image}, I hear you call",
    "And I am {mood} again",
)  # fmt: skip
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _syllables(line: str) -> int:
    total = 0
    for word in sung_words(line.lower()):
        groups = len(_VOWEL_GROUPS.findall(word))
        if word.endswith("e") and not word.endswith(("le", "ee")) and groups > 1:
            groups -= 1
        total += max(1, groups)
    return total


_DANGLING = {"the", "a", "an", "to", "of", "with", "in", "on", "at", "for", "and", "or", "my", "our", "your", "from"}


def _subject_phrase(subject: str) -> str:
    words = re.sub(r"[^\w\s'-]", " ", subject).lower().split()[:5]
    # A phrase cut short must not end on "to the".
    while words and words[-1] in _DANGLING:
        words.pop()
    return " ".join(words) or "the way we were"


def _mood_word(mood: str) -> str:
    words = re.sub(r"[^\w\s'-]", " ", mood).split()
    return words[0].lower() if words else "quiet"


def fallback_lines(
    *, section_label: str, subject: str, mood: str, n_lines: int, syllables_per_line: int | None = None
) -> tuple[str, ...]:
    """Write plain placeholder lines from the subject, the mood and a small stock of images.

    The same arguments always give the same lines; lines differ from each other, keep to
    2 to 14 words and lean towards the syllable target when one is given.

    Args:
        section_label: The section's label, which varies the choice between sections.
        subject: What the song is about.
        mood: The mood word to use.
        n_lines: How many lines, 1 to 32.
        syllables_per_line: A target length, or None.

    Returns:
        Exactly `n_lines` distinct lines.

    Raises:
        ValueError: If `n_lines` is out of range.
    """
    if not 1 <= n_lines <= MAX_LINES:
        raise ValueError(f"a section takes 1 to {MAX_LINES} lyric lines, not {n_lines}")
    seed = hashlib.sha256(f"{section_label}|{subject}|{mood}".lower().encode()).digest()
    slots = {"subject": _subject_phrase(subject), "mood": _mood_word(mood)}
    lines: list[str] = []
    seen: set[str] = set()
    frames_used: set[int] = set()
    for index in range(n_lines):
        candidates: list[tuple[int, str]] = []
        for offset in range(len(_FRAMES)):
            frame = (seed[0] + index * 5 + offset) % len(_FRAMES)
            image = _IMAGES[(seed[1] + index * 7 + offset * 11) % len(_IMAGES)]
            line = _FRAMES[frame].format(Image=image[0].upper() + image[1:], image=image, **slots)
            line = line[0].upper() + line[1:]
            if normalise(line) not in seen and line_problem(line) is None:
                candidates.append((frame, line))
        # Each frame once before any comes back, so a short section never repeats a shape.
        fresh = [candidate for candidate in candidates if candidate[0] not in frames_used] or candidates
        if not fresh:
            fresh = [(-1, f"{_IMAGES[(seed[2] + index) % len(_IMAGES)].capitalize()}, line {index + 1}")]
        if syllables_per_line:
            target = syllables_per_line
            frame, best = min(fresh[:6], key=lambda candidate: abs(_syllables(candidate[1]) - target))
        else:
            frame, best = fresh[0]
        lines.append(best)
        seen.add(normalise(best))
        frames_used.add(frame)
        if len(frames_used) == len(_FRAMES):
            frames_used.clear()
    return tuple(lines)
