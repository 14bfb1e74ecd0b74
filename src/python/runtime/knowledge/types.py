"""Typed knowledge-base articles: YAML front matter plus a Markdown body with numbered steps.

Each step is written for the caller and carries what the dialog engine needs: its kind, a short
help text for "where is that?", which facts it applies to, the action it performs, cautions and,
for a question, the branches its answers lead to. docs/content-authoring.md shows the format.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from runtime.agents.types import Category
from runtime.knowledge.codes import (
    Action,
    Caution,
    Connection,
    HandoffReason,
    Platform,
    Problem,
    StepKind,
    System,
)

ARTICLE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Source(BaseModel):
    """Vendor or product documentation an article rests on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    url: HttpUrl


class AppliesTo(BaseModel):
    """The callers an article is for; an empty list means any."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    connections: tuple[Connection, ...] = ()
    platforms: tuple[Platform, ...] = ()
    systems: tuple[System, ...] = ()


class FrontMatter(BaseModel):
    """The YAML block between the two `---` lines at the top of an article."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ARTICLE_ID_PATTERN, description="Unique across the knowledge base")
    title: str = Field(min_length=5, max_length=120)
    category: Category = Field(description="Must equal the article's folder")
    problems: tuple[Problem, ...] = Field(
        min_length=1, description="The problems it fixes, in the dialog engine's words"
    )
    applies_to: AppliesTo = Field(
        default_factory=AppliesTo, description="Connections, platforms and systems it is for"
    )
    symptoms: list[str] = Field(min_length=2, description="How callers describe the problem")
    devices: list[str] = Field(min_length=1, description="Devices, OS or app versions it covers")
    escalate_when: list[str] = Field(min_length=1, description="When a person must take over")
    last_reviewed: dt.date
    sources: list[Source] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list, description="Extra search terms")


BranchAction = Literal["next", "step", "handoff", "article"]


class Branch(BaseModel):
    """Where an answer to a question step leads: `- if no, not sure: go to step 5`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    answers: tuple[str, ...] = Field(min_length=1, description="'yes', 'no' or caller words")
    action: BranchAction
    step: int | None = Field(default=None, description="0-based index, for action 'step'")
    reason: HandoffReason | None = Field(default=None, description="for action 'handoff'")
    article: str | None = Field(default=None, description="article id, for action 'article'")


class Step(BaseModel):
    """One numbered step, as the caller hears it, with what the engine needs around it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1, description="As written in the article (1-based)")
    kind: StepKind
    text: str = Field(min_length=3)
    help: str | None = None
    only_for: tuple[str, ...] = Field(default=(), description="Fact values it applies to")
    not_for: tuple[str, ...] = Field(default=(), description="Fact values it never applies to")
    does: Action | None = None
    cautions: tuple[Caution, ...] = ()
    branches: tuple[Branch, ...] = ()


class Article(BaseModel):
    """A parsed article: front matter, the steps a caller follows, and the rest of the text."""

    model_config = ConfigDict(frozen=True)

    path: str = Field(description="Relative to content/knowledge-base, e.g. usb/not-detected.md")
    meta: FrontMatter
    summary: str = Field(description="The paragraph(s) before the Steps section")
    steps: tuple[Step, ...] = Field(min_length=1)
    body: str = Field(description="The Markdown body, without front matter")
