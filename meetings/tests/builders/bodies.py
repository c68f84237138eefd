"""Test data: bodies (fixtures)."""
