"""The committed persona JSON Schema is current and agrees with the model."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import jsonschema
import pytest
from pydantic import ValidationError

from runtime.persona.types import Persona
from tools.content import render_schema, write_schema

if TYPE_CHECKING:
    from pathlib import Path


def test_committed_schema_is_not_stale(real_content: Path) -> None:
    # given
    committed = (real_content / "personas" / "persona.schema.json").read_text(encoding="utf-8")
    # then: if this fails, run `./pants run src/python/tools:content -- schema` and commit it
    assert committed == render_schema()


@pytest.mark.parametrize("name", ["tangerine", "joseph", "jennifer"])
def test_every_persona_file_validates_against_the_committed_schema(
    real_content: Path, name: str
) -> None:
    # given
    schema = json.loads((real_content / "personas" / "persona.schema.json").read_text("utf-8"))
    persona = json.loads((real_content / "personas" / f"{name}.json").read_text("utf-8"))
    # when / then: no exception
    jsonschema.Draft202012Validator(schema).validate(persona)


def test_schema_rejects_what_the_model_rejects(real_content: Path) -> None:
    # given: a persona with a misspelt field and an engine Polly does not have
    schema = json.loads((real_content / "personas" / "persona.schema.json").read_text("utf-8"))
    persona = json.loads((real_content / "personas" / "joseph.json").read_text("utf-8"))
    persona["colour"] = "blue"
    persona["voice"]["engine"] = "turbo"
    # when
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(persona))
    # then
    messages = " ".join(e.message for e in errors)
    assert "'colour' was unexpected" in messages
    assert "'turbo' is not one of" in messages


def test_long_form_engine_is_refused_because_connect_cannot_speak_it(real_content: Path) -> None:
    # given joseph with Polly's long-form engine, which Connect's Set voice block does not take
    schema = json.loads((real_content / "personas" / "persona.schema.json").read_text("utf-8"))
    persona = json.loads((real_content / "personas" / "joseph.json").read_text("utf-8"))
    persona["voice"]["engine"] = "long-form"
    # when / then: the editor's schema and the model both refuse it
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(persona))
    assert [e.message for e in errors] == [
        "'long-form' is not one of ['standard', 'neural', 'generative']"
    ]
    with pytest.raises(ValidationError, match="voice.engine"):
        Persona.model_validate(persona)


def test_write_schema_reports_whether_it_changed_the_file(tmp_path: Path) -> None:
    path = tmp_path / "persona.schema.json"
    assert write_schema(path) is True
    assert write_schema(path) is False
    assert path.read_text(encoding="utf-8") == render_schema()
