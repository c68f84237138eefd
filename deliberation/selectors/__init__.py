"""Reads of deliberation, by sub-domain: `actions`, `matters`, `summons`, `topics` (recurring cases)."""
