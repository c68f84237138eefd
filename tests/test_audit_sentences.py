"""The audit log's sentences for records written by the apps above audit: a full number viewed (people), an
export and an import (imports, whose kinds the sentences name by their labels)."""

from audit.models import AuditLog
from audit.services import audit_record


def latest(**filters) -> AuditLog:
    return AuditLog.objects.filter(**filters).latest("id")


def test_viewing_a_full_number_names_the_number_and_the_record(personas, people):
    from people.services import resident_reveal

    resident_reveal(resident=people["zsf"], field="mobile", by=personas["secretary"], ip="10.0.0.8")
    rec = latest(action="view_pii")
    assert rec.sentence == f"secretary 查看了居民 #{people['zsf'].pk} 的完整手机号码（来自 10.0.0.8）"
    assert rec.change_lines == []


def test_an_export_and_an_import_say_what_how_many_rows_and_from_which_file(tree, personas, people):
    from imports.export import export_workbook

    out, count = export_workbook(kind="residents", user=personas["secretary"], root=tree.D1)
    out.close()
    assert latest(action="export").sentence == f"secretary 导出了组织单元 白云居民区 的居民：{count} 行"
    ok = audit_record(action="import", user=personas["sysadmin"], object_type="imports.importjob", object_repr="units.xlsx", changes={"kind": "units", "rows": 12, "imported": 12, "problems": 0})
    assert ok.sentence.startswith("sysadmin 从 units.xlsx 导入了组织单元（片区、居民区、网格）：12 / 12 行")
    failed = audit_record(action="import", user=personas["sysadmin"], object_type="imports.importjob", object_repr="b.xlsx", success=False, changes={"kind": "buildings", "rows": 3, "imported": 0, "problems": 2})
    assert failed.sentence.startswith("sysadmin 从 b.xlsx 导入楼栋失败：未导入任何数据，2 处问题")
