"""Running the repository's GitHub workflows in nektos/act: harness, stubs, results."""

from tests.support.act.results import ActResult, ActRunError, JobResult, StubCall
from tests.support.act.runner import ActHarness, ActMissingError, StubConfig, find_act, real_actions

__all__ = [
    "ActHarness",
    "ActMissingError",
    "ActResult",
    "ActRunError",
    "JobResult",
    "StubCall",
    "StubConfig",
    "find_act",
    "real_actions",
]
