"""The life of one demo case, step by step, as the services would have written it (issue 4 item 8).

`Life` plays a case from its report to its rating on the working-day calendar: office steps (register,
dispatch, handle, check, call back, supervise) fall on working days between 08:30 and 17:30, residents
and devices report at any hour, the escalation sweep runs every five minutes. Everything after `now` is
cut off, so the cases reported lately are still open, in whichever state they have reached. The steps
are then replayed through `cases.workflow.CASE_WORKFLOW` to set the case's fields and check the loop.
"""

import datetime
from dataclasses import dataclass, field
from random import Random

from cases.calendar import WorkingCalendar, add_working_time
from cases.limits import supervision_working_days, visit_working_days
from cases.services import management_unit
from cases.workflow import CASE_WORKFLOW, CaseState
from demo.cases import texts as T

S = CaseState
OPEN_AFTER_ACCEPT = {S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.COMPLETED}
OFFICE_START = datetime.time(8, 30)
OFFICE_END = datetime.time(17, 30)
SWEEP = 5  # minutes between passes of the escalation sweep
MIN = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
HANDLER_NAMES = {"property": "物业公司", "police": "社区民警", "committee": "居委会", "grid": "网格", "department": "职能部门"}


class Clock:
    """Office hours on the working-day calendar, in the site's time zone."""

    def __init__(self, calendar: WorkingCalendar, rng: Random):
        self.calendar, self.rng = calendar, rng

    def office(self, t: datetime.datetime) -> datetime.datetime:
        """`t` when it falls in office hours on a working day, else a moment soon after the next opening."""
        if self.calendar.is_workday(t.date()) and OFFICE_START <= t.time() < OFFICE_END:
            return t
        day = t.date() if t.time() < OFFICE_START else t.date() + DAY
        while not self.calendar.is_workday(day):
            day += DAY
        opening = datetime.datetime.combine(day, OFFICE_START, tzinfo=t.tzinfo)
        return opening + datetime.timedelta(minutes=self.rng.randint(0, 75))

    def after(self, t, lo: float, hi: float) -> datetime.datetime:
        """An office moment `lo`..`hi` minutes after `t` (pushed to office hours)."""
        return self.office(t + datetime.timedelta(minutes=self.rng.uniform(lo, hi)))

    def office_point(self, start, end, frac: float) -> datetime.datetime:
        """The moment `frac` of the way through the office hours between `start` and `end` (end itself when there are none)."""
        segments, day = [], start.date()
        while day <= end.date():
            if self.calendar.is_workday(day):
                a = max(start, datetime.datetime.combine(day, OFFICE_START, tzinfo=start.tzinfo))
                b = min(end, datetime.datetime.combine(day, OFFICE_END, tzinfo=start.tzinfo))
                if a < b:
                    segments.append((a, b))
            day += DAY
        left = sum(((b - a) for a, b in segments), datetime.timedelta()) * frac
        for a, b in segments:
            if left <= b - a:
                return a + left
            left -= b - a
        return end

    def add(self, t, limit: dict) -> datetime.datetime:
        return add_working_time(t, calendar=self.calendar, **limit)


@dataclass
class Step:
    at: datetime.datetime
    action: str
    to: str | None  # None: the state stays
    by: int | None
    note: str
    changes: dict = field(default_factory=dict)
    from_state: str = ""  # set by `replay`


@dataclass
class Plan:
    """Who and what, decided before the case is played."""

    created: datetime.datetime
    category: object  # CaseCategory
    source: str
    grid: object  # Unit
    district: object
    area: object
    text: str
    reporter: int | None = None  # a user who reported (the demo resident, a grid worker, a representative)
    keyed_by: int | None = None  # who keyed in a hotline ticket
    contact: bool = False
    device_ref: str = ""
    late: bool = False
    reject: bool = False
    verify_fail: bool = False
    reopen: bool = False
    supervise: bool = False
    building: object = None  # Unit
    pin: tuple[float, float] | None = None  # lng, lat


