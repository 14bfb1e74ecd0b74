"""Content and delivery tooling.

content, persona, kb, deploy-plan, check-config, validate-deployment, deployments and recovery;
one package each, each with a `cli.main` that `./pants run src/python/tools:NAME` runs.
"""
