"""Two members voting at the same moment, and the chair closing the vote while a member votes, leave exact
counts: cast and close lock the decision row; `mtg_vote_once` refuses a second vote (PostgreSQL, threads)."""

import threading

import pytest
from django.db import connection, connections

from meetings.models import Vote
from meetings.services.decisions import Refused, decision_open, vote_cast, vote_close
from meetings.tests.builders.decisions import add_item, build_council, sign_in
from meetings.workflow import DecisionState

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections with row locks"),
    pytest.mark.django_db(transaction=True),
]


def run_together(*calls):
    barrier, results = threading.Barrier(len(calls)), []

    def run(fn):
        try:
            barrier.wait()
            results.append(fn())
        except Refused:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def open_vote(tree, prefix):
    sitting = build_council(tree.D1, prefix=prefix)
    sign_in(sitting, "chair", "secretary", "m1", "m2", "m3", "m4")
    decision = decision_open(item=add_item(sitting, prefix), text="同意", by=sitting.users["chair"])
    return sitting, decision


def test_two_members_voting_at_once_are_both_counted_and_a_double_vote_once(tree):
    sitting, decision = open_vote(tree, "two")
    u = sitting.users
    results = run_together(
        lambda: vote_cast(decision=decision, choice="for", by=u["m1"]),
        lambda: vote_cast(decision=decision, choice="against", by=u["m2"]),
        lambda: vote_cast(decision=decision, choice="for", by=u["m3"]),
        lambda: vote_cast(decision=decision, choice="against", by=u["m3"]),  # the same member twice at once
    )
    assert results.count("refused") == 1
    assert Vote.objects.filter(decision=decision).count() == 3
    decision = vote_close(decision=decision)
    assert decision.votes_for + decision.votes_against == 3


def test_closing_while_members_vote_counts_exactly_the_votes_that_got_in(tree):
    for round_ in range(3):
        sitting, decision = open_vote(tree, f"close{round_}")
        u = sitting.users
        run_together(
            lambda u=u, d=decision: vote_cast(decision=d, choice="for", by=u["m1"]),
            lambda u=u, d=decision: vote_cast(decision=d, choice="for", by=u["m2"]),
            lambda d=decision: vote_close(decision=d),
            lambda u=u, d=decision: vote_cast(decision=d, choice="against", by=u["m3"]),
        )
        decision.refresh_from_db()
        assert decision.state in (DecisionState.ADOPTED, DecisionState.REJECTED)
        votes = Vote.objects.filter(decision=decision)
        assert decision.votes_for == votes.filter(choice="for").count()
        assert decision.votes_against == votes.filter(choice="against").count()
