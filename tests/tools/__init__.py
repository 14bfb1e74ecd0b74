"""Tests of the content and delivery tools."""
