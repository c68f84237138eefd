"""Writes to notices: send (in bulk), mark read. Recipients are chosen by the caller (e.g. `cases.notices`)."""

from collections.abc import Iterable

import rules
from django.utils import timezone

from notices.models import Notice


def _user_id(user) -> int:
    return user if isinstance(user, int) else user.pk


def notices_build(users, title: str, body: str = "", url: str = "", now=None) -> list[Notice]:
    """Unsaved notices, one per distinct user (users or user ids), for `notices_save`."""
    now = now or timezone.now()
    ids = dict.fromkeys(_user_id(u) for u in users if u is not None)
    return [Notice(user_id=uid, title=str(title)[:200], body=str(body), url=url[:300], created_at=now) for uid in ids]


def notices_save(notices: Iterable[Notice]) -> list[Notice]:
    """Insert notices in one statement."""
    notices = list(notices)
    return Notice.objects.bulk_create(notices) if notices else []


def notices_send(users, title: str, body: str = "", url: str = "") -> list[Notice]:
    """The same notice to each of `users` (users or ids, duplicates sent once), in one insert."""
    return notices_save(notices_build(users, title, body, url))


def notice_mark_read(*, notice: Notice, user) -> Notice:
    """Mark one of the user's notices read (again: no change). Another user's notice is never touched."""
    if not rules.has_perm("notices.read_notice", user, notice):  # the rule itself: no superuser shortcut
        raise Notice.DoesNotExist
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def notices_mark_all_read(*, user) -> int:
    """Mark every unread notice of the user read; returns how many."""
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
