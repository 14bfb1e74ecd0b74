"""`invoke`: run the real handler on one event file and print the response JSON.

    ./pants run src/python/runtime:invoke -- EVENT.json [--backend local] [--persona ID]

Like `sam local invoke`: logs and metrics go to stderr, the response alone to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence


class InvokeError(Exception):
    """A problem with the command line or the event file; printed without a traceback."""


class FakeContext:
    """The bits of the Lambda context object the handler reads."""

    function_name = "headset-support-runtime-local"
    aws_request_id = "local-invoke"

    def __init__(self, timeout_s: float) -> None:
        import time

        self._end = time.monotonic() + timeout_s

    def get_remaining_time_in_millis(self) -> int:
        import time

        return max(int((self._end - time.monotonic()) * 1000), 0)


def read_event(path: str) -> dict[str, Any]:
    file = Path(path)
    if not file.is_file():
        raise InvokeError(
            f"{path}: no such file; pass the path of a JSON event, e.g. tests/events/"
        )
    try:
        event = json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise InvokeError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from e
    except json.JSONDecodeError as e:
        raise InvokeError(
            f"{path}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg}); fix the file"
        ) from e
    if not isinstance(event, dict):
        raise InvokeError(f"{path}: the event must be a JSON object, got {type(event).__name__}")
    return event


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="invoke", description="Run the Lambda handler on one event file (local backend)."
    )
    parser.add_argument("event", help="path of a JSON event file (Lex V2, Connect or health check)")
    parser.add_argument(
        "--backend",
        default="local",
        choices=["local", "bedrock-agents", "converse"],
        help="agent backend (default: local; cloud backends need AWS credentials)",
    )
    parser.add_argument("--persona", help="set the session attribute persona_id on a Lex event")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="Lambda timeout to simulate (s)"
    )
    parser.add_argument("--quiet", action="store_true", help="no logs or metrics on stderr")
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None, stdout: IO[str] | None = None) -> int:
    out = stdout or sys.stdout
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        event = read_event(args.event)
    except InvokeError as e:
        print(f"invoke: error: {e}", file=sys.stderr)
        return 1
    if args.persona:
        state = event.setdefault("sessionState", {})
        if isinstance(state, dict):
            state.setdefault("sessionAttributes", {})["persona_id"] = args.persona
    import io

    from runtime.app import App
    from runtime.handler import lambda_handler, reset_app

    log_stream: IO[str] = io.StringIO() if args.quiet else sys.stderr
    try:
        reset_app(App.from_env(stream=log_stream, agent_backend=args.backend))
    except Exception as e:
        print(f"invoke: error: the runtime could not start: {e}", file=sys.stderr)
        return 1
    response = lambda_handler(event, FakeContext(args.timeout))
    out.write(json.dumps(response, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
