"""Lambda SnapStart: what the snapshot may keep, and what each restored sandbox makes anew.

With SnapStart (infra `SNAP_START`, python3.12 on published versions) Lambda runs the init phase
once per version, snapshots the sandbox's memory, and starts new sandboxes from that snapshot,
possibly days later and many at once. The hooks are registered with the runtime's
`snapshot_restore_py` module, which exists only inside Lambda; elsewhere nothing is registered.

- before the snapshot: let the persona prefetch finish, write the init phase's metrics, and close
  the DynamoDB client: its connections and the credentials it resolved belong to the sandbox that
  made the snapshot.
- after each restore: reseed `random` (restored sandboxes would otherwise draw the same retry
  jitter), and reread the personas in the background with a new client (the snapshot's copies
  answer meanwhile: they may be old, never missing).
"""

from __future__ import annotations

import logging
import random
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Callable

    from runtime.app import App

log = logging.getLogger(__name__)


class HookRegistry(Protocol):
    """The two functions of `snapshot_restore_py` (AWS's Snapshot Restore for Python)."""

    def register_before_snapshot(self, func: Callable[..., Any], *args: Any) -> Any: ...
    def register_after_restore(self, func: Callable[..., Any], *args: Any) -> Any: ...


def before_snapshot(app: App) -> None:
    """Leave nothing in the snapshot that belongs to this sandbox alone."""
    app.store.settle()
    app.telemetry.flush()
    log.info("snapshot: persona prefetch settled, table client closed")


def after_restore(app: App) -> None:
    """Make what must be unique to each restored sandbox anew."""
    random.seed()  # from os.urandom, different in every sandbox
    app.store.refresh_all()
    log.info("restored from a snapshot: personas are being reread")


def register(app: App, registry: HookRegistry | None = None) -> bool:
    """Register the hooks for `app`; False when the runtime has no SnapStart hook library."""
    if registry is None:
        try:
            import snapshot_restore_py  # provided by the Lambda runtime only
        except ImportError:
            return False
        registry = snapshot_restore_py
    registry.register_before_snapshot(before_snapshot, app)
    registry.register_after_restore(after_restore, app)
    return True
