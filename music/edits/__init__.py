"""Edits of the song sheet: the Change engine (transforms) and one module per kind of edit, each reporting from the notes."""
