"""Meetings of the demo bodies, planned in memory and written in bulk: agenda items, sign-in, decisions by recorded
vote (a vote per member present, counts from the votes, adopted as `meetings.quorum.is_adopted` says) or by
consensus, minutes approved by the chair and published, and each adopted decision's actions played to a state
(done on time, done late, escalated up the tree, in progress), every object with the timeline its workflow's
steps would have written (`core.workflow.begin` and `transition`)."""

import datetime
from dataclasses import dataclass, field
from random import Random

from django.utils import timezone

from deliberation.models import Action, ActionOrigin, ActionTransition
from deliberation.workflow import ACTION_WORKFLOW, ActionState
from demo.deliberation import data as D
from demo.deliberation.bodies import Planned
from meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionMode,
    DecisionTransition,
    ItemSource,
    Meeting,
    MeetingTransition,
    Minutes,
    MinutesTransition,
    SignInMethod,
    Vote,
    VoteChoice,
)
from meetings.quorum import is_adopted, needed_for
from meetings.workflow import DecisionState, MeetingState, MinutesState


def days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += days(1)
    return day


def months_back(today: datetime.date, k: int) -> datetime.date:
    """The first day of the month `k` months before today's."""
    y, m = divmod(today.year * 12 + today.month - 1 - k, 12)
    return datetime.date(y, m + 1, 1)


def step(model, subject: str, obj, action: str, from_state: str, to_state: str, by_id, when, note: str = ""):
    """One timeline row as `core.workflow.record` writes it (the subject's foreign key named by the workflow)."""
    fields = {subject: obj, "from_state": from_state, "to_state": to_state, "by_id": by_id, "at": when, "note": note}
    if subject != "action":  # a timeline whose subject is named "action" keeps no step name
        fields["action"] = action
    return model(**fields)


@dataclass
class ItemPlan:
    title: str
    description: str
    owner: str  # the seat code whose holder answers for the actions
    actions: list  # (title, days to deadline, weight)
    source: str = ItemSource.MEMBER
    major: str = ""
    cases: tuple = ()
    case_category_id: int | None = None
    case_place_id: int | None = None
    adopt: bool = False  # a recorded vote that passes (a 三重一大 matter, a 约请's item)
    tag: str = ""  # to find its meeting, item and decision afterwards


@dataclass
class Book:
    """Everything planned, by model, written in dependency order by `write`."""

    meetings: list = field(default_factory=list)
    items: list = field(default_factory=list)
    item_cases: list = field(default_factory=list)
    attendances: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    votes: list = field(default_factory=list)
    minutes: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    steps: dict = field(default_factory=lambda: {MeetingTransition: [], DecisionTransition: [], MinutesTransition: [], ActionTransition: []})
    tagged: dict = field(default_factory=dict)  # tag → (meeting, item, decision or None)
    upcoming: list = field(default_factory=list)  # planned meetings: their rooms are booked once they are written
    not_quorate: int = 0

    def write(self) -> None:
        from demo.cases import own_timestamps

        for model, rows in ((Meeting, self.meetings), (AgendaItem, self.items), (Decision, self.decisions), (Minutes, self.minutes)):
            with own_timestamps(model):
                model.objects.bulk_create(rows, batch_size=2000)
        AgendaItem.cases.through.objects.bulk_create([AgendaItem.cases.through(agendaitem_id=i.pk, case_id=c) for i, c in self.item_cases])
        Attendance.objects.bulk_create(self.attendances, batch_size=5000)
        Vote.objects.bulk_create(self.votes, batch_size=5000)
        with own_timestamps(Action):
            Action.objects.bulk_create(self.actions, batch_size=2000)
        for model, rows in self.steps.items():
            model.objects.bulk_create(rows, batch_size=5000)


