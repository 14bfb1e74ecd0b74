"""Tests, mirroring src/python and content."""
