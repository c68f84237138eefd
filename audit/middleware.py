from audit.context import current_request
from audit.models import AuditAction
from audit.services import audit_record

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
QUIET_PATHS = ("/i18n/", "/accounts/login/")


class AuditContextMiddleware:
    """Makes the request available to audit signals, and records refused write requests: method, path (without
    its query, long numbers masked: audit.services.safe_path) and status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            if request.method in WRITE_METHODS and response.status_code in (401, 403, 404, 405, 409) and not request.path.startswith(QUIET_PATHS):
                audit_record(
                    action=AuditAction.REQUEST, success=False, object_type=request.method, object_repr=f"HTTP {response.status_code}",
                    changes={"method": request.method, "status": response.status_code},
                )
            return response
        finally:
            current_request.reset(token)
