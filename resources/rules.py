"""The resources app's named rules (django-rules): needs, matches, service records, resource types.

Object predicates say who someone is to a match; phase predicates say where a need is; the named
permissions compose them with the capability predicates of `accounts.rules`. Pages, API and services ask
the same names: `user.has_perm("resources.act_on_match", match)`.
Which steps a match's state allows is the workflow's data (`resources.workflow`).

Registered here (the guard test in `resources/tests/test_rules.py` checks this list):
"""

import rules

from accounts.roles import CHANGE_RESOURCE, MATCH_RESOURCE
from accounts.rules import holds, holds_at_subdistrict, object_predicate
from resources.models import NeedState, ResourceKind

N = NeedState
OPEN_NEED_STATES = (N.OPEN, N.MATCHED)  # a need is changed, proposed for, agreed on and cancelled only while open or agreed


def record_match(rec):
    return rec.match


def record_resource(rec):
    return rec.match.resource


# --- who someone is to a match ----------------------------------------------------------------------


@object_predicate
def is_match_talent(user, match) -> bool:
    """The match's resource is a talent whose account is `user`."""
    if not getattr(user, "is_authenticated", False):
        return False
    talent = match.resource.talent if match.resource.kind == ResourceKind.TALENT else None
    return talent is not None and talent.user_id == user.pk


@object_predicate
def is_record_talent(user, rec) -> bool:
    """The service record's match is with a talent whose account is `user`."""
    return is_match_talent(user, rec.match)


# --- where a need is --------------------------------------------------------------------------------


@object_predicate
def need_is_open(user, need) -> bool:
    """Open or agreed (not served, closed or cancelled)."""
    return need.state in OPEN_NEED_STATES


# --- named permissions -----------------------------------------------------------------------------

RULES = {
    # agree, decline, cancel, record: resources.match_resource at the need's 居民区
    "resources.act_on_match": holds(MATCH_RESOURCE),
    "resources.give_requester_feedback": holds(MATCH_RESOURCE),
    # the provider's side: staff at the need's or the resource's unit, or the talent themself
    "resources.give_provider_feedback": holds(MATCH_RESOURCE) | holds(MATCH_RESOURCE, via=record_resource) | is_record_talent,
    "resources.see_match_as_talent": is_match_talent,
    "resources.edit_need": holds(MATCH_RESOURCE) & need_is_open,
    "resources.cancel_need": holds(MATCH_RESOURCE) & need_is_open,
    "resources.propose_for_need": holds(MATCH_RESOURCE) & need_is_open,
    # types serve every 居民区, so only the subdistrict changes them
    "resources.edit_resource_types": holds_at_subdistrict(CHANGE_RESOURCE),
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)
