"""Reading and writing the persona table (low-level client, so writes can be one transaction)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tools.aws import error_code, friendly
from tools.constants import PERSONA_KEY, PERSONA_VERSION
from tools.errors import AwsError, UserError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tools.persona.plan import Change

MAX_TRANSACTION_ITEMS = 100  # DynamoDB TransactWriteItems limit


class PersonaTable:
    """The DynamoDB persona table, keyed by `id`."""

    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name

    def read_all(self) -> dict[str, dict[str, Any]]:
        """Every item in the table by id, with plain Python values (numbers as Decimal)."""
        from boto3.dynamodb.types import TypeDeserializer

        deserializer = TypeDeserializer()
        items: dict[str, dict[str, Any]] = {}
        try:
            paginator = self.client.get_paginator("scan")
            for page in paginator.paginate(TableName=self.name, ConsistentRead=True):
                for raw in page.get("Items", []):
                    item = {k: deserializer.deserialize(v) for k, v in raw.items()}
                    items[str(item[PERSONA_KEY])] = item
        except Exception as e:
            raise friendly(e, f"reading persona table {self.name}") from e
        return items

    def write(self, changes: Sequence[Change]) -> None:
        """Apply every change in one transaction: all are written, or none is.

        Each write is conditional on the version read from the table when the plan was made,
        so a concurrent deploy makes this one fail instead of being overwritten.
        """
        from boto3.dynamodb.types import TypeSerializer

        if not changes:
            return
        if len(changes) > MAX_TRANSACTION_ITEMS:
            raise UserError(
                f"{len(changes)} persona changes exceed DynamoDB's {MAX_TRANSACTION_ITEMS}-item "
                "transaction limit, so they cannot be written all-or-nothing",
                "deploy in smaller batches of persona files",
            )
        ser = TypeSerializer()
        ops: list[dict[str, Any]] = []
        for change in changes:
            condition, names, values = _condition(change.table_version)
            values_ser = {k: ser.serialize(v) for k, v in values.items()}
            if change.kind == "removed":
                op: dict[str, Any] = {
                    "Delete": {
                        "TableName": self.name,
                        "Key": {PERSONA_KEY: ser.serialize(change.persona_id)},
                        "ConditionExpression": condition,
                        "ExpressionAttributeNames": names,
                    }
                }
            else:
                assert change.item is not None
                op = {
                    "Put": {
                        "TableName": self.name,
                        "Item": {k: ser.serialize(v) for k, v in change.item.items()},
                        "ConditionExpression": condition,
                        "ExpressionAttributeNames": names,
                    }
                }
            if values_ser:
                next(iter(op.values()))["ExpressionAttributeValues"] = values_ser
            ops.append(op)
        try:
            self.client.transact_write_items(TransactItems=ops)
        except Exception as e:
            if error_code(e) == "TransactionCanceledException":
                raise _cancelled(e, changes, self.name) from e
            raise friendly(e, f"writing persona table {self.name} (nothing was written)") from e


def _condition(version: int | None) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The item must still be as read: absent, present without a version, or at `version`."""
    if version is None:
        # New persona (or an item written by hand without a version): it must still look so.
        return (
            "attribute_not_exists(#k) OR attribute_not_exists(#v)",
            {"#k": PERSONA_KEY, "#v": PERSONA_VERSION},
            {},
        )
    return "#v = :v", {"#v": PERSONA_VERSION}, {":v": version}


def _cancelled(e: Exception, changes: Sequence[Change], table: str) -> AwsError:
    reasons = getattr(e, "response", {}).get("CancellationReasons") or []
    stale = [
        change.persona_id
        for change, reason in zip(changes, reasons, strict=False)
        if reason.get("Code") == "ConditionalCheckFailed"
    ]
    if stale:
        return AwsError(
            f"persona(s) {', '.join(stale)} changed in table {table} since this deploy read it "
            "(another deploy or a hand edit); nothing was written",
            "run `persona diff` to see the table as it is now, then deploy again",
            code="ConditionalCheckFailed",
        )
    codes = sorted({str(r.get("Code")) for r in reasons if r.get("Code") not in (None, "None")})
    return AwsError(
        f"the write to {table} was cancelled ({', '.join(codes) or 'no reason given'}); "
        "nothing was written",
        "rerun the deploy; if it keeps failing, check the table's throughput and alarms",
        code="TransactionCanceledException",
    )
