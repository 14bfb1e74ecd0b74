"""Where the bundled content (personas, knowledge base, agent instructions) lives.

In the Lambda zip, in a PEX and in a Pants test sandbox, `content/` sits beside the `runtime`
package; in a checkout it sits at the repository root. HEADSET_CONTENT_DIR overrides both.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from runtime.constants import ENV_CONTENT_DIR


class ContentNotFoundError(RuntimeError):
    """The content folder is missing from the bundle or checkout."""


class ContentFileError(ValueError):
    """A content file that cannot be used, naming the file, the problem and the fix."""

    def __init__(self, path: str, problem: str, fix: str) -> None:
        super().__init__(f"{path}: {problem}. Fix: {fix}")
        self.path = path
        self.problem = problem
        self.fix = fix


@lru_cache(maxsize=4)
def content_root(override: str | None = None) -> Path:
    """The folder holding personas/, knowledge-base/ and agents/."""
    explicit = override or os.environ.get(ENV_CONTENT_DIR)
    if explicit:
        path = Path(explicit)
        if not (path / "personas").is_dir():
            raise ContentNotFoundError(
                f"{ENV_CONTENT_DIR}={explicit} has no personas/ folder; point it at content/"
            )
        return path
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "content"
        if (candidate / "personas").is_dir():
            return candidate
    candidate = Path.cwd() / "content"
    if (candidate / "personas").is_dir():
        return candidate
    raise ContentNotFoundError(
        f"no content/ folder beside {here.parent} or in {Path.cwd()}; "
        f"bundle content/ with the code or set {ENV_CONTENT_DIR}"
    )
