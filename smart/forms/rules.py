"""The alarm rule editor's forms: the rule's own fields, and one structured block per severity and for
the clear condition (kind, all/any, seconds, count, and one row per predicate: measurement or event,
operator, value). Everything is checked by `smart.conditions.rule_problems`, the same check as the
API's; its messages are shown on the block they concern, and nothing is saved while any remains."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cases.models import CaseCategory, Priority
from smart.conditions import SEVERITY_NAMES, rule_problems, severity_label
from smart.models import Severity
from smart.services.rules import CHECKED, rule_create, rule_update

SEVERITY_ORDER = sorted(SEVERITY_NAMES, key=lambda name: -SEVERITY_NAMES[name])  # CRITICAL first
MIN_ROWS = 3
MAX_ROWS = 10
KIND_CHOICES = [
    ("simple", _("Simple: on the message itself")),
    ("duration", _("Duration: held for the seconds given")),
    ("repeating", _("Repeating: count times within the seconds given")),
]
MATCH_CHOICES = [("all", _("all rows hold")), ("any", _("any row holds"))]
OP_LABELS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "==": "=", "!=": "≠"}
DAY_CHOICES = [(str(i), label) for i, label in enumerate([_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")])]
EVENT_PREFIX = "event:"
OPTIONS = ("name", "details", "is_active", "opens_case", "case_category_code", "case_min_severity", "case_priority", "notify_maintainer")


def what_choices(device_type) -> list:
    """The measurements and events of the type, for the first column of a predicate row."""
    measurements = [(m["key"], f"{m['name']} ({m['key']}{', ' + m['unit'] if m.get('unit') else ''})") for m in device_type.measurements]
    events = [(EVENT_PREFIX + e["code"], f"{e['name']} ({e['code']})") for e in device_type.events]
    return [("", "—"), (_("Measurements"), measurements), (_("Events"), events)]


class ConditionForm(forms.Form):
    """One condition: a create condition of one severity, or the clear condition."""

    enabled = forms.BooleanField(label=_("Use this condition"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, initial="simple", required=False)
    match = forms.ChoiceField(label=_("Holds when"), choices=MATCH_CHOICES, initial="all", required=False)
    seconds = forms.IntegerField(label=_("Seconds"), required=False, help_text=_("Duration: how long; repeating: the window."))
    count = forms.IntegerField(label=_("Times"), required=False, help_text=_("Repeating only."))

    def __init__(self, *args, device_type, rows: int, title: str, block: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.title, self.block, self.row_count = title, block, rows
        self.severity = SEVERITY_NAMES.get(block)
        choices = what_choices(device_type)
        for i in range(rows):
            self.fields[f"what_{i}"] = forms.CharField(label=_("Measurement or event"), required=False, widget=forms.Select(choices=choices))
            self.fields[f"op_{i}"] = forms.CharField(label=_("Operator"), required=False, widget=forms.Select(choices=[("", "—"), *OP_LABELS.items()]))
            self.fields[f"value_{i}"] = forms.CharField(
                label=_("Value"), required=False, max_length=32, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8})
            )

    @property
    def is_open(self) -> bool:
        """Shown unfolded: in use, or with something to correct."""
        if self.is_bound:
            return bool(self.data.get(self.add_prefix("enabled"))) or bool(self.errors)
        return bool(self.initial.get("enabled"))

    def rows(self):
        return [(i + 1, self[f"what_{i}"], self[f"op_{i}"], self[f"value_{i}"]) for i in range(self.row_count)]

    def condition(self) -> dict | None:
        """The condition as the rule stores it (unchecked), or None when the block is not used."""
        d = self.cleaned_data
        if not d.get("enabled"):
            return None
        predicates = []
        for i in range(self.row_count):
            what = (d.get(f"what_{i}") or "").strip()
            op, value = d.get(f"op_{i}") or "", (d.get(f"value_{i}") or "").strip()
            if not what:
                if op or value:
                    predicates.append({"key": "", "source": "telemetry", "op": op, "value": value})  # reported as "say which"
                continue
            if what.startswith(EVENT_PREFIX):
                predicates.append({"key": what[len(EVENT_PREFIX) :], "source": "event"})
            else:
                predicates.append({"key": what, "source": "telemetry", "op": op, "value": value})
        cond = {"kind": d.get("kind") or "simple", "match": d.get("match") or "all", "predicates": predicates}
        if d.get("seconds") is not None:
            cond["seconds"] = d["seconds"]
        if d.get("count") is not None:
            cond["count"] = d["count"]
        return cond

    @staticmethod
    def initial_from(cond: dict | None) -> dict:
        if not cond:
            return {"enabled": False}
        out = {
            "enabled": True,
            "kind": cond.get("kind", "simple"),
            "match": cond.get("match", "all"),
            "seconds": cond.get("seconds"),
            "count": cond.get("count"),
        }
        for i, p in enumerate(cond.get("predicates", [])):
            if p.get("source") == "event":
                out[f"what_{i}"] = EVENT_PREFIX + p["key"]
            else:
                out[f"what_{i}"], out[f"op_{i}"], out[f"value_{i}"] = p["key"], p.get("op", ""), p.get("value", "")
        return out


def category_choices():
    return [("", "—")] + [(c.code, f"{c.code} {c.name}") for c in CaseCategory.objects.filter(is_active=True).order_by("code")]


class RuleForm(forms.Form):
    alarm_type = forms.SlugField(label=_("Alarm type"), max_length=32, help_text=_("A short code, e.g. overflow; one rule per device type and alarm type."))
    name = forms.CharField(label=_("Name"), max_length=50)
    details = forms.CharField(
        label=_("Details template"),
        max_length=200,
        required=False,
        help_text=_("Values of the message in braces, e.g. {fill_residual}; also {device}, {code}, {location} and, for an event, {event}."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    schedule_on = forms.BooleanField(label=_("Only at certain times"), required=False)
    days = forms.MultipleChoiceField(label=_("Days"), choices=DAY_CHOICES, required=False, widget=forms.CheckboxSelectMultiple)
    start = forms.CharField(label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.CharField(
        label=_("End time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("An end before the start spans midnight; equal to the start: the whole day."),
    )
    opens_case = forms.BooleanField(label=_("Opens a case"), required=False)
    case_category_code = forms.CharField(label=_("Case category"), required=False, widget=forms.Select)
    case_min_severity = forms.TypedChoiceField(
        label=_("From severity"), coerce=int, choices=[(s.value, s.label) for s in reversed(Severity)], initial=Severity.MAJOR
    )
    case_priority = forms.TypedChoiceField(label=_("Case priority"), coerce=int, choices=Priority.choices, initial=Priority.HIGH)
    notify_maintainer = forms.BooleanField(label=_("Notify the device's maintainer"), required=False)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_category_code"].widget.choices = category_choices()
        if editing:
            self.fields["alarm_type"].disabled = True
            self.fields["alarm_type"].help_text = _("The alarm type of a rule does not change; make a new rule for another.")


class RuleEditor:
    """The rule form and its condition blocks, bound together; `save()` after `is_valid()`."""

    def __init__(self, data=None, *, device_type, rule=None):
        self.device_type, self.rule, self.top_errors = device_type, rule, []
        initial = {}
        if rule is not None:
            initial = {f: getattr(rule, f) for f in ("alarm_type", *OPTIONS)}
            if rule.schedule:
                initial.update(
                    schedule_on=True, days=[str(d) for d in rule.schedule.get("days", [])], start=rule.schedule.get("start"), end=rule.schedule.get("end")
                )
        self.form = RuleForm(data, initial=initial, editing=rule is not None)
        conditions = (rule.create_conditions if rule else None) or {}
        blocks = [(name, severity_label(name), conditions.get(name)) for name in SEVERITY_ORDER]
        blocks.append(("clear", _("Clear condition"), rule.clear_condition if rule else None))
        self.blocks = []
        for name, title, cond in blocks:
            prefix = name.lower()
            rows = self._rows(data, prefix, cond)
            self.blocks.append(
                ConditionForm(data, prefix=prefix, initial=ConditionForm.initial_from(cond), device_type=device_type, rows=rows, title=title, block=name)
            )

    @staticmethod
    def _rows(data, prefix, cond) -> int:
        if data is not None:
            posted = [int(k.rsplit("_", 1)[1]) for k in data if k.startswith(f"{prefix}-what_") and k.rsplit("_", 1)[1].isdigit()]
            return min(MAX_ROWS, max([MIN_ROWS, *(i + 1 for i in posted)]))
        return min(MAX_ROWS, max(MIN_ROWS, len((cond or {}).get("predicates", [])) + 1))

    def values(self) -> dict:
        d = self.form.cleaned_data
        schedule = None
        if d.get("schedule_on"):
            schedule = {"days": [int(x) for x in d.get("days") or []], "start": d.get("start") or "00:00", "end": d.get("end") or "00:00"}
        create = {b.block: b.condition() for b in self.blocks if b.block != "clear" and b.condition() is not None}
        clear = next(b.condition() for b in self.blocks if b.block == "clear")
        values = {k: d[k] for k in OPTIONS}
        values.update(alarm_type=self.rule.alarm_type if self.rule else d["alarm_type"], create_conditions=create, clear_condition=clear, schedule=schedule)
        return values

    def is_valid(self) -> bool:
        ok = self.form.is_valid()
        ok = all([b.is_valid() for b in self.blocks]) and ok
        if not ok:
            return False
        values = self.values()
        _out, problems = rule_problems(
            device_type=self.device_type,
            rule_id=self.rule.pk if self.rule else None,
            **{k: values[k] for k in CHECKED},
        )
        by_block = {b.block: b for b in self.blocks}
        for key, messages in problems.items():
            if key.startswith("create_conditions."):
                by_block[key.split(".", 1)[1]].add_error(None, messages)
            elif key == "clear_condition":
                by_block["clear"].add_error(None, messages)
            elif key == "create_conditions":
                self.top_errors.extend(messages)
            elif key == "schedule":
                self.form.add_error("days", messages)
            elif key in self.form.fields and not self.form.fields[key].disabled:
                self.form.add_error(key, messages)
            else:
                self.top_errors.extend(messages)
        return not problems

    def save(self, by=None):
        values = self.values()
        try:
            if self.rule is None:
                return rule_create(device_type=self.device_type, by=by, **values)
            values.pop("alarm_type")
            return rule_update(rule=self.rule, by=by, **values)
        except ValidationError as e:  # e.g. the same alarm type saved meanwhile by someone else
            self.top_errors.extend(e.messages)
            return None
