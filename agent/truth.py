"""Free text from a model, checked before the musician reads it: no claimed change without a tool behind it.

A small model answers a request it cannot map to a tool with a report of changes it never
made ("Chorus 1-3: F -> Fmaj7 ...", "Here's the revised version"). Every sentence that
reads like a change report is taken out of a reply that made no version, and the reply
says plainly that nothing changed. Terminal control characters go too.
"""

from __future__ import annotations

import re
import unicodedata

# What a change report looks like: chord or value arrows, first-person edit verbs, "here's the new version".
_CLAIMS = (
    re.compile(r"(?:->|→|⇒|=>|⟶|—>|-->)"),
    re.compile(
        r"\b(?:i|we)(?:\s+have|'ve|\s+just|\s+now)?\s+(?:\w+ly\s+)?(?:changed|made|moved|added|removed|deleted|transposed|"
        r"raised|lowered|lifted|dropped|rewrote|rewritten|updated|replaced|modulated|brightened|darkened|set|switched|"
        r"swapped|reharmoni[sz]ed|simplified|enriched|doubled|shortened|lengthened|extended|cut|trimmed|wrote|"
        r"written|drafted|arranged|rearranged|adjusted|tweaked|turned|shifted|boosted|reduced|increased|decreased|"
        r"slowed|sped|applied|inserted|created|generated|rendered|fixed|revised|reworked|put|gave|took|bumped|"
        r"pushed|pulled|toned|calmed|energi[sz]ed|restyled|converted|transformed)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:here(?:'s|\s+is|\s+are)|this\s+is|below\s+is|i've\s+got)\s+(?:the|your|a|an)\s+"
        r"(?:revised|new|updated|changed|edited|modified|brighter|darker|improved|reworked|final)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:new|revised|updated|next|latest|saved\s+as|made|created)\s+(?:version|v)\s*#?\s*\d+\b|"
               r"\bversion\s*#?\s*\d+\s+(?:is|has\s+been)\s+(?:ready|done|made|saved|up)\b", re.IGNORECASE),
    re.compile(
        r"\b(?:is|are|has\s+been|have\s+been|was|were|now)\s+(?:now\s+)?(?:changed|moved|transposed|raised|lowered|"
        r"updated|replaced|set|brighter|darker|faster|slower|in\s+[A-G](?:#|b)?\s+(?:major|minor)|at\s+\d+\s*bpm)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:changes?|edits?)\s+(?:made|applied|done)\b|\bdone[.!]|\ball\s+set\b|\bvoil[aà]\b", re.I),
    re.compile(r"\bfrom\s+[A-G](?:#|b)?\w*\s+to\s+[A-G](?:#|b)?\w*\b|\b\d+\s*bpm\s+to\s+\d+\b", re.IGNORECASE),
    re.compile(r"^\s*(?:intro|verse|chorus|bridge|outro|pre-chorus|solo|song|tempo|key)[\s\d,\-–]*:\s*\S", re.I),
    re.compile(r"\b(?:now|just)\s+(?:has|have|is|are|sounds?|feels?|uses?|plays?|goes|starts?|ends?|sits?|runs?|"
               r"features?|includes?|comes?)\b|^\s*now\s+(?:the|it|your|we)\b", re.IGNORECASE),
)
# Facts about the song the sheet cannot know: a small model invents awards, releases and other authors.
_INVENTED = re.compile(
    r"\b(?:nominat\w*|awards?|grammy|released|release\s+date|charts?|charted|billboard|platinum|gold\s+record|"
    r"streams|streamed|album|record\s+(?:deal|label)|festival|fans|radio\s+play|cover(?:ed)?\s+by|"
    r"written\s+by|composed\s+by|produced\s+by|yours\s+truly|\[your\s+name\])\b",
    re.IGNORECASE,
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
_MOST_SENTENCES = 4  # a chat reply is short; a small model rambles into inventions
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")


def claims_change(text: str) -> bool:
    """Whether a sentence reads like a report of a change to the song."""
    words = re.sub(r"^[^\w(]+", "", printable(text))  # an emoji or a quote before "Now the chorus ..." hides nothing
    return any(pattern.search(words) for pattern in _CLAIMS)


def printable(text: str) -> str:
    """Text without terminal escapes, bidirectional overrides or other control characters (line breaks kept)."""
    text = _CONTROL.sub("", text)
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf", "Co", "Cs"))


def without_claims(text: str) -> tuple[str, bool]:
    """The text with every sentence that claims a change removed, and whether any was removed."""
    kept, dropped = [], False
    for sentence in _SENTENCES.split(printable(text)):
        if not sentence.strip() or _INVENTED.search(sentence):
            continue
        if claims_change(sentence):
            dropped = True
        else:
            kept.append(sentence.strip())
    return " ".join(kept[:_MOST_SENTENCES]), dropped


def honest_reply(text: str, version: int | None, offers: tuple[str, ...] = ()) -> str:
    """A model's reply to a turn in which no tool changed the song, as the musician may read it.

    Args:
        text: What the model wrote.
        version: The number of the current version, or None when there is no song yet.
        offers: Commands that would make the change the musician may be after.

    Returns:
        The reply without claimed changes; when any was claimed (or nothing else is left),
        it starts by saying plainly that nothing changed.
    """
    kept, dropped = without_claims(text)
    if not dropped and kept:
        return kept
    where = f"the song is still at version {version}" if version is not None else "there is no song yet"
    parts = [f"Nothing changed; {where}."]
    if offers:
        parts.append("To change it, try " + " or ".join(offers) + ".")
    if kept:
        parts.append(kept)
    return " ".join(parts)
