"""The content check's rules for steps a caller hears and sources a reviewer can follow."""

from __future__ import annotations

import pytest

from runtime.knowledge.parse import parse_article
from tests.runtime.knowledge.samples import article_text
from tools.content.speakable import check_sources, check_steps, landing_page


def problems_of(step: str) -> list[str]:
    article = parse_article(
        article_text("usb-x", "usb", "A title here", ["a", "b"], [step]), "usb/x.md"
    )
    return [f"{p.field}: {p.message}" for p in check_steps("usb/x.md", article, {"usb-x"})]


def test_a_good_step_passes() -> None:
    assert (
        problems_of("[check] Unplug the headset and plug it back in.\n" "   - caution: live-call")
        == []
    )


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("[check] " + "word " * 26, "26 words is too long to speak"),
        ("[check] Open it. Click Start. Press the button.", "holds more than one action"),
        ("[check] Ask the caller whether it hums.", "written to an agent"),
        ("[check] Explain that the drop is normal.", "written to an agent"),
        ("[check] Try it, then go to step 5.", "refers to a step by number"),
        ("[check] Pick a brand (Jabra, Poly or EPOS).", "brackets or a semicolon"),
        ("[check] Type 0000 when asked.", "number a listener cannot follow"),
        ("[check] Keep it away from 2.4 GHz routers.", "abbreviation 'GHz'"),
        ("[open] Press the Windows key and type sound.", "names a screen but has no help"),
        ("[check] Open Device Manager and look.", "names a screen but has no help"),
        ("[test] Make a test call.", "must end with its question"),
        ("[check] Reload the page with F5.", "breaks a live call but has no 'live-call'"),
        ("[check] Uninstall the headset entry.", "may need administrator rights"),
        ("[check] Turn the volume to maximum.", "makes the sound louder but has no 'hearing'"),
        (
            "[check] Uninstall the Realtek audio driver.\n   - caution: admin",
            "touches the computer's own sound driver",
        ),
    ],
)
def test_each_rule_names_the_step(step: str, message: str) -> None:
    found = problems_of(step)
    assert any(f.startswith("Steps.1: ") and message in f for f in found), found


def test_a_branch_to_an_unknown_article_is_caught() -> None:
    step = "[ask] Is it Bluetooth?\n   - if yes: see bt-nowhere\n   - if no: next"
    assert "Steps.1: a branch sees article 'bt-nowhere', which does not exist" in problems_of(step)


@pytest.mark.parametrize(
    ("url", "landing"),
    [
        ("https://www.jabra.com/supportpages", True),
        ("https://support.hp.com/us-en/poly", True),
        ("https://support.logi.com/hc/en-us", True),
        ("https://support.microsoft.com/en-us/windows/fix-sound-0a1b", False),
        ("https://help.mypurecloud.com/articles/webrtc/", False),
        ("https://example.com/disable-microphone-in-windows-10", False),
    ],
)
def test_sources_link_the_article_not_a_landing_page(url: str, landing: bool) -> None:
    assert landing_page(url) is landing


def test_a_landing_page_source_is_reported_with_its_field() -> None:
    text = article_text("usb-x", "usb", "A title here", ["a", "b"], ["[check] Do it now."])
    article = parse_article(text.replace("https://example.com/docs/page", "https://a.com/x"), "x")
    (problem,) = check_sources("usb/x.md", article)
    assert problem.field == "sources.0.url" and "landing page" in problem.message
