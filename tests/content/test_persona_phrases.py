"""The personas' stock phrases fit where the engine says them: short, the right feeling for the
moment, a person offered in words the caller hears, and no transfer claimed before it happens."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest

from runtime.persona.types import Phrases
from tools.content.personas import REQUIRED_PERSONAS

if TYPE_CHECKING:
    from pathlib import Path

MAX_WORDS = 12  # said before or after a step
MAX_QUESTION_WORDS = 14
WARM = re.compile(r"\b(perfect|nice|great|awesome|excellent|wonderful|lovely|well done)\b", re.I)


def phrases(real_content: Path, persona_id: str) -> dict[str, list[str]]:
    raw = json.loads((real_content / "personas" / f"{persona_id}.json").read_text("utf-8"))
    found: dict[str, list[str]] = raw["phrases"]
    return found


@pytest.mark.parametrize("persona_id", REQUIRED_PERSONAS)
def test_every_kind_has_the_personas_own_short_variants(
    real_content: Path, persona_id: str
) -> None:
    found = phrases(real_content, persona_id)
    # then no kind falls back to the neutral defaults, and each variant is short enough to say
    assert set(found) == set(Phrases.model_fields), persona_id
    for kind, variants in found.items():
        assert 2 <= len(variants) <= 4, (persona_id, kind)
        for variant in variants:
            limit = MAX_QUESTION_WORDS if variant.endswith("?") else MAX_WORDS
            assert len(variant.split()) <= limit, (persona_id, kind, variant)


@pytest.mark.parametrize("persona_id", REQUIRED_PERSONAS)
def test_acknowledgements_are_neutral_and_warmth_waits_for_progress(
    real_content: Path, persona_id: str
) -> None:
    found = phrases(real_content, persona_id)
    # then "got it" to a problem report never sounds pleased
    for kind in ("acknowledge", "empathy", "no_change"):
        assert not [v for v in found[kind] if WARM.search(v)], (persona_id, kind)


@pytest.mark.parametrize("persona_id", REQUIRED_PERSONAS)
def test_a_person_is_offered_before_any_transfer_is_claimed(
    real_content: Path, persona_id: str
) -> None:
    found = phrases(real_content, persona_id)
    # then offers ask, and name a person
    for kind in ("offer_person", "steps_exhausted"):
        for variant in found[kind]:
            assert re.search(r"\bperson\b", variant), (persona_id, kind, variant)
            assert variant.endswith("?"), (persona_id, kind, variant)
            assert "transferring" not in variant.lower(), (persona_id, kind, variant)
    # and the transfer phrase says it happens now, calmly, asking nothing
    for variant in found["escalate"]:
        assert " now" in variant and "?" not in variant and "!" not in variant, variant
