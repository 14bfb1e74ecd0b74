"""Full-text search over the knowledge base: SQLite FTS5 in memory, built at first use.

Title, symptoms and keywords weigh more than the body (bm25 column weights), caller words are
expanded with synonyms and corrected against the index's own vocabulary, and words that name a
category (a product, "bluetooth", "genesys") lift that category's articles.
"""

from __future__ import annotations

import difflib
import logging
import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from runtime.content import content_root
from runtime.knowledge.parse import ArticleError, load_articles
from runtime.knowledge.vocabulary import (
    CATEGORY_WORDS,
    FILLERS,
    STOPWORDS,
    SYNONYMS,
    VAGUE_WORDS,
    bigrams,
    category_hints,
    content_words,
    problem_words,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from runtime.agents.types import Category
    from runtime.knowledge.types import Article

# bm25 weights, in column order: id (unindexed), title, symptoms, keywords, devices, body.
log = logging.getLogger(__name__)

_COLUMNS = ("id", "title", "symptoms", "keywords", "devices", "body")
_WEIGHTS = (0.0, 6.0, 8.0, 5.0, 1.5, 1.0)
_HINT_BOOST = 1.0  # a category named in the caller's words lifts its articles by up to 100 %
_TOKEN = re.compile(r"[a-z0-9]+")
_MIN_FUZZY_LENGTH = 5
_FIELD_LINE = re.compile(
    r"^\s+[-*]\s+(?P<name>help|for|not for|does|caution|if [^:]+):\s*(?P<value>.*)$"
)
_KIND_MARK = re.compile(r"^(\s*\d+\.\s+)\[[a-z]+\]\s*")


class KnowledgeIndexError(RuntimeError):
    """The index cannot be built (for example, SQLite without FTS5)."""


@dataclass(frozen=True)
class Hit:
    """One article that matches the caller's words; higher score is better."""

    article: Article
    score: float


class KnowledgeIndex:
    """An in-memory FTS5 index of articles. Thread-safe for searching."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._articles: dict[str, Article] = {}
        for article in articles:
            if article.meta.id in self._articles:
                other = self._articles[article.meta.id].path
                raise KnowledgeIndexError(
                    f"{article.path}: id '{article.meta.id}' is already used by {other}; "
                    "give each article a unique id"
                )
            self._articles[article.meta.id] = article
        self._by_path = {a.path: a for a in self._articles.values()}
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            self._db.execute(
                f"CREATE VIRTUAL TABLE kb USING fts5({_COLUMNS[0]} UNINDEXED, "
                f"{', '.join(_COLUMNS[1:])}, tokenize = 'porter unicode61 remove_diacritics 2')"
            )
        except sqlite3.OperationalError as e:
            raise KnowledgeIndexError(
                f"SQLite {sqlite3.sqlite_version} has no FTS5 ({e}); use a Python built with "
                "FTS5 (CPython 3.12 from python.org, AWS Lambda and Debian all have it)"
            ) from e
        self._db.executemany(
            "INSERT INTO kb VALUES (?, ?, ?, ?, ?, ?)",
            [_row(a) for a in self._articles.values()],
        )
        self._vocabulary = _vocabulary(self._articles.values())
        self._corrections: dict[str, str | None] = {}

    @property
    def articles(self) -> Sequence[Article]:
        return tuple(self._articles.values())

    def get(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def by_path(self, path: str) -> Article | None:
        return self._by_path.get(path)

    def knows(self, word: str) -> bool:
        """Whether `word` (or its correction) occurs in titles, symptoms or keywords."""
        return word in self._vocabulary or self._correct(word) is not None

    def terms(self, text: str) -> list[str]:
        """Search terms for `text`: content words, synonyms and spelling corrections.

        A term with a space is a phrase ("one way"): its words must appear side by side.
        """
        terms: list[str] = []
        for word in problem_words(text):
            candidates = [word, *SYNONYMS.get(word, ())]
            if word not in self._vocabulary and word not in SYNONYMS:
                corrected = self._correct(word)
                if corrected is not None:
                    candidates += [corrected, *SYNONYMS.get(corrected, ())]
            for term in candidates:
                if " " in term:
                    if term not in terms:
                        terms.append(term)
                    continue
                for token in _TOKEN.findall(term):
                    # a bare number ("windows 10", "6 times a day") says nothing of the problem
                    usable = len(token) > 1 and not token.isdigit() and token not in STOPWORDS
                    if usable and token not in terms:
                        terms.append(token)
        return terms

    def specific_words(self, text: str) -> list[str]:
        """The caller's words that the index knows and that are not everyday words."""
        return [w for w in content_words(text) if w not in VAGUE_WORDS and self.knows(w)]

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """Articles matching `text`, best first; empty when nothing matches."""
        terms = self.terms(text)
        if not terms:
            return []
        phrases = [p for p in bigrams(text) if p not in terms]
        query = " OR ".join(_quote(t) for t in [*terms, *phrases])
        weights = ", ".join(str(w) for w in _WEIGHTS)
        with self._lock:
            rows = self._db.execute(
                f"SELECT id, bm25(kb, {weights}) AS rank FROM kb WHERE kb MATCH ? "
                "ORDER BY rank LIMIT 20",
                (query,),
            ).fetchall()
        hints = category_hints(" ".join(terms))
        total = sum(hints.values())
        hits: list[Hit] = []
        for article_id, rank in rows:
            article = self._articles[article_id]
            share = hints[article.meta.category] / total if total else 0.0
            hits.append(Hit(article, -float(rank) * (1.0 + _HINT_BOOST * share)))
        hits.sort(key=lambda h: h.score, reverse=True)
        return hits[:limit]

    def _correct(self, word: str) -> str | None:
        """The index word a misheard or misspelled `word` most likely stands for."""
        if len(word) < _MIN_FUZZY_LENGTH or not word.isalpha():
            return None
        if word not in self._corrections:
            close = difflib.get_close_matches(word, self._vocabulary_list(word), n=1, cutoff=0.8)
            self._corrections[word] = close[0] if close else None
        return self._corrections[word]

    def _vocabulary_list(self, word: str) -> list[str]:
        return [v for v in self._vocabulary if abs(len(v) - len(word)) <= 2 and v[0] == word[0]]


def _quote(term: str) -> str:
    """An FTS5 string (a phrase when it has several words); quotes inside are doubled."""
    return '"' + term.replace('"', '""') + '"'


def _row(article: Article) -> tuple[str, str, str, str, str, str]:
    meta = article.meta
    return (
        meta.id,
        meta.title,
        "\n".join(meta.symptoms),
        " ".join(meta.keywords),
        "\n".join(meta.devices),
        _searchable(article.body),
    )


def _searchable(body: str) -> str:
    """The body as a caller's words may match it: steps and help, not the engine's markup
    (`[check]`, `- for: usb-cable`, `- if no: ...`), which would match "usb cable" anywhere."""
    lines = []
    for line in body.splitlines():
        field = _FIELD_LINE.match(line)
        if field is None:
            lines.append(_KIND_MARK.sub("", line))
        elif field.group("name") == "help":
            lines.append(field.group("value"))
    return "\n".join(lines)


def _vocabulary(articles: Iterable[Article]) -> frozenset[str]:
    """Words callers may use that the index knows: from titles, symptoms, keywords, devices."""
    found: set[str] = set(SYNONYMS) | set(CATEGORY_WORDS)
    for article in articles:
        meta = article.meta
        text = " ".join([meta.title, *meta.symptoms, *meta.keywords, *meta.devices]).lower()
        found.update(_TOKEN.findall(text))
    return frozenset(w for w in found if len(w) > 1 and w not in STOPWORDS | FILLERS)


def category_of(hits: Sequence[Hit]) -> Category | None:
    """The category of the best hit, or None."""
    return hits[0].article.meta.category if hits else None


@lru_cache(maxsize=1)
def default_index() -> KnowledgeIndex:
    """The index of the bundled knowledge base (content_root()/knowledge-base), built once.
    A broken article is logged and left out; the content check keeps them out of main."""
    return KnowledgeIndex(load_articles(content_root() / "knowledge-base", _log_broken))


def _log_broken(error: ArticleError) -> None:
    log.error("article left out of the knowledge index: %s", error)
