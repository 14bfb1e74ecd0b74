"""Typed knowledge-base articles: YAML front matter plus a Markdown body with numbered steps."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from runtime.agents.types import Category

ARTICLE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Source(BaseModel):
    """Vendor or product documentation an article rests on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    url: HttpUrl


class FrontMatter(BaseModel):
    """The YAML block between the two `---` lines at the top of an article."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ARTICLE_ID_PATTERN, description="Unique across the knowledge base")
    title: str = Field(min_length=5, max_length=120)
    category: Category = Field(description="Must equal the article's folder")
    symptoms: list[str] = Field(min_length=2, description="How callers describe the problem")
    devices: list[str] = Field(min_length=1, description="Devices, OS or app versions it covers")
    escalate_when: list[str] = Field(min_length=1, description="When a person must take over")
    last_reviewed: dt.date
    sources: list[Source] = Field(min_length=1)
    keywords: list[str] = Field(default_factory=list, description="Extra search terms")


class Article(BaseModel):
    """A parsed article: front matter, the steps a caller follows, and the rest of the text."""

    model_config = ConfigDict(frozen=True)

    path: str = Field(description="Relative to content/knowledge-base, e.g. usb/not-detected.md")
    meta: FrontMatter
    summary: str = Field(description="The paragraph(s) before the Steps section")
    steps: tuple[str, ...] = Field(min_length=1)
    body: str = Field(description="The Markdown body, without front matter")
