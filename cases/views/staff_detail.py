"""A case's page for staff: details, map, photos, timeline, and a form for each step the user may take now."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.context import client_ip
from cases import hooks
from cases import services as svc
from cases.forms.staff import STEP_FORMS, DispatchForm, MergeForm
from cases.models import Case, Source
from cases.photos import photos_checked
from cases.queues import cases_visible_to
from cases.rules import allowed_steps, step_perm
from cases.selectors import case_timeline, duplicate_candidates
from cases.workflow import CASE_WORKFLOW
from core.protect import mask_display_name
from core.views import ScopedObjectView, domain_error_response
from core.workflow import IllegalTransition

# the form each workflow step is taken with (verify_pass and verify_fail share one form)
FORM_OF_STEP = {"verify_pass": "verify", "verify_fail": "verify", "approve_extension": "extension", "refuse_extension": "extension"}
# the right checked for a form that takes several steps
STEP_OF_FORM = {"verify": "verify_pass", "extension": "approve_extension"}
ACTION_LABELS = {
    "report": gettext_lazy("Reported"),
    "accept": gettext_lazy("Registered"),
    "reject": gettext_lazy("Not registered"),
    "merge": gettext_lazy("Merged"),
    "dispatch": gettext_lazy("Dispatched"),
    "start": gettext_lazy("Handling started"),
    "complete": gettext_lazy("Handling completed"),
    "verify_pass": gettext_lazy("Check passed"),
    "verify_fail": gettext_lazy("Check not passed"),
    "rate": gettext_lazy("Rated"),
    "supervise": gettext_lazy("Supervised"),
    "escalate": gettext_lazy("Escalated (overdue)"),
    "reopen": gettext_lazy("Reopened"),
    "repeat": gettext_lazy("Reported again"),
    "request_extension": gettext_lazy("Extension requested"),
    "approve_extension": gettext_lazy("Extension approved"),
    "refuse_extension": gettext_lazy("Extension refused"),
}
BUTTONS = {
    "accept": gettext_lazy("Register (立案)"),
    "reject": gettext_lazy("Do not register"),
    "merge": gettext_lazy("Merge as a duplicate"),
    "dispatch": gettext_lazy("Dispatch"),
    "start": gettext_lazy("Start handling"),
    "complete": gettext_lazy("Handling completed"),
    "verify": gettext_lazy("Record the check"),
    "rate": gettext_lazy("Record the rating"),
    "supervise": gettext_lazy("Supervise (督办)"),
    "request_extension": gettext_lazy("Ask for an extension (延期)"),
    "extension": gettext_lazy("Decide on the extension"),
    "reopen": gettext_lazy("Reopen"),
}


# who reported a case that no account reported, as staff read it
NO_ACCOUNT = {Source.HOTLINE: gettext_lazy("Hotline caller"), Source.DEVICE: Source.DEVICE.label, Source.CAMERA: Source.CAMERA.label}
# the sources whose reporter is a resident (masked); the others' (a grid worker's patrol, a representative's
# suggestion) are staff or community roles, named in full like every other step's author
RESIDENT_SOURCES = {Source.RESIDENT, Source.OPEN311}


def reporter_shown(case) -> str:
    """Who reported the case, as staff see it: a resident by a masked name ("张**", "居民 张**"; "居民" when the
    account has no name to show), a staff reporter by name, "访客" for a report without an account, "热线来电"
    for the hotline."""
    if case.reporter_id is None:
        return str(NO_ACCOUNT.get(case.source, _("A visitor")))
    if case.source in RESIDENT_SOURCES:
        return mask_display_name(str(case.reporter)) or _("Resident")
    return str(case.reporter)


def who(user, case, action="") -> str:
    """Staff by name; the reporter as `reporter_shown` (also a report made without an account); else the system."""
    if user is None:
        return reporter_shown(case) if action == "report" else _("System")
    return reporter_shown(case) if user.pk == case.reporter_id else str(user)


CASE_RELATED = ("category", "grid", "unit", "handling_unit", "reporter", "merged_into", "element")


def step_forms(user, case, bound=None):
    """[(form name, heading, form)] for the steps the user may take now; `bound` replaces one with its bound copy."""
    out, seen = [], set()
    for action in allowed_steps(user, case):
        name = FORM_OF_STEP.get(action, action)
        if name in seen:
            continue
        seen.add(name)
        if bound is not None and bound[0] == name:
            form = bound[1]
        else:
            form = make_form(name, user, case)
        if form is not None:
            out.append((name, BUTTONS[name], form))
    return out


def make_form(name, user, case, data=None, files=None):
    cls = STEP_FORMS[name]
    if cls is MergeForm:
        near = [c.pk for c in duplicate_candidates(case)]
        candidates = list(cases_visible_to(user).filter(pk__in=near).order_by("-id")) if near else []
        return cls(data, files, candidates=candidates, prefix=name) if candidates else None
    if cls is DispatchForm:
        initial = {"handler_kind": case.handler_kind or case.category.handler_kind, "handling_unit": case.handling_unit_id}
        return cls(data, files, user=user, extra_paths=[case.unit_path], prefix=name, initial=initial)
    initial = {"priority": case.priority} if name == "accept" else None
    return cls(data, files, prefix=name, initial=initial)


def render_case(request, case, bound=None, status=200):
    user = request.user
    now = timezone.now()
    timeline = [
        {
            "at": t.at,
            "action": ACTION_LABELS.get(t.action, t.action),
            "from": CASE_WORKFLOW.label(t.from_state) if t.from_state else "",
            "to": CASE_WORKFLOW.label(t.to_state),
            "by": who(t.by, case, t.action),
            "note": t.note,
        }
        for t in case_timeline(case)
    ]
    ctx = {
        "case": case,
        "now": now,
        "overdue": case.is_late(now),
        "reporter_masked": reporter_shown(case),
        "photos": list(case.photos.all()),
        "timeline": timeline,
        "steps": step_forms(user, case, bound),
        "can_reveal_contact": bool(case.contact_phone_enc) and user.has_perm("cases.reveal_contact", case),
        "map_tile_url": settings.MAP_TILE_URL,
        "linked": hooks.case_page_links(user, case),  # e.g. the resolution's action that opened the case
    }
    return render(request, "cases/staff/case_detail.html", ctx, status=status)


class CaseObjectView(ScopedObjectView):
    """A staff page of one case: the case from `cases_visible_to` (404 outside)."""

    model = Case

    def get_queryset(self):
        return cases_visible_to(self.request.user).select_related(*CASE_RELATED)


class CaseDetailView(CaseObjectView):
    def get(self, request, pk):
        return render_case(request, self.object)


class CaseContactRevealView(ScopedObjectView):
    """POST: the caller's number in full, to call them back (htmx fragment); needs the right, and is audited."""

    model = Case
    http_method_names = ["post"]

    def get_queryset(self):
        return cases_visible_to(self.request.user)

    def post(self, request, pk):
        case = self.object
        if not case.contact_phone_enc:
            raise Http404
        if not request.user.has_perm("cases.reveal_contact", case):
            raise PermissionDenied
        value = svc.case_contact_reveal(case=case, by=request.user, ip=client_ip(request))
        return render(request, "people/_revealed.html", {"value": value, "field": "contact_phone"})


