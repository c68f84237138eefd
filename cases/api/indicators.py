"""GET /api/case-indicators/: the dashboard's figures (cases/indicators.py) for a unit and a period."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import VIEW_CASE
from accounts.scope import scope_paths
from cases.indicators import case_indicators, default_period, default_unit, indicator_units
from core.filters import MAX_ID

BY = ("month", "category", "unit")


class IndicatorQuerySerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    by = serializers.MultipleChoiceField(choices=BY, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])  # "from" is a Python keyword
        fields["to"] = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])
        return fields


class FiguresSerializer(serializers.Serializer):
    reported = serializers.IntegerField(help_text="cases reported in the period")
    closed = serializers.IntegerField(help_text="cases closed (结案) in the period")
    due = serializers.IntegerField(help_text="应办结: registered cases due in the period, closed or past their due date")
    on_time = serializers.IntegerField(help_text="按时办结: of those, closed by their due time")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="按时结案率 = on_time / due (0..1)")
    rated = serializers.IntegerField(help_text="cases closed in the period and rated")
    satisfied = serializers.IntegerField(help_text="of those, rated satisfied or basically satisfied")
    satisfaction_rate = serializers.FloatField(allow_null=True, help_text="满意率 = satisfied / rated")
    resolved = serializers.IntegerField(help_text="cases closed in the period and never reopened")
    resolution_rate = serializers.FloatField(allow_null=True, help_text="解决率 = resolved / closed")
    median_hours = serializers.FloatField(allow_null=True, help_text="median whole hours from registration to closing")
    reopened = serializers.IntegerField(help_text="cases reported in the period and reopened since")
    reopened_share = serializers.FloatField(allow_null=True)
    merged = serializers.IntegerField(help_text="cases reported in the period and merged as duplicates")
    duplicate_share = serializers.FloatField(allow_null=True)


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class MonthFiguresSerializer(FiguresSerializer):
    month = serializers.CharField(help_text="YYYY-MM")


class CategoryFiguresSerializer(FiguresSerializer):
    category = CategoryRefSerializer()


class UnitFiguresSerializer(FiguresSerializer):
    unit = UnitRefSerializer()


class IndicatorsSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    source = serializers.ChoiceField(choices=["rollup", "cases"], help_text="counted from the daily rollup or from the cases")
    totals = FiguresSerializer()
    months = MonthFiguresSerializer(many=True, help_text="with by=month")
    categories = CategoryFiguresSerializer(many=True, help_text="with by=category")
    children = UnitFiguresSerializer(many=True, help_text="with by=unit: one row per child unit")

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        fields["to"] = serializers.DateField()
        return fields


def _unit(u):
    return {"id": u.pk, "name": u.name, "kind": u.kind}


def indicators_payload(unit, result, by) -> dict:
    return {
        "unit": _unit(unit),
        "from": result.start,
        "to": result.end,
        "source": result.source,
        "totals": result.totals.as_dict(),
        "months": [{"month": f"{m:%Y-%m}", **f.as_dict()} for m, f in result.months] if "month" in by else [],
        "categories": [{"category": {"id": c.pk, "code": c.code, "name": c.name}, **f.as_dict()} for c, f in result.categories] if "category" in by else [],
        "children": [{"unit": _unit(u), **f.as_dict()} for u, f in result.children] if "unit" in by else [],
    }


class OneObjectSchema(AutoSchema):
    """One object, never an array."""

    def _is_list_view(self, serializer=None):
        return False


class CaseIndicatorsView(APIView):
    """按时结案率, 满意率, 解决率, median handling time, reopened and duplicate shares of the cases under a
    unit in the caller's scope (VIEW_CASE), for a period of whole days; definitions in cases/indicators.py."""

    schema = OneObjectSchema()

    @extend_schema(
        operation_id="case_indicators",
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.INT, description="unit id (default: the top unit of the caller's scope); 404 outside the scope"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="first day, YYYY-MM-DD (default: the first day of the month eleven months ago)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="last day, YYYY-MM-DD (default: today); at most 1098 days after from"),
            OpenApiParameter(
                "by",
                {"type": "array", "items": {"type": "string", "enum": list(BY)}},
                explode=True,
                description="add the monthly series (month), the figures by category (category), per child unit (unit)",
            ),
        ],  # fmt: skip
        responses=IndicatorsSerializer,
    )
    def get(self, request):
        if scope_paths(request.user, VIEW_CASE) is None:
            raise PermissionDenied()
        query = IndicatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if "unit" in data:
            unit = indicator_units(request.user).filter(pk=data["unit"]).first()
            if unit is None:
                raise Http404
        else:
            unit = default_unit(request.user)
            if unit is None:  # pragma: no cover - a scope always has a top unit
                raise Http404(_("No unit in your scope."))
        start, end = default_period()
        start, end = data.get("from", start), data.get("to", end)
        by = set(data.get("by") or ())
        try:
            result = case_indicators(unit, start, end, children="unit" in by)
        except DjangoValidationError as e:
            raise ValidationError(e.message_dict) from e
        return Response(IndicatorsSerializer(indicators_payload(unit, result, by)).data)
