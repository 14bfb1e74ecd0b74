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
    from pathlib import Path

log = logging.getLogger(__name__)


class KnowledgeBundle(BaseModel):
    """Every article, parsed, and the digest of the Markdown files it was parsed from."""

    model_config = ConfigDict(frozen=True)

    digest: str
    articles: tuple[Article, ...]


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


def load_knowledge(root: Path) -> list[Article]:
    """The articles under `root`: from the bundle beside it when it was built from exactly these
    files, else parsed from the Markdown. Raises ArticleError for an article that cannot be used."""
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
                return list(bundle.articles)
            log.warning(
                "knowledge bundle is stale, parsing the articles", extra={"bundle": str(path)}
            )
    from runtime.knowledge.parse import load_articles  # PyYAML and the step parser: only here

    return load_articles(root)
