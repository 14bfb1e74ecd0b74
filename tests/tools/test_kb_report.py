"""kb report: a scripted chat session's outcome lines, in CloudWatch Logs (moto, with the Logs
Insights queries answered by tests/support/logs_insights.py), ranked per article."""

from __future__ import annotations

import io
import json
import time
from typing import TYPE_CHECKING, Any

import boto3
import pytest

from runtime.chat import Conversation, build_app, find_persona
from runtime.content import content_root
from runtime.handler import reset_app
from runtime.outcomes.insights import ARTICLES, HANDOFF_REASONS
from tests.support.logs_insights import LogsInsights, MalformedQuery, run_query
from tests.tools.conftest import REGION
from tools.kb.cli import main
from tools.kb.report import build_report

if TYPE_CHECKING:
    from collections.abc import Iterator

LOG_GROUP = "/aws/lambda/headset-support-dev-agent"

NOT_DETECTED = "my usb headset isn't showing up on my laptop at all"
# (script, hang up at the end): every call of one afternoon on the line
CALLS: list[tuple[list[str], bool]] = [
    # usb/not-detected.md: two callers ask for a person at step 1, one is fixed at step 2
    ([NOT_DETECTED, "ok I'm not ready now", "I want to talk to a person"], False),
    ([NOT_DETECTED, "ok I'm not ready now", "can I speak to someone please"], False),
    ([NOT_DETECTED, "ok I'm not ready now", "done, nothing", "oh it works now!"], False),
    # a Bluetooth article the caller leaves; a wired-mic article the caller hangs up on
    (["my bluetooth headset keeps disconnecting", "ok thanks, bye"], False),
    (["people can't hear me on calls", "it's wired usb"], True),
    # the mute article fixes it at once, twice
    (["my headset is muted and I can't unmute it, the red light is on", "oh it works now!"], False),
    (
        ["my headset is muted and I can't unmute it, the red light is on", "it works now, thanks"],
        False,
    ),
]


def session_lines() -> list[str]:
    """The log lines the real handler writes for CALLS (local backend, real content)."""
    logs = io.StringIO()
    app = build_app(stream=logs)
    persona = find_persona(app, "tangerine")
    try:
        for number, (script, hang_up) in enumerate(CALLS):
            call = Conversation(app, persona, session_id=f"call-{number}")
            for line in script:
                call.say(line)
            if hang_up:
                call.hang_up()
    finally:
        reset_app(None)
    return logs.getvalue().splitlines()


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return session_lines()


@pytest.fixture
def cloud(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[LogsInsights]:
    """moto + the Logs Insights endpoint; the dev function's name in SSM, its log group empty."""
    with LogsInsights() as logs:
        monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", logs.url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_SSM", logs.moto_url)
        boto3.client("ssm", region_name=REGION).put_parameter(
            Name="/headset-agent/dev/lambda-function-name",
            Value="headset-support-dev-agent",
            Type="String",
        )
        boto3.client("logs", region_name=REGION).create_log_group(logGroupName=LOG_GROUP)
        yield logs


def ship(lines: list[str]) -> None:
    """What Lambda does with the function's stdout: every line an event of its log group."""
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_stream(logGroupName=LOG_GROUP, logStreamName="2026/12/02/[$LATEST]abc")
    now = int(time.time() * 1000)
    logs.put_log_events(
        logGroupName=LOG_GROUP,
        logStreamName="2026/12/02/[$LATEST]abc",
        logEvents=[{"timestamp": now - 1000 + i, "message": line} for i, line in enumerate(lines)],
    )


