"""Reading InvokeAgent's event stream: chunks with citations, return of control, traces."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runtime.agents.bedrock_agents.types import AgentStream, Citation, ReturnControl
from runtime.agents.exceptions import BackendTimeout, MalformedReply

if TYPE_CHECKING:
    from collections.abc import Iterable

    from runtime.agents.types import Deadline

MAX_EVENTS = 2_000  # an agent answer is a handful of events; more is a runaway stream


def read_stream(events: Iterable[dict[str, Any]], deadline: Deadline) -> AgentStream:
    """Assemble the stream; BackendTimeout once the deadline passes between events."""
    out = AgentStream()
    for event in events:
        out.events += 1
        if out.events > MAX_EVENTS:
            raise MalformedReply(f"InvokeAgent stream exceeded {MAX_EVENTS} events")
        if "chunk" in event:
            _chunk(event["chunk"], out)
        elif "returnControl" in event:
            out.return_control = _return_control(event["returnControl"])
        elif "trace" in event:
            _trace(event["trace"], out)
        if deadline.expired():
            raise BackendTimeout("InvokeAgent stream still running at the turn deadline")
    return out


def _chunk(chunk: dict[str, Any], out: AgentStream) -> None:
    raw = chunk.get("bytes") or b""
    if not isinstance(raw, bytes):
        raise MalformedReply("InvokeAgent chunk without bytes")
    try:
        out.parts.append(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise MalformedReply(f"InvokeAgent chunk is not UTF-8: {e}") from e
    for citation in (chunk.get("attribution") or {}).get("citations") or []:
        text = ((citation.get("generatedResponsePart") or {}).get("textResponsePart") or {}).get(
            "text", ""
        )
        for ref in citation.get("retrievedReferences") or []:
            location = ref.get("location") or {}
            uri = (location.get("s3Location") or {}).get("uri") or (
                location.get("webLocation") or {}
            ).get("url")
            category = (ref.get("metadata") or {}).get("category")
            out.citations.append(
                Citation(
                    text=str(text),
                    uri=uri if isinstance(uri, str) else None,
                    category=category if isinstance(category, str) else None,
                )
            )


def _return_control(payload: dict[str, Any]) -> ReturnControl:
    for member in payload.get("invocationInputs") or []:
        fn = member.get("functionInvocationInput")
        if fn:
            params = {
                str(p.get("name")): str(p.get("value", ""))
                for p in fn.get("parameters") or []
                if p.get("name")
            }
            return ReturnControl(
                function=str(fn.get("function") or ""),
                action_group=str(fn.get("actionGroup") or ""),
                collaborator=fn.get("collaboratorName"),
                parameters=params,
            )
        api = member.get("apiInvocationInput")
        if api:
            params = {
                str(p.get("name")): str(p.get("value", ""))
                for p in api.get("parameters") or []
                if p.get("name")
            }
            return ReturnControl(
                function=str(api.get("apiPath") or "").strip("/"),
                action_group=str(api.get("actionGroup") or ""),
                collaborator=api.get("collaboratorName"),
                parameters=params,
            )
    raise MalformedReply("returnControl event without an invocation input")


def _trace(part: dict[str, Any], out: AgentStream) -> None:
    """Keep a one-line summary per trace step (no prompt or model text) and token usage."""
    collaborator = part.get("collaboratorName")
    if isinstance(collaborator, str) and collaborator not in out.collaborators:
        out.collaborators.append(collaborator)
    trace = part.get("trace") or {}
    for kind, body in trace.items():
        if not isinstance(body, dict):
            continue
        step = kind.removesuffix("Trace")
        invocation = body.get("invocationInput") or {}
        if invocation.get("invocationType"):
            step += f":{invocation['invocationType']}"
            collab = (invocation.get("agentCollaboratorInvocationInput") or {}).get(
                "agentCollaboratorName"
            )
            if isinstance(collab, str):
                step += f"->{collab}"
        if "action" in body:
            step += f":{body['action']}"
        out.trace_steps.append(step)
        for section in body.values():
            usage = (
                ((section or {}).get("metadata") or {}).get("usage")
                if isinstance(section, dict)
                else None
            )
            if usage:
                out.input_tokens += int(usage.get("inputTokens") or 0)
                out.output_tokens += int(usage.get("outputTokens") or 0)
