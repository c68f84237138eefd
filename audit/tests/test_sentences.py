"""The audit log reads as sentences: who did what to which record, from where; changes as 字段：旧值 → 新值 with
field names in the user's language; personal fields as markers; the raw record behind a toggle."""

import re

import pytest
from django.utils import translation

from audit.context import acting_as
from audit.models import AuditLog
from audit.services import audit_record
from org.models import UnitKind
from org.services import unit_create, unit_update


def latest(**filters) -> AuditLog:
    return AuditLog.objects.filter(**filters).latest("id")


def test_a_change_reads_who_changed_which_record_from_where(api, personas, people):
    pk = people["zsf"].pk
    api(personas["secretary"]).patch(f"/api/residents/{pk}/", {"name": "张三风"}, format="json", REMOTE_ADDR="10.1.2.3")
    rec = latest(action="update", object_type="people.resident")
    assert rec.sentence == f"secretary 修改了居民 #{pk}（来自 10.1.2.3）"
    assert rec.change_lines == ["名称：已修改（个人信息不显示）"]
    assert "张三" not in rec.sentence + "".join(rec.change_lines) + rec.raw


def test_a_change_lists_each_field_with_its_old_and_new_value(tree, personas):
    with acting_as(personas["sysadmin"], "/org/units/1/edit/"):
        unit_update(unit=tree.D1, name="白云新村居民区", contact_phone="021-57810000")
    rec = latest(action="update", object_type="org.unit")
    assert rec.sentence == "sysadmin 修改了组织单元 白云新村居民区"
    assert rec.change_lines == ["名称：白云居民区 → 白云新村居民区", "联系电话：（空） → 021-57810000"]


def test_a_creation_lists_the_values_set_with_their_labels_and_a_deletion_names_the_record(tree, personas):
    with acting_as(personas["sysadmin"], "/org/units/new/"):
        unit = unit_create(parent=tree.G1, kind=UnitKind.BUILDING, code="TB9", name="9号楼")
    created = latest(action="create", object_type="org.unit")
    assert created.sentence == "sysadmin 新建了组织单元 9号楼"
    assert "名称：9号楼" in created.change_lines and "类型：楼栋" in created.change_lines
    assert not [line for line in created.change_lines if line.startswith(("id", "path"))]
    with acting_as(personas["sysadmin"], "/org/units/9/delete/"):
        unit.delete()
    assert latest(action="delete", object_type="org.unit").sentence == "sysadmin 删除了组织单元 9号楼"


def test_an_exact_number_search_says_what_was_looked_up_and_how_many_were_found(login, personas, people):
    login(personas["secretary"]).get("/people/", {"q": "13812341234"})
    rec = latest(action="view_pii", object_repr="search")
    assert re.fullmatch(r"secretary 按完整手机号码查找居民，找到 1 人（来自 [\d.]+）", rec.sentence), rec.sentence
    assert "13812341234" not in rec.sentence + rec.raw + rec.path


def test_signing_in_and_out_and_a_failed_sign_in_read_as_sentences(client, personas):
    client.force_login(personas["secretary"])
    assert latest(action="login").sentence.startswith("secretary 登录了系统")
    client.logout()
    assert latest(action="logout").sentence.startswith("secretary 退出了登录")
    client.post("/accounts/login/", {"username": "nobody", "password": "wrong-password"})
    assert latest(action="login_failed").sentence.startswith("以“nobody”登录失败")


def test_a_refused_request_shows_its_method_path_and_status_without_its_query(api, personas, people):
    pk = people["zsf"].pk
    r = api(personas["volunteer"]).patch(f"/api/residents/{pk}/?token=13812341234&who=张三丰", {"name": "x"}, format="json", REMOTE_ADDR="10.9.9.9")
    assert r.status_code == 404
    rec = latest(action="request")
    assert rec.path == f"/api/residents/{pk}/"
    assert rec.sentence == f"volunteer 的请求 PATCH /api/residents/{pk}/ 被拒绝（404 不存在或不在范围内）（来自 10.9.9.9）"
    assert "13812341234" not in rec.raw and "张三丰" not in rec.raw


def test_a_refused_request_of_a_visitor_and_an_old_record_without_details_read_alike(client, db):
    status = client.post("/api/residents/", {}, REMOTE_ADDR="10.7.7.7").status_code
    assert latest(action="request").sentence == f"访客 的请求 POST /api/residents/ 被拒绝（{status} {'未登录' if status == 401 else '无权限'}）（来自 10.7.7.7）"
    old = AuditLog.objects.create(action="request", success=False, object_type="POST", object_repr="HTTP 403", path="/cases/12/steps/dispatch/", username="gridworker")
    assert old.sentence == "gridworker 的请求 POST /cases/12/steps/dispatch/ 被拒绝（403 无权限）"


