"""Caller stories: whole conversations with what a support engineer expects, run through the
real handler, scored. The regression suite of the dialog engine.

    ./pants run src/python/runtime:stories [-- tests/dialog/stories] [--json] [--verbose]

A story is a YAML file: the persona, what the caller says turn by turn, and expectations written
before it was ever run (docs/dialog.md lists them). The command prints the pass rate, the
median and largest reply length, and each failure with its transcript.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from runtime.chat import TurnResult

State = Literal["open", "closed", "escalated"]
DEFAULT_MAX_WORDS = 40
_OFFERS_PERSON = re.compile(r"\b(?:person|colleague|teammate|human|someone)\b.*\?", re.I | re.S)
_REPEAT_MIN_WORDS = 9  # a sentence this long said twice is a repeated step


class StoryError(ValueError):
    """A story file that cannot be used: names the file, what is wrong and the fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CallerTurn(_Strict):
    caller: str = Field(min_length=1)


class TurnExpect(_Strict):
    state: State | None = None
    article_in: list[str] | None = None
    says: str | None = Field(default=None, description="a regex the reply must match")
    never: list[str] = Field(default_factory=list, description="regexes it must not match")
    max_words: int | None = None
    allow_repeat: bool = False


class Expect(_Strict):
    first_article: list[str] | None = Field(
        default=None, description="the first reply naming an article names one of these"
    )
    close_at: int | None = Field(default=None, ge=1, description="closed (not escalated) here")
    no_close_before: int | None = Field(default=None, ge=1)
    escalate_by: int | None = Field(default=None, ge=1)
    reason: str | None = Field(default=None, description="the escalation reason")
    never_escalate: bool = False
    offer_person_by: int | None = Field(default=None, ge=1)
    never_says: list[str] = Field(default_factory=list)
    max_words: int = DEFAULT_MAX_WORDS
    turns: dict[int, TurnExpect] = Field(default_factory=dict)


class Story(_Strict):
    persona: str
    turns: list[CallerTurn] = Field(min_length=1)
    expect: Expect


