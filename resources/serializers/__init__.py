"""serializers, split by sub-domain."""
