"""deliberation forms, by sub-domain."""
