"""An environment's deploy role allows exactly the AWS calls the workflows and tools make.

The calls are not listed here: they are read from the workflow files and recorded from the tools.
For each agent backend, a staging environment is set up in moto and the local bedrock-agent
endpoint, then every `./pants run src/python/tools:...` command of every workflow job that
assumes the role runs, with the arguments the workflow gives it, while a botocore hook records
each call. The workflows' own `aws` CLI calls come from their run scripts, and the bootstrap
roles `cdk deploy` assumes from a synthesized app's manifest. Every one of those must be allowed
by the role's policy, and every action on every resource the policy grants must be needed.
"""

from __future__ import annotations

import io
import json
import re
import shlex
import zipfile
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import ANY, Stubber
from moto import mock_aws

from infra.access import GitHubAccessStack, access_config
from infra.app import create_app
from infra.components.data import knowledge_bucket_name
from infra.config import ENVIRONMENTS, load_config
from infra.stacks.data import DataStack
from runtime.content import content_root
from tests.infra.access_stack import REPOSITORY, role_of
from tests.infra.aws_calls import CallRecorder, Need, cli_calls, expand, needs
from tests.infra.iam_policy import ACCOUNT, REGION, statements
from tests.tools.fake_bedrock_agent import FakeAlias, FakeBedrockAgent
from tests.workflows.workflows import GITHUB, load
from tools.deployments.cli import main as deployments
from tools.deployments.constants import AGENT_ROLES
from tools.kb.cli import main as kb
from tools.persona.cli import main as persona
from tools.validate_deployment import Clients
from tools.validate_deployment.cli import main as validate_deployment

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from aws_cdk.assertions import Template

    from tests.infra.iam_policy import Statement

ENV = "staging"
OLD, NEW = "1" * 40, "2" * 40  # the commit deployed and recorded; rollback returns to it
# The order the workflows run in over an environment's life: deploy (which calls the KB sync),
# then a rollback. Any other workflow that assumes the role is run after them.
WORKFLOW_ORDER = ("deploy.yml", "knowledge-base-sync.yml", "rollback.yml")
ROLE_STEP = "aws-actions/configure-aws-credentials"
TOOL = re.compile(r"\./pants run src/python/tools:(?P<tool>[\w-]+) -- (?P<args>[^\n]*)")
CDK_DEPLOY = re.compile(r"\bdeploy\s+--app\b")
NO_AWS = {"deploy-plan"}  # runs Pants on the checkout to read the dependency graph, nothing else
# Test plumbing only: no waiting between polls of the local endpoint.
NO_WAIT = {("kb", "ingest"), ("deployments", "rollback")}


