"""IAM as far as the deploy roles need it: a template's statements, resolved and matched.

Resolves the CloudFormation that CDK writes for ARNs (`Fn::Join`, `Ref` of pseudo parameters)
for one account and region, and matches actions and ARNs the way IAM does (`*` and `?`
wildcards, actions case-insensitive). Statements here carry no conditions; one that does is
refused, so a condition added later is not silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

ACCOUNT = "123456789012"
REGION = "us-east-1"
PSEUDO = {"AWS::Partition": "aws", "AWS::Region": REGION, "AWS::AccountId": ACCOUNT}


@dataclass(frozen=True)
class Statement:
    sid: str
    actions: tuple[str, ...]
    resources: tuple[str, ...]

    def allows(self, action: str, resource: str) -> bool:
        return any(fnmatchcase(action.lower(), a.lower()) for a in self.actions) and any(
            fnmatchcase(resource, r) for r in self.resources
        )


def resolve(value: Any) -> Any:
    """A template value with pseudo parameters and joins replaced by their strings."""
    if isinstance(value, dict) and set(value) == {"Ref"} and value["Ref"] in PSEUDO:
        return PSEUDO[value["Ref"]]
    if isinstance(value, dict) and set(value) == {"Fn::Join"}:
        separator, parts = value["Fn::Join"]
        return separator.join(str(resolve(p)) for p in parts)
    if isinstance(value, dict):
        return {k: resolve(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v) for v in value]
    return value


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def statements(policy_document: dict[str, Any]) -> list[Statement]:
    found = []
    for raw in resolve(policy_document)["Statement"]:
        assert raw["Effect"] == "Allow" and "Condition" not in raw, raw
        found.append(Statement(raw.get("Sid", ""), _tuple(raw["Action"]), _tuple(raw["Resource"])))
    return found
