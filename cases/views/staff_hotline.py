"""A 12345 hotline ticket keyed in by staff: the ticket number, the caller (kept encrypted), the problem and its place."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts.roles import CHANGE_CASE
from cases import services as svc
from cases.forms.staff import HotlineForm
from cases.models import Case, Source
from core.views import CapabilityMixin


def add_errors(form, e: ValidationError, default_field=None):
    """A service's ValidationError onto the form: by field where the form has it, else on the whole form."""
    items = e.message_dict.items() if hasattr(e, "error_dict") else [(default_field, e.messages)]
    for field, errs in items:
        form.add_error(field if field in form.fields else None, errs)


def outside_scope():
    return ValidationError({"unit": _("This place is outside your area; choose a place you look after.")})


class HotlineView(CapabilityMixin, FormView):
    form_class = HotlineForm
    template_name = "cases/staff/hotline.html"
    required_perm = CHANGE_CASE

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        d = form.cleaned_data
        user = self.request.user
        existing = Case.objects.filter(source=Source.HOTLINE, external_ref=d["external_ref"]).only("number").first()
        if existing is not None:
            form.add_error("external_ref", _("Ticket %(ref)s is already case %(number)s.") % {"ref": d["external_ref"], "number": existing.number})
            return self.form_invalid(form)
        try:
            with transaction.atomic():
                case = svc.case_report(
                    category=d["category"], description=d["description"], source=Source.HOTLINE, reporter=None, by=user,
                    unit=d["unit"], lat=d["lat"], lng=d["lng"], address=d["address"], priority=d["priority"],
                    external_ref=d["external_ref"], contact_name=d["contact_name"], contact_phone=d["contact_phone"],
                )  # fmt: skip
                if not user.has_perm(CHANGE_CASE, case):
                    raise outside_scope()
        except ValidationError as e:
            add_errors(form, e)
            return self.form_invalid(form)
        messages.success(self.request, _("Ticket %(ref)s is case %(number)s.") % {"ref": case.external_ref, "number": case.number})
        return redirect(reverse("cases:case-detail", args=[case.pk]))
