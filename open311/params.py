"""Reading the query and form parameters of Open311 calls: each bad value is an `Open311Error`
with a message in the caller's language, before anything is read or written."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from open311 import conf


class Open311Error(Exception):
    """An error the spec's error body reports: 404 unknown thing, 403 key, 400 anything else."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status = status
        self.descriptions = [str(d) for d in descriptions]


def bad(*descriptions) -> Open311Error:
    return Open311Error(400, *descriptions)


def value(params, name: str) -> str:
    """A parameter as text; the spec treats an empty parameter as an absent one."""
    return (params.get(name) or "").strip()


def parse_when(raw: str, name: str) -> datetime.datetime:
    """A w3c/ISO 8601 datetime (a date alone is the start of that day, local time). A '+' of a time
    zone that a client forgot to encode arrives as a space: it is taken back."""
    raw = re.sub(r" (\d{2}:?\d{2})$", r"+\1", raw.strip())
    try:
        when = parse_datetime(raw)
        if when is None:
            day = parse_date(raw)
            when = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:
        when = None
    if when is None:
        raise bad(_("%(param)s is not a date and time in ISO 8601, e.g. 2025-01-01T00:00:00+08:00.") % {"param": name})
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def date_range(params, now=None) -> tuple[datetime.datetime, datetime.datetime]:
    """start_date and end_date, at most `MAX_SPAN_DAYS` apart; with one missing, the span runs that
    far from the other; with both missing, the last 90 days."""
    span = datetime.timedelta(days=conf.MAX_SPAN_DAYS)
    start = parse_when(value(params, "start_date"), "start_date") if value(params, "start_date") else None
    end = parse_when(value(params, "end_date"), "end_date") if value(params, "end_date") else None
    if start is None and end is None:
        end = now or timezone.now()
    if start is None:
        start = end - span
    if end is None:
        end = start + span
    if start > end:
        raise bad(_("start_date must be before end_date."))
    if end - start > span:
        raise bad(_("start_date and end_date may be at most %(days)s days apart.") % {"days": conf.MAX_SPAN_DAYS})
    return start, end


def comma_list(params, name: str) -> list[str]:
    """A comma-delimited parameter, which may also be repeated (service_code=A,B or service_code=A&service_code=B)."""
    raw = params.getlist(name) if hasattr(params, "getlist") else [params.get(name) or ""]
    return [v.strip() for part in raw for v in (part or "").split(",") if v.strip()]


def statuses(params) -> set[str]:
    wanted = {s.lower() for s in comma_list(params, "status")}
    if wanted - {"open", "closed"}:
        raise bad(_("status must be open or closed."))
    return wanted


def page(params) -> tuple[int, int]:
    """The optional `page` and `page_size` (an extension many servers offer): 1 and 1000 by default."""
    try:
        number = int(value(params, "page") or 1)
        size = int(value(params, "page_size") or conf.MAX_REQUESTS)
    except ValueError:
        number = size = 0
    if number < 1 or not 1 <= size <= conf.MAX_REQUESTS or number > 1_000_000:
        raise bad(_("page and page_size must be whole numbers from 1; page_size at most %(max)s.") % {"max": conf.MAX_REQUESTS})
    return number, size


def coordinate(raw: str, limit: int) -> Decimal | None:
    try:
        number = Decimal(raw)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) > limit:
        return None
    return number.quantize(Decimal("0.000001"))


ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


def attribute_answers(params) -> dict[str, list[str]]:
    """attribute[code]=v and attribute[code][]=v1&attribute[code][]=v2 as {code: [values]}."""
    answers: dict[str, list[str]] = {}
    for key in params:
        match = ATTRIBUTE.match(key)
        if match:
            answers.setdefault(match.group(1), []).extend(v for v in params.getlist(key))
    return answers
