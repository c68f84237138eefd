from io import BytesIO

import openpyxl
import pytest
from django.conf import settings

from audit.models import AuditLog
from core.testing import make_id_number
from imports.models import ImportJob, ImportStatus
from imports.progress import CacheProgress, clear_progress
from imports.services import job_create
from imports.spec import KINDS, RESIDENTS, SPECS
from imports.tests.conftest import workbook
from people.models import Resident


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_an_upload_becomes_a_job_whose_page_shows_the_result(login, personas, tree, people, english, inline_tasks, django_capture_on_commit_callbacks):
    c = login(personas["secretary"])
    f = workbook(RESIDENTS, [("HH-1", "张小明", make_id_number(), "13912345678", "子女"), ("HH-1", "张小红", make_id_number(), None, "子女")])
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/imports/upload/", {"kind": RESIDENTS, "file": f})
    job = ImportJob.objects.get()
    assert r.status_code == 302 and r.url == f"/imports/jobs/{job.pk}/"
    assert inline_tasks == [job.pk]
    assert job.status == ImportStatus.DONE and (job.total, job.done, job.by) == (2, 2, personas["secretary"])
    assert Resident.objects.filter(name__in=["张小明", "张小红"], household=people["h1"]).count() == 2
    page = c.get(r.url).content.decode()
    assert "2 rows were imported." in page and 'hx-trigger="every 1s"' not in page
    fragment = c.get(f"/imports/jobs/{job.pk}/progress/").content.decode()
    assert fragment.lstrip().startswith("<section") and "2 rows were imported." in fragment
    assert "residents.xlsx" in c.get("/imports/").content.decode()
    record = AuditLog.objects.get(action="import")
    assert record.user == personas["secretary"] and record.changes == {"kind": "residents", "rows": 2, "imported": 2, "problems": 0}


def test_a_rejected_upload_lists_each_problem_on_the_job_page(login, personas, tree, people, english, inline_tasks, django_capture_on_commit_callbacks):
    c = login(personas["secretary"])
    f = workbook(RESIDENTS, [("HH-1", "甲", make_id_number(), None, "子女"), ("HH-2", "乙", make_id_number(), None, "子女")])
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post("/imports/upload/", {"kind": RESIDENTS, "file": f})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and job.done == 0 and not Resident.objects.filter(name__in=["甲", "乙"]).exists()
    page = c.get(r.url).content.decode()
    assert "Nothing was imported" in page and "<td>3</td><td>户号</td><td>HH-2 is outside the units where you may import this data.</td>" in page


def test_a_running_job_polls_every_second_and_shows_its_progress(login, personas, tree, english):
    c = login(personas["secretary"])
    job = job_create(user=personas["secretary"], kind=RESIDENTS, file_name="居民.xlsx")
    waiting = c.get(f"/imports/jobs/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in waiting and f'hx-get="/imports/jobs/{job.pk}/progress/"' in waiting and "Waiting to start" in waiting
    CacheProgress(job.pk)("checking", 30, 120)
    try:
        body = c.get(f"/imports/jobs/{job.pk}/").content.decode()
        assert 'max="120" value="30"' in body and "Checking row 30 of 120" in body and 'hx-trigger="every 1s"' in body
    finally:
        clear_progress(job.pk)


def test_another_users_job_is_not_found(login, personas, tree):
    job = job_create(user=personas["secretary"], kind=RESIDENTS, file_name="x.xlsx")
    c = login(personas["subdistrict_admin"])
    assert c.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert c.get(f"/imports/jobs/{job.pk}/progress/").status_code == 404


def test_a_file_that_is_not_an_xlsx_is_refused_at_once(login, personas, tree, english):
    c = login(personas["secretary"])
    fake = BytesIO(b"name,id\n")
    fake.name = "residents.xlsx"
    r = c.post("/imports/upload/", {"kind": RESIDENTS, "file": fake})
    assert r.status_code == 400 and "This is not an Excel workbook (.xlsx)." in r.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(login, personas, tree, english, monkeypatch):
    monkeypatch.setattr("imports.reader.MAX_UPLOAD_BYTES", 100)
    c = login(personas["secretary"])
    r = c.post("/imports/upload/", {"kind": RESIDENTS, "file": workbook(RESIDENTS, [])})
    assert r.status_code == 400 and "The file is larger than 5 MB." in r.content.decode()
    assert not ImportJob.objects.exists()


def test_templates_have_headers_an_example_lists_and_instructions(login, personas, tree):
    c = login(personas["subdistrict_admin"])
    for kind in KINDS:
        r = c.get(f"/imports/templates/{kind}.xlsx")
        assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
        wb = openpyxl.load_workbook(BytesIO(r.content))
        data, help_sheet = wb.worksheets
        spec = SPECS[kind]
        assert [c.value.lstrip("*") for c in data[1]] == [col.header for col in spec.columns]
        assert tuple(c.value for c in data[2]) == spec.example
        assert help_sheet.title == "填写说明" and "说明" in help_sheet["A1"].value
        lists = {dv.formula1 for dv in data.data_validations.dataValidation if dv.type == "list"}
        assert lists == {'"' + ",".join(col.choice_labels()) + '"' for col in spec.columns if col.choices}


def test_an_untouched_template_has_no_rows_and_a_filled_one_imports(login, personas, tree, english, inline_tasks, django_capture_on_commit_callbacks):
    c = login(personas["subdistrict_admin"])
    blank = BytesIO(c.get("/imports/templates/buildings.xlsx").content)
    blank.name = "blank.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        c.post("/imports/upload/", {"kind": "buildings", "file": blank})
    assert ImportJob.objects.get().errors[0]["message"] == "The file has no data rows below the column names."
    wb = openpyxl.load_workbook(BytesIO(c.get("/imports/templates/buildings.xlsx").content))
    wb.active.append(["TG1", "NB9", "9号楼", None])
    filled = BytesIO()
    wb.save(filled)
    filled.seek(0)
    filled.name = "filled.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        c.post("/imports/upload/", {"kind": "buildings", "file": filled})
    assert ImportJob.objects.order_by("-id").first().status == ImportStatus.DONE


def test_the_page_shows_only_what_the_user_may_do(login, personas, tree):
    assert login(personas["area_manager"]).get("/imports/").status_code == 200  # export only
    body = login(personas["area_manager"]).get("/imports/").content.decode()
    assert 'action="/imports/upload/"' not in body and 'action="/imports/export/"' in body
    assert login(personas["area_manager"]).post("/imports/upload/", {}).status_code == 403
    assert login(personas["area_manager"]).get("/imports/templates/residents.xlsx").status_code == 404
    assert login(personas["grid_worker"]).get("/imports/").status_code == 403
    assert login(personas["outsider"]).get("/imports/").status_code == 403
    sysadmin = login(personas["sysadmin"]).get("/imports/").content.decode()
    assert 'value="units"' in sysadmin and 'value="residents"' not in sysadmin


def test_anonymous_visitors_are_sent_to_sign_in(client, tree):
    assert client.get("/imports/").status_code == 302


def test_the_job_list_page_takes_a_fixed_number_of_queries(login, personas, tree, django_assert_max_num_queries):
    user = personas["subdistrict_admin"]
    for i in range(30):
        ImportJob.objects.create(kind=KINDS[i % 4], file_name=f"f{i}.xlsx", by=user, status=ImportStatus.FAILED, errors=[{"row": 2, "column": "x", "message": "m"}] * 50)
    c = login(user)
    c.get("/imports/")
    with django_assert_max_num_queries(9):
        r = c.get("/imports/")
    assert r.status_code == 200 and r.content.decode().count("/imports/jobs/") == 15
