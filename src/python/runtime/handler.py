"""Lambda entry point: Lex V2 code hooks, Connect invocations and the health check."""

from __future__ import annotations

import gc
import logging
import os
from typing import Any

# Cold start: imports and the warm-up allocate thousands of long-lived objects; collecting while
# they are created only rescans them. Collection resumes once init is done (below).
gc.disable()

from runtime import snapstart  # noqa: E402
from runtime.app import App, hardcoded_lex_reply  # noqa: E402
from runtime.constants import ENV_LAMBDA_FUNCTION_NAME  # noqa: E402
from runtime.events.classify import classify  # noqa: E402

log = logging.getLogger(__name__)
_app: App | None = None


def get_app() -> App:
    """The container's App, built on first use (at init time inside Lambda)."""
    global _app
    if _app is None:
        _app = App.from_env()
    return _app


def reset_app(app: App | None = None) -> None:
    """Tests and tools: replace or forget the cached App."""
    global _app
    _app = app


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    try:
        return get_app().handle(event, context)
    except Exception:  # App.handle never raises; this guards building it (bad config, no content)
        log.exception("runtime could not start; answering with the hard-coded safe reply")
        if classify(event) == "lex":
            return hardcoded_lex_reply()
        return {"status": "error", "error": "runtime could not start; see the function's logs"}


if os.environ.get(ENV_LAMBDA_FUNCTION_NAME):  # pragma: no cover - warm everything during init
    try:
        get_app().warm()
        snapstart.register(get_app())  # hooks for a SnapStart snapshot and its restores
    except Exception:
        log.exception("runtime could not start during init")
# What init loaded lives as long as the container: keep the collector from rescanning it.
gc.freeze()
gc.enable()
