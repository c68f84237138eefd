"""forms, split by sub-domain."""
