"""`chat`: talk to the support agent in the terminal, through the real Lambda handler.

    ./pants run src/python/runtime:chat [-- --persona ID] [--once TEXT] [--json] [--independent]

Every line you type becomes a Lex V2 text event for `runtime.handler.lambda_handler`, with the
local backend and the personas in content/personas; the session attributes of each response
go into the next event, exactly as Lex carries them between turns. A Close (solved, or handed
to a person) ends the conversation; the next line starts a new one.

--json prints one object per turn: persona, agent, category, article, escalate, text, ssml,
state (open, closed or escalated), conversation (1, 2, ... in this run) and greeting (the
persona's greeting, which Connect plays before the caller speaks, on the first turn of each
conversation; null on the others).
--independent (stdin not a terminal): every input line is a conversation of its own.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import uuid
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from runtime import constants as c

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from runtime.app import App
    from runtime.persona.types import Persona

_BOT = {
    "id": "LOCALCHAT0",
    "name": "headset-support",
    "aliasId": "TSTALIASID",
    "aliasName": "local",
    "localeId": "en_US",
    "version": "DRAFT",
}
_FALLBACK_INTENT = {
    "name": "FallbackIntent",
    "slots": {},
    "state": "InProgress",
    "confirmationState": "None",
}
_QUIT = frozenset({"/quit", "/exit"})


class ChatError(Exception):
    """A problem with the command line or the content; printed without a traceback."""


def lex_text_event(text: str, session_id: str, session: dict[str, str]) -> dict[str, Any]:
    """A Lex V2 DialogCodeHook event for one typed line, shaped like the console's test bot."""
    return {
        "messageVersion": "1.0",
        "invocationSource": "DialogCodeHook",
        "inputMode": "Text",
        "responseContentType": "text/plain; charset=utf-8",
        "sessionId": session_id,
        "inputTranscript": text,
        "bot": dict(_BOT),
        "interpretations": [{"intent": dict(_FALLBACK_INTENT)}],
        "requestAttributes": {c.LEX_ACCEPT_CONTENT_TYPES: "PlainText"},
        "sessionState": {
            "sessionAttributes": dict(session),
            "activeContexts": [],
            "intent": dict(_FALLBACK_INTENT),
        },
    }


@dataclass
class TurnResult:
    """One answered turn, with the keys of the `--json` contract."""

    persona: str
    agent: str
    category: str | None
    article: str | None
    escalate: bool
    text: str
    ssml: str
    closed: bool
    escalation_reason: str | None = None
    conversation: int = 1
    greeting: str | None = None

    @property
    def state(self) -> str:
        """open, closed (solved or the caller left) or escalated (handed to a person)."""
        if self.escalate:
            return "escalated"
        return "closed" if self.closed else "open"

    def as_json(self) -> str:
        return json.dumps(
            {
                "persona": self.persona,
                "agent": self.agent,
                "category": self.category,
                "article": self.article,
                "escalate": self.escalate,
                "text": self.text,
                "ssml": self.ssml,
                "state": self.state,
                "conversation": self.conversation,
                "greeting": self.greeting,
            },
            ensure_ascii=False,
        )


@dataclass
class Conversation:
    """One caller's conversation: a session id and the attributes Lex would carry."""

    app: App
    persona: Persona
    number: int = 1
    session_id: str = field(default_factory=lambda: f"chat-{uuid.uuid4()}")
    session: dict[str, str] = field(default_factory=dict)
    turns: int = 0

    def __post_init__(self) -> None:
        self.session[c.ATTR_PERSONA_ID] = self.persona.id

    def say(self, text: str) -> TurnResult:
        from runtime.handler import lambda_handler
        from runtime.invoke import FakeContext
        from runtime.render import render_ssml

        event = lex_text_event(text, self.session_id, self.session)
        response = lambda_handler(event, FakeContext(30.0))
        state = response.get("sessionState") or {}
        attributes = {str(k): str(v) for k, v in (state.get("sessionAttributes") or {}).items()}
        messages = response.get("messages") or [{}]
        reply = str(messages[0].get("content", ""))
        closed = (state.get("dialogAction") or {}).get("type") == "Close"
        self.session = attributes
        self.turns += 1
        limit = self.app.config.max_reply_chars
        return TurnResult(
            persona=self.persona.id,
            agent=attributes.get(c.ATTR_LAST_AGENT) or "supervisor",
            category=attributes.get(c.ATTR_LAST_CATEGORY) or None,
            article=attributes.get(c.ATTR_LAST_ARTICLE) or None,
            escalate=attributes.get(c.ATTR_ESCALATE) == "true",
            text=reply,
            ssml=render_ssml(reply, self.persona, limit),
            closed=closed,
            escalation_reason=attributes.get(c.ATTR_ESCALATION_REASON) or None,
            conversation=self.number,
            greeting=self.persona.greeting if self.turns == 1 else None,
        )


