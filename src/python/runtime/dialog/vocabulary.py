"""What a caller's words mean beyond the problem they describe: requests, answers, reports.

Patterns run on `runtime.knowledge.vocabulary.plain(text)`: lower case, plain apostrophes, no
punctuation, single spaces.
Each pattern is a whole-word regular expression; the lists are data, kept here in one place.
"""

from __future__ import annotations

import re


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(rf"\b(?:{p})\b" for p in patterns))


_NEGATIONS = frozenset(
    "no not never isn't isnt wasn't wasnt aren't arent without nor don't dont doesn't doesnt "
    "didn't didnt".split()
)


_SOFTENERS = frozenset("really very that so a an the any too at all even".split())


def said(pattern: re.Pattern[str], flat: str) -> re.Match[str] | None:
    """The first match of `pattern` that is not negated: "it's not hot" and "no dongle" say
    nothing about heat or a dongle. A negation counts right before the match, or one word
    earlier across a softener ("not really hot", "no real dongle" do not count as said)."""
    for match in pattern.finditer(flat):
        before = flat[: match.start()].split()
        last = before[-1:] or [""]
        if last[0] in _NEGATIONS:
            continue
        if len(before) >= 2 and last[0] in _SOFTENERS and before[-2] in _NEGATIONS:
            continue
        return match
    return None


_PEOPLE = (
    r"(?:real |live |actual |human |another |an actual |a real |a live )?"
    r"(?:person|people|human|humans|being|someone|somebody|representative|rep|supervisor|"
    r"manager|technician|tech|operator|agent|engineer|specialist|it support|help ?desk|"
    r"service desk|support team|colleague)"
)

# The caller asks for a person: a request, not just the word. "agent" or "supervisor" alone is
# not enough: callers are contact-centre agents themselves ("my supervisor tested it").
ASKS_FOR_PERSON = _any(
    rf"(?:speak|talk|chat|speaking|talking) (?:to|with) (?:a |an |the |some |your )?{_PEOPLE}",
    rf"(?:get|give|put|connect|transfer|send|pass) me (?:to |through to |with |over to )?"
    rf"(?:a |an |the |some |your )?{_PEOPLE}",
    r"(?:real|live|actual) (?:person|human|agent|people)",
    r"human being|a human|an human|the human",
    r"transfer me|transfer the call|escalate (?:this|it|me)|open a ticket|raise a ticket",
    rf"(?:want|need|like|prefer|rather have|rather talk to) (?:to )?(?:a |an |the )?{_PEOPLE}",
    r"(?:is there|can i get|could i get|can you get|let me talk to|can i have|could i have) "
    r"(?:a |an )?(?:person|someone|somebody|human|representative|operator|technician)",
    r"not a (?:robot|bot|machine)|stop (?:the )?(?:robot|bot)",
    r"(?:agent|person|human|representative|operator|someone) please",
    r"(?:speak|talk) to (?:it|i t)",
)
# Said alone, a people word is a request ("representative", "operator please").
PERSON_ALONE = re.compile(
    r"^(?:(?:a |an |the )?(?:real |live )?(?:person|human|representative|operator|agent|"
    r"somebody|someone)(?: please)?)$"
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
    # acoustic shock: a sudden loud sound, ear pain, new ringing in the ears
    r"screech\w*|squeal\w*|shriek\w*|feedback blast|blast\w* (?:in|into) my ears?|"
    r"loud (?:bang|pop|burst|tone|beep|noise|whistle|spike) (?:in|into|through) my (?:ears?|"
    r"headset)|ears? (?:is |are |was |were |keeps? )?(?:ringing|hurting|hurts|sore|painful|"
    r"in pain)|ringing in my ears?|tinnitus|deafened|my ears? hurts?",
)
ACOUSTIC = _any(
    r"screech\w*|squeal\w*|shriek\w*|loud (?:bang|pop|burst|tone|beep|noise|whistle|spike)|"
    r"ears? (?:is |are |was |were |keeps? )?(?:ringing|hurting|hurts|sore|painful)|"
    r"ringing in my ears?|tinnitus|deafened|hurt\w* my ears?|ear (?:pain|hurts)",
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
    r"dropped (?:it|them|the headset|my headset) (?:on|in|into|down)|dropped on the floor|"
    r"fell (?:on the floor|off the desk|down|into)|stepped on|sat on|"
    r"ran over|run over|crushed|dog (?:ate|chewed)|kids? broke|physically (?:broken|damaged)",
    r"spill\w*|soaked|drenched|(?:got|is|was|it's|its|gone|went) wet|water damage|rained on|"
    r"(?:coffee|tea|water|soda|drink|juice|liquid) (?:on|in|into|over|all over|got)|"
    r"(?:in|into) (?:the |a )?(?:water|sink|toilet|puddle)|liquid",
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
    r"yes|yeah|yea|yep|yup|ya|yah|sure|correct|affirmative|absolutely|definitely|please do|"
    r"uh huh|mm hmm|right|it is|it does|i do|i have|please|go ahead|sounds good|do it|why not|"
    r"ok(?:ay)? (?:then|sure|go ahead|please)|yes please|that's right|thats right",
)

