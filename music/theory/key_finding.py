"""Which key a passage is in, from how long each pitch class sounds: one key finder for analysis and import.

music21's key profiles (Aarden-Essen) pick major or minor; the chords the passage starts and
ends on tell relative keys and modes apart (a passage that starts and ends on Dm over C
major's notes is in D dorian).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from music.song import Key, Mode
from music.theory.chords import chord_root, pc_name, scale_note_names, scale_pitch_classes, split_symbol, tonic_pc

MODES: tuple[Mode, ...] = ("major", "minor", "dorian", "mixolydian", "lydian", "phrygian")
# Keys whose scale holds this much less of the sounding time than the best one still count as fitting.
_FIT_SLACK = 0.02


def key_from_weights(weights: list[float], ends: Sequence[str], modes: Sequence[Mode] = MODES) -> Key | None:
    """The best-correlated of music21's key profiles over pitch-class durations, framed by the first and last chords.

    `modes` are the keys the framing may choose among: every mode for a passage, major and
    minor for a whole song (a G major song that borrows F is in G major, not G mixolydian).
    """
    if sum(weights) <= 0:
        return None
    # The same answer as music21's analyze("key"), which builds 24 Key objects per call
    # (about 0.1 s); correlating its profiles here keeps a whole-song analysis quick.
    heard = np.asarray(weights, dtype=float)
    best: tuple[float, int, Mode] = (-2.0, 0, "major")
    for mode, profile in _profiles().items():
        for tonic in range(12):
            # The profile rolled onto `tonic`; an even histogram correlates as NaN, which counts as no fit.
            score = float(np.nan_to_num(np.corrcoef(heard, np.roll(profile, tonic))[0, 1]))
            if score > best[0]:
                best = (score, tonic, mode)
    _score, tonic, mode = best
    return _framed(_spelled(tonic, mode), weights, ends, modes)


@lru_cache(maxsize=1)
def _profiles() -> dict[Mode, list[float]]:
    """music21's default key profiles (Aarden-Essen), major and minor, tonic first."""
    from music21.analysis import discrete

    profiles = discrete.AardenEssen()
    return {"major": list(profiles.getWeights("major")), "minor": list(profiles.getWeights("minor"))}


def _spelled(tonic: int, mode: Mode) -> Key:
    """The key on pitch class `tonic` spelled with the fewer accidentals (F# minor, not Gb minor)."""
    options = [Key(tonic=pc_name(tonic, flats), mode=mode) for flats in (False, True)]
    return min(options, key=lambda k: (sum(len(n) - 1 for n in scale_note_names(k)), k.tonic != pc_name(tonic, True)))


def _framed(key: Key, weights: list[float], ends: Sequence[str], modes: Sequence[Mode]) -> Key:
    """The key on the framing chords' root when a mode there fits the notes as well as any key does.

    The profiles only know major and minor, and the modes of one scale share their notes:
    a passage that starts and ends on Dm over C major's notes is in D dorian.
    """
    total = sum(weights)

    def fit(candidate: Key) -> float:
        return sum(weights[pc] for pc in scale_pitch_classes(candidate)) / total

    best = max(fit(Key(tonic=pc_name(pc), mode=mode)) for pc in range(12) for mode in modes)
    if fit(key) >= best - _FIT_SLACK and any(chord_root(c) == tonic_pc(key) for c in ends):
        return key
    for symbol in reversed(list(ends)):
        tonic = split_symbol(symbol)[0]
        options = [Key(tonic=tonic, mode=mode) for mode in modes]
        fitting = [k for k in options if fit(k) >= best - _FIT_SLACK]
        if fitting:
            return max(fitting, key=lambda k: (round(fit(k), 3), -list(modes).index(k.mode)))
    return key
