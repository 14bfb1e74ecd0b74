"""`kb bundle OUT`: the parsed knowledge base the Lambda loads at init (runtime.knowledge.bundle).

Pants runs it when it packages src/python/runtime:lambda (an adhoc_tool in
src/python/runtime/BUILD), so the bundle in the zip is always built from the articles beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.knowledge.bundle import KnowledgeBundle, LeftOut, markdown_digest
from runtime.knowledge.parse import load_articles

if TYPE_CHECKING:
    from pathlib import Path

    from runtime.knowledge.parse import ArticleError


def write_bundle(source: Path, out: Path) -> KnowledgeBundle:
    """Parse every article under `source` as the runtime does; write their bundle to `out`.

    An article the parser refuses is left out and recorded, as the runtime leaves it out of its
    index and logs it (the bundle's loader reports it the same way). The content checks of
    `kb lint` are stricter; CI runs them on their own.
    """
    left_out: list[LeftOut] = []

    def record(error: ArticleError) -> None:
        left_out.append(
            LeftOut(path=error.path, problem=error.problem, fix=error.fix, field=error.field)
        )

    articles = tuple(load_articles(source, record))
    bundle = KnowledgeBundle(
        digest=markdown_digest(source), articles=articles, left_out=tuple(left_out)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(bundle.model_dump_json(), encoding="utf-8")
    return bundle
