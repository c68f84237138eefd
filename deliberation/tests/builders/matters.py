"""Test data: matters (fixtures)."""
