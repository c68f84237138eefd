"""Weekly times as staff write them in a cell, and back: "周一 14:00-17:00；周三 09:00-11:30" ⇄
{"0": [["14:00", "17:00"]], "2": [["09:00", "11:30"]]} (0 = Monday, local time), the form of a talent's
or a project's availability and of a room's opening hours (doorstep.slots).

Also read: "周一、周三 14:00-17:00", "周一至周五 9:00-11:00, 14:00-17:00", "每天 8:00-20:00", "工作日 …",
"周末 …"; an empty cell or "不限" means any time (by arrangement).
"""

import re

from django.utils.translation import gettext_noop

DAY_LABELS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
ANY_TIME = {"不限", "随时", "面议", "可商议", "时间可商议"}

BAD_TIMES = gettext_noop("“%(value)s” cannot be read as weekly times; write them like 周一 14:00-17:00；周三 09:00-11:30.")
BAD_TIME = gettext_noop("“%(value)s” is not a time of day; write it like 08:30.")
ENDS_FIRST = gettext_noop("A period must end after it starts (%(value)s).")
OVERLAP = gettext_noop("On %(day)s the periods %(first)s and %(second)s overlap.")

_NUMERALS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "七": 6, "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}
_GROUPS = {"每天": range(7), "每日": range(7), "天天": range(7), "全周": range(7), "工作日": range(5), "周末": (5, 6)}
_DAY = re.compile(r"^(?:周|星期|礼拜)([一二三四五六日天七])$")
_RANGE = re.compile(r"^(.+?)[至到~\-—–](.+)$")
_PERIOD = re.compile(r"^(\d{1,2}:\d{2})[-—–~至到](\d{1,2}:\d{2})$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class TimesError(ValueError):
    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message, self.params = message, params


def _day(token: str) -> int:
    m = _DAY.match(token)
    if not m:
        raise TimesError(BAD_TIMES, value=token)
    return _NUMERALS[m.group(1)]


def _days(token: str) -> list[int]:
    if token in _GROUPS:
        return list(_GROUPS[token])
    m = _RANGE.match(token)
    if m:
        a, b = _day(m.group(1)), _day(m.group(2))
        return [(a + i) % 7 for i in range((b - a) % 7 + 1)]
    return [_day(token)]


def _hhmm(value: str) -> str:
    m = _TIME.match(value)
    if not m:
        raise TimesError(BAD_TIME, value=value)
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def _period(token: str) -> list[str]:
    m = _PERIOD.match(token)
    if not m:
        raise TimesError(BAD_TIMES, value=token)
    a, b = _hhmm(m.group(1)), _hhmm(m.group(2))
    if a >= b:
        raise TimesError(ENDS_FIRST, value=f"{a}-{b}")
    return [a, b]


def parse_weekly(text) -> dict:
    """The weekly windows written in `text`, checked and sorted; raises TimesError."""
    text = str(text or "").strip()
    if not text or text in ANY_TIME:
        return {}
    text = text.replace("：", ":").replace("～", "~")
    text = re.sub(r"\s*([-—–~至到])\s*", r"\1", text)
    windows: dict[int, list] = {}
    current: list[int] = []
    has_period = True  # whether the current days already got a period
    for token in re.split(r"[；;，,、/\s]+", text):
        if not token:
            continue
        m = re.match(r"^(\D*)(.*)$", token)
        day_part, period_part = m.group(1), m.group(2)
        if day_part:
            days = _days(day_part)
            current = current + days if not has_period else days
            has_period = False
        if period_part:
            if not current:
                raise TimesError(BAD_TIMES, value=text)
            period = _period(period_part)
            for d in current:
                windows.setdefault(d, []).append(period)
            has_period = True
    if not has_period:
        raise TimesError(BAD_TIMES, value=text)
    out = {}
    for d in sorted(windows):
        periods = sorted(windows[d])
        for (a1, b1), (a2, b2) in zip(periods, periods[1:], strict=False):
            if a2 < b1:
                raise TimesError(OVERLAP, day=DAY_LABELS[d], first=f"{a1}-{b1}", second=f"{a2}-{b2}")
        out[str(d)] = periods
    return out


def weekly_text(windows: dict | None) -> str:
    """{"0": [["14:00", "17:00"]], "2": [...]} → "周一 14:00-17:00；周三 …" (read back by parse_weekly)."""
    parts = []
    for key in sorted(windows or {}, key=int):
        periods = windows[key]
        if periods:
            parts.append(f"{DAY_LABELS[int(key)]} " + "、".join(f"{a}-{b}" for a, b in periods))
    return "；".join(parts)
