"""Where a call stands, kept in one Lex session attribute between Lambda invocations.

A call moves through stages: gather (the facts that matter), guide (one step at a time),
verify (is it fixed?), then it closes; a hand-off to a person or the safety stop can come at
any point. `asked` is the question the caller is answering now, so every reply is read against
it. The state is small and bounded: a few ids and counters, the facts as short codes, and a
trail of at most MAX_TRAIL steps with their outcomes. Anything unexpected in the attribute (an
old version, a tampered value) starts the call afresh instead of failing the turn.
"""

from __future__ import annotations

import json
import logging
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from runtime.dialog.facts import Facts
from runtime.knowledge.codes import (
    Action,
    Caution,
    Connection,
    HandoffReason,
    Platform,
    Problem,
    System,
)
from runtime.knowledge.types import ARTICLE_ID_PATTERN

log = logging.getLogger(__name__)

KEY_STATE = "kb_state"  # the kb_ prefix keeps it out of the cloud backends' context
LEGACY_KEYS = ("kb_article", "kb_step", "kb_phase", "kb_offer", "kb_misses", "kb_turn")
MAX_TRAIL = 16
MAX_STATE_CHARS = 1500

Stage = Literal["gather", "guide", "verify", "closed"]
# The question the caller is answering now.
Asked = Literal[
    "problem",  # greeting or reprompt: what is wrong?
    "connection",  # cable or wireless?
    "platform",  # Genesys in a browser or the desktop app?
    "step",  # the current step (its kind says how to read the answer)
    "fixed",  # is it working now?
    "person",  # would you like a person?
    "not_ready",  # go Not Ready first, tell me when
    "anything",  # after a hold: carry on
]
# How a step went: given (no answer yet), done, no change, fixed, skipped, a branch followed.
Outcome = Literal["given", "done", "no_change", "fixed", "skipped", "branch"]
# What the last reply did, for logs, evaluation and the outcome of the call.
MoveKind = Literal[
    "greet",
    "gather",
    "step",
    "help",
    "hold",
    "verify",
    "offer",
    "not_ready",
    "not_understood",
    "out_of_scope",
    "fixed",
    "left",
    "escalated",
]


class TrailEntry(BaseModel):
    """One step given in this call."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    article: str = Field(pattern=ARTICLE_ID_PATTERN, max_length=80)
    step: int = Field(ge=1, le=50)
    outcome: Outcome = "given"


class SavedFacts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    connections: tuple[Connection, ...] = ()
    platform: Platform | None = None
    system: System | None = None
    problem: Problem | None = None
    tried: tuple[Action, ...] = ()

    @classmethod
    def of(cls, facts: Facts) -> SavedFacts:
        return cls(
            connections=tuple(sorted(facts.connections)),
            platform=facts.platform,
            system=facts.system,
            problem=facts.problem,
            tried=tuple(sorted(facts.tried)),
        )

    def facts(self) -> Facts:
        return Facts(
            frozenset(self.connections),
            self.platform,
            self.system,
            self.problem,
            frozenset(self.tried),
        )


class DialogState(BaseModel):
    """The whole state of one call."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    stage: Stage = "gather"
    asked: Asked = "problem"
    article: str | None = Field(default=None, pattern=ARTICLE_ID_PATTERN, max_length=80)
    candidates: tuple[str, ...] = Field(default=(), max_length=4, description="runners-up")
    query: str = Field(default="", max_length=200, description="the problem in content words")
    step: int = Field(default=0, ge=0, le=50, description="0-based index of the current step")
    facts: SavedFacts = SavedFacts()
    trail: tuple[TrailEntry, ...] = Field(default=(), max_length=MAX_TRAIL)
    failures: int = Field(default=0, ge=0, le=50, description="steps in a row that did not help")
    misses: int = Field(default=0, ge=0, le=10, description="turns in a row not understood")
    helped: int = Field(default=0, ge=0, le=5, description="help given for the current step")
    offers: int = Field(default=0, ge=0, le=10, description="times a person was offered")
    offer: HandoffReason | None = Field(default=None, description="why a person is offered")
    last: MoveKind | None = None
    cautioned: tuple[Caution, ...] = ()
    gathered: tuple[Literal["connection", "platform"], ...] = ()
    turn: int = Field(default=0, ge=0, le=999)
    started: int = Field(default=0, ge=0, description="epoch seconds of the first turn")

    @classmethod
    def from_session(cls, session: dict[str, str]) -> DialogState:
        raw = session.get(KEY_STATE)
        if not raw:
            return cls()
        if len(raw) > MAX_STATE_CHARS:
            log.warning("dialog state too long; starting afresh", extra={"chars": len(raw)})
            return cls()
        try:
            return cls.model_validate(json.loads(raw))
        except (ValueError, ValidationError):
            log.warning("dialog state unreadable; starting afresh")
            return cls()

    def to_session(self, previous: dict[str, str]) -> dict[str, str]:
        """`previous` without our keys (and the old guide's), plus this state."""
        session = {k: v for k, v in previous.items() if k != KEY_STATE and k not in LEGACY_KEYS}
        session[KEY_STATE] = self.model_dump_json(exclude_defaults=True)
        return session

    @property
    def known(self) -> Facts:
        return self.facts.facts()

    def with_facts(self, facts: Facts) -> DialogState:
        return self.model_copy(update={"facts": SavedFacts.of(facts)})

    def given(self, article: str, step: int) -> DialogState:
        """The state with step `step` (1-based) of `article` added to the trail."""
        entry = TrailEntry(article=article, step=step)
        trail = (*[t for t in self.trail if (t.article, t.step) != (article, step)], entry)
        return self.model_copy(update={"trail": trail[-MAX_TRAIL:]})

    def outcome(self, outcome: Outcome) -> DialogState:
        """The last step given gets `outcome`."""
        if not self.trail:
            return self
        last = self.trail[-1].model_copy(update={"outcome": outcome})
        return self.model_copy(update={"trail": (*self.trail[:-1], last)})
