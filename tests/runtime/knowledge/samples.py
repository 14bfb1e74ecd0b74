"""Small made-up articles in the real format, for index and dialog tests.

Steps are written as in an article: `[kind] text`, then indented field lines. The samples use
every feature the dialog engine reads: kinds, help, for / not for, does, cautions, branches.
"""

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
    problems: tuple[str, ...] = ("other",),
    applies: dict[str, list[str]] | None = None,
) -> str:
    """An article file; a step without a `[kind]` becomes a [check] step."""
    applies_lines = [
        "applies_to:",
        *(f"  {facet}: [{', '.join(values)}]" for facet, values in (applies or {}).items()),
    ]
    lines = [
        "---",
        f"id: {article_id}",
        f"title: {title}",
        f"category: {category}",
        f"problems: [{', '.join(problems)}]",
        *(applies_lines if applies else []),
        "symptoms:",
        *(f"  - {s}" for s in symptoms),
        "devices:",
        "  - Any headset",
        "escalate_when:",
        "  - It still fails on a second computer",
        "last_reviewed: 2026-11-20",
        "sources:",
        "  - title: Vendor documentation",
        "    url: https://example.com/docs/page",
        f"keywords: [{', '.join(keywords or [])}]",
        "---",
        f"# {title}",
        "",
        summary,
        "",
        "## Steps",
        *(f"{i}. {s if s.startswith('[') else '[check] ' + s}" for i, s in enumerate(steps, 1)),
        "",
    ]
    return "\n".join(lines)


# path: id, title, symptoms, steps, keywords, problems, applies_to
SAMPLES: dict[
    str, tuple[str, str, list[str], list[str], list[str], tuple[str, ...], dict[str, list[str]]]
] = {
    "usb/not-detected.md": (
        "usb-not-detected",
        "USB headset not detected by the computer",
        ["my headset isn't showing up", "the computer doesn't see my headset"],
        [
            "[check] Unplug the headset and plug it back in.\n   - does: replug\n"
            "   - caution: live-call",
            "[open] Open the sound settings.\n"
            "   - help: It's the Windows page that lists your speakers and microphones.",
            "[ask] Is your headset in the Output list?\n   - if yes: go to step 5\n"
            "   - if no, not sure: next",
            "[check] Try another USB port.\n   - does: other-port",
            "[check] Choose the headset as the output.\n   - does: select-device\n"
            "   - help: Output is the first list on the page.",
            "[ask] Does it work on another computer?\n   - if no: hand off hardware_fault\n"
            "   - if yes: next",
            "[check] Restart.\n   - does: restart-computer\n   - caution: live-call",
        ],
        ["detect", "plug"],
        ("not-detected",),
        {"connections": ["usb-cable", "usb-dongle"]},
    ),
    "usb/noise.md": (
        "usb-noise",
        "Buzzing or crackling on a USB headset",
        ["there's a buzzing in my ear", "it crackles when I move the cable"],
        [
            "[info] A buzz is usually electrical.",
            "[check] Unplug the laptop charger.",
            "[check] Move away from the monitor.",
            "[test] Make a test call. Is the buzz gone?",
        ],
        ["buzz", "hum", "static"],
        ("poor-quality",),
        {},
    ),
    "bluetooth/pairing.md": (
        "bt-pairing",
        "Putting a Bluetooth headset into pairing mode",
        ["my headset won't pair", "the light doesn't flash blue"],
        [
            "[check] Charge the headset for ten minutes.\n   - does: charge",
            "[check] Hold the power button for five seconds.",
            "[open] Open Bluetooth settings and add it.\n"
            "   - help: Press the Windows key and type Bluetooth.",
        ],
        ["pair", "pairing"],
        ("not-detected",),
        {"connections": ["bluetooth"]},
    ),
    "bluetooth/mic.md": (
        "bt-mic",
        "Bluetooth headset microphone not working",
        ["they can't hear me", "my mic doesn't work on bluetooth"],
        [
            "[check] Choose the hands-free device as the microphone.",
            "[check] Re-pair the headset.\n   - does: re-pair",
        ],
        ["microphone", "mic"],
        ("cant-be-heard",),
        {"connections": ["bluetooth"]},
    ),
    "bluetooth/charging.md": (
        "bt-charging",
        "Bluetooth headset won't charge",
        ["my headset won't charge", "the battery dies"],
        [
            "[check] Charge it for ten minutes first.\n   - not for: charging\n"
            "   - does: charge",
            "[check] Try a different charging cable.",
        ],
        ["charge", "battery"],
        ("charging",),
        {"connections": ["bluetooth", "dect"]},
    ),
    "windows/privacy.md": (
        "win-mic-privacy",
        "Windows microphone privacy settings blocking the headset",
        ["apps can't use my microphone", "microphone access is off"],
        [
            "[open] Open privacy settings.\n   - help: Press the Windows key, type privacy.",
            "[check] Allow microphone access.\n   - caution: admin",
        ],
        ["privacy", "permission"],
        ("cant-be-heard",),
        {"systems": ["windows"]},
    ),
    "genesys-cloud/one-way.md": (
        "gc-one-way-audio",
        "One-way audio on Genesys Cloud calls",
        ["the customer can't hear me on Genesys", "I can't hear the customer"],
        [
            "[check] Check the WebRTC phone's microphone.\n   - for: genesys-browser",
            "[check] In the desktop app, choose the headset.\n   - for: genesys-desktop",
            "[check] Turn off the VPN.",
            "[check] Log out and in.\n   - does: sign-out\n   - caution: live-call",
        ],
        ["one-way audio", "genesys"],
        ("cant-hear", "cant-be-heard"),
        {},
    ),
}


def sample_articles() -> list[Article]:
    return [parse_article(sample_text(path), path) for path in SAMPLES]


def sample_text(path: str) -> str:
    aid, title, symptoms, steps, keywords, problems, applies = SAMPLES[path]
    return article_text(
        aid,
        path.split("/")[0],
        title,
        symptoms,
        steps,
        keywords=keywords,
        problems=problems,
        applies=applies,
    )


def write_samples(root: Path) -> Path:
    """Write the sample articles under root/knowledge-base and return that folder."""
    kb = root / "knowledge-base"
    for path in SAMPLES:
        file = kb / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(sample_text(path), encoding="utf-8")
    return kb
