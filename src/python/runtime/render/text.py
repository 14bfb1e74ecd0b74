"""Plain text for chat and the raw material for SSML: clean, bounded, safe to show or speak."""

from __future__ import annotations

import re

ELLIPSIS = "..."
# Everything XML 1.0 forbids plus the C1 controls and zero-width/bidi tricks: never spoken.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufeff\ufffe\uffff]"
)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")  # terminal escape sequences
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,200})\]\((?:[^)\s]{1,500})\)")
_MARKDOWN_MARKS = re.compile(r"(\*\*|__|`+|^#{1,6}\s+|^\s*[-*]\s+)", re.MULTILINE)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean(text: str) -> str:
    """Drop control and invisible characters and Markdown marks; tidy whitespace."""
    text = _UNSAFE.sub(" ", _ANSI.sub("", text))
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_MARKS.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a sentence end or word boundary when one is near."""
    if len(text) <= limit:
        return text
    room = max(limit - len(ELLIPSIS), 1)
    head = text[:room]
    sentence_end = max(head.rfind(". "), head.rfind("? "), head.rfind("! "), head.rfind("\n"))
    if sentence_end >= room // 2:
        return head[: sentence_end + 1].rstrip()
    space = head.rfind(" ")
    if space >= room // 2:
        head = head[:space]
    return head.rstrip(" ,;:") + ELLIPSIS


def render_text(text: str, limit: int) -> str:
    """What a chat user sees: cleaned and bounded. Never empty."""
    return truncate(clean(text), limit) or ELLIPSIS