def test_a_long_number_in_a_path_is_masked(personas):
    rec = audit_record(action="request", user=personas["volunteer"], object_type="GET", object_repr="HTTP 403", path="/x/11010519491231002X/13812341234/?q=1")
    assert rec.path == "/x/***/***/"


def test_an_export_of_a_library_and_an_unknown_kind_name_what_was_exported(personas):
    rec = audit_record(action="export", user=personas["secretary"], object_type="resources.talents", object_repr="社区达人", changes={"kind": "talents", "rows": {"talents": 3, "skills": 4}})
    assert rec.sentence == "secretary 导出了社区达人：7 行"


def test_a_detail_that_is_no_field_reads_in_words(personas):
    rec = audit_record(action="update", user=personas["property_company"], object_type="smart.device", object_repr="LIFT-1", changes={"credential": "reissued"})
    assert rec.change_lines == ["设备凭据：已重新签发"]


@pytest.mark.parametrize("language, expected", [("en", "secretary changed resident #{pk} (from 10.1.2.3)"), ("zh-hans", "secretary 修改了居民 #{pk}（来自 10.1.2.3）")])
def test_the_sentence_is_in_the_readers_language(api, personas, people, language, expected):
    api(personas["secretary"]).patch(f"/api/residents/{people['zsf'].pk}/", {"name": "张三风"}, format="json", REMOTE_ADDR="10.1.2.3")
    rec = latest(action="update", object_type="people.resident")
    with translation.override(language):
        assert rec.sentence == expected.format(pk=people["zsf"].pk)


def test_the_auditors_page_shows_sentences_and_keeps_the_raw_record_behind_a_toggle(api, login, personas, people):
    api(personas["secretary"]).patch(f"/api/residents/{people['zsf'].pk}/", {"name": "张三风"}, format="json", REMOTE_ADDR="10.1.2.3")
    api(personas["volunteer"]).patch(f"/api/residents/{people['zsf'].pk}/", {"name": "x"}, format="json")
    html = login(personas["auditor"]).get("/audit/").content.decode()
    assert f"secretary 修改了居民 #{people['zsf'].pk}（来自 10.1.2.3）" in html
    assert f"PATCH /api/residents/{people['zsf'].pk}/ 被拒绝" in html
    assert "名称：已修改（个人信息不显示）" in html
    sentences = " ".join(re.findall(r'<p class="sentence">(.*?)</p>', html))
    assert "people.resident" not in sentences and "{" not in sentences and "HTTP 40" not in sentences
    assert "<details><summary>原始记录</summary><pre>" in html and "&quot;object_type&quot;: &quot;people.resident&quot;" in html
    assert "张三" not in html


def test_the_auditors_page_keeps_a_constant_number_of_queries(login, personas, people, django_assert_max_num_queries):
    client = login(personas["auditor"])
    for _i in range(30):
        audit_record(action="update", user=personas["secretary"], obj=people["zsf"], changes={"name": "(changed)", "relation": ["head", "other"]})
    with django_assert_max_num_queries(12):
        assert client.get("/audit/").status_code == 200


def test_a_json_field_is_kept_as_json_and_read_as_structured_data(tree, personas):
    with acting_as(personas["sysadmin"], "/org/units/1/boundary/"):
        unit_update(unit=tree.G1, boundary={"type": "Polygon", "coordinates": [[[121.22, 31.02], [121.23, 31.02], [121.23, 31.03], [121.22, 31.02]]]})
    rec = latest(action="update", object_type="org.unit")
    assert isinstance(rec.changes["boundary"][1], dict)  # JSON, not a Python repr
    assert rec.change_lines == ["边界（GeoJSON）：（结构化数据，见原始记录） → （结构化数据，见原始记录）"]
    old = AuditLog.objects.create(action="create", object_type="smart.alarmrule", object_repr="r", changes={"conditions": "{'MAJOR': {'kind': 'simple'}}"})
    assert "{'" not in " ".join(old.change_lines)


def test_a_data_load_run_as_a_command_reads_as_such(db):
    rec = audit_record(action="import", object_type="demo.load_demo_smart", object_repr="manage.py load_demo_smart", changes={"created": {"devices": 9}}, path="")
    assert rec.sentence == "系统 通过 manage.py load_demo_smart 载入了数据"
    assert rec.change_lines == ["新建：（结构化数据，见原始记录）"]
