"""views, split by sub-domain."""
