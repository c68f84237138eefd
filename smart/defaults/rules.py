"""The default alarm rules, as data (loaded by `manage.py smart_defaults` after the device types).

Loading is idempotent and never overwrites: a rule that exists for (device type, alarm type) is left
as staff edited it. Case categories are those of `cases.defaults` (`manage.py cases_defaults`).
Priorities: 1 low, 2 normal, 3 high, 4 urgent.
"""

from django.db import transaction

from smart.conditions import validate_rule
from smart.models import AlarmRule, DeviceType


def tm(key, op, value):
    return {"key": key, "source": "telemetry", "op": op, "value": value}


def ev(code):
    return {"key": code, "source": "event"}


def simple(*predicates, match="all"):
    return {"kind": "simple", "match": match, "predicates": list(predicates)}


def lasting(seconds, *predicates, match="all"):
    return {"kind": "duration", "match": match, "seconds": seconds, "predicates": list(predicates)}


def repeating(count, seconds, *predicates, match="any"):
    return {"kind": "repeating", "match": match, "count": count, "seconds": seconds, "predicates": list(predicates)}


def rule(device_type, alarm_type, name, create, *, clear=None, details="", case="", priority=3, case_from="MAJOR", maintainer=False, schedule=None):
    return {
        "device_type": device_type,
        "alarm_type": alarm_type,
        "name": name,
        "create_conditions": create,
        "clear_condition": clear,
        "schedule": schedule,
        "details": details,
        "opens_case": bool(case),
        "case_category_code": case,
        "case_priority": priority,
        "case_min_severity": {"CRITICAL": 5, "MAJOR": 4, "MINOR": 3, "WARNING": 2}[case_from],
        "notify_maintainer": maintainer,
    }


FILLS = ("fill_residual", "fill_kitchen", "fill_recyclable", "fill_hazardous")
LOW_BATTERY = "电量低（{battery}%），请更换电池"

