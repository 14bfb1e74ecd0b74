"""kb lint | sync | ingest: articles against moto S3, ingestion against a local bedrock-agent."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from botocore.config import Config
from botocore.stub import Stubber
from moto import mock_aws

from runtime.constants import KB_S3_PREFIX
from runtime.knowledge.bundle import KnowledgeBundle, bundle_path, load_knowledge
from runtime.knowledge.parse import load_articles
from tests.runtime.knowledge.samples import write_samples
from tests.tools.conftest import REGION, problem_line, write_article
from tests.tools.fake_bedrock_agent import FakeBedrockAgent
from tools.errors import AwsError, UserError
from tools.kb import KbBucket, ingest
from tools.kb.cli import main

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

BUCKET = "kb-bucket-test"


def run(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """Four good articles: two USB, one Bluetooth, one Windows."""
    root = tmp_path / "knowledge-base"
    write_article(root, "usb", "usb-not-detected")
    write_article(root, "usb", "usb-hub")
    write_article(root, "bluetooth", "bt-pairing")
    write_article(root, "windows", "win-default-device")
    return root


@pytest.fixture
def s3(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket=BUCKET)
        monkeypatch.setenv("KB_S3_BUCKET_NAME", BUCKET)
        yield client


def keys(s3: Any) -> list[str]:
    """The bucket's keys under the prefix the Bedrock data source reads, relative to it."""
    found = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert all(k.startswith(KB_S3_PREFIX) for k in found), found
    return sorted(k.removeprefix(KB_S3_PREFIX) for k in found)


# bundle -----------------------------------------------------------------------------------


def test_bundle_writes_the_parsed_articles_the_runtime_loads(tmp_path: Path) -> None:
    # when packaging the zip runs `kb bundle` beside the articles
    kb = write_samples(tmp_path / "content")
    out = bundle_path(kb)
    assert run("bundle", "--source", kb, out) == 0
    # then the runtime loads these articles from it, equal to their Markdown
    bundle = KnowledgeBundle.model_validate_json(out.read_bytes())
    assert sorted(a.path for a in bundle.articles) == sorted(
        p.relative_to(kb).as_posix() for p in kb.glob("*/*.md")
    )
    assert load_knowledge(kb) == list(bundle.articles) == load_articles(kb)


def test_bundle_leaves_out_a_broken_article_and_the_runtime_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given the articles and one the parser refuses
    kb = write_samples(tmp_path / "content")
    (kb / "usb" / "broken.md").write_text("# No front matter\n", encoding="utf-8")
    # when the zip's bundle is built, the build goes on and says what it left out
    assert run("bundle", "--source", kb, bundle_path(kb)) == 0
    assert "left out usb/broken.md: no front matter" in capsys.readouterr().err
    # then the runtime loads the others and hears of the broken one, as when it parses them
    from_bundle: list[str] = []
    from_markdown: list[str] = []
    articles = load_knowledge(kb, lambda e: from_bundle.append(str(e)))
    assert articles == load_articles(kb, lambda e: from_markdown.append(str(e)))
    assert from_bundle == from_markdown and len(from_bundle) == 1


# lint -------------------------------------------------------------------------------------


