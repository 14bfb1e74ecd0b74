"""Phone numbers are redacted from any log line; metrics are EMF in one namespace."""

from __future__ import annotations

import io
import json
import logging

import pytest

from runtime.observability import REDACTED, Telemetry, redact_numbers


@pytest.mark.parametrize(
    "text",
    ["call me on +1 206 555 0123", "(206) 555-0123 please", "number 2065550123", "+442071838750"],
)
def test_phone_numbers_are_redacted(text: str) -> None:
    assert REDACTED in redact_numbers(text)


@pytest.mark.parametrize("text", ["step 3 of 5", "version 1.4.2", "USB 3.0 port", "took 120 ms"])
def test_ordinary_numbers_survive(text: str) -> None:
    assert redact_numbers(text) == text


def test_a_stray_number_in_any_runtime_log_is_redacted() -> None:
    stream = io.StringIO()
    Telemetry(service="redact-test", namespace="HeadsetSupportAgent", stream=stream)
    logging.getLogger("runtime.somewhere").warning(
        "caller +1 206 555 0123 said", extra={"detail": "ring 206-555-0123"}
    )
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert "555" not in json.dumps(line)
    assert line["detail"] == f"ring {REDACTED}"


def test_metrics_flush_as_one_emf_line_and_nothing_when_empty() -> None:
    stream = io.StringIO()
    telemetry = Telemetry(service="emf-test", namespace="HeadsetSupportAgent", stream=stream)
    telemetry.flush()
    assert stream.getvalue() == ""
    telemetry.count("Fallbacks")
    telemetry.timing("TurnLatency", 12.3456)
    telemetry.flush()
    blob = json.loads(stream.getvalue())
    names = {m["Name"] for m in blob["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert names == {"Fallbacks", "TurnLatency"}
    assert blob["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "HeadsetSupportAgent"
    assert blob["TurnLatency"] == [12.346]
