"""Imports: check a whole workbook, then write it in one transaction through the domain services.

The page (through a background task) and the `import_excel` command both come through
`job_execute`; a file with any problem writes nothing.
"""

import logging
import os
import tempfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from accounts.scope import scope_paths
from audit.context import acting_as
from audit.services import audit_record
from imports.kinds import IMPORTERS
from imports.kinds.base import Importer, Progress
from imports.models import ImportJob, ImportStatus
from imports.problems import MAX_STORED, UNEXPECTED, FileProblem, Problem
from imports.progress import CacheProgress, clear_progress
from imports.reader import read_rows
from imports.spec import SPECS

logger = logging.getLogger(__name__)

CONFLICT = gettext_noop("Someone changed the same data while this file was being imported. Nothing was imported; please upload the file again.")
UPLOAD_GONE = gettext_noop("The uploaded file is no longer available. Nothing was imported; please upload it again.")


@dataclass
class Outcome:
    total: int = 0  # data rows in the file
    done: int = 0  # rows imported
    problems: list = field(default_factory=list)  # Problem.as_dict() items


def no_progress(phase: str, done: int, total: int) -> None:
    """A progress callback for callers that do not show progress."""


def upload_storage():
    """Where uploads wait for the task: STORAGES["imports"] when configured, else a private temporary folder.

    Uploads hold personal data, so they never go to the public media storage.
    """
    if "imports" in settings.STORAGES:
        return storages["imports"]
    location = os.path.join(tempfile.gettempdir(), "jiayuan-imports")
    return FileSystemStorage(location=location, file_permissions_mode=0o600, directory_permissions_mode=0o700)


def upload_name(job_id: int) -> str:
    return f"job-{job_id}.xlsx"


def common_root(paths: list[str]) -> str:
    """The deepest unit path above all of `paths` ("" when they share no unit)."""
    if not paths:
        return ""
    prefix = os.path.commonprefix(paths)
    return prefix[: prefix.rfind(".") + 1]


def validation_problems(row: int, importer: Importer, error: ValidationError) -> list[Problem]:
    headers = {c.key: c.header for c in importer.spec.columns}
    with translation.override(None):
        items = error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
        return [Problem(row=row, column=headers.get(key, ""), message=str(m)) for key, messages in items for m in messages]


def write_plan(importer: Importer, plan: list, progress: Progress, path: str) -> list[Problem]:
    """Write every item or none; the problem that stopped the writing, if any."""
    stopped = []
    try:
        with transaction.atomic(), acting_as(importer.user, path):
            for done, (row, item) in enumerate(plan, start=1):
                try:
                    importer.write(item)
                except ValidationError as e:
                    stopped = validation_problems(row.number, importer, e)
                    raise
                except IntegrityError:
                    stopped = [Problem(row=row.number, column="", message=CONFLICT)]
                    raise
                progress("importing", done, len(plan))
            importer.finish()
    except (ValidationError, IntegrityError):
        return stopped
    return []


def import_workbook(*, kind: str, fileobj, user, progress: Progress = no_progress, path: str = "") -> Outcome:
    """Check the whole workbook; when nothing is wrong, import every row in one transaction."""
    importer = IMPORTERS[kind](user)
    with translation.override(None):
        try:
            rows = read_rows(fileobj, importer.spec)
        except FileProblem as e:
            return Outcome(problems=[p.as_dict() for p in e.problems])
        plan = importer.check(rows, progress)
        if importer.problems:
            problems = sorted(importer.problems, key=lambda p: p.row)
            return Outcome(total=len(rows), problems=[p.as_dict() for p in problems[:MAX_STORED]])
        stopped = write_plan(importer, plan, progress, path)
    if stopped:
        return Outcome(total=len(rows), problems=[p.as_dict() for p in stopped])
    return Outcome(total=len(rows), done=len(rows))


# jobs ------------------------------------------------------------------------------------------
def job_create(*, user, kind: str, file_name: str) -> ImportJob:
    paths = [p for perm in SPECS[kind].import_perms for p in scope_paths(user, perm) or []]
    return ImportJob.objects.create(kind=kind, file_name=os.path.basename(file_name)[:200], by=user, root_path=common_root(paths))


def job_store_upload(*, job: ImportJob, fileobj) -> None:
    """Keep the upload until the task has read it."""
    storage, name = upload_storage(), upload_name(job.pk)
    if storage.exists(name):  # left over from an interrupted run of an earlier database
        storage.delete(name)
    fileobj.seek(0)
    storage.save(name, fileobj)


def job_finish(*, job: ImportJob, outcome: Outcome) -> ImportJob:
    """Write the result once the import's own transaction has committed or rolled back."""
    ok = not outcome.problems
    job.status = ImportStatus.DONE if ok else ImportStatus.FAILED
    job.total, job.done, job.errors, job.finished_at = outcome.total, outcome.done, outcome.problems, timezone.now()
    job.save(update_fields=["status", "total", "done", "errors", "finished_at"])
    clear_progress(job.pk)
    audit_record(
        action="import", user=job.by, obj=job, object_repr=job.file_name, success=ok,
        changes={"kind": job.kind, "rows": outcome.total, "imported": outcome.done, "problems": len(outcome.problems)},
    )
    return job


def job_execute(*, job: ImportJob, fileobj, progress: Progress = no_progress) -> ImportJob:
    """Run one job on an open workbook; any failure leaves nothing imported and says so."""
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])
    try:
        outcome = import_workbook(kind=job.kind, fileobj=fileobj, user=job.by, progress=progress, path=f"/imports/jobs/{job.pk}/")
    except Exception:
        logger.exception("import job %s failed", job.pk)
        outcome = Outcome(problems=[Problem(row=0, column="", message=UNEXPECTED).as_dict()])
    return job_finish(job=job, outcome=outcome)


def job_run(*, job: ImportJob) -> ImportJob:
    """The task body: read the stored upload, import it with progress in the cache, delete the upload."""
    storage, name = upload_storage(), upload_name(job.pk)
    try:
        fileobj = storage.open(name, "rb")
    except OSError:
        return job_finish(job=job, outcome=Outcome(problems=[Problem(row=0, column="", message=UPLOAD_GONE).as_dict()]))
    try:
        with fileobj:
            return job_execute(job=job, fileobj=fileobj, progress=CacheProgress(job.pk))
    finally:
        storage.delete(name)
