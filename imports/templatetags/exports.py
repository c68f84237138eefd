"""{% export_button kind under %}: a list's button to the audited Excel export of the imports app (issue 15 item 7).

Shown only to a user who may export `kind`. With a unit (`under`: the list's current unit filter, a Unit or its
id; no button when it is outside the user's export scope), or, without one, when the user may export under one unit
only, the button posts straight to `imports:export` (identifiers masked, recorded in the audit log); otherwise
it opens the export form on the import page with the kind chosen, to pick the unit."""

from django import template
from django.urls import reverse

from imports.selectors import export_unit, export_units, exportable_kinds
from imports.spec import SPECS

register = template.Library()


def _unit_id(under):
    value = getattr(under, "pk", under)
    return int(value) if str(value or "").isdigit() else None


def _root(user, under):
    """(shown, root): the unit the export is under, None to let the user choose it."""
    if _unit_id(under) is not None:  # the list's unit: exported as it is, or no button
        root = export_unit(user, _unit_id(under))
        return root is not None, root
    units = list(export_units(user))
    top = min((u.depth for u in units), default=0)
    tops = [u for u in units if u.depth == top]
    return True, (tops[0] if len(tops) == 1 else None)


@register.inclusion_tag("components/export_button.html", takes_context=True)
def export_button(context, kinds, under=None, title=""):
    """`kinds`: one export kind or several separated by spaces ("units buildings"); `title`: a card heading for
    the buttons (no card without a button)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = exportable_kinds(user) if user is not None and user.is_authenticated else []
    wanted = [k for k in str(kinds).split() if k in allowed]
    shown, root = _root(user, under) if wanted else (False, None)
    buttons = [{"kind": k, "label": SPECS[k].label, "choose_url": f"{reverse('imports:index')}?export={k}#export"} for k in wanted] if shown else []
    return {"buttons": buttons, "root": root, "title": title, "csrf_token": context.get("csrf_token")}
