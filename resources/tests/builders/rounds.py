"""Makers shared by the round tests, and the scope matrix's rounds (tests/test_scope_matrix.py MORE_WORLD:
`resources.tests.builders.rounds:scope_match_rounds`). No tests here."""

from types import SimpleNamespace

from org.models import Unit
from resources.models import MatchRound
from resources.tests.builders import make_need, make_talent


def greedy_trap(tree) -> SimpleNamespace:
    """Two needs in D1 where the greedy assignment is worse than the optimum.

    钱师傅 (书画 and 维修, one service left this period) fits both needs and 老年书法班 best (1.0; 楼道灯维修
    has 40 people for his 20: 0.8875); 孙舞蹈 (舞蹈, the same group as 书画) fits only 老年书法班, partly
    (0.825). Greedy gives 钱师傅 to 老年书法班 and leaves 楼道灯维修 without (total 1.0); the optimum gives
    孙舞蹈 to 老年书法班 and 钱师傅 to 楼道灯维修 (1.7125)."""
    calligraphy = make_need(tree.D1, title="老年书法班", need_types=("shuhua",), people=20)
    repair = make_need(tree.D1, title="楼道灯维修", need_types=("repair",), people=40)
    qian = make_talent(tree.D1, name="钱师傅", skills=("shuhua", "repair"), sessions_per_period=1)
    sun = make_talent(tree.D1, name="孙舞蹈", skills=("dance",))
    return SimpleNamespace(calligraphy=calligraphy, repair=repair, qian=qian.resource, sun=sun.resource)


def make_round(unit, name="第一轮", **kw) -> MatchRound:
    return MatchRound.objects.create(name=name, unit=unit, unit_path=unit.path, **kw)


def scope_match_rounds(tree, world) -> tuple:
    """A round for D1, one for D2, one for the other subdistrict's OD1."""
    return tuple(make_round(unit, name=f"{unit.name}对接轮次") for unit in (tree.D1, tree.D2, Unit.objects.get(code="OD1")))
