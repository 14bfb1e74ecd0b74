"""The dialog engine: one caller turn in, one reply out, the call's state carried in between.

understand (runtime.dialog.reading) -> decide (this module) -> say (runtime.dialog.speech).
Each turn is read against the question just asked (`DialogState.asked`): the answer to a
gather question, to a step (by its kind), to "is it working now?", to an offer of a person or to
"go Not Ready first". Details refine the path; only an explicit change switches the problem.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from runtime.dialog.branches import fallback, match_branch
from runtime.dialog.gather import gather_question, tentative
from runtime.dialog.moves import Move, Moves
from runtime.dialog.reading import read_reply
from runtime.dialog.select import (
    alternatives,
    article_applies,
    first_usable,
    next_step,
    rank,
    step_applies,
)
from runtime.dialog.speech import (
    NOT_READY_HELP,
    OFFER_LEADS,
    SWITCH_LEADS,
    Part,
    Voice,
    compose,
    spoken,
)
from runtime.dialog.state import DialogState
from runtime.dialog.vocabulary import NO_CHANGE

if TYPE_CHECKING:
    from runtime.knowledge.index import Hit, KnowledgeIndex
    from runtime.knowledge.types import Article, Step
    from runtime.persona.types import Persona
    from runtime.render.phrases import PhraseKind


class DialogEngine:
    """Answers caller turns over a knowledge index; holds nothing between turns."""

    def __init__(self, index: KnowledgeIndex) -> None:
        self.index = index

    def respond(
        self, text: str, persona: Persona, session_id: str, session: dict[str, str]
    ) -> Move:
        state = DialogState.from_session(session)
        if state.stage == "closed":
            state = DialogState()  # the same session after a close: a new call
        state = state.model_copy(
            update={
                "turn": (state.turn + 1) % 1000,
                "started": state.started or int(time.time()),
            }
        )
        current = self.index.get(state.article) if state.article else None
        if state.asked in ("step", "not_ready", "fixed") and current is None:
            state = DialogState(turn=state.turn, started=state.started)  # article gone
        reading = read_reply(text, state.asked)
        voice = Voice(persona, f"{session_id}:{state.turn}")
        return _Turn(self.index, voice, state, reading, current).answer()


class _Turn(Moves):
    """One turn's decisions: what the caller is answering, and where that leads."""

    def answer(self) -> Move:
        r = self.reading
        if r.intent == "handoff" and r.handoff is not None:
            return self.escalate(r.handoff)
        if r.intent == "empty":
            return self.not_understood()
        if self.failed_step():
            offer = self.count_failure()
            if offer is not None:
                return offer
        asked = self.state.asked
        if asked == "person":
            return self.on_offer()
        if asked == "not_ready" and self.current is not None:
            return self.on_not_ready(self.current)
        if asked in ("connection", "platform"):
            return self.on_gather()
        if asked == "fixed" and self.current is not None:
            return self.on_verify(self.current)
        if asked == "step" and self.current is not None:
            return self.on_step(self.current)
        return self.on_problem()

    def on_problem(self) -> Move:
        r = self.reading
        if r.intent == "greeting":
            return self.reply(self.persona.greeting, None, asked="problem", last="greet")
        if r.intent == "goodbye" or (r.intent == "fixed" and not r.describes):
            return self.leave()
        if r.intent == "wait":
            return self.hold()
        if r.out_of_scope:
            return self.out_of_scope()
        hits = self.search(r.text)
        if not hits or r.vague or not self.in_domain():
            if r.vague or len(r.words) <= 1 or not r.describes:
                return self.not_understood()
            return self.out_of_scope()
        return self.start(hits, self.query(r.text), lead=None)

    def on_gather(self) -> Move:
        r = self.reading
        if r.intent == "goodbye":
            return self.leave()
        if r.intent == "fixed":
            return self.close_fixed()
        if r.intent == "wait":
            return self.hold()
        if r.intent == "repeat":
            kind: PhraseKind = (
                "ask_connection" if self.state.asked == "connection" else "ask_platform"
            )
            return self.reply(
                self.voice.say(kind), self.current, asked=self.state.asked, last="gather"
            )
        extra = r.text if r.intent == "words" and r.describes else ""
        query = self.query(f"{self.state.query} {extra}")
        hits = self.search(query)
        ack = self.voice.say("acknowledge") if r.intent != "dont_know" else None
        return self.start(hits, query, lead=ack, ack_kind=None)

    def on_step(self, article: Article) -> Move:
        r = self.reading
        index = self.state.step
        step = article.steps[index]
        intent = r.intent
        if intent == "fixed":
            if r.switch and self.new_problem():
                return self.switch(progress=True)
            return self.close_fixed()
        if intent == "goodbye":
            return self.leave()
        if r.switch and self.new_problem():
            return self.switch(progress=False)
        if intent == "clarify" or (step.kind == "open" and intent in ("no", "dont_know")):
            if step.kind == "open" and self.state.helped >= 1 and intent != "clarify":
                return self.advance(article, "skipped", ack=None)
            return self.help(article, step)
        if intent in ("repeat", "back", "restart"):
            return self.move_around(article, intent)
        if intent == "wait":
            return self.hold()
        if intent == "back_again":
            return self.give(article, index, ack=self.voice.say("acknowledge"), repeat=True)
        if intent == "what_now":
            return self.offer("caller_request", lead=None)
        if intent == "skip":
            return self.advance(article, "skipped", ack=self.voice.say("acknowledge"))
        if step.kind == "ask":
            return self.on_question(article, step)
        if intent in ("done", "yes", "thanks", "partly", "no", "dont_know") and (
            step.kind in ("open", "info")
        ):
            return self.advance(article, "done", ack=self.voice.say("acknowledge"))
        if step.kind in ("check", "test"):
            if intent == "yes":
                return self.close_fixed()
            if intent in ("done", "thanks"):
                return self.verify(article)
            if intent == "no":
                return self.failed(article, "no_change")
            if intent == "partly":
                return self.failed(article, "progress")
        return self.detail(article, step)

    def on_question(self, article: Article, step: Step) -> Move:
        branch = match_branch(step, self.reading)
        if branch is None:
            if self.state.helped >= 1:
                branch = fallback(step)
            else:
                self.state = self.state.model_copy(update={"helped": self.state.helped + 1})
                return self.reply(self.reask(step), article, asked="step", last="help")
        if NO_CHANGE.search(self.reading.text):
            # "Does the buzz stop?" "No, still buzzing": an answer (counted as a failed step)
            ack = self.voice.say("no_change")
        else:
            self.state = self.state.outcome("branch")
            ack = self.voice.say("acknowledge")
        if branch.action == "handoff" and branch.reason is not None:
            if branch.reason == "safety":
                return self.escalate(branch.reason)
            return self.offer(branch.reason, lead=OFFER_LEADS.get(branch.reason))
        if branch.action == "article" and branch.article:
            target = self.index.get(branch.article)
            if target is not None and article_applies(target, self.facts):
                first = next_step(self.index, target, 0, self.facts, self.state)
                if first is not None:
                    return self.give(target, first, ack=ack)
            return self.advance(article, None, ack=ack)
        start = branch.step if branch.action == "step" and branch.step is not None else None
        return self.advance(article, None, ack=ack, start=start)

    def on_verify(self, article: Article) -> Move:
        r = self.reading
        if r.intent == "done" and self.state.helped == 0:
            self.state = self.state.model_copy(update={"helped": 1})
            return self.reply(
                self.voice.say("confirm_fixed"), article, asked="fixed", last="verify"
            )
        if r.intent in ("fixed", "yes", "thanks"):
            if r.switch and self.new_problem():
                return self.switch(progress=True)
            return self.close_fixed()
        if r.intent == "goodbye":
            return self.leave()
        if r.intent in ("no", "done"):
            return self.failed(article, "no_change")
        if r.intent == "partly":
            return self.failed(article, "progress")
        if r.switch and self.new_problem():
            return self.switch(progress=False)
        return self.reply(self.voice.say("confirm_fixed"), article, asked="fixed", last="verify")

    def on_offer(self) -> Move:
        r = self.reading
        reason = self.state.offer or "caller_request"
        if r.intent in ("yes", "done", "thanks"):
            return self.escalate(reason)
        if r.intent == "fixed":
            return self.close_fixed()
        if r.intent == "goodbye":
            return self.leave()
        if r.intent in ("no", "dont_know", "partly") or not r.describes:
            return self.declined()
        return self.on_problem()

    def on_not_ready(self, article: Article) -> Move:
        r = self.reading
        if r.intent == "clarify":
            return self.reply(NOT_READY_HELP, article, asked="not_ready", last="help")
        if r.intent == "wait":
            return self.hold()
        if r.intent == "goodbye":
            return self.leave()
        if r.intent == "fixed":
            return self.close_fixed()
        return self.give(article, self.state.step, ack=self.voice.say("acknowledge"))

    def start(
        self,
        hits: list[Hit],
        query: str,
        lead: str | None,
        ack_kind: str | None = "empathy",
        keep_lead: bool = False,
    ) -> Move:
        """Begin (or re-begin after a gather answer) on the best article for the problem."""
        ranked = rank(hits, self.facts)
        if not ranked:
            return self.offer("steps_exhausted", lead=self.voice.say("steps_exhausted"))
        best = ranked[0].article
        update = {"query": query, "candidates": alternatives(ranked, self.facts)}
        self.state = self.state.model_copy(update=update)
        ack = lead or (self.voice.say("empathy") if ack_kind else None)
        question = gather_question(best, ranked, self.facts, self.state.gathered)
        if question is not None:
            asked = question
            gathered = (*self.state.gathered, question)
            best = tentative(best, ranked)
            self.state = self.state.model_copy(
                update={"stage": "gather", "article": best.meta.id, "gathered": gathered}
            )
            phrase: PhraseKind = "ask_connection" if question == "connection" else "ask_platform"
            text = compose(Part(ack or "", 2), Part(self.voice.say(phrase)))
            return self.reply(text, best, asked=asked, last="gather")
        found = first_usable(
            self.index, [h.article.meta.id for h in ranked], self.facts, self.state
        )
        if found is None:
            return self.offer("steps_exhausted", lead=self.voice.say("steps_exhausted"))
        article, index = found
        if keep_lead:
            return self.give(article, index, lead=ack, keep_lead=True)
        return self.give(article, index, ack=ack)

    def failed_step(self) -> bool:
        """The turn says the last thing tried did not help: "no" to "did that fix it?", or "no
        change", "still ..." whatever was asked (callers report the problem, not the question)."""
        r = self.reading
        if self.current is None or self.state.asked not in ("step", "fixed", "not_ready"):
            return False
        if r.intent == "no" and NO_CHANGE.search(r.text):
            return True
        kind = self.current.steps[self.state.step].kind
        checking = self.state.asked == "fixed" or (
            self.state.asked == "step" and kind in ("check", "test")
        )
        return checking and r.intent in ("no", "partly")

    def detail(self, article: Article, step: Step) -> Move:
        """A detail or an answer in the caller's own words: refine, then back to the step."""
        r = self.reading
        if not article_applies(article, self.facts):
            hits = self.search(self.query(f"{self.state.query} {r.text}"))
            return self.start(hits, self.state.query, lead=self.voice.say("acknowledge"))
        if not step_applies(step, self.facts):
            return self.advance(article, "skipped", ack=self.voice.say("acknowledge"))
        if r.intent == "greeting" or not (r.describes or r.intent == "words"):
            return self.not_understood()
        prompt = self.voice.prompt(step) or spoken(step.text)
        lead = self.voice.say("out_of_scope") if r.out_of_scope else self.voice.say("acknowledge")
        text = compose(Part(lead, 1), Part(prompt))
        return self.reply(text, article, asked="step", last="help")

    def new_problem(self) -> bool:
        """The turn names a problem other than the one the call is about."""
        said = self.reading.facts.problem
        return said is not None and said != self.before.problem

    def switch(self, *, progress: bool) -> Move:
        """An explicit new problem ("actually the mic too"): say so, then start on it."""
        if progress:
            self.state = self.state.outcome("fixed")
        problem = self.reading.facts.problem
        self.facts = self.facts.merge(self.reading.facts)
        self.state = self.state.with_facts(self.facts).model_copy(update={"failures": 0})
        query = self.query(self.reading.text)
        hits = self.search(query)
        ack = self.voice.say("progress" if progress else "acknowledge")
        lead = f"{ack} {SWITCH_LEADS.get(problem or '', 'Let us look at that.')}"
        return self.start(hits, query, lead=lead, keep_lead=True)
