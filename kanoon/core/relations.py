"""Foreign keys given by id in the API, looked up through the caller's scope.

A lookup by id is a read like any other: an id outside the caller's scope must answer exactly
like an id that does not exist (same "not found" error, no name, no hint), whether the field
sits on the top-level serializer or in a nested one (the queryset is narrowed when the value is
read, from the root serializer's request, not when the serializer is built).

    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    def __init__(self, *, action: str = "view", **kwargs: Any) -> None:
        self.scope_action = action
        super().__init__(**kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        queryset = super().get_queryset()
        request = self.context.get("request")
        # no request (a serializer used outside a view): nothing can be looked up
        return queryset.restrict(getattr(request, "user", None), self.scope_action)
