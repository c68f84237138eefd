from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "三大资源库"

    def ready(self):
        post_migrate.connect(restore_types, sender=self)


def restore_types(sender, apps=None, using="default", **kwargs):
    """The resource types are data the platform needs (migration 0002 seeds them). A flush (a transactional test's
    teardown) empties them and then sends post_migrate: put the missing ones back, leaving staff's edits alone."""
    from resources.defaults import ensure_types

    try:
        model = apps.get_model("resources", "ResourceType") if apps is not None else None
    except LookupError:  # migrated back to before the table existed
        return
    ensure_types(model)
