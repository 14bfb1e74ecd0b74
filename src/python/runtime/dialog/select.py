"""Which article and which step fit this caller: their facts, and what this call already did.

An article or step that does not apply to the caller's facts is never offered; a step already
given in this call, in any article, or an action the caller already tried, is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.knowledge.codes import FACET_OF
from runtime.knowledge.vocabulary import plain

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from runtime.dialog.facts import Facts
    from runtime.dialog.state import DialogState
    from runtime.knowledge.index import Hit, KnowledgeIndex
    from runtime.knowledge.types import Article, Step

_PROBLEM_BOOST = 1.6  # an article that fixes the problem the caller named ranks higher
_PROBLEM_MISS = 0.6  # ... and one that does not, lower
# Articles for either direction help a caller who has no audio both ways.
_SETUP_BOOST = 1.25  # an article written for the caller's own setup beats a general one
_UNLIKELY_SYSTEM = 0.5
_UNUSUAL_SYSTEMS = frozenset({"macos", "virtual-desktop"})
_ALSO_FIXES: dict[str, frozenset[str]] = {
    "both-ways": frozenset({"both-ways", "cant-hear", "cant-be-heard"}),
}
_CLOSE_SCORE = 0.6  # candidates within this share of the best score are real alternatives
MAX_ALTERNATIVES = 3


def article_applies(article: Article, facts: Facts) -> bool:
    """Whether an article's connections, platforms and systems admit the caller's facts."""
    known = facts.values()
    applies = article.meta.applies_to
    for facet, allowed in (
        ("connection", applies.connections),
        ("platform", applies.platforms),
        ("system", applies.systems),
    ):
        values = known.get(facet)
        if allowed and values and not set(values) & set(allowed):
            return False
    return True


def likely(article: Article, facts: Facts) -> bool:
    """The article applies, and is not only for a Mac or a virtual desktop unless the caller
    said so: most callers are on a Windows computer of their own."""
    if facts.system is None and _unusual(article):
        return False
    return article_applies(article, facts)


def _unusual(article: Article) -> bool:
    systems = article.meta.applies_to.systems
    return bool(systems) and set(systems) <= _UNUSUAL_SYSTEMS


def step_applies(step: Step, facts: Facts) -> bool:
    """Whether a step's `for:` and `not for:` admit the caller's facts (unknown admits)."""
    known = facts.values()
    wanted: dict[str, set[str]] = {}
    for code in step.only_for:
        wanted.setdefault(FACET_OF[code], set()).add(code)
    for facet, allowed in wanted.items():
        values = known.get(facet)
        if values and not set(values) & allowed:
            return False
    for code in step.not_for:
        values = known.get(FACET_OF[code])
        if values and set(values) <= {code}:
            return False
    return True


def rank(hits: Sequence[Hit], facts: Facts) -> list[Hit]:
    """Hits that apply to the caller, those fixing the named problem first by score."""
    from runtime.knowledge.index import Hit

    ranked: list[Hit] = []
    for hit in hits:
        if not article_applies(hit.article, facts):
            continue
        score = hit.score
        if facts.problem is not None:
            wanted = _ALSO_FIXES.get(facts.problem, frozenset({facts.problem}))
            fixes = bool(wanted & set(hit.article.meta.problems))
            score *= _PROBLEM_BOOST if fixes else _PROBLEM_MISS
        applies = hit.article.meta.applies_to
        if facts.system is None and _unusual(hit.article):
            score *= _UNLIKELY_SYSTEM  # most callers are on Windows unless they say otherwise
        if facts.connections and set(applies.connections) & facts.connections:
            score *= _SETUP_BOOST
        if facts.platform is not None and facts.platform in applies.platforms:
            score *= _SETUP_BOOST
        if facts.system is not None and facts.system in applies.systems:
            score *= _SETUP_BOOST
        ranked.append(Hit(hit.article, score))
    ranked.sort(key=lambda h: h.score, reverse=True)
    return ranked


def alternatives(ranked: Sequence[Hit], facts: Facts) -> tuple[str, ...]:
    """Ids of the likely runners-up close enough to the best to be worth trying after it."""
    if not ranked:
        return ()
    best = ranked[0].score
    close = [
        h.article.meta.id
        for h in ranked[1:]
        if h.score >= best * _CLOSE_SCORE and likely(h.article, facts)
    ]
    return tuple(close[:MAX_ALTERNATIVES])


def given_texts(index: KnowledgeIndex, state: DialogState) -> set[str]:
    """The words of every step given in this call, to spot the same step in another article."""
    texts: set[str] = set()
    for entry in state.trail:
        article = index.get(entry.article)
        if article is not None and entry.step <= len(article.steps):
            texts.add(plain(article.steps[entry.step - 1].text))
    return texts


def usable(article: Article, index: int, facts: Facts, state: DialogState, seen: set[str]) -> bool:
    """Whether step `index` of `article` may be given now."""
    step = article.steps[index]
    if not step_applies(step, facts):
        return False
    if any((t.article, t.step) == (article.meta.id, step.number) for t in state.trail):
        return False
    if step.does is not None and step.does in facts.tried:
        return False
    return plain(step.text) not in seen


def next_step(
    index: KnowledgeIndex, article: Article, start: int, facts: Facts, state: DialogState
) -> int | None:
    """The first step from `start` on that may be given now; None when the article is done."""
    seen = given_texts(index, state)
    for i in range(start, len(article.steps)):
        if usable(article, i, facts, state, seen):
            return i
    return None


def first_usable(
    index: KnowledgeIndex, ids: Iterable[str], facts: Facts, state: DialogState
) -> tuple[Article, int] | None:
    """The first article among `ids` that applies and still has a step to give."""
    for article_id in ids:
        article = index.get(article_id)
        if article is None or not likely(article, facts):
            continue
        step = next_step(index, article, 0, facts, state)
        if step is not None:
            return article, step
    return None
