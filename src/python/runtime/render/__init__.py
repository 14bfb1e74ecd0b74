"""Turning a reply into what the caller hears (SSML) or reads (plain text)."""

from runtime.render.phrases import PhraseKind, phrase
from runtime.render.ssml import prosody_attributes, render_ssml
from runtime.render.text import clean, render_text, truncate

__all__ = [
    "PhraseKind",
    "clean",
    "phrase",
    "prosody_attributes",
    "render_ssml",
    "render_text",
    "truncate",
]
