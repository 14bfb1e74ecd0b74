"""What a caller's words mean beyond the problem they describe.

Patterns run on `runtime.knowledge.vocabulary.plain(text)`: lower case, plain apostrophes, no
punctuation, single spaces.
Each pattern is a whole-word regular expression; the lists are data, kept here in one place.
"""

from __future__ import annotations

import re


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(rf"\b(?:{p})\b" for p in patterns))


_PEOPLE = (
    r"(?:real |live |actual |human |another |an actual |a real |a live )?"
    r"(?:person|people|human|humans|being|someone|somebody|representative|rep|supervisor|"
    r"manager|technician|tech|operator|agent|engineer|specialist|it support|help ?desk|"
    r"service desk|support team|colleague)"
)

# The caller asks for a person. "agent" alone is not enough: callers are often contact-centre
# agents themselves ("as an agent I can't hear customers").
ASKS_FOR_PERSON = _any(
    rf"(?:speak|talk|chat|speaking|talking) (?:to|with) (?:a |an |the |some |your )?{_PEOPLE}",
    rf"(?:get|give|put|connect|transfer|send|pass) me (?:to |through to |with |over to )?"
    rf"(?:a |an |the |some |your )?{_PEOPLE}",
    r"(?:real|live|actual) (?:person|human|agent|people)",
    r"human being|a human|an human|the human|representative|operator|supervisor",
    r"transfer me|transfer the call|escalate|escalation|open a ticket|raise a ticket",
    rf"(?:want|need|like|prefer) (?:to )?(?:a |an |the )?{_PEOPLE}",
    r"(?:is there|can i get|could i get|can you get|let me talk to) (?:a |an )?"
    r"(?:person|someone|somebody|human)",
    r"not a (?:robot|bot|machine)|stop (?:the )?(?:robot|bot)|agent please|person please",
    r"(?:speak|talk) to (?:it|i t)",
)

# Heat, smoke, swelling batteries, shocks: a person takes over at once.
SAFETY = _any(
    r"hot(?! ?desk)|hotter|overheat\w*|over heat\w*|too warm|very warm",
    r"burn|burns|burning|burnt|burned",
    r"smoke|smoking|smoky|smell\w* (?:like )?(?:burn\w*|smoke|melt\w*|plastic|fire)",
    r"spark|sparks|sparking|sparked|melt|melted|melting|fire|flames?",
    r"swell|swells|swollen|swelling|bulg\w+|puff\w*|bloated|expand\w* batter\w*",
    r"batter\w* (?:is |are )?(?:leak\w*|expand\w*|swell\w*|bulg\w*)|leaking batter\w*",
    r"shock|shocks|shocked|zapped|zaps|electrocut\w*|hurt\w* my ears?|ear (?:pain|hurts)",
)

_PARTS = (
    r"(?:headband|head band|band|cable|cord|wire|hinge|plug|connector|jack|port|arm|boom|"
    r"mic arm|microphone arm|ear ?cushions?|ear ?pads?|cushions?|pads?|casing|case|"
    r"housing|speaker|earcup|ear cup|cup|clip|charger|charging case|pins?|dongle|screen)"
)

# Physical damage. "broken" alone often means "not working", so it needs a part or a cause.
DAMAGE = _any(
    r"cracked|crack|cracks|snapped|snap|shatter\w*|smashed|crushed|fell apart|falling apart",
    rf"broken {_PARTS}|broke (?:the |my )?{_PARTS}|{_PARTS} (?:is |are |was |got |has )?"
    r"(?:broken|broke|busted|ripped|torn|cut|frayed|bent|loose|snapped|cracked|off|damaged|"
    r"chewed|split|missing|hanging)",
    r"frayed|ripped|torn|chewed|bent pins?|exposed wires?|wires? (?:are |is )?(?:showing|exposed)",
    r"dropped (?:it|them|my|the)|dropped on|fell (?:on|off|down|into)|stepped on|sat on|"
    r"ran over|run over|crushed|dog (?:ate|chewed)|kids? broke|physically (?:broken|damaged)",
    r"water|spill\w*|coffee|soaked|wet|drenched|rain|liquid|tea on|soda",
    r"damaged|damage",
)

