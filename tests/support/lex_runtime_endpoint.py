"""A local Lex V2 runtime endpoint for GetSession, in the real rest-json wire format.

    GET /bots/{botId}/botAliases/{botAliasId}/botLocales/{localeId}/sessions/{sessionId}

`FakeLexRuntime.put(...)` stores a session's attributes; a session it does not hold answers
404 ResourceNotFoundException, as Lex does for an expired session. Point boto3 at it with
AWS_ENDPOINT_URL_LEX_RUNTIME_V2=fake.url. Every request is recorded as (botId, botAliasId,
localeId, sessionId).
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

_PATH = re.compile(
    r"^/bots/(?P<bot>[^/]+)/botAliases/(?P<alias>[^/]+)/botLocales/(?P<locale>[^/]+)"
    r"/sessions/(?P<session>[^/]+)$"
)
Key = tuple[str, str, str, str]


class FakeLexRuntime:
    def __init__(self) -> None:
        self.sessions: dict[Key, dict[str, str]] = {}
        self.requests: list[Key] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeLexRuntime:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def put(self, bot: str, alias: str, locale: str, session: str, attrs: dict[str, str]) -> None:
        self.sessions[(bot, alias, locale, session)] = dict(attrs)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                match = _PATH.match(self.path.split("?", 1)[0])
                if match is None:
                    self._send(404, {"message": f"no route {self.path}"}, "UnknownOperation")
                    return
                key: Key = (
                    unquote(match["bot"]),
                    unquote(match["alias"]),
                    unquote(match["locale"]),
                    unquote(match["session"]),
                )
                fake.requests.append(key)
                attrs = fake.sessions.get(key)
                if attrs is None:
                    message = f"Session {key[3]} does not exist."
                    self._send(404, {"message": message}, "ResourceNotFoundException")
                    return
                self._send(
                    200,
                    {
                        "sessionId": key[3],
                        "messages": [],
                        "interpretations": [],
                        "sessionState": {
                            "sessionAttributes": attrs,
                            "dialogAction": {"type": "ElicitIntent"},
                        },
                    },
                )

            def _send(self, status: int, body: dict[str, Any], error: str | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if error:
                    self.send_header("x-amzn-ErrorType", error)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
