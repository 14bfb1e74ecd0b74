"""`invoke EVENT.json`: the real handler, the local backend, the response JSON on stdout."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import pytest

from runtime.invoke import main
from tests.events import EVENTS_DIR
from tests.runtime.fixtures import assert_valid_lex_response

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(autouse=True)
def _content(rt_content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HEADSET_CONTENT_DIR", str(rt_content))


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def test_invoke_prints_only_the_lex_response(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(str(EVENTS_DIR / "lex-connect-voice-speech.json"))
    assert code == 0
    response = json.loads(out)
    assert_valid_lex_response(response)
    assert response["messages"][0]["contentType"] == "SSML"
    # logs and metrics went to stderr, not into the JSON
    assert "turn answered" in capsys.readouterr().err


def test_invoke_health_check_and_persona_override() -> None:
    code, out = run(str(EVENTS_DIR / "health-check.json"), "--quiet")
    assert code == 0 and json.loads(out)["status"] == "ok"
    code, out = run(str(EVENTS_DIR / "lex-text-chat.json"), "--quiet", "--persona", "jennifer")
    assert json.loads(out)["sessionState"]["sessionAttributes"]["persona_id"] == "jennifer"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{not json", "not valid JSON (line 1, column 2"),
        ("[1, 2]", "must be a JSON object"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_bad_event_files_get_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "event.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code, out = run(str(path))
    assert code == 1
    assert out == ""
    err = capsys.readouterr().err
    assert err.startswith("invoke: error: ")
    assert message in err
    assert "Traceback" not in err
