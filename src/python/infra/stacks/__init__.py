"""One stack per concern; `infra.app` composes them.

No re-exports here: importing one stack module would load every stack, and Pants would put every
stack in each stack's closure, which deploy-plan reads to choose the stacks to deploy.
"""
