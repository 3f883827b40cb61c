from __future__ import annotations

import pytest

from kanoon.audit import sensitive
from kanoon.core import scope
from kanoon.organizations.models import Organization

# who may see an organization's e-mail and mobile in these tests: staff at its unit or above,
# not observers
CONTACT_ROLES = {scope.PROVINCE_EXPERT, scope.COUNTY_EXPERT, scope.NATIONAL_ADMIN}


@pytest.fixture
def contacts_sensitive():
    """Organization e-mail and mobile registered as sensitive for this test only."""
    sensitive.register(Organization, fields={"email": CONTACT_ROLES, "mobile": CONTACT_ROLES})
    yield
    sensitive.unregister(Organization)


@pytest.fixture
def org(territory):
    return Organization.objects.create(
        unit=territory.rey_county, name="سمن مهر", kind="ngo", email="mehr@example.ir", mobile="09121234567"
    )
