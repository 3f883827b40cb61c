from __future__ import annotations

import itertools

from kanoon.organizations.models import Organization
from kanoon.organizations.validators import check_digit

_serial = itertools.count(100001)


def legal_id() -> str:
    """A fresh valid legal national ID."""
    first_ten = f"1038{next(_serial):06d}"
    return first_ten + str(check_digit(first_ten))


def make_org(unit, name: str | None = None, **extra) -> Organization:
    return Organization.objects.create(
        unit=unit, name=name or f"سازمان {next(_serial)}", kind=extra.pop("kind", "ngo"), **extra
    )
