"""deliberation API serializers, by sub-domain."""
