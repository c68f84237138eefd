"""JSON and XML bodies as GeoReport v2 writes them, and the spec's error body.

Lists are top-level arrays in JSON and a root element with one child per item in XML
(`<services><service>…`, `<service_requests><request>…`, `<errors><error>…`). Booleans are
`true`/`false`, a missing value is JSON null and an empty XML element. Both are UTF-8.
"""

import json
import re
from xml.etree import ElementTree as ET  # noqa: S405  building XML, not parsing it

from django.http import HttpResponse

# the element of one item of each list
ITEM = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_request_updates": "request_update",
}
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
FORMATS = tuple(CONTENT_TYPES)
# characters XML 1.0 cannot carry (a description pasted from elsewhere may hold them)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element, value, tag: str):
    if isinstance(value, list):
        for item in value:
            _fill(ET.SubElement(element, ITEM.get(tag, "item")), item, ITEM.get(tag, "item"))
    elif isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item, key)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, data, root)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode").encode()


def to_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def respond(fmt: str, root: str, data, status: int = 200, headers: dict | None = None) -> HttpResponse:
    """`root` names the XML root element (`services`, `service_definition`, ...); JSON ignores it."""
    body = to_xml(root, data) if fmt == "xml" else to_json(data)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def error_response(fmt: str, status: int, descriptions: list[str]) -> HttpResponse:
    return respond(fmt, "errors", [{"code": status, "description": str(d)} for d in descriptions], status=status)
