"""api, split by sub-domain."""
