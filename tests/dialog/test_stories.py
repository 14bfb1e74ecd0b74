"""The caller stories: whole conversations, expectations written before they were run."""

from __future__ import annotations

from pathlib import Path

import pytest

from runtime.chat import TurnResult
from runtime.dialog.stories import Report, Story, check, load_stories, run

STORIES = Path(__file__).resolve().parent / "stories"
MIN_PASS_RATE = 0.90


@pytest.fixture(scope="module")
def report() -> Report:
    return run(STORIES)


def test_there_are_at_least_forty_stories_of_every_kind() -> None:
    stories = load_stories(STORIES)
    assert len(stories) >= 40
    expectations = [s.expect for s in stories.values()]
    assert sum(e.close_at is not None for e in expectations) >= 8
    assert sum(e.escalate_by is not None for e in expectations) >= 8
    assert sum(e.never_escalate for e in expectations) >= 20
    assert sum(e.offer_person_by is not None for e in expectations) >= 3
    assert {s.persona for s in stories.values()} == {"tangerine", "joseph", "jennifer"}


def test_stories_meet_their_expectations(report: Report) -> None:
    figures = report.as_dict()
    assert report.rate >= MIN_PASS_RATE, figures["failures"]


def test_no_premature_close_missed_or_false_escalation(report: Report) -> None:
    figures = report.as_dict()
    assert (
        figures["premature_ends"],
        figures["missed_escalations"],
        figures["false_escalations"],
    ) == (0, 0, 0), figures["failures"]


def test_replies_are_short_enough_to_speak(report: Report) -> None:
    figures = report.as_dict()
    assert figures["median_words"] <= 25
    assert figures["max_words"] <= 40


def reply(text: str, state: str = "open", article: str | None = "usb/x.md") -> TurnResult:
    return TurnResult(
        persona="joseph",
        agent="diagnostic",
        category="usb",
        article=article,
        escalate=state == "escalated",
        text=text,
        ssml="",
        closed=state != "open",
        escalation_reason="safety" if state == "escalated" else None,
    )


def story(**expect: object) -> Story:
    return Story.model_validate(
        {"persona": "joseph", "turns": [{"caller": "a"}, {"caller": "b"}], "expect": expect}
    )


@pytest.mark.parametrize(
    ("expect", "replies", "failure"),
    [
        ({"close_at": 2}, [reply("Try this one step now."), reply("Ok.")], "expected a close"),
        (
            {"no_close_before": 3},
            [reply("Bye.", "closed"), reply("Hi.")],
            "premature end: closed at turn 1",
        ),
        ({"escalate_by": 2}, [reply("One."), reply("Two.")], "missed escalation by turn 2"),
        (
            {"escalate_by": 1, "reason": "damage"},
            [reply("Over.", "escalated"), reply("x")],
            "escalation reason safety",
        ),
        ({"never_escalate": True}, [reply("x"), reply("y", "escalated")], "false escalation"),
        ({"offer_person_by": 2}, [reply("x"), reply("y")], "no offer of a person"),
        ({"never_says": ["bluetooth"]}, [reply("Open Bluetooth."), reply("y")], "says /bluetooth/"),
        ({"max_words": 3}, [reply("one two three four"), reply("y")], "4 words"),
        (
            {"first_article": ["usb/y.md"]},
            [reply("x"), reply("y")],
            "first article usb/x.md",
        ),
        (
            {},
            [
                reply("Unplug the headset and plug it back in again now."),
                reply("Unplug the " "headset and plug it back in again now."),
            ],
            "repeats unasked",
        ),
    ],
)
def test_the_checker_catches_each_kind_of_miss(
    expect: dict[str, object], replies: list[TurnResult], failure: str
) -> None:
    failures = check(story(**expect), replies, "Joseph")
    assert any(failure in f for f in failures), failures


def test_asking_an_unanswered_question_again_is_not_a_repeat() -> None:
    question = "Is the light on the receiver solid or flashing right now?"
    replies = [reply(f"Unplug it. {question}"), reply(f"Understood. {question}")]
    assert check(story(), replies, "Joseph") == []
    again = [reply(f"Unplug it. {question}"), reply(f"Now unplug the cable again. {question}")]
    assert any("repeats unasked" in f for f in check(story(), again, "Joseph"))


def test_the_checker_passes_a_conversation_that_meets_everything() -> None:
    expect = {"close_at": 2, "never_escalate": True, "first_article": ["usb/x.md"]}
    replies = [reply("Unplug it. Did that fix it?"), reply("Great, all set.", "closed")]
    assert check(story(**expect), replies, "Joseph") == []
