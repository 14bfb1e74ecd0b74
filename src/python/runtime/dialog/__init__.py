"""The dialog engine: guides a caller through a problem like a support engineer on the phone.

Stages (gather, guide, verify, closed), facts that stick, steps by kind, every reply read
against the question just asked, and a hand-off with context. The local troubleshooter runs it.
"""

from runtime.dialog.engine import DialogEngine
from runtime.dialog.moves import Move
from runtime.dialog.state import KEY_STATE, DialogState

__all__ = ["KEY_STATE", "DialogEngine", "DialogState", "Move"]
