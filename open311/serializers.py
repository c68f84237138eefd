"""What GeoReport v2 says of services, requests and updates, built from categories, cases and transitions.

A request shows only what is not personal data: no reporter, no contact name or phone, no e-mail,
device or account id, no source. The description, the typed address and the exact pin are shown only
for the sources listed in `OPEN311_PUBLIC_DESCRIPTION_SOURCES` (Open311 itself and machines); a
resident's or a caller's report has no address and its pin rounded to `OPEN311_PIN_DECIMALS` decimals
(0.001°, about 100 m). A house is given as its building (`address_id`). `media_url` is only a URL an
Open311 client posted itself: the case's own photos are served to its followers and staff only, so
no link (which would tell that a photo exists) is published. A status
note is a note staff wrote to close or refuse the case (the spec's status_notes); an update's
description is such a note, or else the step's name.
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import TimeUnit
from cases.workflow import CASE_WORKFLOW, OPEN_STATES
from open311 import conf
from org.models import UnitKind

# steps whose note is written to the reporter, so it is public; other notes stay internal
PUBLIC_NOTE_ACTIONS = {"reject", "merge", "complete", "verify_pass"}
STEP_LABELS = {
    "verify_fail": gettext_lazy("Checked: not solved yet; back to the handling unit"),
    "reopen": gettext_lazy("Reopened"),
}


def when(value) -> str | None:
    """ISO 8601 with the local offset, e.g. 2025-03-01T09:30:00+08:00."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def status(state: str) -> str:
    return "open" if state in OPEN_STATES else "closed"


def service_notice_text(limit: int, unit: str) -> str:
    if unit == TimeUnit.WORKING_HOURS:
        return _("To be handled within %(n)s working hours of registration.") % {"n": limit}
    if unit == TimeUnit.CLOCK_HOURS:
        return _("To be handled within %(n)s hours of registration, round the clock, days off included.") % {"n": limit}
    return _("To be handled within %(n)s working days of registration.") % {"n": limit}


def service_notice(category) -> str:
    return service_notice_text(category.time_limit, category.time_unit)


def _profile(category):
    try:
        return category.open311_profile
    except category._meta.model.open311_profile.RelatedObjectDoesNotExist:
        return None


def service_repr(category) -> dict:
    profile = _profile(category)
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": profile.description if profile else "",
        "metadata": bool(getattr(category, "has_attributes", False)),
        "type": "realtime",
        "keywords": profile.keywords if profile else "",
        "group": category.parent.name if category.parent_id else "",
    }


def attribute_repr(attribute) -> dict:
    return {
        "variable": attribute.variable,
        "code": attribute.code,
        "datatype": attribute.datatype,
        "required": attribute.required,
        "datatype_description": attribute.datatype_description,
        "order": attribute.order,
        "description": attribute.description,
        "values": [{"key": str(v["key"]), "name": str(v["name"])} for v in attribute.values or []],
    }


def definition_repr(category, attributes) -> dict:
    return {"service_code": category.code, "attributes": [attribute_repr(a) for a in attributes]}


def address_id(kind: str, unit_id: int, parent_id: int | None) -> int | None:
    """A building is its own address; a house is given as its building, so no household is pointed at."""
    if kind == UnitKind.BUILDING:
        return unit_id
    if kind == UnitKind.HOUSE:
        return parent_id
    return None


def _coordinate(value):
    return float(value) if value is not None else None


def rounded(value, places: int) -> float | None:
    """A coordinate rounded to `places` decimals (3: a cell of about 110 m by 95 m in Shanghai)."""
    return float(Decimal(value).quantize(Decimal(1).scaleb(-places))) if value is not None else None


class Writer:
    """Writes rows of `selectors.public_cases` and `selectors.updates` as the spec's requests and
    updates. Made once per call: the time zone, state labels and service notices are looked up once."""

    def __init__(self, request):
        self.request = request
        self.tz = timezone.get_current_timezone()
        self.labels = {state: CASE_WORKFLOW.label(state) for state in CASE_WORKFLOW.states.values}
        self.public_sources = set(conf.get("OPEN311_PUBLIC_DESCRIPTION_SOURCES"))
        self.pin_places = int(conf.get("OPEN311_PIN_DECIMALS"))
        self.notices = {}

    def when(self, value) -> str | None:
        return value.astimezone(self.tz).isoformat(timespec="seconds") if value else None

    def notice(self, limit: int, unit: str) -> str:
        if (limit, unit) not in self.notices:
            self.notices[limit, unit] = service_notice_text(limit, unit)
        return self.notices[limit, unit]

    def request_repr(self, row: dict) -> dict:
        state = row["state"]
        is_open = state in OPEN_STATES
        published = {
            "service_request_id": row["number"],
            "status": "open" if is_open else "closed",
            "status_notes": self.labels[state] if is_open else (row["last_note"] or self.labels[state]),
            "service_name": row["category__name"],
            "service_code": row["category__code"],
            "description": row["description"] if row["source"] in self.public_sources else None,
            "agency_responsible": row["handling_unit__name"],
            "service_notice": self.notice(row["category__time_limit"], row["category__time_unit"]),
            "requested_datetime": self.when(row["created_at"]),
            "updated_datetime": self.when(row["updated_at"]),
            "expected_datetime": self.when(row["due_at"]),
            "address": row["address"],
            "address_id": address_id(row["unit__kind"], row["unit__id"], row["unit__parent_id"]),
            "zipcode": None,
            "lat": _coordinate(row["lat"]),
            "long": _coordinate(row["lng"]),
            "media_url": row["open311_submission__media_url"] or None,
        }
        return self.withheld(row, published)

    def withheld(self, row: dict, published: dict) -> dict:
        """A report by a resident or a caller: no typed address, the pin rounded (see the module docstring)."""
        if row["source"] in self.public_sources:
            return published
        published.update(address=None, lat=rounded(row["lat"], self.pin_places), long=rounded(row["lng"], self.pin_places))
        return published

    def update_description(self, row: dict) -> str:
        note = (row["note"] or "").strip()
        if row["action"] in PUBLIC_NOTE_ACTIONS and note:
            return note
        return str(STEP_LABELS[row["action"]]) if row["action"] in STEP_LABELS else self.labels.get(row["to_state"], row["to_state"])

    def update_repr(self, row: dict) -> dict:
        return {
            "update_id": str(row["id"]),
            "service_request_id": row["case__number"],
            "status": status(row["to_state"]),
            "updated_datetime": self.when(row["at"]),
            "description": self.update_description(row),
            "media_url": None,  # evidence photos are not public
        }


def created_repr(case, account_id: str) -> dict:
    return {"service_request_id": case.number, "service_notice": service_notice(case.category), "account_id": account_id or None}


def token_repr(case, token) -> dict:
    return {"service_request_id": case.number, "token": str(token)}


def discovery_repr(base_url: str, changeset) -> dict:
    return {
        "changeset": when(changeset),
        "contact": conf.get("OPEN311_CONTACT"),
        "key_service": _("Ask the subdistrict operations centre for an API key."),
        "endpoints": [
            {
                "specification": conf.SPEC_URL,
                "url": base_url,
                "changeset": when(changeset),
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
