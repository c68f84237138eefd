"""python manage.py import_excel <kind> <file.xlsx> --user <username>

The same checks and the same single transaction as an upload on the page; prints every problem
and exits with status 1 when the file was rejected.
"""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from imports.models import ImportStatus
from imports.problems import rendered
from imports.services import job_create, job_execute
from imports.spec import KINDS


class TqdmProgress:
    """A progress bar per phase (checking, then importing)."""

    def __init__(self, stream):
        self.stream = stream
        self.bar = None
        self.phase = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self.phase:
            self.close()
            label = _("Checking") if phase == "checking" else _("Importing")
            self.bar = tqdm(total=total, desc=label, unit=_("rows"), file=self.stream, dynamic_ncols=True)
            self.phase = phase
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class Command(BaseCommand):
    help = "Import one kind of data (units ... residents, talents, spaces, organisations, projects) from an .xlsx file made from the template."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="the account the import is made as; its roles decide where it may import")

    def handle(self, *args, kind, file, user, **options):
        account = get_user_model().objects.filter(username=user).first()
        if account is None:
            raise CommandError(f"No user named {user!r}.")
        if not os.path.isfile(file):
            raise CommandError(f"No such file: {file}")
        progress = TqdmProgress(self.stderr._out)
        with open(file, "rb") as fileobj:
            job = job_create(user=account, kind=kind, file_name=file)
            try:
                job = job_execute(job=job, fileobj=fileobj, progress=progress)
            finally:
                progress.close()
        if job.status != ImportStatus.DONE:
            for p in rendered(job.errors):
                where = _("Row %(row)s") % {"row": p["row"]} if p["row"] else _("File")
                self.stderr.write(f"{where} · {p['column']}: {p['text']}" if p["column"] else f"{where}: {p['text']}")
            n = len(job.errors)
            raise CommandError(ngettext("Nothing was imported: the file has %(n)s problem.", "Nothing was imported: the file has %(n)s problems.", n) % {"n": n}, returncode=1)
        self.stdout.write(self.style.SUCCESS(ngettext("%(n)s row imported.", "%(n)s rows imported.", job.done) % {"n": job.done}))
