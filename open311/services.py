"""Writes of the Open311 endpoint: API keys, and a posted request made into a case through
`cases.services.case_report` (source Open311), with its attribute answers, submission and token."""

import secrets

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from cases.models import Case, Source
from cases.services import case_report
from open311 import conf
from open311.intake import NewRequest
from open311.models import ApiKey, RequestAttribute, RequestToken, Submission, key_digest


def apikey_create(*, name: str, user=None, key: str | None = None) -> tuple[ApiKey, str]:
    """A new key for a client; returns the key record and the key itself, which is not kept."""
    raw = key or secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(name=name, digest=key_digest(raw), prefix=raw[:6], user=user)
    return api_key, raw


def apikey_find(raw: str) -> ApiKey | None:
    """The active key with this value, or None."""
    if not raw or len(raw) > 200:
        return None
    found = ApiKey.objects.filter(digest=key_digest(raw), is_active=True).select_related("user").first()
    if found is not None and (found.last_used_at is None or (timezone.now() - found.last_used_at).total_seconds() > 60):
        ApiKey.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found


def apikey_throttled(api_key: ApiKey, now=None) -> bool:
    """Counts one post for the key in the current minute; True once it has posted more than
    `OPEN311_POST_RATE` in that minute. Kept in the cache (Redis in production)."""
    minute = int((now or timezone.now()).timestamp() // 60)
    slot = f"open311:posts:{api_key.pk}:{minute}"
    cache.add(slot, 0, timeout=120)
    try:
        count = cache.incr(slot)
    except ValueError:  # expired between add and incr
        cache.set(slot, 1, timeout=120)
        count = 1
    return count > int(conf.get("OPEN311_POST_RATE"))


@transaction.atomic
def request_submit(*, new: NewRequest, api_key: ApiKey) -> tuple[Case, RequestToken]:
    """A checked request (from `intake.new_request`) becomes a case reported by no resident (the
    key's acting user keyed it in), with its answers, submission and a token."""
    case = case_report(
        category=new.category,
        description=new.description,
        source=Source.OPEN311,
        reporter=None,
        unit=new.unit,
        lat=new.lat,
        lng=new.lng,
        address=new.address,
        by=api_key.user,
        external_ref=new.external_ref,
        contact_name=new.contact_name,
        contact_phone=new.contact_phone,
    )
    RequestAttribute.objects.bulk_create([RequestAttribute(case=case, attribute=a, code=a.code, value=v) for a, v in new.answers])
    Submission.objects.create(case=case, api_key=api_key, media_url=new.media_url)
    token = RequestToken.objects.create(case=case)
    return case, token
