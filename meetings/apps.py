from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "议事协商"

    def ready(self):
        post_migrate.connect(restore_kinds, sender=self)
        from doorstep import hooks
        from meetings.bridge import point_page_meetings

        if point_page_meetings not in hooks.POINT_PAGE:
            hooks.POINT_PAGE.append(point_page_meetings)  # a 睦邻点's page shows the deliberation of its body


def restore_kinds(sender, apps=None, using="default", **kwargs):
    """The kinds of body are data the platform needs (meetings/defaults.py): put the missing ones back after a flush."""
    from meetings.defaults import ensure_kinds

    try:
        kind_model = apps.get_model("meetings", "BodyKind") if apps is not None else None
        seat_model = apps.get_model("meetings", "SeatTemplate") if apps is not None else None
    except LookupError:  # migrated back to before the tables existed
        return
    ensure_kinds(kind_model, seat_model)
