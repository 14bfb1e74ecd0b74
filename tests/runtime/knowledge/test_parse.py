"""Articles are parsed into front matter, summary and steps; bad files say what to fix."""

from __future__ import annotations

import textwrap

import pytest

from runtime.knowledge.parse import ArticleError, parse_article

GOOD = textwrap.dedent(
    """\
    ---
    id: usb-not-detected
    title: USB headset not detected
    category: usb
    problems: [not-detected]
    symptoms:
      - my headset isn't showing up
      - computer doesn't see the headset
    devices: [Any USB headset]
    escalate_when: [Not detected on a second computer either]
    last_reviewed: 2026-11-20
    sources:
      - title: Microsoft Support - Fix sound problems
        url: https://support.microsoft.com/en-us/windows/fix-sound-or-audio-problems-in-windows
    ---
    # USB headset not detected

    Windows has not seen the headset.

    ## Steps
    1. [check] Unplug the headset, count to ten,
       and plug it into a different USB port.
    2. [ask] Do you hear the connection chime?
       - if yes: next
       - if no: hand off hardware_fault

    ## Notes
    1. Not a step.
    """
)


def test_given_a_good_article_when_parsed_then_steps_and_summary_are_separated() -> None:
    article = parse_article(GOOD, "usb/not-detected.md")

    assert article.meta.id == "usb-not-detected"
    assert article.meta.category == "usb"
    assert article.summary == "Windows has not seen the headset."
    assert [(s.kind, s.text) for s in article.steps] == [
        ("check", "Unplug the headset, count to ten, and plug it into a different USB port."),
        ("ask", "Do you hear the connection chime?"),
    ]


def test_windows_line_endings_parse_the_same() -> None:
    assert (
        parse_article(GOOD.replace("\n", "\r\n"), "usb/x.md").steps
        == parse_article(GOOD, "usb/x.md").steps
    )


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("# no front matter\n", "usb/a.md", "no front matter"),
        (GOOD.replace("category: usb", "category: bluetooth"), "usb/a.md", "does not match folder"),
        (GOOD.replace("category: usb", "category: printers"), "usb/a.md", "'category'"),
        (GOOD.replace("last_reviewed: 2026-11-20\n", ""), "usb/a.md", "'last_reviewed'"),
        (GOOD.replace("id: usb-not-detected", "id: USB Not Detected"), "usb/a.md", "'id'"),
        (GOOD.replace("## Steps", "## Things"), "usb/a.md", "no '## Steps' section"),
        (GOOD.replace("## Steps\n", "## Steps\n\n## Next\n"), "usb/a.md", "no numbered steps"),
        (
            GOOD.replace("1. [check] Unplug", "- Unplug").replace("2. [ask] Do", "- Do"),
            "usb/a.md",
            "comes before step 1",
        ),
        (GOOD.replace("title: USB", "title: [USB"), "usb/a.md", "not valid YAML"),
        (GOOD.replace("    url: https", "    url: ftp"), "usb/a.md", "'sources.0.url'"),
    ],
)
def test_given_a_broken_article_then_the_error_names_file_field_and_fix(
    text: str, path: str, expected: str
) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(text, path)

    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "Fix:" in message
