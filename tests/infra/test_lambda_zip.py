from __future__ import annotations

import zipfile
from typing import TYPE_CHECKING

import pytest

from infra.lambda_zip import LambdaZipError, inspect_lambda_zip
from tests.infra.zips import build_lambda_zip

if TYPE_CHECKING:
    from pathlib import Path


def test_a_zip_for_the_configured_architecture_is_accepted(tmp_path: Path) -> None:
    # given
    path = build_lambda_zip(tmp_path / "lambda.zip", "arm64")
    # when
    package = inspect_lambda_zip(path, "arm64")
    # then
    assert package.handler == "lambda_function.handler"
    assert package.native_files == (
        "pydantic_core/_pydantic_core.cpython-312-aarch64-linux-gnu.so",
    )


@pytest.mark.parametrize(("built", "configured"), [("arm64", "x86_64"), ("x86_64", "arm64")])
def test_a_zip_for_the_other_architecture_is_refused(
    tmp_path: Path, built: str, configured: str
) -> None:
    path = build_lambda_zip(tmp_path / "lambda.zip", built)
    with pytest.raises(LambdaZipError) as caught:
        inspect_lambda_zip(path, configured)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "_pydantic_core.cpython-312-" in message  # names the file
    assert f"lambda_architecture={configured}" in message
    assert f"LAMBDA_ARCHITECTURE={built}" in message  # says how to fix it


def test_wheel_tags_catch_extensions_without_an_architecture_in_their_name(
    tmp_path: Path,
) -> None:
    # given: an abi3 extension (no triplet in its name) from an aarch64 wheel
    path = tmp_path / "lambda.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("runtime/handler.py", "")
        archive.writestr("cryptography/hazmat/bindings/_rust.abi3.so", b"\x7fELF")
        archive.writestr(
            "cryptography-44.0.0.dist-info/WHEEL",
            "Wheel-Version: 1.0\nTag: cp39-abi3-manylinux_2_28_aarch64\n",
        )
    # when / then
    with pytest.raises(LambdaZipError, match="manylinux_2_28_aarch64"):
        inspect_lambda_zip(path, "x86_64")


def test_native_code_for_another_python_is_refused(tmp_path: Path) -> None:
    path = build_lambda_zip(tmp_path / "lambda.zip", "x86_64", python="311")
    with pytest.raises(LambdaZipError, match=r"CPython 3\.11"):
        inspect_lambda_zip(path, "x86_64")


def test_a_zip_without_the_runtime_handler_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lambda.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("app.py", "")
    with pytest.raises(LambdaZipError, match="runtime/handler.py"):
        inspect_lambda_zip(path, "x86_64")


def test_the_module_handler_is_used_without_the_pants_shim(tmp_path: Path) -> None:
    path = tmp_path / "lambda.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("runtime/handler.py", "")
    assert inspect_lambda_zip(path, "x86_64").handler == "runtime.handler.lambda_handler"


def test_missing_and_corrupt_zips_say_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(LambdaZipError, match="pants package src/python/runtime:lambda"):
        inspect_lambda_zip(tmp_path / "absent.zip", "x86_64")
    (tmp_path / "broken.zip").write_bytes(b"not a zip")
    with pytest.raises(LambdaZipError, match="not a zip file"):
        inspect_lambda_zip(tmp_path / "broken.zip", "x86_64")


def test_the_runtime_stack_refuses_a_mismatched_zip(tmp_path: Path) -> None:
    # given: an arm64 zip and an environment configured for x86_64
    import aws_cdk as cdk
    from aws_cdk import aws_dynamodb as dynamodb

    from infra.components.function import BedrockAccess
    from infra.config import load_config
    from infra.stacks.runtime import RuntimeStack

    arm_zip = build_lambda_zip(tmp_path / "lambda.zip", "arm64")
    app = cdk.App(outdir=str(tmp_path / "out"))
    table = dynamodb.TableV2.from_table_name(cdk.Stack(app, "Tables"), "T", "personas")
    access = BedrockAccess("kb", "arn:kb", "g", "arn:g", "1")
    # when / then: the stack is never created, so nothing is synthesized or deployed
    with pytest.raises(LambdaZipError, match="does not match lambda_architecture=x86_64"):
        RuntimeStack(
            app, config=load_config("dev"), lambda_zip=arm_zip, table=table, bedrock=access
        )


def test_a_wheel_for_a_newer_glibc_than_lambdas_is_refused(tmp_path: Path) -> None:
    # given a zip whose native wheel only runs on glibc 2.35 or newer (Lambda has 2.34)
    path = tmp_path / "lambda.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "lambda_function.py", "from runtime.handler import lambda_handler as handler\n"
        )
        archive.writestr("fast_thing/_native.cpython-312-x86_64-linux-gnu.so", b"\x7fELF")
        archive.writestr(
            "fast_thing-1.0.dist-info/WHEEL",
            "Wheel-Version: 1.0\nTag: cp312-cp312-manylinux_2_35_x86_64\n",
        )
    # when it is inspected / then synth refuses it, naming the wheel and the glibc it needs
    with pytest.raises(LambdaZipError, match=r"fast_thing-1.0.dist-info/WHEEL: needs glibc 2.35"):
        inspect_lambda_zip(path, "x86_64")


def test_a_wheel_that_also_offers_an_older_manylinux_tag_is_accepted(tmp_path: Path) -> None:
    path = build_lambda_zip(tmp_path / "lambda.zip", "x86_64")  # manylinux_2_17 + manylinux2014
    assert inspect_lambda_zip(path, "x86_64").native_files