NO = _any(
    r"no|nope|nah|negative|not really|no luck|no change|no difference|no dice|no joy",
    r"didn't|didnt|did not|doesn't|doesnt|does not|isn't|isnt|is not|won't|wont|not working|"
    r"can't|cant|cannot|can not|not helped|not help|unfortunately|not fixed|not yet|still|"
    r"same (?:thing|problem|issue)|the same|same|nothing|already (?:did|done|tried)|"
    r"tried that|did that already|i'd rather not|rather not|keep trying",
)

# "No change", "still buzzing": the last thing tried did not help, whatever the question was.
NO_CHANGE = _any(
    r"no change|no difference|no luck|no joy|still|the same|same (?:thing|problem|issue)|"
    r"didn't (?:help|work|fix|change)|didnt (?:help|work|fix|change)|did not (?:help|work)|"
    r"not working|nothing changed|nothing happened|made no difference|same as before",
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


# Utterances that, said alone, ask to hear the last thing again.
REPEAT_ALONE = frozenset({"what", "huh", "sorry", "eh", "pardon", "again", "what's that"})

# Hearing aids and amplified headsets: a person arranges the right equipment.
ACCESSIBILITY = _any(
    r"hearing aids?|cochlear|hard of hearing|amplified (?:headset|one|handset)|"
    r"hearing (?:loop|impaired|impairment)|t ?coil|accessib\w+ headset",
)

# Stop rules: Windows wants an administrator, or the company locked the setting.
ADMIN = _any(
    r"admin\w* (?:password|rights|permission|access|account|login)|administrator|"
    r"user account control|uac|asking (?:me )?for (?:a |an |the )?password|needs? (?:an )?admin|"
    r"(?:don't|do not|dont) have (?:the )?(?:admin|permission|rights)|not an admin",
)
LOCKED = _any(
    r"gr[ae]yed out|gr[ae]y(?:ed)? out|it's locked|is locked|locked by|can't change it|"
    r"won't let me (?:change|click|turn|switch|move|tick|untick)|not clickable|can't click it|"
    r"managed by (?:your |my |the )?(?:organi[sz]ation|company|it|administrator)|"
    r"some settings are managed|disabled by (?:my |the |your )?(?:company|organi[sz]ation|"
    r"admin|it)",
)

# It works now. A negation nearby ("still not working") wins in `fixed()`.
FIXED = _any(
    r"(?:that|it|this) (?:worked|works|helped|did it|did the trick|fixed it|sorted it|"
    r"solved it|fixed the problem|has fixed it|seems to have fixed it|fixed)",
    r"(?:that's|thats|it's|its) (?:fixed|sorted|solved|done) (?:it|the problem|the issue)|"
    r"(?:that's|thats) (?:worked|helped|done the trick|fixed)|(?:it's|its) fixed",
    r"(?:it's|its|it is|they're|everything's|all) (?:working|fine|good|ok|okay|back|"
    r"connected|sorted|fixed|clear|perfect|great)(?: now| again)?",
    r"works now|working now|working again|works again|fixed now|sorted now|good now|"
    r"fine now|there it is|it's back|it came back|all good|all sorted|problem solved|"
    r"back to normal|that's done it|that did it|that's it|that was it",
    r"(?:i|we) can (?:hear|see) (?:them|you|it|everything|the customer|customers|now)",
    r"(?:i|we) can (?:now )?hear (?:the |a )?(?:\w+ )?(?:tone|sound|audio|music|ring\w*|voice)",
    r"(?:they|customers?|callers?|she|he|people) can hear me(?: now| fine| again)?",
    r"(?:it|the headset|they) (?:shows?|showing) up(?: now)?|it's (?:in the list|there now)",
    r"(?:says|shows) connected",
    r"calls are coming in|calls? (?:are |is )?(?:coming|getting) through",
)
NEGATION = _any(
    r"not|no|never|still|isn't|isnt|doesn't|doesnt|didn't|didnt|won't|wont|can't|cant|"
    r"cannot|nothing|hardly|barely|but",
)
PARTLY = _any(
    r"(?:a (?:bit|little)|slightly|somewhat|much|way|bit) better|better|improved|not as bad|"
    r"less (?:noisy|choppy|quiet)|some of it|sometimes",
)
GOODBYE = _any(
    r"bye|goodbye|good bye|that's all|thats all|that is all|never ?mind|i'm done|"
    r"im done|no thanks|no thank you|forget it|(?:have|got|need) to go(?! in| to| through)|"
    r"gotta go(?! in| to| through)|"
    r"(?:i'll|i will) call (?:back|again)|call you back|talk later|hang up now|"
    r"speak later",
)
THANKS = _any(r"thanks|thank you|cheers|ta|appreciate it")

# "Where is that?", "what's Device Manager?": explain the current step, then return to it.
CLARIFY = _any(
    r"where (?:is|are|do i|would i|can i|'s) (?:that|it|this|they|the|find)",
    r"where's (?:that|it|the)|where is it|where exactly",
    r"what(?:'s| is| are) (?:a |an |the )?(?:\w+ ){0,3}?(?:manager|panel|settings?|menu|"
    r"tab|button|icon|thing|app|window|page|option|list|dongle|receiver|base|jack|port|"
    r"that|this|it)",
    r"what do you mean|what does that mean|how do i (?:do|get|open|find|get to) (?:that|it|"
    r"there|this|the)|i (?:can't|cant|cannot|don't|dont) (?:find|see) (?:it|that|this|the|"
    r"anything like)|don't understand|dont understand|which one|where do i go|"
    r"i'm lost|im lost|not sure where|not sure what (?:you mean|that is)|how do i do that",
)
WAIT = _any(
    r"hang on|hold on|one (?:sec|second|moment|minute|min)|give me a (?:sec|second|moment|"
    r"minute|min)|wait a (?:sec|second|moment|minute)|just a (?:sec|second|moment|minute)|"
    r"bear with me|let me (?:grab|get|find|check|try|look|put|plug|go)|one moment",
)
# Back after a hold ("ok I'm back", "ready"): the caller wants the step again.
RETURNED = re.compile(
    r"(?:(?:ok|okay|right|alright|sorry|yeah) )*(?:i'm back|im back|i am back|back now|"
    r"i'm here|im here|ready|i'm ready|im ready|go ahead|go on|carry on|where were we|"
    r"sorry about that|got it now)(?: now)?(?: sorry)?"
)
WHAT_NOW = _any(
    r"what now|now what|what do i do now|what (?:else )?(?:can|should) (?:i|we) (?:do|try)|"
    r"what else|any other ideas|anything else (?:i|we) can (?:do|try)|what are my options",
)
SKIP = _any(r"skip|next step|next one|what's next|whats next|move on|can we skip")
DONT_KNOW = _any(
    r"(?:i )?(?:don't|dont|do not) know|not sure|no idea|dunno|i'm not sure|im not sure|"
    r"couldn't tell you|whatever (?:it|they) gave me|whatever it is",
)
# "Done", "it's open", "found it": the step is done, whatever else the turn says.
DONE_REPORT = _any(
    r"done|ok(?:ay)? done|i did (?:it|that)|did (?:it|that)|i've done (?:it|that)|"
    r"(?:it's|its|it is) (?:open|up|plugged in|there)|got it|found it|i see it|"
    r"i'm (?:there|in|back)|im (?:there|in|back)|finished|all done|that's done|"
    r"i've (?:got|opened|found|changed|turned|unplugged|plugged|restarted|clicked)",
)
# A past-tense action ("I unticked it", "plugged it in"): a report of doing something.
DONE = _any(
    r"ok|okay|alright|all right|ready|i have|(?:un)?ticked|(?:un)?checked|changed|turned|"
    r"plugged|unplugged|switched|moved|set|"
    r"selected|chose|picked|clicked|allowed|opened|restarted|rebooted|pressed|held|"
    r"reloaded|refreshed|signed|logged|removed|paired|updated|tried|put",
)
# An explicit change of problem ("actually it's the mic too"): only then does the call switch.
SWITCH = re.compile(
    r"\b(?:actually|also|as well|another (?:problem|issue|thing)|different (?:problem|issue)|"
    r"other (?:problem|issue)|(?:but|and) now|new problem|something else|on top of (?:that|this)|"
    r"second (?:problem|issue)|one more thing|oh and|and also|plus)\b|\b(?:too|either)$"
)
