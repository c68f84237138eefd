from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "核心"

    def ready(self):
        from core.schema_objects import install_schema_objects

        post_migrate.connect(install_schema_objects, sender=self, dispatch_uid="core.install_schema_objects")
