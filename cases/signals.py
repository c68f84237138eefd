"""Keeps the indicators rollup (cases/rollup.py) in step with the cases: a derived cache, so a signal.

Before a case is saved its stored fields are read (one primary-key query, on a row the service has
already locked); after, the difference between what the case added to the rollup then and now is
applied in the same transaction. A save that touches none of the fields the indicators read (the
case number, photos, followers) costs nothing.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from cases import rollup
from cases.models import Case

WATCHED = frozenset(rollup.FACT_FIELDS) | {"category"}


def remember(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._rollup_before = None
    if raw:
        instance._rollup_skip = True
        return
    instance._rollup_skip = update_fields is not None and not (set(update_fields) & WATCHED)
    if instance.pk and not instance._rollup_skip and not instance._state.adding:
        row = Case.objects.filter(pk=instance.pk).values_list(*rollup.FACT_FIELDS).first()
        instance._rollup_before = rollup.Fact(*row) if row else None


def count(sender, instance, raw=False, **kwargs):
    if raw or instance.__dict__.pop("_rollup_skip", False):
        return
    before = instance.__dict__.pop("_rollup_before", None)
    rollup.apply(*rollup.change(before, rollup.fact_of(instance)))


def uncount(sender, instance, **kwargs):
    rollup.apply(*rollup.change(rollup.fact_of(instance), None))


def connect():
    pre_save.connect(remember, sender=Case, dispatch_uid="cases_rollup_remember")
    post_save.connect(count, sender=Case, dispatch_uid="cases_rollup_count")
    post_delete.connect(uncount, sender=Case, dispatch_uid="cases_rollup_uncount")
