"""Talents on the shared test tree for the talent tests (imported by them; no tests here), the scope matrix
(scope_talents) and the query-count guard (grow_talents).

钱书法 lives in H1 (grid G1, 白云居民区 D1): every D1 persona with resources.view_resource sees her,
the grid worker at G1 too. 孙舞蹈 lives in H2 (蓝天居民区 D2); the third talent lives in another
subdistrict's tree (the scope matrix's `world["unit"]` gives its house)."""

import itertools

from resources.models import TalentState
from resources.tests.builders import D1_AT, D2_AT, make_talent

_seq = itertools.count(1)


def scope_talents(tree, world):
    """(inside D1, in D2, outside the tree) for tests/test_scope_matrix.py."""
    far_house = world["unit"][2]
    inside = make_talent(tree.H1, name="钱书法", skills=("shuhua",), at=D1_AT)
    d2 = make_talent(tree.H2, name="孙舞蹈", skills=("dance",), at=D2_AT)
    far = make_talent(far_house, name="周维修", skills=("repair",), at=D1_AT)
    return inside, d2, far


def grow_talents(tree, n: int):
    """`n` more talents in D1 and D2, two skills each; in every batch the first is awaiting review and
    every second one is listed publicly, so each list has rows however the batches fall."""
    out = []
    for k in range(n):
        i = next(_seq)
        unit = tree.H1 if k % 2 else tree.B2
        state = TalentState.APPLIED if k % 4 == 0 else TalentState.ACTIVE
        skills = ("shuhua", "dance") if k % 2 else ("repair", "cooking")
        out.append(make_talent(unit, name=f"达人{i}", skills=skills, state=state, public_consent=bool(k % 2)))
    return out
