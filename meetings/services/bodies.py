"""Bodies, seats and members: a body made from its kind (seats from the kind's seat templates, rules copied), its
rules changed as data, seats added and retired, members added from existing records (an account and/or a resident)
and their terms ended. Refusals are ValidationErrors in the user's language; nothing is changed by a refusal."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Body, BodyKind, MajorityBase, MemberRole, Membership, Seat, SeatGroup

# Seats whose party is the body's own unit (the 居委会 is its 居民区, the 片区办公室 its 片区, the 网格员 its grid).
UNIT_PARTIES = {"committee", "area_office", "grid"}
RULE_FIELDS = {"quorum", "majority", "majority_base", "minutes_publish_days"}
BODY_FIELDS = RULE_FIELDS | {"name", "description", "point", "room", "term_start", "term_end", "is_active"}


def _fraction(value, field: str, *, low_inclusive: bool, high_inclusive: bool) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Give a fraction between 0 and 1, such as 0.5 or 0.667.")}) from None
    ok = (d >= 0 if low_inclusive else d > 0) and (d <= 1 if high_inclusive else d < 1)
    if not ok:
        raise ValidationError({field: _("Give a fraction between 0 and 1, such as 0.5 or 0.667.")})
    return d.quantize(Decimal("0.001"))


def _check_rules(values: dict) -> dict:
    out = dict(values)
    if "quorum" in out:
        out["quorum"] = _fraction(out["quorum"], "quorum", low_inclusive=False, high_inclusive=True)
    if "majority" in out:
        out["majority"] = _fraction(out["majority"], "majority", low_inclusive=True, high_inclusive=False)
    if "majority_base" in out and out["majority_base"] not in MajorityBase.values:
        raise ValidationError({"majority_base": _("Choose whether the majority counts the members present or every seat.")})
    if "minutes_publish_days" in out:
        days = out["minutes_publish_days"]
        if not isinstance(days, int) or not 1 <= days <= 365:
            raise ValidationError({"minutes_publish_days": _("Minutes are published for 1 to 365 days.")})
    return out


def _check_place(unit, point=None, room=None):
    if point is not None and not point.unit.path.startswith(unit.path) and not unit.path.startswith(point.unit.path):
        raise ValidationError({"point": _("The 睦邻点 must be in the body's unit.")})
    if room is not None and not room.unit_path.startswith(unit.path) and not unit.path.startswith(room.unit_path):
        raise ValidationError({"room": _("The room must serve the body's unit.")})


@transaction.atomic
def body_create(*, kind: BodyKind, unit, by=None, name: str = "", description: str = "", point=None, room=None, term_start=None, term_end=None) -> Body:
    """A body of `kind` on `unit` (which must be of the kind's level: a 1+3+N council on a 居民区), its seats made
    from the kind's seat templates (a template of count 3 gives three seats) and its rules copied from the kind."""
    if unit.kind != kind.unit_kind:
        from org.models import UnitKind

        raise ValidationError(
            {
                "unit": _("A %(kind)s sits at a %(level)s, not at a %(given)s.")
                % {"kind": kind.name, "level": UnitKind(kind.unit_kind).label, "given": unit.get_kind_display()}
            }
        )
    if term_start and term_end and term_end < term_start:
        raise ValidationError({"term_end": _("The term must end after it starts.")})
    _check_place(unit, point, room)
    body = Body.objects.create(
        kind=kind,
        unit=unit,
        unit_path=unit.path,
        name=(name or "").strip()[:100] or f"{unit.name}{kind.name}",
        description=description or kind.description,
        point=point,
        room=room,
        quorum=kind.quorum,
        majority=kind.majority,
        majority_base=kind.majority_base,
        term_start=term_start,
        term_end=term_end,
    )
    seats, order = [], 0
    for t in kind.seat_templates.all():
        for i in range(t.count):
            order += 1
            seats.append(
                Seat(
                    body=body,
                    template=t,
                    party=t.code,
                    name=t.name if t.count == 1 else f"{t.name}{i + 1}",
                    group=t.group,
                    required=t.required,
                    party_unit=unit if t.code in UNIT_PARTIES else None,
                    order=order,
                )
            )
    Seat.objects.bulk_create(seats)
    return body


@transaction.atomic
def body_update(*, body: Body, by=None, required_seats=None, **changes) -> Body:
    """Change a body's rules and particulars. `required_seats` (seats or ids): the seats whose holder must be present
    (every other seat of the body stops being required)."""
    unknown = set(changes) - BODY_FIELDS
    if unknown:
        raise ValidationError(_("These cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    changes = _check_rules(changes)
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()[:100]
        if not changes["name"]:
            raise ValidationError({"name": _("Give the body a name.")})
    start, end = changes.get("term_start", body.term_start), changes.get("term_end", body.term_end)
    if start and end and end < start:
        raise ValidationError({"term_end": _("The term must end after it starts.")})
    _check_place(body.unit, changes.get("point"), changes.get("room"))
    body = Body.objects.select_for_update().get(pk=body.pk)
    for k, v in changes.items():
        setattr(body, k, v)
    body.save()
    if required_seats is not None:
        ids = {getattr(s, "pk", s) for s in required_seats}
        if Seat.objects.filter(pk__in=ids).exclude(body=body).exists():
            raise ValidationError({"required_seats": _("Only the body's own seats can be required.")})
        Seat.objects.filter(body=body).exclude(pk__in=ids).update(required=False)
        Seat.objects.filter(body=body, pk__in=ids).update(required=True)
    return body


@transaction.atomic
def seat_add(
    *, body: Body, name: str, party: str = "", by=None, group: str = SeatGroup.OTHER, required: bool = False, organisation=None, party_unit=None
) -> Seat:
    """One more seat at the body's table (one more 居民代表, a second 驻区单位)."""
    name = (name or "").strip()[:60]
    if not name:
        raise ValidationError({"name": _("Give the seat a name.")})
    if group not in SeatGroup.values:
        raise ValidationError({"group": _("Choose the seat's group.")})
    last = Seat.objects.filter(body=body).aggregate(m=Max("order"))["m"] or 0
    return Seat.objects.create(
        body=body, party=(party or "other")[:40], name=name, group=group, required=required, organisation=organisation, party_unit=party_unit, order=last + 1
    )


@transaction.atomic
def seat_retire(*, seat: Seat, by=None) -> Seat:
    """Take a seat out of use (it no longer counts for the quorum). Refused while someone holds it."""
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if Membership.objects.filter(seat=seat, end__isnull=True).exists():
        raise ValidationError(_("“%(seat)s” has a member; end the member's term first.") % {"seat": seat.name})
    if not seat.is_active:
        return seat
    seat.is_active = False
    seat.save(update_fields=["is_active"])
    return seat


def _person_name(user, resident) -> str:
    if resident is not None:
        return resident.name
    full = (getattr(user, "get_full_name", lambda: "")() or "").strip()
    return full or user.get_username()


@transaction.atomic
def membership_add(
    *,
    seat: Seat,
    by=None,
    user=None,
    resident=None,
    name: str = "",
    role: str = MemberRole.MEMBER,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    organisation=None,
    party_unit=None,
) -> Membership:
    """A person from existing records (an account, a resident, or both) takes `seat` for a term, optionally for
    an organisation or a unit (set on the seat). One current holder per seat; a person holds one seat per body
    but may sit on several bodies."""
    if user is None and resident is None:
        raise ValidationError(_("Choose the person: an account, a resident, or both."))
    if user is not None and resident is not None and resident.user_id and resident.user_id != user.pk:
        raise ValidationError({"resident": _("This resident has another account.")})
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose the member's role.")})
    start = start or timezone.localdate()
    if end and end < start:
        raise ValidationError({"end": _("The term must end after it starts.")})
    seat = Seat.objects.select_for_update().select_related("body").get(pk=seat.pk)
    body = seat.body
    if not seat.is_active:
        raise ValidationError(_("“%(seat)s” is no longer in use.") % {"seat": seat.name})
    if not body.is_active:
        raise ValidationError(_("“%(body)s” is no longer active.") % {"body": body.name})
    holder = Membership.objects.filter(seat=seat).filter(Q(end__isnull=True) | Q(end__gt=start)).first()
    if holder is not None:
        raise ValidationError(_("“%(seat)s” is held by %(name)s; end that term first.") % {"seat": seat.name, "name": holder.name})
    person = Q(user=user) if user is not None else Q()
    if resident is not None:
        person = (person | Q(resident=resident)) if user is not None else Q(resident=resident)
    twice = Membership.objects.filter(body=body).filter(person).filter(Q(end__isnull=True) | Q(end__gt=start)).select_related("seat").first()
    if twice is not None:
        raise ValidationError(_("%(name)s already holds the seat “%(seat)s” on this body.") % {"name": twice.name, "seat": twice.seat.name})
    if role == MemberRole.CHAIR and Membership.objects.filter(body=body, role=MemberRole.CHAIR, end__isnull=True).exists():
        raise ValidationError({"role": _("The body already has a chair.")})
    if organisation is not None or party_unit is not None:
        seat.organisation = organisation or seat.organisation
        seat.party_unit = party_unit or seat.party_unit
        seat.save(update_fields=["organisation", "party_unit"])
    try:
        with transaction.atomic():
            return Membership.objects.create(
                seat=seat,
                body=body,
                unit_path=body.unit_path,
                name=((name or "").strip() or _person_name(user, resident))[:50],
                role=role,
                user=user,
                resident=resident,
                start=start,
                end=end,
            )
    except IntegrityError as e:
        raise ValidationError(_("This seat or this person has just been taken on this body; nothing was changed.")) from e


@transaction.atomic
def membership_end(*, membership: Membership, by=None, end: datetime.date | None = None) -> Membership:
    """End a member's term (on `end`, default today). Refused when already ended or before it began."""
    m = Membership.objects.select_for_update().get(pk=membership.pk)
    end = end or timezone.localdate()
    if m.end is not None and m.end <= timezone.localdate():
        raise ValidationError(_("This term has already ended."))
    if m.start and end < m.start:
        raise ValidationError({"end": _("The term cannot end before it began (%(start)s).") % {"start": m.start}})
    m.end = end
    m.save(update_fields=["end", "updated_at"])
    return m
