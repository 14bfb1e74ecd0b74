"""`recovery classify | attempts | prompt | commit-message`."""

from tools.recovery.attempts import MAX_ATTEMPTS, attempts_in
from tools.recovery.classify import Classification, FailureType, classify
from tools.recovery.prompt import build_prompt, commit_message

__all__ = [
    "MAX_ATTEMPTS",
    "Classification",
    "FailureType",
    "attempts_in",
    "build_prompt",
    "classify",
    "commit_message",
]
