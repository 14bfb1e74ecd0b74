"""Parse knowledge-base articles: YAML front matter, a summary, and a numbered Steps section."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from runtime.content import ContentFileError
from runtime.knowledge.steps import StepSyntaxError, parse_steps
from runtime.knowledge.types import Article, FrontMatter

# libyaml's loader when PyYAML was built with it: about ten times faster at cold start.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

_FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n(?P<body>.*)\Z", re.DOTALL)
_STEPS_HEADING = re.compile(r"^##\s+Steps\s*$", re.MULTILINE | re.IGNORECASE)
_NEXT_HEADING = re.compile(r"^#{1,2}\s+", re.MULTILINE)


class ArticleError(ContentFileError):
    """An article that cannot be used, with the file, the field and how to fix it."""

    def __init__(self, path: str, problem: str, fix: str, field: str | None = None) -> None:
        super().__init__(path, problem, fix)
        self.field = field


def parse_article(text: str, path: str) -> Article:
    """Parse one article; `path` is relative to the knowledge-base root (e.g. usb/hub.md)."""
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise ArticleError(
            path,
            "no front matter",
            "start the file with a line '---', the YAML fields, and another '---' line",
        )
    try:
        raw = yaml.load(match.group("yaml"), Loader=_Loader)  # a safe loader
    except yaml.YAMLError as e:
        raise ArticleError(path, f"front matter is not valid YAML ({e})", "fix the YAML") from e
    if not isinstance(raw, dict):
        raise ArticleError(path, "front matter is not a mapping", "write 'field: value' lines")
    try:
        meta = FrontMatter.model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "front matter"
        raise ArticleError(
            path,
            f"front matter field '{field}': {first['msg']}",
            f"correct '{field}' (see docs/content-authoring.md)",
        ) from e
    folder = path.split("/", 1)[0] if "/" in path else ""
    if folder and folder != meta.category:
        raise ArticleError(
            path,
            f"category '{meta.category}' does not match folder '{folder}'",
            f"set 'category: {folder}' or move the file to {meta.category}/",
        )
    body = match.group("body").strip()
    steps_match = _STEPS_HEADING.search(body)
    if steps_match is None:
        raise ArticleError(
            path, "no '## Steps' section", "add '## Steps' and a numbered list", "Steps"
        )
    summary = _strip_title(body[: steps_match.start()]).strip()
    rest = body[steps_match.end() :]
    following = _NEXT_HEADING.search(rest)
    steps_block = rest[: following.start()] if following else rest
    try:
        steps = parse_steps(steps_block)
    except StepSyntaxError as e:
        field = f"Steps.{e.number}" if e.number is not None else "Steps"
        raise ArticleError(path, e.problem, e.fix, field) from e
    if not steps:
        raise ArticleError(
            path,
            "the Steps section has no numbered steps",
            "write steps as '1. [check] ...', '2. [open] ...'",
            "Steps",
        )
    return Article(path=path, meta=meta, summary=summary, steps=tuple(steps), body=body)


def load_articles(
    root: Path, on_error: Callable[[ArticleError], None] | None = None
) -> list[Article]:
    """Every article under `root` (content/knowledge-base), sorted by path.

    Raises ArticleError, or, with `on_error`, hands it each broken article and goes on: a
    caller is better served by the other articles than by none.
    """
    articles = []
    for file in sorted(root.glob("*/*.md")):
        rel = file.relative_to(root).as_posix()
        try:
            articles.append(parse_article(file.read_text(encoding="utf-8"), rel))
        except ArticleError as e:
            if on_error is None:
                raise
            on_error(e)
    return articles


def _strip_title(text: str) -> str:
    lines = text.strip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines)
