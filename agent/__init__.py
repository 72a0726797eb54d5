"""Decides: the LangGraph graph, the understanding of plain requests, slash commands, the truth filter, LLM backends."""
