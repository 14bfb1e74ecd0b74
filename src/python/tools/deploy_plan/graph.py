"""The part of Pants' graph a change touches: `peek` over the changed targets and their dependents.

One `./pants --changed-since=REF --changed-dependents=transitive peek` answers every question the
plan asks. A target is in that set exactly when it changed or something in its closure changed,
so "is this stack touched?" is "is its module in the set?", and the edges between the targets of
the set are enough to say which changed target reached it (every path from a touched target to a
change runs through touched targets only).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from tools.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Iterable


class PeekTarget(BaseModel):
    """One target as `./pants peek` prints it; only the fields the plan reads."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    address: str
    target_type: str
    dependencies: list[str] | None = None
    sources: list[str] | None = None


_PEEK = TypeAdapter(list[PeekTarget])


@dataclass(frozen=True)
class TouchedGraph:
    """The changed targets, their transitive dependents, and the edges among them."""

    targets: dict[str, PeekTarget]
    changed: frozenset[str]

    @classmethod
    def from_peek(cls, text: str, files: Iterable[str]) -> TouchedGraph:
        try:
            targets = _PEEK.validate_json(text or "[]")
        except ValidationError as e:
            raise UserError(
                f"cannot read the output of `./pants peek`: {e}",
                "run `./pants --changed-since=REF --changed-dependents=transitive peek` by hand "
                "to see what Pants says",
            ) from e
        by_address = {t.address: t for t in targets}
        changed_files = set(files)
        changed = frozenset(a for a, t in by_address.items() if _owns_a_change(t, changed_files))
        return cls(by_address, changed)

    def __contains__(self, address: object) -> bool:
        return address in self.targets

    def addresses(self) -> list[str]:
        return sorted(self.targets)

    def under(self, folder: str) -> list[str]:
        return sorted(a for a in self.targets if under(a, folder))

    def changes_reaching(self, root: str) -> list[str]:
        """The changed targets in `root`'s closure (root included), or [] if root is untouched."""
        if root not in self.targets:
            return []
        seen = {root}
        todo = [root]
        while todo:
            for dep in self.targets[todo.pop()].dependencies or []:
                if dep in self.targets and dep not in seen:
                    seen.add(dep)
                    todo.append(dep)
        return sorted(seen & self.changed)


def under(path: str, folder: str) -> bool:
    """Is the target address or file path inside `folder`?"""
    return path == folder or path.startswith((folder + "/", folder + ":"))


def _owns_a_change(target: PeekTarget, files: set[str]) -> bool:
    """Does the target own a changed file, or is it declared in a changed BUILD file?"""
    sources = set(target.sources or [])
    if sources & files:
        return True
    # `dir:name` is declared in dir/BUILD; a file address (`dir/f.py`, `dir/f.json:name`) too.
    path = target.address.removeprefix("//").split(":", 1)[0].split("#", 1)[0]
    folder = PurePosixPath(path).parent if path in sources else PurePosixPath(path)
    return str(folder / "BUILD") in files
