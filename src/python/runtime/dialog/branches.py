"""Following a question step's branches: the answer the caller gave, or the safest default."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from runtime.dialog.vocabulary import YES, said
from runtime.knowledge.types import Branch

if TYPE_CHECKING:
    from runtime.dialog.reading import Reading
    from runtime.knowledge.types import Step


def match_branch(step: Step, reading: Reading) -> Branch | None:
    """The branch whose answer words the caller said; yes and no by their meaning. "Okay" or
    "done" alone answers nothing: the question is asked again."""
    for branch in step.branches:
        for answer in branch.answers:
            if answer in ("yes", "no"):
                continue
            # the caller's words, not negated: "it's not greyed out" is not "greyed out"
            if said(re.compile(rf"\b{re.escape(answer)}\b"), reading.text):
                return branch
    intent = reading.intent
    if intent == "done" and YES.search(reading.text):
        intent = "yes"
    wanted = {"yes": "yes", "no": "no", "dont_know": "not sure"}.get(intent)
    if wanted is None:
        return None
    for branch in step.branches:
        if wanted in branch.answers:
            return branch
    return None


def fallback(step: Step) -> Branch:
    """An unclear answer after one re-ask: the 'not sure' branch, or 'no', or 'next'."""
    for wanted in ("not sure", "no"):
        for branch in step.branches:
            if wanted in branch.answers:
                return branch
    return Branch(answers=("next",), action="next")
