"""The fixed words articles and the dialog engine share: facts about a caller, step kinds,
actions, cautions and hand-off reasons.

An article says which connections, platforms and operating systems it applies to and which
problems it fixes; a step can narrow that (`for:`), exclude a fact (`not for:`), name the action
it performs (`does:`) so no other article repeats it, and carry cautions. The dialog engine
reads the same facts from what the caller says. Every value is unique across the lists, so a
step's `for:` can mix them.
"""

from __future__ import annotations

from typing import Literal, get_args

Connection = Literal["usb-cable", "usb-dongle", "dect", "bluetooth", "analog"]
Platform = Literal["genesys-browser", "genesys-desktop", "genesys-embedded", "teams", "other-app"]
System = Literal["windows", "macos", "virtual-desktop"]  # Citrix, Azure Virtual Desktop, VMware
Problem = Literal[
    "cant-hear",  # the caller hears nothing (or the ring is missing)
    "cant-be-heard",  # the other side hears nothing: microphone
    "both-ways",  # no audio either way
    "poor-quality",  # choppy, robotic, echo, noise, quiet, delay
    "not-detected",  # the computer or the app does not see the headset
    "drops",  # disconnects, cuts out, stops after sleep
    "charging",  # won't charge, battery dies
    "call-buttons",  # answer, end, mute buttons or lights out of step with the app
    "other",  # comfort, fit, accessibility, anything else
]
StepKind = Literal["open", "check", "ask", "test", "info"]
# What a step does, so the same action is never asked for twice in a call (in any article),
# and so a caller who says they already did it is not asked again.
Action = Literal[
    "replug",  # unplug and plug back in
    "other-port",  # another USB port on the computer itself
    "restart-computer",
    "other-computer",
    "power-cycle",  # the headset off and on
    "charge",
    "re-pair",  # remove the headset from Bluetooth and pair it again
    "bluetooth-toggle",  # Bluetooth off and on on the computer
    "reload",  # reload the Genesys Cloud page
    "sign-out",  # sign out of Genesys Cloud and back in
    "quit-app",  # quit and reopen an app
    "select-device",  # choose the headset as speaker or microphone
    "volume",  # turn a volume up
    "unmute",  # check the mute button or switch
    "mic-permission",  # allow the microphone for an app or site
    "update-driver",
    "update-firmware",
    "test-call",
]
# A step that breaks a live call (reload, sign out, restart, unplug) asks the caller to go
# Not Ready first; an admin step tells the caller to stop if Windows asks for a password;
# a hearing step cautions before anything gets louder.
Caution = Literal["live-call", "admin", "hearing"]
HandoffReason = Literal[
    "safety",  # heat, smoke, swelling, shock, acoustic shock or ear pain
    "damage",
    "replacement",
    "caller_request",
    "steps_exhausted",
    "repeated_failures",
    "out_of_scope",
    "admin_rights",  # Windows asks for an administrator password
    "setting_locked",  # a setting is greyed out or managed by the company
    "hardware_fault",  # the headset fails on a second computer too
    "network",  # firewall, VPN or network team
    "accessibility",  # hearing aids, amplified headsets
    "time_limit",  # the caller is losing customer calls: no more time for steps
    "repeated_errors",  # the handler could not read three turns in a row
]
Facet = Literal["connection", "platform", "system", "problem"]

CONNECTIONS: tuple[Connection, ...] = get_args(Connection)
PLATFORMS: tuple[Platform, ...] = get_args(Platform)
SYSTEMS: tuple[System, ...] = get_args(System)
PROBLEMS: tuple[Problem, ...] = get_args(Problem)
STEP_KINDS: tuple[StepKind, ...] = get_args(StepKind)
ACTIONS: tuple[Action, ...] = get_args(Action)
CAUTIONS: tuple[Caution, ...] = get_args(Caution)
HANDOFF_REASONS: tuple[HandoffReason, ...] = get_args(HandoffReason)

# Which facet each value belongs to (for `for:` and `not for:` lists that mix them).
FACET_OF: dict[str, Facet] = {
    **dict.fromkeys(CONNECTIONS, "connection"),
    **dict.fromkeys(PLATFORMS, "platform"),
    **dict.fromkeys(SYSTEMS, "system"),
    **dict.fromkeys(PROBLEMS, "problem"),
}
