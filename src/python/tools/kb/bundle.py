"""`kb bundle OUT`: the parsed knowledge base the Lambda loads at init (runtime.knowledge.bundle).

Pants runs it when it packages src/python/runtime:lambda (an adhoc_tool in
src/python/runtime/BUILD), so the bundle in the zip is always built from the articles beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.knowledge.bundle import KnowledgeBundle, markdown_digest
from runtime.knowledge.parse import load_articles

if TYPE_CHECKING:
    from pathlib import Path


def write_bundle(source: Path, out: Path) -> KnowledgeBundle:
    """Parse every article under `source` as the runtime does; write their bundle to `out`.

    Raises ArticleError for an article the runtime could not load: it stops the build. (The
    content checks of `kb lint` are stricter; CI runs them on their own.)
    """
    bundle = KnowledgeBundle(digest=markdown_digest(source), articles=tuple(load_articles(source)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(bundle.model_dump_json(), encoding="utf-8")
    return bundle
