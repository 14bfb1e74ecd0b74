"""Small made-up articles in the real format, for index and troubleshooter tests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runtime.knowledge.parse import parse_article

if TYPE_CHECKING:
    from pathlib import Path

    from runtime.knowledge.types import Article


def article_text(
    article_id: str,
    category: str,
    title: str,
    symptoms: list[str],
    steps: list[str],
    *,
    keywords: list[str] | None = None,
    summary: str = "Why this happens, in a sentence.",
) -> str:
    lines = [
        "---",
        f"id: {article_id}",
        f"title: {title}",
        f"category: {category}",
        "symptoms:",
        *(f"  - {s}" for s in symptoms),
        "devices:",
        "  - Any headset",
        "escalate_when:",
        "  - It still fails on a second computer",
        "last_reviewed: 2026-11-20",
        "sources:",
        "  - title: Vendor documentation",
        "    url: https://example.com/docs",
        f"keywords: [{', '.join(keywords or [])}]",
        "---",
        f"# {title}",
        "",
        summary,
        "",
        "## Steps",
        *(f"{i}. {s}" for i, s in enumerate(steps, 1)),
        "",
    ]
    return "\n".join(lines)


SAMPLES: dict[str, tuple[str, str, list[str], list[str], list[str]]] = {
    # path: (id, title, symptoms, steps, keywords)
    "usb/not-detected.md": (
        "usb-not-detected",
        "USB headset not detected by the computer",
        ["my headset isn't showing up", "the computer doesn't see my headset"],
        ["Unplug the headset and plug it back in.", "Try another USB port.", "Restart."],
        ["detect", "plug"],
    ),
    "usb/noise.md": (
        "usb-noise",
        "Buzzing or crackling on a USB headset",
        ["there's a buzzing in my ear", "it crackles when I move the cable"],
        ["Unplug the laptop charger.", "Move away from the monitor."],
        ["buzz", "hum", "static"],
    ),
    "bluetooth/pairing.md": (
        "bt-pairing",
        "Putting a Bluetooth headset into pairing mode",
        ["my headset won't pair", "the light doesn't flash blue"],
        ["Hold the power button for five seconds.", "Open Bluetooth settings and add it."],
        ["pair", "pairing"],
    ),
    "bluetooth/mic.md": (
        "bt-mic",
        "Bluetooth headset microphone not working",
        ["they can't hear me", "my mic doesn't work on bluetooth"],
        ["Choose the hands-free device as the microphone.", "Re-pair the headset."],
        ["microphone", "mic"],
    ),
    "windows/privacy.md": (
        "win-mic-privacy",
        "Windows microphone privacy settings blocking the headset",
        ["apps can't use my microphone", "microphone access is off"],
        ["Open privacy settings and allow microphone access."],
        ["privacy", "permission"],
    ),
    "genesys-cloud/one-way.md": (
        "gc-one-way-audio",
        "One-way audio on Genesys Cloud calls",
        ["the customer can't hear me on Genesys", "I can't hear the customer"],
        ["Check the WebRTC phone's microphone.", "Turn off the VPN.", "Log out and in."],
        ["one-way audio", "genesys"],
    ),
}


def sample_articles() -> list[Article]:
    return [
        parse_article(
            article_text(aid, path.split("/")[0], title, symptoms, steps, keywords=keywords),
            path,
        )
        for path, (aid, title, symptoms, steps, keywords) in SAMPLES.items()
    ]


def write_samples(root: Path) -> Path:
    """Write the sample articles under root/knowledge-base and return that folder."""
    kb = root / "knowledge-base"
    for article in sample_articles():
        file = kb / article.path
        file.parent.mkdir(parents=True, exist_ok=True)
        aid, title, symptoms, steps, keywords = SAMPLES[article.path]
        file.write_text(
            article_text(aid, article.meta.category, title, symptoms, steps, keywords=keywords),
            encoding="utf-8",
        )
    return kb
