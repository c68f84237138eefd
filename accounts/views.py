from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import services
from accounts.filtersets import AssignmentFilterSet
from accounts.models import RoleAssignment, User
from accounts.roles import CHANGE_ROLEASSIGNMENT, ROLE_CHOICES, VIEW_ROLEASSIGNMENT
from core.views import ScopedListView, ScopedObjectView
from org.models import Unit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home:home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)




class GrantForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("user name"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=ROLE_CHOICES)
    unit_code = forms.CharField(label=gettext_lazy("unit code"), max_length=40)


class AssignmentListView(ScopedListView):
    """角色授权: who holds which role where; the security administrator grants and revokes."""

    model = RoleAssignment
    view_perm = VIEW_ROLEASSIGNMENT
    filterset_class = AssignmentFilterSet
    template_name = "accounts/assignment_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("user", "unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_grant"] = self.request.user.has_perm(CHANGE_ROLEASSIGNMENT)
        ctx["grant_form"] = kwargs.get("grant_form") or GrantForm()
        return ctx

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(CHANGE_ROLEASSIGNMENT):
            raise PermissionDenied
        form = GrantForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            user = User.objects.filter(username=d["username"]).first()
            unit = Unit.objects.for_user(request.user, CHANGE_ROLEASSIGNMENT).filter(code=d["unit_code"]).first()
            if user is None:
                form.add_error("username", _("No user has this name."))
            if unit is None:
                form.add_error("unit_code", _("No unit with this code in your scope."))
            if user and unit:
                try:
                    services.role_assign(user=user, role=d["role"], unit=unit, by=request.user)
                    messages.success(request, _("Role granted."))
                    return redirect("accounts:assignment-list")
                except ValidationError as e:
                    for f, errs in e.message_dict.items():
                        form.add_error(f if f in form.fields else None, errs)
        self.object_list = self.get_queryset()
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = self.filterset.qs
        return self.render_to_response(self.get_context_data(grant_form=form, filter=self.filterset), status=400)


class AssignmentRevokeView(ScopedObjectView):
    model, view_perm, change_perm = RoleAssignment, VIEW_ROLEASSIGNMENT, CHANGE_ROLEASSIGNMENT
    http_method_names = ["post"]

    def post(self, request, pk):
        assignment = self.object
        services.role_revoke(assignment=assignment)
        messages.success(request, _("Role revoked."))
        return redirect("accounts:assignment-list")
