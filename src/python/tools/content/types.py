"""What a content check reports: one problem, naming the file, the field and the fix."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """One thing wrong with a content file, and how to put it right."""

    model_config = ConfigDict(frozen=True)

    path: str = Field(
        description="The file, as given to the check, e.g. content/personas/joseph.json"
    )
    field: str = Field(description="The field or section, e.g. 'voice.voice_id', 'Steps', '(file)'")
    message: str = Field(description="What is wrong")
    fix: str = Field(description="What to change")

    def __str__(self) -> str:
        """`file: field: message. Fix: fix` (other tools match on this exact shape)."""
        return f"{self.path}: {self.field}: {self.message}. Fix: {self.fix}"
