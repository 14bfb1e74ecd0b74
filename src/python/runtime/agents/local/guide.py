"""Guided troubleshooting state, kept in Lex session attributes between Lambda invocations.

Only a few short strings: the article id, the step index, the phase and two small counters.
Anything unexpected in them (an old version, a tampered value) resets the conversation to the
start instead of failing the turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from runtime.knowledge.types import ARTICLE_ID_PATTERN

Phase = Literal["idle", "step", "offer"]
OfferReason = Literal["steps_exhausted", "out_of_scope"]

KEY_ARTICLE = "kb_article"
KEY_STEP = "kb_step"
KEY_PHASE = "kb_phase"
KEY_OFFER = "kb_offer"
KEY_MISSES = "kb_misses"
KEY_TURN = "kb_turn"
KEYS = (KEY_ARTICLE, KEY_STEP, KEY_PHASE, KEY_OFFER, KEY_MISSES, KEY_TURN)

_OFFERS: dict[str, OfferReason] = {
    "steps_exhausted": "steps_exhausted",
    "out_of_scope": "out_of_scope",
}
MAX_STEPS = 50
MAX_MISSES = 3  # not understood this many times in a row: offer a person
_ARTICLE_ID = re.compile(ARTICLE_ID_PATTERN)
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"[*_`]+")


@dataclass(frozen=True)
class GuideState:
    """Where the caller is: no article yet, on a step, or being offered a person."""

    phase: Phase = "idle"
    article_id: str | None = None
    step: int = 0  # index into Article.steps
    offer: OfferReason | None = None
    misses: int = 0
    turn: int = 0

    @classmethod
    def from_session(cls, session: dict[str, str]) -> GuideState:
        """The state saved in `session`, or a fresh one when it is missing or not ours."""
        turn = _small_int(session.get(KEY_TURN), 999)
        phase = session.get(KEY_PHASE, "idle")
        article = session.get(KEY_ARTICLE) or None
        if article is not None and (len(article) > 80 or not _ARTICLE_ID.match(article)):
            return cls(turn=turn)
        misses = _small_int(session.get(KEY_MISSES), MAX_MISSES)
        if phase == "step" and article is not None:
            return cls(
                "step", article, _small_int(session.get(KEY_STEP), MAX_STEPS), None, misses, turn
            )
        if phase == "offer":
            offer = _OFFERS.get(session.get(KEY_OFFER, ""))
            if offer is not None:
                step = _small_int(session.get(KEY_STEP), MAX_STEPS)
                return cls("offer", article, step, offer, misses, turn)
        return cls(misses=misses, turn=turn)

    def to_session(self, previous: dict[str, str]) -> dict[str, str]:
        """`previous` without our old keys, plus this state (only the keys that are set)."""
        session = {k: val for k, val in previous.items() if k not in KEYS}
        session[KEY_PHASE] = self.phase
        session[KEY_TURN] = str(self.turn % 1000)
        if self.article_id is not None:
            session[KEY_ARTICLE] = self.article_id
            session[KEY_STEP] = str(self.step)
        if self.offer is not None:
            session[KEY_OFFER] = self.offer
        if self.misses:
            session[KEY_MISSES] = str(self.misses)
        return session

    def next_turn(self) -> GuideState:
        return replace(self, turn=(self.turn + 1) % 1000)


def spoken_step(text: str) -> str:
    """A Markdown step as a person would say it: no link targets, no emphasis marks."""
    plain = _MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub(r"\1", text))
    return " ".join(plain.split())


def _small_int(value: str | None, maximum: int) -> int:
    if value is None or not value.isdigit() or len(value) > 4:
        return 0
    return min(int(value), maximum)
