"""Record the AWS calls code makes through boto3, and what IAM authorizes each of them by.

`CallRecorder` hooks botocore's `before-parameter-build` event on boto3's default session, so
every client made from it (the tools make theirs with `boto3.client`) reports each call with
its parameters, whether it then goes to moto, a local endpoint or a Stubber. `needs()` turns a
call into the IAM actions and resource ARNs AWS checks for it: most operations are
`{signing name}:{operation}` on the resource their parameters name; the exceptions below are
those of IAM's service authorization reference for the operations the tools use.
"""

from __future__ import annotations

import itertools
import re
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import boto3
from botocore import xform_name

from tests.infra.iam_policy import ACCOUNT, REGION

if TYPE_CHECKING:
    from collections.abc import Iterator

# Operations whose IAM action is not named after them.
_ACTIONS = {
    ("s3", "ListObjectsV2"): "s3:ListBucket",
    ("s3", "HeadObject"): "s3:GetObject",
    ("s3", "DeleteObjects"): "s3:DeleteObject",  # checked per object
    ("lambda", "Invoke"): "lambda:InvokeFunction",
}
# TransactWriteItems is authorized per item, by the action of each item's kind.
_TRANSACT = {
    "Put": "dynamodb:PutItem",
    "Delete": "dynamodb:DeleteItem",
    "Update": "dynamodb:UpdateItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}


@dataclass(frozen=True)
class Call:
    service: str  # the signing name, which is IAM's service prefix for these services
    operation: str
    params: dict[str, Any]


@dataclass(frozen=True)
class Need:
    action: str
    resource: str


@dataclass
class CallRecorder:
    calls: list[Call] = field(default_factory=list)
    active: bool = False

    def attach(self) -> None:
        """Record calls of every client made from boto3's default session from now on."""
        boto3.setup_default_session()
        assert boto3.DEFAULT_SESSION is not None
        boto3.DEFAULT_SESSION.events.register("before-parameter-build", self._record)

    def _record(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        if self.active:
            service = model.service_model.signing_name
            self.calls.append(Call(service, model.name, dict(params)))

    def recording(self) -> _Recording:
        return _Recording(self)


class _Recording:
    def __init__(self, recorder: CallRecorder) -> None:
        self.recorder = recorder

    def __enter__(self) -> CallRecorder:
        self.recorder.active = True
        return self.recorder

    def __exit__(self, *exc: object) -> None:
        self.recorder.active = False


def needs(call: Call) -> Iterator[Need]:
    """The (action, resource) pairs IAM checks for one call."""
    s, op, p = call.service, call.operation, call.params
    if (s, op) == ("dynamodb", "TransactWriteItems"):
        for item in p["TransactItems"]:
            ((kind, body),) = item.items()
            yield Need(_TRANSACT[kind], _arn(s, "table/" + body["TableName"]))
        return
    action = _ACTIONS.get((s, op), f"{s}:{op}")
    for resource in _resources(s, op, p):
        yield Need(action, resource)


def _arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{resource}"


def _resources(service: str, op: str, p: dict[str, Any]) -> list[str]:
    if service == "ssm":
        if "Path" in p:
            return [_arn(service, "parameter" + p["Path"].rstrip("/"))]
        names = p.get("Names") or [p["Name"]]
        return [_arn(service, "parameter" + n) for n in names]
    if service == "dynamodb":
        return [_arn(service, "table/" + p["TableName"])]
    if service == "s3":
        bucket = f"arn:aws:s3:::{p['Bucket']}"
        if op == "DeleteObjects":
            return [f"{bucket}/{o['Key']}" for o in p["Delete"]["Objects"]]
        return [f"{bucket}/{p['Key']}"] if "Key" in p else [bucket]
    if service == "lambda":
        qualifier = f":{p['Qualifier']}" if p.get("Qualifier") else ""
        return [_arn(service, f"function:{p['FunctionName']}{qualifier}")]
    if service == "bedrock":
        if "knowledgeBaseId" in p:
            return [_arn(service, f"knowledge-base/{p['knowledgeBaseId']}")]
        if "agentAliasId" in p:
            return [_arn(service, f"agent-alias/{p['agentId']}/{p['agentAliasId']}")]
        return [_arn(service, f"agent/{p['agentId']}")]
    raise AssertionError(f"aws_calls does not know the resources of {service}:{op} yet")


# `aws SERVICE COMMAND --name "..."` in a workflow's run script.
_AWS_CLI = re.compile(
    r"\baws\s+(?P<service>[a-z0-9-]+)\s+(?P<command>[a-z0-9-]+)(?P<rest>[^\n)|;]*)"
)


def cli_calls(script: str, variables: dict[str, str]) -> list[Call]:
    """The AWS CLI commands in a run script, as the API calls they make."""
    found = []
    for m in _AWS_CLI.finditer(script):
        model = boto3.session.Session().client(m["service"], region_name=REGION).meta
        operations = {xform_name(o, "-"): o for o in model.service_model.operation_names}
        operation = operations[m["command"]]
        words = shlex.split(expand(m["rest"], variables))
        params: dict[str, Any] = {}
        for option, value in itertools.pairwise(words):
            if option == "--name":
                params["Name"] = value
        if not params:
            raise AssertionError(f"aws_calls cannot read the parameters of: {m.group(0)}")
        found.append(Call(model.service_model.signing_name, operation, params))
    return found


def expand(text: str, variables: dict[str, str]) -> str:
    def value(m: re.Match[str]) -> str:
        name = m[1] or m[2]
        if name not in variables:
            raise AssertionError(f"the test has no value for ${name} in: {text.strip()}")
        return variables[name]

    return re.sub(r"\$\{?([A-Z_][A-Z0-9_]*)\}?|\$\(([^)]*)\)", value, text)
