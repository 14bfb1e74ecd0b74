"""The `## Steps` section of an article: numbered steps with a kind, and fields under each.

    3. [ask] Is the light on the USB stick solid or flashing?
       - help: The USB stick is the small receiver plugged into your computer.
       - if solid: go to step 5
       - if flashing, blinking: next
    4. [check] Unplug the USB stick, wait ten seconds, and plug it back in.
       - for: usb-dongle
       - does: replug
       - caution: live-call

Kinds: open, check, ask, test, info. Fields: help, for, not for, does, caution, and `if ANSWERS:
ACTION` branches on ask steps, where ACTION is `next`, `go to step N`, `hand off REASON` or
`see ARTICLE-ID`. Anything else is an error naming the step, the line and the fix.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import ValidationError

from runtime.knowledge.codes import ACTIONS, CAUTIONS, FACET_OF, HANDOFF_REASONS, STEP_KINDS
from runtime.knowledge.types import Branch, Step

if TYPE_CHECKING:
    from collections.abc import Callable

_NUMBERED = re.compile(r"^(?P<number>\d+)\.\s+(?P<text>.+)$")
_KIND = re.compile(r"^\[(?P<kind>[^\]]*)\]\s*(?P<text>.*)$")
_FIELD = re.compile(r"^[-*]\s+(?P<name>[A-Za-z][A-Za-z ]*?)\s*:\s*(?P<value>.*)$")
_BRANCH = re.compile(r"^[-*]\s+if\s+(?P<answers>[^:]+):\s*(?P<action>.+)$", re.IGNORECASE)
_GO_TO = re.compile(r"^(?:go to )?step (?P<n>\d+)$")
_HAND_OFF = re.compile(r"^hand ?off[\s:(]+(?P<reason>[a-z_]+)\)?$")
_SEE = re.compile(r"^see (?:article )?(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)$")
_KINDS = ", ".join(f"[{k}]" for k in STEP_KINDS)
_FIELDS = "help, for, not for, does, caution, if ...:"


class StepSyntaxError(ValueError):
    """A step the engine cannot use: which step, what is wrong and how to fix it."""

    def __init__(self, number: int | None, problem: str, fix: str) -> None:
        where = f"step {number}" if number is not None else "Steps"
        super().__init__(f"{where}: {problem}")
        self.number = number
        self.problem = f"{where}: {problem}"
        self.fix = fix


class _Draft:
    """A step while its lines are read."""

    def __init__(self, number: int, kind: str, text: str) -> None:
        self.number = number
        self.kind = kind
        self.text = text
        self.fields: dict[str, object] = {}
        self.branches: list[tuple[tuple[str, ...], str]] = []
        self.reading_text = True  # indented lines before the first field continue the text


def parse_steps(block: str) -> tuple[Step, ...]:
    """The steps of a `## Steps` block. Raises StepSyntaxError."""
    drafts: list[_Draft] = []
    for line in block.splitlines():
        if not line.strip():
            continue
        numbered = _NUMBERED.match(line)
        if numbered and not line.startswith((" ", "\t")):
            drafts.append(_start(numbered.group("number"), numbered.group("text"), len(drafts)))
            continue
        if not drafts:
            raise StepSyntaxError(
                None, f"'{line.strip()[:40]}' comes before step 1", "start with '1. [kind] ...'"
            )
        _read_line(drafts[-1], line)
    steps = tuple(_build(d) for d in drafts)
    _check_targets(steps)
    return steps


def _start(number: str, text: str, count: int) -> _Draft:
    expected = count + 1
    if int(number) != expected:
        raise StepSyntaxError(
            expected, f"is numbered {number}", "number the steps 1, 2, 3 ... in order"
        )
    marked = _KIND.match(text.strip())
    if marked is None:
        raise StepSyntaxError(
            expected, "has no kind", f"start the step with one of {_KINDS}, e.g. '1. [check] ...'"
        )
    kind = marked.group("kind").strip().lower()
    if kind not in STEP_KINDS:
        raise StepSyntaxError(
            expected, f"unknown kind '[{marked.group('kind')}]'", f"use one of {_KINDS}"
        )
    return _Draft(expected, kind, marked.group("text").strip())


def _read_line(draft: _Draft, line: str) -> None:
    stripped = line.strip()
    if not line.startswith((" ", "\t")):
        raise StepSyntaxError(
            draft.number,
            f"the line '{stripped[:40]}' is not indented",
            "indent continuation lines and fields under their step, or end the Steps section "
            "with a heading",
        )
    branch = _BRANCH.match(stripped)
    if branch is not None:
        draft.reading_text = False
        answers = tuple(
            a.strip().lower() for a in re.split(r",|\bor\b", branch.group("answers")) if a.strip()
        )
        draft.branches.append((answers, branch.group("action").strip()))
        return
    field = _FIELD.match(stripped)
    if field is not None:
        draft.reading_text = False
        name = " ".join(field.group("name").lower().split())
        _set_field(draft, name, field.group("value").strip())
        return
    if stripped.startswith(("- ", "* ")) or not draft.reading_text:
        raise StepSyntaxError(
            draft.number,
            f"'{stripped[:40]}' is not a field",
            f"write fields as '- name: value' with a name from: {_FIELDS}",
        )
    draft.text = f"{draft.text} {stripped}"


def _set_field(draft: _Draft, name: str, value: str) -> None:
    if name in draft.fields:
        raise StepSyntaxError(draft.number, f"'{name}' is given twice", "keep one")
    if not value:
        raise StepSyntaxError(draft.number, f"'{name}' is empty", f"write '- {name}: ...'")
    if name == "help":
        draft.fields["help"] = value
    elif name in ("for", "not for"):
        draft.fields[name] = _codes(draft.number, name, value, FACET_OF.__contains__, "a fact")
    elif name == "does":
        draft.fields["does"] = _one(draft.number, name, value, ACTIONS)
    elif name in ("caution", "cautions"):
        draft.fields["caution"] = _codes(
            draft.number, name, value, CAUTIONS.__contains__, ", ".join(CAUTIONS)
        )
    else:
        raise StepSyntaxError(draft.number, f"unknown field '{name}'", f"use one of: {_FIELDS}")


def _codes(
    number: int, name: str, value: str, known: Callable[[str], bool], choices: str
) -> tuple[str, ...]:
    codes = tuple(v.strip().lower() for v in value.split(",") if v.strip())
    for code in codes:
        if not known(code):
            hint = (
                "use connections, platforms, systems or problems from docs/content-authoring.md"
                if choices == "a fact"
                else f"use one of {choices}"
            )
            raise StepSyntaxError(number, f"'{name}' has an unknown value '{code}'", hint)
    return codes


def _one(number: int, name: str, value: str, choices: tuple[str, ...]) -> str:
    code = value.strip().lower()
    if code not in choices:
        raise StepSyntaxError(
            number, f"'{name}' has an unknown value '{code}'", f"use one of {', '.join(choices)}"
        )
    return code


def _branch(number: int, answers: tuple[str, ...], action: str) -> Branch:
    said = " ".join(action.lower().rstrip(".").split())
    if said in ("next", "next step", "go on", "continue"):
        return Branch(answers=answers, action="next")
    go_to = _GO_TO.match(said)
    if go_to is not None:
        return Branch(answers=answers, action="step", step=int(go_to.group("n")) - 1)
    hand_off = _HAND_OFF.match(said)
    if hand_off is not None:
        reason = _one(number, "hand off", hand_off.group("reason"), HANDOFF_REASONS)
        return Branch.model_validate({"answers": answers, "action": "handoff", "reason": reason})
    see = _SEE.match(said)
    if see is not None:
        return Branch(answers=answers, action="article", article=see.group("id"))
    raise StepSyntaxError(
        number,
        f"the branch action '{action}' is not understood",
        "use 'next', 'go to step N', 'hand off REASON' or 'see ARTICLE-ID'",
    )


def _build(draft: _Draft) -> Step:
    branches = tuple(_branch(draft.number, a, act) for a, act in draft.branches)
    if draft.kind == "ask" and not branches:
        raise StepSyntaxError(
            draft.number,
            "is a question with no branches",
            "add '- if yes: ...' and '- if no: ...' (or other answers) under it",
        )
    if draft.kind != "ask" and branches:
        raise StepSyntaxError(
            draft.number,
            f"has branches but is a [{draft.kind}] step",
            "make it an [ask] step, or remove the '- if ...' lines",
        )
    try:
        return Step.model_validate(
            {
                "number": draft.number,
                "kind": draft.kind,
                "text": draft.text,
                "help": draft.fields.get("help"),
                "only_for": draft.fields.get("for", ()),
                "not_for": draft.fields.get("not for", ()),
                "does": draft.fields.get("does"),
                "cautions": draft.fields.get("caution", ()),
                "branches": branches,
            }
        )
    except ValidationError as e:
        first = e.errors()[0]
        raise StepSyntaxError(draft.number, first["msg"], "see docs/content-authoring.md") from e


def _check_targets(steps: tuple[Step, ...]) -> None:
    for step in steps:
        for branch in step.branches:
            if branch.action != "step" or branch.step is None:
                continue
            target = branch.step + 1
            if not 1 <= target <= len(steps):
                raise StepSyntaxError(
                    step.number,
                    f"a branch goes to step {target}, which does not exist",
                    f"use a step between 1 and {len(steps)}",
                )
            if target <= step.number:
                raise StepSyntaxError(
                    step.number,
                    f"a branch goes back to step {target}",
                    "branches only go forward; use 'next' or a later step",
                )
