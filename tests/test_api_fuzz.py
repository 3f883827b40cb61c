"""Schemathesis over the whole API: generated requests (valid and invalid) never cause a
server error, and documented responses match their schema.

Runs as the national admin (everything in scope) against the WSGI app in-process.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.openapi import document

pytestmark = pytest.mark.slow


schema = schemathesis.openapi.from_dict(document())


@pytest.fixture
def token(db, territory, national):
    # Like Django's test client: keep the test's database connection open across requests
    # (the WSGI handler would otherwise close it when each request finishes).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield Token.objects.get_or_create(user=national)[0].key
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_it_never_fails_with_a_server_error(case, token):
    response = case.call(app=get_wsgi_application(), headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
