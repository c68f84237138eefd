"""Plain words for the smart pages (issue 15 item 9): numbers with thousands separators, durations in the
largest whole units ("30 分钟", "1 小时 30 分钟", not "1800 秒"). No queries; used by selectors, views and
the `smart_text` template filters."""

from django.utils.translation import ngettext


def grouped(value) -> str:
    """A number with thousands separators: 12345 → "12,345", 1234.5 → "1,234.5" (up to 2 decimals).
    The zh-hans locale groups no digits, so this does not go through number_format."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(int(value))
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer():
            return f"{int(value):,}"
        return f"{round(value, 2):,.2f}".rstrip("0").rstrip(".")
    try:
        return grouped(float(value)) if "." in str(value) else grouped(int(value))
    except (TypeError, ValueError):
        return str(value)


def duration_text(seconds) -> str:
    """Seconds as a person says them: 1800 → "30 分钟", 5400 → "1 小时 30 分钟", 86400 → "1 天", 45 → "45 秒"."""
    try:
        left = int(seconds)
    except (TypeError, ValueError):
        return str(seconds)
    if left <= 0:
        return ngettext("%(n)s second", "%(n)s seconds", 0) % {"n": 0}
    parts = []
    for size, words in (
        (86400, lambda n: ngettext("%(n)s day", "%(n)s days", n)),
        (3600, lambda n: ngettext("%(n)s hour", "%(n)s hours", n)),
        (60, lambda n: ngettext("%(n)s minute", "%(n)s minutes", n)),
        (1, lambda n: ngettext("%(n)s second", "%(n)s seconds", n)),
    ):
        n, left = divmod(left, size)
        if n:
            parts.append(words(n) % {"n": grouped(n)})
    return " ".join(parts)
