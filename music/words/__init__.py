"""Words and the sung line: syllables, stresses, rhymes, lyric craft, voices and the melody writer."""
