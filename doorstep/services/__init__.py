"""services, split by sub-domain."""