# New equipment, replacement, warranty.
REPLACEMENT = _any(
    r"replacement|replace (?:it|them|this|my|the)",
    r"(?:order|send|ship|buy|need|want|request|get me|can i get|could i get) (?:me )?"
    r"(?:a |an )?(?:new|another|different|spare|second|better)",
    r"warranty|guarantee|rma|refund|return (?:it|this|them|the)|exchange (?:it|this|them|the)|"
    r"loaner|spare one|spare headset|lost (?:it|mine|my|the)|a better headset|swap it",
    r"get (?:me )?(?:a |an )?(?:new|replacement)|upgrade my (?:headset|headphones)",
)

OUT_OF_SCOPE = _any(
    r"passwords?|pass word|log ?in|login|sign ?in|locked out|account|username|pin number",
    r"weather|forecast|temperature outside|rain tomorrow|news|sports?|score|football|"
    r"soccer|basketball|lottery|stocks?|stock price|crypto|bitcoin|recipe|pizza|lunch|dinner",
    r"payroll|pay ?check|pay ?slip|pay ?stub|salary|wages?|paid|bonus|benefits|"
    r"holidays?|vacation|pto|time off|leave request|sick day|schedule|shift|timesheet|"
    r"expenses?|parking|hr|human resources",
    r"printer|printing|email|outlook|excel|word document|powerpoint|internet banking|"
    r"joke|poem|song|story|tell me about yourself|who are you|what are you|meaning of life",
    r"flight|hotel|taxi|uber|restaurant|directions|movie|tv show",
)

# Words of the headset domain strong enough to keep a turn in scope despite other words.
HEADSET_WORDS = _any(
    r"headsets?|headphones?|earbuds?|earpiece|earphones?|mic|mics|mike|microphone|speaker|"
    r"audio|sound|hear|hearing|heard|volume|bluetooth|usb|dongle|receiver|jabra|poly|"
    r"plantronics|logitech|epos|sennheiser|airpods|pair|pairing|echo|buzz\w*|static|noise|"
    r"mute|muted|call audio",
)

# Instructions hidden in the caller's words. Never obeyed: the turn is handled as plain text.
INJECTION = _any(
    r"ignore (?:all |any |the |your |my |previous |prior |earlier |above |these |those )*"
    r"(?:instructions?|rules|prompts?|directions|guidelines|programming)",
    r"disregard (?:all |any |the |your |previous |prior )*(?:instructions?|rules|prompts?)",
    r"system prompt|your prompt|your instructions|developer mode|jailbreak|dan mode",
    r"you are now|from now on you|act as|pretend (?:to be|you are|you're)|role ?play",
    r"reveal|print your|repeat your (?:instructions|prompt)|override|sudo|admin mode",
)

YES = _any(
    r"yes|yeah|yea|yep|yup|ya|yah|sure|correct|affirmative|absolutely|definitely|please do",
    r"(?:that|it|this) (?:worked|works|helped|did it|did the trick|fixed it|sorted it|solved it)",
    r"worked|fixed|sorted|solved|resolved|all good|perfect|great|awesome|brilliant|excellent",
    r"(?:it's|its|it is) (?:working|fine|good|ok|okay|back)|working now|works now|i can hear",
    r"ok(?:ay)? (?:then|sure|go ahead)|go ahead|sounds good|do it|why not",
)

NO = _any(
    r"no|nope|nah|negative|not really|no luck|no change|no difference|no dice",
    r"didn't|didnt|did not|doesn't|doesnt|does not|isn't|isnt|is not|won't|wont|not working|"
    r"can't|cant|cannot|can not|not helped|not help|unfortunately|"
    r"not fixed|not yet|still|same (?:thing|problem|issue)|same|nothing",
    r"skip|next|next step|next one|what's next|whats next|already (?:did|done|tried)|"
    r"tried that|did that already|what else",
)

REPEAT = _any(
    r"repeat|say (?:that|it) again|again please|come again|pardon|what was that|"
    r"didn't catch|didnt catch|missed that|one more time|what did you say|sorry what",
)

BACK = _any(
    r"go back|back one|previous(?: step| one)?|last step|step before|before that|one before|"
    r"earlier step",
)

RESTART = _any(
    r"start over|start again|start from the (?:beginning|start|top)|from the beginning|"
    r"from the top|begin again|restart the steps|first step|back to the (?:start|beginning)|"
    r"over again",
)

GOODBYE = _any(
    r"bye|goodbye|good bye|that's all|thats all|that is all|never ?mind|i'm done|"
    r"im done|no thanks|no thank you|forget it",
)

# Utterances that, said alone, ask to hear the last thing again.
REPEAT_ALONE = frozenset({"what", "huh", "sorry", "eh", "pardon", "again", "what's that"})
