"""Test utilities shared across test folders: the local Bedrock endpoint and its fixtures."""

from __future__ import annotations

from tests.support.bedrock_endpoint import SCENARIOS, FakeBedrock, Recorded, start_fake_bedrock

__all__ = ["SCENARIOS", "FakeBedrock", "Recorded", "start_fake_bedrock"]
