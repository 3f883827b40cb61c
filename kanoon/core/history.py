"""History for people to read: who changed what, when, from which value to which — in words.

One mechanism over django-simple-history for every model that keeps `HistoricalRecords`:

    entries = history_entries(obj, limit=20)                  # a view
    {% include "includes/history.html" with entries=entries %}   # its page

    class CenterViewSet(HistoryMixin, ScopedModelViewSet): ...   # GET /api/v1/centers/{id}/history/

Each entry says who (the user's display name, or «سامانه» for changes made by the system), when
(the record's time; pages show it in Jalali with Persian digits), what (created, changed,
deactivated, activated, deleted) and, for each field that changed, its Persian verbose_name and
its old and new values in words: choice labels, the `__str__` of a related record (looked up in
one query per related model for the entries shown), «بله»/«خیر», Jalali dates, «—» for empty.

A related record is named only if the viewer may see it (`kanoon.core.scope`, view action; for a
unit-like model keyed by `path`, the viewer's own ancestors count too): otherwise the value reads
«خارج از حوزهٔ شما». Pages and the API always pass the viewer (`request`); without one (scripts,
tests) every name is shown.

A record's page can fold in the history of the records that hang on it and have no page of
their own (a center's memberships, a meeting's agenda items and resolutions, a body's seats...):

    history_entries(center, request=request, related=[Related(memberships, lambda m: m.person.full_name)])

each such entry names its subject («عضویت: زهرا کریمی»); the caller passes querysets already
narrowed to what the viewer may see, and each is read in one query.

A save that only writes untracked fields (`save(update_fields=[...])` naming none of the fields
a model's HistoricalRecords keeps — a login's `last_login`, a notice's `overdue_notified_on`)
writes no history record at all (`connect()`, from core's AppConfig.ready). Entries in which no
shown field changed (a save that changed nothing) are skipped. Never shown: non-editable and auto fields, passwords, and the
fields registered as hidden here — `kanoon.audit.sensitive.register` hides every sensitive field,
whose values only the read-audited paths may show.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.signals import post_save, pre_save
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from . import formats, jalali, scope
from .text import to_persian_digits

SYSTEM = "سامانه"
EMPTY = "—"
YES, NO = "بله", "خیر"
OUT_OF_SCOPE = "خارج از حوزهٔ شما"
DEFAULT_LIMIT = 20
MAX_LIMIT = 500
NEVER_SHOWN = frozenset({"password", "last_login"})

CREATED, CHANGED, DEACTIVATED, ACTIVATED, DELETED = (
    "created",
    "changed",
    "deactivated",
    "activated",
    "deleted",
)
TYPE_LABELS = {
    CREATED: "ثبت",
    CHANGED: "تغییر",
    DEACTIVATED: "غیرفعال‌سازی",
    ACTIVATED: "فعال‌سازی دوباره",
    DELETED: "حذف",
}

# model label ("centers.person") → field names never shown in history (sensitive attributes)
_hidden: dict[str, set[str]] = defaultdict(set)


def hide_fields(model: type[models.Model], fields: Iterable[str]) -> None:
    """Never show these fields of `model` in history (the audit registry calls this)."""
    _hidden[model._meta.label_lower].update(fields)


def unhide_fields(model: type[models.Model], fields: Iterable[str]) -> None:
    _hidden[model._meta.label_lower].difference_update(fields)


def hidden_fields(model: type[models.Model]) -> frozenset[str]:
    return frozenset(_hidden.get(model._meta.label_lower, ()))


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class Entry:
    id: int
    at: dt.datetime
    user: str
    user_id: int | None
    type: str
    changes: list[Change] = field(default_factory=list)
    subject: str = ""  # for a related record: «عضویت: زهرا کریمی»; empty for the page's own record

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]


def shown_fields(model: type[models.Model]) -> list[models.Field]:
    """The model's history-tracked fields that people may read, in model order."""
    history_model = get_history_model_for_model(model)
    hidden = hidden_fields(model) | NEVER_SHOWN
    return [
        f
        for f in history_model.tracked_fields
        if f.editable
        and not f.primary_key
        and f.name not in hidden
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]


