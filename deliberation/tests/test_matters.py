"""三重一大: a matter is executed only with an adopted decision of its competent body; a large spending is approved
only when linked to a decided 大额资金使用 matter, the threshold per unit (nearest up the tree, else the setting);
every refusal in the user's language, nothing changed, audited. The register for auditors, with its export."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from audit.models import AuditLog
from core.workflow import IllegalTransition
from deliberation.models import FundsThreshold
from deliberation.models.matters import funds_threshold
from deliberation.services.matters import matter_decide, matter_execute, spending_approve, spending_link, threshold_set
from deliberation.tests.builders.actions import make_body, make_decision
from deliberation.tests.builders.matters import make_matter, make_spending
from meetings.models import MajorMatter
from meetings.workflow import DecisionState

pytestmark = pytest.mark.django_db


def test_a_matter_is_not_executed_without_the_competent_bodys_adopted_decision(tree, personas, council):
    matter = make_matter(tree.D1, council, by=personas["secretary"])
    with translation.override("zh-hans"), pytest.raises(IllegalTransition) as e:
        matter_execute(matter=matter, by=personas["secretary"])
    assert "不能执行" in str(e.value)
    matter.refresh_from_db()
    assert matter.state == "proposed" and matter.executed_at is None
    assert AuditLog.objects.filter(success=False, object_type="deliberation.matter", object_id=str(matter.pk)).exists()
    rejected = make_decision(council, text="否决", state=DecisionState.REJECTED)
    other_body = make_decision(make_body(tree.D1, kind="troika"), text="三驾马车决议")
    for wrong in (rejected, other_body):
        with pytest.raises(ValidationError):
            matter_decide(matter=matter, decision=wrong, by=personas["secretary"])
    matter_decide(matter=matter, decision=make_decision(council, text="同意监控改造"), by=personas["secretary"])
    matter_execute(matter=matter, by=personas["secretary"])
    assert matter.state == "executed" and matter.executed_at


@override_settings(DELIBERATION_FUNDS_THRESHOLD="50000")
def test_the_threshold_is_the_nearest_one_up_the_tree_else_the_setting(tree, personas):
    assert funds_threshold(tree.G1) == Decimal("50000")
    threshold_set(unit=tree.A1, amount="30000", by=personas["area_manager"])
    assert funds_threshold(tree.G1) == Decimal("30000") and funds_threshold(tree.D2) == Decimal("50000")
    threshold_set(unit=tree.D1, amount="100000", by=personas["secretary"])
    assert funds_threshold(tree.G1) == Decimal("100000")
    with pytest.raises(ValidationError):
        threshold_set(unit=tree.D1, amount="-5", by=personas["secretary"])
    threshold_set(unit=tree.D1, amount="", by=personas["secretary"])
    assert not FundsThreshold.objects.filter(unit=tree.D1).exists()


@override_settings(DELIBERATION_FUNDS_THRESHOLD="50000")
def test_a_large_spending_is_approved_only_with_a_decided_funds_matter(tree, personas, council):
    small = make_spending(tree.D1, amount="3000", purpose="购买文具")
    spending_approve(spending=small, by=personas["secretary"])
    assert small.state == "approved"
    large = make_spending(tree.D1, amount="80000")
    with translation.override("zh-hans"), pytest.raises(IllegalTransition) as e:
        spending_approve(spending=large, by=personas["secretary"])
    assert "大额资金" in str(e.value)
    large.refresh_from_db()
    assert large.state == "requested"
    assert AuditLog.objects.filter(success=False, object_type="deliberation.spending", object_id=str(large.pk)).exists()
    project = make_matter(tree.D1, council, kind=MajorMatter.PROJECT, title="重大项目")
    matter_decide(matter=project, decision=make_decision(council), by=personas["secretary"])
    spending_link(spending=large, matter=project, by=personas["secretary"])
    with pytest.raises(IllegalTransition):  # decided, but not a 大额资金使用 matter
        spending_approve(spending=large, by=personas["secretary"])
    funds = make_matter(tree.D1, council)
    spending_link(spending=large, matter=funds, by=personas["secretary"])
    with pytest.raises(IllegalTransition):  # not decided yet
        spending_approve(spending=large, by=personas["secretary"])
    matter_decide(matter=funds, decision=make_decision(council), by=personas["secretary"])
    spending_approve(spending=large, by=personas["secretary"])
    assert large.state == "approved"


def test_the_register_shows_each_matter_with_its_decision_to_auditors_and_exports(client, login, tree, personas, council, django_assert_max_num_queries):
    decided = make_matter(tree.D1, council, title="物业选聘")
    matter_decide(matter=decided, decision=make_decision(council, text="同意选聘新物业"), by=personas["secretary"])
    make_matter(tree.D1, council, kind=MajorMatter.PERSONNEL, title="居委会委员补选")
    login(personas["auditor"])
    with django_assert_max_num_queries(15):
        page = client.get(reverse("deliberation:matter-list")).content.decode()
    assert "物业选聘" in page and "同意选聘新物业" in page and "居委会委员补选" in page
    assert client.get(reverse("deliberation:matter-detail", args=[decided.pk])).status_code == 200
    r = client.get(reverse("deliberation:export-matters"))
    wb = load_workbook(BytesIO(b"".join(r.streaming_content)))
    assert wb.sheetnames == ["三重一大", "资金使用"] and wb["三重一大"].max_row == 3
    assert client.post(reverse("deliberation:matter-step", args=[decided.pk, "execute"]), {}).status_code == 403  # auditors only read
    login(personas["property_company"])
    assert client.get(reverse("deliberation:matter-list")).status_code == 403


def test_managers_register_execute_and_approve_through_the_pages_and_the_api(client, login, tree, personas, council):
    login(personas["secretary"])
    r = client.post(reverse("deliberation:matter-create"), {"unit": tree.D1.pk, "kind": "funds", "title": "外墙修缮", "body": council.pk, "amount": ""})
    assert r.status_code == 400  # a 大额资金使用 matter needs its amount
    r = client.post(reverse("deliberation:matter-create"), {"unit": tree.D1.pk, "kind": "funds", "title": "外墙修缮", "body": council.pk, "amount": "200000"})
    assert r.status_code == 302
    matter = decided = council.major_matters.get(title="外墙修缮")
    r = client.post(reverse("deliberation:matter-step", args=[matter.pk, "execute"]), {"execute-note": ""})
    assert r.status_code == 302
    matter.refresh_from_db()
    assert matter.state == "proposed"
    r = client.post(f"/api/matters/{matter.pk}/execute/", {}, content_type="application/json")
    assert r.status_code == 409 and "detail" in r.json()
    decision = make_decision(council, text="同意外墙修缮")
    r = client.post(f"/api/matters/{matter.pk}/decide/", {"decision": decision.pk}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "decided"
    r = client.post(
        "/api/spendings/", {"unit": tree.D1.pk, "purpose": "外墙修缮首付", "amount": "90000", "matter": decided.pk}, content_type="application/json"
    )
    assert r.status_code == 201
    r = client.post(f"/api/spendings/{r.json()['id']}/approve/", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "approved"
    login(personas["auditor"])
    assert client.post(f"/api/matters/{matter.pk}/execute/", {}, content_type="application/json").status_code == 403
