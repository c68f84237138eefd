from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = "组织"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from org.basemap import bump_version
        from org.models import GridElement, Unit

        for model in (Unit, GridElement):  # the cached base layer of the maps (org/basemap.py) is out of date
            post_save.connect(bump_version, sender=model, dispatch_uid=f"org-basemap-{model.__name__}-save")
            post_delete.connect(bump_version, sender=model, dispatch_uid=f"org-basemap-{model.__name__}-delete")
