"""OpenAPI post-processing: document the error answers every operation can give.

Every operation may answer 401 (not signed in), 403 (role may not), 404 (outside the scope, or a page
beyond the last); operations with a body or filters may answer 400 with field errors."""

ERROR = {"type": "object", "additionalProperties": True, "description": "{'detail': message} or {field: [messages]}"}
ERRORS = {
    "400": "Invalid input; messages in the requested language",
    "401": "Not signed in",
    "403": "The role may not do this here",
    "404": "Not found, or outside the caller's scope",
    "415": "Unsupported or malformed request body",
    "503": "The database is briefly unavailable; retry after the Retry-After seconds",
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, text in ERRORS.items():
                operation["responses"].setdefault(
                    code, {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                )
    return result
