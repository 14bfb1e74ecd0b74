"""Where the content folders are: an explicit argument, else runtime.content.content_root()."""

from __future__ import annotations

from pathlib import Path

from tools.errors import ConfigError


def content_folder(name: str, explicit: Path | None, option: str) -> Path:
    """content/<name> (personas, knowledge-base, agents), or `explicit` when given."""
    if explicit is not None:
        return Path(explicit)
    from runtime.content import ContentNotFoundError, content_root

    try:
        return content_root() / name
    except ContentNotFoundError as e:
        raise ConfigError(str(e), f"pass {option} DIR") from e
