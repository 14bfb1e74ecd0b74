"""The local troubleshooter: supervisor-style routing and guided steps over the bundled articles."""

from __future__ import annotations

from runtime.agents.local.backend import LocalAgentBackend

__all__ = ["LocalAgentBackend"]
