"""`deploy-plan --since REF`."""

from tools.deploy_plan.pants import Runner, SubprocessRunner
from tools.deploy_plan.plan import STACKS, DeployPlan, make_plan

__all__ = ["STACKS", "DeployPlan", "Runner", "SubprocessRunner", "make_plan"]
