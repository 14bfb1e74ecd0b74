"""`persona validate | diff | deploy`."""

from tools.persona.deploy import DeployResult, deploy
from tools.persona.items import to_item
from tools.persona.plan import Change, Plan, make_plan
from tools.persona.table import PersonaTable
from tools.persona.validate import validate_personas

__all__ = [
    "Change",
    "DeployResult",
    "PersonaTable",
    "Plan",
    "deploy",
    "make_plan",
    "to_item",
    "validate_personas",
]
