"""cowriter's own understanding of plain requests: intents by meaning, values by slot readers, no LLM."""

from agent.understand.reader import Clarify, Understanding, understand

__all__ = ["Clarify", "Understanding", "understand"]
