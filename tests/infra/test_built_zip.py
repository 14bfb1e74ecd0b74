"""The zip Pants builds is what the Lambda runs: right architecture, right Python, all content."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import zipfile
from typing import TYPE_CHECKING

import pytest

from infra.lambda_zip import LambdaZipError, inspect_lambda_zip
from runtime.knowledge.bundle import KnowledgeBundle, markdown_digest
from tests.events import load_event
from tests.infra.built_zip import machine_architecture

if TYPE_CHECKING:
    from pathlib import Path

    from infra.config import LambdaArchitecture


def test_every_native_extension_is_cp312_for_this_machine(lambda_zip: Path) -> None:
    # given the zip Pants built here / when it is inspected for this machine's architecture
    package = inspect_lambda_zip(lambda_zip, machine_architecture())
    # then it has native code (pydantic-core), all of it CPython 3.12 for this architecture
    assert any("pydantic_core" in name for name in package.native_files)
    assert all("cpython-312" in n or "abi3" in n for n in package.native_files if n.endswith(".so"))
    assert package.handler == "lambda_function.handler"


def test_the_built_zip_is_refused_for_the_other_architecture(lambda_zip: Path) -> None:
    other: LambdaArchitecture = "arm64" if machine_architecture() == "x86_64" else "x86_64"
    with pytest.raises(LambdaZipError, match=f"lambda_architecture={other}"):
        inspect_lambda_zip(lambda_zip, other)


def test_the_zip_carries_the_content_and_leaves_boto3_to_the_runtime(lambda_zip: Path) -> None:
    names = set(zipfile.ZipFile(lambda_zip).namelist())
    # the troubleshooter, the personas and the agents' instructions travel with the code
    assert "runtime/handler.py" in names
    assert {"content/personas/tangerine.json", "content/agents/supervisor.md"} <= names
    assert sum(n.startswith("content/knowledge-base/") and n.endswith(".md") for n in names) >= 32
    # boto3 comes with the python3.12 runtime; bundling it would double the zip
    assert not any(n.startswith(("boto3/", "botocore/")) for n in names)


def unpacked(lambda_zip: Path, tmp_path: Path) -> Path:
    """The zip unpacked as Lambda does (/var/task)."""
    task = tmp_path / "task"
    zipfile.ZipFile(lambda_zip).extractall(task)
    return task


def run_in(task: Path, script: str, *flags: str) -> subprocess.CompletedProcess[str]:
    """`script` in a Python with no site-packages (-S): everything must come from `task`
    (boto3 is only needed for the table). A Connect voice turn's event is on its stdin."""
    done = subprocess.run(
        [sys.executable, "-S", *flags, "-c", script],
        input=json.dumps(load_event("lex-connect-voice-speech")),
        capture_output=True,
        text=True,
        cwd=task,
        env={"PYTHONPATH": str(task), "AWS_REGION": "us-east-1", "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_the_zip_answers_a_caller_on_its_own(lambda_zip: Path, tmp_path: Path) -> None:
    # given the zip unpacked as Lambda does, and a Python with no site-packages
    task = unpacked(lambda_zip, tmp_path)
    # when Lambda's entry point handles a caller's voice turn
    script = (
        "import json, sys; import lambda_function as f; "
        "print(json.dumps(f.handler(json.loads(sys.stdin.read()), None)))"
    )
    done = run_in(task, script)
    # then it answers with a spoken step of the troubleshooter, not the safe fallback
    response = json.loads(done.stdout.splitlines()[-1])
    assert response["sessionState"]["dialogAction"]["type"] == "ElicitIntent"
    assert response["messages"][0]["content"].startswith("<speak>")
    assert response["sessionState"]["sessionAttributes"]["last_category"] == "usb"


def test_every_module_ships_its_bytecode_checked_against_its_source(lambda_zip: Path) -> None:
    # given the zip Pants built: Lambda's /var/task is read-only, Python cannot cache bytecode
    bundle = zipfile.ZipFile(lambda_zip)
    names = set(bundle.namelist())
    modules = sorted(n for n in names if n.endswith(".py"))
    assert "runtime/handler.py" in modules and "pydantic/main.py" in modules
    for module in modules:
        folder, _, name = module.rpartition("/")
        cached = f"{folder}/__pycache__/{name[:-3]}.{sys.implementation.cache_tag}.pyc".lstrip("/")
        # then each module has bytecode of this Python (the runtime's minor version) beside it,
        # checked against the hash of its source, so an edited source is never run stale
        assert cached in names, f"{module} has no bytecode in the zip"
        header = bundle.read(cached)[:16]
        assert header[:4] == importlib.util.MAGIC_NUMBER, f"{cached} is for another Python"
        assert int.from_bytes(header[4:8], "little") == 0b11, f"{cached} is not checked-hash"
        assert header[8:16] == importlib.util.source_hash(bundle.read(module)), cached


def test_the_unpacked_zip_imports_from_its_bytecode(lambda_zip: Path, tmp_path: Path) -> None:
    # given the zip unpacked as Lambda does, where nothing can be written
    task = unpacked(lambda_zip, tmp_path)
    # when the handler module is imported (verbose: Python names each bytecode file it loads)
    done = run_in(task, "import runtime.app", "-v")
    # then our modules and pydantic come from the shipped bytecode, not compiled again
    loaded = done.stderr
    for module in ("runtime/__pycache__/app.", "pydantic/__pycache__/main."):
        assert f"code object from '{task / module}" in loaded, module


def test_the_zip_answers_from_its_knowledge_bundle_without_parsing_markdown(
    lambda_zip: Path, tmp_path: Path
) -> None:
    # given the zip unpacked as Lambda does: the bundle Pants built beside the articles
    task = unpacked(lambda_zip, tmp_path)
    bundle = KnowledgeBundle.model_validate_json(
        (task / "content/knowledge-base.json").read_bytes()
    )
    assert bundle.digest == markdown_digest(task / "content/knowledge-base")
    # when a caller's first turn is answered
    script = (
        "import json, sys; import lambda_function as f; "
        "r = f.handler(json.loads(sys.stdin.read()), None); "
        "print(json.dumps([r['sessionState']['dialogAction']['type'], 'yaml' in sys.modules]))"
    )
    done = run_in(task, script)
    # then it answered, and never loaded the Markdown parser's PyYAML
    assert json.loads(done.stdout.splitlines()[-1]) == ["ElicitIntent", False]
