"""`content check` and `content schema` as an author runs them."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

from tools.console import Console
from tools.content.cli import main

if TYPE_CHECKING:
    from pathlib import Path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), console=Console(out=out, err=err))
    return code, out.getvalue(), err.getvalue()


def test_check_says_ok_for_good_content(content: Path) -> None:
    code, out, _ = run("check", "--root", str(content))
    assert code == 0
    assert out == "ok\n"


def test_check_lists_every_problem_with_file_field_and_fix(content: Path) -> None:
    # given: an author mistypes a field in joseph.json and breaks an article
    joseph = content / "personas" / "joseph.json"
    joseph.write_text(joseph.read_text("utf-8").replace('"tone"', '"tonne"'), "utf-8")
    article = content / "knowledge-base" / "bluetooth" / "pairing-mode.md"
    article.write_text(article.read_text("utf-8").replace("## Steps", "## Stepz"), "utf-8")
    # when
    code, out, _ = run("check", "--root", str(content))
    # then
    lines = out.splitlines()
    assert code == 1
    assert (
        f"{content.as_posix()}/personas/joseph.json: tonne: Extra inputs are not permitted" in out
    )
    assert (
        f"{content.as_posix()}/personas/joseph.json: tone: Field required. Fix: add 'tone'" in out
    )
    assert f"{content.as_posix()}/knowledge-base/bluetooth/pairing-mode.md: Steps:" in out
    assert "required persona 'joseph' is missing or invalid" in out
    assert all(". Fix: " in line for line in lines[:-1])
    assert lines[-1] == "4 problem(s); see docs/content-authoring.md"


def test_check_json_output(content: Path) -> None:
    (content / "agents" / "supervisor.md").write_text("too short", "utf-8")
    code, out, _ = run("check", "--root", str(content), "--json")
    result = json.loads(out)
    assert code == 1
    assert result["ok"] is False
    assert result["problems"] == [
        {
            "path": f"{content.as_posix()}/agents/supervisor.md",
            "field": "(file)",
            "message": "9 characters is below Bedrock's minimum of 40",
            "fix": "write fuller instructions",
        }
    ]


def test_schema_command_repairs_a_stale_schema(content: Path) -> None:
    schema = content / "personas" / "persona.schema.json"
    schema.write_text("{}", "utf-8")
    code, out, _ = run("schema", "--root", str(content))
    assert code == 0
    assert out.startswith("wrote ")
    assert run("check", "--root", str(content))[0] == 0


def test_missing_root_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("check", "--root", str(tmp_path / "nope"))
    assert code == 1
    assert "content folder" in err and "does not exist" in err
    assert "pass --root pointing at content/" in err
