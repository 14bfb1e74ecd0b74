"""Which collaborator answers: the local router's reading, or one short model call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runtime.agents.cloud_common import as_category
from runtime.agents.converse.types import ROUTE_TOOL
from runtime.agents.types import AGENT_OF_CATEGORY, CATEGORIES
from runtime.constants import ATTR_LAST_CATEGORY

if TYPE_CHECKING:
    from collections.abc import Mapping

    from runtime.agents.converse.types import Route, Router

_AGENTS = ("supervisor", "diagnostic", "platform", "escalation")

ROUTE_TOOL_SPEC: dict[str, Any] = {
    "toolSpec": {
        "name": ROUTE_TOOL,
        "description": "Record which specialist handles the caller's latest message.",
        "inputSchema": {
            "json": {
                "type": "object",
                "properties": {
                    "agent": {"type": "string", "enum": list(_AGENTS)},
                    "category": {"type": "string", "enum": [*CATEGORIES, ""]},
                },
                "required": ["agent", "category"],
            }
        },
    }
}
ROUTE_SYSTEM = (
    "You route headset support calls. diagnostic: USB or Bluetooth hardware, and a caller "
    "nobody hears although Genesys shows them unmuted (the headset's own mute comes first). "
    "platform: Windows audio settings or the Genesys Cloud softphone, and a headset mute "
    "button out of step with Genesys mute. escalation: damage, safety (heat, smoke, a shock, "
    "a loud screech, ear pain, ringing ears), replacement, or the caller asks for a person. "
    "supervisor: anything else or unclear. category: usb, bluetooth, windows, genesys-cloud, "
    "or empty. Call route_turn once."
)


def local_router() -> Router | None:
    """The local backend's reading of a turn as a Router, or None when it is not installed."""
    try:
        from runtime.dialog.reading import read_reply
        from runtime.knowledge.vocabulary import category_hints
    except ImportError:
        return None

    def route(text: str, session: Mapping[str, str]) -> Route | None:
        reading = read_reply(text, "step")
        if reading.intent == "handoff":
            return ("escalation", as_category(session.get(ATTR_LAST_CATEGORY)))
        hints = category_hints(text).most_common(2)
        if hints and (len(hints) == 1 or hints[0][1] > hints[1][1]):
            category = hints[0][0]
            return (AGENT_OF_CATEGORY[category], category)
        last = as_category(session.get(ATTR_LAST_CATEGORY))
        if last is not None and (reading.intent != "words" or reading.vague):
            return (AGENT_OF_CATEGORY[last], last)  # "it didn't work": same problem, same agent
        return None  # unsure: let the model decide

    return route


def parse_route(response: dict[str, Any]) -> Route | None:
    """The route_turn tool call of a classifier response, or None."""
    content = ((response.get("output") or {}).get("message") or {}).get("content") or []
    for block in content:
        use = block.get("toolUse") if isinstance(block, dict) else None
        if use and use.get("name") == ROUTE_TOOL:
            data = use.get("input") or {}
            agent = data.get("agent")
            if agent not in _AGENTS:
                return None
            category = as_category(data.get("category"))
            if agent in ("diagnostic", "platform") and category is None:
                return (agent, None)
            if category is not None and agent != "escalation":
                agent = AGENT_OF_CATEGORY[category]
            return (agent, category)
    return None
