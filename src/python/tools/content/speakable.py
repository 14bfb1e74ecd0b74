"""Checks that every step can be spoken to a caller and used by the dialog engine.

A step is read aloud as written: to the caller (never to an agent), one action, at most 25
words, numbers as they are spoken, no brackets or abbreviations a listener cannot parse. Steps
that break a live call, need administrator rights or make anything louder carry the caution the
engine acts on; a step that names a screen has help text for "where is that?".
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from tools.content.types import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable

    from runtime.knowledge.types import Article, Step

MAX_STEP_WORDS = 25
MAX_HELP_WORDS = 30
MAX_ADMIN_STEP_WORDS = 18  # the engine adds "If it asks for an admin password, stop and tell me."

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_AGENT_FACING = re.compile(
    r"\bthe caller\b|\bcaller's\b|^(?:ask|find out|check with (?:them|the))\s+"
    r"(?:who|whether|which|if|what|them)\b|^explain\b|\bstop here\b|\bescalate\b",
    re.IGNORECASE,
)
_STEP_REFERENCE = re.compile(r"\b(?:go to |see |back to |skip to )?steps? \d+\b", re.IGNORECASE)
_BRACKETS = re.compile(r"[()\[\]{};]")
_LONG_NUMBER = re.compile(r"\b\d{3,}\b")
_ABBREVIATIONS = re.compile(r"\b(?:GHz|MHz|UDP|TCP|HFP|A2DP|TRRS|AGC|e\.g\.|i\.e\.|etc\.?)(?=\W|$)")
# Names of screens and settings pages: a step that names one says where it is in its help.
_SCREENS = re.compile(
    r"\b(?:Settings|Device Manager|Control Panel|Sound|Bluetooth & devices|Privacy|Services|"
    r"System Settings|System Preferences|Properties|Recording|Playback|Communications|"
    r"Advanced|Power Management|Site settings|Preferences|Devices)\b"
)
_BREAKS_CALL = re.compile(
    r"\b(?:reload|refresh|F5|sign out|log out|restart|reboot|unplug|disconnect|quit|"
    r"turn (?:the headset |it )?off)\b",
    re.IGNORECASE,
)
_NEEDS_ADMIN = re.compile(
    r"\b(?:uninstall|roll back|services|endpoint builder|power management|update driver|"
    r"disable device|enable device)\b",
    re.IGNORECASE,
)
_LOUDER = re.compile(r"\b(?:maximum|max|loudest|full volume|loudness)\b", re.IGNORECASE)
_BUILT_IN_DRIVER = re.compile(
    r"\b(?:uninstall|roll back|remove|disable)\b.{0,60}\b(?:realtek|built-in|laptop's (?:own )?"
    r"(?:sound|audio)|conexant|intel smart sound|high definition audio)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"\?\s*$")
_TELL_ME = re.compile(r"\btell me\b", re.IGNORECASE)


def words(text: str) -> int:
    return len(text.split())


def check_steps(path: str, article: Article, known_ids: Iterable[str]) -> list[Problem]:
    """Every problem with the article's steps, each naming the step and the fix."""
    ids = set(known_ids)
    problems: list[Problem] = []
    for step in article.steps:
        field = f"Steps.{step.number}"
        problems += [Problem(path=path, field=field, message=m, fix=f) for m, f in _step(step)]
        for branch in step.branches:
            if branch.action == "article" and branch.article not in ids:
                problems.append(
                    Problem(
                        path=path,
                        field=field,
                        message=f"a branch sees article '{branch.article}', which does not exist",
                        fix="use the id of an existing article (its front matter 'id')",
                    )
                )
    return problems


