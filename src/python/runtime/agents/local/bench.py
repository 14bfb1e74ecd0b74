"""Accuracy and speed of the local troubleshooter over labelled caller phrasings.

    python -m runtime.agents.local.bench [--cases FILE ...] [--persona ID] [--rounds N] [--json]

Prints per-category accuracy, escalation and out-of-scope handling, the failures, and turn
latency (p50/p95, warm) plus the time to build the index. By default it reads every *.jsonl
file under tests/eval/ of the checkout (or the current directory).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from runtime.agents.local.backend import LocalAgentBackend
from runtime.agents.local.evaluation import CaseFileError, evaluate, load_cases
from runtime.content import content_root
from runtime.knowledge.index import KnowledgeIndex
from runtime.knowledge.parse import load_articles
from runtime.persona.files import load_personas

if TYPE_CHECKING:
    from collections.abc import Sequence

    from runtime.agents.local.evaluation import Score

DEFAULT_PERSONA = "tangerine"


def default_case_files() -> list[Path]:
    for base in (content_root().parent, Path.cwd()):
        files = sorted((base / "tests" / "eval").glob("*.jsonl"))
        if files:
            return files
    return []


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def measure(files: Sequence[Path], persona_id: str, rounds: int) -> dict[str, object]:
    """Build the index, score each case file, time warm turns; everything as one dict."""
    kb = content_root() / "knowledge-base"
    started = time.perf_counter()
    articles = load_articles(kb)
    parsed = time.perf_counter()
    index = KnowledgeIndex(articles)
    built = time.perf_counter()
    personas = load_personas(content_root() / "personas")
    persona = personas.get(persona_id) or next(iter(personas.values()))
    backend = LocalAgentBackend(index=index)
    report: dict[str, object] = {
        "articles": len(articles),
        "parse_ms": round((parsed - started) * 1000, 2),
        "index_build_ms": round((built - parsed) * 1000, 2),
        "persona": persona.id,
        "sets": {},
    }
    all_ms: list[float] = []
    sets: dict[str, object] = {}
    for file in files:
        cases = load_cases([file])
        score = evaluate(backend, persona, cases)
        sets[file.name] = _summary(score)
        for _ in range(rounds):
            all_ms += evaluate(backend, persona, cases).latencies()
    report["sets"] = sets
    report["turns_timed"] = len(all_ms)
    report["local_turn_p50_ms"] = round(statistics.median(all_ms), 3) if all_ms else 0.0
    report["local_turn_p95_ms"] = round(percentile(all_ms, 95), 3)
    report["local_turn_max_ms"] = round(max(all_ms, default=0.0), 3)
    return report


def _summary(score: Score) -> dict[str, object]:
    return {
        "cases": len(score.results),
        "category_accuracy": round(score.category_accuracy, 4),
        "article_accuracy": round(score.article_accuracy, 4),
        "per_category": {c: f"{r}/{t}" for c, (r, t) in score.per_category().items()},
        "escalation_recall": round(score.escalation_recall, 4),
        "escalation_reason_accuracy": round(score.escalation_reason_accuracy, 4),
        "false_escalations": len(score.false_escalations),
        "out_of_scope_accuracy": round(score.outcome_accuracy("out_of_scope"), 4),
        "not_understood_accuracy": round(score.outcome_accuracy("not_understood"), 4),
        "failures": [
            {
                "text": r.case.text,
                "expected": r.case.article or r.case.reason or r.case.expect,
                "got": r.article or r.escalation_reason or r.outcome,
            }
            for r in score.failures()
        ],
    }


def _print_text(report: dict[str, object]) -> None:
    print(
        f"{report['articles']} articles: parsed in {report['parse_ms']} ms, "
        f"indexed in {report['index_build_ms']} ms (persona {report['persona']})"
    )
    sets = report["sets"]
    assert isinstance(sets, dict)
    for name, summary in sets.items():
        print(f"\n{name}: {summary['cases']} cases")
        print(
            f"  category accuracy {summary['category_accuracy']:.1%}, "
            f"article accuracy {summary['article_accuracy']:.1%}"
        )
        for category, ratio in summary["per_category"].items():
            right, total = (int(x) for x in ratio.split("/"))
            print(f"    {category:<14} {right / total:6.1%}  ({ratio})")
        print(
            f"  escalation recall {summary['escalation_recall']:.1%} "
            f"(reason right {summary['escalation_reason_accuracy']:.1%}), "
            f"false escalations {summary['false_escalations']}"
        )
        print(
            f"  out of scope {summary['out_of_scope_accuracy']:.1%}, "
            f"not understood {summary['not_understood_accuracy']:.1%}"
        )
        for failure in summary["failures"]:
            print(
                f"  MISS {failure['text']!r}: expected {failure['expected']}, got {failure['got']}"
            )
    print(
        f"\nturn latency over {report['turns_timed']} warm turns: "
        f"p50 {report['local_turn_p50_ms']} ms, p95 {report['local_turn_p95_ms']} ms, "
        f"max {report['local_turn_max_ms']} ms"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="local-bench", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, action="append", help="JSON Lines case file")
    parser.add_argument("--persona", default=DEFAULT_PERSONA, help="persona id")
    parser.add_argument("--rounds", type=int, default=5, help="timed passes over every case")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    files = args.cases or default_case_files()
    if not files:
        print(
            "error: no case files; pass --cases FILE (e.g. tests/eval/tuned.jsonl)", file=sys.stderr
        )
        return 1
    try:
        report = measure(files, args.persona, max(1, args.rounds))
    except (CaseFileError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
