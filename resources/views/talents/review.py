"""The review queue: applications awaiting review where the user holds change_resource, oldest first,
each with its skills, week and story, and approve / do-not-accept buttons (posted to the talent's step)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from accounts.roles import CHANGE_RESOURCE
from core.views import CapabilityMixin
from resources.selectors.talents import review_queue, week_summary
from resources.views.talents.library import step_forms


def render_queue(request, bound=None, status=200):
    page = Paginator(review_queue(request.user), 20).get_page(request.GET.get("page"))
    rows = [(t, week_summary(t.availability), step_forms(t, bound)) for t in page.object_list]
    ctx = {
        "rows": rows,
        "page_obj": page,
        "here": "review",
        "next": request.get_full_path() if request.method == "GET" else request.POST.get("next") or reverse("resources:talent-review"),
    }
    return render(request, "resources/talents/review.html", ctx, status=status)


class ReviewQueueView(CapabilityMixin, View):
    required_perm = CHANGE_RESOURCE

    def get(self, request):
        return render_queue(request)
