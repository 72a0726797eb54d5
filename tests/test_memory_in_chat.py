"""What the musician told cowriter acts in later turns, and ideas from other projects can be found and brought in."""

from __future__ import annotations

from agent.session import Session, Workspace
from agent.settings import Settings
from music.words.voices import VOICES

BRIEF = "/plan folk song about leaving home, 90 BPM, D minor"


def test_the_voice_the_musician_sings_in_shapes_the_melody_and_the_reply_says_so() -> None:
    session = Session(Settings(), project="voice")
    assert not session.send(BRIEF).error
    assert not session.send("/lyrics chorus: we were leaving home / with the morning on our backs").error
    told = session.send("I sing baritone")
    assert [s.tool for s in told.steps] == ["remember"]

    turn = session.send("write a melody for the chorus")
    assert [s.tool for s in turn.steps] == ["write_melody"], turn.reply
    assert "baritone" in turn.reply and "the voice you sing in" in turn.reply
    song = session.song()
    sung = [n.pitch for s in song.sections if s.kind == "chorus" for n in s.melody]
    assert sung and all(VOICES["baritone"].contains(p) for p in sung)
    session.close()


def test_a_banned_instrument_stays_out_of_the_next_plan_and_the_reply_says_why() -> None:
    session = Session(Settings(), project="no sax")
    assert [s.tool for s in session.send("never use a saxophone").steps] == ["remember"]
    turn = session.send("/plan jazz ballad about rain in F")
    parts = [p.name.casefold() for p in session.song().meta.parts]
    assert not any("sax" in name for name in parts)
    assert "as you asked" in turn.reply

    listed = session.send("what do you remember about me?")
    assert [s.tool for s in listed.steps] == ["list_preferences"] and "saxophone" in listed.reply
    forgot = session.send("forget that I don't like saxophone")
    assert [s.tool for s in forgot.steps] == ["forget_preference"]
    assert session.send("/preferences").reply.startswith("You have not told me any preferences yet")
    session.close()


def test_an_idea_from_another_project_is_found_and_a_click_brings_it_in() -> None:
    workspace = Workspace(Settings())
    first = Session(workspace=workspace, project="night drive")
    assert not first.send("/plan pop song about a night drive, 100 BPM, A minor").error
    assert not first.send("/lyrics chorus: drive until the morning / nothing but the road").error
    theirs = first.song().sections[first.song().find("chorus")[0]]

    second = Session(workspace=workspace, project="harbour")
    assert not second.send("/plan folk song about the harbour, 90 BPM, A minor").error
    turn = second.send("use the chorus idea from the other project")
    assert [s.tool for s in turn.steps] == ["recall_ideas"], turn.reply
    assert "night drive" in turn.reply and "drive until the morning" in turn.reply
    assert turn.options and turn.options[0].startswith('/borrow "night drive"')

    borrowed = second.send(turn.options[0])
    assert [s.tool for s in borrowed.steps] == ["borrow_section"] and not borrowed.error, borrowed.reply
    ours = second.song().sections[second.song().find("chorus")[0]]
    assert ours.lyrics == theirs.lyrics and ours.chords == theirs.chords
    workspace.close()


def test_brighter_never_brings_in_an_instrument_the_musician_refused() -> None:
    from music.band.instruments import instrument_named

    session = Session(Settings(), project="no synth lead")
    assert not session.send("/plan pop song about a night drive, 100 BPM, A minor").error
    before = session.send("/brighter chorus")
    assert "saw lead instead of square lead" in before.reply.casefold()  # unasked, pop brightens its synth lead
    session.send("/undo")

    assert [s.tool for s in session.send("no synth leads please").steps] == ["remember"]
    turn = session.send("make the chorus brighter")
    refused = instrument_named("synth lead")
    assert refused is not None
    song = session.song()
    assert not any(refused.plays(p) and p not in song.meta.parts for s in song.sections for p in (s.parts or ()))
    assert "saw lead" not in turn.reply.casefold()
    session.close()


def test_lyric_habits_reach_the_lyricist_for_drafts_and_rewrites() -> None:
    from tools.lyricist import LyricAnswer, LyricRequest
    from tools.registry import call_tool

    asked: list[LyricRequest] = []

    def lyricist(request: LyricRequest) -> LyricAnswer:
        asked.append(request)
        word = "promise" if not asked[:-1] else "morning"
        return LyricAnswer(lines=tuple(f"a line that keeps its {word} {n}" for n in range(request.n_lines)))

    session = Session(Settings(), project="habits")
    assert not session.send(BRIEF).error
    assert [s.tool for s in session.send("no clichés like 'fire' in my lyrics").steps] == ["remember"]
    call_tool(session.tools, "write_lyrics", {"sections": ["verse 1"]}, lyricist=lyricist)
    call_tool(session.tools, "rewrite_lyrics", {"section": "verse 1", "how": "more hopeful"}, lyricist=lyricist)
    assert [r.avoid for r in asked] == [frozenset({"fire"})] * 2
    session.close()
