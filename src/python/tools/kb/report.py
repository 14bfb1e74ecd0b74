"""`kb report`: how the conversations that reached each article ended, from the outcome lines.

It runs runtime.outcomes.insights.ARTICLES, the query of the dashboard's "Articles that end in a
hand-off" widget, over the agent Lambda's log group, then folds its rows (one per article, step
and earlier articles) into one line per article:

- conversations: calls that reached the article (ended on it, or moved on from it)
- fixed / handed off / gave up (the caller said goodbye or hung up) / moved on (to another
  article, which then ended the call)
- gives up at: the step most unfixed calls ended on
- never reached: articles in content/knowledge-base no conversation reached in the period

Ranked as a person reading it would: the articles that most often end in a hand-off first, then
those callers most often give up on, then those that fix least.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from runtime.outcomes.insights import COUNT_FIELDS
from tools.aws import error_code, friendly
from tools.constants import SSM_LAMBDA_FUNCTION_NAME, ssm_name
from tools.errors import ConfigError, UserError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

NO_ARTICLE = "(no article reached)"
_SINCE = re.compile(r"^\s*(\d+)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
MAX_SINCE = timedelta(days=365)
DONE = frozenset({"Complete", "Failed", "Cancelled", "Timeout", "Unknown"})


def parse_since(text: str) -> timedelta:
    """`30m`, `12h`, `7d`, `2w`: how far back the report looks."""
    match = _SINCE.match(text)
    if match is None or int(match[1]) == 0:
        raise ConfigError(
            f"--since {text!r} is not a period", "give a number and a unit: 30m, 12h, 7d or 2w"
        )
    span = timedelta(**{_UNITS[match[2]]: int(match[1])})
    if span > MAX_SINCE:
        raise ConfigError(f"--since {text} is over a year", "give at most 365d")
    return span


def function_log_group(ssm: Any, environment: str) -> str:
    """/aws/lambda/<function>, the function's name read from SSM as the infra wrote it."""
    name = ssm_name(environment, SSM_LAMBDA_FUNCTION_NAME)
    try:
        value = ssm.get_parameter(Name=name)["Parameter"]["Value"]
    except Exception as e:
        if error_code(e) == "ParameterNotFound":
            raise ConfigError(
                f"SSM parameter {name} is missing",
                f"deploy the runtime stack for '{environment}' first, or pass --log-group",
            ) from e
        raise friendly(e, f"reading {name} from SSM") from e
    return f"/aws/lambda/{value}"


def run_query(
    logs: Any,
    log_group: str,
    query: str,
    *,
    start: datetime,
    end: datetime,
    timeout: float = 120.0,
    poll_interval: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, str]]:
    """Start a Logs Insights query and wait for its rows (each a field -> value map)."""
    try:
        query_id = logs.start_query(
            logGroupName=log_group,
            startTime=int(start.timestamp()),
            endTime=int(end.timestamp()),
            queryString=query,
        )["queryId"]
    except Exception as e:
        if error_code(e) == "ResourceNotFoundException":
            raise UserError(
                f"log group {log_group} does not exist in this account and region",
                "check --environment / --log-group and --region; the runtime stack creates it",
            ) from e
        raise friendly(e, f"starting the Logs Insights query on {log_group}") from e
    waited = 0.0
    while True:
        try:
            response = logs.get_query_results(queryId=query_id)
        except Exception as e:
            raise friendly(e, f"reading the results of query {query_id}") from e
        status = response.get("status", "Unknown")
        if status in DONE:
            break
        if waited >= timeout:
            # best effort (it ends by itself within 60 min): the timeout is what matters here
            with contextlib.suppress(Exception):
                logs.stop_query(queryId=query_id)
            raise UserError(
                f"the query was still {status} after {timeout:.0f} s (stopped)",
                "rerun with a shorter --since or a longer --timeout",
            )
        sleep(poll_interval)
        waited += poll_interval
    if status != "Complete":
        raise UserError(
            f"the Logs Insights query ended {status}",
            "rerun; if it keeps failing, run the dashboard's widget query in the console",
        )
    return [
        {f["field"]: f["value"] for f in row if not f["field"].startswith("@")}
        for row in response.get("results") or []
    ]


