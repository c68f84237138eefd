from django.core.management.base import BaseCommand

from smart.defaults import DEVICE_TYPES
from smart.defaults.rules import rules_load
from smart.services.registry import device_types_load


class Command(BaseCommand):
    help = "Load the device types (and the default alarm rules) the plan names (idempotent)."

    def handle(self, *args, **options):
        n = device_types_load(DEVICE_TYPES)
        self.stdout.write(f"{n} device types")
        made, skipped = rules_load()
        self.stdout.write(f"{made} alarm rules made")
        for line in skipped:
            self.stderr.write(f"  alarm rule not made: {line}")