class Life:
    """Plays one `Plan` into `steps`, cut at `now`."""

    def __init__(self, plan: Plan, *, staff, clock: Clock, rng: Random, now: datetime.datetime, handling_unit, handler_user: int | None):
        self.p, self.staff, self.clock, self.rng, self.now = plan, staff, clock, rng, now
        self.handling_unit, self.handler = handling_unit, handler_user
        self.limit = plan.category.time_limit_kwargs()
        self.steps: list[Step] = []
        self.cut = False
        self.first_close: datetime.datetime | None = None

    # who does what
    def grid_worker(self):
        return self.staff.at(self.p.grid.pk, "grid_worker") or self.secretary()

    def secretary(self):
        return self.staff.at(self.p.district.pk, "committee_secretary") or self.staff.admin

    def supervisor(self):
        return self.staff.at(self.p.area.pk, "area_manager") if self.rng.random() < 0.6 else self.staff.admin

    def caller(self):
        return self.staff.social.get(self.p.district.pk) if self.rng.random() < 0.5 and self.p.district.pk in self.staff.social else self.secretary()

    def step(self, at, action, to, by, note, **changes) -> bool:
        """Add a step unless it would fall after now (then the case stops where it is)."""
        if self.steps and at <= self.steps[-1].at:
            at = self.steps[-1].at + MIN
        if self.cut or at > self.now:
            self.cut = True
            return False
        self.steps.append(Step(at, action, None if to is None else str(to), by, note, changes))
        return True

    # the loop
    def play(self) -> list[Step]:
        p, rng, clock = self.p, self.rng, self.clock
        by = p.keyed_by if p.source == "hotline" else p.reporter
        accept_due = clock.add(p.created, p.category.accept_limit_kwargs())  # the clocks start at the report (cases.services.case_report)
        self.step(p.created, "report", S.REPORTED, by, p.text, accept_due_at=accept_due, due_at=clock.add(accept_due, self.limit))
        acceptor = self.secretary() if p.source in ("hotline", "suggestion") else self.grid_worker()
        t = clock.after(p.created, 5, 120)
        if p.reject:
            self.step(t, "reject", S.REJECTED, acceptor, rng.choice(T.REJECT_REASONS), closed_at=t)
            return self.steps
        due = clock.add(t, self.limit)
        if not self.step(t, "accept", S.ACCEPTED, acceptor, rng.choice(T.ACCEPT_NOTES), accepted_at=t, due_at=due):
            return self.steps
        t = clock.after(t, 3, 50) if rng.random() < 0.85 else clock.after(t, 120, 30 * 60)  # some wait for the right unit to be found
        if not self.dispatch(t, note=f"派遣至{self.handling_unit.name}（{HANDLER_NAMES.get(p.category.handler_kind, '')}）处置"):
            return self.steps
        closed = self.handle(t, due, late=p.late, verify_fail=p.verify_fail)
        if closed is None:
            return self.steps
        self.first_close = closed
        rating = self.rate(closed, late=p.late)
        if p.reopen or (rating == "unsatisfied" and rng.random() < 0.5):
            t = clock.after(self.steps[-1].at, 24 * 60, 10 * 24 * 60)
            if t - closed > datetime.timedelta(days=14):
                return self.steps
            by = p.reporter if p.reporter and p.source == "resident" and rng.random() < 0.5 else self.secretary()
            due = clock.add(t, self.limit)
            if not self.step(t, "reopen", S.DISPATCHED, by, rng.choice(T.REOPEN_NOTES), reopen_count=1, closed_at=None, completed_at=None,
                             rating="", dispatched_at=t, due_at=due, visit_due_at=None, supervision_due_at=None):  # fmt: skip
                return self.steps
            closed = self.handle(t, due, late=rng.random() < 0.1, verify_fail=False)
            if closed is not None:
                self.rate(closed, late=False)
        return self.steps

    def dispatch(self, t, note) -> bool:
        by = self.staff.admin if self.p.category.handler_kind == "department" else self.secretary()
        return self.step(t, "dispatch", S.DISPATCHED, by, note, handling_unit=self.handling_unit, handler_kind=self.p.category.handler_kind, dispatched_at=t)

    def handle(self, t, due, *, late: bool, verify_fail: bool) -> datetime.datetime | None:
        """处置中 → 处置完成 → 核查 (→ back once when it fails) → 结案; the closing time, or None when cut."""
        rng, clock = self.rng, self.clock
        window = max(due - t, 30 * MIN)
        if late:
            start = clock.office(t + window * rng.uniform(0.1, 0.6))
            done = clock.office(due + window * rng.uniform(0.2, 2.0) + HOUR * rng.uniform(1, 30))
            if self.p.supervise or rng.random() < 0.5:
                press = clock.office(due + HOUR * rng.uniform(2, 30))
                if start < press < done:
                    return self._handled(start, done, verify_fail, press=press)
            return self._handled(start, done, verify_fail)
        marks = sorted(rng.uniform(0.03, 0.97) for _ in range(6))
        at = [clock.office_point(t, due, m) for m in marks]  # start, supervise, complete, (fail, complete again,) check
        if not verify_fail:
            at = [at[0], at[1], at[2], at[5]]
        return self._handled(at[0], at[2], verify_fail, press=at[1] if self.p.supervise else None, on_time=at[2:])

    def _handled(self, start, done, verify_fail, press=None, on_time=None):
        """The steps from 处置中 to 结案; `on_time` gives the moments of the completion, the failed check and the check."""
        rng, clock, code = self.rng, self.clock, self.p.category.code
        if not self.step(start, "start", S.IN_PROGRESS, self.handler, rng.choice(T.START_NOTES)):
            return None
        if press is not None and press < done and not self.step(
            press, "supervise", None, self.supervisor(), rng.choice(T.SUPERVISE_NOTES), supervision_count=1, supervision_due_at=clock.add(press, {"days": supervision_working_days()})
        ):
            return None
        if not self.step(max(done, start + 20 * MIN), "complete", S.COMPLETED, self.handler, T.DONE_NOTES.get(code, "已处理完毕"), completed_at=done, supervision_due_at=None):
            return None
        t = self.steps[-1].at
        if verify_fail:
            t = on_time[1] if on_time else clock.after(t, 60, 300)
            if not self.step(t, "verify_fail", S.IN_PROGRESS, self.grid_worker(), rng.choice(T.VERIFY_FAIL_NOTES), completed_at=None):
                return None
            t = on_time[2] if on_time else clock.after(t, 60, 600)
            if not self.step(t, "complete", S.COMPLETED, self.handler, T.DONE_NOTES.get(code, "已处理完毕"), completed_at=t):
                return None
        check = on_time[-1] if on_time else clock.after(t, 20, 240)
        visit_due = clock.add(check, {"days": visit_working_days()})
        if not self.step(check, "verify_pass", S.CLOSED, self.grid_worker(), rng.choice(T.VERIFY_PASS_NOTES), closed_at=check, visit_due_at=visit_due):
            return None
        return self.steps[-1].at

    def rate(self, closed, *, late: bool) -> str:
        p, rng = self.p, self.rng
        if not (p.contact or (p.reporter and p.source == "resident")) or rng.random() > 0.8:
            return ""
        r = rng.random()
        rating = ("satisfied" if r < 0.70 else "basic" if r < 0.90 else "unsatisfied") if late else ("satisfied" if r < 0.90 else "basic" if r < 0.975 else "unsatisfied")
        note = rng.choice(T.RATE_NOTES[rating])
        if p.reporter and p.source == "resident":
            at = closed + datetime.timedelta(minutes=rng.uniform(30, 3 * 24 * 60))
            by = p.reporter
        else:
            at, by, note = self.clock.after(closed, 60, 2 * 24 * 60), self.caller(), T.CALLBACK + note
        return rating if self.step(at, "rate", None, by, note, rating=rating) else ""


