"""Personal data at rest: encrypted (Fernet), a keyed digest for exact lookups, and a masked form for display.

A database dump shows only ciphertext, digests and masked values (DOMAIN-RULES §5).
"""

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Encryption keys: FIELD_ENCRYPTION_KEY is a comma-separated list of Fernet keys, newest first. The first
# encrypts; every one decrypts, so a new key is put in front and `manage.py rotate_keys` re-encrypts the
# stored values with it before the old one is dropped. Neither key is derived from SECRET_KEY.


def _fernet_key(configured: str) -> bytes:
    raw = configured.encode()
    try:
        if len(base64.urlsafe_b64decode(raw)) == 32:
            return raw
    except (binascii.Error, ValueError):
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(raw).digest())  # a passphrase: the Fernet key is its SHA-256


@lru_cache(maxsize=4)
def _fernets(keys: str) -> tuple[Fernet, MultiFernet]:
    parts = [k.strip() for k in keys.split(",") if k.strip()]
    if not parts:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set")
    fernets = [Fernet(_fernet_key(k)) for k in parts]
    return fernets[0], MultiFernet(fernets)


def encrypt(value: str) -> str:
    return _fernets(settings.FIELD_ENCRYPTION_KEY)[1].encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    return _fernets(settings.FIELD_ENCRYPTION_KEY)[1].decrypt(token.encode()).decode() if token else ""


def reencrypt(token: str) -> str | None:
    """`token` encrypted with the newest key, or None when it already is (or is empty)."""
    if not token:
        return None
    newest, every = _fernets(settings.FIELD_ENCRYPTION_KEY)
    try:
        newest.decrypt(token.encode())
        return None
    except InvalidToken:
        return every.rotate(token.encode()).decode()  # InvalidToken when no configured key opens it


def _index_key() -> bytes:
    if not settings.BLIND_INDEX_KEY:
        raise ImproperlyConfigured("BLIND_INDEX_KEY is not set")
    return settings.BLIND_INDEX_KEY.encode()


def digest(value: str) -> str:
    if not value:
        return ""
    return hmac.new(_index_key(), value.encode(), hashlib.sha256).hexdigest()


def mask_mobile(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 7 else "*" * len(value)


def mask_id_number(value: str) -> str:
    """First and last character only ("1****************X"). The middle carries the region, the birth date and
    the sequence number: with the age, gender and address shown beside it, any more visible digits (the former
    first-3/last-4 mask left only positions 4-6 unknown) would let the number be reconstructed. What is left (the
    first province digit and the check character) still leaves thousands of candidates."""
    return f"{value[0]}{'*' * (len(value) - 2)}{value[-1]}" if len(value) > 2 else "*" * len(value)


COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "夏侯",
    "轩辕",
    "令狐",
    "端木",
    "独孤",
    "西门",
    "南宫",
)
CHINESE_WORD = re.compile(r"^[\u3400-\u9fff·•]+$")
# a word ending so is a role or a title (居民, 网格员, 居委会书记, 维保员), not a person's name
ROLE_ENDINGS = (
    "居民",
    "业主",
    "员",
    "书记",
    "主任",
    "社工",
    "代表",
    "民警",
    "物业",
    "公司",
    "委员会",
    "居委会",
    "业委会",
    "志愿者",
    "达人",
    "组长",
    "队长",
    "网格长",
)


def mask_name(name: str) -> str:
    """A person's name with only the surname shown, one star for each other character: 张三丰 → 张**, 欧阳明 → 欧阳*."""
    name = (name or "").strip()
    if not name:
        return ""
    keep = 2 if name.startswith(COMPOUND_SURNAMES) and len(name) > 2 else 1
    return name[:keep] + "*" * max(len(name) - keep, 1)


def mask_display_name(text: str) -> str:
    """An account's display name as written ("张三丰", "居民 张三丰", "维保员 李四") with the person's name masked
    and the words that are a role or a title kept: "居民 张**". A word in Latin letters or digits is an account name
    or a number, never masked as if it were a name: it is left out. "" when nothing is left to show."""
    words = [w for w in (text or "").split() if CHINESE_WORD.match(w)]
    roles = [w for w in words if w.endswith(ROLE_ENDINGS)]
    names = [w for w in words if not w.endswith(ROLE_ENDINGS)]
    return " ".join([*roles, *(mask_name(n) for n in names)])


@dataclass(frozen=True)
class Protected:
    enc: str
    digest: str
    masked: str


def protect(value: str, masker) -> Protected:
    return Protected(encrypt(value), digest(value), masker(value) if value else "")
