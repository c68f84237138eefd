"""Simplified Chinese numbers as the platform's staff read them in reports and statistics: a comma every three
digits (1,234,567), not Django's ungrouped default. Used only where a template asks for it (`|intcomma` on counts
and figures); USE_THOUSAND_SEPARATOR stays off, so ids, years, codes and numbers in forms, URLs, JSON and
exports are never grouped."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
