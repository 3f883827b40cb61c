from django.conf import settings

from kanoon.core import jalali, scope


def kanoon(request):
    user = getattr(request, "user", None)
    can_manage_users = False
    if user is not None and user.is_authenticated:
        from kanoon.accounts.models import User

        can_manage_users = scope.scope_paths(user, User, "view") != []
    return {"KANOON_DEBUG": settings.DEBUG, "can_manage_users": can_manage_users, "TODAY": jalali.today()}
