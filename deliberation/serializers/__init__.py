"""Deliberation's API serializers, by sub-domain (`summons`: 约请 and topics from recurring cases)."""
