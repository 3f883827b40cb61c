"""The bad-input corpus: hostile bodies and query strings against every write endpoint of the API
(taken from the OpenAPI document) and every list endpoint, as the national admin and as a
center secretary.

Each answer must be below 500, JSON, with a Persian `message`; an answer of 400 or more leaves
every table's row count as it was (nothing half-saved). NUL bytes are always refused with 400.

Counts of requests and outcomes are collected in `STATS` and printed at the end of the session
with ``-s`` (see `test_zz_report`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from kanoon.core import scope
from tests.conftest import ARTIFACTS, make_user
from tests.openapi import document

NUL = "a\x00b"
SURROGATE = "\ud800"
BIG_STRING = "ک" * 50_000  # 100 KB in UTF-8
FULL_WIDTH = "０１２３４５６７８９"
DEVANAGARI = "०१२३४५६७८९"
SUPERSCRIPT = "²³¹"
CODE_LIKE = re.compile(r"code|mobile|phone|national|period|number|postal|username", re.I)
STATS: Counter = Counter()

# tables whose rows a refused request may legitimately add (login failures are recorded)
VOLATILE_TABLES = {"axes_accessattempt", "axes_accessfailurelog", "axes_accesslog", "django_session"}


class Raw(str):
    """A JSON token written as is (numbers that json.dumps cannot write)."""


def dumps(body) -> str:
    raws: dict[str, str] = {}

    def swap(value):
        if isinstance(value, Raw):
            key = f"__raw_{len(raws)}__"
            raws[key] = str(value)
            return key
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    text = json.dumps(swap(body))
    for key, raw in raws.items():
        text = text.replace(f'"{key}"', raw)
    return text


def _resolve(schema: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        return _resolve(document()["components"]["schemas"][ref.rsplit("/", 1)[1]])
    return schema


def _types(schema: dict) -> set[str]:
    schema = _resolve(schema)
    kind = schema.get("type")
    if isinstance(kind, list):
        return set(kind)
    if kind:
        return {kind}
    out: set[str] = set()
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(key, []):
            out |= _types(sub)
    if "enum" in schema:
        out.add("string")
    return out


def _properties(operation: dict) -> dict[str, dict]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return {}
    schema = _resolve(content["schema"])
    return {name: _resolve(prop) for name, prop in schema.get("properties", {}).items()}


def write_operations() -> list[tuple[str, str]]:
    ops = []
    for path, item in document()["paths"].items():
        for method in ("post", "put", "patch"):
            if method in item:
                ops.append((method, path))
    return ops


def list_operations() -> list[tuple[str, list[str]]]:
    ops = []
    for path, item in document()["paths"].items():
        if "get" in item and "{" not in path and not path.endswith(("/schema/", "/docs/")):
            params = [p["name"] for p in item["get"].get("parameters", []) if p.get("in") == "query"]
            ops.append((path, params))
    return ops


def hostile_bodies(operation: dict, base: dict) -> list[tuple[str, object]]:
    """(label, body) pairs; a str body is sent as raw JSON text."""
    props = _properties(operation)
    bodies: list[tuple[str, object]] = []
    for name, prop in props.items():
        if prop.get("readOnly"):
            continue
        kinds = _types(prop)
        bodies.append((f"{name}:nul", {**base, name: NUL}))
        if "string" in kinds:
            bodies.append((f"{name}:surrogate", {**base, name: "x" + SURROGATE}))
            bodies.append((f"{name}:100kb", {**base, name: BIG_STRING}))
            if CODE_LIKE.search(name):
                bodies.append((f"{name}:fullwidth", {**base, name: FULL_WIDTH}))
                bodies.append((f"{name}:devanagari", {**base, name: DEVANAGARI}))
                bodies.append((f"{name}:superscript", {**base, name: SUPERSCRIPT}))
        if kinds & {"string", "number", "integer"} or not kinds:
            bodies.append((f"{name}:1e400", {**base, name: Raw("1e400")}))
            bodies.append((f"{name}:-1e400", {**base, name: Raw("-1e400")}))
            bodies.append((f"{name}:28digits", {**base, name: Raw("1234567890123456789012345678")}))
            bodies.append((f"{name}:28digits-str", {**base, name: "1234567890123456789012345678.5"}))
            bodies.append((f"{name}:1e-30", {**base, name: "1e-30"}))
        if "array" in kinds:
            bodies.append((f"{name}:array-of-nul", {**base, name: [NUL]}))
            bodies.append((f"{name}:array-of-objects", {**base, name: [{"x": NUL}, 1e300]}))
        bodies.append((f"{name}:wrong-type", {**base, name: {"nested": [1, 2]}}))
        bodies.append((f"{name}:deep", {**base, name: json.loads("[" * 200 + "]" * 200)}))
    bodies.append(("all:nul", {**base, **{n: NUL for n in props}} if props else {"x": NUL}))
    bodies.append(("all:wrong-type", {n: [[]] for n in props} or {"x": [[]]}))
    bodies.append(("body:deep-200", "[" * 200 + "]" * 200))
    bodies.append(("body:deep-100000", '{"a":' * 100_000 + "1" + "}" * 100_000))
    bodies.append(("body:malformed", '{"a": '))
    bodies.append(("body:not-utf8", b'{"a": "\xff\xfe"}'))
    bodies.append(("body:list", "[1, 2, 3]"))
    bodies.append(("body:string", '"\\u0000"'))
    bodies.append(("body:nul-key", '{"\\u0000": 1}'))
    bodies.append(("body:nan", '{"value": NaN, "x": Infinity}'))
    return bodies


# ---- the world every request runs against ---------------------------------------------------


@pytest.fixture
def world(db, territory, national):
    from kanoon.assemblies import services as assemblies
    from kanoon.centers import services as centers
    from kanoon.monitoring import services as monitoring
    from kanoon.monitoring.models import DataElement, DataSet, DataSetElement, Indicator
    from tests.assemblies.conftest import build_chain, fill_seats
    from tests.centers.conftest import make_member

    w = SimpleNamespace(t=territory, national=national)
    w.chain = build_chain(territory)
    w.secretary = make_user("secretary", scope.CENTER_SECRETARY, territory.yousefabad, mobile="09125550001")
    w.person = make_member(w.chain.center)
    centers.group_create(actor=None, center=w.chain.center, name="گروه سالمندان", topic="elderly")
    fill_seats(w.chain.yousefabad, 2)
    meeting = assemblies.meeting_schedule(
        actor=None,
        assembly=w.chain.yousefabad,
        title="نشست",
        starts_at=timezone.now() - dt.timedelta(hours=2),
        place="سرای محله",
        agenda=["گزارش"],
    )
    assert meeting.pk
    assemblies.problem_register(actor=None, assembly=w.chain.yousefabad, title="مسئله", description="شرح")
    assemblies.policy_issue(actor=None, issuer=w.chain.tehran, title="سیاست", body="متن")
    element = DataElement.objects.create(code="TRAININGS", name="جلسات آموزشی", minimum=0)
    data_set = DataSet.objects.create(code="Q", name="گزارش فصلی", unit_kinds=["county"], due_days=15)
    DataSetElement.objects.create(data_set=data_set, element=element, position=1, required=True)
    indicator = Indicator.objects.create(code="TRAININGS", name="جلسات", numerator="E:TRAININGS")
    monitoring.data_value_set(
        user=national, element=element, unit=territory.rey_county, period="1403Q2", value="3"
    )
    monitoring.target_save(
        user=national, indicator=indicator, unit=territory.rey_county, period="1403", value=5
    )
    return w


# near-valid bodies, so that hostile values reach the services and not only the field checks
def valid_bases(w) -> dict[tuple[str, str], dict]:
    t = w.t
    return {
        ("post", "/api/v1/targets/"): {
            "indicator": "TRAININGS",
            "unit": t.tehran_county.pk,
            "period": "1403",
        },
        ("post", "/api/v1/data-values/"): {
            "element": "TRAININGS",
            "unit": t.tehran_county.pk,
            "period": "1403Q2",
            "value": "1",
        },
        ("patch", "/api/v1/data-values/{id}/"): {"value": "2"},
        ("post", "/api/v1/dataValueSets/"): {
            "dataValues": [
                {"dataElement": "TRAININGS", "orgUnit": f"K{t.tehran_county.pk:010d}", "period": "2024Q3"},
            ]
        },
        ("post", "/api/v1/data-elements/"): {"code": "NEW_ELEMENT", "name": "عنصر تازه"},
        ("post", "/api/v1/indicators/"): {"code": "NEW_IND", "name": "شاخص تازه", "numerator": "E:TRAININGS"},
        ("post", "/api/v1/people/"): {
            "first_name": "زهرا",
            "last_name": "کریمی",
            "gender": "female",
            "national_code": "0012345679",
            "registered_unit": t.yousefabad.pk,
        },
        ("post", "/api/v1/centers/"): {"name": "کانون تازه", "unit": t.yousefabad.pk},
        ("post", "/api/v1/users/"): {"username": "newbie", "first_name": "علی", "last_name": "رضایی"},
        ("post", "/api/v1/units/"): {"kind": "neighborhood", "name": "محلهٔ تازه", "parent": t.zone6.pk},
        ("post", "/api/v1/meetings/"): {
            "assembly": w.chain.yousefabad.pk,
            "title": "نشست تازه",
            "starts_at": "2025-01-01T10:00:00+03:30",
        },
        ("post", "/api/v1/problems/"): {
            "origin": w.chain.yousefabad.pk,
            "title": "مسئله",
            "description": "شرح",
        },
        ("post", "/api/v1/auth/token/"): {"username": "national", "password": "x"},
    }


def _fill_path(path: str, operation: dict) -> str:
    """Put the id of an existing object (the first of the viewset's model) into {id}, and the
    first documented value (enum) or "1" into any other path parameter."""
    if "{" not in path:
        return path
    from django.urls import resolve

    for param in operation.get("parameters", []):
        if param.get("in") == "path" and param["name"] != "id":
            schema = _resolve(param.get("schema", {}))
            path = path.replace("{" + param["name"] + "}", str((schema.get("enum") or ["1"])[0]))
    if "{id}" not in path:
        return path
    match = resolve(path.replace("{id}", "1"))
    cls = getattr(match.func, "cls", None)
    model = cls.queryset.model if cls is not None and cls.queryset is not None else None
    obj = model.objects.order_by("pk").first() if model is not None else None
    return path.replace("{id}", str(obj.pk if obj else 999999))


def _tables() -> list[str]:
    names = set(connection.introspection.table_names())
    return sorted(
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.db_table in names and m._meta.db_table not in VOLATILE_TABLES
    )


def row_counts(tables: list[str]) -> tuple[int, ...]:
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def is_persian(text) -> bool:
    return isinstance(text, str) and any("\u0600" <= ch <= "\u06ff" for ch in text)


def check(response, label: str, problems: list[str], *, nul: bool = False) -> None:
    STATS["requests"] += 1
    STATS[f"status {response.status_code // 100}xx"] += 1
    where = f"{label} → {response.status_code}"
    if response.status_code >= 500:
        STATS["5xx"] += 1
        problems.append(f"{where}: server error")
        return
    if nul and response.status_code < 400:
        problems.append(f"{where}: NUL byte accepted")
    if response.status_code >= 400:
        try:
            data = response.json()
        except ValueError:
            problems.append(f"{where}: not JSON ({response.get('Content-Type')})")
            return
        if not is_persian(data.get("message") if isinstance(data, dict) else None):
            problems.append(f"{where}: no Persian message: {str(data)[:200]}")


CALLERS = ["national", "secretary"]


@pytest.mark.parametrize(("method", "path"), write_operations(), ids=lambda v: v)
def test_it_refuses_hostile_bodies_without_a_server_error(world, api, method, path):
    operation = document()["paths"][path][method]
    url = _fill_path(path, operation)
    base = valid_bases(world).get((method, path), {})
    tables = _tables()
    problems: list[str] = []
    for caller in CALLERS:
        client = api(getattr(world, caller))
        for label, body in hostile_bodies(operation, base):
            before = row_counts(tables)
            if isinstance(body, bytes):
                data = body
            else:
                data = (body if isinstance(body, str) else dumps(body)).encode()
            where = f"{caller} {method.upper()} {path} {label}"
            try:
                response = getattr(client, method)(url, data=data, content_type="application/json")
            except Exception as exc:  # the test client re-raises what a real server answers with 500
                STATS["requests"] += 1
                STATS["5xx"] += 1
                problems.append(f"{where}: {type(exc).__name__}: {str(exc)[:120]}")
                continue
            nul = label.endswith(":nul") or label in {"body:string", "body:nul-key"}
            check(response, where, problems, nul=nul)
            if response.status_code >= 400 and row_counts(tables) != before:
                problems.append(f"{where} → {response.status_code}: rows changed")
        # the same fields as a form (x-www-form-urlencoded) with NUL bytes
        props = [n for n, p in _properties(operation).items() if not p.get("readOnly")] or ["x"]
        before = row_counts(tables)
        form = "&".join(f"{n}=a%00b" for n in props)
        response = getattr(client, method)(url, data=form, content_type="application/x-www-form-urlencoded")
        check(response, f"{caller} {method.upper()} {path} form:nul", problems, nul=True)
        if response.status_code >= 400 and row_counts(tables) != before:
            problems.append(f"{caller} {method.upper()} {path} form:nul: rows changed")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("path", "params"), list_operations(), ids=lambda v: v if isinstance(v, str) else "")
def test_it_refuses_nul_bytes_in_every_query_parameter(world, api, path, params):
    problems: list[str] = []
    for caller in CALLERS:
        client = api(getattr(world, caller))
        for name in [*params, "x"]:
            for value, nul in (("%00", True), ("a%00b", True), ("%C2%B2", False), ("1e400", False)):
                where = f"{caller} GET {path}?{name}={value}"
                try:
                    response = client.get(f"{path}?{name}={value}")
                except Exception as exc:
                    STATS["requests"] += 1
                    STATS["5xx"] += 1
                    problems.append(f"{where}: {type(exc).__name__}: {str(exc)[:120]}")
                    continue
                check(response, where, problems, nul=nul)
                if nul and response.status_code != 400:
                    problems.append(f"{where} → {response.status_code}, expected 400")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module", autouse=True)
def _report():
    """Write the counts at the end of the module to test-artifacts/bad-input-<worker>.json (one file
    per xdist worker; add them up for the whole corpus)."""
    yield
    if STATS:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        os.makedirs(ARTIFACTS, exist_ok=True)
        with open(os.path.join(ARTIFACTS, f"bad-input-{worker}.json"), "w") as out:
            json.dump(dict(sorted(STATS.items())), out)


def page_urls() -> list[str]:
    """Every page without a parameter in its path (not the API, the admin or static files)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    out: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            route = str(p.pattern)
            if "<" in route or "(?P" in route or route.startswith("^"):
                continue
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern):
                out.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(u for u in set(out) if not u.startswith(("/api/", "/admin/", "/static/", "/media/")))


@pytest.mark.parametrize("url", page_urls())
def test_it_answers_nul_bytes_on_every_page_with_the_persian_400_page(world, web, url):
    client = web(world.national)
    for response in (
        client.get(f"{url}?q=%00&page=a%00b"),
        client.post(url, "name=a%00b&q=%00", content_type="application/x-www-form-urlencoded"),
    ):
        STATS["requests"] += 1
        STATS[f"status {response.status_code // 100}xx"] += 1
        assert response.status_code == 400, (url, response.status_code)
        assert "درخواست نامعتبر" in response.content.decode()
