"""The resource types the plan names (S2.1-S2.3) and a few more, as data: seeded by migration 0002;
staff add more on the types page. (code, kind, 中文名, English, group)."""

TYPES = [
    # 社区达人: skills
    ("quyi", "talent", "曲艺", "Folk performing arts", "arts"),
    ("shuhua", "talent", "书画", "Calligraphy and painting", "arts"),
    ("dance", "talent", "舞蹈", "Dance", "arts"),
    ("music", "talent", "音乐", "Music", "arts"),
    ("photo", "talent", "摄影", "Photography", "arts"),
    ("handicraft", "talent", "手工", "Handicraft", "life"),
    ("repair", "talent", "维修", "Repair", "life"),
    ("cooking", "talent", "烹饪", "Cooking", "life"),
    ("digital", "talent", "智能手机教学", "Phones and computers", "learning"),
    ("education", "talent", "教育", "Education", "learning"),
    ("health", "talent", "健康养生", "Health", "health"),
    ("fitness", "talent", "健身指导", "Fitness coaching", "health"),
    ("law", "talent", "法律咨询", "Legal advice", "law"),
    ("counselling", "talent", "心理疏导", "Counselling", "care"),
    # 社区共享空间: kinds of space
    ("leisure", "space", "休闲娱乐", "Leisure", "arts"),
    ("sports", "space", "运动健身", "Sports and fitness", "health"),
    ("meeting", "space", "会议培训", "Meetings and training", "learning"),
    ("culture", "space", "文化教育", "Culture and education", "learning"),
    # 企业公益服务项目: fields
    ("elderly", "project", "为老服务", "Services for the elderly", "care"),
    ("disability", "project", "助残服务", "Services for people with disabilities", "care"),
    ("youth", "project", "青少年成长", "Children and youth", "learning"),
    ("arts_project", "project", "文体活动", "Culture and sports events", "arts"),
    ("health_project", "project", "健康义诊", "Free health checks", "health"),
    ("legal_aid", "project", "法律援助", "Legal aid", "law"),
    ("environment", "project", "环境美化", "Environment", "life"),
    ("relief", "project", "帮困救助", "Help for families in hardship", "care"),
    ("skills_training", "project", "技能培训", "Skills training", "learning"),
]


def ensure_types(model=None) -> int:
    """Create the types above that are missing (by code), leaving staff's edits alone; used by migration
    0002 and by tests after a transactional test has emptied the tables."""
    if model is None:
        from resources.models import ResourceType as model
    have = set(model.objects.values_list("code", flat=True))
    rows = [
        model(code=code, kind=kind, name=name, name_en=name_en, group=group, sort=sort * 10)
        for sort, (code, kind, name, name_en, group) in enumerate(TYPES, start=1)
        if code not in have
    ]
    model.objects.bulk_create(rows)
    return len(rows)
