"""selectors, split by sub-domain."""
