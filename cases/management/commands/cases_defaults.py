from django.core.management.base import BaseCommand

from cases.defaults import CATEGORIES, HOLIDAYS
from cases.services import categories_load, holidays_load


class Command(BaseCommand):
    help = "Load the national holiday calendar and the starting case categories (idempotent)."

    def handle(self, *args, **options):
        h = holidays_load(HOLIDAYS)
        c = categories_load(CATEGORIES)
        self.stdout.write(f"{h} calendar days, {c} categories")
