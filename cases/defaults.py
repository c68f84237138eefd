"""Default reference data, loaded by `manage.py cases_defaults` and the demo: the national holiday
calendar (国务院办公厅 notices) and a starting category tree. Both are data: edit them in the admin
or here, never in code paths."""

import datetime

from cases.models import HandlerKind as H
from cases.models import TimeUnit as T


def _days(start: str, end: str, name: str) -> list[tuple[str, bool, str]]:
    a, b = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    return [((a + datetime.timedelta(days=i)).isoformat(), False, name) for i in range((b - a).days + 1)]


def _workday(day: str, name: str) -> list[tuple[str, bool, str]]:
    return [(day, True, name + "调休上班")]


# (date, is_workday, name). Holidays on weekends are listed too: harmless, and the notice reads so.
HOLIDAYS = [
    # 2025 (国办发明电〔2024〕12号)
    *_days("2025-01-01", "2025-01-01", "元旦"),
    *_days("2025-01-28", "2025-02-04", "春节"),
    *_workday("2025-01-26", "春节"),
    *_workday("2025-02-08", "春节"),
    *_days("2025-04-04", "2025-04-06", "清明节"),
    *_days("2025-05-01", "2025-05-05", "劳动节"),
    *_workday("2025-04-27", "劳动节"),
    *_days("2025-05-31", "2025-06-02", "端午节"),
    *_days("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    *_workday("2025-09-28", "国庆节"),
    *_workday("2025-10-11", "国庆节"),
    # 2026
    *_days("2026-01-01", "2026-01-03", "元旦"),
    *_workday("2026-01-04", "元旦"),
    *_days("2026-02-15", "2026-02-23", "春节"),
    *_workday("2026-02-14", "春节"),
    *_workday("2026-02-28", "春节"),
    *_days("2026-04-04", "2026-04-06", "清明节"),
    *_days("2026-05-01", "2026-05-05", "劳动节"),
    *_workday("2026-05-09", "劳动节"),
    *_days("2026-06-19", "2026-06-21", "端午节"),
    *_days("2026-09-25", "2026-09-27", "中秋节"),
    *_days("2026-10-01", "2026-10-07", "国庆节"),
    *_workday("2026-09-20", "国庆节"),
    *_workday("2026-10-10", "国庆节"),
]

# (code, name, parent code, handled by, time limit, unit[, registration limit in minutes]). Limits follow
# DOMAIN-RULES §3: ordinary matters 5 working days, consultations 1; a complex matter gets 15 only once its
# extension is approved (`CASES_COMPLEX_WORKING_DAYS`), never by category. Urgent safety matters are due in
# hours round the clock and must be registered within minutes of the report; the others within
# `CASES_ACCEPT_WORKING_HOURS` working hours.
CATEGORIES = [
    ("ENV", "市容环境", None, H.COMMITTEE, 5, T.WORKING_DAYS),
    ("ENV-CLUTTER", "楼道堆物", "ENV", H.PROPERTY, 5, T.WORKING_DAYS),
    ("ENV-WASTE", "垃圾满溢", "ENV", H.PROPERTY, 1, T.WORKING_DAYS),
    ("ENV-THROW", "高空抛物", "ENV", H.POLICE, 1, T.WORKING_DAYS),
    ("TRAFFIC", "交通秩序", None, H.DEPARTMENT, 5, T.WORKING_DAYS),
    ("TRAFFIC-PARK", "乱停车", "TRAFFIC", H.PROPERTY, 1, T.WORKING_DAYS),
    ("FAC", "设施设备", None, H.PROPERTY, 5, T.WORKING_DAYS),
    ("FAC-LIFT", "电梯故障", "FAC", H.PROPERTY, 24, T.WORKING_HOURS),
    ("FAC-LIFT-TRAP", "电梯困人", "FAC", H.PROPERTY, 1, T.CLOCK_HOURS, 15),
    ("FAC-FIRE", "消防设施故障", "FAC", H.PROPERTY, 1, T.WORKING_DAYS),
    ("SAFE", "安全隐患", None, H.COMMITTEE, 1, T.WORKING_DAYS),
    ("SAFE-SMOKE", "烟感报警", "SAFE", H.PROPERTY, 1, T.CLOCK_HOURS, 15),
    ("SAFE-GAS", "燃气泄漏", "SAFE", H.PROPERTY, 1, T.CLOCK_HOURS, 15),
    ("SAFE-WATER", "漏水浸水", "SAFE", H.PROPERTY, 4, T.CLOCK_HOURS, 30),
    ("FAC-DAMAGE", "设施损坏", "FAC", H.PROPERTY, 5, T.WORKING_DAYS),
    ("ORDER", "社会秩序", None, H.COMMITTEE, 5, T.WORKING_DAYS),
    ("ORDER-NOISE", "噪音扰民", "ORDER", H.POLICE, 3, T.WORKING_DAYS),
    ("ORDER-DISPUTE", "邻里纠纷", "ORDER", H.COMMITTEE, 5, T.WORKING_DAYS),
    ("CONSULT", "咨询建议", None, H.COMMITTEE, 1, T.WORKING_DAYS),
]

# 紧急情况: what a resident does first, before reporting, for the life-safety categories (issue 15 item 5). Shanghai's
# lines: 96333 电梯应急处置, 962777 燃气抢修 (上海燃气), 119 fire, 110 police, 120 ambulance. Loaded with the
# categories; edit them in the admin. {code: (advice, [(label, number), ...])}
EMERGENCY = {
    "FAC-LIFT-TRAP": (
        "有人被困在电梯里：先按轿厢里的警铃或对讲，再拨打 96333 电梯应急电话，说清楚小区、楼号和哪部电梯。"
        "被困的人不要扒门、撬门，不要攀爬，耐心等待救援。有人受伤或身体不适，请拨打 120。",
        [("电梯应急", "96333"), ("急救", "120"), ("报警", "110")],
    ),
    "SAFE-GAS": (
        "闻到燃气味：马上关掉燃气总阀，打开门窗通风；不要开关电灯和电器，不要点火，不要在屋里打电话。"
        "走到室外安全的地方，再拨打上海燃气抢修电话 962777。着火请拨打 119，有人不适请拨打 120。",
        [("燃气抢修", "962777"), ("火警", "119"), ("急救", "120")],
    ),
    "SAFE-SMOKE": (
        "看到明火或浓烟：马上拨打 119。用湿毛巾捂住口鼻，弯腰走楼梯离开，不要乘电梯，不要回屋拿东西。"
        "有人受伤请拨打 120。",
        [("火警", "119"), ("急救", "120")],
    ),
    "ENV-THROW": (
        "有人被砸伤：先拨打 120。正在抛物或有危险，请拨打 110，不要站在楼下。",
        [("急救", "120"), ("报警", "110")],
    ),
}


def emergency_fields(code: str) -> dict:
    """The advice and numbers of a default category, as CaseCategory fields (empty for the others)."""
    advice, numbers = EMERGENCY.get(code, ("", []))
    return {"emergency_advice": advice, "emergency_numbers": [{"label": label, "number": number} for label, number in numbers]}
