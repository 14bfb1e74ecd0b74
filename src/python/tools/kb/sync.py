"""Sync articles to the knowledge-base bucket by content hash, with Bedrock metadata sidecars.

Uploads go first and deletes last, so a failure part-way never leaves the bucket with less than
it had. Deletes are refused when they would remove more than `max_delete_share` of the bucket's
articles, or anything at all when the source has no articles, unless `allow_mass_delete`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tools.aws import friendly
from tools.errors import AwsError, RefusedError

if TYPE_CHECKING:
    from runtime.knowledge.types import Article

SIDECAR_SUFFIX = ".metadata.json"
HASH_METADATA = "sha256"  # S3 user metadata (x-amz-meta-sha256) holding the body's sha256
DEFAULT_MAX_DELETE_SHARE = 0.25


@dataclass(frozen=True)
class LocalObject:
    key: str
    body: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def md5(self) -> str:
        return hashlib.md5(self.body, usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class SyncPlan:
    upload: tuple[str, ...] = ()
    delete: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    bucket_articles: int = 0
    applied: bool = False

    @property
    def article_deletes(self) -> list[str]:
        return [k for k in self.delete if is_article(k)]

    def to_json(self) -> dict[str, Any]:
        return {
            "applied": self.applied,
            "upload": list(self.upload),
            "delete": list(self.delete),
            "unchanged": len(self.unchanged),
            "bucket_articles": self.bucket_articles,
        }


@dataclass
class _Remote:
    etag: str
    sha256: str | None = field(default=None)


def is_article(key: str) -> bool:
    return key.endswith(".md")


def sidecar(article: Article) -> bytes:
    """The Bedrock Knowledge Bases metadata file for an article (`<file>.metadata.json`)."""
    attributes = {
        "category": article.meta.category,
        "article_id": article.meta.id,
        "title": article.meta.title,
        "devices": list(article.meta.devices),
    }
    return (
        json.dumps({"metadataAttributes": attributes}, indent=2, sort_keys=True) + "\n"
    ).encode()


def local_objects(
    articles: list[Article], bodies: dict[str, bytes], prefix: str
) -> dict[str, LocalObject]:
    """Each article's file and its sidecar, keyed by S3 key (`prefix` + path under the KB root)."""
    objects: dict[str, LocalObject] = {}
    for article in articles:
        key = prefix + article.path
        objects[key] = LocalObject(key, bodies[article.path], "text/markdown; charset=utf-8")
        meta_key = key + SIDECAR_SUFFIX
        objects[meta_key] = LocalObject(meta_key, sidecar(article), "application/json")
    return objects


class KbBucket:
    """The knowledge-base bucket, limited to keys under `prefix`."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def managed(self) -> dict[str, _Remote]:
        """Articles and sidecars in the bucket (other keys are never touched)."""
        found: dict[str, _Remote] = {}
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix
            )
            for page in pages:
                for obj in page.get("Contents", []):
                    key = obj["Key"]
                    if is_article(key) or key.endswith(".md" + SIDECAR_SUFFIX):
                        found[key] = _Remote(etag=obj.get("ETag", "").strip('"'))
        except Exception as e:
            raise friendly(e, f"listing s3://{self.bucket}/{self.prefix}") from e
        return found

    def remote_sha256(self, key: str) -> str | None:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except Exception as e:
            raise friendly(e, f"reading s3://{self.bucket}/{key}") from e
        value = head.get("Metadata", {}).get(HASH_METADATA)
        return str(value) if value else None

    def put(self, obj: LocalObject) -> None:
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=obj.key,
                Body=obj.body,
                ContentType=obj.content_type,
                ContentMD5=base64.b64encode(bytes.fromhex(obj.md5)).decode(),
                Metadata={HASH_METADATA: obj.sha256},
            )
        except Exception as e:
            raise friendly(e, f"uploading s3://{self.bucket}/{obj.key}") from e

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            batch = keys[start : start + 1000]
            try:
                response = self.client.delete_objects(
                    Bucket=self.bucket,
                    Delete={"Objects": [{"Key": k} for k in batch], "Quiet": True},
                )
            except Exception as e:
                raise friendly(e, f"deleting from s3://{self.bucket}") from e
            errors = response.get("Errors") or []
            if errors:
                first = errors[0]
                raise AwsError(
                    f"deleting from s3://{self.bucket}: {len(errors)} object(s) not deleted, "
                    f"e.g. {first.get('Key')}: {first.get('Code')} {first.get('Message', '')}",
                    "check the role may s3:DeleteObject on the bucket, then rerun",
                    code=str(first.get("Code", "")),
                )


def sync(
    bucket: KbBucket,
    local: dict[str, LocalObject],
    *,
    source_has_articles: bool,
    dry_run: bool,
    allow_mass_delete: bool = False,
    max_delete_share: float = DEFAULT_MAX_DELETE_SHARE,
) -> SyncPlan:
    """Make the bucket match `local`; returns what was (or, for a dry run, would be) done."""
    remote = bucket.managed()
    upload, unchanged = [], []
    for key, obj in sorted(local.items()):
        current = remote.get(key)
        if current is None:
            upload.append(key)
        elif current.etag == obj.md5 or bucket.remote_sha256(key) == obj.sha256:
            unchanged.append(key)
        else:
            upload.append(key)
    delete = sorted(k for k in remote if k not in local)
    plan = SyncPlan(
        tuple(upload), tuple(delete), tuple(unchanged), sum(1 for k in remote if is_article(k))
    )
    _check_deletes(plan, source_has_articles, allow_mass_delete, max_delete_share)
    if dry_run:
        return plan
    for key in upload:
        bucket.put(local[key])
    if delete:
        bucket.delete(list(delete))
    return SyncPlan(plan.upload, plan.delete, plan.unchanged, plan.bucket_articles, applied=True)


def _check_deletes(
    plan: SyncPlan, source_has_articles: bool, allow: bool, max_share: float
) -> None:
    if allow or not plan.delete:
        return
    if not source_has_articles:
        raise RefusedError(
            f"the source folder has no articles, so sync would delete all {len(plan.delete)} "
            "object(s) in the bucket; refusing",
            "check --source; to empty the knowledge base on purpose, pass --allow-mass-delete",
        )
    deletes = len(plan.article_deletes)
    if plan.bucket_articles and deletes / plan.bucket_articles > max_share:
        raise RefusedError(
            f"sync would delete {deletes} of the bucket's {plan.bucket_articles} articles "
            f"({deletes / plan.bucket_articles:.0%}), more than the {max_share:.0%} allowed; "
            "refusing",
            "check the source folder; if the deletions are meant, pass --allow-mass-delete",
        )
