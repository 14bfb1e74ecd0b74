"""Bounded conversation history kept in one Lex session attribute as compact JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

# Stored form: [["u", "text"], ["a", "text"], ...], oldest first.
_ROLE = {"u": "user", "a": "assistant"}


def load_history(session: Mapping[str, str], attr: str) -> list[tuple[str, str]]:
    """The stored turns; anything unreadable counts as no history (never an error for callers)."""
    raw = session.get(attr)
    if not raw:
        return []
    try:
        items = json.loads(raw)
    except ValueError:
        return []
    if not isinstance(items, list):
        return []
    out: list[tuple[str, str]] = []
    for item in items:
        if (
            isinstance(item, list)
            and len(item) == 2
            and item[0] in _ROLE
            and isinstance(item[1], str)
            and item[1]
        ):
            out.append((item[0], item[1]))
    return out


def to_messages(history: list[tuple[str, str]], text: str) -> list[dict[str, Any]]:
    """Converse messages: alternate roles, start with the user, end with this turn."""
    messages: list[dict[str, Any]] = []
    for role, said in history:
        name = _ROLE[role]
        if not messages and name != "user":
            continue
        if messages and messages[-1]["role"] == name:
            messages[-1]["content"][0]["text"] += "\n" + said
        else:
            messages.append({"role": name, "content": [{"text": said}]})
    if messages and messages[-1]["role"] == "user":
        messages[-1]["content"][0]["text"] += "\n" + text
    else:
        messages.append({"role": "user", "content": [{"text": text}]})
    return messages


def store_history(
    history: list[tuple[str, str]], user: str, assistant: str, *, messages: int, chars: int
) -> str:
    """The new attribute value: the last `messages` entries, dropped oldest-first to `chars`."""
    items = [*history, ("u", user), ("a", assistant)][-messages:] if messages else []
    while items:
        encoded = json.dumps([list(i) for i in items], separators=(",", ":"), ensure_ascii=False)
        if len(encoded) <= chars:
            return encoded
        if len(items) == 1:
            role, said = items[0]
            items = [(role, said[: max(0, len(said) - (len(encoded) - chars) - 1)])]
            if not items[0][1]:
                break
            continue
        items = items[1:]
    return "[]"
