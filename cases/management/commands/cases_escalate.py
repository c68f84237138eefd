from django.core.management.base import BaseCommand

from cases.services import cases_escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue cases one level up the unit tree (run it every few minutes from a scheduler)."

    def handle(self, *args, **options):
        done = cases_escalate_overdue()
        self.stdout.write(f"{len(done)} cases escalated")
