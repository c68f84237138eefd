from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import preselect_only_choice
from imports.problems import FileProblem, render
from imports.reader import check_upload
from imports.selectors import export_unit, export_unit_by_code, export_units, exportable_kinds, importable_kinds
from imports.spec import MAX_UPLOAD_MB, SPECS

NBSP = "\u00a0"


def kind_choices(kinds) -> list:
    return [(k, SPECS[k].label) for k in kinds]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What does the file contain?"))
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices(importable_kinds(user))
        self.fields["file"].help_text = gettext("Fill in the template for this kind of data; at most %(mb)s MB.") % {"mb": MAX_UPLOAD_MB}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except FileProblem as e:
            raise ValidationError([render(p.as_dict()) for p in e.problems]) from None
        return upload


def unit_label(unit, top_depth: int) -> str:
    return f"{NBSP * 3 * max(unit.depth - top_depth, 0)}{unit.name} ({unit.code})"


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Data to export"))
    unit = forms.TypedChoiceField(label=_("Under the unit"), coerce=int, required=False, empty_value=None)
    code = forms.CharField(label=_("or unit code"), required=False, max_length=40, help_text=_("For a grid or a building, type its code."))

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "export_%s")  # the upload form on the same page has its own `kind`
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["kind"].choices = kind_choices(exportable_kinds(user))
        units = list(export_units(user))
        top = min((u.depth for u in units), default=1)
        self.fields["unit"].choices = [("", _("— choose —"))] + [(u.pk, unit_label(u, top)) for u in units]
        preselect_only_choice(self, "unit", choices=[u for u in units if u.depth == top])  # a secretary's only 居民区
        preselect_only_choice(self, "kind")

    def clean(self):
        data = super().clean()
        code = (data.get("code") or "").strip()
        if code:
            data["root"] = export_unit_by_code(self.user, code)
            if data["root"] is None:
                self.add_error("code", _("No unit with this code is among the units you may export."))
        elif data.get("unit") is not None:
            data["root"] = export_unit(self.user, data["unit"])
            if data["root"] is None:
                self.add_error("unit", _("Choose a unit, or type a unit code."))
        elif not self.errors:
            self.add_error("unit", _("Choose a unit, or type a unit code."))
        return data
