"""The alarm rules editor (/smart/rules/): the rules of each device type, and a structured form to make
or change one. Staff holding smart.change_device anywhere may use it; anyone else gets 403. Rules
belong to device types, not to places, so there is no scope to narrow."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.roles import CHANGE_DEVICE
from cases.models import CaseCategory, Priority
from core.views import CapabilityMixin
from smart.conditions import SEVERITY_NAMES, severity_label
from smart.forms.rules import OP_LABELS, RuleEditor
from smart.models import AlarmRule, DeviceType
from smart.selectors import reading_text
from smart.text import duration_text, grouped


class RulesAccessMixin(CapabilityMixin):
    """Alarm rules are per device type, platform-wide (hung on no unit): whoever changes devices somewhere."""

    required_perm = CHANGE_DEVICE


def describe(device_type, cond: dict | None) -> str:
    """A condition in words, e.g. "其他垃圾满溢度 ≥ 90 % 或 湿垃圾满溢度 ≥ 90 %，持续 10 分钟", "…，30 分钟内 3 次";
    a value the measurement names in words shows as the word ("门 = 开")."""
    if not cond:
        return ""
    measurements = {m["key"]: m for m in device_type.measurements}
    events = {e["code"]: e["name"] for e in device_type.events}
    parts = []
    for p in cond.get("predicates", []):
        if p.get("source") == "event":
            parts.append(_("event “%(name)s”") % {"name": events.get(p["key"], p["key"])})
        else:
            m = measurements.get(p["key"], {"key": p["key"], "name": p["key"]})
            parts.append(f"{m['name']} {OP_LABELS.get(p.get('op'), p.get('op'))} {reading_text(m, p.get('value'))}")
    what = (_(" and ") if cond.get("match", "all") == "all" else _(" or ")).join(parts) or _("silent for longer than the type allows")
    if cond.get("kind") == "duration":
        return _("%(what)s, held for %(duration)s") % {"what": what, "duration": duration_text(cond.get("seconds"))}
    if cond.get("kind") == "repeating":
        words = {"what": what, "count": grouped(cond.get("count")), "duration": duration_text(cond.get("seconds"))}
        return _("%(what)s, %(count)s times within %(duration)s") % words
    return what


class RuleListView(RulesAccessMixin, TemplateView):
    template_name = "smart/rules/rule_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        categories = dict(CaseCategory.objects.filter(code__in=AlarmRule.objects.values("case_category_code")).values_list("code", "name"))
        types = DeviceType.objects.order_by("kind", "code").prefetch_related(Prefetch("alarm_rules", queryset=AlarmRule.objects.order_by("alarm_type")))
        groups = []
        for t in types:
            rows = []
            for rule in t.alarm_rules.all():
                create = [
                    (SEVERITY_NAMES[name], severity_label(name), describe(t, cond))
                    for name, cond in (rule.create_conditions or {}).items()
                    if name in SEVERITY_NAMES
                ]
                priority = Priority(rule.case_priority).label if rule.case_priority in Priority.values else rule.case_priority
                category = categories.get(rule.case_category_code, rule.case_category_code)  # its name; the code is in the code column
                create = sorted(create, key=lambda c: -c[0])
                rows.append({"rule": rule, "create": create, "clear": describe(t, rule.clear_condition), "priority": priority, "category": category})
            groups.append({"type": t, "rows": rows})
        ctx["groups"] = groups
        return ctx


class RuleEditView(RulesAccessMixin, View):
    """GET/POST /smart/rules/new/<type code>/ (a new rule) and /smart/rules/<id>/ (change one)."""

    template_name = "smart/rules/rule_form.html"

    def setup_editor(self, data=None):
        pk, code = self.kwargs.get("pk"), self.kwargs.get("type_code")
        if pk is not None:
            rule = get_object_or_404(AlarmRule.objects.select_related("device_type"), pk=pk)
            return RuleEditor(data, device_type=rule.device_type, rule=rule)
        return RuleEditor(data, device_type=get_object_or_404(DeviceType, code=code))

    def render(self, editor, status=200):
        return render(
            self.request, self.template_name, {"editor": editor, "form": editor.form, "device_type": editor.device_type, "rule": editor.rule}, status=status
        )

    def get(self, request, **kwargs):
        return self.render(self.setup_editor())

    def post(self, request, **kwargs):
        editor = self.setup_editor(request.POST)
        if editor.is_valid():
            rule = editor.save(by=request.user)
            if rule is not None:
                messages.success(request, _("The rule “%(name)s” is saved; it applies from the next message.") % {"name": rule.name})
                return redirect("smart:rule-edit", pk=rule.pk)
        return self.render(editor, status=400)
