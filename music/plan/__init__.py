"""Planning songs: briefs, forms, progressions, and the musician's learned fingerprint."""
