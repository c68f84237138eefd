from django.apps import AppConfig


class SmartConfig(AppConfig):
    name = "smart"
    verbose_name = "智慧社区"

    def ready(self):
        from cases.hooks import after_case_step
        from smart import bridge, engine  # noqa: F401  engine: a saved rule refreshes the engine's cache (a signal)

        after_case_step(bridge.case_step_taken)  # a closed case clears its alarms (called by cases.services.case_step)

        from django.db.models.signals import post_delete, post_save

        from accounts.models import RoleAssignment
        from smart.selectors import critical_alarms_changed

        def grants_changed(sender, **kwargs):  # whose devices a user sees changed: the header's kept counts are stale
            critical_alarms_changed()

        post_save.connect(grants_changed, sender=RoleAssignment, dispatch_uid="smart-critical-grants-saved", weak=False)
        post_delete.connect(grants_changed, sender=RoleAssignment, dispatch_uid="smart-critical-grants-deleted", weak=False)
