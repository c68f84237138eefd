from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to one file (var/backups/ unless --output is given)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the backup file to write")

    def handle(self, *args, output=None, **options):
        try:
            path = backup(output)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(str(path))
