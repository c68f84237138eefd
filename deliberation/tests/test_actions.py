"""Resolutions tracked to the end: actions assigned with an owner and a deadline, their progress, finish, cancel,
a case opened in one step and linked both ways, escalation when overdue, and a resolution's weighted progress."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from audit.models import AuditLog
from cases.models import Case, CaseCategory
from core.exceptions import Conflict
from core.testing import FIXED_NOW, FIXED_TODAY
from core.workflow import IllegalTransition
from deliberation.jobs import escalate_actions
from deliberation.models import Action
from deliberation.selectors.actions import ACTIONS_SHOWN, attach_progress, board_rows, resolution_progress, with_progress
from deliberation.services.actions import action_cancel, action_create, action_finish, action_open_case, action_progress
from deliberation.tests.builders.actions import make_action, make_body, make_decision
from meetings.models import Decision
from notices.models import Notice

pytestmark = pytest.mark.django_db


def test_an_action_without_owner_or_deadline_is_refused_in_chinese_and_audited(tree, personas, decision):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        action_create(unit=tree.D1, title="清理楼道堆物", deadline=None, by=personas["secretary"], decision=decision)
    assert set(e.value.message_dict) == {"responsible_unit", "deadline"}
    assert "责任" in " ".join(e.value.message_dict["responsible_unit"])
    assert not Action.objects.exists()
    assert AuditLog.objects.filter(success=False, object_type="deliberation.action", user=personas["secretary"]).exists()


def test_progress_starts_the_action_and_finish_counts_it_done_with_a_timeline(tree, personas, decision):
    action = make_action(decision, responsible_unit=tree.G1)
    action_progress(action=action, progress=40, by=personas["grid_worker"], note="已完成意见征询")
    assert (action.state, action.progress) == ("in_progress", 40)
    with pytest.raises(ValidationError):
        action_progress(action=action, progress=140, by=personas["grid_worker"])
    action_finish(action=action, by=personas["grid_worker"])
    action.refresh_from_db()
    assert (action.state, action.progress) == ("done", 100) and action.done_at
    assert [t.action for t in action.transitions.order_by("at", "id")] == ["create", "start", "finish"]
    with pytest.raises(IllegalTransition):
        action_cancel(action=action, by=personas["secretary"], reason="重复")


def test_a_resolutions_progress_is_the_weighted_mean_without_cancelled_actions(tree, personas, decision):
    a = make_action(decision, weight=3)
    b = make_action(decision, weight=1)
    c = make_action(decision, weight=5)
    action_progress(action=a, progress=50, by=personas["secretary"])
    action_finish(action=b, by=personas["secretary"])
    action_cancel(action=c, by=personas["secretary"], reason="并入其他事项")
    assert resolution_progress(decision) == 63  # (3×50 + 1×100) / 4 = 62.5, rounded half up
    empty = make_decision(decision.meeting.body, text="无落实事项")
    assert with_progress(Decision.objects.filter(pk=empty.pk)).get().progress is None


def test_the_boards_rows_carry_the_first_actions_by_deadline_and_the_same_figures_in_one_query(
    tree, personas, decision, django_assert_num_queries
):
    base = FIXED_TODAY + datetime.timedelta(days=20)  # ten actions past their deadlines by then, one not
    late = [make_action(decision, days=k + 1, weight=1 + k % 3) for k in range(ACTIONS_SHOWN + 1)]
    hidden = make_action(decision, days=0, is_public=False)
    late.append(make_action(decision, days=40))
    action_progress(action=late[0], progress=70, by=personas["secretary"])
    action_finish(action=late[1], by=personas["secretary"])
    action_cancel(action=late[2], by=personas["secretary"], reason="并入其他事项")
    only_cancelled = make_decision(decision.meeting.body, text="只有撤销的事项")
    action_cancel(action=make_action(only_cancelled), by=personas["secretary"], reason="重复")
    empty = make_decision(decision.meeting.body, text="无落实事项")
    page = list(Decision.objects.filter(pk__in=[decision.pk, only_cancelled.pk, empty.pk]).order_by("pk"))
    expected = {d.pk: (d.progress, d.n_actions, d.n_open, d.n_overdue) for d in attach_progress(page, today=base)}
    with django_assert_num_queries(1):
        rows = board_rows(page, today=base)
    assert {d.pk: (d.progress, d.n_actions, d.n_open, d.n_overdue) for d in rows} == expected
    assert expected[decision.pk][1:] == (10, 9, 8)  # 11 actions: 1 cancelled, 1 done, 1 open but not late yet
    assert expected[only_cancelled.pk] == (None, 0, 0, 0) and expected[empty.pk] == (None, 0, 0, 0)
    by_deadline = sorted([*late, hidden], key=lambda a: (a.deadline, a.pk))
    assert [a.pk for a in rows[0].board_actions] == [a.pk for a in by_deadline[:ACTIONS_SHOWN]]
    assert [a.state for a in rows[1].board_actions] == ["cancelled"]
    assert rows[2].board_actions == []
    public = board_rows(page, public_only=True, today=base)
    assert hidden.pk not in [a.pk for a in public[0].board_actions] and len(public[0].board_actions) == ACTIONS_SHOWN
    assert (public[0].progress, public[0].n_actions) == expected[decision.pk][:2], "a resident sees the whole resolution's progress"


def test_an_action_opens_a_case_in_one_step_linked_both_ways_and_the_closed_case_shows(client, login, tree, personas, decision):
    action = make_action(decision, title="修复3号楼门禁", responsible_unit=tree.D1)
    category = CaseCategory.objects.filter(is_active=True).first() or CaseCategory.objects.create(name="公共设施", code="facility")
    action_open_case(action=action, category=category, by=personas["secretary"])
    case = Case.objects.get(pk=action.case_id)
    assert case.unit == tree.D1 and "修复3号楼门禁" in case.description
    with pytest.raises(Conflict):  # a second case from the same action
        action_open_case(action=action, category=category, by=personas["secretary"])
    login(personas["secretary"])
    page = client.get(reverse("cases:case-detail", args=[case.pk])).content.decode()
    assert reverse("deliberation:action-detail", args=[action.pk]) in page
    Case.objects.filter(pk=case.pk).update(state="closed")
    page = client.get(reverse("deliberation:action-detail", args=[action.pk])).content.decode()
    assert case.number in page and 'id="step-finish"' in page


def test_an_overdue_action_escalates_one_level_up_with_a_notice_then_again(tree, personas, decision):
    grid_council = make_body(tree.G1, kind="self_group")
    late = make_action(make_decision(grid_council), unit=tree.G1, days=-3)
    make_action(decision, days=5)  # not due yet
    now = FIXED_NOW
    assert escalate_actions(now) == "actions: 1 escalated, 0 already at the top"
    late.refresh_from_db()
    assert late.escalated_to == tree.D1
    assert late.transitions.filter(action="escalate").count() == 1
    assert Notice.objects.filter(user=personas["secretary"], url=reverse("deliberation:action-detail", args=[late.pk])).exists()
    assert escalate_actions(now + datetime.timedelta(days=1)).startswith("actions: 0 escalated")  # waits a week
    escalate_actions(now + datetime.timedelta(days=8))
    late.refresh_from_db()
    assert late.escalated_to == tree.A1


def test_the_board_shows_decisions_progress_and_actions_to_staff_and_public_ones_to_residents(
    client, login, tree, personas, decision, django_assert_max_num_queries
):
    make_action(decision, title="公开的落实事项")
    make_action(decision, title="内部落实事项", is_public=False)
    hidden = make_decision(decision.meeting.body, text="不公开的决议", is_public=False)
    make_decision(make_body(tree.D2), text="蓝天居民区的决议")
    login(personas["secretary"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("deliberation:board")).content.decode()
    assert "加装电梯" in page and "内部落实事项" in page and "不公开的决议" in page and "蓝天居民区的决议" not in page
    assert client.get(reverse("deliberation:board"), {"overdue": "true"}).status_code == 200
    login(personas["resident"])
    page = client.get(reverse("deliberation:board-resident")).content.decode()
    assert "公开的落实事项" in page and "内部落实事项" not in page and hidden.text not in page and "蓝天居民区的决议" not in page
    assert client.get(reverse("deliberation:board")).status_code == 403


def test_the_action_page_takes_steps_and_refuses_those_without_the_right(client, login, tree, personas, decision):
    action = make_action(decision, responsible_unit=tree.G1)
    login(personas["grid_worker"])
    url = reverse("deliberation:action-step", args=[action.pk, "progress"])
    assert client.post(url, {"progress-progress": "30", "progress-note": "入户走访"}).status_code == 302
    action.refresh_from_db()
    assert action.progress == 30
    assert client.post(reverse("deliberation:action-step", args=[action.pk, "cancel"]), {"cancel-reason": "x"}).status_code == 403
    login(personas["secretary"])
    page = client.get(reverse("deliberation:action-create", args=[decision.pk]))
    assert page.status_code == 200
    r = client.post(reverse("deliberation:action-create", args=[decision.pk]), {"title": "张贴公示", "weight": "1", "responsible_unit": tree.D1.pk})
    assert r.status_code == 400 and "截止" in r.content.decode() or "deadline" in r.content.decode().lower()
    r = client.post(
        reverse("deliberation:action-create", args=[decision.pk]),
        {"title": "张贴公示", "weight": "1", "responsible_unit": tree.D1.pk, "deadline": (FIXED_TODAY + datetime.timedelta(days=7)).isoformat()},
    )
    assert r.status_code == 302 and Action.objects.filter(title="张贴公示", decision=decision).exists()


def test_the_api_assigns_follows_up_and_refuses(client, login, tree, personas, decision):
    login(personas["secretary"])
    r = client.post("/api/actions/", {"decision": decision.pk, "title": "更换路灯", "responsible_unit": tree.G1.pk}, content_type="application/json")
    assert r.status_code == 400 and "deadline" in r.json()
    r = client.post(
        "/api/actions/",
        {"decision": decision.pk, "title": "更换路灯", "responsible_unit": tree.G1.pk, "deadline": "2026-04-01", "weight": 2},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post(f"/api/actions/{pk}/progress/", {"progress": 60}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "in_progress"
    r = client.post(f"/api/actions/{pk}/finish/", {}, content_type="application/json")
    assert r.json()["state"] == "done"
    assert client.post(f"/api/actions/{pk}/finish/", {}, content_type="application/json").status_code == 409
    r = client.get("/api/resolutions/")
    assert r.status_code == 200 and r.json()["results"][0]["progress"] == 100
    login(personas["property_company"])
    assert client.post(f"/api/actions/{pk}/cancel/", {"reason": "x"}, content_type="application/json").status_code == 403
    login(personas["outsider"])
    assert client.get(f"/api/actions/{pk}/").status_code in (403, 404)


def test_export_resolutions_and_actions(client, login, tree, personas, decision):
    make_action(decision)
    login(personas["secretary"])
    r = client.get(reverse("deliberation:export-resolutions"))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(b"".join(r.streaming_content)))
    assert wb.sheetnames == ["决议", "落实事项"] and wb["落实事项"].max_row == 2
    login(personas["resident"])
    assert client.get(reverse("deliberation:export-resolutions")).status_code == 403
