"""Serializers every app's API shares."""

from rest_framework import serializers


# The body of a 409 (`core.exceptions.Conflict`, `core.workflow.IllegalTransition`): one "Conflict"
# component in the schema. (No docstring: it would become the component's description.)
class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
