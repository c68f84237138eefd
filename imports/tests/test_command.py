from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from core.testing import make_id_number
from imports.models import ImportJob, ImportStatus
from imports.tests.conftest import workbook
from people.models import Household, Resident


def save(tmp_path, kind, rows):
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(workbook(kind, rows).getvalue())
    return str(path)


def test_the_command_imports_a_good_file(tmp_path, personas, tree, people):
    path = save(tmp_path, "households", [("TB1", "105室", 66.6, None, "HH-30", None)])
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("import_excel", "households", path, "--user", "secretary", stdout=out, stderr=err)
    assert "1 row imported." in out.getvalue()
    assert "100%" in err.getvalue()  # the tqdm bars
    assert Household.objects.get(number="HH-30").house.name == "105室"
    assert ImportJob.objects.get().status == ImportStatus.DONE


def test_the_command_prints_every_problem_and_exits_non_zero(tmp_path, personas, tree, people):
    good = make_id_number()
    path = save(tmp_path, "residents", [("HH-1", "甲", good, None, "子女"), ("HH-9", "乙", good, None, "女儿")])
    stderr = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as e:
        call_command("import_excel", "residents", path, "--user", "secretary", stderr=stderr)
    assert e.value.returncode == 1  # manage.py exits with this status
    err = stderr.getvalue() + str(e.value)
    assert "Row 3 · 户号: No household has the number HH-9." in err
    assert "Row 3 · 身份证号: This ID number appears more than once in this file (first in row 2)." in err
    assert "Row 3 · 与户主关系: “女儿” is not one of the allowed values" in err
    assert "Nothing was imported: the file has 3 problems." in err
    assert not Resident.objects.filter(name="甲").exists()


def test_the_command_refuses_an_unknown_user_or_file(tmp_path, tree):
    with pytest.raises(CommandError, match="No user"):
        call_command("import_excel", "units", str(tmp_path / "x.xlsx"), "--user", "nobody")


def test_the_command_reports_a_file_that_is_not_a_workbook(tmp_path, personas):
    path = tmp_path / "units.xlsx"
    path.write_text("not a workbook")
    err = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as e:
        call_command("import_excel", "units", str(path), "--user", "subdistrict_admin", stderr=err)
    assert e.value.returncode == 1 and "File: This is not an Excel workbook (.xlsx)." in err.getvalue()
