from django.conf import settings

from kanoon.core import jalali, scope


def kanoon(request):
    user = getattr(request, "user", None)
    can_manage_users = is_national = False
    if user is not None and user.is_authenticated:
        from kanoon.accounts.models import User

        can_manage_users = scope.scope_paths(user, User, "view") != []
        is_national = user.is_superuser or any(
            role == scope.NATIONAL_ADMIN for role, _ in scope.user_grants(user)
        )
    return {
        "KANOON_DEBUG": settings.DEBUG,
        "can_manage_users": can_manage_users,
        "is_national_admin": is_national,
        "TODAY": jalali.today(),
    }
