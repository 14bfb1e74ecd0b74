"""Test personas and small builders shared by the runtime tests."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from runtime.persona.types import Persona

if TYPE_CHECKING:
    from pathlib import Path


def persona_dict(persona_id: str = "tangerine", **changes: Any) -> dict[str, Any]:
    name = persona_id.capitalize()
    data: dict[str, Any] = {
        "id": persona_id,
        "display_name": name,
        "voice": {"voice_id": "Joanna", "engine": "neural", "language": "en-US"},
        "prosody": {"rate": "95%", "pitch": "-5%", "volume": "medium"},
        "greeting": f"Hi, this is {name} from headset support. What's going on with your headset?",
        "farewell": f"Glad that's sorted. This was {name}, take care!",
        "tone": "warm and upbeat",
        "style_notes": ["short sentences"],
        "prompt_addendum": f"You are {name}.",
        "phrases": {
            "acknowledge": ["Got it."],
            "hold": ["One moment please."],
            "delay_apology": ["Bear with me, this is {name} checking something."],
            "escalate": [f"I'll put you through to a colleague now. {name} signing off."],
            "not_understood": ["Sorry, I didn't catch that. Could you say it again?"],
            "out_of_scope": ["I can only help with headsets."],
            "check_step": ["Did that help?"],
            "steps_exhausted": ["That's all I can try from here."],
        },
    }
    data.update(changes)
    return data


def persona(persona_id: str = "tangerine", **changes: Any) -> Persona:
    return Persona.model_validate(persona_dict(persona_id, **changes))


def write_content(root: Path, ids: tuple[str, ...] = ("tangerine", "joseph", "jennifer")) -> Path:
    """A content/ folder with personas only; returns the content root."""
    folder = root / "personas"
    folder.mkdir(parents=True, exist_ok=True)
    for persona_id in ids:
        (folder / f"{persona_id}.json").write_text(json.dumps(persona_dict(persona_id)))
    return root


def assert_valid_lex_response(response: dict[str, Any]) -> None:
    """What Lex V2 accepts: the response model, Close carries an intent, SSML parses, <= 1000."""
    from xml.etree import ElementTree

    from runtime.events.lex import LexV2Response

    parsed = LexV2Response.model_validate(response)
    action = parsed.session_state.dialog_action.type
    assert action in ("ElicitIntent", "Close"), action
    if action == "Close":
        assert parsed.session_state.intent is not None
    for message in parsed.messages:
        assert 0 < len(message.content) <= 1000
        if message.content_type == "SSML":
            root = ElementTree.fromstring(message.content)
            assert root.tag == "speak"
    for key, value in parsed.session_state.session_attributes.items():
        assert isinstance(key, str) and isinstance(value, str)


def spoken_text(response: dict[str, Any]) -> str:
    """The words of the first message, SSML tags removed."""
    from xml.etree import ElementTree

    message = response["messages"][0]
    if message["contentType"] == "SSML":
        return "".join(ElementTree.fromstring(message["content"]).itertext())
    return str(message["content"])
