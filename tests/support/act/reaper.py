"""Runs a command and, when it ends (or on SIGTERM), kills every process it left behind.

    python reaper.py COMMAND ARGS...

The script makes itself a child subreaper (Linux prctl), so processes that act's steps start and
orphan (Pants sandbox processes, a pantsd that daemonized itself) are reparented here, found by
walking /proc, and killed: nothing started through it outlives it. Exits with the command's
code. Standard library only: the harness runs it as a plain script.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _descendants() -> list[int]:
    tree = _children()
    found: list[int] = []
    todo = [os.getpid()]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_all() -> None:
    for _ in range(50):
        pids = _descendants()
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG) == (0, 0):
                    break
            except ChildProcessError:
                break


def main(argv: list[str]) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("reaper: cannot become a child subreaper", file=sys.stderr)
        return 125

    def stop(signum: int, frame: object) -> None:
        _kill_all()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    child = subprocess.Popen(argv)
    code = child.wait()
    _kill_all()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
