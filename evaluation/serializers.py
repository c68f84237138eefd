"""The evaluation's API shapes: plans with their indicators, periods, results with their computation."""

from rest_framework import serializers

from evaluation.models import Indicator, IndicatorValue, Period, Plan, Result


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "position", "name", "weight", "source", "survey_question", "metric", "low", "high", "unit_label"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "code", "kind", "name", "description", "threshold", "rectification_days", "is_active", "indicators"]
        read_only_fields = fields


class PeriodSerializer(serializers.ModelSerializer):
    plan_name = serializers.CharField(source="plan.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Period
        fields = ["id", "plan", "plan_name", "unit", "unit_name", "year", "quarter", "state", "computed_at", "published_at"]
        read_only_fields = fields


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["indicator", "position", "name", "weight", "source", "raw", "samples", "score"]
        read_only_fields = fields


class ResultSerializer(serializers.ModelSerializer):
    estate_name = serializers.CharField(source="estate.name", read_only=True)
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Result
        fields = ["id", "period", "estate", "estate_name", "organisation", "body", "subject_name", "score", "rank", "below_threshold", "action", "values"]
        read_only_fields = fields
