"""The kinds of deliberative body the plan names and their seats, as data the platform needs (migration 0002 seeds
them; a flush, the teardown of a transactional test, empties them and `MeetingsConfig.ready`'s post_migrate handler
puts them back). Staff may edit them afterwards in the admin; `ensure_kinds` only adds what is missing.

A seat's code is the party that holds it: the 物业公司 on a council and in a 三驾马车 is one party, which is what a 约请
and an evaluation look up. Tuple: (code, name, unit kind, quorum, majority, majority base, description, [(seat code,
name, group, count, required)]).
"""

KINDS = [
    ("council", "居民区“1+3+N”议事会", "district", "0.5", "0.5", "present",
     "以党组织为核心，居委会为主导，居民为主体，业委会、物业公司、驻区单位、群众团队、社会组织等共同参与的居民区议事协商机构。",
     [("party", "居民区党组织", "core", 1, True), ("committee", "居委会", "core", 1, True), ("owners", "业委会", "core", 1, False),
      ("property", "物业公司", "core", 1, False), ("police", "社区民警", "n", 1, False), ("co_building", "驻区单位", "n", 1, False),
      ("group", "群众团队", "n", 1, False), ("social_org", "社会组织", "n", 1, False), ("representative", "居民代表", "n", 3, False)]),
    ("troika", "“三驾马车”联席会议", "district", "0.667", "0.5", "present", "居委会、业委会、物业公司三方协调机制，协商小区日常管理中的共性问题。",
     [("committee", "居委会", "core", 1, True), ("owners", "业委会", "core", 1, False), ("property", "物业公司", "core", 1, False)]),
    ("joint", "片区区域联席会议", "area", "0.5", "0.5", "present", "片区内共建单位、企业、社会组织与片区办公室共商区域事务、共享资源的联席会议。",
     [("area_office", "片区办公室", "core", 1, True), ("co_building", "共建单位", "n", 3, False), ("enterprise", "辖区企业", "n", 2, False),
      ("social_org", "社会组织", "n", 2, False)]),
    ("self_group", "网格自管共管联合小组", "grid", "0.5", "0.5", "present", "由物业人员、业委会成员、楼组长、志愿者组成，在网格内自我管理、共同管理。",
     [("grid", "网格员", "core", 1, True), ("property", "物业人员", "core", 1, False), ("owners", "业委会成员", "core", 1, False),
      ("building_head", "楼组长", "n", 2, False), ("volunteer", "志愿者", "n", 2, False)]),
    ("supervision", "居民区党务政务监督小组", "district", "0.6", "0.5", "seats", "对居民区党务、政务、财务和三重一大事项开展监督。",
     [("supervisor", "监督员", "other", 5, False)]),
    ("point", "睦邻点议事会", "district", "0.5", "0.5", "present", "示范睦邻点上的邻里议事，充分发挥和睦邻里、议事协商的作用。",
     [("host", "点长", "core", 1, True), ("resident", "邻里居民", "other", 4, False), ("social_org", "社会组织", "n", 1, False)]),
]  # fmt: skip


def ensure_kinds(kind_model=None, seat_model=None) -> int:
    """Add the missing kinds and seat templates (existing ones, maybe edited by staff, are left alone); how many rows were added."""
    if kind_model is None:
        from meetings.models import BodyKind as kind_model
        from meetings.models import SeatTemplate as seat_model
    added = 0
    for order, (code, name, unit_kind, quorum, majority, base, description, seats) in enumerate(KINDS):
        kind, created = kind_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_kind": unit_kind,
                "quorum": quorum,
                "majority": majority,
                "majority_base": base,
                "description": description,
                "order": order,
            },
        )
        added += created
        for seat_order, (seat_code, seat_name, group, count, required) in enumerate(seats):
            _, created = seat_model.objects.get_or_create(
                kind=kind, code=seat_code, defaults={"name": seat_name, "group": group, "count": count, "required": required, "order": seat_order}
            )
            added += created
    return added
