"""cowriter's own understanding of plain requests: intents by meaning, values by slot readers, no LLM."""

from agent.understand.reader import NO_CHANGE_ASKED, NO_QUESTION_ASKED, Clarify, Understanding, understand

__all__ = ["NO_CHANGE_ASKED", "NO_QUESTION_ASKED", "Clarify", "Understanding", "understand"]
