from __future__ import annotations

import pytest

from kanoon.notifications.kinds import kinds

KIND = "test_notice"
QUIET = "test_quiet"


@pytest.fixture
def kind():
    """A kind registered the way an app registers its own (defaults: SMS and e-mail on)."""
    kinds.register(KIND, "اعلان آزمایشی")
    kinds.register(QUIET, "اعلان بی‌صدا", sms=False, email=False)
    yield KIND
    kinds.unregister(KIND)
    kinds.unregister(QUIET)


@pytest.fixture
def reachable(insider):
    """The insider with a mobile and an e-mail address."""
    insider.email = "insider@example.org"
    insider.save(update_fields=["email"])
    return insider
