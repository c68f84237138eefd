"""Open311 demo data: the API key `jiayuan-demo-key` and a service definition for 电梯故障. Idempotent."""

from django.db import transaction

from cases.defaults import CATEGORIES
from cases.models import CaseCategory
from cases.services import categories_load
from open311.models import ApiKey, Datatype, ServiceAttribute, key_digest
from open311.services import apikey_create

DEMO_KEY = "jiayuan-demo-key"
DEMO_KEY_NAME = "演示客户端 demo client"
LIFT_ATTRIBUTES = [
    dict(code="trapped", datatype=Datatype.SINGLE, required=True, order=1, description="有人被困在电梯里吗？",
         values=[{"key": "yes", "name": "有人被困"}, {"key": "no", "name": "无人被困"}]),
    dict(code="floor", datatype=Datatype.NUMBER, required=False, order=2, description="电梯停在几楼？", datatype_description="楼层数字（-5 至 60）",
         min_value=-5, max_value=60),
    dict(code="symptoms", datatype=Datatype.MULTI, required=False, order=3, description="看到了什么情况？",
         values=[{"key": "stopped", "name": "停运"}, {"key": "noise", "name": "异响"}, {"key": "door", "name": "门开关异常"}]),
]  # fmt: skip


@transaction.atomic
def ensure_open311_demo() -> ApiKey:
    """The demo key (no acting user: its posts are anonymous reports) and, when the category
    FAC-LIFT exists, its attributes (the default categories are loaded first on an empty database).
    Running it again changes nothing."""
    if not CaseCategory.objects.exists():
        categories_load(CATEGORIES)
    api_key = ApiKey.objects.filter(digest=key_digest(DEMO_KEY)).first() or apikey_create(name=DEMO_KEY_NAME, key=DEMO_KEY)[0]
    lift = CaseCategory.objects.filter(code="FAC-LIFT").first()
    if lift is not None:
        for spec in LIFT_ATTRIBUTES:
            ServiceAttribute.objects.get_or_create(category=lift, code=spec["code"], defaults={k: v for k, v in spec.items() if k != "code"})
    return api_key
