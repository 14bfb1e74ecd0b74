"""Structured JSON logs and EMF metrics (AWS Lambda Powertools Logger + Metrics, no Tracer).

- One namespace for every metric (default HeadsetSupportAgent), flushed once per invocation.
- The contact id is the correlation id of every log line of a turn.
- Caller phone numbers never reach a log line: the handler never reads them, and a filter
  redacts anything shaped like one. Utterance text is logged only at DEBUG.
Measured here: Logger + Metrics import in ~45-55 ms; Tracer is not used (it loads the X-Ray SDK).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from typing import IO, TYPE_CHECKING, Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.base import MetricManager
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

from runtime import constants as c
from runtime.constants import ENV_LAMBDA_FUNCTION_NAME

if TYPE_CHECKING:
    from runtime.config import RuntimeConfig

# +15555550100, (555) 555-0100, 555-555-0100, 5555550100: 7+ digits with phone punctuation.
_PHONE = re.compile(r"(?<![\w.])\+?\d[\d\s().-]{6,}\d(?![\w.])")
REDACTED = "[redacted-number]"


def redact_numbers(text: str) -> str:
    return _PHONE.sub(REDACTED, text)


class _RedactPhoneNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_numbers(record.msg)
        for key, value in list(vars(record).items()):
            if key not in _STD_ATTRS and isinstance(value, str):
                setattr(record, key, redact_numbers(value))
        return True


_STD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None)))


class Telemetry:
    """The logger and metrics of one runtime; `stream` receives both (stdout in Lambda)."""

    def __init__(
        self,
        *,
        service: str,
        namespace: str,
        level: str = "INFO",
        stream: IO[str] | None = None,
    ) -> None:
        # Lambda: stdout (CloudWatch Logs). Elsewhere (invoke, chat, bench): stderr, so stdout
        # stays free for the command's own output.
        default = sys.stdout if os.environ.get(ENV_LAMBDA_FUNCTION_NAME) else sys.stderr
        self.stream: IO[str] = stream if stream is not None else default
        self.logger = Logger(service=service, level=level, stream=self.stream)
        self.logger.setLevel(level)
        handler = self.logger.registered_handler
        if isinstance(handler, logging.StreamHandler):
            # Powertools shares one handler per service name; point it at our stream without
            # flushing the old one (setStream would, and it may be closed by now).
            handler.acquire()
            try:
                handler.stream = self.stream
            finally:
                handler.release()
        if not any(isinstance(f, _RedactPhoneNumbers) for f in handler.filters):
            handler.addFilter(_RedactPhoneNumbers())
        # Our modules log through logging.getLogger(__name__): route "runtime.*" to the same
        # structured handler, so correlation id and keys apply to every line.
        package_logger = logging.getLogger("runtime")
        if handler not in package_logger.handlers:
            package_logger.addHandler(handler)
        package_logger.setLevel(level)
        package_logger.propagate = False
        self.metrics = Metrics(namespace=namespace, service=service)
        self.namespace = namespace

    @classmethod
    def from_config(cls, config: RuntimeConfig, stream: IO[str] | None = None) -> Telemetry:
        return cls(
            service=config.service_name,
            namespace=config.metrics_namespace,
            level=config.log_level,
            stream=stream,
        )

    def start(self, *, correlation_id: str | None, **keys: str) -> None:
        """Begin an invocation: forget the last one's keys, tag every line with these."""
        self.logger.remove_keys(["persona", "backend", "kind", "request_id"])
        self.logger.set_correlation_id(correlation_id)
        if keys:
            self.logger.append_keys(**keys)

    def count(self, name: str, value: float = 1) -> None:
        self.metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)

    def timing(self, name: str, ms: float) -> None:
        self.metrics.add_metric(name=name, unit=MetricUnit.Milliseconds, value=round(ms, 3))

    def conversation(self, outcome: str, category: str | None, *, turns: int | None) -> None:
        """One conversation ended: its own EMF line at once, dimensions outcome x category (the
        turn's metrics keep theirs). Counts it; its turns too, when known."""
        if is_metrics_disabled():
            return
        metrics = MetricManager(namespace=self.namespace, service=self.metrics.service)
        metrics.add_dimension(c.DIMENSION_OUTCOME, outcome)
        metrics.add_dimension(c.DIMENSION_CATEGORY, category or c.NO_CATEGORY)
        metrics.add_metric(name=c.METRIC_CONVERSATIONS, unit=MetricUnit.Count, value=1)
        if turns is not None:
            metrics.add_metric(name=c.METRIC_CONVERSATION_TURNS, unit=MetricUnit.Count, value=turns)
        self._write(metrics.serialize_metric_set())

    def flush(self) -> None:
        """Write the invocation's metrics as one EMF line (nothing when there are none)."""
        if not self.metrics.metric_set:
            return
        if is_metrics_disabled():
            self.metrics.clear_metrics()
            return
        blob: dict[str, Any] = dict(self.metrics.serialize_metric_set())
        self.metrics.clear_metrics()
        self._write(blob)

    def _write(self, blob: dict[str, Any]) -> None:
        self.stream.write(json.dumps(blob, separators=(",", ":")) + "\n")
        self.stream.flush()
