"""Vendors (with their platform key, shown once) and maintainers: lists, create and edit, for the holders
of smart.change_device. Neither hangs on a unit: they are shared by the whole registry."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from accounts.roles import CHANGE_DEVICE
from core.views import CapabilityMixin
from smart.forms import MaintainerForm, VendorForm
from smart.models import Maintainer, Vendor
from smart.services.devices import maintainer_create, maintainer_update, vendor_create, vendor_new_key, vendor_update
from smart.views.registry import no_store


class RegistryAdminMixin(CapabilityMixin):
    """Vendors and maintainers: the platform's one list, hung on no unit; whoever changes devices somewhere keeps it."""

    required_perm = CHANGE_DEVICE


def add_errors(form, e: ValidationError):
    if hasattr(e, "error_dict"):
        for field, errs in e.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, e.messages)


class VendorListView(RegistryAdminMixin, ListView):
    template_name = "smart/vendor_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Vendor.objects.annotate(n_devices=Count("devices")).order_by("code")


class VendorFormView(RegistryAdminMixin, View):
    template_name = "smart/vendor_form.html"

    def get_vendor(self, pk):
        return get_object_or_404(Vendor, pk=pk) if pk else None

    def get(self, request, pk=None):
        vendor = self.get_vendor(pk)
        return render(request, self.template_name, {"form": VendorForm(instance=vendor), "vendor": vendor})

    def post(self, request, pk=None):
        vendor = self.get_vendor(pk)
        form = VendorForm(request.POST, instance=vendor)
        if form.is_valid():
            try:
                if vendor is None:
                    vendor, key = vendor_create(**form.cleaned_data)
                    return key_page(request, vendor, key, created=True)
                vendor_update(vendor=vendor, name=form.cleaned_data["name"], is_active=form.cleaned_data["is_active"])
            except ValidationError as e:
                add_errors(form, e)
            else:
                messages.success(request, _("Saved."))
                return redirect("smart:vendor-list")
        return render(request, self.template_name, {"form": form, "vendor": vendor}, status=400)


class VendorKeyView(RegistryAdminMixin, View):
    """POST: a new platform key for the vendor (the old one stops working), shown once."""

    def post(self, request, pk):
        vendor = get_object_or_404(Vendor, pk=pk)
        return key_page(request, vendor, vendor_new_key(vendor=vendor), created=False)


def key_page(request, vendor, key, created):
    return no_store(render(request, "smart/vendor_key.html", {"vendor": vendor, "key": key, "created": created}))


class MaintainerListView(RegistryAdminMixin, ListView):
    template_name = "smart/maintainer_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Maintainer.objects.annotate(n_devices=Count("devices", distinct=True), n_members=Count("members", distinct=True)).order_by("name")


class MaintainerFormView(RegistryAdminMixin, View):
    template_name = "smart/maintainer_form.html"

    def get_maintainer(self, pk):
        return get_object_or_404(Maintainer, pk=pk) if pk else None

    def get(self, request, pk=None):
        m = self.get_maintainer(pk)
        return render(request, self.template_name, {"form": MaintainerForm(instance=m), "maintainer": m})

    def post(self, request, pk=None):
        m = self.get_maintainer(pk)
        form = MaintainerForm(request.POST, instance=m)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if m is None:
                    maintainer_create(name=d["name"], phone=d["phone"], members=d["usernames"])
                else:
                    maintainer_update(maintainer=m, name=d["name"], phone=d["phone"], members=d["usernames"])
            except ValidationError as e:
                add_errors(form, e)
            else:
                messages.success(request, _("Saved."))
                return redirect("smart:maintainer-list")
        return render(request, self.template_name, {"form": form, "maintainer": m}, status=400)
