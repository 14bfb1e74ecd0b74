"""Running a command: argument parsing conventions, output, colour, and the error boundary.

Every command's `main(argv)` builds its parser with `new_parser`, then hands its work to `run`:
UserError -> one clear message on stderr and exit 1; anything unexpected -> a one-line summary
(the traceback only with --debug) and exit 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from typing import TYPE_CHECKING, Any, TextIO

from tools.constants import ENV_NO_COLOR
from tools.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable

_COLOURS = {"green": "32", "red": "31", "yellow": "33", "bold": "1", "dim": "2"}


class Console:
    """Writes to stdout/stderr; colour only when the stream is a terminal and NO_COLOR is unset."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out if out is not None else sys.stdout
        self.err = err if err is not None else sys.stderr

    def _colour(self, stream: TextIO, text: str, colour: str) -> str:
        isatty = getattr(stream, "isatty", None)
        if os.environ.get(ENV_NO_COLOR) or isatty is None or not isatty():
            return text
        return f"\033[{_COLOURS[colour]}m{text}\033[0m"

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def ok(self, text: str) -> None:
        print(self._colour(self.out, text, "green"), file=self.out)

    def warn(self, text: str) -> None:
        print(self._colour(self.err, f"warning: {text}", "yellow"), file=self.err)

    def fail(self, text: str) -> None:
        print(self._colour(self.out, text, "red"), file=self.out)

    def error(self, text: str) -> None:
        print(self._colour(self.err, f"error: {text}", "red"), file=self.err)

    def paint(self, text: str, colour: str) -> str:
        """`text` in `colour` if stdout is a terminal."""
        return self._colour(self.out, text, colour)

    def json(self, data: Any) -> None:
        print(json.dumps(data, indent=2, sort_keys=True, default=str), file=self.out)


def new_parser(prog: str, description: str) -> argparse.ArgumentParser:
    """A parser with the options every command shares (--debug)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    add_common(parser)
    parser.set_defaults(debug=False)
    return parser


def add_common(parser: argparse.ArgumentParser) -> None:
    """Shared options; also added to each subcommand so they work after its name too."""
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the full traceback of unexpected errors",
    )


def run(work: Callable[[], int], *, debug: bool, console: Console | None = None) -> int:
    """Run `work`, turning errors into messages and exit codes."""
    console = console or Console()
    try:
        return work()
    except UserError as e:
        console.error(str(e))
        if debug and e.__cause__ is not None:
            traceback.print_exception(e.__cause__, file=console.err)
        return 1
    except KeyboardInterrupt:
        console.error("interrupted")
        return 130
    except Exception as e:
        if debug:
            traceback.print_exc(file=console.err)
        console.error(
            f"unexpected {type(e).__name__}: {e}\n  this is a bug in the tool; rerun with --debug "
            "for the traceback and report it"
        )
        return 2


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain-text table with aligned columns."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    )
    return "\n".join(lines)


def env_flag(name: str) -> bool:
    """True when the environment variable is 'true' or '1' (GitHub Actions sets CI=true)."""
    return os.environ.get(name, "").strip().lower() in ("true", "1", "yes")
