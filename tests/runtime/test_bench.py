"""`bench --json` prints the contract's keys (figures are reported, not asserted)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from runtime.bench import main, percentile

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

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
