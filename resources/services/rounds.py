"""Batch rounds (精准对接 for many needs at once): run one, apply its optimal assignment.

`round_run` takes the open needs in a unit's subtree that the user may match, against every active
resource of the unit's subdistrict (a resource may serve anywhere within its reach, so the resources
are not limited to the unit or the user's scope), solves the assignment optimally and greedily (resources.matching.round) and keeps both.
`round_apply` turns the optimal assignment into proposed matches (resources.services.propose), in one
transaction and once only: the round is claimed by a conditional UPDATE of `applied_at`, so two staff
applying at the same moment cannot both apply it."""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import MATCH_RESOURCE
from core.exceptions import Conflict
from org.models import SEGMENT
from resources.matching.load import Columns, need_block, resource_block
from resources.matching.round import RoundResult, run_round
from resources.matching.score import pair_reasons, score
from resources.models import Match, MatchRound, Need, NeedState, Resource, ResourceKind
from resources.rules import need_is_open
from resources.services.propose import match_propose, round_score
from resources.workflow import LIVE_MATCH_STATES

APPLY_BLOCK = 200  # needs whose reasons are scored at once when applying


class AlreadyApplied(Conflict):
    """The round's assignment was applied before; nothing changed (the API answers 409)."""


@dataclass
class ApplyReport:
    created: int = 0  # matches proposed
    already_live: int = 0  # the pair was already proposed or agreed
    not_possible: int = 0  # the need is no longer open, or the resource no longer fits it


def round_needs(unit, user=None):
    """Open needs in `unit`'s subtree the user may match (all of them when run by the system: user None)."""
    qs = Need.objects.for_user(user, MATCH_RESOURCE) if user is not None else Need.objects.all()
    return qs.filter(state=NeedState.OPEN, unit_path__startswith=unit.path)


def round_resources(unit, kinds=None):
    """The active resources of `unit`'s subdistrict (as a need's ranking has them, resources.matching.rank),
    wherever in it they are: a resource serves anywhere within its reach."""
    qs = Resource.objects.filter(is_active=True, unit_path__startswith=unit.path[: SEGMENT + 1])
    return qs.filter(kind__in=kinds) if kinds else qs


def _pairs(assignment) -> list:
    return [[n, r, round_score(s)] for n, r, s in assignment.pairs]


def round_run(unit, user, name: str, kinds=None, *, progress=None) -> MatchRound:
    """Run a round for `unit` and keep it (the optimal and the greedy assignment side by side).

    `kinds`: limit the resources to these kinds (talent, space, project); `progress` wraps the blocks
    of needs being scored (the management command passes tqdm)."""
    kinds = sorted({k for k in kinds or () if k in ResourceKind.values})
    result: RoundResult = run_round(round_needs(unit, user), round_resources(unit, kinds), progress=progress)
    params = {
        "kinds": kinds,
        "candidates": int(settings.RESOURCES_ROUND_CANDIDATES),
        "weights": dict(settings.RESOURCES_WEIGHTS),
        "load_seconds": round(result.load_seconds, 3),
        "candidate_seconds": round(result.candidate_seconds, 3),
        "optimal_seconds": round(result.optimal.seconds, 3),
        "greedy_seconds": round(result.greedy.seconds, 3),
    }
    with transaction.atomic():
        return MatchRound.objects.create(
            name=name,
            unit=unit,
            unit_path=unit.path,
            created_by=user,
            params=params,
            needs_count=result.needs_count,
            resources_count=result.resources_count,
            edges_count=result.edges_count,
            optimal_total=round_score(result.optimal.total),
            greedy_total=round_score(result.greedy.total),
            optimal_assigned=result.optimal.assigned,
            greedy_assigned=result.greedy.assigned,
            seconds=round(result.seconds, 3),
            optimal=_pairs(result.optimal),
            greedy=_pairs(result.greedy),
        )


def _reasons(pairs: list) -> dict:
    """{(need_id, resource_id): reasons} for the pairs that are still feasible, scored now (a block of
    needs against the resources assigned to them, never every need against every resource)."""
    cols = Columns.build()
    out = {}
    for lo in range(0, len(pairs), APPLY_BLOCK):
        part = pairs[lo : lo + APPLY_BLOCK]
        nb = need_block(Need.objects.filter(pk__in=[p[0] for p in part]), cols)
        rb = resource_block(Resource.objects.filter(pk__in=[p[1] for p in part]), cols)
        s = score(nb, rb)
        ni = {int(x): i for i, x in enumerate(nb.ids)}
        rj = {int(x): j for j, x in enumerate(rb.ids)}
        for need_id, res_id, _s in part:
            i, j = ni.get(need_id), rj.get(res_id)
            if i is not None and j is not None and s.feasible[i, j]:
                out[(need_id, res_id)] = pair_reasons(s, i, j, nb, rb)
    return out


def round_apply(match_round: MatchRound, user) -> ApplyReport:
    """Propose the optimal assignment's pairs (one transaction, once only). A pair already live is
    skipped, and so is one no longer possible (the need not open any more, the resource withdrawn or no
    longer fitting); the report counts each. Raises AlreadyApplied when the round was applied before."""
    report = ApplyReport()
    with transaction.atomic():
        now = timezone.now()
        if not MatchRound.objects.filter(pk=match_round.pk, applied_at__isnull=True).update(applied_at=now):
            applied = MatchRound.objects.filter(pk=match_round.pk).values_list("applied_at", flat=True).first()
            when = timezone.localtime(applied).strftime("%Y-%m-%d %H:%M") if applied else ""
            raise AlreadyApplied(_("This round was already applied (%(when)s); its matches were proposed then.") % {"when": when})
        pairs = [(int(n), int(r), float(s)) for n, r, s in match_round.optimal]
        need_ids, res_ids = {p[0] for p in pairs}, {p[1] for p in pairs}
        live = set(Match.objects.filter(state__in=LIVE_MATCH_STATES, need_id__in=need_ids, resource_id__in=res_ids).values_list("need_id", "resource_id"))
        needs = Need.objects.in_bulk(need_ids)
        resources = Resource.objects.in_bulk(res_ids)
        reasons = _reasons([p for p in pairs if p[:2] not in live])
        for need_id, res_id, s in pairs:
            if (need_id, res_id) in live:
                report.already_live += 1
                continue
            need, res = needs.get(need_id), resources.get(res_id)
            if need is None or res is None or not need_is_open(None, need) or not res.is_active or (need_id, res_id) not in reasons:
                report.not_possible += 1
                continue
            try:
                match_propose(need=need, resource=res, user=user, score=s, reasons=reasons[(need_id, res_id)], in_round=match_round)
            except ValidationError:  # proposed by someone else a moment ago
                report.already_live += 1
            else:
                report.created += 1
        match_round.applied_at = now
        match_round.params = {**match_round.params, "applied": {**asdict(report), "by": str(user) if user is not None else ""}}
        MatchRound.objects.filter(pk=match_round.pk).update(params=match_round.params)
    return report