class Planner:
    def __init__(self, w, book: Book):
        self.w, self.book = w, book

    def meeting(self, p: Planned, unit, starts_at: datetime.datetime, items: list[ItemPlan], *, rng: Random, title: str,
                quorate: bool = True, upcoming: bool = False, room=None, location: str = "") -> Meeting:  # fmt: skip
        w, book = self.w, self.book
        body = p.body
        chair = p.chair()
        clerk = (chair.user_id if chair else None) or w.clerk(unit)
        ends_at = starts_at + datetime.timedelta(hours=2)
        called = starts_at - days(rng.randint(5, 10))
        m = Meeting(
            body=body, unit_path=body.unit_path, title=title, starts_at=starts_at, ends_at=ends_at, room=room or body.room, called_by_id=clerk,
            location=location or (body.point.address if body.point_id else "" if (room or body.room) else f"{unit.name}居委会会议室"),
            state=MeetingState.PLANNED if upcoming else MeetingState.CLOSED, opened_at=None if upcoming else starts_at, closed_at=None if upcoming else ends_at,
            created_at=called, updated_at=called if upcoming else ends_at,
        )  # fmt: skip
        book.meetings.append(m)
        steps = book.steps[MeetingTransition]
        steps.append(step(MeetingTransition, "meeting", m, "create", "", MeetingState.PLANNED, clerk, called))
        planned_items = []
        for order, ip in enumerate(items, start=1):
            item = AgendaItem(meeting=m, unit_path=body.unit_path, order=order, title=ip.title[:200], description=ip.description, source=ip.source,
                              proposed_by_id=clerk, case_category_id=ip.case_category_id, case_place_id=ip.case_place_id, major=ip.major,
                              created_at=called, updated_at=called)  # fmt: skip
            book.items.append(item)
            book.item_cases += [(item, c) for c in ip.cases]
            planned_items.append((ip, item))
            if ip.tag:
                book.tagged[ip.tag] = (m, item, None)
        if upcoming:
            return m
        steps.append(step(MeetingTransition, "meeting", m, "open", MeetingState.PLANNED, MeetingState.OPEN, clerk, starts_at))
        steps.append(step(MeetingTransition, "meeting", m, "close", MeetingState.OPEN, MeetingState.CLOSED, clerk, ends_at))
        present = self.sign_in(p, m, rng, quorate, clerk)
        seats = len([s for s in p.seats if s.is_active])
        lines = [D.MINUTES_HEAD.format(title=title, when=timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M"), where=m.location or (m.room.name if m.room else ""),
                                       chair=chair.name if chair else "", present=len(present), seats=seats)]  # fmt: skip
        if not quorate:
            book.not_quorate += 1
            lines.append(D.NOT_QUORATE_NOTE)
            for k, (ip, item) in enumerate(planned_items, start=1):
                item.notes = D.NOT_QUORATE_NOTE
                lines.append(f"{k}. {ip.title}：未表决。")
        else:
            for k, (ip, item) in enumerate(planned_items, start=1):
                d = self.decide(p, m, item, ip, present, seats, rng, clerk, unit, starts_at + datetime.timedelta(minutes=20 * k))
                lines.append(f"{k}. {ip.title}：{d.text}")
        approved, published = ends_at + days(rng.uniform(0.5, 2)), ends_at + days(rng.uniform(2.2, 3.5))
        approver = (chair.user_id if chair else None) or clerk
        minutes = Minutes(meeting=m, unit_path=body.unit_path, text="\n".join(lines), state=MinutesState.PUBLISHED, approved_by_id=approver, approved_at=approved,
                          published_at=published, published_until=timezone.localdate(published) + days(body.minutes_publish_days), created_at=ends_at,
                          updated_at=published)  # fmt: skip
        book.minutes.append(minutes)
        ms = book.steps[MinutesTransition]
        ms.append(step(MinutesTransition, "minutes", minutes, "create", "", MinutesState.DRAFT, clerk, ends_at + datetime.timedelta(hours=1)))
        ms.append(step(MinutesTransition, "minutes", minutes, "approve", MinutesState.DRAFT, MinutesState.APPROVED, approver, approved))
        ms.append(step(MinutesTransition, "minutes", minutes, "publish", MinutesState.APPROVED, MinutesState.PUBLISHED, clerk, published))
        return m

    def sign_in(self, p: Planned, m: Meeting, rng: Random, quorate: bool, clerk) -> list:
        """The members present: every required seat's holder and most others when quorate; one short of the quorum
        (or without the 居委会) when not."""
        members = list(p.members)
        seats = len([s for s in p.seats if s.is_active])
        needed = needed_for(seats, p.body.quorum)
        required = [mb for mb in members if mb.seat.required]
        others = [mb for mb in members if not mb.seat.required]
        if quorate:
            present = required + [mb for mb in others if rng.random() < 0.8]
            missing = [mb for mb in others if mb not in present]
            rng.shuffle(missing)
            present += missing[: max(0, needed - len(present))]
        else:
            present = (
                (required[:1] + rng.sample(others, min(len(others), needed - 2))) if len(required) > 1 else rng.sample(others, min(len(others), needed - 1))
            )
        for mb in present:
            by_phone = mb.user_id is not None and rng.random() < 0.7
            self.book.attendances.append(Attendance(meeting=m, membership=mb, signed_in_at=m.starts_at - datetime.timedelta(minutes=rng.randint(0, 15)),
                                                    method=SignInMethod.QR if by_phone else SignInMethod.STAFF, by_id=None if by_phone else clerk))  # fmt: skip
        return present

    def decide(self, p: Planned, m: Meeting, item: AgendaItem, ip: ItemPlan, present: list, seats: int, rng: Random, clerk, unit, when) -> Decision:
        book, body = self.book, p.body
        consensus = not ip.adopt and rng.random() < D.CONSENSUS_SHARE
        d = Decision(item=item, meeting=m, unit_path=body.unit_path, present=len(present), seats=seats, decided_at=when + datetime.timedelta(minutes=15),
                     created_at=when, updated_at=when + datetime.timedelta(minutes=15))  # fmt: skip
        adopted_text = f"同意{ip.title}方案：" + "；".join(a[0] for a in ip.actions) + "。"
        if consensus:
            d.mode, adopted = DecisionMode.CONSENSUS, True
        else:
            d.mode = DecisionMode.VOTE
            against = not ip.adopt and rng.random() < D.REJECT_SHARE
            weights = (
                {VoteChoice.FOR: 30, VoteChoice.AGAINST: 50, VoteChoice.ABSTAIN: 20}
                if against
                else {VoteChoice.FOR: 86, VoteChoice.AGAINST: 6, VoteChoice.ABSTAIN: 8}
            )
            if ip.adopt:
                weights = {VoteChoice.FOR: 1}
            counts = {c: 0 for c in VoteChoice.values}
            for mb in present:
                choice = rng.choices(list(weights), list(weights.values()))[0]
                counts[choice] += 1
                book.votes.append(Vote(decision=d, membership=mb, choice=choice, cast_at=when + datetime.timedelta(minutes=rng.randint(1, 12)),
                                       by_id=mb.user_id if mb.user_id and rng.random() < 0.7 else clerk))  # fmt: skip
            d.votes_for, d.votes_against, d.votes_abstain = counts[VoteChoice.FOR], counts[VoteChoice.AGAINST], counts[VoteChoice.ABSTAIN]
            adopted = is_adopted(body, votes_for=d.votes_for, present=len(present), seats=seats)
        d.state = DecisionState.ADOPTED if adopted else DecisionState.REJECTED
        d.text = (adopted_text if adopted else f"{ip.title}方案未获通过，请提出方修改后再议。") + ("（协商一致）" if consensus else "")
        item.notes = ip.description + ("与会成员协商一致。" if consensus else f"表决：赞成{d.votes_for}，反对{d.votes_against}，弃权{d.votes_abstain}。")
        book.decisions.append(d)
        ds = book.steps[DecisionTransition]
        ds.append(step(DecisionTransition, "decision", d, "create", "", DecisionState.VOTING, clerk, when))
        ds.append(step(DecisionTransition, "decision", d, "adopt" if adopted else "reject", DecisionState.VOTING, d.state, clerk, d.decided_at,
                       "协商一致" if consensus else f"赞成{d.votes_for}，反对{d.votes_against}，弃权{d.votes_abstain}"))  # fmt: skip
        if ip.tag:
            book.tagged[ip.tag] = (m, item, d)
        if adopted:
            for k, (title, due_in, weight) in enumerate(ip.actions):
                self.action(p, d, unit, ip, title, due_in, weight, rng, clerk, case_id=ip.cases[-1] if ip.cases and k == 0 else None)
        return d

    def action(self, p: Planned, d: Decision, unit, ip: ItemPlan, title: str, due_in: int, weight: int, rng: Random, clerk, case_id=None) -> Action:
        w, book = self.w, self.book
        owner = next((mb for mb in p.members if mb.seat.party == ip.owner), None)
        user = owner.user_id if owner else None
        who = f"{owner.seat.organisation.name if owner.seat.organisation else owner.seat.name} {owner.name}" if owner else unit.name
        created = d.decided_at + datetime.timedelta(hours=rng.randint(2, 30))
        deadline = timezone.localdate(d.decided_at) + days(due_in)
        a = Action(decision=d, origin=ActionOrigin.DECISION, unit=unit, unit_path=unit.path, title=title[:200], description=ip.description,
                   responsible_unit=None if user else unit, responsible_user_id=user, responsible_name=who[:100], deadline=deadline, weight=weight,
                   case_id=case_id, created_at=created, is_public=True)  # fmt: skip
        self.play(a, created, user or clerk, clerk, rng, w.escalation_target(unit))
        book.actions.append(a)
        return a

    def play(self, a: Action, created, owner_id, clerk, rng: Random, escalate_to) -> None:
        """The action's life up to now, from its deadline: done on time, done late (after an escalation when very
        late), escalated and still in progress, or (deadline ahead) in progress or not yet started."""
        w = self.w
        now, today = w.now, w.today
        rows = self.book.steps[ActionTransition]
        S = ActionState

        def add(action, frm, to, by, when, note=""):
            rows.append(step(ActionTransition, ACTION_WORKFLOW.subject, a, action, frm, to, by, when, note))

        add("create", "", S.OPEN, clerk, created)
        if a.case_id:
            add("open_case", S.OPEN, S.OPEN, clerk, created + datetime.timedelta(minutes=30), "已关联网格案件，由案件系统派单处置。")
        started = created + days(rng.uniform(0.5, 4))
        due = timezone.make_aware(datetime.datetime.combine(a.deadline, datetime.time(18)))
        a.state, a.progress, a.updated_at = S.OPEN, 0, created
        if started >= now:
            return
        if a.deadline >= today and rng.random() < 0.2:  # not started yet
            return
        add("start", S.OPEN, S.IN_PROGRESS, owner_id, started)
        a.state, a.progress, a.updated_at = S.IN_PROGRESS, rng.choice([10, 20, 30]), started
        if a.deadline >= today:  # still running
            mid = started + (min(now, due) - started) * rng.uniform(0.3, 0.9)
            a.progress = rng.choice([30, 40, 50, 60, 80])
            add("progress", S.IN_PROGRESS, S.IN_PROGRESS, owner_id, mid, f"{rng.choice(D.PROGRESS_NOTES)}（进度{a.progress}%）")
            a.updated_at = mid
            return
        late_by = (today - a.deadline).days
        r = rng.random()
        if r < 0.72:  # done on time
            done = started + (due - started) * rng.uniform(0.4, 0.98)
            self.finish(a, add, owner_id, done, rng.choice(D.DONE_NOTES))
            return
        escalated = due + days(rng.uniform(1, 4))
        if r < 0.95 and late_by > 3:  # done late, some after an escalation
            if rng.random() < 0.25 and escalated < now:
                add("escalate", S.IN_PROGRESS, S.IN_PROGRESS, None, escalated, D.ESCALATE_NOTE)
                a.escalated_to, a.escalated_at = escalate_to, escalated
                done = escalated + (min(now, escalated + days(15)) - escalated) * rng.uniform(0.2, 0.9)
            else:
                done = min(now - days(0.5), due + days(rng.uniform(1, 20)))
            self.finish(a, add, owner_id, done, rng.choice(D.LATE_NOTES))
            return
        if escalated < now:  # escalated, still in progress
            add("escalate", S.IN_PROGRESS, S.IN_PROGRESS, None, escalated, D.ESCALATE_NOTE)
            a.escalated_to, a.escalated_at, a.updated_at = escalate_to, escalated, escalated
        a.progress = rng.choice([40, 50, 60, 70])

    @staticmethod
    def finish(a: Action, add, owner_id, done, note: str) -> None:
        add("finish", ActionState.IN_PROGRESS, ActionState.DONE, owner_id, done, note)
        a.state, a.progress, a.done_at, a.updated_at = ActionState.DONE, 100, done, done
