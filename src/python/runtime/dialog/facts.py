"""Facts a caller states about their setup, read from every turn and kept for the whole call.

Connection, platform, system and problem, in the words articles use (runtime.knowledge.codes),
and the actions the caller says they already tried. A connection is a set of possibilities:
"wireless" leaves Bluetooth, a USB stick or a DECT base; "usb" a cable or a stick; an empty set
means nobody said. Patterns run on `plain()` text (lower case, no punctuation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from runtime.dialog.vocabulary import said

if TYPE_CHECKING:
    from runtime.knowledge.codes import Action, Connection, Platform, Problem, System


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(rf"\b(?:{p})\b" for p in patterns))


_WIRELESS: frozenset[Connection] = frozenset({"bluetooth", "usb-dongle", "dect"})
_BT_MODELS = (
    r"airpods?|earbuds?|buds|bose|sony|galaxy buds|beats|jabra elite|elite \d+|voyager\w*|"
    r"evolve ?2? ?(?:65|75|85)\w*|zone wireless|adapt \d+|blue parrott|blueparrott|bluetooth|"
    r"blue ?tooth|bt headset"
)
_CONNECTIONS: tuple[tuple[re.Pattern[str], frozenset[Connection]], ...] = (
    (
        _any(
            r"dongle|usb (?:stick|receiver)|receiver|link 3\d0|jabra link|link stick|"
            r"bt ?600|bt ?700"
        ),
        frozenset({"usb-dongle"}),
    ),
    (
        _any(
            r"dect|base station|base unit|charging base|the base|engage|savi|cs ?5\d0|"
            r"impact dw|sdw"
        ),
        frozenset({"dect"}),
    ),
    (
        _any(
            r"3 ?5 ?mm|three point five|headphone jack|audio jack|aux|quick disconnect|"
            r"qd (?:cable|lead|plug|connector)|qd|encore ?pro|biz ?2\d00|da ?[0-9]{2,3}|"
            r"pink and green"
        ),
        frozenset({"analog"}),
    ),
    (_any(_BT_MODELS), frozenset({"bluetooth"})),
    (
        _any(
            r"blackwire|evolve ?2? ?(?:20|30|40|50)\w*|h ?3[0-9]0|h ?5[0-9]0e?|zone wired|"
            r"sc ?[0-9]{2,3}|usb (?:cable|plug|cord|wire)|wired usb|usb wired|"
            r"(?:usb|wired|corded) (?:one|headset|headphones)|cable|corded|wired|plugged in"
        ),
        frozenset({"usb-cable"}),
    ),
    (_any(r"usb c|usbc|usb|plugs? into"), frozenset({"usb-cable", "usb-dongle"})),
    (_any(r"wireless|cordless|no wires?|no cable"), _WIRELESS),
)

_GENESYS = _any(r"genesys|purecloud|pure cloud|gene sis|genesis|web ?rtc|softphone|soft phone")
_PLATFORMS: tuple[tuple[re.Pattern[str], Platform], ...] = (
    (
        _any(r"salesforce|zendesk|service ?now|extension|embedded|embeddable|crm|pop ?out"),
        "genesys-embedded",
    ),
    (
        _any(
            r"desktop app|genesys app|the app|application|installed|desktop version|"
            r"desktop client"
        ),
        "genesys-desktop",
    ),
    (
        _any(
            r"chrome|edge|firefox|browser|web page|webpage|tab|website|web version|"
            r"browser one|in the web"
        ),
        "genesys-browser",
    ),
)
_OTHER_APPS = _any(r"zoom|webex|slack|skype|google meet|ring ?central|avaya|five9|nice")
_TEAMS = _any(r"teams|ms teams|microsoft teams")
_SYSTEMS: tuple[tuple[re.Pattern[str], System], ...] = (
    (
        _any(
            r"citrix|vdi|virtual desktop|virtual machine|vmware|horizon|remote desktop|avd|"
            r"azure virtual|thin client|workspace app"
        ),
        "virtual-desktop",
    ),
    (_any(r"mac|macbook|macos|mac os|imac|apple computer|os x"), "macos"),
    (_any(r"windows|win ?1[01]|windows 1[01]"), "windows"),
)

_NOT = r"(?:can't|cant|cannot|can not|couldn't|won't|don't|doesn't|not|no one|nobody|never)"
_PROBLEMS: tuple[tuple[re.Pattern[str], Problem], ...] = (
    (
        _any(
            r"charg\w*|battery|batteries|won't turn on|doesn't turn on|dies|dead battery|"
            r"power ?nap|powers? off|turns? off by itself"
        ),
        "charging",
    ),
    (
        _any(
            r"answer button|buttons?|call control\w*|hook switch|hang up button|"
            r"mute (?:button|light) (?:out of sync|doesn't match|not in sync)|out of sync|"
            r"busy ?light"
        ),
        "call-buttons",
    ),
    (
        _any(
            r"both ways|either way|either side|neither of us|nobody can hear anybody|"
            r"no audio at all|can't hear (?:them|anyone|anything) and they can't hear me|"
            r"they can't hear me and i can't hear them|can't hear each other|dead air"
        ),
        "both-ways",
    ),
    (
        _any(
            r"choppy|robotic|robot|breaking up|break up|crackl\w*|static|buzz\w*|hum|hums|humming|"
            r"hiss\w*|echo\w*|quiet|low volume|volume is low|too low|muffled|distorted|"
            r"tinny|delay\w*|lag\w*|talking over|garbled|poor quality|bad quality|sounds bad|"
            r"sounds awful|noise|noisy|one ear|balance|too loud|sidetone"
        ),
        "poor-quality",
    ),
    (
        _any(
            rf"{_NOT} (?:\w+ )?hear me|{_NOT} (?:\w+ )?hearing me|hear me|mic\w*|microphone|"
            r"my voice|picking up|pick up my voice|muted|mute|they can't hear|"
            r"customers? can't hear|callers? can't hear"
        ),
        "cant-be-heard",
    ),
    (
        _any(
            r"not detected|isn't detected|not recogni[sz]ed|isn't recogni[sz]ed|doesn't see|"
            r"can't see|won't see|not showing|isn't showing|doesn't show|not in the list|"
            r"can't find (?:it|my headset|the headset)|won't show|doesn't show up|won't pair|"
            r"can't pair|not pairing|"
            r"won't connect|can't connect|doesn't connect|not connecting|no (?:audio )?output "
            r"device|no device|not found|isn't found|doesn't appear|not appearing|missing"
        ),
        "not-detected",
    ),
    (
        _any(
            r"drops?|dropping|dropped|disconnect\w*|cuts? out|cutting out|cuts? in and out|"
            r"keeps? going|stops? working|after sleep|wakes? up|times? out|loses? connection"
        ),
        "drops",
    ),
    (
        _any(
            rf"{_NOT} (?:\w+ )?hear (?:them|anyone|anybody|anything|the customer|customers|"
            r"callers?|the caller|people|audio|sound|a thing|the other)|can't hear|cannot hear|"
            r"no sound|no audio|silent|silence|nothing in (?:my|the) (?:ears?|headset)|"
            r"sound (?:comes|is coming) (?:out of|from) (?:the|my) (?:laptop|speakers?)|"
            r"not ringing|doesn't ring|can't hear the ring|ring\w* on the speakers?"
        ),
        "cant-hear",
    ),
    (
        _any(
            r"cushion|comfort\w*|hurts my (?:head|ears)|too tight|hearing aids?|amplified|"
            r"hygiene|dirty|smell\w*"
        ),
        "other",
    ),
)

_TRIED: tuple[tuple[re.Pattern[str], Action], ...] = (
    (
        _any(
            r"(?:restarted|rebooted|restart(?:ed)?|reboot(?:ed)?) (?:the |my )?(?:computer|"
            r"laptop|pc|machine)|turned (?:the |my )?(?:computer|laptop|pc) off and on"
        ),
        "restart-computer",
    ),
    (
        _any(
            r"unplugged|re ?plugged|plugged it (?:back )?in again|unplug(?:ged)? and "
            r"(?:re ?)?plug(?:ged)?"
        ),
        "replug",
    ),
    (_any(r"(?:another|different|other|every|all the) (?:usb )?ports?"), "other-port"),
    (
        _any(
            r"(?:another|different|other|colleague's|her|his|a second) (?:computer|laptop|pc)|"
            r"works on my phone"
        ),
        "other-computer",
    ),
    (_any(r"turned (?:it|the headset|them) off and (?:back )?on|power cycled"), "power-cycle"),
    (
        _any(
            r"(?:it's|it is|is) (?:fully )?charged|charged (?:it|them) (?:all night|overnight|"
            r"fully)|(?:been|was) (?:on|charging) all night"
        ),
        "charge",
    ),
    (
        _any(
            r"re ?paired|paired it again|forgot (?:the )?device|removed (?:it|the device) and "
            r"paired"
        ),
        "re-pair",
    ),
    (_any(r"turned bluetooth off and (?:back )?on"), "bluetooth-toggle"),
    (_any(r"reloaded|refreshed|refresh(?:ed)? the page"), "reload"),
    (
        _any(r"logged out|signed out|log(?:ged)? (?:out and )?back in|sign(?:ed)? out and"),
        "sign-out",
    ),
    (_any(r"(?:updated|reinstalled|re ?installed) (?:the |my )?drivers?"), "update-driver"),
    (_any(r"updated (?:the )?firmware"), "update-firmware"),
    (_any(r"(?:it's|i'm|im|i am|it is) not muted|unmuted|checked the mute"), "unmute"),
    (
        _any(
            r"volume is (?:all the way )?up|turned (?:the |it )?(?:volume )?(?:all the way )?up|"
            r"volume (?:at|on) (?:max|maximum|full|100)"
        ),
        "volume",
    ),
    (
        _any(r"allowed (?:the )?(?:mic|microphone)|(?:mic|microphone) (?:is )?allowed"),
        "mic-permission",
    ),
    (
        _any(
            r"(?:selected|chose|picked|set) (?:it|the headset|my headset) (?:as|in)|"
            r"(?:it's|it is) (?:selected|the default)"
        ),
        "select-device",
    ),
)


@dataclass(frozen=True)
class Facts:
    """What the caller has said about their setup so far; None or empty when unknown."""

    connections: frozenset[Connection] = frozenset()
    platform: Platform | None = None
    system: System | None = None
    problem: Problem | None = None
    tried: frozenset[Action] = frozenset()

    def merge(self, newer: Facts) -> Facts:
        """These facts refined by a later turn: a stated value replaces a vaguer one."""
        connections = self.connections
        if newer.connections:
            narrowed = self.connections & newer.connections
            connections = narrowed or newer.connections
        return Facts(
            connections=connections,
            platform=newer.platform or self.platform,
            system=newer.system or self.system,
            problem=newer.problem or self.problem,
            tried=self.tried | newer.tried,
        )

    def values(self) -> dict[str, tuple[str, ...]]:
        """Known values per facet, for matching an article's or a step's `for:` list."""
        known: dict[str, tuple[str, ...]] = {}
        if self.connections:
            known["connection"] = tuple(sorted(self.connections))
        if self.platform:
            known["platform"] = (self.platform,)
        if self.system:
            known["system"] = (self.system,)
        if self.problem:
            known["problem"] = (self.problem,)
        return known

    def with_tried(self, action: Action | None) -> Facts:
        return self if action is None else replace(self, tried=self.tried | {action})


def read_facts(flat: str, about_genesys: bool = False) -> Facts:
    """The facts one turn states, from `plain()` text; `about_genesys` when the turn answers a
    question about Genesys ("the desktop app" then means the Genesys desktop app)."""
    connections: frozenset[Connection] = frozenset()
    for pattern, values in _CONNECTIONS:
        if said(pattern, flat):
            connections = values
            break
    return Facts(
        connections=connections,
        platform=_platform(flat, about_genesys),
        system=next((s for p, s in _SYSTEMS if p.search(flat)), None),
        problem=read_problem(flat),
        tried=frozenset(a for p, a in _TRIED if p.search(flat)),
    )


def read_problem(flat: str) -> Problem | None:
    """The problem a turn describes, most specific first; None when it names none."""
    return next((problem for pattern, problem in _PROBLEMS if pattern.search(flat)), None)


def _platform(flat: str, about_genesys: bool) -> Platform | None:
    genesys = about_genesys or bool(_GENESYS.search(flat))
    for pattern, platform in _PLATFORMS:
        if pattern.search(flat) and (genesys or platform != "genesys-desktop"):
            return platform
    if genesys:
        return None  # Genesys, but browser or app is not said
    if _TEAMS.search(flat):
        return "teams"
    if _OTHER_APPS.search(flat):
        return "other-app"
    return None


def wireless(connections: frozenset[Connection]) -> bool:
    return bool(connections) and connections <= _WIRELESS
