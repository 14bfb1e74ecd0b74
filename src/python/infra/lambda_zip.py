"""Check the Pants-built Lambda zip before it becomes an asset.

A zip built on an arm64 machine carries aarch64 native extensions (pydantic-core, ...); deployed
to an x86_64 function it fails at import time, on the first call. Synth refuses it instead.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infra.config import LambdaArchitecture

PYTHON_TAG = "cp312"
# The python3.12 runtime runs on Amazon Linux 2023: glibc 2.34. Pants resolves with the build
# machine's interpreter, so a wheel for a newer glibc could slip in and fail at import.
LAMBDA_GLIBC = (2, 34)
_MANYLINUX = re.compile(r"^manylinux_(\d+)_(\d+)_|^manylinux(2014|2010|1)_")
_LEGACY_GLIBC = {"2014": (2, 17), "2010": (2, 12), "1": (2, 5)}
_MACHINE = {"x86_64": "x86_64", "amd64": "x86_64", "aarch64": "arm64", "arm64": "arm64"}
_SO = re.compile(r"\.cpython-(?P<ver>\d+)(?:[a-z]*)-(?P<platform>[a-z0-9_]+(?:-[a-z0-9_]+)*)\.so$")
_HANDLERS = (
    ("lambda_function.py", "lambda_function.handler"),  # Pants' zip-layout shim
    ("runtime/handler.py", "runtime.handler.lambda_handler"),
)


class LambdaZipError(ValueError):
    """The Lambda zip is missing, unreadable, or built for another architecture or Python."""


@dataclass(frozen=True)
class LambdaZip:
    path: Path
    handler: str
    native_files: tuple[str, ...]


def _architecture_of_platform(platform: str) -> str | None:
    """`x86_64-linux-gnu` / `manylinux_2_17_aarch64` -> x86_64 / arm64; None if not Linux."""
    if "linux" not in platform:
        return None
    for machine, arch in _MACHINE.items():
        if platform.startswith(machine) or platform.endswith(machine):
            return arch
    return None


def _check_so(name: str, architecture: str) -> str | None:
    base = PurePosixPath(name).name
    match = _SO.search(base)
    if match is None:
        return None  # abi3 or plain .so: its wheel's WHEEL tags are checked instead
    ver, platform = match["ver"], match["platform"]
    if f"cp{ver}" != PYTHON_TAG:
        return f"{name}: built for CPython {ver[0]}.{ver[1:]}, the function runs python3.12"
    found = _architecture_of_platform(platform)
    if found != architecture:
        return f"{name}: native code for {platform}, the function is {architecture}"
    return None


def _glibc_of(platform: str) -> tuple[int, int] | None:
    match = _MANYLINUX.match(platform)
    if match is None:
        return None
    if match[3]:
        return _LEGACY_GLIBC[match[3]]
    return int(match[1]), int(match[2])


def _check_wheel_tags(name: str, text: str, architecture: str) -> list[str]:
    problems = []
    glibcs = [
        glibc
        for line in text.splitlines()
        if line.startswith("Tag:")
        for platform in line.split(":", 1)[1].strip().split("-", 2)[2].split(".")
        if (glibc := _glibc_of(platform)) is not None
    ]
    if glibcs and min(glibcs) > LAMBDA_GLIBC:
        need = ".".join(map(str, min(glibcs)))
        problems.append(f"{name}: needs glibc {need}, the python3.12 runtime has 2.34")
    for line in text.splitlines():
        if not line.startswith("Tag:"):
            continue
        python, abi, platforms = line.split(":", 1)[1].strip().split("-", 2)
        for platform in platforms.split("."):
            if platform == "any":
                continue
            found = _architecture_of_platform(platform)
            if found != architecture:
                problems.append(f"{name}: wheel tag {platform}, the function is {architecture}")
        if abi not in ("none", "abi3") and python != PYTHON_TAG:
            problems.append(f"{name}: wheel tag {python}-{abi}, the function runs python3.12")
    return problems


def inspect_lambda_zip(path: Path | str, architecture: LambdaArchitecture) -> LambdaZip:
    """Open the zip, find the handler and refuse native code for another platform."""
    path = Path(path)
    if not path.is_file():
        raise LambdaZipError(
            f"Lambda zip {path} not found; build it first with "
            "`./pants package src/python/runtime:lambda` or pass --lambda-zip PATH"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            wheels = {
                n: archive.read(n).decode("utf-8", "replace")
                for n in names
                if n.endswith(".dist-info/WHEEL")
            }
    except zipfile.BadZipFile as e:
        raise LambdaZipError(f"{path} is not a zip file ({e}); rebuild it with Pants") from e

    problems: list[str] = []
    native: list[str] = []
    for name in names:
        lowered = name.lower()
        if lowered.endswith((".pyd", ".dylib")):
            problems.append(f"{name}: Windows/macOS native code cannot run on Lambda")
            native.append(name)
        elif lowered.endswith(".so") or ".so." in lowered:
            native.append(name)
            problem = _check_so(name, architecture)
            if problem:
                problems.append(problem)
    for name, text in sorted(wheels.items()):
        problems.extend(_check_wheel_tags(name, text, architecture))

    if problems:
        shown = "\n  ".join(problems[:10])
        more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
        other = "arm64" if architecture == "x86_64" else "x86_64"
        raise LambdaZipError(
            f"Lambda zip {path} does not match lambda_architecture={architecture} "
            f"(python3.12):\n  {shown}{more}\n"
            f"Build the zip on an {architecture} machine (Pants builds for the machine it runs "
            f"on), or set LAMBDA_ARCHITECTURE={other} if that is the architecture you deploy."
        )

    present = set(names)
    for file, handler in _HANDLERS:
        if file in present:
            return LambdaZip(path=path, handler=handler, native_files=tuple(native))
    raise LambdaZipError(
        f"Lambda zip {path} has neither lambda_function.py nor runtime/handler.py; "
        "is it the zip of src/python/runtime:lambda?"
    )
