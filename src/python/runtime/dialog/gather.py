"""Gathering the facts that matter before the first step: one short question at most.

Asked only when the answer changes what the caller hears: the close candidates are written for
different connections or platforms, the best one is for one connection the caller has not
named, or its steps differ by it. While asking, the reply names the article that fits the most
common setup, so the first reply names the right family for most callers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from runtime.dialog.facts import Facts
from runtime.dialog.select import article_applies
from runtime.knowledge.codes import FACET_OF

if TYPE_CHECKING:
    from runtime.knowledge.index import Hit
    from runtime.knowledge.types import Article

_CLOSE = 0.6  # candidates within this share of the best score count as close


def gather_question(
    best: Article, ranked: list[Hit], facts: Facts, gathered: tuple[str, ...]
) -> Literal["connection", "platform"] | None:
    """The one fact worth asking for before the first step, or None."""
    if gathered:
        return None  # one short question per problem, then the steps
    close = [h.article for h in ranked[:3] if h.score >= ranked[0].score * _CLOSE]
    if len(facts.connections) != 1:
        restrictions = {a.meta.applies_to.connections for a in close}
        specific = bool(best.meta.applies_to.connections) and not facts.connections
        if len(restrictions) > 1 or specific or depends_on(best, "connection"):
            return "connection"
    if facts.platform is None and best.meta.category == "genesys-cloud":
        platforms = {a.meta.applies_to.platforms for a in close}
        if len(platforms) > 1 or depends_on(best, "platform"):
            return "platform"
    return None


# The most common setup in a contact centre: a corded USB headset, Genesys in a browser, Windows.
LIKELY = Facts(connections=frozenset({"usb-cable"}), platform="genesys-browser", system="windows")


def tentative(best: Article, ranked: list[Hit]) -> Article:
    """While asking about the setup, the article to name: the best one that fits the most
    common setup, so the first reply names the right family for most callers."""
    return next((h.article for h in ranked[:5] if article_applies(h.article, LIKELY)), best)


def depends_on(article: Article, facet: str) -> bool:
    """Whether the article's steps differ by `facet` among values the caller may have."""
    for step in article.steps:
        for code in (*step.only_for, *step.not_for):
            if FACET_OF[code] == facet:
                return True
    return False
