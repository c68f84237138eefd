"""The three evaluation plans as data the platform needs: 物业服务评价, 民主监督评议 and 红色物业创建, with their
indicators (migration 0002 seeds them; a flush, the teardown of a transactional test, empties them and
`EvaluationConfig.ready`'s post_migrate handler puts them back; `ensure_plans` only adds what is missing, so staff's
edits stay).

Survey questions are numbered as in the estates' quarterly satisfaction survey (evaluation.surveys):
question 1 rates the property service, question 2 the residents' council's deliberation (1-5)."""

from decimal import Decimal as D

PLANS = [
    {
        "code": "property", "kind": "property", "name": "物业服务评价", "threshold": D("60"), "rectification_days": 30,
        "description": "每季度对各居民区物业服务企业测评：居民满意度、居民代表评议和案件、设备报警的办理实绩。",
        "indicators": [
            ("居民满意度测评", D("30"), "survey", 1, "", D("1"), D("5"), "分"),
            ("居民代表评议", D("20"), "rating", None, "", D("1"), D("5"), "分"),
            ("物业案件按时办结率", D("20"), "metric", None, "case_on_time", D("60"), D("100"), "%"),
            ("物业案件返工率", D("10"), "metric", None, "case_reopen", D("20"), D("0"), "%"),
            ("物业案件办理满意度", D("10"), "metric", None, "case_satisfaction", D("40"), D("100"), "分"),
            ("设备报警响应时间", D("10"), "metric", None, "alarm_response", D("240"), D("15"), "分钟"),
        ],
    },
    {
        "code": "supervision", "kind": "supervision", "name": "民主监督评议", "threshold": D("60"), "rectification_days": 30,
        "description": "每季度对居民区1+3+N议事会的民主监督评议：居民满意度、代表评议、决议落实和约请答复。",
        "indicators": [
            ("居民对议事协商的满意度", D("30"), "survey", 2, "", D("1"), D("5"), "分"),
            ("居民代表评议", D("30"), "rating", None, "", D("1"), D("5"), "分"),
            ("决议事项按期落实率", D("25"), "metric", None, "action_on_time", D("50"), D("100"), "%"),
            ("约请按时答复率", D("15"), "metric", None, "summons_on_time", D("50"), D("100"), "%"),
        ],
    },
    {
        "code": "red_property", "kind": "red_property", "name": "红色物业创建", "threshold": D("75"), "rectification_days": 45,
        "description": "红色物业创建测评：党建引领物业服务，居民满意、党组织评价、约请响应和案件办理。",
        "indicators": [
            ("居民满意度测评", D("25"), "survey", 1, "", D("1"), D("5"), "分"),
            ("居民区党组织评价", D("25"), "rating", None, "", D("0"), D("100"), "分"),
            ("约请按时答复率", D("20"), "metric", None, "property_summons_on_time", D("50"), D("100"), "%"),
            ("物业案件按时办结率", D("15"), "metric", None, "case_on_time", D("60"), D("100"), "%"),
            ("物业案件办理满意度", D("15"), "metric", None, "case_satisfaction", D("40"), D("100"), "分"),
        ],
    },
]  # fmt: skip


def ensure_plans(plan_model=None, indicator_model=None) -> int:
    """Add the missing plans and their indicators; how many rows were added."""
    if plan_model is None:
        from evaluation.models import Indicator as indicator_model
        from evaluation.models import Plan as plan_model
    added = 0
    for data in PLANS:
        data = dict(data)
        indicators = data.pop("indicators")
        plan, created = plan_model.objects.get_or_create(code=data["code"], defaults=data)
        added += created
        if not created:
            continue
        for position, (name, weight, source, question, metric, low, high, unit_label) in enumerate(indicators, start=1):
            indicator_model.objects.create(
                plan=plan,
                position=position,
                name=name,
                weight=weight,
                source=source,
                survey_question=question,
                metric=metric,
                low=low,
                high=high,
                unit_label=unit_label,
            )
            added += 1
    return added
