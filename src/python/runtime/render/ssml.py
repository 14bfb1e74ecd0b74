"""SSML for Amazon Polly through Lex and Connect: persona prosody, escaped text, bounded size.

Every character of the reply is XML-escaped, so words the caller said (quoted back by a backend)
can never become markup. The result always parses as XML and fits Lex's message limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.render.text import ELLIPSIS, clean

if TYPE_CHECKING:
    from runtime.persona.types import Persona


def escape(text: str) -> str:
    """XML-escape text content (xml.sax.saxutils would import urllib: ~25 ms at cold start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(value: str) -> str:
    return '"' + escape(value).replace('"', "&quot;") + '"'


PARAGRAPH_BREAK = '<break time="400ms"/>'
# Polly supports prosody pitch only on standard voices; neural/generative reject or ignore it.
_PITCH_ENGINES = frozenset({"standard"})


def prosody_attributes(persona: Persona) -> str:
    p = persona.prosody
    attrs = [f"rate={quoteattr(p.rate)}", f"volume={quoteattr(p.volume)}"]
    if persona.voice.engine in _PITCH_ENGINES and p.pitch != "medium":
        attrs.insert(1, f"pitch={quoteattr(p.pitch)}")
    return " ".join(attrs)


def _escape_within(text: str, budget: int) -> str:
    """Escape `text` paragraph by paragraph; stop before the escaped form passes `budget`."""
    parts: list[str] = []
    used = 0
    paragraphs = [p for p in text.split("\n") if p]
    for index, paragraph in enumerate(paragraphs):
        joiner = PARAGRAPH_BREAK if index else ""
        escaped = escape(paragraph)
        if used + len(joiner) + len(escaped) <= budget:
            parts.append(joiner + escaped)
            used += len(joiner) + len(escaped)
            continue
        # Fill what is left word by word, then an ellipsis.
        room = budget - used - len(joiner) - len(ELLIPSIS)
        words: list[str] = []
        size = 0
        for word in paragraph.split(" "):
            piece = escape(word) if not words else " " + escape(word)
            if size + len(piece) > room:
                break
            words.append(piece)
            size += len(piece)
        if not words:  # one enormous word: cut it character by character
            for char in paragraph:
                piece = escape(char)
                if size + len(piece) > room:
                    break
                words.append(piece)
                size += len(piece)
        if words:
            parts.append(joiner + "".join(words) + ELLIPSIS)
        break
    return "".join(parts)


def render_ssml(text: str, persona: Persona, limit: int) -> str:
    """`<speak><prosody ...>escaped text</prosody></speak>`, at most `limit` characters."""
    opening = f"<speak><prosody {prosody_attributes(persona)}>"
    closing = "</prosody></speak>"
    budget = limit - len(opening) - len(closing)
    if budget < 20:
        raise ValueError(f"SSML limit {limit} leaves no room for text; raise max_reply_chars")
    body = _escape_within(clean(text), budget) or escape(ELLIPSIS)
    return opening + body + closing