@dataclass
class Outcome:
    """One story run: its replies and every expectation it missed."""

    name: str
    story: Story
    replies: list[TurnResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def load_story(path: Path) -> Story:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Story.model_validate(data)
    except (OSError, yaml.YAMLError) as e:
        raise StoryError(f"{path}: cannot be read as YAML ({e}); fix the file") from e
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(file)"
        raise StoryError(
            f"{path}: {where}: {first['msg']}; see the fields in runtime/dialog/stories.py"
        ) from e


def load_stories(folder: Path) -> dict[str, Story]:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise StoryError(f"{folder}: no *.yaml stories; point at tests/dialog/stories")
    return {f.stem: load_story(f) for f in files}


def run_story(name: str, story: Story) -> Outcome:
    """The story's turns through the real handler (local backend), then its checks."""
    from runtime.chat import Conversation, build_app, find_persona

    app = build_app()
    persona = find_persona(app, story.persona)
    conversation = Conversation(app, persona, session_id=f"story-{name}")
    outcome = Outcome(name, story)
    for turn in story.turns:
        result = conversation.say(turn.caller)
        outcome.replies.append(result)
        if result.closed:
            conversation = Conversation(app, persona, conversation.number + 1)
    outcome.failures = check(story, outcome.replies, persona.display_name)
    return outcome


def check(story: Story, replies: Sequence[TurnResult], persona_name: str) -> list[str]:
    """Every expectation the replies miss, as readable sentences."""
    expect = story.expect
    failures: list[str] = []
    states = [r.state for r in replies]
    ended = next((n for n, s in enumerate(states, 1) if s != "open"), None)
    first_article = next((r.article for r in replies if r.article), None)
    if expect.first_article is not None and first_article not in expect.first_article:
        failures.append(f"first article {first_article}, expected one of {expect.first_article}")
    if expect.close_at is not None and (ended != expect.close_at or states[ended - 1] != "closed"):
        failures.append(f"expected a close at turn {expect.close_at}, got {_ending(states)}")
    if expect.no_close_before is not None and ended is not None and ended < expect.no_close_before:
        failures.append(f"premature end: {states[ended - 1]} at turn {ended}")
    escalated = [n for n, s in enumerate(states, 1) if s == "escalated"]
    if expect.escalate_by is not None:
        if not escalated or escalated[0] > expect.escalate_by:
            failures.append(f"missed escalation by turn {expect.escalate_by}: {_ending(states)}")
        elif expect.reason and replies[escalated[0] - 1].escalation_reason != expect.reason:
            got = replies[escalated[0] - 1].escalation_reason
            failures.append(f"escalation reason {got}, expected {expect.reason}")
    if expect.never_escalate and escalated:
        failures.append(f"false escalation at turn {escalated[0]}")
    if expect.offer_person_by is not None and not any(
        r.state == "escalated" or _OFFERS_PERSON.search(r.text)
        for r in replies[: expect.offer_person_by]
    ):
        failures.append(f"no offer of a person by turn {expect.offer_person_by}")
    failures += _per_reply(story, replies, persona_name)
    return failures


def _per_reply(story: Story, replies: Sequence[TurnResult], persona_name: str) -> list[str]:
    expect = story.expect
    failures: list[str] = []
    said: set[str] = set()
    for n, reply in enumerate(replies, 1):
        turn = expect.turns.get(n, TurnExpect())
        words = len(reply.text.split())
        limit = turn.max_words or expect.max_words
        if words > limit:
            failures.append(f"turn {n}: {words} words (limit {limit})")
        if reply.persona != story.persona:
            failures.append(f"turn {n}: persona {reply.persona}, expected {story.persona}")
        for pattern in [*expect.never_says, *turn.never]:
            if re.search(pattern, reply.text, re.IGNORECASE):
                failures.append(f"turn {n}: says /{pattern}/: {reply.text!r}")
        if turn.says and not re.search(turn.says, reply.text, re.IGNORECASE):
            failures.append(f"turn {n}: does not say /{turn.says}/: {reply.text!r}")
        if turn.state and reply.state != turn.state:
            failures.append(f"turn {n}: state {reply.state}, expected {turn.state}")
        if turn.article_in is not None and reply.article not in turn.article_in:
            failures.append(f"turn {n}: article {reply.article}, expected one of {turn.article_in}")
        sentences = {
            s.strip().lower()
            for s in re.split(r"(?<=[.?!])\s+", reply.text)
            if len(s.split()) >= _REPEAT_MIN_WORDS and persona_name.lower() not in s.lower()
        }
        repeated = sentences & said
        if reasked(reply.text):
            repeated -= {_last_sentence(reply.text)}  # asking an unanswered question again
        if repeated and not turn.allow_repeat:
            failures.append(f"turn {n}: repeats unasked: {sorted(repeated)[0]!r}")
        said |= sentences
        if reply.state != "open":
            said = set()
    return failures


def _last_sentence(text: str) -> str:
    return re.split(r"(?<=[.?!])\s+", text.strip())[-1].strip().lower()


def reasked(text: str) -> bool:
    """The reply only asks a question again (an acknowledgement at most before it): asking
    an unanswered question is not repeating a step."""
    sentences = re.split(r"(?<=[.?!])\s+", text.strip())
    return sentences[-1].endswith("?") and len(sentences) <= 2 and len(sentences[0].split()) <= 4


def _ending(states: Sequence[str]) -> str:
    ended = next((f"{s} at turn {n}" for n, s in enumerate(states, 1) if s != "open"), None)
    return ended or f"still open after {len(states)} turns"


@dataclass
class Report:
    outcomes: list[Outcome]

    @property
    def passed(self) -> int:
        return sum(o.ok for o in self.outcomes)

    @property
    def rate(self) -> float:
        return self.passed / len(self.outcomes) if self.outcomes else 0.0

    def words(self) -> list[int]:
        return [len(r.text.split()) for o in self.outcomes for r in o.replies]

    def count(self, prefix: str) -> int:
        return sum(f.startswith(prefix) for o in self.outcomes for f in o.failures)

    def as_dict(self) -> dict[str, Any]:
        words = self.words()
        return {
            "stories": len(self.outcomes),
            "passed": self.passed,
            "pass_rate": round(self.rate, 4),
            "premature_ends": self.count("premature end"),
            "missed_escalations": self.count("missed escalation"),
            "false_escalations": self.count("false escalation"),
            "median_words": statistics.median(words) if words else 0,
            "max_words": max(words, default=0),
            "failures": {o.name: o.failures for o in self.outcomes if not o.ok},
        }


def run(folder: Path) -> Report:
    return Report([run_story(name, story) for name, story in load_stories(folder).items()])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="stories", description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="tests/dialog/stories")
    parser.add_argument("--json", action="store_true", help="the figures as one JSON object")
    parser.add_argument(
        "--verbose", action="store_true", help="every transcript, not only failures"
    )
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        report = run(Path(args.folder))
    except StoryError as e:
        print(f"stories: error: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
        return 0
    figures = report.as_dict()
    print(
        f"{report.passed}/{len(report.outcomes)} stories met every expectation "
        f"({report.rate:.0%}); premature ends {figures['premature_ends']}, missed escalations "
        f"{figures['missed_escalations']}, false escalations {figures['false_escalations']}; "
        f"words per reply median {figures['median_words']}, max {figures['max_words']}"
    )
    for outcome in report.outcomes:
        if outcome.ok and not args.verbose:
            continue
        print(f"\n{'PASS' if outcome.ok else 'FAIL'} {outcome.name}")
        for failure in outcome.failures:
            print(f"  - {failure}")
        for turn, reply in zip(outcome.story.turns, outcome.replies, strict=False):
            print(f"    caller: {turn.caller}")
            print(f"    agent:  {reply.text}  [{reply.state}; {reply.article}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
