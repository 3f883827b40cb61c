from io import StringIO
from types import SimpleNamespace

from django.utils import timezone

from kanoon.assemblies import demo
from kanoon.assemblies.models import Assembly, Level, Meeting, Policy, Problem, ProblemStatus, ProblemStep
from kanoon.centers import demo as centers_demo
from kanoon.core import demo as clock
from kanoon.core.notify import MemorySMSBackend


def test_the_demo_builds_every_level_and_tells_its_story_once(territory):
    command = SimpleNamespace(stdout=StringIO(), stderr=StringIO(), style=None)
    centers_demo.load(command)
    demo.load(command)
    levels = set(Assembly.objects.values_list("level", flat=True))
    assert levels == set(Level.values)
    assert all(a.parent_id for a in Assembly.objects.exclude(level=Level.NATIONAL))
    # the neighborhood assemblies met every season since their center opened, minutes and all
    held = Meeting.objects.filter(status="held", body__unit=territory.yousefabad)
    assert held.count() >= 3 and all(m.minutes for m in held)
    assert held.order_by("-starts_at").first().resolutions.count() == 2
    assert max(timezone.localdate(m.starts_at) for m in held) <= clock.last_closed().end
    # problems raised, scored, solved at their level; one went up and was solved by the county,
    # another waits at Isfahan county today
    assert Problem.objects.exclude(score=None).count() >= 4
    assert ProblemStep.objects.filter(action="resolved", from_assembly__level=Level.COUNTY).exists()
    assert ProblemStep.objects.filter(action="resolved", from_assembly__level=Level.NEIGHBORHOOD).exists()
    waiting = Problem.objects.get(status=ProblemStatus.REFERRED)
    assert waiting.assembly.unit == territory.isfahan_county
    # the province answered the blood-pressure referral with a policy (acknowledged by some) and closed it
    assert Problem.objects.get(title="فشار خون کنترل‌نشده در سالمندان").status == ProblemStatus.RESOLVED
    policy = Policy.objects.get(issuer__level=Level.PROVINCE)
    acknowledged = policy.deliveries.filter(acknowledged_at__isnull=False).count()
    assert 0 < acknowledged < policy.deliveries.count()
    assert MemorySMSBackend.outbox == []
    counts = (Assembly.objects.count(), Problem.objects.count(), Meeting.objects.count())
    demo.load(command)
    assert (Assembly.objects.count(), Problem.objects.count(), Meeting.objects.count()) == counts
