"""The header's "通知 (3)": one query per page for a signed-in user, none otherwise."""

from notices.selectors import notices_unread_count


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notices_unread": notices_unread_count(user)}
