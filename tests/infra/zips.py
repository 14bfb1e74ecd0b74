"""Small real Lambda zips for tests: a handler plus native-extension names for an architecture.

The synth tests use the real zip of `src/python/runtime:lambda` (tests/infra/built_zip.py); the
refusal tests use these, since they need a zip built for the *other* architecture.
"""

from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

_TRIPLET = {"x86_64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu"}
_WHEEL_ARCH = {"x86_64": "x86_64", "arm64": "aarch64"}


def build_lambda_zip(
    path: Path, architecture: str, *, python: str = "312", wheel_arch: str | None = None
) -> Path:
    """Write a zip shaped like Pants' zip layout, with pydantic-core's native extension."""
    wheel = wheel_arch or _WHEEL_ARCH[architecture]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "lambda_function.py", "from runtime.handler import lambda_handler as handler\n"
        )
        archive.writestr("runtime/__init__.py", "")
        archive.writestr(
            "runtime/handler.py", "def lambda_handler(event, context):\n    return {}\n"
        )
        archive.writestr(
            f"pydantic_core/_pydantic_core.cpython-{python}-{_TRIPLET[architecture]}.so",
            b"\x7fELF-not-really",
        )
        archive.writestr(
            "pydantic_core-2.27.0.dist-info/WHEEL",
            "Wheel-Version: 1.0\nGenerator: maturin\nRoot-Is-Purelib: false\n"
            f"Tag: cp{python}-cp{python}-manylinux_2_17_{wheel}\n"
            f"Tag: cp{python}-cp{python}-manylinux2014_{wheel}\n",
        )
        archive.writestr(
            "pydantic-2.10.0.dist-info/WHEEL",
            "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
    return path