def escalation_parent(unit):
    """The management level above `unit`'s (cases.services.escalation_target: buildings and houses are never a level)."""
    here = management_unit(unit)
    return management_unit(here.parent) if here is not None else None


def sweep_escalations(steps: list[Step], case_unit, limit: dict, clock: Clock, rng: Random, now) -> list[Step]:
    """The escalation sweep's steps over the case's life: overdue → one management level up from the handling unit, again after each further time limit."""
    out, due, esc_to, esc_at = [], None, None, None
    bounds = []  # (until, due) of each stretch the case can be escalated in: from 立案 or a reopening to its closing (or now)
    for i, s in enumerate(steps):
        due = s.changes.get("due_at", due)
        if s.action in ("accept", "reopen"):
            ends = next((x for x in steps[i + 1 :] if x.to is not None and x.to not in OPEN_AFTER_ACCEPT), None)
            bounds.append((ends.at if ends else now, due))
    for until, due in bounds:
        t = due + datetime.timedelta(minutes=rng.uniform(0, SWEEP))
        while t < until and t <= now:
            if esc_at is not None and t < clock.add(esc_at, limit):
                t = clock.add(esc_at, limit) + datetime.timedelta(minutes=rng.uniform(0, SWEEP))
                continue
            handling = next((x.changes["handling_unit"] for x in reversed(steps) if x.at <= t and x.changes.get("handling_unit") is not None), None)
            target = escalation_parent(esc_to or handling or case_unit)
            if target is None:
                break
            note = f"已超过办理时限（{due:%Y-%m-%d %H:%M}），升级至{target.name}督办"
            out.append(Step(t, "escalate", None, None, note, {"escalated_to": target, "escalated_at": t}))
            esc_to, esc_at = target, t
            t = clock.add(t, limit) + datetime.timedelta(minutes=rng.uniform(0, SWEEP))
    return out


def replay(steps: list[Step]) -> dict:
    """The case's fields after its steps, checking each step is one the workflow allows from where the case is."""
    f = {"state": "", "reopen_count": 0, "supervision_count": 0, "rating": ""}
    for s in steps:
        current = f["state"]
        target = s.to if s.to is not None else current
        if s.action == "report":
            assert current == "" and target == CASE_WORKFLOW.initial
        elif CASE_WORKFLOW.find(current, target, s.action) is None:
            raise AssertionError(f"{s.action}: {current} → {target} is not in the workflow")
        s.from_state, f["state"] = current, target
        for k, v in s.changes.items():
            f[k] = f[k] + v if k in ("reopen_count", "supervision_count") else v
        f["updated_at"] = s.at
    return f
