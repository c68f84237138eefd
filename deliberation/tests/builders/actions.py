"""Test data: actions (fixtures)."""
