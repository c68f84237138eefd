"""The signed-in user's notices: newest first, open one (marks it read), mark all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.views import ScopedObjectView
from notices.models import Notice
from notices.selectors import notices_for
from notices.services import notice_mark_read, notices_mark_all_read


class NoticeListView(LoginRequiredMixin, ListView):
    template_name = "notices/notice_list.html"
    context_object_name = "notices"
    paginate_by = 20

    def get_queryset(self):
        return notices_for(self.request.user)


class NoticeOpenView(ScopedObjectView):
    """Follow a notice's link, marking it read. Another user's notice is a 404."""

    model = Notice

    def get_queryset(self):
        return notices_for(self.request.user)

    def get(self, request, pk):
        return notice_follow(request, self.object)

    post = get


notice_open = NoticeOpenView.as_view()


def notice_follow(request, notice):
    notice_mark_read(notice=notice, user=request.user)
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(notice.url)
    return redirect("notices:list")


@login_required
@require_POST
def mark_all_read(request):
    n = notices_mark_all_read(user=request.user)
    messages.success(request, _("Notices marked read: %(n)s.") % {"n": n})
    return redirect("notices:list")