def build_app(debug: bool = False) -> App:
    """The real runtime with the local backend; logs to stderr only with --debug."""
    from runtime.app import App
    from runtime.handler import reset_app

    stream: IO[str] = sys.stderr if debug else io.StringIO()
    app = App.from_env(stream=stream, agent_backend="local", persona_table=None)
    reset_app(app)
    return app


def find_persona(app: App, persona_id: str | None) -> Persona:
    from runtime.content import content_root
    from runtime.persona.files import load_personas

    personas = load_personas(content_root(app.config.content_dir) / "personas")
    wanted = persona_id or app.config.default_persona_id
    if wanted not in personas:
        known = ", ".join(sorted(personas)) or "none"
        raise ChatError(f"unknown persona '{wanted}'; choose one of: {known}")
    return personas[wanted]


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="chat",
        description="Talk to the headset support agent (local backend, real Lambda handler).",
    )
    parser.add_argument("--persona", help="persona id (default: the runtime's default persona)")
    parser.add_argument("--once", metavar="TEXT", help="say TEXT, print the answer and exit")
    parser.add_argument("--json", action="store_true", help="one JSON object per turn")
    parser.add_argument(
        "--independent",
        action="store_true",
        help="with stdin not a terminal: every input line is a new conversation",
    )
    parser.add_argument("--debug", action="store_true", help="runtime logs on stderr")
    return parser.parse_args(list(argv))


class Printer:
    def __init__(self, out: IO[str], as_json: bool, persona: Persona) -> None:
        self.out = out
        self.as_json = as_json
        self.name = persona.display_name
        self.colour = not as_json and out.isatty()

    def speak(self, text: str) -> None:
        name = f"\033[1;36m{self.name}\033[0m" if self.colour else self.name
        self.out.write(f"{name}: {text}\n")
        self.out.flush()

    def turn(self, result: TurnResult) -> None:
        if self.as_json:
            self.out.write(result.as_json() + "\n")
            self.out.flush()
            return
        self.speak(result.text)
        if result.escalate:
            self.note("(transferred to a person; the conversation ends here)")
        elif result.closed:
            self.note("(conversation closed)")

    def note(self, text: str) -> None:
        if not self.as_json:
            self.out.write(f"{text}\n")
            self.out.flush()


def _lines(stream: IO[str], prompt: str | None, out: IO[str]) -> Iterator[str]:
    while True:
        if prompt is not None:
            out.write(prompt)
            out.flush()
        line = stream.readline()
        if not line:
            return
        yield line.rstrip("\r\n")


def run(args: argparse.Namespace, stdin: IO[str], out: IO[str]) -> int:
    app = build_app(args.debug)
    persona = find_persona(app, args.persona)
    printer = Printer(out, args.json, persona)
    if args.once is not None:
        printer.turn(Conversation(app, persona).say(args.once))
        return 0
    interactive = stdin.isatty()
    if args.independent and interactive:
        raise ChatError("--independent reads lines from a pipe or file, not from a terminal")
    if interactive and not args.json:
        printer.speak(persona.greeting)
        printer.note("(type your problem; Ctrl-D or /quit to leave)")
    conversation = Conversation(app, persona)
    prompt = "you: " if interactive and not args.json else None
    for line in _lines(stdin, prompt, out):
        if line.strip() in _QUIT:
            break
        if not interactive and not line.strip():
            continue  # blank lines in a file separate nothing and say nothing
        if args.independent and conversation.turns:
            conversation = Conversation(app, persona, conversation.number + 1)
        result = conversation.say(line)
        printer.turn(result)
        if result.closed:
            conversation = Conversation(app, persona, conversation.number + 1)
            if interactive and not args.json:
                printer.speak(persona.greeting)
    return 0


def main(
    argv: Sequence[str] | None = None, stdin: IO[str] | None = None, stdout: IO[str] | None = None
) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args, stdin or sys.stdin, stdout or sys.stdout)
    except ChatError as e:
        print(f"chat: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # content or config problems: say what, not a traceback
        if args.debug:
            raise
        print(
            f"chat: error: {type(e).__name__}: {e} (run with --debug for details)", file=sys.stderr
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
