"""What callers hear and read: well-formed SSML, escaped caller words, bounded length."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from runtime.render import phrase, render_ssml, render_text
from tests.runtime.fixtures import persona

HOSTILE = [
    '<speak><audio src="https://evil.example/x.mp3"/></speak>',
    "</prosody></speak><speak>injected",
    'Tom & Jerry\'s <headset> "quotes"',
    "<![CDATA[ x ]]> <!-- comment --> &amp; &#x0;",
    "bell\x07 null\x00 escape\x1b[31m vertical\x0b tab\t formfeed\x0c",
    "zero\u200bwidth \ufeff bom \ud800 lone surrogate \uffff",
    "emoji 🎧 and accents: café, Ünïcödé",
    "",
    "   \n\n   ",
    "a" * 100_000,
    ("word " * 30_000),
    "&" * 5_000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_ssml_is_always_well_formed_bounded_and_speaks_the_text_literally(text: str) -> None:
    ssml = render_ssml(text, persona(), 1000)
    root = ElementTree.fromstring(ssml)  # raises on malformed XML
    assert root.tag == "speak"
    assert len(ssml) <= 1000
    assert [el.tag for el in root.iter()][:2] == ["speak", "prosody"]
    # no element other than our own made it in: caller markup stays text
    assert {el.tag for el in root.iter()} <= {"speak", "prosody", "break"}


def test_caller_markup_is_spoken_as_words_not_obeyed() -> None:
    ssml = render_ssml('You said: <break time="10s"/> & stop', persona(), 1000)
    root = ElementTree.fromstring(ssml)
    assert root.find(".//break") is None
    assert '<break time="10s"/> & stop' in "".join(root.itertext())


def test_persona_prosody_is_applied_and_pitch_only_for_standard_voices() -> None:
    neural = ElementTree.fromstring(render_ssml("hello", persona(), 1000)).find("prosody")
    standard_persona = persona(
        voice={"voice_id": "Joey", "engine": "standard", "language": "en-US"}
    )
    standard = ElementTree.fromstring(render_ssml("hello", standard_persona, 1000)).find("prosody")
    assert neural is not None and standard is not None
    assert neural.attrib == {"rate": "95%", "volume": "medium"}
    assert standard.attrib == {"rate": "95%", "pitch": "-5%", "volume": "medium"}


def test_long_answers_are_cut_at_a_word_with_an_ellipsis() -> None:
    text = "Unplug the headset and plug it back in. " * 100
    ssml = render_ssml(text, persona(), 400)
    spoken = "".join(ElementTree.fromstring(ssml).itertext())
    assert len(ssml) <= 400
    assert spoken.startswith("Unplug the headset")
    assert spoken.endswith(("...", "."))
    assert "Unplu..." not in spoken


def test_paragraphs_become_short_pauses() -> None:
    root = ElementTree.fromstring(render_ssml("Step one.\nStep two.", persona(), 1000))
    assert len(root.findall(".//break")) == 1


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_text_is_bounded_clean_and_never_empty(text: str) -> None:
    out = render_text(text, 1000)
    assert 0 < len(out) <= 1000
    assert not any(ord(ch) < 32 and ch != "\n" for ch in out)
    assert "\u200b" not in out and "\ufeff" not in out


def test_markdown_from_a_model_is_not_read_aloud() -> None:
    out = render_text("## Fix\n**Unplug** the [dock](https://x.example/d) and `retry`", 1000)
    assert out == "Fix\nUnplug the dock and retry"


def test_phrases_fill_the_persona_name_and_vary_by_conversation() -> None:
    p = persona(
        phrases={
            **persona().phrases.model_dump(),
            "hold": ["One moment, {name} here.", "Hang on.", "Just a sec."],
        }
    )
    assert phrase(p, "delay_apology", "s1") == "Bear with me, this is Tangerine checking something."
    picks = {phrase(p, "hold", f"session-{i}") for i in range(30)}
    assert len(picks) > 1
    assert phrase(p, "hold", "same") == phrase(p, "hold", "same")
