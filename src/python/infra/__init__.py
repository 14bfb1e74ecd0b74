"""The CDK app of the headset support agent: one stack per concern, per environment.

No re-exports here (see infra.stacks): every infra module would depend on all of them.
"""