def test_lint_accepts_good_articles(kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lint", "--source", kb) == 0
    assert "ok: 4 article(s) valid" in capsys.readouterr().out


def test_lint_reports_every_problem_with_its_fix(
    kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: a USB article filed under bluetooth/, a duplicate id, a stray file, an unknown
    # category folder, and an unknown front-matter field
    write_article(kb, "bluetooth", "usb-in-wrong-folder", category="usb")
    write_article(kb, "windows", "copy", id="usb-hub")
    (kb / "stray.md").write_text("# stray\n", encoding="utf-8")
    write_article(kb, "macos", "mac-article")
    extra = write_article(kb, "usb", "extra-field")
    extra.write_text(extra.read_text().replace("---\n#", "colour: red\n---\n#"))
    # when
    code = run("lint", "--source", kb)
    # then
    err = capsys.readouterr().err
    assert code == 1
    wrong_folder = problem_line(err, "bluetooth/usb-in-wrong-folder.md")
    assert "category 'usb' does not match folder 'bluetooth'" in wrong_folder
    assert "set 'category: bluetooth' or move the file to usb/" in wrong_folder
    assert "'usb-hub'" in problem_line(err, "windows/copy.md")
    assert "category folder" in problem_line(err, "stray.md")
    assert "category folder" in problem_line(err, "macos/mac-article.md")
    assert "colour" in problem_line(err, "usb/extra-field.md")
    assert "5 problem(s)" in err


def test_lint_fails_on_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lint", "--source", tmp_path / "nope") == 1
    assert "does not exist" in capsys.readouterr().err


# sync -------------------------------------------------------------------------------------


def test_first_sync_uploads_articles_with_metadata_sidecars(s3: Any, kb: Path) -> None:
    assert run("sync", "--source", kb) == 0
    assert keys(s3) == sorted(
        k
        for slug in (
            "bluetooth/bt-pairing",
            "usb/usb-hub",
            "usb/usb-not-detected",
            "windows/win-default-device",
        )
        for k in (f"{slug}.md", f"{slug}.md.metadata.json")
    )
    body = s3.get_object(Bucket=BUCKET, Key=KB_S3_PREFIX + "usb/usb-hub.md")
    assert body["Body"].read() == (kb / "usb/usb-hub.md").read_bytes()
    assert (
        body["Metadata"]["sha256"]
        == hashlib.sha256((kb / "usb/usb-hub.md").read_bytes()).hexdigest()
    )
    sidecar = json.loads(
        s3.get_object(Bucket=BUCKET, Key=KB_S3_PREFIX + "usb/usb-hub.md.metadata.json")[
            "Body"
        ].read()
    )
    assert sidecar["metadataAttributes"]["category"] == "usb"
    assert sidecar["metadataAttributes"]["article_id"] == "usb-hub"
    assert sidecar["metadataAttributes"]["devices"] == ["Any USB-A or USB-C wired headset"]


def test_sync_uploads_only_what_changed(
    s3: Any, kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("sync", "--source", kb)
    (kb / "usb/usb-hub.md").write_text(
        (kb / "usb/usb-hub.md").read_text().replace("Restart the computer.", "Restart the hub."),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert run("sync", "--source", kb, "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["upload"] == [KB_S3_PREFIX + "usb/usb-hub.md"]
    assert result["delete"] == []
    assert result["unchanged"] == 7
    assert (
        b"Restart the hub."
        in s3.get_object(Bucket=BUCKET, Key=KB_S3_PREFIX + "usb/usb-hub.md")["Body"].read()
    )


def test_sync_deletes_a_removed_article_and_its_sidecar_but_not_other_keys(
    s3: Any, kb: Path
) -> None:
    s3.put_object(Bucket=BUCKET, Key=KB_S3_PREFIX + "README.txt", Body=b"not an article")
    write_article(kb, "usb", "usb-c-adapter")  # 5 articles: removing one is 20 %
    run("sync", "--source", kb)
    (kb / "usb/usb-c-adapter.md").unlink()
    assert run("sync", "--source", kb) == 0
    assert "usb/usb-c-adapter.md" not in keys(s3)
    assert "usb/usb-c-adapter.md.metadata.json" not in keys(s3)
    assert "README.txt" in keys(s3)


def test_sync_refuses_to_delete_more_than_a_quarter_without_the_flag(
    s3: Any, kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("sync", "--source", kb)
    (kb / "usb/usb-hub.md").unlink()
    (kb / "bluetooth/bt-pairing.md").unlink()
    write_article(kb, "usb", "brand-new")
    before = keys(s3)
    # when: 2 of 4 articles would go
    assert run("sync", "--source", kb) == 1
    # then: nothing at all changed, and the message says why and what to do
    err = capsys.readouterr().err
    assert "would delete 2 of the bucket's 4 articles (50%)" in err
    assert "--allow-mass-delete" in err
    assert keys(s3) == before
    assert run("sync", "--source", kb, "--allow-mass-delete") == 0
    assert "usb/usb-hub.md" not in keys(s3)
    assert "usb/brand-new.md" in keys(s3)


@pytest.mark.parametrize("source", ["empty", "missing"])
def test_sync_refuses_to_empty_the_bucket_from_an_empty_or_missing_source(
    s3: Any, kb: Path, tmp_path: Path, source: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run("sync", "--source", kb)
    before = keys(s3)
    folder = tmp_path / source
    if source == "empty":
        folder.mkdir()
    assert run("sync", "--source", folder) == 1
    assert "source folder has no articles" in capsys.readouterr().err
    assert keys(s3) == before


def test_sync_dry_run_changes_nothing(
    s3: Any, kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("sync", "--source", kb, "--dry-run") == 0
    assert keys(s3) == []
    assert "dry run: would upload 8" in capsys.readouterr().out


def test_sync_refuses_articles_that_fail_lint(
    s3: Any, kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_article(kb, "windows", "dup", id="bt-pairing")
    assert run("sync", "--source", kb) == 1
    assert "'bt-pairing'" in problem_line(capsys.readouterr().err, "windows/dup.md")
    assert keys(s3) == []


def test_sync_without_a_bucket_is_a_clear_error(
    aws_env: None, kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("sync", "--source", kb) == 1
    assert "pass --bucket or set KB_S3_BUCKET_NAME" in capsys.readouterr().err


def test_throttled_listing_becomes_a_friendly_error(aws_env: None) -> None:
    client = boto3.client("s3", region_name=REGION)
    with Stubber(client) as stub:
        stub.add_client_error("list_objects_v2", "SlowDown", "Please reduce your request rate", 503)
        with pytest.raises(AwsError) as raised:
            KbBucket(client, BUCKET).managed()
    assert "S3 is throttling requests" in str(raised.value)


# ingest -----------------------------------------------------------------------------------


@pytest.fixture
def fake(aws_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBedrockAgent]:
    with FakeBedrockAgent() as fake:
        monkeypatch.setenv("AWS_ENDPOINT_URL_BEDROCK_AGENT", fake.url)
        yield fake


def agent_client(fake: FakeBedrockAgent, attempts: int = 1) -> Any:
    return boto3.client(
        "bedrock-agent",
        region_name=REGION,
        endpoint_url=fake.url,
        config=Config(retries={"mode": "standard", "total_max_attempts": attempts}),
    )


def test_ingest_waits_and_reports_what_was_indexed(
    fake: FakeBedrockAgent, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        "ingest", "--knowledge-base-id", "KB1", "--data-source-id", "DS1", "--poll-interval", "0"
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "ingestion job JOB123: COMPLETE; scanned 64, indexed 32, deleted 1, failed 0" in out
    assert ("PUT", "/knowledgebases/KB1/datasources/DS1/ingestionjobs/") in fake.requests


def test_ingest_reads_ids_from_ssm(
    fake: FakeBedrockAgent, capsys: pytest.CaptureFixture[str]
) -> None:
    with mock_aws():
        ssm = boto3.client("ssm", region_name=REGION)
        ssm.put_parameter(
            Name="/headset-agent/staging/knowledge-base-id", Value="KBS", Type="String"
        )
        ssm.put_parameter(Name="/headset-agent/staging/data-source-id", Value="DSS", Type="String")
        code = run("ingest", "--environment", "staging", "--poll-interval", "0", "--json")
    assert code == 0
    assert json.loads(capsys.readouterr().out)["indexed"] == 32
    assert ("PUT", "/knowledgebases/KBS/datasources/DSS/ingestionjobs/") in fake.requests


def test_ingest_names_missing_ssm_parameters(
    fake: FakeBedrockAgent, capsys: pytest.CaptureFixture[str]
) -> None:
    with mock_aws():
        assert run("ingest", "--environment", "dev") == 1
    err = capsys.readouterr().err
    assert "/headset-agent/dev/knowledge-base-id" in err
    assert "deploy the infra for 'dev' first" in err


def test_ingest_exits_non_zero_when_documents_fail(
    fake: FakeBedrockAgent, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.job_statistics = {"numberOfDocumentsScanned": 10, "numberOfDocumentsFailed": 2}
    code = run(
        "ingest", "--knowledge-base-id", "K", "--data-source-id", "D", "--poll-interval", "0"
    )
    assert code == 1
    assert "failed 2" in capsys.readouterr().out


def test_ingest_reports_a_failed_job_with_its_reasons(
    fake: FakeBedrockAgent, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.job_statuses = ["FAILED"]
    fake.failure_reasons = ["Access denied to s3://kb-bucket"]
    code = run(
        "ingest", "--knowledge-base-id", "K", "--data-source-id", "D", "--poll-interval", "0"
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "FAILED" in out and "Access denied to s3://kb-bucket" in out


def test_ingest_times_out_without_waiting_forever(fake: FakeBedrockAgent) -> None:
    fake.job_statuses = ["IN_PROGRESS"]
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += max(seconds, 1.0)

    result = ingest(
        agent_client(fake),
        "K",
        "D",
        timeout=30,
        poll_interval=10,
        sleep=sleep,
        clock=lambda: now[0],
    )
    assert result.timed_out and not result.ok
    assert result.status == "IN_PROGRESS"
    assert now[0] <= 31


def test_ingest_retries_a_throttled_start(fake: FakeBedrockAgent) -> None:
    fake.errors = [(429, "ThrottlingException")]
    result = ingest(agent_client(fake, attempts=3), "K", "D", timeout=5, poll_interval=0)
    assert result.ok


def test_ingest_throttled_past_retries_is_a_friendly_error(fake: FakeBedrockAgent) -> None:
    fake.errors = [(429, "ThrottlingException")]
    with pytest.raises(AwsError) as raised:
        ingest(agent_client(fake), "K", "D", timeout=5, poll_interval=0)
    assert raised.value.code == "ThrottlingException"
    assert "wait a minute and rerun" in str(raised.value)


def test_ingest_while_another_job_runs_says_so(fake: FakeBedrockAgent) -> None:
    fake.errors = [(409, "ConflictException")]
    with pytest.raises(UserError, match="already running"):
        ingest(agent_client(fake), "K", "D", timeout=5, poll_interval=0)