class World:
    """A deployed staging environment of one agent backend, in moto and the local endpoint."""

    def __init__(self, fake: FakeBedrockAgent, backend: str) -> None:
        config = load_config(ENV, {"AWS_ACCOUNT": ACCOUNT, "AGENT_BACKEND": backend})
        self.fake = fake
        self.table = config.name(config.persona_table_name)
        self.function = config.name(config.lambda_function_name)
        self.bucket = knowledge_bucket_name(config, ACCOUNT)
        self.ssm = boto3.client("ssm", region_name=REGION)
        self.lambda_ = boto3.client("lambda", region_name=REGION)
        boto3.client("dynamodb", region_name=REGION).create_table(
            TableName=self.table,
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
        self._articles()
        self._function()
        parameters = {
            "agent-backend": backend,
            "knowledge-base-id": "KB1",
            "data-source-id": "DS1",
            "lambda-function-name": self.function,
            "persona-table-name": self.table,
            "kb-bucket-name": self.bucket,
        }
        if backend == "bedrock-agents":
            for role in AGENT_ROLES:
                agent, alias = f"{role.upper()}1", f"{role.upper()}LIVE"
                parameters |= {f"{role}-agent-id": agent, f"{role}-alias-id": alias}
                fake.agent_aliases[(agent, alias)] = FakeAlias(name="live", version="1")
                fake.agents[agent] = "PREPARED"
                fake.aliases[agent] = [(alias, "PREPARED")]
        for name, value in parameters.items():
            self.ssm.put_parameter(Name=f"/headset-agent/{ENV}/{name}", Value=value, Type="String")
        self.variables = {
            "DEPLOY_ENV": ENV,
            "TABLE": self.table,
            "BUCKET": self.bucket,
            "COMMIT": OLD,
            "TAG": "v1.0.0",
            "RUN_URL": "https://github.com/example-org/headset-support/actions/runs/1",
            "git rev-parse HEAD": OLD,
        }

    def _articles(self) -> None:
        """Every article already synced once, since edited; one article since removed."""
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=self.bucket)
        root = content_root() / "knowledge-base"
        for path in root.rglob("*.md"):
            key = f"knowledge-base/{path.relative_to(root).as_posix()}"
            s3.put_object(Bucket=self.bucket, Key=key, Body=b"an older version")
        s3.put_object(Bucket=self.bucket, Key="knowledge-base/usb/retired.md", Body=b"gone")

    def _function(self) -> None:
        role = boto3.client("iam", region_name=REGION).create_role(
            RoleName="agent", AssumeRolePolicyDocument="{}"
        )["Role"]["Arn"]
        self.lambda_.create_function(
            FunctionName=self.function,
            Runtime="python3.12",
            Role=role,
            Handler="handler.handler",
            Code={"ZipFile": _zip("v1")},
        )
        self.lambda_.publish_version(FunctionName=self.function)
        self.lambda_.create_alias(FunctionName=self.function, Name="live", FunctionVersion="1")

    def deploy_new_version(self) -> None:
        """A later deploy: new Lambda and agent versions behind the aliases."""
        self.lambda_.update_function_code(FunctionName=self.function, ZipFile=_zip("v2"))
        version = self.lambda_.publish_version(FunctionName=self.function)["Version"]
        self.lambda_.update_alias(FunctionName=self.function, Name="live", FunctionVersion=version)
        for alias in self.fake.agent_aliases.values():
            alias.version = "2"

    def validate(self, argv: list[str]) -> int:
        """validate-deployment with the Lambda's invoke answered as the health check does."""
        lambda_ = boto3.client("lambda", region_name=REGION)
        body = json.dumps({"status": "ok"}).encode()
        stub = Stubber(lambda_)
        stub.add_response(
            "invoke",
            {"StatusCode": 200, "Payload": StreamingBody(io.BytesIO(body), len(body))},
            {"FunctionName": self.function, "Qualifier": "live", "Payload": ANY},
        )
        clients = Clients(
            ssm=self.ssm,
            lambda_=lambda_,
            dynamodb=boto3.client("dynamodb", region_name=REGION),
            bedrock_agent=boto3.client("bedrock-agent", region_name=REGION),
        )
        with stub:
            return validate_deployment(argv, clients=clients)


def _zip(marker: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("handler.py", f"def handler(event, context):\n    return {marker!r}\n")
    return buffer.getvalue()


def role_jobs() -> Iterator[tuple[str, str, list[str]]]:
    """(workflow, job, run scripts) of every job that assumes the deploy role, in run order."""
    paths = sorted(
        (GITHUB / "workflows").glob("*.yml"),
        key=lambda p: (WORKFLOW_ORDER.index(p.name) if p.name in WORKFLOW_ORDER else 99, p.name),
    )
    for path in paths:
        for name, job in load(path).get("jobs", {}).items():
            steps = job.get("steps", [])
            if any(str(s.get("uses", "")).startswith(ROLE_STEP) for s in steps):
                yield path.name, name, [s["run"] for s in steps if "run" in s]


def run_tool(world: World, tool: str, argv: list[str]) -> int:
    commands: dict[str, Callable[[list[str]], int]] = {
        "persona": persona,
        "kb": kb,
        "deployments": deployments,
        "validate-deployment": world.validate,
    }
    if tool not in commands:
        raise AssertionError(f"teach {__name__} to run tools:{tool} (a workflow runs it)")
    if (tool, argv[0]) in NO_WAIT:
        argv = [*argv, "--poll-interval", "0"]
    return commands[tool](argv)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Template, list[Need]]:
    """The access stack's template, and the roles `cdk deploy` assumes for the app's stacks."""
    from aws_cdk.assertions import Template

    outdir = tmp_path_factory.mktemp("cdk.out")
    app = create_app(outdir)
    access = GitHubAccessStack(
        app, access=access_config(REPOSITORY, ENVIRONMENTS, {"AWS_ACCOUNT": ACCOUNT})
    )
    DataStack(app, config=load_config(ENV, {"AWS_ACCOUNT": ACCOUNT}))
    app.synth()
    manifest = json.loads((outdir / "manifest.json").read_text())
    roles: set[str] = set()
    for artifact in manifest["artifacts"].values():
        props = artifact.get("properties", {})
        if artifact["type"] == "aws:cloudformation:stack":
            roles |= {props["assumeRoleArn"], props["lookupRole"]["arn"]}
        elif artifact["type"] == "cdk:asset-manifest":
            assets = json.loads((outdir / props["file"]).read_text())
            for kind in ("files", "dockerImages"):
                for asset in assets.get(kind, {}).values():
                    roles |= {d["assumeRoleArn"] for d in asset["destinations"].values()}
    cdk = [Need("sts:AssumeRole", r.replace("${AWS::Partition}", "aws")) for r in sorted(roles)]
    return Template.from_stack(access), cdk


