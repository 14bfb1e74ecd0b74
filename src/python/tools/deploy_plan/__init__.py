"""`deploy-plan --since REF`."""

from tools.deploy_plan.pants import Runner, SubprocessRunner
from tools.deploy_plan.plan import DeployPlan, make_plan

__all__ = ["DeployPlan", "Runner", "SubprocessRunner", "make_plan"]
