"""`content check` and `content schema`: the one command content authors run.

content check [--root content] [--json]   "ok", or every problem with file, field and fix
content schema [--root content]           regenerate personas/persona.schema.json
"""

from __future__ import annotations

from pathlib import Path

from runtime.content import ContentNotFoundError, content_root
from tools.console import Console, add_common, new_parser, run
from tools.content.checks import check_all
from tools.content.schema import SCHEMA_FILE_NAME, write_schema
from tools.errors import UserError


def main(argv: list[str] | None = None, console: Console | None = None) -> int:
    console = console or Console()
    parser = new_parser("content", "Check content/ (personas, knowledge base, agent instructions).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="{check,schema}")
    check = commands.add_parser("check", help="check every content file; exit 1 on problems")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    schema = commands.add_parser("schema", help="regenerate the persona JSON Schema")
    for sub in (check, schema):
        sub.add_argument("--root", type=Path, help="the content folder (default: content)")
        add_common(sub)
    args = parser.parse_args(argv)
    if args.command == "check":
        return run(
            lambda: check_command(args.root, as_json=args.json, console=console),
            debug=args.debug,
            console=console,
        )
    return run(
        lambda: schema_command(args.root, console=console), debug=args.debug, console=console
    )


def check_command(root: Path | None, *, as_json: bool, console: Console) -> int:
    folder = resolve_root(root)
    problems = check_all(folder)
    if as_json:
        console.json({"ok": not problems, "problems": [p.model_dump() for p in problems]})
    elif not problems:
        console.ok("ok")
    else:
        for problem in problems:
            console.fail(str(problem))
        console.print(f"{len(problems)} problem(s); see docs/content-authoring.md")
    return 1 if problems else 0


def schema_command(root: Path | None, *, console: Console) -> int:
    path = resolve_root(root) / "personas" / SCHEMA_FILE_NAME
    changed = write_schema(path)
    console.ok(f"{'wrote' if changed else 'unchanged'} {path.as_posix()}")
    return 0


def resolve_root(root: Path | None) -> Path:
    """--root if given, else ./content, else the bundled content folder."""
    if root is not None:
        if not root.is_dir():
            raise UserError(
                f"content folder {root} does not exist", "pass --root pointing at content/"
            )
        return root
    if Path("content").is_dir():
        return Path("content")
    try:
        return content_root()
    except ContentNotFoundError as e:
        raise UserError(str(e), "run from the repository root or pass --root") from e
