"""States and their transitions, declared as data; one timeline of who, when, from, to and a note.

An app declares a `Workflow` (its states, the initial state, the allowed steps and the model that keeps
its timeline), gives its model a `workflow` attribute, and writes only through `transition()`:

    CASE_WORKFLOW = Workflow(
        states=CaseState, initial=CaseState.REPORTED, timeline="cases.CaseTransition", subject="case",
        steps=[Step("accept", {CaseState.REPORTED}, CaseState.ACCEPTED), ...],
    )
    transition(case, CaseState.ACCEPTED, by=user, note="", accepted_at=now)

`transition()` locks the row, checks the step is declared from the current state (and its guards),
then sets the state and the given fields and writes one timeline record, in one transaction. An
illegal step raises `IllegalTransition` (the edge answers 409) and changes nothing, neither the row
nor the object in memory. A step without a target keeps the state (supervision, a rating): it still
leaves a timeline record.
"""

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import Conflict


class IllegalTransition(Conflict):
    """A step the workflow does not allow from the object's current state (the API answers 409)."""


# The tones a state badge may take (templates/components/state_badge.html, static/core/components.css): a
# workflow says which tone each of its states shows in (`tones=`), the page never picks colours by state.
TONES = ("neutral", "info", "warning", "progress", "success", "muted", "danger")

Guard = Callable[[models.Model], str | None]  # returns a refusal message, or None to allow


@dataclass(frozen=True)
class Step:
    action: str
    sources: frozenset
    target: str | None = None  # None: the state stays (a timeline event)
    guards: tuple[Guard, ...] = field(default=())

    def __init__(self, action: str, sources: Iterable[str], target: str | None = None, guards: Iterable[Guard] = ()):
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", None if target is None else str(target))
        object.__setattr__(self, "guards", tuple(guards))

    def target_from(self, state: str) -> str:
        return self.target if self.target is not None else state


@dataclass(frozen=True)
class Workflow:
    states: type[models.TextChoices]
    initial: str
    steps: tuple[Step, ...]
    timeline: str  # "app_label.ModelName" of a concrete `TransitionRecord`
    subject: str  # the timeline model's foreign key to the object
    field: str = "state"
    tones: dict = dataclasses.field(default=None, compare=False, hash=False)  # state → one of TONES, its badge's tone

    def __init__(self, *, states, initial, steps, timeline, subject, field="state", tones=None):
        object.__setattr__(self, "states", states)
        object.__setattr__(self, "initial", str(initial))
        object.__setattr__(self, "steps", tuple(steps))
        object.__setattr__(self, "timeline", timeline)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "tones", {str(k): v for k, v in (tones or {}).items()})
        known = {str(s) for s in states.values}
        for step in self.steps:
            unknown = (set(step.sources) | ({step.target} if step.target else set())) - known
            if unknown:
                raise ValueError(f"step {step.action!r} names unknown states {sorted(unknown)}")
        if set(self.tones) - known or set(self.tones.values()) - set(TONES):
            raise ValueError(f"tones name unknown states or tones: {self.tones}")

    def tone(self, state: str) -> str:
        return self.tones.get(str(state), "neutral")

    def label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    def steps_from(self, state: str) -> list[Step]:
        return [s for s in self.steps if state in s.sources]

    def allowed_targets(self, state: str) -> set[str]:
        return {s.target_from(state) for s in self.steps_from(state)}

    def find(self, state: str, to: str, action: str | None = None) -> Step | None:
        for s in self.steps_from(state):
            if s.target_from(state) == to and (action is None or s.action == action):
                return s
        return None


class TransitionRecord(models.Model):
    """One step of an object's timeline. Concrete subclasses add the foreign key named by `subject`."""

    action = models.CharField(gettext_lazy("action"), max_length=32)
    from_state = models.CharField(gettext_lazy("from"), max_length=32, blank=True)
    to_state = models.CharField(gettext_lazy("to"), max_length=32)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=gettext_lazy("by"))
    at = models.DateTimeField(gettext_lazy("at"), default=timezone.now, db_index=True)
    note = models.TextField(gettext_lazy("note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action}: {self.from_state or '-'} → {self.to_state}"


def _timeline_model(workflow: Workflow):
    return apps.get_model(workflow.timeline)


def record(obj, workflow: Workflow, *, action: str, from_state: str, to_state: str, by=None, note: str = "", at=None):
    return _timeline_model(workflow).objects.create(
        **{workflow.subject: obj},
        action=action,
        from_state=from_state,
        to_state=to_state,
        by=by if getattr(by, "pk", None) else None,
        note=note,
        at=at or timezone.now(),
    )


def begin(obj, *, by=None, note: str = "", action: str = "create"):
    """The first timeline record of a freshly saved object in its initial state."""
    wf = obj.workflow
    return record(obj, wf, action=action, from_state="", to_state=getattr(obj, wf.field), by=by, note=note)


@transaction.atomic
def transition(obj, to: str | None, by=None, note: str = "", *, action: str | None = None, **changes):
    """Move `obj` to state `to` (None: stay, for a step without a target) or raise `IllegalTransition`.

    The row is locked and `obj` reloaded first, so the step is checked against the stored state; a
    value in `changes` may be a callable of the reloaded object (`count=lambda o: o.count + 1`)."""
    wf: Workflow = obj.workflow
    model = type(obj)
    obj.refresh_from_db(from_queryset=model._default_manager.select_for_update())
    current = getattr(obj, wf.field)
    to = current if to is None else str(to)
    step = wf.find(current, to, action)
    if step is None:
        raise IllegalTransition(
            _("This cannot go from “%(from)s” to “%(to)s”; from “%(from)s” it can go to: %(allowed)s.")
            % {"from": wf.label(current), "to": wf.label(to), "allowed": ", ".join(sorted(wf.label(t) for t in wf.allowed_targets(current))) or _("nowhere")}
        )
    for guard in step.guards:
        refusal = guard(obj)
        if refusal:
            raise IllegalTransition(refusal)
    values = {name: value(obj) if callable(value) else value for name, value in changes.items()}
    setattr(obj, wf.field, to)
    for name, value in values.items():
        setattr(obj, name, value)
    fields = [wf.field, *values]
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        fields.append("updated_at")
    obj.save(update_fields=fields)
    obj.last_step = record(obj, wf, action=step.action, from_state=current, to_state=to, by=by, note=note)  # the new timeline row
    return obj


def allowed(obj, to: str, action: str | None = None) -> bool:
    """Whether the workflow declares a step from `obj`'s current state to `to` (its guards not run): for a
    service that refuses with a message of its own before it checks anything else."""
    wf: Workflow = obj.workflow
    return wf.find(getattr(obj, wf.field), str(to), action) is not None
