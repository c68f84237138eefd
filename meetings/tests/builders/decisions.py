"""Test data: decisions (fixtures)."""
