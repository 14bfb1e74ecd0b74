"""The note a person gets when a call is handed over: problem, setup, what was tried, why.

Bounded (MAX_SUMMARY_CHARS) and free of caller text and phone numbers: it is built only from
the engine's own codes and the articles' step numbers, so it can go into session attributes,
the contact's attributes and the log line of the turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runtime.dialog.state import DialogState
    from runtime.knowledge.codes import HandoffReason

MAX_SUMMARY_CHARS = 600

_REASONS: dict[str, str] = {
    "safety": "safety: stop using the headset; report it as an incident",
    "damage": "the headset is damaged",
    "replacement": "the caller needs a replacement headset",
    "caller_request": "the caller asked for a person",
    "steps_exhausted": "the troubleshooting steps are used up",
    "repeated_failures": "three steps in a row did not help",
    "out_of_scope": "not a headset problem",
    "admin_rights": "Windows asked for an administrator password",
    "setting_locked": "a setting is greyed out or managed by the company",
    "hardware_fault": "the headset fails on a second computer too",
    "network": "needs the network team (firewall or VPN)",
    "accessibility": "needs an accessible or amplified headset",
    "repeated_errors": "the line could not be understood",
}
_OUTCOMES = {
    "given": "no answer",
    "done": "done",
    "no_change": "no change",
    "fixed": "fixed",
    "skipped": "skipped",
    "branch": "answered",
}


def summary(state: DialogState, reason: HandoffReason) -> str:
    """One paragraph for the person taking over, at most MAX_SUMMARY_CHARS."""
    facts = state.facts
    setup = [
        *(c.replace("-", " ") for c in facts.connections),
        facts.platform.replace("-", " ") if facts.platform else "",
        facts.system or "",
    ]
    parts = [
        f"Reason: {_REASONS.get(reason, reason)}.",
        f"Problem: {facts.problem.replace('-', ' ') if facts.problem else 'not stated'}.",
        f"Setup: {', '.join(s for s in setup if s) or 'not stated'}.",
    ]
    if facts.tried:
        parts.append(f"Done or tried: {', '.join(facts.tried)}.")
    if state.trail:
        steps = "; ".join(
            f"{t.article} step {t.step}: {_OUTCOMES[t.outcome]}" for t in state.trail[-8:]
        )
        parts.append(f"Steps: {steps}.")
    text = " ".join(parts)
    return text if len(text) <= MAX_SUMMARY_CHARS else text[: MAX_SUMMARY_CHARS - 3] + "..."