# fmt: off
DEFAULT_RULES = [
    # elevators: a trapped passenger goes at once to the property company and the maintainer
    rule("elevator", "trapped", "电梯困人", {"CRITICAL": simple(ev("trapped"))}, details="{device}困人，请立即救援（{location}）", case="FAC-LIFT-TRAP", priority=4, case_from="CRITICAL", maintainer=True),
    rule("elevator", "fault", "电梯故障", {"MAJOR": lasting(120, tm("fault_code", ">", 0))}, clear=simple(tm("fault_code", "==", 0)), details="故障代码 {fault_code}，持续 2 分钟以上", case="FAC-LIFT", maintainer=True),
    rule("elevator", "fault_report", "电梯故障报告", {"MAJOR": simple(ev("fault"), ev("door_fault"), match="any")}, details="设备报告{event}", case="FAC-LIFT", maintainer=True),
    # fire facilities
    rule("fire", "low_pressure", "消防水压不足", {"MAJOR": lasting(300, tm("pressure", "<", 0.1))}, clear=simple(tm("pressure", ">=", 0.1)), details="管网水压 {pressure} MPa，低于 0.1 MPa 已 5 分钟", case="FAC-FIRE"),
    rule("fire", "fire_alarm", "火警", {"CRITICAL": simple(ev("fire_alarm"))}, details="消防主机报火警（{location}）", case="SAFE-SMOKE", priority=4, case_from="CRITICAL"),
    # sensing alarms
    rule("smoke", "smoke_alarm", "烟感报警", {"CRITICAL": simple(ev("smoke_alarm"))}, details="烟感报警（{location}）", case="SAFE-SMOKE", priority=4, case_from="CRITICAL"),
    rule("smoke", "low_battery", "烟感电量低", {"WARNING": simple(tm("battery", "<", 20), ev("low_battery"), match="any")}, clear=simple(tm("battery", ">=", 30)), details=LOW_BATTERY),
    rule("gas", "gas_leak", "燃气泄漏", {"CRITICAL": simple(tm("gas_lel", ">=", 25), ev("gas_alarm"), match="any")}, details="可燃气体浓度 {gas_lel}%LEL（{location}）", case="SAFE-GAS", priority=4, case_from="CRITICAL"),
    rule("gas", "low_battery", "燃气探测器电量低", {"WARNING": simple(tm("battery", "<", 20))}, clear=simple(tm("battery", ">=", 30)), details=LOW_BATTERY),
    rule("water", "water_leak", "漏水", {"MAJOR": simple(tm("leak", "==", 1), ev("water_leak"), match="any")}, clear=simple(tm("leak", "==", 0)), details="检测到漏水（{location}）", case="SAFE-WATER"),
    rule("water", "low_battery", "水浸探测器电量低", {"WARNING": simple(tm("battery", "<", 20))}, clear=simple(tm("battery", ">=", 30)), details=LOW_BATTERY),
    # garbage rooms: an overflow event is MAJOR, a bin at 90% or more for 10 minutes MINOR; cleared when every bin is below 60%
    rule(
        "garbage", "overflow", "垃圾满溢",
        {"MAJOR": simple(ev("overflow")), "MINOR": lasting(600, *(tm(k, ">=", 90) for k in FILLS), match="any")},
        clear=simple(*(tm(k, "<", 60) for k in FILLS)),
        details="垃圾房满溢（其他 {fill_residual}%，湿 {fill_kitchen}%，可回收 {fill_recyclable}%，有害 {fill_hazardous}%）",
        case="ENV-WASTE", priority=2, case_from="MINOR",
    ),
    # AI cameras (cases from source "camera")
    rule("camera", "throw", "高空抛物", {"CRITICAL": simple(ev("throw"))}, details="识别到高空抛物（{location}）", case="ENV-THROW", priority=3, case_from="CRITICAL"),
    rule("camera", "illegal_parking", "乱停车", {"MINOR": repeating(3, 1800, ev("illegal_parking"))}, details="30 分钟内 3 次识别到乱停车（{location}）", case="TRAFFIC-PARK", priority=2, case_from="MINOR"),
    rule("camera", "clutter", "楼道堆物", {"MINOR": simple(ev("clutter"))}, details="识别到楼道堆物（{location}）", case="ENV-CLUTTER", priority=2, case_from="MINOR"),
]
# fmt: on


def rules_load(rows=None) -> tuple[int, list[str]]:
    """Create the default rules that do not exist yet (device types first: `device_types_load`). Returns how
    many were made and what could not be (e.g. a case category missing: run `cases_defaults` first)."""
    from django.core.exceptions import ValidationError

    from smart.services.rules import rule_create

    types = {t.code: t for t in DeviceType.objects.all()}
    made, skipped = 0, []
    for row in DEFAULT_RULES if rows is None else rows:
        device_type = types.get(row["device_type"])
        if device_type is None:
            skipped.append(f"{row['device_type']}/{row['alarm_type']}: no such device type")
            continue
        if AlarmRule.objects.filter(device_type=device_type, alarm_type=row["alarm_type"]).exists():
            continue
        try:
            with transaction.atomic():
                rule_create(**{**row, "device_type": device_type})
        except ValidationError as e:
            skipped.append(f"{row['device_type']}/{row['alarm_type']}: {' '.join(e.messages)}")
            continue
        made += 1
    return made, skipped


def check_defaults() -> None:
    """Every default rule passes `validate_rule` (a test calls this)."""
    types = {t.code: t for t in DeviceType.objects.all()}
    for row in DEFAULT_RULES:
        fields = {k: v for k, v in row.items() if k not in ("name", "notify_maintainer")}
        existing = AlarmRule.objects.filter(device_type__code=row["device_type"], alarm_type=row["alarm_type"]).values_list("pk", flat=True).first()
        validate_rule(**{**fields, "device_type": types[row["device_type"]], "rule_id": existing})
