"""Personal data at rest: encrypted (Fernet), a keyed digest for exact lookups, and a masked form for display.

A database dump shows only ciphertext, digests and masked values (DOMAIN-RULES §5).
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings


def _derive(purpose: str, configured: str) -> bytes:
    if configured:
        return configured.encode()
    return hashlib.sha256(f"jiayuan:{purpose}:{settings.SECRET_KEY}".encode()).digest()


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    raw = _derive("fernet", key)
    if len(raw) != 44:  # not already a urlsafe base64 Fernet key
        raw = base64.urlsafe_b64encode(hashlib.sha256(raw).digest())
    return Fernet(raw)


def encrypt(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode() if token else ""


def digest(value: str) -> str:
    if not value:
        return ""
    return hmac.new(_derive("index", settings.BLIND_INDEX_KEY), value.encode(), hashlib.sha256).hexdigest()


def mask_mobile(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if len(value) >= 7 else "*" * len(value)


def mask_id_number(value: str) -> str:
    """First and last character only ("1****************X"). The middle carries the region, the birth date and
    the sequence number: with the age, gender and address shown beside it, any more visible digits (the former
    first-3/last-4 mask left only positions 4-6 unknown) would let the number be reconstructed. What is left (the
    first province digit and the check character) still leaves thousands of candidates."""
    return f"{value[0]}{'*' * (len(value) - 2)}{value[-1]}" if len(value) > 2 else "*" * len(value)


@dataclass(frozen=True)
class Protected:
    enc: str
    digest: str
    masked: str


def protect(value: str, masker) -> Protected:
    return Protected(encrypt(value), digest(value), masker(value) if value else "")
