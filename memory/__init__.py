"""Remembers: the project store and the semantic memory."""
