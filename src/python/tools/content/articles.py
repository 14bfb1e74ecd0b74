"""Checks over content/knowledge-base: folders, front matter, steps, unique ids, links."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import ValidationError

from runtime.agents.types import CATEGORIES
from runtime.knowledge.parse import ArticleError, parse_article
from tools.content.shared import FILE, missing_folder, read_text, validation_problems
from tools.content.speakable import check_sources, check_steps
from tools.content.types import Problem

if TYPE_CHECKING:
    from pathlib import Path

    from pydantic_core import ErrorDetails

    from runtime.knowledge.types import Article

_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_ID_LINE = re.compile(r"^id:\s*([a-z0-9-]+)\s*$", re.MULTILINE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def check_knowledge_base(root: Path) -> list[Problem]:
    """Articles: in a category folder, front matter valid, steps the engine can use and a caller
    can follow, real sources, unique ids, links that work."""
    if not root.is_dir():
        return [
            missing_folder(root, "the knowledge-base folder", "restore content/knowledge-base/")
        ]
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    parsed: list[tuple[str, Article]] = []
    written: set[str] = set()  # ids in any file, so a broken article is reported once only
    folders = ", ".join(f"{c}/" for c in CATEGORIES)
    for file in sorted(p for p in root.rglob("*.md") if p.is_file()):
        rel = file.relative_to(root).as_posix()
        path = file.as_posix()
        parts = rel.split("/")
        written.update(_ID_LINE.findall(read_text(file)[0]))
        if len(parts) != 2 or parts[0] not in CATEGORIES:
            if rel.lower() != "readme.md":
                problems.append(
                    Problem(
                        path=path,
                        field=FILE,
                        message="the article is not directly inside a category folder",
                        fix=f"move it into one of {folders}",
                    )
                )
            continue
        text, problem = read_text(file)
        if problem is not None:
            problems.append(problem)
            continue
        try:
            article = parse_article(text, rel)
        except ArticleError as e:
            problems += _article_problems(path, e)
            continue
        other = seen.get(article.meta.id)
        if other is not None:
            problems.append(
                Problem(
                    path=path,
                    field="id",
                    message=f"id '{article.meta.id}' is also used by {other}",
                    fix=f"choose an id no other article uses, e.g. {parts[0]}-<short-topic>",
                )
            )
        seen.setdefault(article.meta.id, path)
        parsed.append((path, article))
        problems += check_links(file, article.body)
        problems += check_sources(path, article)
    for path, article in parsed:
        problems += check_steps(path, article, written | set(seen))
    return problems


def check_articles(root: Path) -> list[Problem]:
    """What parse_article does not check, for articles that parse: broken relative links.

    tools.kb lint parses the articles itself and adds these; check_knowledge_base does both.
    """
    problems: list[Problem] = []
    for file in sorted(root.glob("*/*.md")) if root.is_dir() else []:
        if file.parent.name not in CATEGORIES:
            continue
        text, problem = read_text(file)
        if problem is not None:
            continue
        try:
            article = parse_article(text, file.relative_to(root).as_posix())
        except ArticleError:
            continue
        problems += check_links(file, article.body)
    return problems


def check_links(file: Path, body: str) -> list[Problem]:
    """Relative Markdown links in `body` must point at files that exist."""
    problems: list[Problem] = []
    for match in _LINK.finditer(body):
        target = match.group("target")
        if _EXTERNAL.match(target):
            continue
        relative = target.split("#", 1)[0]
        if relative and not (file.parent / relative).exists():
            problems.append(
                Problem(
                    path=file.as_posix(),
                    field="body",
                    message=f"link '{target}' points at a file that does not exist",
                    fix="correct the path (relative to this article's folder) or remove the link",
                )
            )
    return problems


def _article_problems(path: str, error: ArticleError) -> list[Problem]:
    if isinstance(error.__cause__, ValidationError):
        return validation_problems(path, error.__cause__, _article_fix)
    problem = error.problem
    if error.field is not None:
        field = error.field
    elif problem.startswith("category"):
        field = "category"
    else:
        field = "front matter"
    return [Problem(path=path, field=field, message=problem, fix=error.fix)]


def _article_fix(error: ErrorDetails, field: str) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"remove '{field}' or correct its spelling (see docs/content-authoring.md)"
    if kind == "missing":
        return f"add '{field}' to the front matter (see docs/content-authoring.md)"
    if field == "category":
        return f"use one of {', '.join(CATEGORIES)}, equal to the folder"
    if field == "id":
        return "use lower-case words joined by hyphens, e.g. usb-not-detected"
    if field == "last_reviewed":
        return "write the date as YYYY-MM-DD"
    return f"correct '{field}' (see docs/content-authoring.md)"
