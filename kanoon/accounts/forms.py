from django import forms
from django.contrib.auth.forms import AuthenticationForm

from kanoon.core.forms import BootstrapFormMixin, PersianDigitsCharField
from kanoon.geo.models import Unit

from .roles import RANK, Role


def lowest_role(roles: list[str]) -> str | None:
    """The role of least power among these (what a new user or a new assignment starts as)."""
    return min(roles, key=lambda r: RANK[r]) if roles else None


class LoginForm(BootstrapFormMixin, AuthenticationForm):
    username = forms.CharField(label="نام کاربری یا شمارهٔ همراه", max_length=150)
    password = forms.CharField(label="گذرواژه", strip=False, widget=forms.PasswordInput)
    error_messages = {
        "invalid_login": "نام کاربری یا گذرواژه نادرست است.",
        "inactive": "این حساب غیرفعال است.",
    }


class ResetRequestForm(BootstrapFormMixin, forms.Form):
    identifier = PersianDigitsCharField(label="نام کاربری یا شمارهٔ همراه", max_length=150)


class ResetConfirmForm(BootstrapFormMixin, forms.Form):
    identifier = PersianDigitsCharField(label="نام کاربری یا شمارهٔ همراه", max_length=150)
    code = PersianDigitsCharField(label="کد دریافتی", max_length=6)
    new_password = forms.CharField(label="گذرواژهٔ تازه", widget=forms.PasswordInput, strip=False)


class UnitChoiceField(forms.ModelChoiceField):
    """A unit chosen through the search picker; the queryset is the user's scope."""

    def label_from_instance(self, obj: Unit) -> str:
        return obj.title


class UserCreateForm(BootstrapFormMixin, forms.Form):
    username = forms.CharField(label="نام کاربری", max_length=150)
    first_name = forms.CharField(label="نام", max_length=150, required=False)
    last_name = forms.CharField(label="نام خانوادگی", max_length=150, required=False)
    mobile = PersianDigitsCharField(label="شمارهٔ همراه", max_length=20, required=False)
    email = forms.EmailField(label="ایمیل", required=False)
    password = forms.CharField(label="گذرواژه", widget=forms.PasswordInput, strip=False)
    role = forms.ChoiceField(label="نقش")
    unit = UnitChoiceField(label="واحد", queryset=Unit.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, roles: list[str], units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        self.fields["role"].initial = lowest_role(roles)  # a safe default: the least power offered
        self.fields["unit"].queryset = units

    def clean(self):  # type: ignore[no-untyped-def]
        """The service's checks too (password rules, taken username or mobile), so every problem
        shows on the first submit rather than one layer per submit."""
        data = super().clean()
        from .services import new_user_problems

        _user, problems = new_user_problems(
            username=data.get("username") or "",
            password=data.get("password") or "",
            first_name=data.get("first_name") or "",
            last_name=data.get("last_name") or "",
            mobile=data.get("mobile") or "",
            email=data.get("email") or "",
        )
        for name, messages in problems.items():
            field = name if name in self.fields else None
            if field in self.errors or (field and not self.data.get(self.add_prefix(field))):
                continue  # the field's own error says it already (e.g. a required field left empty)
            for message in messages:
                self.add_error(field, message)
        return data


class AssignmentForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label="نقش")
    unit = UnitChoiceField(label="واحد", queryset=Unit.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, roles: list[str], units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        self.fields["role"].initial = lowest_role(roles)  # a safe default: the least power offered
        self.fields["unit"].queryset = units


class UserEditForm(BootstrapFormMixin, forms.Form):
    first_name = forms.CharField(label="نام", max_length=150, required=False)
    last_name = forms.CharField(label="نام خانوادگی", max_length=150, required=False)
    mobile = PersianDigitsCharField(label="شمارهٔ همراه", max_length=20, required=False)
    email = forms.EmailField(label="ایمیل", required=False)
    is_active = forms.BooleanField(label="فعال", required=False)
