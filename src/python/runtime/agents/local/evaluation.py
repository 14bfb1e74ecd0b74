"""Scoring the local troubleshooter against labelled caller phrasings.

A case file is JSON Lines, one caller turn per line:
    {"text": "um my jabra wont pair", "category": "bluetooth", "article": "bt-pairing-mode",
     "expect": "troubleshoot"}
`expect` is troubleshoot, escalate (with an optional `reason`), out_of_scope or not_understood;
`hostile` marks words that try to instruct the agent.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from runtime.agents.types import Category, Deadline, Turn
from runtime.dialog import DialogState

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from runtime.agents.local.backend import LocalAgentBackend
    from runtime.agents.types import Reply
    from runtime.persona.types import Persona

Outcome = Literal["troubleshoot", "escalate", "out_of_scope", "not_understood"]


class CaseFileError(ValueError):
    """A case file line that is not a valid case; names the file, line and fix."""


class Case(BaseModel):
    """One labelled caller turn."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    category: Category | None = None
    article: str | None = None
    expect: Outcome
    reason: str | None = None
    hostile: bool = False


@dataclass(frozen=True)
class Result:
    case: Case
    outcome: Outcome
    category: Category | None
    article: str | None  # article id
    escalation_reason: str | None
    ms: float

    @property
    def category_ok(self) -> bool:
        return self.outcome == "troubleshoot" and self.category == self.case.category

    @property
    def article_ok(self) -> bool:
        return self.category_ok and self.article == self.case.article

    @property
    def ok(self) -> bool:
        if self.case.expect == "troubleshoot":
            return self.article_ok
        if self.case.expect == "escalate":
            return self.outcome == "escalate" and self.case.reason in (None, self.escalation_reason)
        return self.outcome == self.case.expect


@dataclass
class Score:
    """Accuracy figures over a set of results."""

    results: list[Result] = field(default_factory=list)

    def _share(self, results: Sequence[Result], ok: str) -> float:
        return sum(bool(getattr(r, ok)) for r in results) / len(results) if results else 1.0

    def of(self, expect: Outcome) -> list[Result]:
        return [r for r in self.results if r.case.expect == expect]

    @property
    def category_accuracy(self) -> float:
        return self._share(self.of("troubleshoot"), "category_ok")

    @property
    def article_accuracy(self) -> float:
        return self._share(self.of("troubleshoot"), "article_ok")

    @property
    def escalation_recall(self) -> float:
        """Escalation phrasings that escalated (any reason)."""
        escalations = self.of("escalate")
        hits = sum(r.outcome == "escalate" for r in escalations)
        return hits / len(escalations) if escalations else 1.0

    @property
    def escalation_reason_accuracy(self) -> float:
        return self._share(self.of("escalate"), "ok")

    @property
    def false_escalations(self) -> list[Result]:
        return [r for r in self.results if r.case.expect != "escalate" and r.outcome == "escalate"]

    def per_category(self) -> dict[str, tuple[int, int]]:
        """category -> (right, total) over troubleshooting phrasings."""
        totals: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for r in self.of("troubleshoot"):
            label = r.case.category or "none"
            totals[label] += 1
            right[label] += r.category_ok
        return {c: (right[c], totals[c]) for c in sorted(totals)}

    def outcome_accuracy(self, expect: Outcome) -> float:
        return self._share(self.of(expect), "ok")

    def failures(self) -> list[Result]:
        return [r for r in self.results if not r.ok]

    def latencies(self) -> list[float]:
        return [r.ms for r in self.results]


def load_cases(paths: Iterable[Path]) -> list[Case]:
    """Every case in the given JSON Lines files. Raises CaseFileError naming file and line."""
    cases: list[Case] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("//"):
                continue
            try:
                cases.append(Case.model_validate(json.loads(line)))
            except (json.JSONDecodeError, ValidationError) as e:
                raise CaseFileError(
                    f"{path}:{number}: not a valid case ({str(e).splitlines()[0]}); write one "
                    'JSON object per line with "text" and "expect"'
                ) from e
    return cases


def outcome_of(reply: Reply) -> Outcome:
    """What the caller experienced: a step, a person, a redirect or a reprompt."""
    if reply.escalate:
        return "escalate"
    last = DialogState.from_session(reply.session).last
    if last in ("step", "gather", "not_ready") and reply.article is not None:
        return "troubleshoot"  # a first step, or one question about the setup before it
    if last == "out_of_scope":
        return "out_of_scope"
    return "not_understood"


def run_case(backend: LocalAgentBackend, persona: Persona, case: Case, session_id: str) -> Result:
    """One case as the first turn of a fresh conversation."""
    turn = Turn(case.text, session_id, persona, Deadline.in_seconds(8.0), "voice", {})
    started = time.perf_counter()
    reply = backend.respond(turn)
    ms = (time.perf_counter() - started) * 1000
    article = backend.index.by_path(reply.article) if reply.article else None
    return Result(
        case=case,
        outcome=outcome_of(reply),
        category=reply.category,
        article=article.meta.id if article is not None else None,
        escalation_reason=reply.escalation_reason,
        ms=ms,
    )


def evaluate(backend: LocalAgentBackend, persona: Persona, cases: Iterable[Case]) -> Score:
    """Run every case as a new conversation and score the results."""
    return Score([run_case(backend, persona, c, f"eval-{i}") for i, c in enumerate(cases)])
