"""The knowledge bundle: parsed articles, used only when built from the articles beside it."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

from runtime.knowledge.bundle import KnowledgeBundle, bundle_path, load_knowledge, markdown_digest
from runtime.knowledge.parse import load_articles
from tests.runtime.knowledge.samples import write_samples

if TYPE_CHECKING:
    from pathlib import Path


def bundle(kb: Path) -> Path:
    """Bundle the articles under `kb` as packaging the zip does (pydantic's JSON of them)."""
    built = KnowledgeBundle(digest=markdown_digest(kb), articles=tuple(load_articles(kb)))
    path = bundle_path(kb)
    path.write_text(built.model_dump_json(), encoding="utf-8")
    return path


def test_the_bundle_holds_the_same_articles_as_the_markdown(tmp_path: Path) -> None:
    # given articles and their bundle beside them (content/knowledge-base.json)
    kb = write_samples(tmp_path / "content")
    assert bundle(kb) == tmp_path / "content" / "knowledge-base.json"
    # when they are loaded, then they equal the parsed Markdown, step kinds and branches too
    assert load_knowledge(kb) == load_articles(kb)


def test_a_cold_start_with_the_bundle_never_loads_the_markdown_parser(tmp_path: Path) -> None:
    kb = write_samples(tmp_path / "content")
    bundle(kb)
    script = (
        "import sys; from pathlib import Path; from runtime.knowledge import load_knowledge; "
        f"n = len(load_knowledge(Path({str(kb)!r}))); "
        "print(n, 'yaml' in sys.modules, 'runtime.knowledge.parse' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == [str(len(load_articles(kb))), "False", "False"]


def test_an_article_edited_after_bundling_is_read_from_its_markdown(tmp_path: Path) -> None:
    # given a bundle, then an author edits an article (as in development with `chat`)
    kb = write_samples(tmp_path / "content")
    bundle(kb)
    edited = sorted(kb.glob("*/*.md"))[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    # when the articles are loaded, then the edit counts: the stale bundle is not used
    titles = {a.path: a.meta.title for a in load_knowledge(kb)}
    assert titles[edited.relative_to(kb).as_posix()].startswith("Edited ")


def test_a_bundle_the_article_model_cannot_read_is_ignored(tmp_path: Path) -> None:
    # given a bundle written by an older model (a field it does not know any more)
    kb = write_samples(tmp_path / "content")
    path = bundle(kb)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["articles"][0]["meta"]["retired_field"] = 1
    path.write_text(json.dumps(data), encoding="utf-8")
    # then the articles are parsed from their Markdown instead
    assert load_knowledge(kb) == load_articles(kb)
