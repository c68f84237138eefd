"""Roles as data (REQUIREMENTS "Who uses it", DOMAIN-RULES §5).

Each role grants capabilities; a user holds a role at a unit, and the capability reaches the
unit's subtree. 系统管理员, 安全管理员 and 审计员 are separate (三权分立): no user may hold two of them,
and none of them sees residents' personal data.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from org.models import CHANGE_ELEMENT, CHANGE_UNIT, EXPORT_UNIT, VIEW_UNIT  # noqa: F401  org names its own capabilities

VIEW_RESIDENT = "people.view_resident"
CHANGE_RESIDENT = "people.change_resident"
VIEW_PII = "people.view_pii"
VIEW_HOUSEHOLD = "people.view_household"
CHANGE_HOUSEHOLD = "people.change_household"
VIEW_OWNERSHIP = "people.view_ownership"
CHANGE_OWNERSHIP = "people.change_ownership"
VIEW_COMMUNITYROLE = "people.view_communityrole"
IMPORT_DATA = "imports.run_import"
VIEW_ROLEASSIGNMENT = "accounts.view_roleassignment"
CHANGE_ROLEASSIGNMENT = "accounts.change_roleassignment"
MANAGE_USER = "accounts.manage_user"
VIEW_AUDIT = "audit.view_auditlog"
VIEW_CASE = "cases.view_case"
CHANGE_CASE = "cases.change_case"  # register, reject, merge (立案, 不予立案, 合并)
DISPATCH_CASE = "cases.dispatch_case"  # 派遣
HANDLE_CASE = "cases.handle_case"  # 处置
VERIFY_CASE = "cases.verify_case"  # 核查
SUPERVISE_CASE = "cases.supervise_case"  # 督办
VIEW_DEVICE = "smart.view_device"  # devices, their readings and alarms
CHANGE_DEVICE = "smart.change_device"  # register devices and vendors, edit alarm rules
ACK_ALARM = "smart.ack_alarm"  # acknowledge and clear alarms
VIEW_SERVICE = "services.view_service"  # places, rooms, menu, bookings and occupancy, duty rosters, 睦邻点
CHANGE_SERVICE = "services.change_service"  # places, rooms, menu, slots, check-in, duty rosters
RECEIVE_VISITOR = "services.receive_visitor"  # the reception log (names and phones of visitors)
CHANGE_POINT = "services.change_point"  # 睦邻点 records: activities, visits, development records, proposals
REVIEW_POINT = "services.review_point"  # approve, flag, retire 睦邻点 and rate them
VIEW_SURVEY = "surveys.view_survey"  # results
CHANGE_SURVEY = "surveys.change_survey"  # write, send, close
VIEW_RESOURCE = "resources.view_resource"  # the three libraries in full (talents' contacts masked), needs, matches, the map
CHANGE_RESOURCE = "resources.change_resource"  # enter and review talents, spaces, organisations and projects; import
MATCH_RESOURCE = "resources.match_resource"  # enter needs, propose and agree matches, run rounds, record services
RESOURCE_ALL = {VIEW_RESOURCE, CHANGE_RESOURCE, MATCH_RESOURCE}
VIEW_BODY = "meetings.view_body"  # deliberative bodies, their members, meetings, decisions, minutes, resolutions' actions, 约请
MANAGE_BODY = "meetings.manage_body"  # set up bodies and seats, call meetings, tick sign-in, record votes, draft minutes
MANAGE_ACTION = "deliberation.manage_action"  # assign resolutions' actions, follow them up, open cases from them
VIEW_MATTER = "deliberation.view_matter"  # the 三重一大 register and spendings, for auditors
MANAGE_MATTER = "deliberation.manage_matter"  # register 三重一大 matters, mark them executed, approve spendings
VIEW_EVALUATION = "evaluation.view_evaluation"  # evaluation results, scores and their computation, the ranking
MANAGE_EVALUATION = "evaluation.manage_evaluation"  # evaluation plans, ratings, running and publishing a period's scores
DELIBERATION_ALL = {VIEW_BODY, MANAGE_BODY, MANAGE_ACTION, VIEW_MATTER, MANAGE_MATTER, VIEW_EVALUATION, MANAGE_EVALUATION}

PEOPLE_READ = {VIEW_UNIT, VIEW_RESIDENT, VIEW_HOUSEHOLD, VIEW_OWNERSHIP, VIEW_COMMUNITYROLE}
PEOPLE_WRITE = PEOPLE_READ | {CHANGE_RESIDENT, CHANGE_HOUSEHOLD, CHANGE_OWNERSHIP, CHANGE_ELEMENT}  # the grids' people and places


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    perms: frozenset
    separated: bool = False  # one of the three separated administrator roles


def _r(code, label, perms, separated=False):
    return Role(code, label, frozenset(perms), separated)


ROLES = {
    r.code: r
    for r in [
        _r(
            "subdistrict_admin",
            _("Subdistrict administrator"),
            PEOPLE_WRITE
            | RESOURCE_ALL
            | DELIBERATION_ALL
            | {
                VIEW_SERVICE,
                CHANGE_SERVICE,
                RECEIVE_VISITOR,
                CHANGE_POINT,
                REVIEW_POINT,
                VIEW_SURVEY,
                CHANGE_SURVEY,
                VIEW_DEVICE,
                CHANGE_DEVICE,
                ACK_ALARM,
                VIEW_PII,
                CHANGE_UNIT,
                EXPORT_UNIT,
                IMPORT_DATA,
                VIEW_ROLEASSIGNMENT,
                VIEW_CASE,
                CHANGE_CASE,
                DISPATCH_CASE,
                VERIFY_CASE,
                SUPERVISE_CASE,
            },
        ),
        _r(
            "area_manager",
            _("Area committee"),
            PEOPLE_READ
            | {VIEW_RESOURCE, VIEW_SERVICE, VIEW_SURVEY, VIEW_DEVICE, EXPORT_UNIT, VIEW_ROLEASSIGNMENT, VIEW_CASE, SUPERVISE_CASE}
            | {VIEW_BODY, MANAGE_BODY, MANAGE_ACTION, VIEW_MATTER, VIEW_EVALUATION},
        ),
        _r(
            "committee_secretary",
            _("Residents' committee secretary/director"),
            PEOPLE_WRITE
            | RESOURCE_ALL
            | {VIEW_BODY, MANAGE_BODY, MANAGE_ACTION, VIEW_MATTER, MANAGE_MATTER, VIEW_EVALUATION}
            | {
                VIEW_SERVICE,
                CHANGE_SERVICE,
                RECEIVE_VISITOR,
                CHANGE_POINT,
                VIEW_SURVEY,
                CHANGE_SURVEY,
                VIEW_DEVICE,
                ACK_ALARM,
                VIEW_PII,
                EXPORT_UNIT,
                IMPORT_DATA,
                VIEW_ROLEASSIGNMENT,
                VIEW_CASE,
                CHANGE_CASE,
                DISPATCH_CASE,
                HANDLE_CASE,
                VERIFY_CASE,
            },
        ),
        _r(
            "social_worker",
            _("Social worker"),
            PEOPLE_WRITE
            | RESOURCE_ALL
            | {VIEW_SERVICE, CHANGE_SERVICE, RECEIVE_VISITOR, CHANGE_POINT, VIEW_SURVEY, CHANGE_SURVEY, EXPORT_UNIT, VIEW_CASE, HANDLE_CASE}
            | {VIEW_BODY, MANAGE_BODY, VIEW_EVALUATION},
        ),
        _r(
            "grid_worker",
            _("Grid worker"),
            PEOPLE_WRITE | {VIEW_RESOURCE, VIEW_SERVICE, RECEIVE_VISITOR, VIEW_DEVICE, ACK_ALARM, VIEW_CASE, CHANGE_CASE, HANDLE_CASE, VERIFY_CASE, VIEW_BODY, MANAGE_BODY},
        ),
        _r("owners_committee", _("Owners' committee"), {VIEW_UNIT, VIEW_OWNERSHIP}),
        _r("property_company", _("Property company"), {VIEW_DEVICE, ACK_ALARM, VIEW_UNIT, VIEW_HOUSEHOLD, VIEW_CASE, HANDLE_CASE, VIEW_BODY, VIEW_EVALUATION}),
        _r("police", _("Community police"), PEOPLE_READ | {VIEW_DEVICE, VIEW_PII, VIEW_CASE, HANDLE_CASE, VIEW_BODY}),
        _r("co_building_unit", _("Co-building unit"), {VIEW_UNIT}),
        _r("charity", _("Charity enterprise"), {VIEW_UNIT}),
        _r("social_org", _("Social organisation"), {VIEW_SERVICE, CHANGE_SERVICE, CHANGE_POINT, VIEW_UNIT}),
        _r("volunteer", _("Volunteer"), {VIEW_UNIT}),
        _r("talent", _("Community talent"), {VIEW_UNIT}),
        _r("representative", _("Residents' representative"), {VIEW_UNIT}),
        _r("expert", _("Expert reviewer"), {VIEW_UNIT}),
        _r("resident", _("Resident / owner"), {VIEW_UNIT, VIEW_RESIDENT, VIEW_HOUSEHOLD, VIEW_OWNERSHIP, VIEW_COMMUNITYROLE}),
        _r("sysadmin", _("System administrator"), {VIEW_DEVICE, CHANGE_DEVICE, VIEW_UNIT, CHANGE_UNIT, IMPORT_DATA}, separated=True),
        _r("security_admin", _("Security administrator"), {VIEW_ROLEASSIGNMENT, CHANGE_ROLEASSIGNMENT, MANAGE_USER}, separated=True),
        _r("auditor", _("Auditor"), {VIEW_AUDIT, VIEW_MATTER}, separated=True),  # and the 三重一大 register
    ]
}

ROLE_CHOICES = [(r.code, r.label) for r in ROLES.values()]
ALL_PERMS = sorted(set().union(*(r.perms for r in ROLES.values())))

# What a role grants over the holder's own home and neighbourhood and nothing more: a role with only these
# (居民/业主, 业委会, volunteers, talents, representatives, experts, co-building units, charities) has no
# staff work, and its holder is shown the resident front (home.rules.works_as_staff).
FRONT_PERMS = frozenset({VIEW_UNIT, VIEW_RESIDENT, VIEW_HOUSEHOLD, VIEW_OWNERSHIP, VIEW_COMMUNITYROLE})
STAFF_ROLES = frozenset(code for code, role in ROLES.items() if role.perms - FRONT_PERMS)
