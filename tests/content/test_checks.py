"""Each check catches one kind of broken content and says which file, which field and the fix."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tools.content import (
    check_agents,
    check_all,
    check_articles,
    check_knowledge_base,
    check_persona_files,
    check_personas,
)

if TYPE_CHECKING:
    from pathlib import Path

    from tools.content import Problem


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def edit_json(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


# --- personas -----------------------------------------------------------------------------------


def test_bad_json_names_the_line(content: Path) -> None:
    # given: a trailing comma a hand edit left behind
    joseph = content / "personas" / "joseph.json"
    joseph.write_text(
        joseph.read_text(encoding="utf-8").replace('"Joseph",', '"Joseph",,'), "utf-8"
    )
    # when
    problem = only(check_persona_files(content / "personas"))
    # then
    assert problem.path.endswith("personas/joseph.json")
    assert problem.field == "(file)"
    assert "not valid JSON (line 4" in problem.message
    assert problem.fix == "fix the JSON"


def test_unknown_field_is_named_with_how_to_fix_it(content: Path) -> None:
    edit_json(content / "personas" / "joseph.json", lambda d: d["voice"].update(colour="warm"))
    problem = only(check_persona_files(content / "personas"))
    assert problem.field == "voice.colour"
    assert problem.message == "Extra inputs are not permitted"
    assert "remove 'voice.colour'" in problem.fix


def test_every_invalid_field_is_reported_not_only_the_first(content: Path) -> None:
    def change(d: dict[str, Any]) -> None:
        d["voice"]["engine"] = "turbo"
        d["prosody"]["rate"] = "very fast"
        del d["greeting"]

    edit_json(content / "personas" / "joseph.json", change)
    fields = {p.field for p in check_persona_files(content / "personas")}
    assert fields == {"voice.engine", "prosody.rate", "greeting"}


def test_id_must_equal_the_file_name(content: Path) -> None:
    edit_json(content / "personas" / "joseph.json", lambda d: d.update(id="joe"))
    problem = only(check_persona_files(content / "personas"))
    assert problem.field == "id"
    assert "does not match the file name" in problem.message
    assert problem.fix == 'set "id": "joseph"'


def test_a_missing_required_persona_is_reported(content: Path) -> None:
    (content / "personas" / "jennifer.json").unlink()
    problem = only(check_all(content))
    assert problem.path.endswith("personas/jennifer.json")
    assert problem.message == "required persona 'jennifer' is missing or invalid"


def test_unknown_placeholder_in_a_phrase_is_caught(content: Path) -> None:
    edit_json(
        content / "personas" / "tangerine.json",
        lambda d: d["phrases"]["hold"].append("One sec, {nmae} is checking."),
    )
    problem = only(check_personas(content / "personas"))
    assert problem.field == "phrases.hold.3"
    assert "{nmae}" in problem.message
    assert "use only {name}" in problem.fix


def test_pitch_on_a_neural_voice_is_flagged(content: Path) -> None:
    edit_json(content / "personas" / "joseph.json", lambda d: d["prosody"].update(pitch="-10%"))
    problem = only(check_personas(content / "personas"))
    assert problem.field == "prosody.pitch"
    assert problem.message == "Polly neural voices do not support pitch; it is ignored"


def test_a_persona_without_the_schema_reference_is_flagged(content: Path) -> None:
    edit_json(content / "personas" / "joseph.json", lambda d: d.pop("$schema"))
    problem = only(check_personas(content / "personas"))
    assert problem.field == "$schema"
    assert '"$schema": "./persona.schema.json"' in problem.fix


def test_a_stale_schema_is_reported_with_the_command_that_fixes_it(content: Path) -> None:
    schema = content / "personas" / "persona.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace("Joanna", "Joanne"), "utf-8")
    problem = only(check_all(content))
    assert problem.message == "the persona JSON Schema is out of date with the Persona model"
    assert "run `content schema`" in problem.fix


# --- articles -----------------------------------------------------------------------------------


def test_article_in_the_wrong_category_folder(content: Path) -> None:
    kb = content / "knowledge-base"
    (kb / "usb" / "not-detected.md").rename(kb / "bluetooth" / "not-detected.md")
    problems = check_knowledge_base(kb)
    # other articles' links to the moved file break too, and say so
    links = [p for p in problems if p.field == "body"]
    assert all("not-detected.md' points at a file" in p.message for p in links)
    problem = only([p for p in problems if p not in links])
    assert problem.path.endswith("bluetooth/not-detected.md")
    assert problem.field == "category"
    assert problem.message == "category 'usb' does not match folder 'bluetooth'"
    assert problem.fix == "set 'category: bluetooth' or move the file to usb/"


def test_duplicate_article_id(content: Path) -> None:
    kb = content / "knowledge-base"
    text = (kb / "usb" / "not-detected.md").read_text(encoding="utf-8")
    (kb / "usb" / "not-detected-copy.md").write_text(text, encoding="utf-8")
    problem = only(check_knowledge_base(kb))
    assert problem.path.endswith("usb/not-detected.md")  # sorted: the copy is seen first
    assert problem.field == "id"
    assert "id 'usb-not-detected' is also used by" in problem.message
    assert "not-detected-copy.md" in problem.message


def test_article_without_steps(content: Path) -> None:
    kb = content / "knowledge-base"
    article = kb / "windows" / "exclusive-mode.md"
    article.write_text(article.read_text("utf-8").replace("## Steps", "## What to do"), "utf-8")
    problem = only(check_knowledge_base(kb))
    assert problem.field == "Steps"
    assert problem.message == "no '## Steps' section"


def test_missing_front_matter_field(content: Path) -> None:
    kb = content / "knowledge-base"
    article = kb / "genesys-cloud" / "mute-sync.md"
    text = article.read_text("utf-8")
    start = text.index("escalate_when:")
    end = text.index("last_reviewed:")
    article.write_text(text[:start] + text[end:], "utf-8")
    problem = only(check_knowledge_base(kb))
    assert problem.field == "escalate_when"
    assert problem.message == "Field required"
    assert "add 'escalate_when' to the front matter" in problem.fix


def test_broken_relative_link_is_caught_and_good_ones_pass(content: Path) -> None:
    kb = content / "knowledge-base"
    article = kb / "usb" / "hubs-and-docks.md"
    article.write_text(
        article.read_text("utf-8")
        + "\nSee [sleep](drops-after-sleep.md), [defaults](../windows/default-device.md)"
        + ", [Microsoft](https://support.microsoft.com) and [the hub guide](hub-guide.md#top).\n",
        "utf-8",
    )
    problem = only(check_articles(kb))
    assert problem.field == "body"
    assert problem.message == "link 'hub-guide.md#top' points at a file that does not exist"
    assert "correct the path" in problem.fix
    assert [str(p) for p in check_knowledge_base(kb)] == [str(problem)]


def test_stray_file_outside_a_category_folder(content: Path) -> None:
    kb = content / "knowledge-base"
    (kb / "macos").mkdir()
    (kb / "macos" / "sound.md").write_text("# Mac\n", encoding="utf-8")
    problem = only(check_knowledge_base(kb))
    assert problem.message == "the article is not directly inside a category folder"
    assert "usb/, bluetooth/, windows/, genesys-cloud/" in problem.fix


# --- agent instructions -------------------------------------------------------------------------


def test_too_long_instructions(content: Path) -> None:
    (content / "agents" / "platform.md").write_text("Help with headsets. " * 1001, "utf-8")
    problem = only(check_agents(content / "agents"))
    assert problem.path.endswith("agents/platform.md")
    assert problem.message == "20019 characters is over Bedrock's limit of 20000"
    assert problem.fix == "shorten it by at least 19 characters"


def test_instructions_that_only_fit_without_the_persona_addendum(content: Path) -> None:
    (content / "agents" / "platform.md").write_text("x" * 19_900, "utf-8")
    problems = check_all(content)
    assert len(problems) == 1
    assert "with the prompt_addendum of" in problems[0].message


def test_empty_and_missing_instructions(content: Path) -> None:
    (content / "agents" / "diagnostic.md").write_text("---\ntitle: Diagnostic\n---\n\n", "utf-8")
    (content / "agents" / "escalation.md").unlink()
    problems = {p.path.rsplit("/", 1)[-1]: p.message for p in check_agents(content / "agents")}
    assert problems == {
        "diagnostic.md": "the instructions are empty",
        "escalation.md": "the escalation agent's instructions are missing",
    }