@dataclass
class ArticleStats:
    """How the conversations that reached one article ended."""

    article: str
    ended: int = 0  # conversations that ended on this article
    fixed: int = 0
    handed_off: int = 0
    caller_left: int = 0
    abandoned: int = 0
    moved_on: int = 0  # reached, then the call went on to another article
    unfixed_at: Counter[int] = field(default_factory=Counter)  # step -> unfixed endings

    @property
    def conversations(self) -> int:
        return self.ended + self.moved_on

    @property
    def gave_up(self) -> int:
        return self.caller_left + self.abandoned

    @property
    def gives_up_at(self) -> int | None:
        """The step most unfixed calls ended on (the earlier step on a tie)."""
        if not self.unfixed_at:
            return None
        return min(self.unfixed_at, key=lambda step: (-self.unfixed_at[step], step))

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "conversations": self.conversations,
            "fixed": self.fixed,
            "handed_off": self.handed_off,
            "gave_up": self.gave_up,
            "caller_left": self.caller_left,
            "abandoned": self.abandoned,
            "moved_on": self.moved_on,
            "gives_up_at_step": self.gives_up_at,
        }


@dataclass
class Report:
    log_group: str
    since: str
    articles: list[ArticleStats]  # ranked: the ones that need an author first
    never_reached: list[str]
    no_article: ArticleStats | None  # calls that ended before any article was reached

    @property
    def conversations(self) -> int:
        ended = sum(a.ended for a in self.articles)
        return ended + (self.no_article.ended if self.no_article else 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "log_group": self.log_group,
            "since": self.since,
            "conversations": self.conversations,
            "articles": [a.to_json() for a in self.articles],
            "no_article": self.no_article.to_json() if self.no_article else None,
            "never_reached": self.never_reached,
        }


def _count(row: dict[str, str], name: str) -> int:
    try:
        return int(float(row.get(name) or 0))
    except ValueError:
        return 0


def _rank(stats: ArticleStats) -> tuple[int, int, int, str]:
    return (-stats.handed_off, -(stats.gave_up + stats.moved_on), stats.fixed, stats.article)


def build_report(
    rows: Iterable[dict[str, str]], known: Iterable[str], *, log_group: str, since: str
) -> Report:
    """Fold the query's rows (article, step, earlier + counts) into one line per article."""
    by_article: dict[str, ArticleStats] = {}

    def stats(path: str) -> ArticleStats:
        return by_article.setdefault(path, ArticleStats(path))

    for row in rows:
        counts = {name: _count(row, name) for name in COUNT_FIELDS}
        target = stats(row.get("article") or NO_ARTICLE)
        target.ended += counts["conversations"]
        target.fixed += counts["fixed"]
        target.handed_off += counts["handed_off"]
        target.caller_left += counts["caller_left"]
        target.abandoned += counts["abandoned"]
        unfixed = counts["conversations"] - counts["fixed"]
        step = _count(row, "step")
        if unfixed and step:
            target.unfixed_at[step] += unfixed
        for earlier in (row.get("earlier") or "").split():
            stats(earlier).moved_on += counts["conversations"]
    no_article = by_article.pop(NO_ARTICLE, None)
    reached = set(by_article)
    return Report(
        log_group=log_group,
        since=since,
        articles=sorted(by_article.values(), key=_rank),
        never_reached=sorted(set(known) - reached),
        no_article=no_article,
    )


def render(report: Report) -> list[list[str]]:
    """Table rows: article, conversations, fixed, handed off, gave up, moved on, gives up at."""
    lines = [*report.articles, *([report.no_article] if report.no_article else [])]
    return [
        [
            a.article,
            str(a.conversations),
            str(a.fixed),
            str(a.handed_off),
            str(a.gave_up),
            str(a.moved_on),
            f"step {a.gives_up_at}" if a.gives_up_at else "-",
        ]
        for a in lines
    ]


HEADERS = ["article", "conversations", "fixed", "handed off", "gave up", "moved on", "gives up at"]


def since_window(span: timedelta, now: datetime | None = None) -> tuple[datetime, datetime]:
    end = now or datetime.now(UTC)
    return end - span, end
