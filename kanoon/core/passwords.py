"""Password rules with Persian messages whose numbers are Persian («دست‌کم ۸ نویسه»).

Django's MinimumLengthValidator formats its length with `%d` (Latin digits) into a message whose
Persian translation its catalogue lacks; the other validators' messages are translated in
kanoon/locale. settings.AUTH_PASSWORD_VALIDATORS names this class instead of Django's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation

from .formats import number


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"این گذرواژه کوتاه است؛ دست‌کم {number(self.min_length)} نویسه لازم است."

    def get_help_text(self) -> str:
        return f"گذرواژه دست‌کم {number(self.min_length)} نویسه داشته باشد."
