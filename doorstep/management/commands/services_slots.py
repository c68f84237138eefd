"""manage.py services_slots --weeks 4: generate the slots of bookable rooms and booked services for the
next weeks (idempotent; the daily periodic job does the same)."""

from django.core.management.base import BaseCommand

from doorstep.slots import MAX_WEEKS, slots_generate


class Command(BaseCommand):
    help = "Generate room slots and service sessions from opening hours for the next N weeks (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, default=4, help=f"how many weeks ahead (1-{MAX_WEEKS})")

    def handle(self, *args, weeks, **options):
        self.stdout.write(str(slots_generate(weeks=weeks)))
