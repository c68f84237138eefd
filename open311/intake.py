"""Checking a POST requests call before anything is written: the service, the location, the
attribute answers by datatype and choices, the description and the submitter's details.

Of the submitter's details only what the case system uses is kept: first and last name as the
contact name, the phone (a mobile number, kept encrypted and shown masked) as the contact phone,
and the device or account id as the case's external reference (so a client can find its own
requests). The e-mail address is not stored: nothing here sends e-mail.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from cases.models import CaseCategory
from cases.services import find_grid
from core.validators import clean_mobile
from open311 import conf, selectors
from open311.models import Datatype, ServiceAttribute
from open311.params import Open311Error, attribute_answers, bad, coordinate, value
from org.models import Unit, UnitKind

MAX_STRING = 1000
# a number answer without a declared range of its own stays within this, with at most 6 decimals (what
# a person or a device reports; `1e999999` is refused, not stored)
NUMBER_LIMIT = Decimal(10) ** 12
NUMBER_PLACES = 6


@dataclass
class NewRequest:
    category: CaseCategory
    description: str
    unit: Unit | None
    lat: Decimal | None = None
    lng: Decimal | None = None
    address: str = ""
    answers: list[tuple[ServiceAttribute, object]] = field(default_factory=list)
    contact_name: str = ""
    contact_phone: str = ""
    external_ref: str = ""
    account_id: str = ""
    media_url: str = ""


def _answer(attribute: ServiceAttribute, values: list[str]):
    code = attribute.code
    values = [v.strip() for v in values if v.strip()]
    if not values:
        return None
    if attribute.datatype == Datatype.MULTI:
        unknown = [v for v in values if v not in attribute.keys()]
        if unknown:
            raise bad(_("“%(value)s” is not a choice of the attribute “%(code)s”.") % {"value": unknown[0], "code": code})
        return list(dict.fromkeys(values))
    if len(values) > 1:
        raise bad(_("The attribute “%(code)s” takes one value.") % {"code": code})
    answer = values[0]
    if attribute.datatype == Datatype.SINGLE and answer not in attribute.keys():
        raise bad(_("“%(value)s” is not a choice of the attribute “%(code)s”.") % {"value": answer, "code": code})
    if attribute.datatype == Datatype.NUMBER:
        try:
            number = Decimal(answer)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise bad(_("The attribute “%(code)s” must be a number.") % {"code": code})
        return _bounded(attribute, number)
    if attribute.datatype == Datatype.DATETIME:
        try:
            parsed = parse_datetime(answer) or parse_date(answer)
        except ValueError:
            parsed = None
        if parsed is None:
            raise bad(_("The attribute “%(code)s” must be a date and time in ISO 8601.") % {"code": code})
        return parsed.isoformat()
    if attribute.datatype == Datatype.STRING and ("\n" in answer or "\r" in answer):
        raise bad(_("The attribute “%(code)s” must be on one line.") % {"code": code})
    limit = conf.MAX_DESCRIPTION if attribute.datatype == Datatype.TEXT else MAX_STRING
    if len(answer) > limit:
        raise bad(_("The attribute “%(code)s” may be at most %(max)s characters.") % {"code": code, "max": limit})
    return answer


def _bounded(attribute: ServiceAttribute, number: Decimal) -> str:
    """A number answer within the attribute's declared range (else within ±10^12), with at most 6 decimals;
    written out in plain digits (1e3 → 1000)."""
    code = attribute.code
    low = attribute.min_value if attribute.min_value is not None else -NUMBER_LIMIT
    high = attribute.max_value if attribute.max_value is not None else NUMBER_LIMIT
    if not low <= number <= high:
        raise bad(_("The attribute “%(code)s” must be a number from %(min)s to %(max)s.") % {"code": code, "min": _plain(low), "max": _plain(high)})
    if number.as_tuple().exponent < -NUMBER_PLACES and number != number.quantize(Decimal(1).scaleb(-NUMBER_PLACES)):
        raise bad(_("The attribute “%(code)s” may have at most %(places)s decimal places.") % {"code": code, "places": NUMBER_PLACES})
    return _plain(number)


def _plain(number: Decimal) -> str:
    """A number in plain digits, without exponent or trailing zeros: 1E+3 → 1000, 5.50 → 5.5, -0 → 0."""
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def answers_checked(category: CaseCategory, params) -> list[tuple[ServiceAttribute, object]]:
    """Each answer checked against the service definition; every problem is reported at once."""
    given = attribute_answers(params)
    attributes = {a.code: a for a in selectors.service_attributes(category)}
    problems = [_("Unknown attribute “%(code)s”.") % {"code": code} for code in given if code not in attributes]
    checked = []
    for code, attribute in attributes.items():
        if not attribute.variable:
            continue
        try:
            answer = _answer(attribute, given.get(code, []))
        except Open311Error as exc:
            problems.extend(exc.descriptions)
            continue
        if answer is None:
            if attribute.required:
                problems.append(_("The attribute “%(code)s” is required.") % {"code": code})
            continue
        checked.append((attribute, answer))
    if problems:
        raise bad(*problems)
    return checked


def _address_unit(raw: str, jurisdiction: Unit | None) -> Unit:
    units = Unit.objects.filter(kind__in=(UnitKind.BUILDING, UnitKind.HOUSE)).select_related("parent")
    if jurisdiction is not None:
        units = units.filter(path__startswith=jurisdiction.path)
    unit = units.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 19 else None
    if unit is None:
        raise bad(_("address_id must be the id of a building or a house in this area."))
    return unit


def _address_of(unit: Unit) -> str:
    if unit.address:
        return unit.address
    return f"{unit.parent.name}{unit.name}" if unit.kind == UnitKind.HOUSE and unit.parent_id else unit.name


def full_name(first: str, last: str) -> str:
    """张 + 三 → 张三; John + Smith → John Smith."""
    if all(ord(ch) > 0x2E80 for ch in first + last):
        return last + first
    return " ".join(p for p in (first, last) if p)


def location(params, jurisdiction: Unit | None) -> dict:
    """One of lat+long, address_string or address_id (several may be given). A pin must fall in a
    grid of the jurisdiction, unless an address_id says where the problem is."""
    lat_raw, lng_raw = value(params, "lat"), value(params, "long")
    address = value(params, "address_string")
    address_raw = value(params, "address_id")
    if not (lat_raw or lng_raw or address or address_raw):
        raise bad(_("Give the location: lat and long, address_string or address_id."))
    place = {"unit": jurisdiction, "lat": None, "lng": None, "address": address}
    if lat_raw or lng_raw:
        lat, lng = coordinate(lat_raw, 90), coordinate(lng_raw, 180)
        if lat is None or lng is None:
            raise bad(_("lat and long must both be given, as numbers in degrees (WGS84)."))
        place.update(lat=lat, lng=lng)
    if address_raw:
        unit = _address_unit(address_raw, jurisdiction)
        place.update(unit=unit, address=address or _address_of(unit))
    elif place["lat"] is not None and find_grid(place["lat"], place["lng"], within=jurisdiction) is None:
        raise bad(_("The location is outside the area this service covers."))
    if len(place["address"]) > 200:
        raise bad(_("address_string may be at most %(max)s characters.") % {"max": 200})
    return place


def new_request(params, jurisdiction: Unit | None) -> NewRequest:
    code = value(params, "service_code")
    if not code:
        raise bad(_("service_code is required."))
    category = selectors.service(code)
    if category is None:
        raise Open311Error(404, _("Unknown service_code “%(code)s”.") % {"code": code})
    description = (params.get("description") or "").strip()
    if len(description) > conf.MAX_DESCRIPTION:
        raise bad(_("description may be at most %(max)s characters.") % {"max": conf.MAX_DESCRIPTION})
    place = location(params, jurisdiction)
    answers = answers_checked(category, params)
    media_url = value(params, "media_url")
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            media_url = None
        if media_url is None or len(value(params, "media_url")) > 500:
            raise bad(_("media_url must be an http or https URL of at most 500 characters."))
    name = full_name(value(params, "first_name"), value(params, "last_name"))
    if len(name) > 50:
        raise bad(_("first_name and last_name together may be at most %(max)s characters.") % {"max": 50})
    try:
        phone = clean_mobile(value(params, "phone"))  # the one normaliser: +86 and spaces are taken, the 11 digits kept
    except ValidationError as exc:
        raise bad(*[_("phone: %(reason)s") % {"reason": m} for m in exc.messages]) from None
    external = value(params, "device_id") or value(params, "account_id")
    if len(external) > 64 or len(value(params, "account_id")) > 64:
        raise bad(_("device_id and account_id may be at most %(max)s characters.") % {"max": 64})
    return NewRequest(
        category=category,
        description=description or category.name,
        answers=answers,
        contact_name=name,
        contact_phone=phone,
        external_ref=external,
        account_id=value(params, "account_id"),
        media_url=media_url or "",
        **place,
    )
