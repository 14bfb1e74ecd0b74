"""The error boundary every command shares: clear messages, exit codes, colour only on a TTY."""

from __future__ import annotations

import io
import subprocess
from typing import TYPE_CHECKING

import pytest

from tools.console import Console, run
from tools.deploy_plan.pants import SubprocessRunner, changed_files
from tools.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_user_error_is_one_message_and_exit_1() -> None:
    err = io.StringIO()

    def work() -> int:
        raise UserError("the table is missing", "pass --table")

    assert run(work, debug=False, console=Console(io.StringIO(), err)) == 1
    assert err.getvalue() == "error: the table is missing\n  fix: pass --table\n"


def test_unexpected_error_hides_the_traceback_unless_debug() -> None:
    def work() -> int:
        raise KeyError("boom")

    quiet, loud = io.StringIO(), io.StringIO()
    assert run(work, debug=False, console=Console(io.StringIO(), quiet)) == 2
    assert run(work, debug=True, console=Console(io.StringIO(), loud)) == 2
    assert "Traceback" not in quiet.getvalue() and "--debug" in quiet.getvalue()
    assert "Traceback" in loud.getvalue()


def test_colour_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    tty, pipe = Tty(), io.StringIO()
    Console(tty, tty).ok("done")
    Console(pipe, pipe).ok("done")
    assert tty.getvalue() == "\033[32mdone\033[0m\n"
    assert pipe.getvalue() == "done\n"
    monkeypatch.setenv("NO_COLOR", "1")
    plain = Tty()
    Console(plain, plain).ok("done")
    assert plain.getvalue() == "done\n"


def test_subprocess_runner_reads_git_and_reports_a_bad_ref(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    (tmp_path / "a.txt").write_text("a")
    git("add", "a.txt")
    git("-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "-m", "a")
    (tmp_path / "a.txt").write_text("b")
    (tmp_path / "new.txt").write_text("n")
    runner = SubprocessRunner(tmp_path)
    assert changed_files(runner, "HEAD") == ["a.txt", "new.txt"]
    with pytest.raises(UserError, match="failed"):
        changed_files(runner, "no-such-ref")
