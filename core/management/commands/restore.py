from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup file made by `backup` (replaces the current content)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            restore(file)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"restored {file}")
