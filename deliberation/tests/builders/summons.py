"""Test data: summons (fixtures)."""
