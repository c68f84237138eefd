"""Pinyin keys for Chinese names (pypinyin): full pinyin and initials, so "zsf" finds 张三丰."""

from functools import lru_cache

from pypinyin import lazy_pinyin


@lru_cache(maxsize=200_000)
def pinyin_keys(name: str) -> tuple[str, str]:
    syllables = [s.lower() for s in lazy_pinyin(name, errors="ignore")]
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s)
    return full, initials
