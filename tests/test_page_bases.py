"""The page base classes (core.views): rights checked once in dispatch, objects from the scoped queryset,
domain errors answered one way."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from accounts.roles import CHANGE_UNIT, VIEW_CASE, VIEW_UNIT
from core.views import CapabilityView, ScopedObjectView, StepView, domain_error_response
from core.workflow import IllegalTransition
from org.models import Unit


def request_for(user, method="get", data=None):
    request = getattr(RequestFactory(), method)("/x/", data or {})
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def texts(request):
    return [str(m) for m in get_messages(request)]


class NeedsCases(CapabilityView):
    required_perm = VIEW_CASE

    def get(self, request):
        return HttpResponse("ok")


class NeedsBoth(NeedsCases):
    required_perm = (VIEW_CASE, CHANGE_UNIT)


class UnitPage(ScopedObjectView):
    model, view_perm, change_perm = Unit, VIEW_UNIT, CHANGE_UNIT

    def get(self, request, pk):
        return HttpResponse(self.object.name)

    post = get


class NoteForm(forms.Form):
    note = forms.CharField()


class UnitStep(StepView):
    model, view_perm, change_perm = Unit, VIEW_UNIT, CHANGE_UNIT
    form_class = NoteForm
    raises = None

    def run_step(self, form):
        if self.raises is not None:
            raise self.raises

    def success_url(self):
        return "/back/"

    def success_message(self):
        return "done"

    def form_invalid(self, form):
        return HttpResponse(repr(dict(form.errors)), status=400)


class Conflict(Exception):
    message = "already done"


def test_it_sends_a_signed_out_visitor_of_a_capability_page_to_sign_in(personas):
    from django.contrib.auth.models import AnonymousUser

    response = NeedsCases.as_view()(request_for(AnonymousUser()))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_forbids_a_capability_page_to_whoever_holds_the_right_nowhere(personas):
    with pytest.raises(PermissionDenied):
        NeedsCases.as_view()(request_for(personas["resident"]))
    assert NeedsCases.as_view()(request_for(personas["secretary"])).status_code == 200


def test_it_needs_each_right_a_capability_page_names(personas):
    with pytest.raises(PermissionDenied):
        NeedsBoth.as_view()(request_for(personas["secretary"]))  # views cases, changes no unit
    assert NeedsBoth.as_view()(request_for(personas["subdistrict_admin"])).status_code == 200


def test_it_answers_404_for_an_object_outside_the_scope(personas, tree):
    with pytest.raises(Http404):
        UnitPage.as_view()(request_for(personas["resident"]), pk=tree.D2.pk)
    assert UnitPage.as_view()(request_for(personas["resident"]), pk=tree.H1.pk).status_code == 200


def test_it_answers_403_to_a_change_without_the_right_but_shows_the_object(personas, tree):
    with pytest.raises(PermissionDenied):
        UnitPage.as_view()(request_for(personas["resident"], "post"), pk=tree.H1.pk)
    assert UnitPage.as_view()(request_for(personas["subdistrict_admin"], "post"), pk=tree.H1.pk).status_code == 200


def test_a_step_runs_and_says_so(personas, tree):
    request = request_for(personas["subdistrict_admin"], "post", {"note": "ok"})
    response = UnitStep.as_view()(request, pk=tree.H1.pk)
    assert (response.status_code, response["Location"], texts(request)) == (302, "/back/", ["done"])


def test_a_step_the_state_does_not_allow_is_a_message_and_a_redirect_back(personas, tree):
    request = request_for(personas["subdistrict_admin"], "post", {"note": "ok"})
    response = UnitStep.as_view(raises=IllegalTransition("不能这样做"))(request, pk=tree.H1.pk)
    assert (response.status_code, response["Location"], texts(request)) == (302, "/back/", ["不能这样做"])


def test_a_services_validation_error_goes_back_onto_the_steps_form(personas, tree):
    request = request_for(personas["subdistrict_admin"], "post", {"note": "ok"})
    response = UnitStep.as_view(raises=ValidationError({"note": "太短"}))(request, pk=tree.H1.pk)
    assert response.status_code == 400 and "太短" in response.content.decode() and texts(request) == []


def test_a_steps_own_conflict_is_answered_like_an_illegal_transition(personas, tree):
    request = request_for(personas["subdistrict_admin"], "post", {"note": "ok"})
    response = UnitStep.as_view(raises=Conflict(), extra_domain_errors=(Conflict,))(request, pk=tree.H1.pk)
    assert (response.status_code, texts(request)) == (302, ["already done"])


def test_a_step_checks_scope_and_right_before_its_form(personas, tree):
    with pytest.raises(Http404):
        UnitStep.as_view()(request_for(personas["resident"], "post"), pk=tree.D2.pk)
    with pytest.raises(PermissionDenied):
        UnitStep.as_view()(request_for(personas["resident"], "post"), pk=tree.H1.pk)


def test_a_validation_error_without_a_form_is_a_message(personas):
    request = request_for(personas["resident"])
    response = domain_error_response(request, ValidationError(["一", "二"]), back="/b/")
    assert (response["Location"], texts(request)) == ("/b/", ["一 二"])
