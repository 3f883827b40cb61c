"""p50/p95 of the territory pages and API with the whole country loaded, and their query counts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kanoon_bench python -m bench.foundation_bench

Needs `import_divisions` to have run on that database (bench.import_bench does it).
"""

from __future__ import annotations

import os
import statistics
import time

import django


def measure(client, url: str, repeat: int = 30) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kanoon.settings")
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kanoon.accounts.models import RoleAssignment, User
    from kanoon.core import scope
    from kanoon.geo.models import Kind, Unit

    setup_test_environment()
    tehran = Unit.objects.get(kind=Kind.PROVINCE, name="تهران")
    county = Unit.objects.filter(kind=Kind.COUNTY, parent=tehran).order_by("path").first()
    rural = Unit.objects.filter(kind=Kind.RURAL_DISTRICT).order_by("path").first()
    user, _ = User.objects.get_or_create(username="bench-expert")
    RoleAssignment.objects.get_or_create(user=user, role=scope.PROVINCE_EXPERT, unit=tehran)
    national, _ = User.objects.get_or_create(username="bench-national")
    RoleAssignment.objects.get_or_create(
        user=national, role=scope.NATIONAL_ADMIN, unit=Unit.objects.get(depth=0)
    )

    rows = []
    for who, account in (("province expert", user), ("national admin", national)):
        client = Client()
        client.force_login(account, backend="kanoon.accounts.backends.UsernameOrMobileBackend")
        for label, url in (
            ("unit page (province)", f"/units/{tehran.pk}/"),
            ("unit page (county)", f"/units/{county.pk}/"),
            ("unit page (rural district)", f"/units/{rural.pk}/"),
            ("search 'آباد' (HTMX)", "/units/search/?q=آباد"),
            ("API villages page 1000", "/api/v1/units/?kind=village&page_size=1000"),
            ("API children of province", f"/api/v1/units/?parent={tehran.pk}"),
            ("API name search", "/api/v1/units/?q=یوسف"),
        ):
            if who == "province expert" and "rural" in label:
                continue
            p50, p95, queries = measure(client, url)
            rows.append((who, label, p50, p95, queries))
    from django.db import connection

    print(f"database: {connection.vendor}, units: {Unit.objects.count()}")
    for who, label, p50, p95, queries in rows:
        print(f"  {who:16} {label:28} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  queries {queries}")


if __name__ == "__main__":
    main()
