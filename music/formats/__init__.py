"""Files in and out: MIDI, MusicXML, ChordPro, and importing songs safely."""
