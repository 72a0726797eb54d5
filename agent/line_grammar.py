"""Patterns that hold a small model to one lyric line: a bounded number of words, a chosen end word, banned words.

llama.cpp turns a JSON schema's `pattern` into its sampling grammar, so the model cannot end
the line anywhere but on the chosen word, nor write a banned word on the way there. Only the
regular-expression subset llama.cpp's converter reads is used: classes, plain groups,
alternation, `?` and `{m,n}`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_LETTERS = "abcdefghijklmnopqrstuvwxyz'"
_WORD = re.compile(r"^[a-z][a-z']*$")
# Letters past the first few are left free with a star: a bounded repetition ({0,11}) is
# expanded by llama.cpp into nested rules, and over a large word list the server refuses the
# grammar (and stops). Words glued together are caught by the checks instead.
_TAIL = "[a-z']*"


def word_not(banned: Iterable[str], *, capital: bool = False) -> str:
    """A pattern for one word that neither is nor starts with a banned word.

    "door" banned also bans "doors" and "door's"; "do" and "doom" stay allowed.

    Args:
        banned: Lower-case words.
        capital: Whether the word opens the line, with a capital first letter.

    Returns:
        A regular expression for one word, without anchors.

    Raises:
        ValueError: If a banned word is not plain lower-case letters.
    """
    return _not_in(_trie(banned), capital)


def word_except(words: Iterable[str]) -> str:
    """A pattern for one lower-case word that is none of `words` exactly.

    Unlike `word_not`, longer words through them stay allowed: excluding "in" keeps "into".

    Raises:
        ValueError: If a word is not plain lower-case letters.
    """
    return _except(_trie(words))


def _trie(words: Iterable[str]) -> dict[str, Any]:
    trie: dict[str, Any] = {}
    for word in words:
        if not _WORD.match(word):
            raise ValueError(f"'{word}' is not a plain lower-case word")
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node["$"] = {}
    return trie


def _not_in(node: dict[str, Any], capital: bool) -> str:
    children = {char: child for char, child in node.items() if char != "$"}
    free = [char for char in _LETTERS if char not in children]
    if capital:
        free = [char.upper() for char in free if char != "'"]
    options = ["[" + "".join(free) + "]" + _TAIL] if free else []
    for char, child in sorted(children.items()):
        # A banned word ends here: neither it nor any longer word through it may be written.
        if "$" not in child:
            options.append((char.upper() if capital else char) + "(" + _not_in(child, False) + ")?")
    return "(" + "|".join(options) + ")"


def _except(node: dict[str, Any]) -> str:
    children = {char: child for char, child in node.items() if char != "$"}
    free = [char for char in _LETTERS if char not in children]
    options = ["[" + "".join(free) + "]" + _TAIL] if free else []
    for char, child in sorted(children.items()):
        inner = _except(child)
        # Where an excluded word ends, the word must go on; elsewhere it may stop.
        options.append(f"{char}{inner}" if "$" in child else f"{char}({inner})?")
    return "(" + "|".join(options) + ")"


# Words that cannot stand right before a line's last word when it is a noun: "... by house",
# "... called me home" are a small model running out of room, not English.
BEFORE_A_NOUN_NOT = frozenset(
    """by to in on at of from into with through for over under across like about near onto upon without beyond
    behind beside toward towards as than so me him us them i he she we they it and or but is was are were be am""".split()
)
# And words that cannot stand right before a word like "again" or "tonight".
BEFORE_AN_ADVERB_NOT = frozenset("the a an my your our his her their this that of in on at to by for from with".split())


def line_pattern(end: str, *, words: tuple[int, int], banned: Iterable[str] = (), before_end_not: Iterable[str] = ()) -> str:
    """A pattern for one line: a capitalised first word, more words with a comma now and then, then `end`.

    No comma may come right before `end`: a small model that closes its clause there would
    otherwise be pushed onto the end word as an afterthought ("... my heart, door"). The
    word right before `end` may not be one of `before_end_not` (see BEFORE_A_NOUN_NOT).

    Args:
        end: The word the line must end on, lower case.
        words: The least and most words before `end` (at least 1).
        banned: Words that may not appear before the end; `end` itself is always banned there,
            so the line cannot use its end word twice.
        before_end_not: Words the one word right before `end` may not be (exactly).

    Returns:
        An anchored pattern (`^...$`) for the whole line.

    Raises:
        ValueError: If `end` is not a lower-case word or the word bounds are out of order.
    """
    if not _WORD.match(end):
        raise ValueError(f"'{end}' is not a lower-case word to end a line on")
    low, high = words
    if not 1 <= low <= high:
        raise ValueError(f"a line needs 1 or more words before its end word, not {low} to {high}")
    ban = sorted({end, *banned})
    first = word_not(ban, capital=True)
    rest = word_not(ban)
    if not before_end_not:
        return f"^{first}(,? {rest}){{{low - 1},{high - 1}}} {end}$"
    # The last word before the end is held on its own, so the others' count drops by one.
    last = word_except(sorted({*before_end_not, end}))
    if low == 1:
        return f"^({first}|{first}(,? {rest}){{0,{high - 2}}},? {last}) {end}$"
    return f"^{first}(,? {rest}){{{low - 2},{high - 2}}},? {last} {end}$"


def line_schema(pattern: str | None = None) -> dict[str, Any]:
    """The JSON schema of a one-line answer.

    With a pattern, the answer is a bare JSON string held to it: every token the model
    writes costs a pass of the grammar over the whole vocabulary, so no wrapper is spent on.
    Without one it is {"line": "..."}, the object strict OpenAI schemas need at the top.
    """
    if pattern:
        return {"type": "string", "pattern": pattern}
    line = {"type": "string"}
    return {"type": "object", "properties": {"line": line}, "required": ["line"], "additionalProperties": False}