def report(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["report", "--environment", "dev", "--poll-interval", "0", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_ranks_articles_as_a_person_would(
    cloud: LogsInsights, lines: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # given the afternoon's calls in the function's log group
    ship(lines)
    # when the content author asks for the last week
    code, out, _ = report("--since", "7d", "--json", capsys=capsys)
    # then the article that ends in hand-offs comes first, the one that fixes calls last
    assert code == 0
    data = json.loads(out)
    assert data["conversations"] == len(CALLS) and data["log_group"] == LOG_GROUP
    ranked = [a["article"] for a in data["articles"]]
    assert ranked[0] == "usb/not-detected.md"
    first = data["articles"][0]
    assert (first["conversations"], first["fixed"], first["handed_off"]) == (3, 1, 2)
    assert first["gives_up_at_step"] == 1
    bluetooth, wired = ranked[1], ranked[2]
    assert bluetooth.startswith("bluetooth/") and wired.startswith("usb/")
    assert {data["articles"][1]["gave_up"], data["articles"][2]["gave_up"]} == {1}
    last = data["articles"][-1]
    assert (last["conversations"], last["fixed"], last["handed_off"], last["gave_up"]) == (
        2,
        2,
        0,
        0,
    )
    assert last["gives_up_at_step"] is None
    # and every article no call reached is listed for the author
    assert set(ranked).isdisjoint(data["never_reached"])
    assert "usb/comfort-and-hygiene.md" in data["never_reached"]
    articles = sorted((content_root() / "knowledge-base").glob("*/*.md"))
    assert len(ranked) + len(data["never_reached"]) == len(articles)


def test_the_report_reads_as_a_table_with_the_articles_never_reached(
    cloud: LogsInsights, lines: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    ship(lines)
    cloud.running_polls = 2  # the query runs for a while first
    code, out, _ = report("--since", "1d", capsys=capsys)
    assert code == 0
    header, rule, top, *_ = out.splitlines()[1:]
    assert header.split() == [
        "article", "conversations", "fixed", "handed", "off", "gave", "up", "moved", "on",
        "gives", "up", "at",
    ]  # fmt: skip
    assert top.split() == ["usb/not-detected.md", "3", "1", "2", "0", "0", "step", "1"]
    assert "never reached (" in out and "  usb/comfort-and-hygiene.md" in out


def test_the_hand_off_widget_query_counts_reasons(lines: list[str]) -> None:
    events = [json.loads(line) for line in lines]
    rows = [{f["field"]: f["value"] for f in row} for row in run_query(HANDOFF_REASONS, events)]
    assert rows == [{"reason": "caller_request", "handoffs": "2"}]


def test_the_test_endpoint_refuses_a_query_it_cannot_run() -> None:
    with pytest.raises(MalformedQuery, match="'parse' is not supported"):
        run_query('parse @message "* *" as a, b | stats count(*) as n by a', [])
    assert run_query(ARTICLES, []) == []


def test_an_empty_period_says_so_and_lists_every_article(
    cloud: LogsInsights, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = report("--since", "30m", capsys=capsys)
    assert code == 0 and out.startswith("0 conversation(s)")
    assert "no conversation ended in this period" in err
    assert "usb/not-detected.md" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "7x"], "--since '7x' is not a period"),
        (["--since", "0d"], "is not a period"),
        (["--since", "400d"], "over a year"),
        (["--log-group", "/aws/lambda/nope"], "log group /aws/lambda/nope does not exist"),
        (["--environment", "prod"], "SSM parameter /headset-agent/prod/lambda-function-name"),
    ],
)
def test_bad_input_gets_a_specific_error(
    cloud: LogsInsights, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = report(*args, capsys=capsys)
    assert code == 1
    assert message in err and "fix:" in err


def test_a_query_that_runs_too_long_is_stopped(
    cloud: LogsInsights, capsys: pytest.CaptureFixture[str]
) -> None:
    cloud.running_polls = 1000
    code, _, err = report("--timeout", "0", capsys=capsys)
    assert code == 1 and "still Running after 0 s (stopped)" in err
    assert [q.stopped for q in cloud.queries.values()] == [True]


def test_a_failed_query_is_reported(
    cloud: LogsInsights, capsys: pytest.CaptureFixture[str]
) -> None:
    cloud.final_status = "Failed"
    code, _, err = report(capsys=capsys)
    assert code == 1 and "the Logs Insights query ended Failed" in err


def test_articles_a_call_moved_on_from_count_as_reached_not_fixed() -> None:
    rows: list[dict[str, Any]] = [
        {"article": "usb/hubs-and-docks.md", "step": "2", "earlier": "usb/not-detected.md",
         "conversations": "3", "fixed": "3", "handed_off": "0"},
        {"article": "usb/not-detected.md", "step": "4", "earlier": "",
         "conversations": "1", "handed_off": "1"},
        {"article": "usb/not-detected.md", "step": "2", "earlier": "",
         "conversations": "1", "caller_left": "1"},
        {"step": "", "earlier": "", "conversations": "2", "handed_off": "2"},
    ]  # fmt: skip
    known = ["usb/hubs-and-docks.md", "usb/not-detected.md", "usb/usb-c-adapters.md"]
    result = build_report(rows, known, log_group="g", since="7d")
    stats = {a.article: a for a in result.articles}
    assert [a.article for a in result.articles] == ["usb/not-detected.md", "usb/hubs-and-docks.md"]
    assert (stats["usb/not-detected.md"].conversations, stats["usb/not-detected.md"].moved_on) == (
        5,
        3,
    )
    assert stats["usb/not-detected.md"].gives_up_at == 2  # a tie: the earlier step
    assert result.never_reached == ["usb/usb-c-adapters.md"]
    assert result.no_article is not None and result.no_article.handed_off == 2
    assert result.conversations == 7
