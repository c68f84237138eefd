"""Small helpers shared by every app's forms (issue 15 item 7)."""

from django import forms


def only_root(queryset):
    """The id of the one unit every unit of `queryset` lies under (itself one of them), or None: a tree-shaped queryset of a
    model with a materialised `path` (org.Unit). Two small queries, whatever the size of the tree."""
    first = queryset.order_by("path").values_list("pk", "path").first()
    if first is None or queryset.exclude(path__startswith=first[1]).exists():
        return None
    return first[0]


def preselect_only_choice(form: forms.Form, name: str, choices=None) -> None:
    """When a user can choose only one value for `name`, that value is the field's initial value, so a secretary
    with one residential district never has to pick it. The one value is the given `choices`' only item, else the
    root of the field's unit tree (a queryset with `path`: a district with its grids and buildings counts as one
    unit), else the field's only choice. Bound forms, absent fields and given initials are left alone."""
    field = form.fields.get(name)
    if field is None or form.is_bound or form.initial.get(name) not in (None, ""):
        return
    if choices is not None:
        values = [getattr(c, "pk", c) for c in list(choices)[:2]]
    elif isinstance(field, forms.ModelChoiceField):
        qs = field.queryset
        if qs is None:
            return
        if any(f.name == "path" for f in qs.model._meta.get_fields()):
            root = only_root(qs)
            values = [root] if root is not None else []
        else:
            values = list(qs.values_list("pk", flat=True)[:2])
    else:
        values = [v for v, _label in field.choices if v not in ("", None)][:2]
    if len(values) == 1:
        form.initial[name] = values[0]