@dataclass
class _Raw:
    record: Any
    type: str
    changes: list[tuple[models.Field, Any, Any]]
    subject: str = ""


@dataclass
class Related:
    """Records hanging on a page's record whose history the page shows with its own: a queryset
    (already narrowed to what the viewer may see) and how each is named in an entry (default
    `str`). The subject reads «<verbose_name>: <label>»."""

    queryset: models.QuerySet
    label: Any = str


def _raw_entries(obj: models.Model) -> list[_Raw]:
    """Every record that says something, newest first, with raw old/new values."""
    model = obj._meta.concrete_model
    return _raws_of(model, {obj.pk: ""})


def _raws_of(model: type[models.Model], subjects: dict[Any, str]) -> list[_Raw]:
    """The readable records of these objects of one model (one query), newest first; each
    entry carries its object's subject."""
    history_model = get_history_model_for_model(model)
    fields = shown_fields(model)
    pk_name = model._meta.pk.attname
    if not subjects:
        return []
    lookup = {pk_name: next(iter(subjects))} if len(subjects) == 1 else {f"{pk_name}__in": list(subjects)}
    records = list(
        history_model.objects.filter(**lookup)
        .select_related("history_user")
        .order_by(pk_name, "history_date", "history_id")
    )
    result: list[_Raw] = []
    prev = None
    for record in records:
        if prev is not None and getattr(prev, pk_name) != getattr(record, pk_name):
            prev = None
        changes = []
        if prev is not None:
            for f in fields:
                old, new = getattr(prev, f.attname, None), getattr(record, f.attname, None)
                if old != new:
                    changes.append((f, old, new))
        elif record.history_type == "~":
            # history began after the row was made (bulk_create, rows older than the history):
            # what changed is read against the fields' defaults
            for f in fields:
                old, new = _default(f), getattr(record, f.attname, None)
                if old != new:
                    changes.append((f, old, new))
        if record.history_type == "+":
            kind = CREATED
        elif record.history_type == "-":
            kind = DELETED
        else:
            kind = CHANGED
            active = next((c for c in changes if c[0].name == "is_active"), None)
            if active is not None:
                kind = ACTIVATED if active[2] else DEACTIVATED
        if kind != CHANGED or changes:
            subject = subjects.get(getattr(record, pk_name), "")
            result.append(_Raw(record, kind, changes if kind != CREATED else [], subject))
        prev = record
    result.sort(key=lambda r: (r.record.history_date, r.record.history_id), reverse=True)
    return result


def _default(f: models.Field) -> Any:
    if not f.has_default():
        return None if f.null or not isinstance(f, models.CharField | models.TextField) else ""
    value = f.get_default()
    return value if f.is_relation is False else getattr(value, "pk", value)


def _related_raws(related: Iterable[Related]) -> list[_Raw]:
    raws: list[_Raw] = []
    for rel in related:
        model = rel.queryset.model._meta.concrete_model
        prefix = str(model._meta.verbose_name)
        subjects = {o.pk: f"{prefix}: {rel.label(o)}" for o in rel.queryset}
        raws.extend(_raws_of(model, subjects))
    return raws


def _is_scoped(model: type[models.Model]) -> bool:
    return hasattr(model, "scope_path_field") or hasattr(model, "scope_filter")