def safe_next(request, default):
    nxt = request.POST.get("next") or ""
    return nxt if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()) else default


def run_step(name, case, user, data):
    if name == "accept":
        return svc.case_accept(case=case, by=user, note=data["note"], priority=data["priority"])
    if name == "reject":
        return svc.case_reject(case=case, by=user, reason=data["reason"])
    if name == "merge":
        return svc.case_merge(case=case, into=data["into"], by=user, note=data["note"])
    if name == "dispatch":
        return svc.case_dispatch(case=case, to=data["handling_unit"], handler_kind=data["handler_kind"], by=user, note=data["note"])
    if name == "complete":
        return svc.case_complete(case=case, by=user, note=data["note"], photos=data["images"])
    if name == "verify":
        return svc.case_verify(case=case, by=user, passed=data["passed"], note=data["note"])
    if name == "rate":
        return svc.case_rate(case=case, by=user, rating=data["rating"], note=data["note"])
    if name == "request_extension":
        return svc.case_request_extension(case=case, by=user, reason=data["reason"])
    if name == "extension":
        return svc.case_decide_extension(case=case, by=user, approved=data["approved"], note=data["note"])
    service = {"start": svc.case_start, "supervise": svc.case_supervise, "reopen": svc.case_reopen}[name]
    return service(case=case, by=user, note=data["note"])


class CaseStepView(CaseObjectView):
    """POST one step: 404 outside the scope, 403 without the right, the form's errors, or a clear message
    when the step is not allowed from the case's state (nothing changes)."""

    http_method_names = ["post"]

    def post(self, request, pk, action):
        if action not in STEP_FORMS:
            raise Http404
        user = request.user
        case = self.object
        if not user.has_perm(step_perm(STEP_OF_FORM.get(action, action)), case):
            raise PermissionDenied
        form = make_form(action, user, case, request.POST, request.FILES)
        if form is None:  # merge with no candidate left
            messages.error(request, _("There is no open case nearby to merge this one into."))
            return redirect(safe_next(request, case_url(case)))
        if not form.is_valid():
            return render_case(request, case, bound=(action, form), status=400)
        data = dict(form.cleaned_data)
        try:
            if action == "complete":
                data["images"] = photos_checked(data.get("photos"))
            run_step(action, case, user, data)
        except IllegalTransition as e:
            return domain_error_response(request, e, back=safe_next(request, case_url(case)))
        except ValidationError as e:
            if action == "complete" and not hasattr(e, "error_dict"):
                e = ValidationError({"photos": e.messages})
            return domain_error_response(request, e, back=case_url(case), form=form, rerender=lambda: render_case(request, self.get_object(), bound=(action, form), status=400))
        done = {
            "verify": "verify_pass" if data.get("passed") else "verify_fail",
            "extension": "approve_extension" if data.get("approved") else "refuse_extension",
        }.get(action, action)
        messages.success(request, _("Case %(number)s: %(step)s.") % {"number": case.number, "step": ACTION_LABELS[done]})
        return redirect(safe_next(request, case_url(case)))


def case_url(case):
    return reverse("cases:case-detail", args=[case.pk])
