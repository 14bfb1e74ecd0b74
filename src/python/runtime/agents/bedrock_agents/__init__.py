"""Bedrock Agents ("Classic") backend: the seed's supervisor agent with its collaborators."""

from runtime.agents.bedrock_agents.backend import BedrockAgentsBackend
from runtime.agents.bedrock_agents.types import BedrockAgentsSettings

__all__ = ["BedrockAgentsBackend", "BedrockAgentsSettings"]
