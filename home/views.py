"""`/`: the front door that fits the person (core.menu's fronts, home.rules.works_as_staff).

- Visitors without an account: a public start page (report a problem, track a case by its number, the
  service menu and stations, sign in).
- Residents and everyone signed in without staff work: the resident front, phone first (the four things
  residents come for, and their latest reports).
- Staff: today's work (each app's `work.py`, core.work) with counts and links to the filtered lists, and
  a short line of their roles.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from accounts.models import RoleAssignment
from cases.forms.resident import TrackForm
from cases.selectors import cases_followed_by
from core.discovery import app_modules
from core.scoping import has_perm_anywhere
from home.rules import front_of

RECENT_REPORTS = 3


def work_items():
    """Every app's work items (`ITEMS` of its `work.py`), in their order."""
    return sorted((item for m in app_modules("work") for item in getattr(m, "ITEMS", ())), key=lambda i: (i.order, i.key))


def todays_work(user, now=None) -> list[dict]:
    """The work items `user` may act on, each with its count (scoped to what the user may see, one query per
    item whatever the data) and the link to the list filtered to the same rows."""
    now = now or timezone.now()
    allowed = {}
    rows = []
    for item in work_items():
        if not any(allowed.setdefault(p, has_perm_anywhere(user, p)) for p in item.perms):
            continue
        query = item.query_string(now)
        rows.append(
            {
                "key": item.key,
                "label": item.label,
                "count": item.how_many(user, now),
                "url": reverse(item.url) + (f"?{query}" if query else ""),
                "tone": item.tone,
            }
        )
    return rows


class HomeView(View):
    def get(self, request):
        front = front_of(request.user)
        return getattr(self, front)(request)

    def visitor(self, request):
        return render(request, "home/visitor.html", {"track_form": TrackForm()})

    def resident(self, request):
        user = request.user
        ctx = {
            "assignments": RoleAssignment.objects.filter(user=user).select_related("unit"),
            "recent_reports": list(cases_followed_by(user).order_by("-id")[:RECENT_REPORTS]),
            "track_form": TrackForm(),
        }
        return render(request, "home/resident.html", ctx)

    def staff(self, request):
        user = request.user
        work = todays_work(user)
        ctx = {
            "assignments": RoleAssignment.objects.filter(user=user).select_related("unit"),
            "work": work,
            "waiting": [w for w in work if w["count"]],  # what waits first, in the items' order
            "clear": [w for w in work if not w["count"]],
        }
        return render(request, "home/staff.html", ctx)
