"""Both cloud backends hold the same conversation against the local Bedrock endpoint."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from runtime.agents.bedrock_agents import BedrockAgentsBackend
from runtime.agents.converse import ConverseBackend, local_router
from runtime.agents.converse.types import HISTORY_ATTR
from runtime.config import RuntimeConfig
from runtime.constants import ATTR_LAST_AGENT, ATTR_LAST_CATEGORY
from tests.runtime.agents.bedrock.conftest import make_backend
from tests.support.bedrock_endpoint import AGENT_TOKENS, DEFAULT_REPLY

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from runtime.agents.types import AgentBackend, Turn
    from tests.support.bedrock_endpoint import FakeBedrock

ADDENDUM = "Always call the caller 'friend' and mention the Tangerine promise."


def everything_sent(endpoint: FakeBedrock) -> str:
    return json.dumps([r.body for r in endpoint.requests])


def test_a_plain_question_gets_the_models_answer(
    backend: AgentBackend, bedrock_endpoint: FakeBedrock, make_turn: Callable[..., Turn]
) -> None:
    # given a caller with a USB problem
    turn = make_turn("my usb headset is not detected")
    # when the backend answers
    reply = backend.respond(turn)
    # then the caller hears the model's words, labelled with the backend that produced them
    assert reply.text == DEFAULT_REPLY
    assert reply.backend == backend.name
    assert not reply.escalate
    assert reply.session[ATTR_LAST_AGENT] == reply.agent


def test_the_persona_addendum_reaches_the_model(
    backend: AgentBackend, bedrock_endpoint: FakeBedrock, make_turn: Callable[..., Turn]
) -> None:
    # given a persona with its own prompt addendum
    turn = make_turn("my usb headset is not detected", prompt_addendum=ADDENDUM)
    # when the backend answers
    backend.respond(turn)
    # then the request Bedrock received carries the addendum and the persona's name
    sent = everything_sent(bedrock_endpoint)
    assert ADDENDUM in sent
    assert "Tangerine" in sent


def test_a_bluetooth_problem_is_routed_to_diagnostic(
    backend: AgentBackend, bedrock_endpoint: FakeBedrock, make_turn: Callable[..., Turn]
) -> None:
    # given the model grounds its answer in the Bluetooth pairing article
    bedrock_endpoint.article_uri = "s3://kb/knowledge-base/bluetooth/pairing-fails.md"
    bedrock_endpoint.use("citations", only="invoke_agent")
    # when a caller says their Bluetooth headset will not pair
    reply = backend.respond(make_turn("my bluetooth headset won't pair with my laptop"))
    # then Diagnostic answered, in the bluetooth category, citing that article
    assert (reply.agent, reply.category) == ("diagnostic", "bluetooth")
    assert reply.article == "bluetooth/pairing-fails.md"
    assert reply.session[ATTR_LAST_CATEGORY] == "bluetooth"


def test_escalation_arrives_structured_not_from_prose(
    backend: AgentBackend, bedrock_endpoint: FakeBedrock, make_turn: Callable[..., Turn]
) -> None:
    # given the agent decides a person must take over (return of control / tool call)
    bedrock_endpoint.use("return_control", only="invoke_agent")
    bedrock_endpoint.use("tool_use", only="converse")
    # when a caller reports a broken headset
    reply = backend.respond(make_turn("the headband snapped, it's broken"))
    # then the reply escalates with the agent's reason, in the persona's words
    assert reply.escalate
    assert reply.agent == "escalation"
    assert reply.escalation_reason == bedrock_endpoint.escalation_reason
    assert "put you through to a colleague" in reply.text


def test_a_reply_that_only_mentions_a_person_does_not_escalate(
    backend: AgentBackend, bedrock_endpoint: FakeBedrock, make_turn: Callable[..., Turn]
) -> None:
    # given the model's prose talks about a human agent without calling the escalation action
    bedrock_endpoint.reply_text = "If this fails, I will transfer you to a human agent."
    # when the backend answers
    reply = backend.respond(make_turn("my usb headset is not detected"))
    # then nothing escalates: escalation is structured only
    assert not reply.escalate


def test_invoke_agent_uses_the_contact_id_as_session_and_sends_context(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend("bedrock-agents", bedrock_endpoint, agents_dir)
    # given a turn whose session carries contact-flow attributes, one of them a phone number
    turn = make_turn(session={"product": "Jabra Evolve2 65", "callback": "+1 (555) 555-0100"})
    # when the supervisor alias is invoked
    backend.respond(turn)
    # then the session id is the contact id, context is forwarded, the phone number is not
    call = bedrock_endpoint.calls("invoke_agent")[0]
    assert call.params == {"agent": "SUPERVISOR", "alias": "LIVE", "session": turn.session_id}
    attributes = call.body["sessionState"]["sessionAttributes"]
    assert attributes["product"] == "Jabra Evolve2 65"
    assert "callback" not in attributes
    assert call.body["enableTrace"] is True  # at every log level: usage is in the trace


def test_invoke_agent_assembles_many_chunks_in_order(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend("bedrock-agents", bedrock_endpoint, agents_dir)
    bedrock_endpoint.chunk_count = 25
    bedrock_endpoint.use("many_chunks")
    reply = backend.respond(make_turn())
    assert reply.text == DEFAULT_REPLY


def test_invoke_agent_names_the_collaborator_from_the_trace_at_any_log_level(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    # given the backend as the Lambda builds it at log level INFO
    config = RuntimeConfig.from_env(
        {},
        agent_backend="bedrock-agents",
        log_level="INFO",
        bedrock_agent_id="SUPERVISOR",
        bedrock_agent_alias_id="LIVE",
        region="us-east-1",
        bedrock_endpoint_url=bedrock_endpoint.url,
    )
    backend = BedrockAgentsBackend.from_config(config)
    # when a turn is answered
    reply = backend.respond(make_turn())
    # then the trace named the collaborator and carried the tokens the metrics report
    assert reply.agent == "diagnostic"
    assert (reply.input_tokens, reply.output_tokens) == AGENT_TOKENS


def test_converse_sends_guardrail_hand_over_tool_and_category_filter(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend("converse", bedrock_endpoint, agents_dir)
    # when a Windows question is answered
    reply = backend.respond(make_turn("no sound in windows from my headset"))
    # then retrieval was filtered to the routed category and the answer used Platform's instructions
    retrieve = bedrock_endpoint.calls("retrieve")[0].body
    search = retrieve["retrievalConfiguration"]["vectorSearchConfiguration"]
    assert search["filter"] == {"equals": {"key": "category", "value": "windows"}}
    answer = bedrock_endpoint.calls("converse")[-1].body
    assert answer["guardrailConfig"] == {"guardrailIdentifier": "gr1abc", "guardrailVersion": "3"}
    assert [t["toolSpec"]["name"] for t in answer["toolConfig"]["tools"]] == ["hand_to_escalation"]
    assert "Platform specialist" in answer["system"][0]["text"]
    assert "name: platform" not in answer["system"][0]["text"]  # front matter stripped
    assert (reply.agent, reply.category) == ("platform", "windows")


def test_converse_with_the_local_router_makes_one_model_call(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    router = local_router()
    assert router is not None
    backend = make_backend("converse", bedrock_endpoint, agents_dir, router=router)
    assert isinstance(backend, ConverseBackend)
    # when the local router is sure (the caller names Bluetooth)
    reply = backend.respond(make_turn("my bluetooth headset keeps disconnecting"))
    # then there is exactly one model call, no classifier call
    assert len(bedrock_endpoint.calls("converse")) == 1
    assert reply.category == "bluetooth"
    assert backend.last_stats is not None and backend.last_stats.model_calls == 1


def test_converse_asks_the_model_to_route_when_unsure(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend("converse", bedrock_endpoint, agents_dir, router=lambda t, s: None)
    bedrock_endpoint.route = {"agent": "platform", "category": "genesys-cloud"}
    reply = backend.respond(make_turn("callers can't hear me in the softphone"))
    first, second = bedrock_endpoint.calls("converse")
    assert first.body["toolConfig"]["toolChoice"] == {"tool": {"name": "route_turn"}}
    assert "toolChoice" in second.body["toolConfig"]
    assert (reply.agent, reply.category) == ("platform", "genesys-cloud")


def test_converse_guardrail_intervention_is_answered_in_the_persona_voice(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend("converse", bedrock_endpoint, agents_dir)
    bedrock_endpoint.use("guardrail", only="converse")
    reply = backend.respond(make_turn("usb headset, also tell me something nasty"))
    assert reply.text == "I can only help with headsets."
    assert "model cannot answer" not in reply.text
    assert not reply.escalate


def test_converse_remembers_the_conversation_in_the_session(
    bedrock_endpoint: FakeBedrock, agents_dir: Path, make_turn: Callable[..., Turn]
) -> None:
    backend = make_backend("converse", bedrock_endpoint, agents_dir)
    first = backend.respond(make_turn("my usb headset is not detected"))
    # when the caller answers the next turn with the session Lex sends back
    backend.respond(make_turn("I tried that, still nothing", session=first.session))
    # then the model sees the earlier exchange, user first, alternating
    messages = bedrock_endpoint.calls("converse")[-1].body["messages"]
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[0]["content"][0]["text"] == "my usb headset is not detected"
    assert messages[1]["content"][0]["text"] == DEFAULT_REPLY
    assert HISTORY_ATTR in first.session
