"""`bench --json` prints the contract's keys (figures are reported, not asserted)."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

import runtime
from runtime.bench import lex_event, main, percentile
from runtime.bench_cold import cold_init, zip_mismatch

CONTRACT = {"cold_init_ratio", "warm_overhead_p99_ms", "local_turn_p95_ms", "zip_bytes"}


def test_bench_json_has_the_contract_keys_and_says_when_the_zip_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PERSONA_TABLE_NAME", raising=False)
    code = main(["--json", "--skip-cold", "--turns", "20", "--zip", str(tmp_path / "none.zip")])
    figures = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(figures) >= CONTRACT
    assert figures["zip_bytes"] is None
    assert "not found" in figures["zip_note"]
    assert figures["warm_overhead_p99_ms"] >= figures["warm_overhead_p50_ms"] >= 0


def test_bench_reads_the_zip_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "lambda.zip"
    package.write_bytes(b"PK" + b"\0" * 98)
    main(["--json", "--skip-cold", "--turns", "10", "--zip", str(package)])
    assert json.loads(capsys.readouterr().out)["zip_bytes"] == 100


def test_percentile_picks_from_the_sorted_values() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 51.0
    assert percentile(values, 99) == 99.0
    assert percentile([3.0], 95) == 3.0


def test_cold_figures_count_all_the_cpu_of_a_cold_start_against_the_baseline(
    tmp_path: Path,
) -> None:
    # when one pair of cold starts runs from the sources (no zip built)
    figures = cold_init(1, tmp_path / "none.zip", lex_event("my usb headset has no sound"))
    # then the headline is all the CPU (reply and prefetch) over the baseline's, on one core
    assert figures["cold_code"].startswith("sources (zip not built")
    assert figures["cold_core"] in os.sched_getaffinity(0)
    assert figures["cold_init_cpu_ms"] >= figures["cold_reply_cpu_ms"] > 0
    assert figures["baseline_cpu_ms"] > 0
    ratio = figures["cold_init_cpu_ms"] / figures["baseline_cpu_ms"]
    assert figures["cold_init_ratio"] == pytest.approx(ratio, rel=1e-3)
    assert figures["cold_init_wall_ms"] > 0 and figures["baseline_wall_ms"] > 0


def test_a_zip_built_from_other_sources_is_named_stale(tmp_path: Path) -> None:
    # given a zip of one module as it is here, and one of the same module edited since
    module = Path(runtime.__file__).parent / "bench_cold.py"
    fresh, stale = tmp_path / "fresh.zip", tmp_path / "stale.zip"
    with zipfile.ZipFile(fresh, "w") as bundle:
        bundle.writestr("runtime/bench_cold.py", module.read_bytes())
        bundle.writestr("lambda_function.py", "from runtime.handler import lambda_handler\n")
    with zipfile.ZipFile(stale, "w") as bundle:
        bundle.writestr("runtime/bench_cold.py", module.read_bytes() + b"# edited\n")
    # then the bench measures the first and names what makes the second stale
    assert zip_mismatch(fresh) is None
    assert zip_mismatch(stale) == "runtime/bench_cold.py differs from the sources"
