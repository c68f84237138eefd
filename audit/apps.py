from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "审计"
    schema_migrations = ("0002_append_only_triggers",)  # the append-only triggers (core.schema_objects)

    def ready(self):
        from audit import signals

        signals.connect()