def _related_names(raws: Sequence[_Raw], viewer: Any = None) -> dict[type[models.Model], dict[Any, str]]:
    """`__str__` of every related record named in these entries: one query per related model.
    With a viewer, a scoped record outside the viewer's view scope reads OUT_OF_SCOPE."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for raw in raws:
        for f, old, new in raw.changes:
            if f.is_relation and (f.many_to_one or f.one_to_one):
                wanted[f.related_model].update(v for v in (old, new) if v is not None)
    names: dict[type[models.Model], dict[Any, str]] = {}
    for model, pks in wanted.items():
        qs = model._base_manager.filter(pk__in=pks)
        paths = scope.scope_paths(viewer, model, "view") if viewer is not None and _is_scoped(model) else None
        if paths is None:
            names[model] = {o.pk: str(o) for o in qs}
            continue
        if paths:
            qs = qs.annotate(
                _in_scope=models.Case(
                    models.When(scope.scope_q(viewer, model, "view"), then=models.Value(True)),
                    default=models.Value(False),
                    output_field=models.BooleanField(),
                )
            )
        by_path = getattr(model, "scope_path_field", None) == "path"
        names[model] = {}
        for o in qs:
            visible = bool(getattr(o, "_in_scope", False)) or (
                by_path and any(p.startswith(o.path) for p in paths)  # the viewer's own ancestors
            )
            names[model][o.pk] = str(o) if visible else OUT_OF_SCOPE
    return names


def words(
    f: models.Field, value: Any, related: dict[type[models.Model], dict[Any, str]] | None = None
) -> str:
    """A field's value as a person reads it."""
    if value is None or value == "":
        return EMPTY
    if f.is_relation and f.related_model is not None:
        found = (related or {}).get(f.related_model, {}).get(value)
        return found if found is not None else f"#{to_persian_digits(value)}"
    if f.flatchoices:
        choices = dict(f.flatchoices)
        if value in choices:
            return str(choices[value])
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.datetime):
        return jalali.format_datetime(value)
    if isinstance(value, dt.date):
        return jalali.format_date(value)
    if isinstance(value, int | float | Decimal):
        return formats.number(value)  # «۱۲٫۵», «۱٬۲۰۰», not «۱۲.۵۰۰۰»
    if isinstance(value, list | tuple | set):
        return "، ".join(str(v) for v in value) or EMPTY
    return str(value)


def _render(raws: Sequence[_Raw], viewer: Any = None) -> list[Entry]:
    related = _related_names(raws, viewer)
    entries = []
    for raw in raws:
        user = raw.record.history_user
        entries.append(
            Entry(
                id=raw.record.history_id,
                at=raw.record.history_date,
                user=user.display_name if user is not None else SYSTEM,
                user_id=getattr(user, "pk", None),
                type=raw.type,
                subject=raw.subject,
                changes=[
                    Change(f.name, str(f.verbose_name), words(f, old, related), words(f, new, related))
                    for f, old, new in raw.changes
                ],
            )
        )
    return entries


class History(Sequence):
    """An object's readable history, newest first, as `viewer` may read it. Slicing renders only
    the slice (so a paginator counts every entry but looks related records up only for the page
    shown)."""

    def __init__(self, obj: models.Model, viewer: Any = None, related: Iterable[Related] = ()) -> None:
        self._raws = _raw_entries(obj)
        if related:
            self._raws += _related_raws(related)
            self._raws.sort(key=lambda r: (r.record.history_date, r.record.history_id), reverse=True)
        self._viewer = viewer

    def __len__(self) -> int:
        return len(self._raws)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            return _render(self._raws[index], self._viewer)
        return _render([self._raws[index]], self._viewer)[0]


class Entries(list):
    """The entries a page shows, with `more` (older entries exist) and `next_limit`."""

    more: bool = False
    next_limit: int = 0
    total: int = 0


def history_entries(
    obj: models.Model,
    limit: int = DEFAULT_LIMIT,
    request: Any = None,
    viewer: Any = None,
    related: Iterable[Related] = (),
) -> Entries:
    """The last `limit` readable entries of `obj` (and of the `related` records), newest first,
    as `viewer` (default: the request's user) may read them. With `request`, a `?history=N`
    query (the partial's «بیشتر» link) shows up to N (at most MAX_LIMIT)."""
    if viewer is None and request is not None:
        viewer = getattr(request, "user", None)
    if request is not None:
        asked = str(request.GET.get("history", ""))
        if asked.isascii() and asked.isdigit():
            limit = max(limit, min(int(asked), MAX_LIMIT))
    history = History(obj, viewer, related)
    result = Entries(history[:limit])
    result.total = len(history)
    result.more = result.total > limit
    result.next_limit = min(limit * 2 if limit else DEFAULT_LIMIT, MAX_LIMIT) if result.more else 0
    if result.next_limit <= limit:
        result.more = False
    return result


