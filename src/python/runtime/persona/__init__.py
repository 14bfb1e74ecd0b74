"""Support personas: the model, the bundled files and the run-time store."""

from runtime.persona.files import PersonaFileError, load_personas, parse_persona
from runtime.persona.store import (
    DynamoPersonaTable,
    PersonaItemError,
    PersonaLookup,
    PersonaStore,
    persona_from_item,
)
from runtime.persona.types import Persona, Phrases, PollyVoice, Prosody

__all__ = [
    "DynamoPersonaTable",
    "Persona",
    "PersonaFileError",
    "PersonaItemError",
    "PersonaLookup",
    "PersonaStore",
    "Phrases",
    "PollyVoice",
    "Prosody",
    "load_personas",
    "parse_persona",
    "persona_from_item",
]