@pytest.fixture(scope="module")
def workflow_needs(template: tuple[Template, list[Need]]) -> set[Need]:
    """Every (action, resource) the role-assuming jobs need, for both agent backends."""
    recorder = CallRecorder()
    found: set[Need] = set()
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": REGION,
            "AWS_DEFAULT_REGION": REGION,
            "NO_COLOR": "1",
        }.items():
            mp.setenv(name, value)
        mp.delenv("CI", raising=False)
        for backend in ("converse", "bedrock-agents"):
            with mock_aws(), FakeBedrockAgent() as fake:
                mp.setenv("AWS_ENDPOINT_URL_BEDROCK_AGENT", fake.url)
                recorder.attach()
                world = World(fake, backend)
                found |= _run_workflows(world, recorder, cdk=template[1])
    return found


def _run_workflows(world: World, recorder: CallRecorder, cdk: list[Need]) -> set[Need]:
    found: set[Need] = set()
    deployed_again = False
    for workflow, job, scripts in role_jobs():
        if workflow == "rollback.yml" and not deployed_again:
            world.deploy_new_version()
            deployed_again = True
        for script in scripts:
            for call in cli_calls(script, world.variables):
                found |= set(needs(call))
            if CDK_DEPLOY.search(script):
                found |= set(cdk)
            for m in TOOL.finditer(script):
                if m["tool"] in NO_AWS:
                    continue
                argv = shlex.split(expand(m["args"], world.variables))
                recorder.calls.clear()
                with recorder.recording():
                    code = run_tool(world, m["tool"], argv)
                assert code == 0, f"{workflow} {job}: tools:{m['tool']} {argv} exited {code}"
                found |= {need for call in recorder.calls for need in needs(call)}
    return found


def _policy(template: tuple[Template, list[Need]]) -> list[Statement]:
    return statements(role_of(template[0], ENV)["Policy"])


def test_every_call_the_workflows_make_is_allowed(
    template: tuple[Template, list[Need]], workflow_needs: set[Need]
) -> None:
    policy = _policy(template)
    denied = sorted(
        (n.action, n.resource)
        for n in workflow_needs
        if not any(s.allows(n.action, n.resource) for s in policy)
    )
    assert denied == [], "add these to infra/access/permissions.py"


def test_every_grant_is_used_by_a_call(
    template: tuple[Template, list[Need]], workflow_needs: set[Need]
) -> None:
    unused = sorted(
        (s.sid, action, resource)
        for s in _policy(template)
        for action in s.actions
        for resource in s.resources
        if not any(
            n.action.lower() == action.lower() and fnmatchcase(n.resource, resource)
            for n in workflow_needs
        )
    )
    assert unused == [], "no workflow step needs these: remove them from the grants"


def test_the_calls_of_both_backends_were_recorded(workflow_needs: set[Need]) -> None:
    # the run reached every tool's AWS work: the checklist's agents, the rollback of aliases
    actions = {n.action for n in workflow_needs}
    assert {
        "bedrock:ListIngestionJobs",
        "bedrock:GetAgent",
        "bedrock:ListAgentAliases",
        "bedrock:UpdateAgentAlias",
        "lambda:UpdateAlias",
        "s3:DeleteObject",
        "sts:AssumeRole",
    } <= actions


def test_the_role_of_one_environment_reaches_none_of_another(
    template: tuple[Template, list[Need]], workflow_needs: set[Need]
) -> None:
    # given what staging's workflows need, moved to prod's names
    prod = {Need(n.action, n.resource.replace(ENV, "prod")) for n in workflow_needs}
    named = {n for n in prod if "prod" in n.resource}
    # then the staging role allows none of it
    policy = _policy(template)
    allowed = sorted(
        (n.action, n.resource) for n in named if any(s.allows(n.action, n.resource) for s in policy)
    )
    assert named and allowed == []
