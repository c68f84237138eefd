"""Who may use a service (Service.eligibility), checked against the booking person's resident record.

Rules (all must hold; an empty dict lets everyone in):
    {"min_age": 60}              aged 60 or over on the day of the session (老人日托)
    {"max_age": 6}               aged 6 or under on that day (早教)
    {"residents_of_unit": true}  lives under the place's unit (the station's 居民区, the centre's 街道)

`eligibility_refusal` returns None when the person may use the service, else the translated reason;
`eligibility_text` says the rule in words for the menu.
"""

import datetime

from django.utils.translation import gettext as _

KNOWN_RULES = ("min_age", "max_age", "residents_of_unit")


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def needs_resident(rules: dict) -> bool:
    return any(rules.get(k) for k in KNOWN_RULES)


def eligibility_refusal(service, resident, day: datetime.date) -> str | None:
    """None when `resident` (a people.Resident or None) may use `service` on `day`; else why not."""
    rules = service.eligibility or {}
    if not needs_resident(rules):
        return None
    if resident is None:
        return _("Only residents with a record at the residents' committee may use “%(service)s”. Ask your committee to link your account to your record.") % {
            "service": service.name
        }
    min_age, max_age = rules.get("min_age"), rules.get("max_age")
    if min_age is not None or max_age is not None:
        age = age_on(resident.birth_date, day)
        if min_age is not None and age < int(min_age):
            return _("“%(service)s” is for residents aged %(age)s and over.") % {"service": service.name, "age": min_age}
        if max_age is not None and age > int(max_age):
            return _("“%(service)s” is for children aged %(age)s and under.") % {"service": service.name, "age": max_age}
    if rules.get("residents_of_unit"):
        place_path = service.unit_path or service.place.unit_path
        if not (resident.unit_path or "").startswith(place_path):
            return _("“%(service)s” is for residents living in %(unit)s.") % {"service": service.name, "unit": service.place.unit.name}
    return None


def eligibility_text(service) -> str:
    """The rule in words ("everyone" when there is none)."""
    rules = service.eligibility or {}
    parts = []
    if rules.get("min_age") is not None:
        parts.append(_("aged %(age)s and over") % {"age": rules["min_age"]})
    if rules.get("max_age") is not None:
        parts.append(_("children aged %(age)s and under") % {"age": rules["max_age"]})
    if rules.get("residents_of_unit"):
        parts.append(_("residents of %(unit)s") % {"unit": service.place.unit.name})
    return "; ".join(parts) if parts else _("Everyone")