# ---- no record for a save of untracked fields only ----------------------------------------

_SKIPPED = "_kanoon_history_skipped"


def _skip_untracked_save(
    sender: Any, instance: models.Model, update_fields: Any = None, **kwargs: Any
) -> None:
    if not update_fields or hasattr(instance, "skip_history_when_saving"):
        return
    try:
        history_model = get_history_model_for_model(sender)
    except NotHistoricalModelError:
        return
    tracked = {name for f in history_model.tracked_fields for name in (f.name, f.attname)}
    if not tracked.intersection(update_fields):
        instance.skip_history_when_saving = True  # simple-history's own switch
        setattr(instance, _SKIPPED, True)


def _unskip(sender: Any, instance: models.Model, **kwargs: Any) -> None:
    if getattr(instance, _SKIPPED, False):
        delattr(instance, _SKIPPED)
        del instance.skip_history_when_saving


def connect() -> None:
    """Connect the receivers (after simple-history's, so `_unskip` runs after it has looked)."""
    pre_save.connect(_skip_untracked_save, dispatch_uid="kanoon.history.skip_untracked")
    post_save.connect(_unskip, dispatch_uid="kanoon.history.unskip")


# ---- API ----------------------------------------------------------------------------------


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="نام فنی فیلد")
    label = serializers.CharField(help_text="نام فارسی فیلد")
    old = serializers.CharField(help_text="مقدار پیشین به زبان کاربر («—» یعنی خالی)")
    new = serializers.CharField(help_text="مقدار تازه به زبان کاربر («—» یعنی خالی)")


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField(help_text="زمان تغییر (ISO 8601)")
    at_jalali = serializers.SerializerMethodField(help_text="زمان تغییر به تاریخ خورشیدی: 1403/05/12 10:30")
    user = serializers.CharField(help_text="نام کسی که تغییر داد، یا «سامانه»")
    user_id = serializers.IntegerField(allow_null=True)
    type = serializers.CharField(help_text="created، changed، deactivated، activated یا deleted")
    type_label = serializers.CharField()
    subject = serializers.CharField(
        allow_blank=True, help_text="برای رکورد وابسته (مثلاً «عضویت: …»)؛ خالی برای خود رکورد"
    )
    changes = HistoryChangeSerializer(many=True)

    def get_at_jalali(self, entry: Entry) -> str:
        return jalali.format_datetime(entry.at, persian_digits=False)


class HistoryPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HistoryEntrySerializer(many=True)


class HistoryMixin:
    # Adds `GET <resource>/{id}/history/` to a scoped viewset: the object is fetched exactly as
    # the detail view fetches it (`get_object`, so an outsider gets 404), and the answer is a page
    # of readable history entries, newest first. (A comment, not a docstring: OpenAPI would show
    # a mixin's docstring as the description of every operation of the viewset.)

    @extend_schema(
        summary="سابقهٔ تغییرات (چه کسی، کی، کدام فیلد، از چه به چه)",
        description="تازه‌ترین تغییر نخست؛ تغییرهایی که هیچ فیلد نمایش‌پذیری را عوض نکرده‌اند نمی‌آیند. "
        "فیلدهای حساس و گذرواژه هرگز در سابقه نیستند.",
        parameters=[
            OpenApiParameter("page", int, description="شمارهٔ صفحه"),
            OpenApiParameter("page_size", int, description="تعداد در هر صفحه"),
        ],
        responses={200: HistoryPageSerializer},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="history", pagination_class=None)
    def history(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        from .drf import Pagination

        paginator = Pagination()
        page = paginator.paginate_queryset(History(obj, request.user), request, view=self)
        return paginator.get_paginated_response(HistoryEntrySerializer(page, many=True).data)
