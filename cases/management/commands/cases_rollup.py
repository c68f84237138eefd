"""`manage.py cases_rollup [--from YYYY-MM-DD --to YYYY-MM-DD]`: rebuild the indicators rollup from the cases.

Saved cases keep the rollup up to date by themselves (cases/signals.py); run this after writes
that bypass `save()` (bulk loads, fixtures, `.update()`), or nightly as a safety net.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cases import rollup


def day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as e:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from e


class Command(BaseCommand):
    help = "Rebuild the case indicators rollup from the cases (all days, or the days from --from to --to)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=day)
        parser.add_argument("--to", dest="end", type=day)

    def handle(self, *args, start=None, end=None, **options):
        if (start is None) != (end is None):
            raise CommandError("give both --from and --to, or neither")
        if start and start > end:
            raise CommandError("--from is after --to")
        rows = rollup.rebuild(start, end)
        self.stdout.write(f"{rows} rollup rows written")
