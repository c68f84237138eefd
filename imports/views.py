"""The import/export page: templates, upload, the user's jobs with live progress, exports."""

from datetime import timedelta

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from accounts.scope import has_perm_anywhere
from core.discovery import app_modules
from core.views import ScopedObjectView
from imports import jobs
from imports.blanks import XLSX, template_workbook
from imports.export import export_workbook
from imports.forms import ExportForm, UploadForm
from imports.models import ImportJob, ImportStatus
from imports.problems import rendered
from imports.progress import read_progress
from imports.selectors import exportable_kinds, importable_kinds, recent_jobs, user_jobs
from imports.services import job_create, job_store_upload
from imports.spec import SPECS

PROBLEMS_PER_PAGE = 100
STALE_AFTER = timedelta(minutes=30)


def resource_exports(user) -> list[tuple[str, str]]:
    """Links to the Excel exports other apps offer (`EXPORTS` of their `imports` module: url name, kind,
    capability; e.g. the three resource libraries), for those who may see them."""
    return [
        (reverse(url_name), SPECS[kind].label)
        for module in app_modules("imports")
        for url_name, kind, perm in getattr(module, "EXPORTS", ())
        if has_perm_anywhere(user, perm)
    ]


def export_initial(query, kinds) -> dict:
    """The export form as a list's export button asks for it (`?export=<kind>&unit=<id>`): only known values."""
    initial = {}
    if query.get("export") in kinds:
        initial["kind"] = query["export"]
    if (query.get("unit") or "").isdigit():
        initial["unit"] = int(query["unit"])
    return initial


def index_page(request, *, upload_form=None, export_form=None, status=200):
    user = request.user
    can_import, can_export = importable_kinds(user), exportable_kinds(user)
    shown = request.GET.get("status") if request.GET.get("status") in ImportStatus.values else None  # ?status=failed
    if not can_import and not can_export:
        raise PermissionDenied
    ctx = {
        "templates": [(k, SPECS[k].label) for k in can_import],
        "upload_form": (upload_form or UploadForm(user=user, initial={"kind": request.GET.get("kind")})) if can_import else None,
        "export_form": (export_form or ExportForm(user=user, initial=export_initial(request.GET, can_export))) if can_export else None,
        "jobs": list(recent_jobs(user, status=shown)) if can_import else [],
        "jobs_status": shown,
        "resource_exports": resource_exports(user),
    }
    for job in ctx["jobs"]:
        job.kind_label = SPECS[job.kind].label if job.kind in SPECS else job.kind
    return render(request, "imports/index.html", ctx, status=status)


class IndexView(LoginRequiredMixin, View):
    def get(self, request):
        return index_page(request)


class TemplateDownloadView(LoginRequiredMixin, View):
    def get(self, request, kind):
        if kind not in importable_kinds(request.user):
            raise Http404
        spec = SPECS[kind]
        response = HttpResponse(template_workbook(spec), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, f"{spec.sheet}导入模板.xlsx")
        return response


class UploadView(LoginRequiredMixin, View):
    def post(self, request):
        if not importable_kinds(request.user):
            raise PermissionDenied
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return index_page(request, upload_form=form, status=400)
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = job_create(user=request.user, kind=form.cleaned_data["kind"], file_name=upload.name)
            job_store_upload(job=job, fileobj=upload)
            transaction.on_commit(lambda: jobs.enqueue(job.pk))
        return redirect("imports:job-detail", pk=job.pk)


def job_status_context(request, job) -> dict:
    finished = job.status in (ImportStatus.DONE, ImportStatus.FAILED)
    progress = None if finished else read_progress(job.pk)
    ctx = {"job": job, "finished": finished, "progress": progress, "ok": job.status == ImportStatus.DONE}
    ctx["stale"] = not finished and progress is None and job.created_at < timezone.now() - STALE_AFTER
    if progress:
        template = _("Checking row %(done)s of %(total)s") if progress["phase"] == "checking" else _("Importing row %(done)s of %(total)s")
        ctx["progress_label"] = template % progress
    if job.status == ImportStatus.FAILED:
        page = Paginator(job.errors, PROBLEMS_PER_PAGE).get_page(request.GET.get("page"))
        ctx["problems_page"], ctx["problems"] = page, rendered(page.object_list)
    return ctx


class JobObjectView(ScopedObjectView):
    """A page of one of the user's own import jobs (`user_jobs`; anyone else's: 404)."""

    model = ImportJob

    def get_queryset(self):
        return user_jobs(self.request.user).defer(None)


class JobDetailView(JobObjectView):
    def get(self, request, pk):
        job = self.object
        return render(request, "imports/job_detail.html", {**job_status_context(request, job), "spec": SPECS.get(job.kind)})


class JobProgressView(JobObjectView):
    """The status fragment the job page polls (htmx, every second) until the job has finished."""

    def get(self, request, pk):
        job = self.object
        return render(request, "imports/_job_status.html", job_status_context(request, job))


class ExportView(LoginRequiredMixin, View):
    """POST (the export is audited): the chosen data under one unit as .xlsx, identifiers masked."""

    def post(self, request):
        if not exportable_kinds(request.user):
            raise PermissionDenied
        form = ExportForm(request.POST, user=request.user)
        if not form.is_valid():
            return index_page(request, export_form=form, status=400)
        kind, root = form.cleaned_data["kind"], form.cleaned_data["root"]
        out, _count = export_workbook(kind=kind, user=request.user, root=root)
        name = f"{SPECS[kind].sheet}-{root.name}-{timezone.localdate():%Y%m%d}.xlsx"
        return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
