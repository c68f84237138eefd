"""The API's one exception handler (core.exceptions.api_exception_handler): each domain error gets its code
and DRF's body shape, with the message it was raised with (in the request's language)."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from core.exceptions import Conflict
from core.workflow import IllegalTransition


def raising(make):
    class View(APIView):
        authentication_classes = []
        permission_classes = []

        def post(self, request):
            raise make()

    return View.as_view()


def answer(make, language="zh-hans"):
    with translation.override(language):
        response = raising(make)(APIRequestFactory().post("/api/x/", {}, format="json"))
        response.render()
    return response


def test_it_answers_an_illegal_step_409_with_its_message_in_chinese():
    r = answer(lambda: IllegalTransition(_("This survey is not taking answers.")))
    assert r.status_code == 409 and r.data == {"detail": "这份问卷当前不接受填写。"}


def test_it_answers_any_conflict_409_with_its_message():
    r = answer(lambda: Conflict(_("You have answered this survey already; each person answers once.")))
    assert r.status_code == 409 and r.data == {"detail": "您已填写过这份问卷，每人限填一次。"}


def test_it_answers_a_conflict_that_is_also_a_validation_error_409():
    class AlreadyDone(Conflict, DjangoValidationError):
        pass

    r = answer(lambda: AlreadyDone(_("You have answered this survey already; each person answers once.")))
    assert r.status_code == 409 and r.data == {"detail": "您已填写过这份问卷，每人限填一次。"}


def test_it_answers_a_services_field_errors_400_in_drfs_shape():
    r = answer(lambda: DjangoValidationError({"title": _("Give the survey a title.")}))
    assert r.status_code == 400 and r.data == {"title": ["请填写问卷标题。"]}


def test_it_answers_a_services_plain_error_400_under_non_field_errors():
    r = answer(lambda: DjangoValidationError(_("Add at least one question before opening the survey.")))
    assert r.status_code == 400 and r.data == {"non_field_errors": ["发布前请至少添加一道题。"]}


def test_it_answers_in_english_when_the_request_is_in_english():
    r = answer(lambda: IllegalTransition(_("This survey is not taking answers.")), language="en")
    assert r.status_code == 409 and r.data == {"detail": "This survey is not taking answers."}


def test_it_leaves_drfs_own_errors_as_drf_answers_them():
    r = answer(lambda: NotFound())
    assert r.status_code == 404 and r.data == {"detail": "未找到。"}


def test_it_leaves_other_errors_to_the_server_error_page():
    with pytest.raises(KeyError):
        answer(lambda: KeyError("x"))
