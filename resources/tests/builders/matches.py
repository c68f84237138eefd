"""Matches on the shared test tree, for the matches tests (imported by them; no tests here), the scope
matrix (scope_matches, scope_service_records) and the browser test.

`propose(need, source)` scores the pair as the ranking does (resources.matching) and proposes it through
resources.services.propose.match_propose; `agreed(...)` and `served(...)` go on through the services."""

import datetime

from django.utils import timezone

from org.models import Unit
from resources.matching.load import need_block, resource_block
from resources.matching.score import pair_reasons, score
from resources.models import Match, Resource
from resources.services.matches import match_agree, record_service
from resources.services.propose import match_propose
from resources.tests.builders import D2_AT, make_need, make_space, make_talent


def resource_of(source) -> Resource:
    return source if isinstance(source, Resource) else Resource.objects.get(**{source._meta.model_name.replace("sharedspace", "space"): source})


def scored(need, source) -> tuple[float, list]:
    res = resource_of(source)
    nb, rb = need_block([need]), resource_block(Resource.objects.filter(pk=res.pk))
    s = score(nb, rb)
    return float(s.total[0, 0]), pair_reasons(s, 0, 0, nb, rb)


def propose(need, source, user=None, in_round=None, quick=False) -> Match:
    """Propose `source` (a talent, a space, a project or a Resource) for `need`; `quick` skips the scoring."""
    res = resource_of(source)
    value, reasons = (0.5, []) if quick else scored(need, res)
    return match_propose(need=need, resource=res, user=user, score=value, reasons=reasons, in_round=in_round)


def talent_match(unit, user=None, sessions=2, title="老年书法班", name="钱书法", at=None, quick=False, **need_kw) -> Match:
    """A 书画 talent of `unit` proposed for a 书画 need of `unit`."""
    at = at or (D2_AT if unit.code.endswith("D2") else (31.025, 121.225))
    talent = make_talent(unit, name=name, at=at, sessions_per_period=sessions)
    need = make_need(unit, title=title, at=at, **need_kw)
    return propose(need, talent, user=user, quick=quick)


def space_match(unit, user=None, title="楼组议事会", quick=False) -> Match:
    space = make_space(unit)
    need = make_need(unit, title=title, need_types=("meeting",), people=12)
    return propose(need, space, user=user, quick=quick)


def agreed(match, user, terms="每周三下午两点，活动室，免费") -> Match:
    return match_agree(match, user, terms=terms, scheduled_for=timezone.now() + datetime.timedelta(days=2))


def served(match, user, **kw) -> object:
    if match.state == "proposed":
        agreed(match, user)
    kw.setdefault("served_on", timezone.localdate())
    kw.setdefault("people_served", 18)
    return record_service(match, user, **kw)


def _far_district() -> Unit:
    return Unit.objects.get(code="OD1")  # tests/conftest.py's `world` makes the other tree with prefix "O"


def scope_matches(tree, world):
    """(inside D1, in D2, in another subdistrict) proposed matches."""
    return tuple(talent_match(unit, quick=True, name=f"达人{unit.code}") for unit in (tree.D1, tree.D2, _far_district()))


def scope_service_records(tree, world):
    """(inside D1, in D2, in another subdistrict) service records."""
    out = []
    for unit in (tree.D1, tree.D2, _far_district()):
        out.append(served(talent_match(unit, quick=True, name=f"记录{unit.code}"), None))
    return tuple(out)


def grow_matches(unit, n: int, user=None) -> list[Match]:
    """`n` more matches in `unit`, some agreed and served, for the query-count guards."""
    out = []
    for i in range(n):
        m = talent_match(unit, quick=True, name=f"达人{i}", title=f"需求{i}")
        if i % 3 == 1:
            agreed(m, user)
        elif i % 3 == 2:
            served(m, user, requester_rating=4, provider_rating=5)
        out.append(m)
    return out
