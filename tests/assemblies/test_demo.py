from io import StringIO
from types import SimpleNamespace

from kanoon.assemblies import demo
from kanoon.assemblies.models import Assembly, Level, Meeting, Policy, Problem, ProblemStatus
from kanoon.centers import demo as centers_demo
from kanoon.core.notify import MemorySMSBackend


def test_the_demo_builds_every_level_with_content_and_is_idempotent(territory):
    command = SimpleNamespace(stdout=StringIO(), stderr=StringIO(), style=None)
    centers_demo.load(command)
    demo.load(command)
    levels = set(Assembly.objects.values_list("level", flat=True))
    assert levels == set(Level.values)
    assert all(a.parent_id for a in Assembly.objects.exclude(level=Level.NATIONAL))
    held = Meeting.objects.get(status="held")
    assert held.minutes and held.resolutions.count() == 2
    assert Problem.objects.filter(status=ProblemStatus.REFERRED).count() == 1
    assert Problem.objects.exclude(score=None).count() >= 4
    policy = Policy.objects.get(issuer__level=Level.PROVINCE)
    acknowledged = policy.deliveries.filter(acknowledged_at__isnull=False).count()
    assert 0 < acknowledged < policy.deliveries.count()
    assert MemorySMSBackend.outbox == []
    counts = (Assembly.objects.count(), Problem.objects.count(), Meeting.objects.count())
    demo.load(command)
    assert (Assembly.objects.count(), Problem.objects.count(), Meeting.objects.count()) == counts
