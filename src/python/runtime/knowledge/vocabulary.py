"""How callers say things, mapped to the words articles use.

Caller text arrives as speech-to-text output: lower case, filler words, brand names heard
wrong, words split in two ("blue tooth") or merged. `normalize` cleans it up, `query_terms`
turns it into search terms with synonyms, and `category_hints` reads the categories that
product names and platform words point at.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runtime.agents.types import Category

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_NON_WORD = re.compile(r"[^a-z0-9' ]+")
_SPACES = re.compile(r"\s+")
# Speech-to-text often drops the apostrophe: "wont pair" must read as "won't pair".
_CONTRACTIONS = {
    word.replace("'", ""): word
    for word in "won't can't don't doesn't didn't isn't aren't wasn't couldn't wouldn't".split()
}

# Several-word phrases rewritten before tokenizing: split or merged words, and meanings that
# only a phrase carries ("they can't hear me" is the microphone, "I can't hear them" the speaker).
PHRASES: tuple[tuple[str, str], ...] = (
    ("blue tooth", "bluetooth"),
    ("blue two", "bluetooth"),
    ("blu tooth", "bluetooth"),
    ("head set", "headset"),
    ("head sets", "headset"),
    ("head phones", "headphones"),
    ("head phone", "headphones"),
    ("ear phones", "earphones"),
    ("ear buds", "earbuds"),
    ("ear piece", "earpiece"),
    ("micro phone", "microphone"),
    ("air pods", "airpods"),
    ("pure cloud", "purecloud"),
    ("genesis cloud", "genesys"),
    ("gene sis", "genesys"),
    ("jenna sis", "genesys"),
    ("lap top", "laptop"),
    ("here me", "hear me"),
    ("pear with", "pair with"),
    ("pear it", "pair it"),
    ("pear ring", "pairing"),
    ("wont pear", "won't pair"),
    ("won't pear", "won't pair"),
    ("cant pear", "can't pair"),
    ("can't pear", "can't pair"),
    ("genesys cloud", "genesys"),
    ("web rtc", "webrtc"),
    ("web phone", "webrtc phone"),
    ("soft phone", "softphone"),
    ("usb c", "usbc"),
    ("usb-c", "usbc"),
    ("type c", "usbc"),
    ("u s b", "usb"),
    ("b t", "bluetooth"),
    ("hear myself", "echo hear myself"),
    ("in one ear", "ear mono balance"),
    ("one ear", "ear mono balance"),
    ("left ear", "left ear mono balance"),
    ("right ear", "right ear mono balance"),
    ("one side", "side mono balance"),
    ("my own voice", "echo hear myself"),
    ("plug and play", "plug"),
    ("can't hear me", "microphone other side hear me"),
    ("cannot hear me", "microphone other side hear me"),
    ("can not hear me", "microphone other side hear me"),
    ("not hearing me", "microphone other side hear me"),
    ("don't hear me", "microphone other side hear me"),
    ("can't hear", "no audio hear"),
    ("cannot hear", "no audio hear"),
    ("no sound", "no audio sound"),
    ("breaking up", "choppy breaking"),
    ("cutting out", "choppy drops"),
    ("cuts out", "drops disconnects"),
    ("keeps dropping", "drops disconnects"),
    ("sounds like a robot", "robotic"),
    ("one way", "oneway"),
    ("doesn't see", "detect showing"),
    ("can't see", "detect showing"),
    ("won't see", "detect showing"),
    ("not seeing", "detect showing"),
    ("show up", "showing"),
    ("shows up", "showing"),
    ("showing up", "showing"),
    ("on mute", "mute"),
    ("muted", "mute"),
    ("go to sleep", "sleep"),
    ("goes to sleep", "sleep"),
    ("wakes up", "sleep wake"),
    ("docking station", "dock"),
    ("device manager", "driver device"),
)

FILLERS = frozenset(
    "um umm uh uhh er erm ah hmm mm like so basically actually literally kinda sorta "
    "okay ok well yeah anyway just really honestly please hi hello hey".split()
)

STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from into onto over under about as "
    "is are was were be been being am do does did doing have has had having i me my mine "
    "we our us you your they them their he she him her it its this that these those there "
    "here what which who whom whose when where why how all any both each few more most some "
    "such no nor not only own same than too very can will would should could may might must "
    "shall s t don't doesn't didn't isn't aren't wasn't won't can't cannot couldn't wouldn't "
    "dont doesnt didnt isnt arent wasnt wont cant couldnt wouldnt im its thats theres ive "
    "i'm it's that's there's i've i'd i'll you're they're get got getting gets keep keeps "
    "now then again still also even one thing things something anything nothing know think "
    "want need trying try tried help hoping wondering guess mean say says said tell seems "
    "lot bit kind sort going gonna wanna way time right back up down out off today".split()
)

# Words so general they do not say what the problem is ("my headset", "the computer").
VAGUE_WORDS = frozenset(
    "headset headsets headphones headphone earpiece earphones computer laptop pc call calls "
    "work works working worked problem problems issue issues device thing stuff help "
    "trouble wrong broken weird funny sure fine good".split()
)

# One word as heard -> the words articles use. Misspellings and near-homophones included.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "mic": ("microphone",),
    "mike": ("microphone",),
    "mics": ("microphone",),
    "microfone": ("microphone",),
    "microphones": ("microphone",),
    "bt": ("bluetooth",),
    "blutooth": ("bluetooth",),
    "bluetoth": ("bluetooth",),
    "bluetooh": ("bluetooth",),
    "blootooth": ("bluetooth",),
    "wireless": ("wireless", "bluetooth", "dongle"),
    "headphones": ("headset",),
    "headphone": ("headset",),
    "earphones": ("headset",),
    "earpiece": ("headset",),
    "earbuds": ("headset", "bluetooth"),
    "buds": ("headset", "bluetooth"),
    "hedset": ("headset",),
    "headseat": ("headset",),
    "headsets": ("headset",),
    "dongle": ("dongle", "receiver", "adapter"),
    "dongel": ("dongle", "receiver"),
    "dongal": ("dongle", "receiver"),
    "receiver": ("dongle", "receiver"),
    "reciever": ("dongle", "receiver"),
    "stick": ("dongle",),
    "teams": ("teams", "windows"),
    "zoom": ("zoom", "windows"),
    "genesis": ("genesys",),
    "jabber": ("jabra",),
    "jabbra": ("jabra",),
    "pears": ("pair",),
    "genisys": ("genesys",),
    "jenesis": ("genesys",),
    "purecloud": ("genesys",),
    "softphone": ("genesys", "webrtc", "phone"),
    "webrtc": ("webrtc", "genesys"),
    "laptop": ("computer", "laptop"),
    "pc": ("computer",),
    "desktop": ("computer", "desktop"),
    "sound": ("audio", "sound"),
    "audio": ("audio", "sound"),
    "silent": ("audio", "silent"),
    "quiet": ("volume", "low", "quiet"),
    "soft": ("volume", "low"),
    "loud": ("volume", "loud"),
    "static": ("static", "noise"),
    "buzz": ("buzz", "noise"),
    "buzzing": ("buzz", "noise"),
    "hum": ("hum", "noise"),
    "humming": ("hum", "noise"),
    "crackle": ("crackle", "noise"),
    "crackling": ("crackle", "noise"),
    "crackly": ("crackle", "noise"),
    "hiss": ("hiss", "noise"),
    "hissing": ("hiss", "noise"),
    "fuzzy": ("fuzzy", "noise", "static"),
    "choppy": ("choppy", "robotic"),
    "robotic": ("robotic", "choppy"),
    "robot": ("robotic", "choppy"),
    "garbled": ("garbled", "choppy", "robotic"),
    "laggy": ("latency", "delay", "lag"),
    "lag": ("latency", "delay", "lag"),
    "delay": ("latency", "delay"),
    "delayed": ("latency", "delay"),
    "behind": ("latency", "delay"),
    "sync": ("sync", "latency"),
    "echo": ("echo",),
    "echoing": ("echo",),
    "disconnects": ("disconnect", "drop"),
    "disconnecting": ("disconnect", "drop"),
    "dropping": ("drop", "disconnect"),
    "drops": ("drop", "disconnect"),
    "pair": ("pair", "pairing"),
    "pairing": ("pair", "pairing"),
    "paired": ("pair", "pairing"),
    "detect": ("detect", "recognise"),
    "recognize": ("detect", "recognise"),
    "recognise": ("detect", "recognise"),
    "recognized": ("detect", "recognise"),
    "recognised": ("detect", "recognise"),
    "showing": ("showing", "detect"),
    "shows": ("showing", "detect"),
    "firmware": ("firmware", "update"),
    "oneway": ("one way",),
    "driver": ("driver",),
    "drivers": ("driver",),
    "updated": ("update",),
    "updates": ("update",),
    "upgrade": ("update",),
    "permission": ("permission", "allow"),
    "permissions": ("permission", "allow"),
    "privacy": ("privacy", "access"),
    "blocked": ("blocked", "permission", "access"),
    "chrome": ("browser", "chrome"),
    "edge": ("browser", "edge"),
    "firefox": ("browser", "firefox"),
    "browser": ("browser",),
    "hub": ("hub", "dock"),
    "dock": ("dock", "hub"),
    "adapter": ("adapter",),
    "adaptor": ("adapter",),
    "usbc": ("usb", "adapter", "c"),
    "multipoint": ("multipoint", "two", "devices"),
    "phone": ("phone",),
    "cellphone": ("phone", "mobile"),
    "iphone": ("phone", "mobile"),
    "android": ("phone", "mobile"),
    "range": ("range", "distance"),
    "far": ("range", "distance"),
    "interference": ("interference",),
    "ducking": ("ducking", "volume"),
    "ducks": ("ducking", "volume"),
    "gain": ("gain", "level"),
}

# Words that point at one category. Product names carry the most weight: callers name them.
CATEGORY_WORDS: dict[str, Category] = {
    # USB wired headsets, dongles and ports
    "usb": "usb",
    "usbc": "usb",
    "cable": "usb",
    "wired": "usb",
    "port": "usb",
    "hub": "usb",
    "dock": "usb",
    "dongle": "usb",
    "receiver": "usb",
    "blackwire": "usb",
    "h390": "usb",
    "h340": "usb",
    "h540": "usb",
    "h570e": "usb",
    "sc160": "usb",
    "sc260": "usb",
    # Bluetooth headsets and earbuds
    "bluetooth": "bluetooth",
    "pair": "bluetooth",
    "pairing": "bluetooth",
    "paired": "bluetooth",
    "airpods": "bluetooth",
    "earbuds": "bluetooth",
    "buds": "bluetooth",
    "voyager": "bluetooth",
    "multipoint": "bluetooth",
    "hfp": "bluetooth",
    "a2dp": "bluetooth",
    # Windows sound settings
    "windows": "windows",
    "teams": "windows",
    "zoom": "windows",
    "privacy": "windows",
    "driver": "windows",
    "exclusive": "windows",
    "enhancements": "windows",
    "communications": "windows",
    # Genesys Cloud
    "genesys": "genesys-cloud",
    "purecloud": "genesys-cloud",
    "webrtc": "genesys-cloud",
    "softphone": "genesys-cloud",
    "browser": "genesys-cloud",
    "chrome": "genesys-cloud",
    "queue": "genesys-cloud",
    "interaction": "genesys-cloud",
    "interactions": "genesys-cloud",
}


def plain(text: str) -> str:
    """Lower case, plain apostrophes, punctuation as spaces, single spaces."""
    lowered = text.translate(_APOSTROPHES).lower().replace("-", " ")
    words = _NON_WORD.sub(" ", lowered).split()
    return " ".join(_CONTRACTIONS.get(word, word) for word in words)


def normalize(text: str) -> str:
    """`plain` text with the phrase rewrites applied (split words joined, meanings named)."""
    padded = f" {plain(text)} "
    for phrase, replacement in PHRASES:
        if f" {phrase} " in padded:
            padded = padded.replace(f" {phrase} ", f" {replacement} ")
    return padded.strip()


def bigrams(text: str, limit: int = 12) -> list[str]:
    """Adjacent word pairs of the caller's own words ("no sound", "wrong device"), not both
    stop words; matched as phrases they reward articles that say the same thing."""
    kept = [w for w in plain(text).split() if w not in FILLERS]
    pairs: list[str] = []
    for first, second in pairwise(kept):
        if first in STOPWORDS and second in STOPWORDS:
            continue
        pair = f"{first} {second}"
        if pair not in pairs:
            pairs.append(pair)
    return pairs[:limit]


def words(text: str) -> list[str]:
    """The normalized words of `text`, fillers and stop words kept."""
    return normalize(text).split()


def content_words(text: str) -> list[str]:
    """Words that carry meaning: no fillers, no stop words, no single letters."""
    return [w for w in words(text) if w not in FILLERS and w not in STOPWORDS and len(w) > 1]


def query_terms(text: str) -> list[str]:
    """Search terms for `text`: its content words plus their synonyms, each once."""
    terms: list[str] = []
    for word in content_words(text):
        for term in (word, *SYNONYMS.get(word, ())):
            bare = term.replace("'", "")
            if bare and bare not in terms:
                terms.append(bare)
    return terms


_COMPARED_APPS = frozenset({"teams", "zoom", "webex"})


def problem_words(text: str) -> list[str]:
    """`content_words`, less the apps a Genesys problem is compared with: when Genesys is
    named, Teams or Zoom are where it works ("fine in Teams, not in Genesys"), not the problem."""
    found = content_words(text)
    if any(CATEGORY_WORDS.get(w) == "genesys-cloud" for w in found):
        return [w for w in found if w not in _COMPARED_APPS]
    return found


def category_hints(text: str) -> Counter[Category]:
    """How many words of `text` point at each category."""
    hints: Counter[Category] = Counter()
    for word in problem_words(text):
        for term in (word, *SYNONYMS.get(word, ())):
            category = CATEGORY_WORDS.get(term)
            if category is not None:
                hints[category] += 1
                break
    return hints
