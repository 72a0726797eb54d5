"""A model's free text never tells the musician about a change no tool made."""

from __future__ import annotations

import random

import pytest
from langchain_core.messages import AIMessage

from agent.session import Session
from agent.settings import Settings
from agent.truth import claims_change, honest_reply, printable, without_claims

# What the small embedded model really said while the song stayed where it was.
SEEN = [
    "Chorus 1-3: F -> Fmaj7, C -> Cadd9, G -> Gsus4. No more chromatic scales are used.",
    "Here's the revised version with a short pre-chorus.",
    "Chorus 1-3: F -> Dm, C -> Bbmaj7, Gm -> Am, Bb -> BbmjJlkLjMfGgKg",
]
HONEST = [
    "That sounds like a lovely idea.", "What mood are you going for?", "Tell me more about the story behind it.",
    "A bridge is a good place for contrast.", "I'm here whenever you want to try something.", "Good luck with the gig!",
]  # fmt: skip
_SECTIONS = ["chorus", "Chorus 1-3", "the bridge", "Verse 2", "the intro", "the outro", "the last chorus"]
_CHORDS = ["Am", "F", "C", "G", "Dm", "E7", "Fmaj7", "Cadd9", "Bb", "Gsus4"]
_CLAIMS = [
    "{Sec}: {a} -> {b}, {c} -> {d}", "{Sec}: {a} → {b}", "I made {sec} brighter.", "I've moved {sec} up a whole step.",
    "Here's the revised version with {sec} doubled.", "{Sec} is now in E minor.", "I changed the tempo from 96 to 104 BPM.",
    "Done! {Sec} now has strings.", "I transposed everything to G major.", "Your new version 4 is ready.",
    "Tempo: 100 -> 110 BPM", "I added a pre-chorus before {sec}.", "We've simplified the chords in {sec}.",
    "Now the song ends on {a}.", "I just rewrote the lyrics of {sec}.", "{Sec} has been transposed down a fourth.",
    "Here is the updated arrangement.", "All set, {sec} is darker.", "I swapped {a} for {b} in {sec}.",
    "{Sec} was lowered by an octave.", "Changes applied to {sec}.", "It now sits at 120 bpm.",
]  # fmt: skip
_NOISE = ["", " 🎶", "\x1b[31m", "\u202e", "\u200f", "  ", "\t"]


def fuzzed_outputs(count: int, seed: int = 7) -> list[tuple[str, bool]]:
    """Model outputs mixing invented change reports with harmless chat; (text, claims a change)."""
    rng = random.Random(seed)
    outputs = []
    for index in range(count):
        sentences, claimed = [], False
        for _ in range(rng.randint(1, 4)):
            if rng.random() < 0.55:
                section = rng.choice(_SECTIONS)
                a, b, c, d = rng.sample(_CHORDS, 4)
                sentence = rng.choice(_CLAIMS).format(sec=section, Sec=section[0].upper() + section[1:], a=a, b=b, c=c, d=d)
                claimed = True
            else:
                sentence = rng.choice(HONEST)
            sentences.append(rng.choice(_NOISE) + sentence + rng.choice(_NOISE))
        if index % 10 == 0:
            sentences.append(rng.choice(SEEN))
            claimed = True
        outputs.append((rng.choice([" ", "\n", "  "]).join(sentences), claimed))
    return outputs


@pytest.mark.parametrize("text", SEEN)
def test_what_the_small_model_really_said_is_a_claim(text: str) -> None:
    assert claims_change(text)


@pytest.mark.parametrize("text", HONEST)
def test_plain_chat_is_no_claim(text: str) -> None:
    assert not claims_change(text)
    assert without_claims(text) == (text, False)


def test_two_hundred_fuzzed_outputs_lose_every_claim_and_say_nothing_changed() -> None:
    outputs = fuzzed_outputs(260)
    assert sum(claimed for _, claimed in outputs) >= 200
    for text, claimed in outputs:
        reply = honest_reply(text, 3, offers=("/brighter chorus",))
        body = reply.removeprefix("Nothing changed; the song is still at version 3.").removeprefix(
            " To change it, try /brighter chorus.")
        assert not any(claims_change(s) for s in body.split(". ") if s.strip()), (text, reply)
        assert reply == printable(reply)
        if claimed:
            assert reply.startswith("Nothing changed; the song is still at version 3."), (text, reply)


def test_a_scripted_model_that_claims_changes_never_changes_the_song_or_the_story(scripted_model) -> None:
    """Two hundred model answers through the real graph: the song stays at its version, no claim reaches the page."""
    outputs = fuzzed_outputs(200, seed=11)
    model = scripted_model([AIMessage(content=text) for text, _ in outputs])
    session = Session(Settings(), project="truth", chat_model=model)
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    head = session.head()
    for text, claimed in outputs:
        turn = session.send("what would Prince do here?")
        assert session.head().id == head.id
        assert not turn.steps
        kept = turn.reply.removeprefix(f"Nothing changed; the song is still at version {head.number}.")
        assert not any(claims_change(s) for s in kept.split(". ") if s.strip()), (text, turn.reply)
        if claimed:
            assert turn.reply.startswith("Nothing changed"), (text, turn.reply)
    model.assert_complete()
    session.close()


def test_a_claimed_change_is_answered_with_the_commands_that_would_make_one(scripted_model, monkeypatch) -> None:
    from agent.understand import learned

    # The rules alone leave "it needs a lift at the end" to the model (the learned second opinion would ask first).
    monkeypatch.setattr(learned, "_WEIGHTS", None)
    monkeypatch.setattr(learned, "_LOADED", True)
    model = scripted_model([AIMessage(content="I lifted the ending: the outro now builds up. Enjoy!")])
    session = Session(Settings(), project="offers", chat_model=model)
    assert not session.send("/plan folk song about leaving home, 90 BPM, D minor").error
    head = session.head()
    turn = session.send("it needs a lift at the end")
    assert session.head().id == head.id
    assert turn.reply.startswith(f"Nothing changed; the song is still at version {head.number}. To change it, try /")
    assert "lifted" not in turn.reply and "Enjoy!" in turn.reply
    assert turn.options and all(option.startswith("/") for option in turn.options)
    model.assert_complete()
    session.close()