def _step(step: Step) -> list[tuple[str, str]]:
    text = step.text
    found: list[tuple[str, str]] = []
    count = words(text)
    if count > MAX_STEP_WORDS:
        found.append(
            (
                f"{count} words is too long to speak",
                f"keep a step to {MAX_STEP_WORDS} words or fewer: split it, or move detail to help",
            )
        )
    if "admin" in step.cautions and count > MAX_ADMIN_STEP_WORDS:
        found.append(
            (
                f"{count} words leaves no room for the admin caution the engine adds",
                f"keep an admin step to {MAX_ADMIN_STEP_WORDS} words or fewer",
            )
        )
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) > 2 or (
        len(sentences) == 2 and not (_QUESTION.search(text) or _TELL_ME.search(sentences[-1]))
    ):
        found.append(
            (
                "holds more than one action",
                "one action per step: at most one instruction, then one question or "
                "'Tell me when ...'",
            )
        )
    for label, value in (("text", text), ("help", step.help or "")):
        found += _wording(label, value)
    if step.help is not None and words(step.help) > MAX_HELP_WORDS:
        found.append(
            (
                f"help is {words(step.help)} words",
                f"keep help to {MAX_HELP_WORDS} words or fewer",
            )
        )
    if step.help is None and (step.kind == "open" or _SCREENS.search(text)):
        found.append(
            (
                "names a screen but has no help text",
                "add '- help: where it is or what it is', for callers who ask 'where is that?'",
            )
        )
    if step.kind in ("ask", "test") and not _QUESTION.search(text):
        found.append((f"a [{step.kind}] step must end with its question", "end it with a '?'"))
    found += _cautions(step)
    return found


def _wording(label: str, text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if _AGENT_FACING.search(text):
        found.append(
            (
                f"the {label} is written to an agent, not the caller",
                "speak to the caller: 'Press ...', 'Tell me ...'; put decisions in '- if' branches",
            )
        )
    if _STEP_REFERENCE.search(text):
        found.append(
            (
                f"the {label} refers to a step by number",
                "a caller cannot see step numbers: use an [ask] step with '- if ...: go to step N'",
            )
        )
    if _BRACKETS.search(text):
        found.append(
            (
                f"the {label} has brackets or a semicolon",
                "say it as a plain sentence; give one example, not a bracketed list",
            )
        )
    if _LONG_NUMBER.search(text):
        found.append(
            (
                f"the {label} has a number a listener cannot follow",
                "write it as spoken, e.g. 'zero zero zero zero'",
            )
        )
    abbreviation = _ABBREVIATIONS.search(text)
    if abbreviation:
        found.append(
            (
                f"the {label} uses the abbreviation '{abbreviation.group(0)}'",
                "use words a caller knows, or leave the detail out",
            )
        )
    return found


def _cautions(step: Step) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    text = step.text
    if _BUILT_IN_DRIVER.search(text):
        found.append(
            (
                "touches the computer's own sound driver",
                "limit driver steps to the headset; hand off for the built-in audio driver "
                "('- if ...: hand off admin_rights' on an [ask] step)",
            )
        )
    rules = (
        (_BREAKS_CALL, "live-call", "breaks a live call"),
        (_NEEDS_ADMIN, "admin", "may need administrator rights"),
        (_LOUDER, "hearing", "makes the sound louder"),
    )
    for pattern, caution, why in rules:
        if pattern.search(text) and caution not in step.cautions:
            found.append(
                (
                    f"{why} but has no '{caution}' caution",
                    f"add '- caution: {caution}' so the engine warns the caller first",
                )
            )
    return found


_LOCALE = re.compile(r"^[a-z]{2}(?:[-_][a-z]{2})?$", re.IGNORECASE)
_SLUG = re.compile(r"[-_.0-9]")


def landing_page(url: str) -> bool:
    """A site's front or section page ("jabra.com/supportpages", "support.hp.com/us-en/poly"),
    not an article: past any locale, no path or one short word with no slug or id in it."""
    parsed = urlparse(url)
    if parsed.query or parsed.fragment:
        return False
    segments = [s for s in parsed.path.split("/") if s and not _LOCALE.match(s)]
    if not segments:
        return True
    return len(segments) == 1 and not _SLUG.search(segments[0]) and len(segments[0]) <= 15


def check_sources(path: str, article: Article) -> list[Problem]:
    """Sources must link the page itself, not a vendor's landing page."""
    problems: list[Problem] = []
    for n, source in enumerate(article.meta.sources):
        if landing_page(str(source.url)):
            problems.append(
                Problem(
                    path=path,
                    field=f"sources.{n}.url",
                    message=f"'{source.url}' is a landing page, not the article",
                    fix="link the page that says what the steps rely on",
                )
            )
    return problems
