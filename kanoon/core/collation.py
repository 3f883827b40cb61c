"""Persian collation in the database: `ORDER BY name COLLATE persian` on both engines.

Code-point order puts چ ک گ ی after ه and «تهران ۱۰» before «تهران ۲». Every list of names a
person reads is ordered by `persian("name")` (querysets) or `formats.persian_sorted` (lists in
memory), so the two orders agree:

- PostgreSQL: the ICU collation `persian` (locale fa-IR, numeric ordering), created by the core
  migration 0001 (a server built without ICU gets a code-point `persian` and a warning).
- SQLite: a collation named `persian` registered on every new connection, comparing
  `formats.sort_key`.
"""

from __future__ import annotations

from functools import lru_cache

from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.expressions import OrderBy
from django.db.models.functions import Collate

from .formats import sort_key

NAME = "persian"
ICU_LOCALE = "fa-IR-u-kn-true"
CREATE_SQL = f"CREATE COLLATION IF NOT EXISTS {NAME} (provider = icu, locale = '{ICU_LOCALE}')"
# A PostgreSQL built without ICU still gets a `persian` collation (code-point order) so that
# queries work; the migration says so on stderr.
FALLBACK_SQL = f'CREATE COLLATION IF NOT EXISTS {NAME} FROM "C"'
DROP_SQL = f"DROP COLLATION IF EXISTS {NAME}"


@lru_cache(maxsize=65536)
def _key(value: str) -> tuple:
    return sort_key(value)


def compare(a: str | None, b: str | None) -> int:
    """SQLite collation function: negative, zero or positive like strcmp, in Persian order."""
    ka, kb = _key(a or ""), _key(b or "")
    if ka == kb:
        return (a or "") > (b or "") and 1 or ((a or "") < (b or "") and -1 or 0)
    return -1 if ka < kb else 1


def register(sender, connection, **kwargs) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NAME, compare)


def install() -> None:
    connection_created.connect(register, dispatch_uid="kanoon.core.collation")


def persian(field: str, *, descending: bool = False) -> OrderBy:
    """An ordering for `order_by`: `Unit.objects.order_by(persian("name"), "pk")`; a related
    name works too (`persian("person__last_name")`)."""
    expression = Collate(F(field), NAME)
    return expression.desc() if descending else expression.asc()
