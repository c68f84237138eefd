"""Open311 GeoReport v2 at /open311/v2/ (DOMAIN-RULES §2): a protocol adapter over the case
services and selectors. The format is the URL's suffix (.json or .xml); errors use the spec's body
and status codes (404 unknown jurisdiction/service/request/token, 403 api_key, 400 otherwise) in the
caller's language (Accept-Language; Chinese by default).

GET calls are public and read only non-personal fields. POST requests needs an api_key; it is
exempt from CSRF (no session or cookie is used) and throttled per key.
"""

import datetime
import functools
import uuid

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from open311 import conf, intake, params, selectors, serializers, services
from open311.params import Open311Error
from open311.renderers import error_response, respond

# when the discovery document (this endpoint's capabilities) last changed
CHANGESET = datetime.datetime(2026, 11, 25, tzinfo=datetime.UTC)


def _jurisdiction(request):
    given = params.value(request.POST, "jurisdiction_id") or params.value(request.GET, "jurisdiction_id")
    if given and given != conf.get("OPEN311_JURISDICTION"):
        raise Open311Error(404, _("Unknown jurisdiction_id “%(id)s”.") % {"id": given[:100]})
    return selectors.jurisdiction_unit()


def endpoint(*methods):
    """Checks the method and the jurisdiction, passes the jurisdiction's unit on, and answers an
    `Open311Error` in the spec's error format."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapped(request, fmt, **kwargs):
            try:
                if request.method not in methods:
                    response = error_response(fmt, 405, [_("This method is not allowed here.")])
                    response["Allow"] = ", ".join(methods)
                    return response
                return view(request, fmt, unit=_jurisdiction(request), **kwargs)
            except Open311Error as exc:
                return error_response(fmt, exc.status, exc.descriptions)

        return wrapped

    return decorate


@endpoint("GET")
def discovery(request, fmt, unit):
    base = reverse("open311:discovery", kwargs={"fmt": fmt}).rsplit("/", 1)[0] + "/"
    return respond(fmt, "discovery", serializers.discovery_repr(request.build_absolute_uri(base), CHANGESET))


@endpoint("GET")
def service_list(request, fmt, unit):
    return respond(fmt, "services", [serializers.service_repr(c) for c in selectors.services()])


@endpoint("GET")
def service_definition(request, fmt, unit, code):
    category = selectors.service(code)
    if category is None:
        raise Open311Error(404, _("Unknown service_code “%(code)s”.") % {"code": code[:100]})
    return respond(fmt, "service_definition", serializers.definition_repr(category, selectors.service_attributes(category)))


def _requests_found(request, unit):
    numbers = params.comma_list(request.GET, "service_request_id")
    if numbers:  # the spec: this overrides all other arguments
        return selectors.requests_by_number(unit, numbers[: conf.MAX_REQUESTS])[: conf.MAX_REQUESTS]
    start, end = params.date_range(request.GET)
    statuses = params.statuses(request.GET)
    number, size = params.page(request.GET)
    found = selectors.requests_search(unit, start=start, end=end, codes=params.comma_list(request.GET, "service_code"), statuses=statuses)
    return found[(number - 1) * size : number * size]


def _post_request(request, fmt, unit):
    raw_key = params.value(request.POST, "api_key") or params.value(request.GET, "api_key")
    if not raw_key:
        raise Open311Error(403, _("An api_key is required to post a request."))
    api_key = services.apikey_find(raw_key)
    if api_key is None:
        raise Open311Error(403, _("This api_key is not valid."))
    if services.apikey_throttled(api_key):
        response = error_response(fmt, 429, [_("Too many requests from this api_key; try again in a minute.")])
        response["Retry-After"] = "60"
        return response
    new = intake.new_request(request.POST, unit)
    try:
        case, token = services.request_submit(new=new, api_key=api_key)
    except ValidationError as exc:
        raise Open311Error(400, *exc.messages) from exc
    # the request id is returned at once (type realtime); the token is handed out as well, in a header
    return respond(fmt, "service_requests", [serializers.created_repr(case, new.account_id)], headers={"X-Open311-Token": str(token.token)})


@endpoint("GET", "POST")
def request_list(request, fmt, unit):
    if request.method == "POST":
        return _post_request(request, fmt, unit)
    writer = serializers.Writer(request)
    return respond(fmt, "service_requests", [writer.request_repr(row) for row in _requests_found(request, unit)])


@endpoint("GET")
def request_detail(request, fmt, unit, number):
    row = selectors.request_by_number(unit, number)
    if row is None:
        raise Open311Error(404, _("No request with the id “%(id)s”.") % {"id": number[:100]})
    return respond(fmt, "service_requests", [serializers.Writer(request).request_repr(row)])


@endpoint("GET")
def token_detail(request, fmt, unit, token):
    try:
        case = selectors.case_by_token(unit, uuid.UUID(token))
    except ValueError:
        case = None
    if case is None:
        raise Open311Error(404, _("No request for the token “%(token)s”.") % {"token": token[:100]})
    return respond(fmt, "service_requests", [serializers.token_repr(case, token)])


@endpoint("GET")
def update_list(request, fmt, unit):
    start, end = params.date_range(request.GET)
    number, size = params.page(request.GET)
    found = selectors.updates(unit, start=start, end=end)[(number - 1) * size : number * size]
    writer = serializers.Writer(request)
    return respond(fmt, "service_request_updates", [writer.update_repr(row) for row in found])


@csrf_exempt
def not_found(request, path=""):
    fmt = "json" if path.endswith(".json") else "xml"
    return error_response(fmt, 404, [_("There is no such Open311 resource.")])
