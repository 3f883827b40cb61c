"""Check API responses against the OpenAPI 3.1 document that drf-spectacular generates."""

from __future__ import annotations

import functools
import re

from jsonschema import Draft202012Validator


@functools.cache
def document() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _operation(method: str, url: str) -> tuple[str, dict]:
    path = url.split("?")[0]
    for template, item in document()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return template, item[method.lower()]
    raise AssertionError(f"{method} {path} is not in the OpenAPI document")


def assert_conforms(response, method: str = "GET", url: str | None = None) -> None:
    """The response's status is documented and its JSON body matches the documented schema."""
    url = url or response.request["PATH_INFO"]
    template, operation = _operation(method, url)
    responses = operation.get("responses", {})
    status = str(response.status_code)
    assert status in responses, f"{method} {template} answered {status}, documented: {sorted(responses)}"
    content = responses[status].get("content", {}).get("application/json")
    if not content:
        return
    schema = {**content["schema"], "components": document()["components"]}
    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(response.json()), key=lambda e: e.path)
    assert not errors, f"{method} {template} {status}: " + "; ".join(
        f"{list(e.path)}: {e.message}" for e in errors[:5]
    )
