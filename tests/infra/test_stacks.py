"""Template assertions on every stack, from the one synthesized matrix (see matrix.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from aws_cdk.assertions import Match, Template

from infra.components import outcomes as outcome_widgets
from infra.components.agent_instructions import load_instructions
from infra.components.agents import ESCALATE_FUNCTION
from runtime.agents.types import CATEGORIES
from runtime.outcomes.insights import ARTICLES, HANDOFF_REASONS
from tests.infra.matrix import QUEUE_ARN

if TYPE_CHECKING:
    from pathlib import Path

    from tests.infra.matrix import Matrix


def _template(matrix: Matrix, env: str, backend: str, concern: str) -> Template:
    return Template.from_stack(getattr(matrix.get(env, backend), concern))


def _only(template: Template, kind: str) -> Any:
    (resource,) = template.find_resources(kind).values()
    return resource


def _actions(template: Template) -> set[str]:
    found: set[str] = set()
    for policy in template.find_resources("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            actions = statement["Action"]
            found.update([actions] if isinstance(actions, str) else actions)
    return found


# ---- data ------------------------------------------------------------------------------


@pytest.mark.parametrize(("env", "protected"), [("dev", False), ("prod", True)])
def test_persona_table_is_on_demand_recoverable_and_retained(
    matrix: Matrix, env: str, protected: bool
) -> None:
    template = _template(matrix, env, "converse", "data")
    template.has_resource(
        "AWS::DynamoDB::GlobalTable",
        {
            "Properties": Match.object_like(
                {
                    "TableName": f"headset-support-{env}-personas",
                    "BillingMode": "PAY_PER_REQUEST",
                    "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                    "SSESpecification": {"SSEEnabled": True},
                    "Replicas": [
                        Match.object_like(
                            {
                                "PointInTimeRecoverySpecification": {
                                    "PointInTimeRecoveryEnabled": True
                                },
                                "DeletionProtectionEnabled": protected,
                            }
                        )
                    ],
                }
            ),
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
        },
    )


def test_knowledge_bucket_is_versioned_private_encrypted_and_tls_only(matrix: Matrix) -> None:
    template = _template(matrix, "prod", "converse", "data")
    buckets = template.find_resources(
        "AWS::S3::Bucket", {"Properties": {"VersioningConfiguration": {"Status": "Enabled"}}}
    )
    ((bucket_id, bucket),) = buckets.items()
    props = bucket["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    assert (
        props["BucketEncryption"]["ServerSideEncryptionConfiguration"][0][
            "ServerSideEncryptionByDefault"
        ]["SSEAlgorithm"]
        == "AES256"
    )
    (rule,) = props["LifecycleConfiguration"]["Rules"]
    assert rule["NoncurrentVersionExpiration"]["NoncurrentDays"] == 90
    assert props["LoggingConfiguration"]["LogFilePrefix"] == "kb/"
    assert bucket["DeletionPolicy"] == "Retain"
    template.has_resource_properties(
        "AWS::S3::BucketPolicy",
        {
            "Bucket": {"Ref": bucket_id},
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Effect": "Deny",
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        )
                    ]
                )
            },
        },
    )
    template.has_resource_properties(
        "AWS::SSM::Parameter", {"Name": "/headset-agent/prod/persona-table-name"}
    )


# ---- knowledge ---------------------------------------------------------------------------


def test_knowledge_base_stores_vectors_in_s3_vectors(matrix: Matrix) -> None:
    template = _template(matrix, "staging", "converse", "knowledge")
    index = _only(template, "AWS::S3Vectors::Index")["Properties"]
    assert (index["Dimension"], index["DistanceMetric"], index["DataType"]) == (
        1024,
        "cosine",
        "float32",
    )
    assert set(index["MetadataConfiguration"]["NonFilterableMetadataKeys"]) == {
        "AMAZON_BEDROCK_TEXT",
        "AMAZON_BEDROCK_METADATA",
    }
    kb = _only(template, "AWS::Bedrock::KnowledgeBase")["Properties"]
    assert kb["StorageConfiguration"]["Type"] == "S3_VECTORS"
    assert "IndexArn" in kb["StorageConfiguration"]["S3VectorsConfiguration"]
    assert (
        kb["KnowledgeBaseConfiguration"]["VectorKnowledgeBaseConfiguration"]["EmbeddingModelArn"][
            "Fn::Join"
        ][1][-1]
        == "::foundation-model/amazon.titan-embed-text-v2:0"
    )
    source = _only(template, "AWS::Bedrock::DataSource")["Properties"]
    assert source["DataSourceConfiguration"]["S3Configuration"]["InclusionPrefixes"] == [
        "knowledge-base/"
    ]
    assert _actions(template) >= {
        "s3vectors:PutVectors",
        "s3vectors:QueryVectors",
        "bedrock:InvokeModel",
    }
    template.has_resource_properties(
        "AWS::SSM::Parameter", {"Name": "/headset-agent/staging/knowledge-base-id"}
    )


# ---- agents ------------------------------------------------------------------------------


def test_bedrock_agents_backend_builds_the_supervisor_team(
    matrix: Matrix, agents_dir: Path
) -> None:
    template = _template(matrix, "prod", "bedrock-agents", "agents")
    agents = {
        a["Properties"]["AgentName"]: a["Properties"]
        for a in template.find_resources("AWS::Bedrock::Agent").values()
    }
    prefix = "headset-agents-prod-"
    assert set(agents) == {
        prefix + n for n in ("supervisor", "diagnostic", "platform", "escalation")
    }
    instructions = load_instructions(agents_dir)
    for role, instruction in instructions.items():
        assert agents[prefix + role]["Instruction"] == instruction.text
    supervisor = agents[prefix + "supervisor"]
    assert supervisor["AgentCollaboration"] == "SUPERVISOR"
    assert supervisor["FoundationModel"] == "us.anthropic.claude-sonnet-4-20250514-v1:0"
    collaborators = {c["CollaboratorName"]: c for c in supervisor["AgentCollaborators"]}
    assert set(collaborators) == {"diagnostic", "platform", "escalation"}
    aliases = template.find_resources("AWS::Bedrock::AgentAlias")
    for collaborator in collaborators.values():  # referenced by alias ARN, not agent ARN
        (alias_id, attribute) = collaborator["AgentDescriptor"]["AliasArn"]["Fn::GetAtt"]
        assert alias_id in aliases and attribute == "AgentAliasArn"
    assert {a["Properties"]["AgentAliasName"] for a in aliases.values()} == {"live"}
    assert [p for p in agents if agents[p].get("KnowledgeBases")] == [
        prefix + "diagnostic",
        prefix + "platform",
    ]
    (group,) = agents[prefix + "escalation"]["ActionGroups"]
    assert group["ActionGroupExecutor"] == {"CustomControl": "RETURN_CONTROL"}
    (function,) = group["FunctionSchema"]["Functions"]
    assert function["Name"] == ESCALATE_FUNCTION
    assert function["Parameters"]["reason"]["Required"] is True
    assert all(
        a["FoundationModel"] == "us.anthropic.claude-3-5-haiku-20241022-v1:0"
        for n, a in agents.items()
        if not n.endswith("supervisor")
    )
    assert all("GuardrailConfiguration" in a for a in agents.values())
    for name in ("supervisor-agent-id", "supervisor-alias-id", "escalation-alias-id"):
        template.has_resource_properties(
            "AWS::SSM::Parameter", {"Name": f"/headset-agent/prod/{name}"}
        )


def test_converse_backend_has_no_agents_but_the_same_guardrail(matrix: Matrix) -> None:
    template = _template(matrix, "prod", "converse", "agents")
    template.resource_count_is("AWS::Bedrock::Agent", 0)
    template.resource_count_is("AWS::Bedrock::GuardrailVersion", 1)
    guardrail = _only(template, "AWS::Bedrock::Guardrail")["Properties"]
    assert {t["Type"] for t in guardrail["TopicPolicyConfig"]["TopicsConfig"]} == {"DENY"}
    pii = {
        p["Type"]: p["Action"]
        for p in guardrail["SensitiveInformationPolicyConfig"]["PiiEntitiesConfig"]
    }
    assert pii["EMAIL"] == pii["PHONE"] == "ANONYMIZE"
    assert pii["CREDIT_DEBIT_CARD_NUMBER"] == "BLOCK"
    filters = {f["Type"]: f for f in guardrail["ContentPolicyConfig"]["FiltersConfig"]}
    assert filters["PROMPT_ATTACK"]["InputStrength"] == "HIGH"
    template.has_resource_properties(
        "AWS::SSM::Parameter", {"Name": "/headset-agent/prod/agent-backend", "Value": "converse"}
    )
    names = [
        p["Properties"]["Name"] for p in template.find_resources("AWS::SSM::Parameter").values()
    ]
    assert "/headset-agent/prod/supervisor-agent-id" not in names


# ---- runtime -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "snap_start", "retention"),
    [("dev", None, 14), ("prod", {"ApplyOn": "PublishedVersions"}, 90)],
)
def test_function_runs_the_zip_behind_a_live_alias(
    matrix: Matrix, env: str, snap_start: dict[str, str] | None, retention: int
) -> None:
    template = _template(matrix, env, "converse", "runtime")
    function = _only(template, "AWS::Lambda::Function")["Properties"]
    assert function["Runtime"] == "python3.12"
    assert function["Architectures"] == ["x86_64"]
    assert function["Handler"] == "lambda_function.handler"
    assert function["Timeout"] < 30
    assert function["FunctionName"] == f"headset-support-{env}-agent"
    variables = function["Environment"]["Variables"]
    assert variables["AGENT_BACKEND"] == "converse"
    assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "HeadsetSupportAgent"
    assert "SUPERVISOR_AGENT_ID" not in variables
    # prod's published versions start from a SnapStart snapshot (instead of provisioned
    # concurrency: Lambda allows one or the other on a version)
    assert function.get("SnapStart") == snap_start
    alias = _only(template, "AWS::Lambda::Alias")["Properties"]
    assert alias["Name"] == "live"
    assert "ProvisionedConcurrencyConfig" not in alias
    template.resource_count_is("AWS::Lambda::Version", 1)
    template.has_resource_properties("AWS::Logs::LogGroup", {"RetentionInDays": retention})


def test_converse_role_calls_models_kb_and_guardrail_only(matrix: Matrix) -> None:
    actions = _actions(_template(matrix, "prod", "converse", "runtime"))
    assert {"bedrock:InvokeModel", "bedrock:Retrieve", "bedrock:ApplyGuardrail"} <= actions
    assert "bedrock:InvokeAgent" not in actions
    assert not {a for a in actions if a.startswith("dynamodb:") and ("Put" in a or "Delete" in a)}
    assert not {a for a in actions if a.endswith("*") and a.split(":")[1] == "*"}


def test_bedrock_agents_role_invokes_the_supervisor_alias_only(matrix: Matrix) -> None:
    template = _template(matrix, "prod", "bedrock-agents", "runtime")
    actions = _actions(template)
    assert "bedrock:InvokeAgent" in actions
    assert "bedrock:InvokeModel" not in actions
    variables = _only(template, "AWS::Lambda::Function")["Properties"]["Environment"]["Variables"]
    assert {"SUPERVISOR_AGENT_ID", "SUPERVISOR_AGENT_ALIAS_ID"} <= set(variables)


# ---- contact -----------------------------------------------------------------------------


def test_lex_bot_sends_every_turn_to_the_live_alias(matrix: Matrix) -> None:
    template = _template(matrix, "dev", "converse", "contact")
    bot = _only(template, "AWS::Lex::Bot")["Properties"]
    (locale,) = bot["BotLocales"]
    assert locale["LocaleId"] == "en_US"
    intents = {i["Name"]: i for i in locale["Intents"]}
    fallback = intents["FallbackIntent"]
    assert fallback["ParentIntentSignature"] == "AMAZON.FallbackIntent"
    assert fallback["DialogCodeHook"] == {"Enabled": True}
    updates = fallback["FulfillmentCodeHook"]["FulfillmentUpdatesSpecification"]
    assert updates["Active"] and updates["StartResponse"]["MessageGroups"]
    assert updates["UpdateResponse"]["MessageGroups"]
    alias = _only(template, "AWS::Lex::BotAlias")["Properties"]
    assert alias["BotAliasName"] == "live"
    hook = alias["BotAliasLocaleSettings"][0]["BotAliasLocaleSetting"]["CodeHookSpecification"]
    assert "runtime" in hook["LambdaCodeHook"]["LambdaArn"]["Fn::ImportValue"]
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {"Principal": "lexv2.amazonaws.com", "SourceArn": Match.any_value()},
    )
    template.resource_count_is("AWS::Lex::BotVersion", 1)
    template.resource_count_is("AWS::Connect::ContactFlow", 0)  # dev has no Connect instance


def _flows(template: Template) -> dict[str, dict[str, Any]]:
    """Contact flows by name, each with its logical id."""
    return {
        f["Properties"]["Name"]: {**f["Properties"], "LogicalId": logical_id}
        for logical_id, f in template.find_resources("AWS::Connect::ContactFlow").items()
    }


def _flow_text(flow: dict[str, Any]) -> str:
    # Content is a Fn::Join of JSON text and the Lambda/bot ARNs; the literal parts hold the flow.
    return "".join(p if isinstance(p, str) else "ARN" for p in flow["Content"]["Fn::Join"][1])


def test_contact_flow_is_generated_for_the_configured_instance(matrix: Matrix) -> None:
    template = _template(matrix, "prod", "converse", "contact")
    flow = _flows(template)["headset-support-prod-inbound"]
    assert flow["Type"] == "CONTACT_FLOW"
    assert flow["InstanceArn"].endswith("instance/11111111-2222-3333-4444-555555555555")
    text = _flow_text(flow)
    content = json.loads(text)
    types = [a["Type"] for a in content["Actions"]]
    for kind in (
        "InvokeLambdaFunction",
        "UpdateContactTextToSpeechVoice",
        "ConnectParticipantWithLexBot",
        "Compare",
        "TransferContactToQueue",
    ):
        assert kind in types
    assert QUEUE_ARN in text
    kinds = {
        p["Properties"]["IntegrationType"]
        for p in template.find_resources("AWS::Connect::IntegrationAssociation").values()
    }
    assert kinds == {"LAMBDA_FUNCTION", "LEX_BOT"}
    template.has_resource_properties(
        "AWS::Lambda::Permission", {"Principal": "connect.amazonaws.com"}
    )


def test_a_hang_up_reaches_the_lambda_which_may_read_the_bots_sessions(matrix: Matrix) -> None:
    template = _template(matrix, "prod", "converse", "contact")
    flows = _flows(template)
    inbound, hang_up = flows["headset-support-prod-inbound"], flows["headset-support-prod-hang-up"]
    # the inbound flow sets the hang-up flow (by its ARN) as the disconnect flow
    types = [a["Type"] for a in json.loads(_flow_text(inbound))["Actions"]]
    assert "UpdateContactEventHooks" in types
    arn = {"Fn::GetAtt": [hang_up["LogicalId"], "ContactFlowArn"]}
    assert arn in inbound["Content"]["Fn::Join"][1]
    # which tells the Lambda the contact ended
    actions = json.loads(_flow_text(hang_up))["Actions"]
    (invoke,) = (a for a in actions if a["Type"] == "InvokeLambdaFunction")
    assert invoke["Parameters"]["LambdaInvocationAttributes"]["event"] == "contact_ended"
    # and the function's role may read the bot alias's Lex sessions, nothing more
    (policy,) = (
        p["Properties"]
        for p in template.find_resources("AWS::IAM::Policy").values()
        if "lex:GetSession" in json.dumps(p)
    )
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == "lex:GetSession"
    (alias_id,) = template.find_resources("AWS::Lex::BotAlias")
    assert statement["Resource"] == {"Fn::GetAtt": [alias_id, "Arn"]}
    assert "runtime" in json.dumps(policy["Roles"])


# ---- observability -------------------------------------------------------------------------


def test_alarms_page_on_errors_and_warn_on_latency(matrix: Matrix) -> None:
    template = _template(matrix, "prod", "converse", "observability")
    topics = {
        t["Properties"]["TopicName"]: tid
        for tid, t in template.find_resources("AWS::SNS::Topic").items()
    }
    pagerduty = topics["headset-support-prod-alerts-pagerduty"]
    slack = topics["headset-support-prod-alerts-slack"]
    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "MetricName": "Errors",
            "Period": 60,
            "Threshold": 5,
            "Statistic": "Sum",
            "ComparisonOperator": "GreaterThanThreshold",
            "AlarmActions": [{"Ref": pagerduty}],
        },
    )
    template.has_resource_properties(
        "AWS::CloudWatch::Alarm",
        {
            "MetricName": "Duration",
            "ExtendedStatistic": "p99",
            "Threshold": 5000,
            "AlarmActions": [{"Ref": slack}],
        },
    )
    template.has_resource_properties(
        "AWS::SNS::Subscription", {"Protocol": "https", "TopicArn": {"Ref": pagerduty}}
    )
    template.resource_count_is("AWS::Chatbot::SlackChannelConfiguration", 1)
    budget = _only(template, "AWS::Budgets::Budget")["Properties"]
    assert budget["Budget"]["TimeUnit"] == "DAILY"
    assert budget["Budget"]["BudgetLimit"] == {"Amount": 100, "Unit": "USD"}
    (notification,) = budget["NotificationsWithSubscribers"]
    assert notification["Subscribers"] == [
        {"SubscriptionType": "EMAIL", "Address": "support-ops@example.com"}
    ]


def test_dashboard_shows_the_runtime_metrics_and_cost(matrix: Matrix) -> None:
    template = _template(matrix, "prod", "converse", "observability")
    body = _only(template, "AWS::CloudWatch::Dashboard")["Properties"]["DashboardBody"]
    text = json.dumps(body)
    for needle in (
        "Invocations",
        "Errors",
        "p50",
        "p99",
        "HeadsetSupportAgent",
        "TurnLatency",
        "BackendLatency",
        "Fallbacks",
        "Escalations",
        "PersonaCacheMisses",
        "BackendInputTokens",
        "BackendOutputTokens",
        "Estimated cost",
    ):
        assert needle in text, needle


def test_the_dashboard_knows_every_category() -> None:
    assert outcome_widgets.CATEGORIES == CATEGORIES


def test_dashboard_shows_how_conversations_end(matrix: Matrix) -> None:
    template = _template(matrix, "prod", "converse", "observability")
    body = _only(template, "AWS::CloudWatch::Dashboard")["Properties"]["DashboardBody"]
    text = "".join(p if isinstance(p, str) else "REF" for p in body["Fn::Join"][1])
    widgets = {w["properties"].get("title"): w["properties"] for w in json.loads(text)["widgets"]}
    # resolution rate per category: fixed over all four outcomes, from the EMF metrics
    rate = widgets["Resolution rate by category (% fixed)"]
    expressions = [m[0]["expression"] for m in rate["metrics"] if "expression" in m[0]]
    assert expressions[0] == (
        "100 * FILL(fixed_usb, 0) / (FILL(fixed_usb, 0) + FILL(escalated_usb, 0)"
        " + FILL(left_usb, 0) + FILL(abandoned_usb, 0))"
    )
    assert [e.split("FILL(")[1].split(",")[0] for e in expressions] == [
        "fixed_usb",
        "fixed_bluetooth",
        "fixed_windows",
        "fixed_genesys_cloud",
    ]
    series = [m for m in rate["metrics"] if m[0] == "HeadsetSupportAgent"]
    assert {(m[1], m[3], m[5]) for m in series} == {
        ("Conversations", c, o)
        for c in ("usb", "bluetooth", "windows", "genesys-cloud")
        for o in ("fixed", "escalated", "left", "abandoned")
    }
    assert rate["view"] == "bar" and rate["setPeriodToTimeRange"] is True
    # median turns to fix: p50 of the turns of the conversations that ended fixed
    turns = widgets["Median turns to fix"]["metrics"]
    assert {(m[1], m[5], m[-1]["stat"]) for m in turns} == {("ConversationTurns", "fixed", "p50")}
    # hand-offs by reason and the articles that end in a hand-off: Logs Insights over the
    # function's log group, with exactly the queries kb report runs
    source = "SOURCE '/aws/lambda/headset-support-prod-agent' | "
    assert widgets["Hand-offs by reason"]["query"] == source + HANDOFF_REASONS
    articles = widgets["Articles that end in a hand-off (kb report)"]
    assert articles["query"] == source + ARTICLES
    assert articles["view"] == "table"
