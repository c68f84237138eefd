"""Test data builders of this app, one module per sub-domain."""
