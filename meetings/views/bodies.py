"""Pages of bodies: the list (by unit and kind), a body's page (seats, members, rules, meetings, its 睦邻点), a new
body, its rules, members added and their terms ended, seats added and retired, and the kinds of body."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import MANAGE_BODY, VIEW_BODY
from core.views import CapabilityView, ScopedFormView, ScopedListView, ScopedObjectPage, StepView, domain_error_response
from meetings.filtersets import BodyFilterSet
from meetings.forms.bodies import BodyCreateForm, BodyRulesForm, MemberForm, SeatForm
from meetings.models import Body, BodyKind, Membership, Seat
from meetings.selectors.bodies import bodies_visible_to, body_rows, past_members, seats_with_holders
from meetings.selectors.meetings import meeting_rows
from meetings.services import bodies as svc


class BodyListView(ScopedListView):
    model = Body
    view_perm = VIEW_BODY
    filterset_class = BodyFilterSet
    template_name = "meetings/body_list.html"

    def get_queryset(self):
        return body_rows(bodies_visible_to(self.request.user)).order_by("unit_path", "kind__order", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_create"] = self.request.user.has_perm(MANAGE_BODY)
        return ctx


class BodyCreateView(CapabilityView):
    required_perm = MANAGE_BODY
    template_name = "meetings/body_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": BodyCreateForm(user=request.user, initial={"kind": request.GET.get("kind")})})

    def post(self, request):
        form = BodyCreateForm(request.POST, user=request.user)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        d = form.cleaned_data
        try:
            body = svc.body_create(
                kind=d["kind"], unit=d["unit"], by=request.user, name=d["name"], point=d["point"], term_start=d["term_start"], term_end=d["term_end"]
            )
        except ValidationError as e:
            return domain_error_response(
                request, e, back=request.path, form=form, rerender=lambda: render(request, self.template_name, {"form": form}, status=400)
            )
        messages.success(request, _("Body set up with %(n)s seats.") % {"n": body.seats.count()})
        return redirect(body)


class BodyObjectMixin:
    model = Body
    view_perm = VIEW_BODY

    def get_queryset(self):
        return bodies_visible_to(self.request.user).select_related("kind", "unit", "point", "room__place")


class BodyDetailView(BodyObjectMixin, ScopedObjectPage):
    template_name = "meetings/body_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        body, user, now = self.object, self.request.user, timezone.now()
        meetings = meeting_rows(body.meetings.all())
        can_manage = user.has_perm("meetings.change_body", body)
        ctx.update(
            body=body,
            seats=seats_with_holders(body),
            past_members=past_members(body),
            upcoming=list(meetings.filter(ends_at__gte=now).order_by("starts_at", "id")[:10]),
            past=list(meetings.filter(ends_at__lt=now).order_by("-starts_at", "-id")[:10]),
            can_manage=can_manage,
            seat_form=SeatForm() if can_manage else None,
            point_url=reverse("services:point-detail", args=[body.point_id]) if body.point_id else "",
        )
        return ctx


class BodyEditView(BodyObjectMixin, ScopedFormView):
    change_perm = "meetings.change_body"
    form_class = BodyRulesForm
    template_name = "meetings/body_rules.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.object}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"body": self.object}

    def form_valid(self, form):
        d = dict(form.cleaned_data)
        required = d.pop("required_seats")
        try:
            svc.body_update(body=Body.objects.get(pk=self.object.pk), by=self.request.user, required_seats=required, **d)
        except ValidationError as e:
            return domain_error_response(self.request, e, back=self.request.path, form=form, rerender=lambda: self.form_invalid(form))
        messages.success(self.request, _("The body's rules are saved."))
        return redirect(self.object)


class MemberAddView(BodyObjectMixin, ScopedFormView):
    change_perm = "meetings.change_body"
    form_class = MemberForm
    template_name = "meetings/member_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"body": self.object}

    def get_initial(self):
        return {"seat": self.request.GET.get("seat")}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"body": self.object}

    def form_valid(self, form):
        d = form.cleaned_data
        try:
            m = svc.membership_add(
                seat=d["seat"], by=self.request.user, user=d["user"], resident=d["resident"], name=d["name"], role=d["role"], start=d["start"], end=d["end"]
            )
        except ValidationError as e:
            return domain_error_response(self.request, e, back=self.request.path, form=form, rerender=lambda: self.form_invalid(form))
        messages.success(self.request, _("%(name)s now holds the seat “%(seat)s”.") % {"name": m.name, "seat": m.seat.name})
        return redirect(self.object)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BodyStepView(BodyObjectMixin, StepView):
    """The body page's small writes, each a POST naming its row: end a member's term (`membership`), add a seat,
    retire a seat (`seat`)."""

    change_perm = "meetings.change_body"
    extra_domain_errors = (Membership.DoesNotExist, Seat.DoesNotExist)

    def run_step(self, form):
        body, by, action = self.object, self.request.user, self.kwargs["action"]
        post = self.request.POST
        if action == "end-member":
            svc.membership_end(membership=Membership.objects.get(pk=_id(post.get("membership")), body=body), by=by)
            self.message = _("The member's term has ended.")
        elif action == "add-seat":
            f = SeatForm(post)
            if not f.is_valid():
                raise ValidationError([m for errs in f.errors.values() for m in errs])
            svc.seat_add(body=body, by=by, **f.cleaned_data)
            self.message = _("Seat added.")
        elif action == "retire-seat":
            svc.seat_retire(seat=Seat.objects.get(pk=_id(post.get("seat")), body=body), by=by)
            self.message = _("Seat retired.")
        else:
            raise ValidationError(_("Unknown action."))

    def domain_error(self, exc, form):
        if isinstance(exc, Membership.DoesNotExist | Seat.DoesNotExist):
            exc = ValidationError(_("That row is not on this body."))
        return super().domain_error(exc, form)

    def success_message(self):
        return getattr(self, "message", "")


def _id(value) -> int:
    return int(value) if str(value or "").isdigit() and len(str(value)) < 18 else 0


class KindListView(CapabilityView):
    """The kinds of body and their seat templates, as data."""

    required_perm = VIEW_BODY

    def get(self, request):
        kinds = BodyKind.objects.prefetch_related("seat_templates").order_by("order", "id")
        return render(request, "meetings/kind_list.html", {"kinds": kinds})
