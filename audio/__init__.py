"""Sound: SoundFont rendering, mixing, loudness and audio analysis."""
