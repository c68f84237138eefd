"""Helpers for import tests: workbooks built in memory, tasks run inline."""

from io import BytesIO

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage

from imports import jobs
from imports.spec import SPECS


def workbook(kind: str, rows: list, headers: list | None = None) -> BytesIO:
    """An .xlsx with the template's headers (or `headers`) and `rows` (tuples in column order, or dicts by key)."""
    spec = SPECS[kind]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers if headers is not None else [c.header for c in spec.columns])
    for row in rows:
        ws.append([row.get(c.key) for c in spec.columns] if isinstance(row, dict) else list(row))
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = f"{kind}.xlsx"
    return out


@pytest.fixture(autouse=True)
def empty_cache():
    """Progress lives in the cache; job ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_uploads(tmp_path, monkeypatch):
    """Uploads wait in this test's own folder (job ids repeat between tests and parallel workers)."""
    storage = FileSystemStorage(location=tmp_path / "uploads")
    monkeypatch.setattr("imports.services.upload_storage", lambda: storage)
    return storage


@pytest.fixture
def inline_tasks(monkeypatch):
    """Run enqueued jobs at once, in the test's thread and transaction; returns the ids run."""
    ran = []

    def enqueue(job_id):
        ran.append(job_id)
        jobs.run(job_id)

    monkeypatch.setattr(jobs, "enqueue", enqueue)
    return ran
