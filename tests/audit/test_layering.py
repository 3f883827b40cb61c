"""`audit` sits beside core, geo and accounts: it imports no domain app (domain apps register
their sensitive fields with it from their own `ready()`)."""

from __future__ import annotations

import ast
from pathlib import Path

import kanoon
from tests.core import test_layering

AUDIT = Path(kanoon.__file__).parent / "audit"


def test_it_finds_no_import_from_audit_into_a_domain_app(monkeypatch):
    monkeypatch.setattr(test_layering, "SPINE", {"core", "geo", "accounts", "audit"})
    files = sorted(AUDIT.rglob("*.py"))
    assert len(files) > 8
    offending = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offending += [f"{path.name}:{line} {name}" for line, name in test_layering.reached_apps(tree)]
    assert offending == []
    sample = ast.parse("from kanoon.centers.models import Person\nfrom kanoon.audit import sensitive\n")
    assert [name for _, name in test_layering.reached_apps(sample)] == ["kanoon.centers.models"]
