"""A case's photos, served only to whoever may see them: a follower of the case (its reporter, or a
reporter of a case merged into it) or a user holding VIEW_CASE over the case's unit. Anyone else,
signed in or not, gets 404, so a photo's existence is not given away. Used by the resident pages
and the staff workbench alike."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from cases import pending
from cases.models import CasePhoto


def photo_for(user, pk: int) -> CasePhoto:
    photo = get_object_or_404(CasePhoto.objects.select_related("case"), pk=pk)
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if not user.has_perm("cases.view_case_photo", photo.case):
        raise Http404
    return photo


def _serve(field):
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    response["Content-Disposition"] = "inline"
    return response


@require_GET
@cache_control(private=True, max_age=3600)
def photo(request, pk):
    return _serve(photo_for(request.user, pk).image)


@require_GET
@cache_control(private=True, max_age=3600)
def photo_thumb(request, pk):
    return _serve(photo_for(request.user, pk).thumbnail)


@require_GET
@cache_control(private=True, max_age=600)
def pending_thumb(request, token):
    """The thumbnail of a photo kept from a form that did not go through (`cases.pending`): its sender's only."""
    if not getattr(request.user, "is_authenticated", False):
        raise Http404
    handle = pending.open_thumb(request.user, token)
    if handle is None:
        raise Http404
    return FileResponse(handle, content_type="image/jpeg")
