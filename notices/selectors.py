"""Reads of notices: a user sees only their own."""

from notices.models import Notice


def notices_for(user):
    """The user's notices, newest first."""
    return Notice.objects.filter(user=user).order_by("-created_at", "-id")


def notices_unread_count(user) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()
