"""filtersets, split by sub-domain."""
