"""Log in with a username or an Iranian mobile number (either digit set)."""

from django.contrib.auth.backends import ModelBackend

from kanoon.core.text import to_latin_digits
from kanoon.core.validators import is_valid_mobile, normalize_mobile

from .models import User


def find_user(identifier: str) -> User | None:
    ident = to_latin_digits(identifier or "").strip()
    if not ident:
        return None
    if is_valid_mobile(ident):
        user = User.objects.filter(mobile=normalize_mobile(ident)).first()
        if user is not None:
            return user
    return User.objects.filter(username__iexact=ident).first()


class UsernameOrMobileBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same work as a real check: no timing leak
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
