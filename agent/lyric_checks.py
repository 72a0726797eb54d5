"""What counts as a lyric line: cleaning a model's lines and checking them (count, length, no chords or labels)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError, ValidationInfo, field_validator, model_validator

MIN_WORDS = 2
MAX_WORDS = 14
MAX_LINES = 32

_NUMBERING = re.compile(r"^\s*(?:(?:line\s*)?\d{1,2}\s*[.):\-]\s*|[-*•]\s+)", re.IGNORECASE)
_QUOTES = "\"'“”‘’`«»"
_DOUBLE_QUOTES = '"“”»'
_LABEL_WORDS = r"intro|verse|pre-chorus|prechorus|chorus|bridge|solo|outro|hook|refrain|instrumental"
_LABEL_LINE = re.compile(rf"^[\[(]?\s*(?:{_LABEL_WORDS})\s*\d*\s*[\])]?\s*:?\s*$", re.IGNORECASE)
_LABEL_PREFIX = re.compile(
    rf"^[\[(]\s*(?:{_LABEL_WORDS})\b"
    rf"|^(?:{_LABEL_WORDS}|mood|subject|title|lines?)\s*(?:[:\-–]|(?:\d+|[ivx]+)\b)",
    re.IGNORECASE,
)
_CHORD = re.compile(r"^[A-G](?:#|b)?(?:m|maj|min|dim|aug|sus[24]?|add)?\d{0,2}(?:/[A-G](?:#|b)?)?$")
# A chord token that is never an English word: it carries a digit, a sharp, a slash or a flat.
_STRONG_CHORD = re.compile(r"^[A-G](?:#|b|m?\d|.*\d|.*/)")
_ORDINALS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|next|last|final|another|\d+(?:st|nd|rd|th)?"
)
_PLACEHOLDER = re.compile(
    rf"^(?:the\s+)?(?:(?:{_ORDINALS})\s+line|line\s+(?:{_ORDINALS}|one|two|three|four))[.!]?$", re.IGNORECASE
)
_NOT_SUNG = re.compile(r"[{}<>#@%=\\_]|https?:|\bjson\b", re.IGNORECASE)
_BRACKETED_CHORD = re.compile(r"\[[A-G][^\]\s]{0,8}\]")


def clean_line(line: str) -> str:
    """Strip what is not sung from a line: surrounding quotes, list numbering and bullets, stray spaces.

    Args:
        line: One line as the model wrote it.

    Returns:
        The line as it would be printed on a lyric sheet.
    """
    text = " ".join(str(line).split())
    for _ in range(2):
        text = _NUMBERING.sub("", text).strip().rstrip(",;").strip()
        if text and text[0] in _QUOTES:
            text = text[1:].strip()
            if text and text[-1] in _QUOTES:
                text = text[:-1].strip()
        # A trailing apostrophe alone may be sung ("rollin'"); only a double quote is dropped.
        elif text and text[-1] in _DOUBLE_QUOTES:
            text = text[:-1].strip()
    return text


def sung_words(line: str) -> list[str]:
    """The words of a line, leaving out tokens with no letter in them (dashes, numbers).

    Args:
        line: A lyric line.

    Returns:
        The tokens that hold at least one letter.
    """
    return [token for token in line.split() if any(char.isalpha() for char in token)]


def _has_chords(line: str) -> bool:
    if _BRACKETED_CHORD.search(line):
        return True
    tokens = [token.strip(".,;:!?()[]|") for token in line.split()]
    chords = [token for token in tokens if token != "A" and _CHORD.match(token)]
    # "A", "Am" and "Em" can be words, so one plain-looking symbol alone is not enough.
    return any(_STRONG_CHORD.match(token) for token in chords) or len(chords) >= 2 or "|" in line


def line_problem(line: str) -> str | None:
    """What keeps one cleaned line from being a lyric, if anything.

    Args:
        line: A line after `clean_line`.

    Returns:
        A short description of the problem, fit to show the model, or None for a good line.
    """
    if not line:
        return "a line is empty"
    if _PLACEHOLDER.match(line):
        return f"'{line}' is a placeholder; write the words of the song"
    if _LABEL_LINE.match(line) or _LABEL_PREFIX.match(line):
        return f"'{line}' holds a section name; write only the sung words"
    if _NOT_SUNG.search(line):
        return f"'{line}' holds symbols or notes that are not sung; write only the sung words"
    if _has_chords(line):
        return f"'{line}' holds chord names; write only the sung words"
    count = len(sung_words(line))
    if count < MIN_WORDS or count > MAX_WORDS:
        return f"'{line}' has {count} words; each line needs {MIN_WORDS} to {MAX_WORDS}"
    return None


def normalise(line: str) -> str:
    """A line reduced to lower-case letters, digits and spaces, for spotting repeats.

    Args:
        line: A lyric line.

    Returns:
        The comparable form of the line.
    """
    return re.sub(r"[^a-z0-9 ]", "", line.lower()).strip()


class LyricLines(BaseModel):
    """The model's answer: {"lines": [...]}.

    Validation context, all optional: `n`, the exact number of lines wanted; `taken`,
    normalised lines that must not be reused (the song's other lyrics); `instructions`,
    the normalised request text, which a line must not echo.
    """

    lines: list[str]

    @field_validator("lines")
    @classmethod
    def _each_line_is_sung(cls, value: list[str]) -> list[str]:
        cleaned = [clean_line(line) for line in value]
        problems = [problem for line in cleaned if (problem := line_problem(line))]
        if problems:
            raise ValueError("; ".join(problems[:3]))
        return cleaned

    @model_validator(mode="after")
    def _exact_and_distinct(self, info: ValidationInfo) -> LyricLines:
        wanted = (info.context or {}).get("n")
        if wanted is not None and len(self.lines) != wanted:
            raise ValueError(f"there are {len(self.lines)} lines but exactly {wanted} are needed")
        taken = set((info.context or {}).get("taken", ()))
        instructions = (info.context or {}).get("instructions", "")
        seen: set[str] = set()
        for line in self.lines:
            key = normalise(line)
            if key in seen:
                raise ValueError(f"the line '{line}' appears twice; every line must be different")
            if key in taken:
                raise ValueError(f"the line '{line}' is already in the song; write new lines")
            # Small models copy the request back; a line of three words or more found in it is an echo.
            if instructions and len(key.split()) >= 3 and f" {key} " in f" {instructions} ":
                raise ValueError(f"the line '{line}' repeats the instructions; write lyrics about the subject")
            seen.add(key)
        return self


def parse_lines(text: str, n_lines: int, *, taken: Iterable[str] = (), instructions: str = "") -> tuple[str, ...]:
    """Read and check a model's JSON answer.

    Args:
        text: The reply; the JSON object may sit inside a code fence or prose.
        n_lines: How many lines are needed.
        taken: Lines already in the song, which must not come back.
        instructions: The request's fixed wording, which lines must not echo.

    Returns:
        The cleaned lines.

    Raises:
        ValueError: With a plain description of what is wrong, fit to show the model.
    """
    data = _json_object(text)
    try:
        context = {"n": n_lines, "taken": {normalise(line) for line in taken}, "instructions": normalise(instructions)}
        return tuple(LyricLines.model_validate(data, context=context).lines)
    except ValidationError as error:
        messages = []
        for item in error.errors():
            message = str(item["msg"]).removeprefix("Value error, ")
            if item["type"] in {"missing", "list_type", "string_type", "model_type"}:
                where = ".".join(str(part) for part in item["loc"]) or "the answer"
                message = f'{where}: {message.lower()}; the answer must be {{"lines": [...]}} with text lines'
            messages.append(message)
        raise ValueError("; ".join(messages[:3])) from error


def parse_line(text: str) -> str:
    """Read one line from a model's answer: {"line": "..."}, or the first line of plain text.

    Args:
        text: The reply.

    Returns:
        The line, cleaned as it would be printed.

    Raises:
        ValueError: If the answer holds no line.
    """
    start, end = text.find("{"), text.rfind("}")
    if start >= 0 and end > start:
        try:
            data = json.loads(text[start : end + 1], strict=False)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            value = data.get("line")
            if not isinstance(value, str):
                listed = data.get("lines")
                value = listed[0] if isinstance(listed, list) and listed and isinstance(listed[0], str) else None
            if value is None:
                raise ValueError('the answer has no "line"')
            return clean_line(value)
    first = next((row for row in text.splitlines() if row.strip()), "")
    if not first or "{" in first:
        raise ValueError("the answer holds no line")
    return clean_line(first)


def _json_object(text: str) -> Any:
    """The JSON object in a model's answer (inside a code fence or prose), or ValueError to show the model."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise ValueError('the answer is not JSON; answer with {"lines": [...]} only')
    try:
        # strict=False: small models put raw newlines inside strings; clean_line folds them.
        return json.loads(text[start : end + 1], strict=False)
    except json.JSONDecodeError as error:
        raise ValueError(f'the JSON cannot be read ({error.msg}); answer with {{"lines": [...]}} only') from error


def parse_list(text: str) -> list[str]:
    """Read the lines of a whole-section answer, {"lines": [...]}, each cleaned, without judging them.

    Raises:
        ValueError: If there is no readable list of text lines.
    """
    data = _json_object(text)
    lines = data.get("lines") if isinstance(data, dict) else None
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise ValueError('the answer must be {"lines": [...]} with text lines')
    return [clean_line(line) for line in lines]


def unreal_word(line: str) -> str | None:
    """The first word of a line that is no English word (a small model gluing words together), if any.

    A word counts as real when the pronouncing dictionary knows it or it is in common use.
    """
    import pronouncing
    from wordfreq import zipf_frequency

    for token in sung_words(line):
        word = re.sub(r"[^a-z']", "", token.lower()).strip("'")
        if not word:
            continue
        if word.count("'") > 1:
            return token  # "on'em's": contractions piled up by a model, not a sung word
        # A sung contraction ("rollin'") is the dictionary's "rolling".
        sung = word + "g" if token.lower().rstrip(".,;:!?\"").endswith("in'") else word
        base = sung[:-2] if sung.endswith("'s") else sung
        if not (pronouncing.phones_for_word(base) or zipf_frequency(base, "en") >= 2.5):
            return token
    return None
