"""In-process background work for imports: a thread per job, thin (load the job, call the service).

`enqueue` is the one seam: the upload view calls it after its transaction commits; a deployment
with workers can point it at a queue, and tests replace it to run `run` inline.
"""

import threading

from django.db import close_old_connections, connection

from imports.models import ImportJob
from imports.services import job_run


def run(job_id: int) -> None:
    job = ImportJob.objects.select_related("by").get(pk=job_id)
    job_run(job=job)


def _thread_main(job_id: int) -> None:
    close_old_connections()
    try:
        run(job_id)
    finally:
        connection.close()


def enqueue(job_id: int) -> threading.Thread:
    thread = threading.Thread(target=_thread_main, args=(job_id,), name=f"import-job-{job_id}", daemon=True)
    thread.start()
    return thread
