"""Reading a caller's reply: what kind of answer it is, before the policy reads it against
the question just asked.

The order is fixed and short, like a support engineer's ear: safety; damage or a replacement;
a request for a person (a request, not the word); the stop rules (an administrator password, a
greyed-out setting); goodbye or fixed; a question about the step ("where is that?"); repeat, go
back, start over; hold on, what now, skip; then the answer itself (done, not fixed, yes, no,
a branch's words); then a detail, or an explicit new problem. "Yes" means done after "tell me
when it's open" and fixed after "did that fix it?"; `intent` says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from runtime.dialog import vocabulary as v
from runtime.dialog.facts import Facts, read_facts
from runtime.knowledge.vocabulary import (
    FILLERS,
    VAGUE_WORDS,
    category_hints,
    content_words,
    plain,
)

if TYPE_CHECKING:
    import re

    from runtime.dialog.state import Asked
    from runtime.knowledge.codes import HandoffReason

Intent = Literal[
    "handoff",  # safety, damage, replacement, a person, admin rights, a locked setting
    "goodbye",
    "fixed",
    "partly",  # better, not fixed
    "clarify",
    "repeat",
    "back",
    "restart",
    "wait",
    "back_again",  # back after "hold on a sec": say the step again
    "what_now",
    "skip",
    "done",
    "yes",
    "no",
    "dont_know",
    "greeting",
    "thanks",
    "words",  # anything else: a detail, an answer in its own words, or a problem
    "empty",
]

_GREETINGS = frozenset("hi hello hey hiya morning afternoon evening".split())
# Fillers in a search, but an answer when said alone ("okay" after a step means done).
_ANSWERING_FILLERS = frozenset("okay ok yeah alright right".split())
_ANSWER_WORDS = frozenset(
    "yes yeah yep yup ya sure correct no nope nah okay ok done did it that thanks thank you "
    "still same nothing luck change difference again please right great good fine".split()
)


@dataclass(frozen=True)
class Reading:
    """What one caller turn says, read against the question just asked."""

    text: str  # plain(): lower case, no punctuation
    intent: Intent
    facts: Facts  # what this turn states about the setup
    handoff: HandoffReason | None = None
    switch: bool = False  # an explicit change of problem ("actually", "also ... too")
    out_of_scope: bool = False
    injection: bool = False
    on_topic: bool = False  # names a headset, a sound problem, a product or a platform

    @property
    def words(self) -> list[str]:
        return content_words(self.text)

    @property
    def describes(self) -> bool:
        """Says something about a problem beyond answer words ("no", "ok", "thanks")."""
        return any(w not in _ANSWER_WORDS and w not in VAGUE_WORDS for w in self.words)

    @property
    def vague(self) -> bool:
        return all(w in VAGUE_WORDS for w in self.words)


def read_reply(text: str, asked: Asked) -> Reading:
    """Read `text` as an answer to `asked`; the policy reads yes and no against the step."""
    flat = plain(text)
    facts = read_facts(flat, about_genesys=asked == "platform")
    on_topic = bool(
        v.HEADSET_WORDS.search(flat) or category_hints(flat) or facts.problem or facts.connections
    )
    common = {
        "text": flat,
        "facts": facts,
        "out_of_scope": bool(v.OUT_OF_SCOPE.search(flat)) and not on_topic,
        "injection": bool(v.INJECTION.search(flat)),
        "on_topic": on_topic,
    }
    reason = handoff_reason(flat, asked)
    if reason is not None:
        return Reading(intent="handoff", handoff=reason, **common)  # type: ignore[arg-type]
    intent = _intent(flat)
    switch = bool(v.SWITCH.search(flat)) and facts.problem is not None
    return Reading(intent=intent, switch=switch, **common)  # type: ignore[arg-type]


def handoff_reason(flat: str, asked: Asked | None = None) -> HandoffReason | None:
    """Why a person must take over now, most urgent first; None when nothing says so."""
    if v.said(v.SAFETY, flat):
        return "safety"
    if v.said(v.DAMAGE, flat):
        return "damage"
    if v.said(v.REPLACEMENT, flat):
        return "replacement"
    if v.said(v.ACCESSIBILITY, flat):
        return "accessibility"
    if v.said(v.ASKS_FOR_PERSON, flat) or v.PERSON_ALONE.match(flat):
        return "caller_request"
    if v.said(v.ADMIN, flat):
        return "admin_rights"
    if v.said(v.LOCKED, flat):
        return "setting_locked"
    return None


def fixed(flat: str) -> bool:
    """It works now, said without a negation ("it's still not working" is not fixed)."""
    match = v.FIXED.search(flat)
    if match is None:
        return False
    before = flat[: match.start()].split()[-3:]
    return not any(v.NEGATION.fullmatch(w) for w in before) and not _negated_after(
        flat[match.end() :]
    )


def _negated_after(rest: str) -> bool:
    """ "it says connected but I hear nothing": a "but" after the good news takes it back."""
    return any(w in ("but", "except", "though", "not") for w in rest.split())


def _at_the_end(pattern: re.Pattern[str], flat: str, words: int = 6) -> bool:
    """`pattern` said among the last few words: "thanks, I have to go" ends a call, "I have to
    go into Bluetooth settings every morning" does not."""
    return bool(pattern.search(" ".join(flat.split()[-words:])))


def _intent(flat: str) -> Intent:
    words = flat.split()
    if set(words) <= _GREETINGS | FILLERS | {"good", "there"} and set(words) & _GREETINGS:
        return "greeting"
    if not words or all(w in FILLERS and w not in _ANSWERING_FILLERS for w in words):
        return "empty"
    if v.RETURNED.fullmatch(flat):
        return "back_again"
    if fixed(flat):
        return "fixed"
    if _at_the_end(v.GOODBYE, flat):
        return "goodbye"
    if v.CLARIFY.search(flat):
        return "clarify"
    if flat in v.REPEAT_ALONE:
        return "repeat"
    for pattern, intent in (
        (v.RESTART, "restart"),
        (v.BACK, "back"),
        (v.REPEAT, "repeat"),
        (v.WAIT, "wait"),
        (v.WHAT_NOW, "what_now"),
        (v.SKIP, "skip"),
    ):
        if pattern.search(flat):
            return intent  # type: ignore[return-value]
    if v.PARTLY.search(flat) and not v.NO.fullmatch(flat):
        return "partly"
    if v.DONT_KNOW.search(flat):
        return "dont_know"
    if v.NO.search(flat):
        return "no"
    if v.DONE_REPORT.search(flat):
        return "done"
    if v.YES.search(flat):
        return "yes" if len(words) <= 4 else "done"
    if v.DONE.search(flat):
        return "done"
    if v.THANKS.search(flat) and len(words) <= 4:
        return "thanks"
    return "words"
