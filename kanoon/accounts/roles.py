"""The roles a user can hold at a unit, with Persian labels and who may grant what."""

from django.db import models

from kanoon.core import scope


class Role(models.TextChoices):
    NATIONAL_ADMIN = scope.NATIONAL_ADMIN, "مدیر ملی"
    PROVINCE_EXPERT = scope.PROVINCE_EXPERT, "کارشناس استان (معاونت اجتماعی دانشگاه)"
    WELFARE_EXPERT = scope.WELFARE_EXPERT, "کارشناس بهزیستی"
    COUNTY_EXPERT = scope.COUNTY_EXPERT, "کارشناس شهرستان"
    FACILITATOR = scope.FACILITATOR, "تسهیلگر"
    CENTER_SECRETARY = scope.CENTER_SECRETARY, "دبیر کانون"
    NGO_MANAGER = scope.NGO_MANAGER, "مدیر سمن"
    MEMBER = scope.MEMBER, "عضو"
    OBSERVER = scope.OBSERVER, "ناظر (فقط مشاهده)"


# Higher rank may grant any role of strictly lower rank (national admin grants everything).
RANK = {
    scope.NATIONAL_ADMIN: 100,
    scope.PROVINCE_EXPERT: 80,
    scope.WELFARE_EXPERT: 70,
    scope.COUNTY_EXPERT: 60,
    scope.FACILITATOR: 40,
    scope.CENTER_SECRETARY: 30,
    scope.NGO_MANAGER: 30,
    scope.OBSERVER: 20,
    scope.MEMBER: 10,
}
USER_MANAGERS = frozenset(
    {scope.NATIONAL_ADMIN, scope.PROVINCE_EXPERT, scope.WELFARE_EXPERT, scope.COUNTY_EXPERT}
)

# The unit kinds at which a role is normally held (a hint for forms, checked in services).
ROLE_UNIT_KINDS = {
    scope.NATIONAL_ADMIN: {"country"},
    scope.PROVINCE_EXPERT: {"province"},
    scope.WELFARE_EXPERT: {"country", "province", "county"},
    scope.COUNTY_EXPERT: {"county"},
}


def grantable_roles(user, path: str) -> list[str]:
    """Roles the user may grant at the unit with this path."""
    if user.is_superuser:
        return list(Role.values)
    best = max(
        (RANK[r] for r, p in scope.user_grants(user) if r in USER_MANAGERS and path.startswith(p)), default=0
    )
    if best >= RANK[scope.NATIONAL_ADMIN]:
        return list(Role.values)
    return [r for r in Role.values if RANK[r] < best]
