"""Helpers every content check shares: reading files and turning validation errors into Problems."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.content.types import Problem

if TYPE_CHECKING:
    from pydantic import ValidationError

FILE = "(file)"


def validation_problems(path: str, error: ValidationError, fix: Any) -> list[Problem]:
    problems = []
    for detail in error.errors():
        field = ".".join(str(p) for p in detail["loc"]) or FILE
        problems.append(
            Problem(path=path, field=field, message=detail["msg"], fix=fix(detail, field))
        )
    return problems


def read_text(file: Path) -> tuple[str, Problem | None]:
    try:
        return file.read_text(encoding="utf-8"), None
    except (OSError, UnicodeDecodeError) as e:
        return "", Problem(
            path=file.as_posix(),
            field=FILE,
            message=f"cannot be read ({e})",
            fix="save the file as UTF-8 text",
        )


def missing_folder(folder: Path, what: str, fix: str) -> Problem:
    return Problem(
        path=Path(folder).as_posix(), field=FILE, message=f"{what} does not exist", fix=fix
    )
