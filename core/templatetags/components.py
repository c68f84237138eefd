"""The shared page pieces of templates/components/ as tags (issue 14 item 7): a state badge, a sub-menu, the step
forms under an object's detail page. `{% load components %}`.

    {% state_badge case %}                       the object's state, its label and the tone its workflow declares
    {% state_badge state=d.state label=d.get_state_display tone="muted" %}   a state that is not a workflow's
    {% submenu _("Problems and cases") %}{% subitem "cases:report" _("Report a problem") key="report" %}{% endsubmenu %}
    {% step_forms steps "cases:case-step" case.pk %}

A tone is data, not CSS per app: `Workflow(tones={...})` (core.workflow) or a model's `state_tones`; the colours
of the tones are in static/core/components.css. tests/test_components.py fails when a template outside
templates/components/ writes a badge, a sub-menu, a week grid or a chart/map setup by hand."""

from django import template
from django.urls import reverse

from core.workflow import TONES

register = template.Library()


def tone_of(obj, state: str) -> str:
    """The tone of `state` as declared for `obj`: its workflow's tones, else the model's `state_tones`."""
    wf = getattr(obj, "workflow", None)
    tones = getattr(wf, "tones", None) or getattr(obj, "state_tones", None) or {}
    tone = tones.get(str(state), "neutral")
    return tone if tone in TONES else "neutral"


@register.inclusion_tag("components/state_badge.html")
def state_badge(obj=None, *, state=None, label=None, tone=None, id=None):  # noqa: A002  the HTML attribute
    if obj is not None:
        wf = getattr(obj, "workflow", None)
        field = getattr(wf, "field", "state")
        state = getattr(obj, field) if state is None else state
        if label is None:
            display = getattr(obj, f"get_{field}_display", None)
            label = display() if display else (wf.label(state) if wf else state)
        tone = tone or tone_of(obj, state)
    return {"state": state, "label": label if label is not None else state, "tone": tone if tone in TONES else "neutral", "id": id}


class SubmenuNode(template.Node):
    def __init__(self, label, classes, nodelist):
        self.label, self.classes, self.nodelist = label, classes, nodelist

    def render(self, context):
        items = self.nodelist.render(context)
        tpl = context.template.engine.get_template("components/submenu.html")
        with context.push(
            submenu_label=self.label.resolve(context), submenu_classes=self.classes.resolve(context) if self.classes else "", submenu_items=items
        ):
            return tpl.render(context)


@register.tag
def submenu(parser, token):
    """`{% submenu label ["touch"|"no-print" ...] %} {% subitem ... %} ... {% endsubmenu %}`: the one sub-menu."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("submenu takes a label and optional classes")
    nodelist = parser.parse(("endsubmenu",))
    parser.delete_first_token()
    return SubmenuNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]) if len(bits) == 3 else None, nodelist)


@register.inclusion_tag("components/subitem.html", takes_context=True)
def subitem(context, target, label, key=None, id=None, query="", current=None):  # noqa: A002  the HTML attribute
    """One entry of a sub-menu: `target` is a URL name (without arguments) or a URL; it is the current page when
    `key` equals the page's `here` (or when `current` is true)."""
    url = target if str(target).startswith(("/", "?", "http")) else reverse(target)
    here = context.get("here")
    is_current = bool(current) if current is not None else (key is not None and key != "" and key == here)
    return {"url": f"{url}{query}", "label": label, "id": id, "current": is_current}


@register.inclusion_tag("components/step_forms.html", takes_context=True)
def step_forms(context, steps, url_name=None, pk=None, secondary="", extra=None):
    """The forms of the steps the user may take now, under an object's page: `steps` are (action, label, form)
    triples posted to `url_name` with (pk, action), or dicts/objects with action, label, form and url. `secondary`
    names the actions whose button is secondary (space-separated); `extra` is a template included in the grid."""
    rows = []
    for s in steps:
        if isinstance(s, (tuple, list)):
            action, label, form = s
            url = reverse(url_name, args=[pk, action])
        elif isinstance(s, dict):
            action, label, form, url = s["action"], s["label"], s["form"], s["url"]
        else:
            action, label, form, url = s.action, s.label, s.form, s.url
        rows.append({"action": action, "label": label, "form": form, "url": url})
    return {**context.flatten(), "rows": rows, "secondary": secondary.split(), "extra": extra}
