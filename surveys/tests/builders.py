"""Surveys for tests: a draft or open survey on a unit with one question of each kind."""

from org.models import Unit
from surveys.services import survey_create, survey_open

QUESTIONS = [
    {"kind": "single", "text": "您最方便参加活动的时间？", "options": ["上午", "下午", "晚上"]},
    {"kind": "multiple", "text": "您希望开展哪些活动？", "options": ["手工", "读书", "健康讲座", "议事协商"], "required": False},
    {"kind": "scale", "text": "您对现有活动的满意度", "scale_max": 5},
    {"kind": "text", "text": "其他建议", "required": False},
]


def make_survey(unit, *, by=None, title="睦邻点活动需求调研", questions=QUESTIONS, **kw):
    return survey_create(title=title, unit=unit, by=by, questions=questions, **kw)


def scope_world(tree, world) -> tuple:
    """Surveys inside D1, in D2 and in the other subdistrict (the scope matrix's three distances)."""
    other_d1 = Unit.objects.get(code="OD1")
    return tuple(make_survey(unit) for unit in (tree.D1, tree.D2, other_d1))


__all__ = ["make_survey", "scope_world", "survey_open"]
