"""Domain errors and the one place the API turns them into answers.

Services raise domain errors and trust the edge to answer them; the API's exception handler
(`REST_FRAMEWORK["EXCEPTION_HANDLER"]`) answers every view alike:

- `Conflict` (and `core.workflow.IllegalTransition`, one of them): 409 `{"detail": message}`, the
  object's state does not allow the request and nothing changed;
- `django.core.exceptions.ValidationError` raised by a service: 400 in DRF's shape, `{field: [messages]}`
  or `{"non_field_errors": [messages]}`;
- everything else as DRF answers it.

Messages are translated where they are raised, in the request's language (LocaleMiddleware)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback


class Conflict(Exception):  # noqa: N818  the domain's word for it
    """The object's state (or a step taken before) does not allow this; nothing changed. The edge answers 409."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def validation_error(e: DjangoValidationError) -> ValidationError:
    """A service's ValidationError in DRF's shape."""
    return ValidationError(e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages})


def conflict_response(e: Conflict) -> Response:
    return Response({"detail": str(e.message)}, status=status.HTTP_409_CONFLICT)


def api_exception_handler(exc, context):
    if isinstance(exc, Conflict):  # before ValidationError: a conflict may also be one (surveys.AlreadyAnswered)
        set_rollback()
        return conflict_response(exc)
    if isinstance(exc, DjangoValidationError):
        exc = validation_error(exc)
    return exception_handler(exc, context)
