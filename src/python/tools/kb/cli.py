"""`kb lint | sync | ingest | bundle | report`: knowledge-base articles to S3, Bedrock and the
Lambda zip, and how the conversations that reached each article ended.

./pants run src/python/tools:kb -- lint
./pants run src/python/tools:kb -- bundle OUT.json   # what packaging the Lambda zip runs
./pants run src/python/tools:kb -- sync --bucket NAME [--dry-run] [--allow-mass-delete]
./pants run src/python/tools:kb -- ingest --environment staging [--timeout 900]
./pants run src/python/tools:kb -- report --environment prod --since 7d [--json]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from runtime.constants import KB_S3_PREFIX
from tools.aws import client, region_from
from tools.console import Console, add_common, new_parser, run
from tools.constants import ENV_KB_BUCKET, ENVIRONMENTS
from tools.errors import ConfigError
from tools.kb.bundle import write_bundle
from tools.kb.ingest import ingest, resolve_ids
from tools.kb.lint import lint_articles
from tools.kb.report_cli import add_report_arguments, cmd_report
from tools.kb.sync import DEFAULT_MAX_DELETE_SHARE, KbBucket, local_objects, sync
from tools.paths import content_folder


def main(argv: list[str] | None = None) -> int:
    parser = new_parser("kb", "Lint knowledge-base articles, sync them to S3, run ingestion.")
    sub = parser.add_subparsers(dest="command", required=True)
    lint = sub.add_parser("lint", help="check every article (front matter, category, steps, ids)")
    syn = sub.add_parser("sync", help="upload changed articles + metadata, delete removed ones")
    ing = sub.add_parser("ingest", help="start a Bedrock ingestion job and wait for it")
    bun = sub.add_parser("bundle", help="write the parsed articles the Lambda loads at init")
    rep = sub.add_parser("report", help="per article: conversations, fixed, handed off, give-ups")
    add_common(rep)
    add_report_arguments(rep)
    for s in (lint, syn, ing, bun):
        add_common(s)
        s.add_argument("--json", action="store_true", help="print JSON")
    for s in (lint, syn, bun):
        s.add_argument(
            "--source", type=Path, help="article folder (default: content/knowledge-base)"
        )
    bun.add_argument("out", type=Path, help="the bundle to write (JSON)")
    for s in (syn, ing):
        s.add_argument("--region", help="AWS region (default: $AWS_REGION)")
    syn.add_argument("--bucket", help=f"bucket name (default: ${ENV_KB_BUCKET})")
    syn.add_argument(
        "--prefix",
        default=KB_S3_PREFIX,
        help=f"key prefix in the bucket, where the data source reads (default: {KB_S3_PREFIX})",
    )
    syn.add_argument(
        "--dry-run", action="store_true", help="show what would change, change nothing"
    )
    syn.add_argument(
        "--max-delete-share",
        type=_share,
        default=DEFAULT_MAX_DELETE_SHARE,
        help="largest share of the bucket's articles one sync may delete (default: 0.25)",
    )
    syn.add_argument(
        "--allow-mass-delete",
        action="store_true",
        help="allow deleting more than that share, or everything when the source is empty",
    )
    ing.add_argument(
        "--environment", choices=ENVIRONMENTS, help="read ids from SSM /headset-agent/ENV/"
    )
    ing.add_argument("--knowledge-base-id", help="knowledge base id (default: from SSM)")
    ing.add_argument("--data-source-id", help="data source id (default: from SSM)")
    ing.add_argument("--timeout", type=float, default=900.0, help="seconds to wait (default: 900)")
    ing.add_argument("--poll-interval", type=float, default=10.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    console = Console()
    commands = {
        "lint": cmd_lint,
        "sync": cmd_sync,
        "ingest": cmd_ingest,
        "bundle": cmd_bundle,
        "report": cmd_report,
    }
    return run(lambda: commands[args.command](args, console), debug=args.debug, console=console)


def cmd_lint(args: argparse.Namespace, console: Console) -> int:
    articles = lint_articles(_source(args))
    if args.json:
        console.json({"ok": True, "articles": [a.path for a in articles]})
    else:
        console.ok(f"ok: {len(articles)} article(s) valid")
    return 0


def cmd_bundle(args: argparse.Namespace, console: Console) -> int:
    bundle = write_bundle(_source(args), args.out)
    for item in bundle.left_out:
        console.warn(f"left out {item.path}: {item.problem}. Fix: {item.fix}")
    if args.json:
        console.json({"ok": True, "out": str(args.out), "articles": len(bundle.articles)})
    else:
        console.ok(f"ok: {len(bundle.articles)} article(s) written to {args.out}")
    return 0


def cmd_sync(args: argparse.Namespace, console: Console) -> int:
    source = _source(args)
    articles = lint_articles(source) if source.is_dir() else []
    bodies = {a.path: (source / a.path).read_bytes() for a in articles}
    if not articles:
        console.warn(f"no articles in {source}")
    name = args.bucket or os.environ.get(ENV_KB_BUCKET)
    if not name:
        raise ConfigError("no bucket given", f"pass --bucket or set {ENV_KB_BUCKET}")
    bucket = KbBucket(client("s3", region_from(args.region)), name, args.prefix)
    result = sync(
        bucket,
        local_objects(articles, bodies, args.prefix),
        source_has_articles=bool(articles),
        dry_run=args.dry_run,
        allow_mass_delete=args.allow_mass_delete,
        max_delete_share=args.max_delete_share,
    )
    if args.json:
        console.json(result.to_json())
        return 0
    for key in result.upload:
        console.print(console.paint(f"+ {key}", "green"))
    for key in result.delete:
        console.print(console.paint(f"- {key}", "red"))
    verb = "would upload" if args.dry_run else "uploaded"
    summary = (
        f"{verb} {len(result.upload)}, {'would delete' if args.dry_run else 'deleted'} "
        f"{len(result.delete)}, unchanged {len(result.unchanged)} (s3://{name}/{args.prefix})"
    )
    if args.dry_run:
        console.print(console.paint(f"dry run: {summary}", "yellow"))
    else:
        console.ok(summary)
    return 0


def cmd_ingest(args: argparse.Namespace, console: Console) -> int:
    region = region_from(args.region)
    kb_id, ds_id = args.knowledge_base_id, args.data_source_id
    if not (kb_id and ds_id):
        kb_id, ds_id = resolve_ids(client("ssm", region), args.environment, kb_id, ds_id)
    result = ingest(
        client("bedrock-agent", region),
        kb_id,
        ds_id,
        timeout=args.timeout,
        poll_interval=args.poll_interval,
    )
    if args.json:
        console.json(result.to_json())
    else:
        line = (
            f"ingestion job {result.job_id}: {result.status}; scanned {result.stats['scanned']}, "
            f"indexed {result.indexed}, deleted {result.stats['deleted']}, "
            f"failed {result.stats['failed']}"
        )
        (console.ok if result.ok else console.fail)(line)
        for reason in result.failure_reasons:
            console.fail(f"  {reason}")
        if result.timed_out:
            console.error(
                f"still {result.status} after {args.timeout:.0f} s; the job carries on in AWS. "
                "Check it in the Bedrock console or rerun with a longer --timeout"
            )
    return 0 if result.ok else 1


def _source(args: argparse.Namespace) -> Path:
    return content_folder("knowledge-base", args.source, "--source")


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a number: {text}") from e
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("give a share between 0 and 1, e.g. 0.25")
    return value


if __name__ == "__main__":
    sys.exit(main())
