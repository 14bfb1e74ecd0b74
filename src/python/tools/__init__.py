"""Content and delivery tooling.

persona, kb, deploy-plan, check-config, validate-deployment and recovery; one package each.
"""
