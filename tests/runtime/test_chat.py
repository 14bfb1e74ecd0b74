"""`chat`: the real Lambda handler in a terminal, local backend, bundled personas."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

from runtime.chat import lex_text_event, main
from runtime.events.lex import LexV2Event

if TYPE_CHECKING:
    import pytest

JSON_KEYS = {
    "persona",
    "agent",
    "category",
    "article",
    "escalate",
    "text",
    "ssml",
    "state",
    "conversation",
    "greeting",
}


def run(argv: list[str], stdin: str = "") -> tuple[int, list[str]]:
    out = io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue().splitlines()


def test_events_are_valid_lex_v2_events() -> None:
    event = lex_text_event("hello", "s-1", {"persona_id": "joseph"})
    parsed = LexV2Event.model_validate(event)
    assert parsed.input_transcript == "hello" and parsed.session_id == "s-1"


def test_once_json_prints_one_object_with_the_contract_keys() -> None:
    code, lines = run(["--once", "um my jabra wont pair with my laptop", "--json"])
    assert code == 0 and len(lines) == 1
    turn = json.loads(lines[0])
    assert set(turn) == JSON_KEYS
    assert turn["persona"] == "tangerine"
    assert (turn["agent"], turn["category"]) == ("diagnostic", "bluetooth")
    assert turn["article"].startswith("bluetooth/") and turn["article"].endswith(".md")
    assert turn["escalate"] is False and turn["state"] == "open"
    assert turn["ssml"].startswith("<speak>") and turn["text"]
    assert turn["conversation"] == 1 and turn["greeting"].startswith("Hi")


def test_piped_lines_are_one_conversation_that_walks_the_steps() -> None:
    code, lines = run(
        ["--json", "--persona", "joseph"],
        "my usb headset isnt detected\n\nok\nno change\n",
    )
    turns = [json.loads(line) for line in lines]
    assert code == 0 and len(turns) == 3
    assert {t["article"] for t in turns} == {"usb/not-detected.md"}
    assert len({t["text"] for t in turns}) == 3  # each answer moved the call on
    assert all(t["persona"] == "joseph" and t["state"] == "open" for t in turns)
    assert [t["greeting"] is not None for t in turns] == [True, False, False]


def test_a_line_after_a_close_or_a_transfer_starts_a_new_conversation() -> None:
    code, lines = run(
        ["--json"],
        "my usb headset isnt detected\noh it works now!\n"
        "can I talk to a person\nmy bluetooth headset wont pair\n",
    )
    turns = [json.loads(line) for line in lines]
    assert code == 0
    assert [t["state"] for t in turns] == ["open", "closed", "escalated", "open"]
    assert [t["conversation"] for t in turns] == [1, 1, 2, 3]
    assert [t["greeting"] is not None for t in turns] == [True, False, True, True]
    assert turns[3]["category"] == "bluetooth"


def test_independent_lines_are_separate_conversations() -> None:
    code, lines = run(
        ["--json", "--independent"],
        "my bluetooth mic doesnt work\ni want to speak to a person\nwhats the weather\n",
    )
    first, second, third = (json.loads(line) for line in lines)
    assert code == 0
    assert first["category"] == "bluetooth" and not first["escalate"]
    assert second["escalate"] is True and second["agent"] == "escalation"
    assert [t["conversation"] for t in (first, second, third)] == [1, 2, 3]
    assert third["category"] is None and third["agent"] == "supervisor"


def test_plain_output_names_the_persona_and_says_when_the_call_is_handed_over() -> None:
    code, lines = run(["--persona", "jennifer"], "the battery is swelling\n")
    assert code == 0
    assert lines[0].startswith("Jennifer: ")
    assert "transferred to a person" in lines[1]


def test_unknown_persona_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run(["--persona", "nobody", "--once", "hi"])
    assert code == 1 and lines == []
    err = capsys.readouterr().err
    assert "unknown persona 'nobody'" in err and "tangerine" in err
