"""The three 约请 threads and the 三重一大 matters with their spendings, at the first 居民区's council (the
personnel matter at the second's): written after the meetings they refer to."""

import datetime
from decimal import Decimal

from django.conf import settings

from cases.calendar import add_working_time
from deliberation.models import FundsThreshold, Matter, MatterTransition, Spending, SpendingTransition, Summons, SummonsTransition
from deliberation.workflow import MatterState, SpendingState, SummonsState
from demo.cases import own_timestamps
from demo.deliberation import data as D
from demo.deliberation.meetings import days, step

FUNDS_THRESHOLD = Decimal(50000)


def summons_days() -> int:
    return getattr(settings, "DELIBERATION_SUMMONS_DAYS", 5)


def make_summons(w, council, tagged: dict) -> list[Summons]:
    """Met (its meeting and agenda item the latest council meeting's), answered awaiting the upcoming meeting,
    and unanswered past its due time, escalated to the 居民区 (level 1)."""
    d, p = w.districts[0], council
    seats = {s.party: s for s in p.seats}
    holder = {m.seat.party: m for m in p.members}
    out, rows = [], []
    threads = zip(D.SUMMONS_THREADS, ("summons-met", "summons-upcoming", ""), strict=True)
    for (frm, to, subject, description, answer), tag in threads:
        if frm not in seats or to not in seats:
            continue
        meeting, item, _decision = tagged.get(tag, (None, None, None))
        if tag == "summons-met":
            sent = meeting.starts_at - days(12)
        elif tag:
            sent = w.now - days(3)
        else:
            sent = w.now - days(14)
        by = holder[frm].user_id if frm in holder else w.clerk(d)
        answerer = holder[to].user_id if to in holder else None
        s = Summons(body=p.body, unit_path=p.body.unit_path, from_seat=seats[frm], to_seat=seats[to], subject=subject, description=description,
                    requested_by_id=by, answer_due_at=add_working_time(sent, days=summons_days()), created_at=sent, updated_at=sent)  # fmt: skip
        rows.append(step(SummonsTransition, "summons", s, "create", "", SummonsState.SENT, by, sent))
        if answer:
            s.state, s.answered_at, s.answered_by_id, s.answer = SummonsState.ANSWERED, sent + days(2), answerer, answer
            s.proposed_at, s.meeting, s.item, s.updated_at = meeting.starts_at, meeting, item, s.answered_at
            rows.append(step(SummonsTransition, "summons", s, "answer", SummonsState.SENT, SummonsState.ANSWERED, answerer, s.answered_at, answer))
            if tag == "summons-met":
                s.state, s.updated_at = SummonsState.MET, meeting.ends_at
                rows.append(
                    step(
                        SummonsTransition, "summons", s, "meet", SummonsState.ANSWERED, SummonsState.MET, w.clerk(d), meeting.ends_at, "已在议事会上当面会商。"
                    )
                )
        else:
            s.escalation_level, s.escalated_to, s.escalated_at = 1, d, s.answer_due_at + datetime.timedelta(hours=1)
            s.updated_at = s.escalated_at
            rows.append(
                step(
                    SummonsTransition,
                    "summons",
                    s,
                    "escalate",
                    SummonsState.SENT,
                    SummonsState.SENT,
                    None,
                    s.escalated_at,
                    "逾期未答复，已报居民区党组织书记。",
                )
            )
        out.append(s)
    with own_timestamps(Summons):
        Summons.objects.bulk_create(out)
    SummonsTransition.objects.bulk_create(rows)
    return out


def make_matters(w, councils: dict, tagged: dict) -> tuple[list[Matter], list[Spending]]:
    """三重一大: the repair fund decided and executed (its spending paid), the lift project decided (its design
    fee approved), a personnel matter decided and executed, and a decision awaiting the upcoming meeting (its
    spending requested)."""
    FundsThreshold.objects.get_or_create(unit=w.subdistrict, defaults={"amount": FUNDS_THRESHOLD})
    tags = ("matter-funds", "matter-project", "matter-personnel", "matter-pending")
    matters, rows = [], []
    for (kind, title, description, amount, _item), tag in zip(D.MATTERS, tags, strict=True):
        meeting, item, decision = tagged.get(tag, (None, None, None))
        if meeting is None:
            matters.append(None)
            continue
        p = councils[meeting.body_id]
        unit = p.body.unit
        by = w.clerk(unit)
        proposed = meeting.starts_at - days(10)
        m = Matter(unit=unit, unit_path=unit.path, kind=kind, title=title, description=description, amount=Decimal(amount) if amount else None, body=p.body,
                   proposed_by_id=by, created_at=proposed, updated_at=proposed)  # fmt: skip
        rows.append(step(MatterTransition, "matter", m, "create", "", MatterState.PROPOSED, by, proposed))
        if decision is not None:
            m.state, m.decision, m.updated_at = MatterState.DECIDED, decision, decision.decided_at
            rows.append(step(MatterTransition, "matter", m, "decide", MatterState.PROPOSED, MatterState.DECIDED, by, decision.decided_at, decision.text))
            if tag in ("matter-funds", "matter-personnel"):
                m.executed_at = min(w.now - days(1), decision.decided_at + days(30))
                m.state, m.updated_at = MatterState.EXECUTED, m.executed_at
                rows.append(step(MatterTransition, "matter", m, "execute", MatterState.DECIDED, MatterState.EXECUTED, by, m.executed_at))
        matters.append(m)
    with own_timestamps(Matter):
        Matter.objects.bulk_create([m for m in matters if m is not None])
    MatterTransition.objects.bulk_create(rows)
    spendings, rows = [], []
    for index, purpose, amount, state in D.SPENDINGS:
        m = matters[index]
        if m is None:
            continue
        by = w.clerk(m.unit)
        requested = m.created_at + days(1)
        s = Spending(
            unit=m.unit,
            unit_path=m.unit_path,
            purpose=purpose,
            amount=Decimal(amount),
            matter=m,
            requested_by_id=by,
            created_at=requested,
            updated_at=requested,
        )
        rows.append(step(SpendingTransition, "spending", s, "create", "", SpendingState.REQUESTED, by, requested))
        if state in (SpendingState.APPROVED, SpendingState.PAID):
            approved = m.decision.decided_at + days(2)
            s.state, s.updated_at = SpendingState.APPROVED, approved
            rows.append(step(SpendingTransition, "spending", s, "approve", SpendingState.REQUESTED, SpendingState.APPROVED, by, approved, "已有议事会决议。"))
            if state == SpendingState.PAID:
                paid = m.executed_at or approved + days(5)
                s.state, s.updated_at = SpendingState.PAID, paid
                rows.append(step(SpendingTransition, "spending", s, "pay", SpendingState.APPROVED, SpendingState.PAID, by, paid))
        spendings.append(s)
    with own_timestamps(Spending):
        Spending.objects.bulk_create(spendings)
    SpendingTransition.objects.bulk_create(rows)
    return [m for m in matters if m is not None], spendings
