"""A reason code for a hand-off whose reason is free text (a cloud backend's model wrote it).

The outcome line and its metrics carry codes only: a model's reason may quote the caller. An
exact code passes through; otherwise the first rule whose words appear decides; else "other".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from runtime.knowledge.codes import HANDOFF_REASONS
from runtime.outcomes.types import EXTRA_REASONS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from runtime.outcomes.types import OutcomeReason

_CODES = frozenset((*HANDOFF_REASONS, *EXTRA_REASONS))
# In order: the first match wins (safety before damage before a request for a person).
_RULES: Sequence[tuple[OutcomeReason, re.Pattern[str]]] = (
    (
        "safety",
        re.compile(r"\b(safety|smok\w*|burn\w*|hot|heat|swell\w*|shock\w*|fire|ear pain)\b"),
    ),
    ("damage", re.compile(r"\b(damage\w*|broken|crack\w*|snapped|frayed|cut)\b")),
    ("replacement", re.compile(r"\b(replace\w*|warranty|new headset|rma)\b")),
    ("accessibility", re.compile(r"\b(hearing aids?|accessib\w*|amplified)\b")),
    ("admin_rights", re.compile(r"\b(admin\w*|administrator)\b")),
    ("setting_locked", re.compile(r"\b(greyed|grayed|locked|managed by)\b")),
    ("network", re.compile(r"\b(network|vpn|firewall)\b")),
    ("hardware_fault", re.compile(r"\b(hardware|faulty|defective|another computer)\b")),
    (
        "steps_exhausted",
        re.compile(r"\b(exhausted|tried everything|no more steps|out of (steps|ideas))\b"),
    ),
    ("caller_request", re.compile(r"\b(person|human|agent|someone|supervisor|asked)\b")),
    ("out_of_scope", re.compile(r"\b(out of scope|not a headset|unrelated)\b")),
)


def reason_code(text: str | None) -> OutcomeReason:
    """The code for a hand-off reason given as a code or as a few words."""
    said = (text or "").strip().lower()
    if said in _CODES:
        return said
    for code, words in _RULES:
        if words.search(said):
            return code
    return "other"
