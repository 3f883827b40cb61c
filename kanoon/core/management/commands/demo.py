"""Load the demo: official divisions, a few municipal zones and neighborhoods, demo accounts,
then each app's demo data (its story over the last five quarters, see `kanoon.core.demo`).

Safe to run again: everything is looked up before it is created, so a second run changes nothing.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from kanoon.accounts.models import RoleAssignment, User
from kanoon.core import demo as clock
from kanoon.core import scope
from kanoon.core.notify import MemorySMSBackend
from kanoon.core.registry import demo_loaders
from kanoon.geo.models import Kind, Unit
from kanoon.geo.services import unit_create

DEMO_ACCOUNTS = [
    # username, password, first, last, role, unit locator, mobile
    ("admin", "admin", "مدیر", "ملی", scope.NATIONAL_ADMIN, ("country",), "09120000001"),
    ("tehran", "tehran", "مریم", "احمدی", scope.PROVINCE_EXPERT, ("province", "تهران"), "09120000002"),
    (
        "isfahan",
        "isfahan",
        "علی",
        "رضایی",
        scope.COUNTY_EXPERT,
        ("county", "اصفهان", "اصفهان"),
        "09130000003",
    ),
    (
        "facilitator",
        "facilitator",
        "زهرا",
        "کریمی",
        scope.FACILITATOR,
        ("county", "تهران", "تهران"),
        "09120000004",
    ),
    (
        "secretary",
        "secretary",
        "حسین",
        "موسوی",
        scope.CENTER_SECRETARY,
        ("neighborhood", "یوسف‌آباد"),
        "09120000005",
    ),
    ("observer", "observer", "ناظر", "استان تهران", scope.OBSERVER, ("province", "تهران"), "09120000006"),
]

# city (province, county, city) -> zone -> neighborhoods
DEMO_NEIGHBORHOODS = {
    ("تهران", "تهران", "تهران"): {
        "منطقه ۱": ["تجریش", "نیاوران", "دزاشیب"],
        "منطقه ۲": ["سعادت‌آباد", "شهرک غرب"],
        "منطقه ۶": ["یوسف‌آباد", "امیرآباد"],
    },
    ("اصفهان", "اصفهان", "اصفهان"): {
        "منطقه ۵": ["جلفا", "مرداویج"],
        "منطقه ۶": ["باغ زرشک", "نظر"],
    },
}


def official(kind: str, name: str, parent: Unit | None = None) -> Unit:
    qs = Unit.objects.filter(kind=kind, name=name)
    if parent is not None:
        qs = qs.filter(path__startswith=parent.path)
    unit = qs.order_by("path").first()
    if unit is None:
        raise RuntimeError(f"{kind} {name} not found: run `kanoon import_divisions` first")
    return unit


def city(province: str, county: str, city_name: str) -> Unit:
    p = official(Kind.PROVINCE, province)
    c = official(Kind.COUNTY, county, p)
    return official(Kind.CITY, city_name, c)


class Command(BaseCommand):
    help = "Load divisions and demo data (idempotent) and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-divisions",
            action="store_true",
            help="do not import the official divisions (they are already there, e.g. in tests)",
        )

    def handle(self, *args, skip_divisions: bool = False, **options):
        if not skip_divisions:
            call_command("import_divisions", stdout=self.stdout, stderr=self.stderr)
        with transaction.atomic():
            # the zones and neighborhoods are there before the story's first center is founded
            with clock.on(clock.day(-clock.HISTORY + 1, 0)):
                self.neighborhoods()
            self.accounts()
        # notifications raised by the story stay in the app: no SMS or e-mail flood on the console
        with override_settings(
            KANOON_SMS_BACKEND="kanoon.core.notify.MemorySMSBackend",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ):
            for extra in self.extra_loaders():
                extra(self)
        MemorySMSBackend.outbox.clear()
        self.stdout.write("\nDemo accounts (username / password):")
        for username, password, *_ in DEMO_ACCOUNTS:
            user = User.objects.get(username=username)
            label = ", ".join(str(a) for a in user.assignments.filter(is_active=True).select_related("unit"))
            self.stdout.write(f"  {username:12} / {password:12} {label}")

    def extra_loaders(self):
        """The apps' demo data, registered by each app in `AppConfig.ready()` (core imports none)."""
        return [entry.func for entry in demo_loaders]

    def neighborhoods(self) -> None:
        for locator, zones in DEMO_NEIGHBORHOODS.items():
            city_unit = city(*locator)
            for zone_name, names in zones.items():
                zone = Unit.objects.filter(parent=city_unit, kind=Kind.ZONE, name=zone_name).first()
                if zone is None:
                    zone = unit_create(parent=city_unit, kind=Kind.ZONE, name=zone_name)
                for name in names:
                    if not Unit.objects.filter(parent=zone, kind=Kind.NEIGHBORHOOD, name=name).exists():
                        unit_create(parent=zone, kind=Kind.NEIGHBORHOOD, name=name)

    def locate(self, locator: tuple[str, ...]) -> Unit:
        kind, *names = locator
        if kind == "country":
            return Unit.objects.get(depth=0)
        if kind == "province":
            return official(Kind.PROVINCE, names[0])
        if kind == "county":
            return official(Kind.COUNTY, names[1], official(Kind.PROVINCE, names[0]))
        tehran = city("تهران", "تهران", "تهران")
        return Unit.objects.get(kind=Kind.NEIGHBORHOOD, name=names[0], path__startswith=tehran.path)

    def accounts(self) -> None:
        for username, password, first, last, role, locator, mobile in DEMO_ACCOUNTS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name=first, last_name=last, mobile=mobile)
                if username == "admin":
                    user.is_staff = user.is_superuser = True
                user.set_password(password)
                user.save()
            unit = self.locate(locator)
            RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
