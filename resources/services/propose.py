"""Proposing a resource for a need (拟对接): from a ranking (staff pick one) or from a round (many).

A live match (proposed or agreed) is unique per (need, resource) in the database; proposing counts
against the resource's `asked`, so the score prefers resources asked less next time."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.workflow import begin
from resources.models import Match, Need, Resource
from resources.rules import need_is_open


def match_propose(*, need: Need, resource: Resource, user=None, score: float, reasons: list, in_round=None, note: str = "") -> Match:
    """Propose `resource` for `need`; a ValidationError in the user's language when the need is no
    longer open, the resource cannot be matched, or the same pair is already live."""
    if not need_is_open(user, need):
        raise ValidationError(_("This need is %(state)s; resources are proposed only for open needs.") % {"state": need.get_state_display()})
    if not resource.is_active:
        raise ValidationError(_("%(name)s cannot be matched at present.") % {"name": resource.name})
    try:
        with transaction.atomic():
            match = Match.objects.create(
                need=need, resource=resource, unit_path=need.unit_path, round=in_round, score=round_score(score), reasons=reasons, created_by=user
            )
            begin(match, by=user, note=note)
            Resource.objects.filter(pk=resource.pk).update(asked=F("asked") + 1)
    except IntegrityError as e:
        raise ValidationError(_("%(name)s is already proposed for this need.") % {"name": resource.name}) from e
    return match


def round_score(value: float) -> float:
    return round(float(value), 4)
