"""The parsed knowledge base, built when the Lambda zip is packaged.

Parsing the Markdown articles (PyYAML front matter, structured steps) at every cold start costs
more CPU than validating the same Article models from their JSON. When Pants packages
`src/python/runtime:lambda` it runs `tools:kb bundle`, which writes `knowledge-base.json` beside
the `knowledge-base/` folder: pydantic's JSON of the parsed articles and a digest of the Markdown
they came from. `load_knowledge` uses it only when that digest matches the articles beside it;
otherwise (development, where no bundle is built; an edited article) it parses the Markdown.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, ValidationError

from runtime.knowledge.types import Article

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from runtime.knowledge.parse import ArticleError

log = logging.getLogger(__name__)


class LeftOut(BaseModel):
    """An article the parser refused (an ArticleError), left out of the bundle as at run time."""

    model_config = ConfigDict(frozen=True)

    path: str
    problem: str
    fix: str
    field: str | None = None


class KnowledgeBundle(BaseModel):
    """Every article, parsed, and the digest of the Markdown files it was parsed from."""

    model_config = ConfigDict(frozen=True)

    digest: str
    articles: tuple[Article, ...]
    left_out: tuple[LeftOut, ...] = ()


def bundle_path(root: Path) -> Path:
    """Where the bundle of the articles under `root` lives: content/knowledge-base.json."""
    return root.parent / f"{root.name}.json"


def markdown_digest(root: Path) -> str:
    """sha256 over the path and bytes of every article under `root`."""
    digest = hashlib.sha256()
    for file in sorted(root.glob("*/*.md")):
        data = file.read_bytes()
        digest.update(f"{file.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def load_knowledge(
    root: Path, on_error: Callable[[ArticleError], None] | None = None
) -> list[Article]:
    """The articles under `root`: from the bundle beside it when it was built from exactly these
    files, else parsed from the Markdown. A broken article raises ArticleError, or, with
    `on_error`, is handed to it and left out (as `load_articles` does)."""
    path = bundle_path(root)
    if path.is_file():
        try:
            bundle = KnowledgeBundle.model_validate_json(path.read_bytes())
        except ValidationError as e:
            log.warning(
                "knowledge bundle unreadable, parsing the articles",
                extra={"bundle": str(path), "error": str(e)[:300]},
            )
        else:
            if bundle.digest == markdown_digest(root):
                if bundle.left_out:
                    _report(bundle.left_out, on_error)
                return list(bundle.articles)
            log.warning(
                "knowledge bundle is stale, parsing the articles", extra={"bundle": str(path)}
            )
    from runtime.knowledge.parse import load_articles  # PyYAML and the step parser: only here

    return load_articles(root, on_error)


def _report(left_out: tuple[LeftOut, ...], on_error: Callable[[ArticleError], None] | None) -> None:
    """The bundle's broken articles, as the parser would have reported them."""
    from runtime.knowledge.parse import ArticleError

    for item in left_out:
        error = ArticleError(item.path, item.problem, item.fix, item.field)
        if on_error is None:
            raise error
        on_error(error)
