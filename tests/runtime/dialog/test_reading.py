"""Reading a caller's reply: the kind of answer, the facts it states, a change of problem."""

from __future__ import annotations

import pytest

from runtime.dialog.reading import read_reply


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("ok done, I unticked it", "done"),
        ("ok I found it, it was at 30, I put it to 80", "done"),
        ("yep it's open", "done"),
        ("okay", "done"),
        ("yes", "yes"),
        ("no change", "no"),
        ("still nothing", "no"),
        ("oh it works now!", "fixed"),
        ("that's fixed it, thanks", "fixed"),
        ("they can hear me now", "fixed"),
        ("it's still not working", "no"),
        ("it says connected but I hear nothing", "no"),
        ("a bit better but still quiet", "partly"),
        ("where is that?", "clarify"),
        ("what's device manager", "clarify"),
        ("i can't find it", "clarify"),
        ("sorry can you repeat that", "repeat"),
        ("go back", "back"),
        ("start over", "restart"),
        ("hang on a sec", "wait"),
        ("ok I'm back", "back_again"),
        ("what now?", "what_now"),
        ("thanks, bye", "goodbye"),
        ("ok I have to jump on a call now, thanks bye", "goodbye"),
        ("i don't know", "dont_know"),
        ("hello", "greeting"),
        ("um uh", "empty"),
        ("it's a jabra evolve2 40", "words"),
    ],
)
def test_the_kind_of_answer(said: str, intent: str) -> None:
    assert read_reply(said, "step").intent == intent


@pytest.mark.parametrize(
    ("said", "reason"),
    [
        ("can I talk to a real person please", "caller_request"),
        ("agent please", "caller_request"),
        ("there was a loud screech and my ears are ringing", "safety"),
        ("it's asking for an admin password", "admin_rights"),
        ("the option is grayed out", "setting_locked"),
        ("the cable is frayed", "damage"),
    ],
)
def test_hand_off_comes_before_anything_else(said: str, reason: str) -> None:
    reading = read_reply(said, "step")
    assert (reading.intent, reading.handoff) == ("handoff", reason)


@pytest.mark.parametrize(
    "said",
    [
        "my supervisor tested it on her computer",
        "as an agent I can't hear customers",
        "my headset dropped my call again",
    ],
)
def test_people_words_and_dropped_calls_in_a_sentence_are_not_a_hand_off(said: str) -> None:
    assert read_reply(said, "step").intent != "handoff"


def test_only_an_explicit_change_is_a_new_problem() -> None:
    assert read_reply("actually the mic doesn't work either", "step").switch
    assert read_reply("and now there's a buzzing too", "step").switch
    assert not read_reply("they still can't hear me", "step").switch
    assert not read_reply("it's too quiet", "step").switch


@pytest.mark.parametrize(
    ("said", "connections", "platform", "system", "problem"),
    [
        ("my usb jabra cable headset", {"usb-cable"}, None, None, None),
        ("the little usb receiver", {"usb-dongle"}, None, None, None),
        ("it's wireless", {"bluetooth", "usb-dongle", "dect"}, None, None, None),
        ("my airpods", {"bluetooth"}, None, None, None),
        ("it has a base station", {"dect"}, None, None, None),
        ("genesys in chrome, nobody can hear me", set(), "genesys-browser", None, "cant-be-heard"),
        ("the genesys desktop app", set(), "genesys-desktop", None, None),
        ("works in teams but not genesys", set(), None, None, None),
        ("in teams the sound is choppy", set(), "teams", None, "poor-quality"),
        ("on my macbook I can't hear anyone", set(), None, "macos", "cant-hear"),
        ("my headset won't charge", set(), None, None, "charging"),
        ("it keeps cutting out", set(), None, None, "drops"),
    ],
)
def test_facts_from_the_callers_words(
    said: str, connections: set[str], platform: str | None, system: str | None, problem: str | None
) -> None:
    facts = read_reply(said, "problem").facts
    assert (set(facts.connections), facts.platform, facts.system, facts.problem) == (
        connections,
        platform,
        system,
        problem,
    )


def test_tried_actions_are_heard() -> None:
    facts = read_reply(
        "I already restarted the computer, unplugged it and tried another port", "problem"
    ).facts
    assert facts.tried == {"restart-computer", "replug", "other-port"}


def test_a_later_fact_narrows_an_earlier_one() -> None:
    wireless = read_reply("it's wireless", "problem").facts
    dongle = read_reply("it has a little usb stick", "problem").facts
    assert wireless.merge(dongle).connections == {"usb-dongle"}
    assert dongle.merge(wireless).connections == {"usb-dongle"}


def test_leaving_words_inside_a_description_are_not_a_goodbye() -> None:
    said = (
        "every morning it connects to my phone so I have to go into bluetooth settings "
        "and mess around before I can go on queue"
    )
    assert read_reply(said, "problem").intent != "goodbye"


def test_a_genesys_problem_that_mentions_logging_in_is_in_scope() -> None:
    said = "chrome crashed and I logged into genesys again but no calls come through"
    assert not read_reply(said, "problem").out_of_scope
    assert read_reply("i forgot my password for the login", "problem").out_of_scope
