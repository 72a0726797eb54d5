"""What kind of thing a clause does: asks a question, asks for a change, tells to leave something alone, or chats.

Read from the shape of the sentence, not its topic: "is the bridge too dark?" asks, "can the
bridge be darker?" requests, "don't touch the bridge" forbids. A question never edits.
"""

from __future__ import annotations

import re
from typing import Literal

Act = Literal["question", "request", "leave"]

_POLITE = re.compile(
    r"^(?:(?:can|could|would|will|wud|cud)\s+(?:you|u|ya|we|it|they|the|this|that|those|these|my|our|all|every|i)\b|"
    r"(?:can|could|may)\s+i\s+(?:have|get|hear|see|grab)\b|how\s+about\b|what\s+about\b|what\s+if\b|"
    r"why\s+(?:don't|dont|not)\b|is\s+it\s+possible\b|would\s+it\s+be\s+possible\b|do\s+you\s+mind\b|"
    r"(?:should|shall)\s+we\b|any\s+chance\b|what\s+would\s+(?:it|this|that|the\s+song)\s+sound\s+like\s+(?:as|in|with)\b|"
    r"(?:can|could)\s+\w+(?:\s+\w+)?\s+(?:be|sound|feel|get|go|have|shine|hit|use|resolve|land|breathe)\b)",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"^(?:what|what's|whats|which|who|who's|whose|whom|when|where|why|how|how's|hows|is|are|was|were|am|do|does|did|"
    r"(?:has|have|had)(?=\s+(?:you|we|i|they|it|there|the\s+\w+\s+(?:been|changed|got)))|isn't|aren't|doesn't|"
    r"didn't|should|shall|remind\s+me|tell\s+me|any\s+ideas?)\b",
    re.IGNORECASE,
)
_LEAVE = re.compile(
    r"^(?:(?:no|nah|nope|ok|okay|and|but|please|pls|just)[\s,]+)*"
    r"(?:(?:don't|dont|do\s+not|never|pls\s+don't|please\s+don't|let's\s+not|lets\s+not|no\s+need\s+to)\s+"
    r"(?:\w+\s+)?(?:touch|change|edit|alter|modify|mess\s+with|move|redo|rework|tweak|fiddle\s+with|do\s+anything)\b|"
    r"leave\b.*\b(?:alone|as\s+(?:it\s+)?is|as\s+they\s+are|be|exactly|like\s+(?:that|this|it\s+is)|where\s+it\s+is)\b|"
    r"keep\b.*\b(?:as\s+(?:it\s+)?is|the\s+same|like\s+(?:that|this)|exactly|unchanged|intact|in\s+[a-g])\b|"
    r"hands\s+off\b|leave\s+(?:it|that|them|this)(?:\s+be)?\s*[.!]*$)",
    re.IGNORECASE,
)
# "don't double the last chorus": a change forbidden is no change asked for; "never use a saxophone" is a preference.
_FORBIDDEN = re.compile(
    r"^(?:(?:no|nah|ok|okay|and|but|please|pls|just|actually)[\s,]+)*(?:don't|dont|do\s+not|never|let's\s+not|lets\s+not|"
    r"no\s+need\s+to|stop)\s+(?:ever\s+)?(?!use\b|add\b|include\b|want\b|like\b|put\b|give\s+me\b)\w+",
    re.IGNORECASE,
)
_STAYS = re.compile(r"\b(?:stays?|remains?)\s+(?:as\s+(?:it\s+)?is|the\s+same|like\s+(?:this|that)|untouched|put)\b", re.I)


def act(clause: str) -> Act:
    """Whether a clause asks a question, requests something, or says to leave something as it is."""
    text = clause.strip()
    if _LEAVE.search(text) or _STAYS.search(text) or _FORBIDDEN.search(text):
        return "leave"
    if _POLITE.search(text):
        return "request"
    if _QUESTION.search(text):
        return "question"
    if text.endswith("?") and not re.match(r"^(?:make|give|add|put|let|bring|turn|take|try|go|use|play)\b", text, re.I):
        # "brighter chorus?" is a request said with a rising voice; "the chorus too dark?" asks.
        return "question" if re.search(r"\b(?:too|enough|or)\b", text, re.IGNORECASE) else "request"
    return "request"
