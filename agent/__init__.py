"""Decides: the LangGraph graph, request parser, slash commands and LLM backends."""
