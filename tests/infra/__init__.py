"""Tests of the CDK app (src/python/infra)."""
