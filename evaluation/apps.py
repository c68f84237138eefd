from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = "评议测评"

    def ready(self):
        post_migrate.connect(restore_plans, sender=self)


def restore_plans(sender, apps=None, using="default", **kwargs):
    """The evaluation plans are data the platform needs (evaluation/defaults.py): put the missing ones back after a flush."""
    from evaluation.defaults import ensure_plans

    try:
        plan_model = apps.get_model("evaluation", "Plan") if apps is not None else None
        indicator_model = apps.get_model("evaluation", "Indicator") if apps is not None else None
    except LookupError:  # migrated back to before the tables existed
        return
    ensure_plans(plan_model, indicator_model)
