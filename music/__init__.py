"""Notes: the song sheet model and pure music logic. No LLM, no sound."""
