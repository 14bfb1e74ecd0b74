"""Tests of the Bedrock backends against the local Bedrock endpoint."""
