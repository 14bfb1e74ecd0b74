"""The Steps section: what an author writes, what the engine gets, and errors that say the fix."""

from __future__ import annotations

import pytest

from runtime.knowledge.parse import ArticleError, parse_article
from runtime.knowledge.steps import StepSyntaxError, parse_steps
from tests.runtime.knowledge.samples import article_text


def test_a_step_carries_its_kind_help_facts_action_cautions_and_branches() -> None:
    steps = parse_steps(
        "1. [ask] Is the light on the USB stick solid\n"
        "   or flashing?\n"
        "   - help: The USB stick is the small receiver in your computer.\n"
        "   - for: usb-dongle, genesys-browser\n"
        "   - not for: charging\n"
        "   - if solid: go to step 3\n"
        "   - if flashing, blinking: next\n"
        "   - if broken: hand off hardware_fault\n"
        "   - if bluetooth: see bt-pairing\n"
        "2. [check] Unplug the USB stick and plug it back in.\n"
        "   - does: replug\n"
        "   - caution: live-call, admin\n"
        "3. [test] Make a test call. Can they hear you?\n"
    )
    first, second, third = steps
    assert first.kind == "ask" and first.text == "Is the light on the USB stick solid or flashing?"
    assert first.help == "The USB stick is the small receiver in your computer."
    assert first.only_for == ("usb-dongle", "genesys-browser")
    assert first.not_for == ("charging",)
    actions = [(b.answers, b.action, b.step, b.reason, b.article) for b in first.branches]
    assert actions == [
        (("solid",), "step", 2, None, None),
        (("flashing", "blinking"), "next", None, None, None),
        (("broken",), "handoff", None, "hardware_fault", None),
        (("bluetooth",), "article", None, None, "bt-pairing"),
    ]
    assert (second.does, second.cautions) == ("replug", ("live-call", "admin"))
    assert (third.kind, third.number) == ("test", 3)


@pytest.mark.parametrize(
    ("block", "problem", "fix"),
    [
        ("1. Unplug it.", "step 1: has no kind", "[open], [check], [ask], [test], [info]"),
        ("1. [chek] Unplug it.", "step 1: unknown kind '[chek]'", "use one of"),
        ("1. [check] Do it.\n3. [check] Do that.", "step 2: is numbered 3", "in order"),
        ("1. [check] Do it.\n   - hlep: where it is", "step 1: unknown field 'hlep'", "help, for"),
        (
            "1. [check] Do it.\n   - for: usb-cabel",
            "'for' has an unknown value 'usb-cabel'",
            "connections",
        ),
        ("1. [check] Do it.\n   - does: jump", "'does' has an unknown value 'jump'", "replug"),
        ("1. [check] Do it.\n   - caution: loud", "unknown value 'loud'", "live-call"),
        ("1. [ask] Is it on?", "is a question with no branches", "- if yes"),
        ("1. [check] Do it.\n   - if yes: next", "has branches but is a [check] step", "[ask]"),
        ("1. [ask] On?\n   - if yes: go to step 7", "goes to step 7, which does not exist", ""),
        (
            "1. [check] Do it.\n2. [ask] On?\n   - if no: go to step 1",
            "goes back to step 1",
            "forward",
        ),
        ("1. [ask] On?\n   - if yes: jump around", "action 'jump around' is not", "see ARTICLE"),
        ("1. [ask] On?\n   - if no: hand off sadness", "unknown value 'sadness'", "damage"),
        ("1. [check] Do it.\n   - help: x\n   - help: y", "'help' is given twice", "keep one"),
        ("1. [check] Do it.\nnot indented", "is not indented", "indent"),
    ],
)
def test_mistakes_name_the_step_and_the_fix(block: str, problem: str, fix: str) -> None:
    with pytest.raises(StepSyntaxError) as caught:
        parse_steps(block)
    assert problem in caught.value.problem
    assert fix in caught.value.fix


def test_an_article_error_names_the_step_as_its_field() -> None:
    text = article_text("usb-x", "usb", "A title here", ["a", "b"], ["[chek] Unplug it."])
    with pytest.raises(ArticleError) as caught:
        parse_article(text, "usb/x.md")
    assert caught.value.field == "Steps.1"
    assert str(caught.value).startswith("usb/x.md: step 1: unknown kind '[chek]'")
