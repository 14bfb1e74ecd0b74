"""The committed content passes every check and covers what the issue asks for."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from runtime.agents.types import CATEGORIES
from runtime.knowledge.parse import load_articles
from runtime.persona.files import load_personas
from tools.content import check_all

if TYPE_CHECKING:
    from pathlib import Path


def test_the_committed_content_has_no_problems(real_content: Path) -> None:
    # when
    problems = check_all(real_content)
    # then
    assert [str(p) for p in problems] == []


def test_every_category_has_at_least_eight_phone_friendly_articles(real_content: Path) -> None:
    # given
    articles = load_articles(real_content / "knowledge-base")
    # when
    per_category = Counter(a.meta.category for a in articles)
    # then
    assert all(per_category[c] >= 8 for c in CATEGORIES), per_category
    for article in articles:
        assert 5 <= len(article.steps) <= 8, article.path
        assert len(article.meta.symptoms) >= 6, article.path
        assert article.meta.id.startswith(
            {"usb": "usb-", "bluetooth": "bt-", "windows": "win-", "genesys-cloud": "gc-"}[
                article.meta.category
            ]
        ), article.path


def test_issue_topics_are_each_answered_by_an_article(real_content: Path) -> None:
    # given: a caller phrase per topic the issue lists, and the article that should answer it
    expected = {
        "bluetooth/hands-free-quality.md": "sounds like a tin can",
        "bluetooth/multipoint-routing.md": "goes to my mobile",
        "windows/communications-ducking.md": "everything goes quiet when a call starts",
        "windows/echo-listen-to-device.md": "I can hear myself",
        "genesys-cloud/mute-sync.md": "I pressed mute on my headset",
        "usb/drops-after-sleep.md": "after the computer wakes up",
    }
    articles = {a.path: a for a in load_articles(real_content / "knowledge-base")}
    # then
    for path, phrase in expected.items():
        symptoms = " ".join(articles[path].meta.symptoms).lower()
        assert phrase.lower() in symptoms, path


# The topics callers ask most that the first knowledge base missed (content issue).
NEW_TOPICS = {
    "usb/mic-quiet-muffled.md": "poor-quality",
    "bluetooth/battery-charging.md": "charging",
    "genesys-cloud/virtual-desktop.md": None,
    "windows/macos-microphone.md": "cant-be-heard",
    "usb/quick-disconnect-cable.md": None,
    "usb/acoustic-shock.md": None,
    "windows/one-ear-balance.md": "poor-quality",
    "genesys-cloud/embedded-client-popout.md": None,
    "genesys-cloud/persistent-connection.md": None,
    "genesys-cloud/ringing-wrong-device.md": None,
    "usb/hearing-aid-amplified.md": None,
    "usb/comfort-and-hygiene.md": None,
}


def test_what_callers_ask_most_is_covered(real_content: Path) -> None:
    articles = {a.path: a for a in load_articles(real_content / "knowledge-base")}
    assert len(articles) >= 52
    for path, problem in NEW_TOPICS.items():
        assert path in articles, path
        assert problem is None or problem in articles[path].meta.problems, path


def test_safety_and_accessibility_articles_end_with_a_person(real_content: Path) -> None:
    articles = {a.path: a for a in load_articles(real_content / "knowledge-base")}
    for path, reason in (
        ("usb/acoustic-shock.md", "safety"),
        ("usb/hearing-aid-amplified.md", "accessibility"),
    ):
        reasons = {b.reason for s in articles[path].steps for b in s.branches}
        assert reason in reasons, path


def test_the_three_personas_sound_different(real_content: Path) -> None:
    # when
    personas = load_personas(real_content / "personas")
    # then
    assert set(personas) == {"tangerine", "joseph", "jennifer"}
    assert len({p.voice.voice_id for p in personas.values()}) == 3
    assert len({p.prosody.rate for p in personas.values()}) == 3
    for persona in personas.values():
        assert persona.voice.engine == "neural"
        for variants in persona.phrases.model_dump().values():
            assert 2 <= len(variants) <= 4, persona.id
            assert all(len(v) <= 160 for v in variants), persona.id


def test_persona_files_point_editors_at_the_schema(real_content: Path) -> None:
    for name in ("tangerine", "joseph", "jennifer"):
        raw = json.loads((real_content / "personas" / f"{name}.json").read_text(encoding="utf-8"))
        assert raw["$schema"] == "./persona.schema.json"
