"""The reasons for a score in words (精准对接): a stored reasons list (resources.matching.score.pair_reasons,
kept on each Match) rendered as sentences in the user's language, with a small bar per factor.

    lines = explain(reasons, asked=need_types, offered=resource_types)
    for line in lines: line.label, line.text, line.value, line.weight, line.points, line.percent, line.excluded

`asked` / `offered` (ResourceType lists, optional) name the types in the type sentence; without them
it says only whether the fit is exact or related.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

FACTOR_LABELS = {
    "type": gettext_lazy("Type fit"),
    "distance": gettext_lazy("Distance"),
    "time": gettext_lazy("Time in common"),
    "capacity": gettext_lazy("Size"),
    "load": gettext_lazy("Not overused"),
    "excluded": gettext_lazy("Excluded"),
}

RULES = {
    "out_of_reach": gettext_lazy("Too far: the need's place is beyond how far it goes."),
    "no_time": gettext_lazy("No time in common, or not available in the need's dates."),
    "no_capacity": gettext_lazy("No service left this period: everything it offers is already agreed."),
    "over_budget": gettext_lazy("It costs more than the need's budget."),
    "outside_districts": gettext_lazy("It serves only other residential districts."),
    "no_type": gettext_lazy("It offers nothing of the kind asked for."),
}


@dataclass
class Line:
    factor: str
    label: str
    text: str
    value: float = 0.0  # 0..1
    weight: float = 0.0
    excluded: bool = False

    @property
    def points(self) -> float:
        """What the factor adds to the score (value × weight)."""
        return round(self.value * self.weight, 4)

    @property
    def percent(self) -> int:
        return round(self.value * 100)


def _num(x) -> str:
    x = float(x)
    return str(int(x)) if x == int(x) else f"{x:.1f}"


def _names(types) -> str:
    sep = "、" if (translation.get_language() or "zh-hans").startswith("zh") else ", "
    return sep.join(t.label for t in types)


def _type_text(p: dict, asked, offered) -> str:
    asked, offered = list(asked or []), list(offered or [])
    if p.get("exact"):
        common = [t for t in offered if t.pk in {a.pk for a in asked}]
        if common:
            return _("Offers %(types)s, as asked.") % {"types": _names(common)}
        return _("Offers exactly the kind asked for.")
    related = [t for t in offered if t.group in {a.group for a in asked}]
    near = [a for a in asked if a.group in {t.group for t in related}]
    if related:
        return _("Offers %(offered)s, related to %(asked)s (same field).") % {"offered": _names(related), "asked": _names(near)}
    return _("Offers something related to what is asked (same field).")


def _distance_text(p: dict) -> str:
    if p.get("metres") is None:
        return _("Distance unknown: no position on record; counted as half.")
    return _("%(metres)s m from the need's place; goes up to %(reach)s m.") % {"metres": p["metres"], "reach": p["reach"]}


def _time_text(p: dict) -> str:
    hours, needed = float(p.get("hours", 0)), float(p.get("needed_hours", 0))
    if needed >= 7 * 24:
        return _("The need has no set times; available at %(hours)s hours a week.") % {"hours": _num(hours)} if hours < 7 * 24 else _("Any time.")
    if hours <= 0:
        return _("No time in common with the %(needed)s hours a week needed.") % {"needed": _num(needed)}
    return _("%(hours)s of the %(needed)s hours a week needed in common.") % {"hours": _num(hours), "needed": _num(needed)}


def _capacity_text(p: dict) -> str:
    capacity, people = p.get("capacity", 0), p.get("people", 0)
    if capacity >= people:
        return _("Takes %(capacity)s people at once; %(people)s expected.") % {"capacity": capacity, "people": people}
    return _("Takes only %(capacity)s of the %(people)s people expected at once.") % {"capacity": capacity, "people": people}


def _load_text(p: dict) -> str:
    n, days = int(p.get("asked", 0)), settings.RESOURCES_ASKED_DAYS
    if n == 0:
        return _("Not asked in the last %(days)s days.") % {"days": days}
    return ngettext("Asked %(n)s time in the last %(days)s days.", "Asked %(n)s times in the last %(days)s days.", n) % {"n": n, "days": days}


TEXTS = {"distance": _distance_text, "time": _time_text, "capacity": _capacity_text, "load": _load_text}


def explain(reasons: list, asked=None, offered=None) -> list[Line]:
    """The reasons in words, the rules that excluded the pair (if any) first, then the five factors."""
    out = []
    for r in reasons or []:
        factor, p = r.get("factor", ""), r.get("params") or {}
        if factor == "excluded":
            rule = p.get("rule", "")
            out.append(Line(factor, str(FACTOR_LABELS["excluded"]), str(RULES.get(rule, rule)), excluded=True))
            continue
        if factor == "type":
            text = _type_text(p, asked, offered)
        elif factor in TEXTS:
            text = TEXTS[factor](p)
        else:
            continue
        out.append(Line(factor, str(FACTOR_LABELS[factor]), text, float(r.get("value", 0)), float(r.get("weight", 0))))
    return out


def summary(reasons: list, asked=None, offered=None) -> str:
    """One paragraph: the sentences joined (for lists, exports and the API)."""
    return " ".join(line.text for line in explain(reasons, asked, offered))
