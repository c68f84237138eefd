"""社区达人 services: entry, update, a resident's own application, review steps, resource types. Bad input
gives messages keyed by field and writes nothing; every write keeps the catalogue row right
(skills → types, state → is_active / is_public)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.protect import decrypt
from core.workflow import IllegalTransition
from notices.models import Notice
from resources.models import Resource, ResourceType, Talent, TalentSource, TalentState
from resources.services import talents as svc
from resources.tests.builders import types

T = TalentState
WEEK = {"0": [["09:00", "11:30"]], "2": [["14:00", "17:00"]]}


def enter(by, unit, **kw):
    data = {
        "name": "钱书法",
        "phone": "13812345678",
        "unit": unit,
        "skills": [(types("shuhua")[0], 3, "市书协会员")],
        "availability": WEEK,
        "public_consent": True,
    }
    return svc.talent_create(by=by, **{**data, **kw})


def errors_of(fn, **kw) -> dict:
    with pytest.raises(ValidationError) as e:
        fn(**kw)
    return e.value.message_dict


def test_staff_enter_a_talent_straight_into_the_library_and_the_catalogue_follows(tree, personas):
    shuhua, dance = types("shuhua", "dance")
    t = enter(personas["social_worker"], tree.G1, skills=[(shuhua, 3, "市书协会员"), (dance, 2, "")], group_size=15, sessions_per_period=3)
    assert (t.state, t.source, t.name, t.unit, t.unit_path) == (T.ACTIVE, TalentSource.STAFF, "钱书法", tree.G1, tree.G1.path)
    assert t.phone_masked == "138****5678" and decrypt(t.phone_enc) == "13812345678" and "13812345678" not in t.phone_digest
    assert t.consent_at is not None and t.availability == WEEK
    res = Resource.objects.get(talent=t)
    assert {rt.code for rt in res.types.all()} == {"shuhua", "dance"}
    assert (res.is_active, res.is_public, res.capacity, res.capacity_per_period, res.availability) == (True, True, 15, 3, WEEK)
    assert [(s.action, s.to_state, s.by) for s in t.transitions.all()] == [("create", T.ACTIVE, personas["social_worker"])]


def test_bad_input_gives_chinese_messages_per_field_and_writes_nothing(tree, personas):
    errs = errors_of(
        enter, by=personas["social_worker"], unit=tree.S, phone="123",
        availability={"0": [["09:00", "12:00"], ["11:00", "13:00"]]}, skills=[(types("meeting")[0], 2, "")], group_size=0,
    )  # fmt: skip
    assert set(errs) == {"unit", "phone", "availability", "skills", "group_size"}
    assert errs["phone"] == ["手机号码应为11位数字，以13至19开头。"]
    assert errs["availability"] == ["时段 09:00-12:00 与 11:00-13:00 重叠。"]
    assert Talent.objects.count() == 0 and Resource.objects.count() == 0


def test_skills_are_checked_one_by_one(tree, personas):
    shuhua, meeting = types("shuhua", "meeting")
    sw = personas["social_worker"]
    with translation.override("en"):
        assert errors_of(enter, by=sw, unit=tree.G1, skills=[])["skills"] == ["Give at least one skill."]
        assert errors_of(enter, by=sw, unit=tree.G1, skills=[(meeting, 2, "")])["skills"] == ["“会议培训” is not a skill of community talents."]
        assert errors_of(enter, by=sw, unit=tree.G1, skills=[(shuhua, 2, ""), (shuhua, 3, "")])["skills"] == ["“书画” is listed twice."]
        assert errors_of(enter, by=sw, unit=tree.G1, skills=[(shuhua, 9, "")])["skills"] == ["Choose a level for “书画”."]
        assert errors_of(enter, by=sw, unit=tree.G1, availability={"0": "morning"})["availability"]
    assert Talent.objects.count() == 0


def test_staff_place_talents_only_where_they_look_after(tree, personas):
    with translation.override("en"):
        errs = errors_of(enter, by=personas["social_worker"], unit=tree.H2)
    assert errs == {"unit": ["Choose a residential district that you look after."]}
    assert enter(personas["subdistrict_admin"], tree.H2).unit == tree.H2


def test_a_talent_linked_to_a_resident_takes_their_name_home_and_phone_and_is_not_entered_twice(tree, personas, people):
    zsf = people["zsf"]
    sw = personas["social_worker"]
    t = enter(sw, None, name="", phone="", resident=zsf)
    assert (t.name, t.unit, t.resident, t.phone_masked) == ("张三丰", tree.H1, zsf, "138****1234")
    with translation.override("en"):
        errs = errors_of(enter, by=sw, unit=None, name="", resident=zsf)
    assert errs == {"resident": ["张三丰 is already in the talent library (In the library)."]}
    assert Talent.objects.count() == 1


def test_lowering_what_a_talent_offers_below_what_is_agreed_is_refused_and_nothing_changes(tree, personas):
    t = enter(personas["social_worker"], tree.G1, sessions_per_period=3)
    Resource.objects.filter(talent=t).update(committed=2)
    with pytest.raises(ValidationError):
        svc.talent_update(talent=t, by=personas["social_worker"], sessions_per_period=1, bio="新简介")
    t.refresh_from_db()
    assert (t.sessions_per_period, t.bio) == (3, "")


def test_an_update_replaces_skills_and_withdrawing_consent_unlists(tree, personas):
    t = enter(personas["social_worker"], tree.G1)
    repair, cooking = types("repair", "cooking")
    svc.talent_update(talent=t, by=personas["secretary"], skills=[(repair, 4, ""), (cooking, 1, "")], public_consent=False, reach_m=800)
    t.refresh_from_db()
    res = Resource.objects.get(talent=t)
    assert sorted(s.type.code for s in t.skills.all()) == ["cooking", "repair"]
    assert {rt.code for rt in res.types.all()} == {"repair", "cooking"}
    assert (t.public_consent, t.consent_at, res.is_public, res.is_active, res.reach_m) == (False, None, False, True, 800)


def test_a_resident_applies_for_themselves_and_is_reviewed_then_told(tree, personas, people):
    zsf, resident = people["zsf"], personas["resident"]
    zsf.user = resident
    zsf.save(update_fields=["user"])
    t = svc.talent_apply(user=resident, skills=[(types("shuhua")[0], 2, "")], availability=WEEK, public_consent=True)
    assert (t.state, t.source, t.user, t.resident, t.unit, t.name) == (T.APPLIED, TalentSource.APPLICATION, resident, zsf, tree.H1, "张三丰")
    res = Resource.objects.get(talent=t)
    assert (res.is_active, res.is_public) == (False, False)
    with translation.override("en"):
        assert "resident" in errors_of(svc.talent_apply, user=resident, skills=[(types("dance")[0], 2, "")])

    svc.talent_approve(talent=t, by=personas["social_worker"], note="欢迎")
    t.refresh_from_db()
    res.refresh_from_db()
    assert (t.state, t.review_note, res.is_active, res.is_public) == (T.ACTIVE, "欢迎", True, True)
    assert Notice.objects.filter(user=resident).count() == 1
    assert [s.action for s in t.transitions.all()] == ["apply", "approve"]


def test_an_applicant_without_a_record_gives_name_district_and_phone(tree, personas):
    outsider = personas["outsider"]
    with translation.override("en"):
        errs = errors_of(svc.talent_apply, user=outsider, name="", unit=None, skills=[(types("repair")[0], 2, "")])
    assert set(errs) == {"name", "unit", "phone"}
    t = svc.talent_apply(user=outsider, name="周师傅", phone="13900002222", unit=tree.D2, skills=[(types("repair")[0], 3, "")])
    assert (t.unit, t.user, t.resident, t.state) == (tree.D2, outsider, None, T.APPLIED)


def test_a_rejection_needs_a_reason_tells_the_applicant_and_allows_a_new_application(tree, personas):
    outsider, sw = personas["outsider"], personas["social_worker"]
    t = svc.talent_apply(user=outsider, name="周师傅", phone="13900002222", unit=tree.D1, skills=[(types("repair")[0], 3, "")])
    with pytest.raises(ValidationError):
        svc.talent_reject(talent=t, by=sw, note=" ")
    t.refresh_from_db()
    assert t.state == T.APPLIED
    svc.talent_reject(talent=t, by=sw, note="请提供维修资质")
    t.refresh_from_db()
    assert (t.state, t.review_note) == (T.REJECTED, "请提供维修资质")
    assert Notice.objects.get(user=outsider).body == "请提供维修资质"
    again = svc.talent_apply(user=outsider, name="周师傅", phone="13900002222", unit=tree.D1, skills=[(types("repair")[0], 3, "电工证")])
    assert again.state == T.APPLIED


def test_retire_and_reinstate_switch_the_catalogue_row_and_illegal_steps_change_nothing(tree, personas):
    sw = personas["social_worker"]
    t = enter(sw, tree.G1)
    with pytest.raises(IllegalTransition):
        svc.talent_approve(talent=t, by=sw)
    svc.talent_retire(talent=t, by=sw, note="搬走了")
    res = Resource.objects.get(talent=t)
    assert (res.is_active, res.is_public) == (False, False)
    svc.talent_reinstate(talent=t, by=sw)
    res.refresh_from_db()
    assert (res.is_active, res.is_public) == (True, True)
    assert [s.action for s in Talent.objects.get(pk=t.pk).transitions.all()] == ["create", "retire", "reinstate"]


def test_resource_types_are_added_renamed_and_taken_out_of_use(tree, personas):
    admin = personas["subdistrict_admin"]
    tea = svc.resource_type_create(by=admin, code="tea_art", kind="talent", name="茶艺", name_en="Tea", group="arts", sort=200)
    with translation.override("en"):
        errs = errors_of(svc.resource_type_create, by=admin, code="tea_art", kind="talent", name="茶道", group="arts")
    assert errs == {"code": ["The code “tea_art” is taken; choose another."]}
    t = enter(admin, tree.G1, skills=[(tea, 3, "")])
    svc.resource_type_update(rtype=tea, by=admin, name="茶艺表演", group="arts", sort=10, is_active=False)
    assert ResourceType.objects.get(code="tea_art").name == "茶艺表演"
    with translation.override("en"):
        assert errors_of(enter, by=admin, unit=tree.G1, name="另一位", skills=[(tea, 2, "")])["skills"] == [
            "“茶艺表演” is no longer in use; choose another skill."
        ]
    tea.refresh_from_db()
    svc.talent_update(talent=t, by=admin, skills=[(tea, 4, "")])  # a talent keeps a type taken out of use
    assert t.skills.get().level == 4
