"""Alarm services: one active alarm per (device, type) even under a race, extend, acknowledge and clear
as independent flags."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import translation

from smart.models import Alarm, Severity
from smart.services import alarms as services_alarms
from smart.services.alarms import alarm_acknowledge, alarm_clear, alarm_raise
from smart.tests.builders.alarms import at, make_world


@pytest.fixture
def world(tree, personas):
    return make_world(tree, personas)


def raise_trapped(device, seconds=0, severity=Severity.CRITICAL, **kw):
    return alarm_raise(device=device, alarm_type="trapped", severity=severity, at=at(seconds), details="困人", **kw)


@pytest.mark.django_db
def test_a_second_raise_extends_the_active_alarm(world):
    first = raise_trapped(world["lift"], 0)
    second = raise_trapped(world["lift"], 60, severity=Severity.MAJOR, count=2)
    assert first.created and not second.created and not second.escalated
    assert second.alarm.pk == first.alarm.pk
    alarm = Alarm.objects.get()
    assert (alarm.count, alarm.severity, alarm.last_at) == (3, Severity.CRITICAL, at(60))


@pytest.mark.django_db
def test_the_index_makes_a_second_active_alarm_impossible(world):
    raise_trapped(world["lift"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Alarm.objects.create(device=world["lift"], alarm_type="trapped", severity=1, started_at=at(0), last_at=at(0))


@pytest.mark.django_db
def test_a_raise_that_loses_the_race_extends_the_winner(world, monkeypatch):
    """The loser saw no active alarm, then its insert hit the index: it extends the winner's alarm."""
    winner = raise_trapped(world["lift"], 0).alarm
    real = services_alarms._active_locked
    calls = []

    def blind_first(device_id, alarm_type):
        calls.append(1)
        return None if len(calls) == 1 else real(device_id, alarm_type)

    monkeypatch.setattr(services_alarms, "_active_locked", blind_first)
    with transaction.atomic():
        loser = raise_trapped(world["lift"], 5)
        assert Alarm.objects.count() == 1  # the transaction is still usable after the failed insert
    assert not loser.created and loser.alarm.pk == winner.pk
    assert Alarm.objects.get().count == 2


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="the in-memory SQLite test database cannot be shared by threads; SQLite's IMMEDIATE transactions serialise writers anyway",
)
@pytest.mark.django_db(transaction=True)
def test_two_consumers_raising_at_once_make_one_alarm_on_postgresql(tree):
    world = make_world(tree)
    lift = world["lift"]
    barrier = threading.Barrier(2)
    errors = []

    def consumer(seconds):
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                raise_trapped(lift, seconds)
        except Exception as e:  # noqa: BLE001  reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=consumer, args=(s,)) for s in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    alarm = Alarm.objects.get(alarm_type="trapped")
    assert alarm.count == 2 and alarm.active


@pytest.mark.django_db
def test_acknowledging_leaves_the_alarm_active_and_clearing_leaves_it_unacknowledged(world, personas):
    staff = personas["grid_worker"]
    a = raise_trapped(world["lift"]).alarm
    alarm_acknowledge(alarm=a, by=staff)
    a.refresh_from_db()
    assert (a.active, a.acknowledged, a.acknowledged_by) == (True, True, staff)
    b = alarm_raise(device=world["bin"], alarm_type="overflow", severity=Severity.MAJOR, at=at(0)).alarm
    alarm_clear(alarm=b, by=staff)
    b.refresh_from_db()
    assert (b.active, b.acknowledged, b.cleared_by) == (False, False, staff)
    assert b.cleared_at is not None
    alarm_acknowledge(alarm=b, by=staff)  # a cleared alarm can still be acknowledged
    b.refresh_from_db()
    assert b.acknowledged and not b.active


@pytest.mark.django_db
def test_acknowledging_or_clearing_twice_is_refused_with_a_message(world, personas):
    staff = personas["grid_worker"]
    a = raise_trapped(world["lift"]).alarm
    alarm_acknowledge(alarm=a, by=staff)
    alarm_clear(alarm=a, by=staff)
    with translation.override("en"):
        with pytest.raises(ValidationError, match="already been acknowledged"):
            alarm_acknowledge(alarm=a, by=staff)
        with pytest.raises(ValidationError, match="already been cleared"):
            alarm_clear(alarm=a, by=staff)


@pytest.mark.django_db
def test_after_a_clear_the_next_raise_is_a_new_alarm(world, personas):
    a = raise_trapped(world["lift"]).alarm
    alarm_clear(alarm=a, by=personas["grid_worker"])
    b = raise_trapped(world["lift"], 100)
    assert b.created and b.alarm.pk != a.pk
    assert Alarm.objects.filter(active=True).count() == 1
