"""deliberation FilterSets, by sub-domain."""
