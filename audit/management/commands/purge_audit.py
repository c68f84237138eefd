"""Drop audit records older than AUDIT_RETENTION_DAYS (never less than 180 days; the database refuses younger)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone


class Command(BaseCommand):
    help = "Purge audit records older than the retention period (at least 180 days)."

    def handle(self, *args, **options):
        days = max(180, settings.AUDIT_RETENTION_DAYS)
        cutoff = timezone.now() - timedelta(days=days)
        with connection.cursor() as cur:
            cur.execute("DELETE FROM audit_auditlog WHERE at < %s", [cutoff if connection.vendor != "sqlite" else cutoff.strftime("%Y-%m-%d %H:%M:%S.%f")])
            n = cur.rowcount
        self.stdout.write(f"purged {n} audit records older than {days} days")
