"""Forms (issue 10, point 5): every error in one pass, invalid fields marked for eyes and screen
readers, focus moved to the first error; safe defaults (a new user's role is the lowest offered)."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.conf import settings

from kanoon.accounts.models import User
from kanoon.accounts.roles import RANK
from kanoon.core.forms import BootstrapFormMixin


class _Form(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="نام", help_text="نام کامل")
    note = forms.CharField(label="یادداشت", required=False)


def test_every_form_marks_an_invalid_field_and_ties_it_to_its_error():
    html = str(_Form(data={"name": ""})["name"])
    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    valid = str(_Form(data={"name": "x"})["note"])
    assert "is-invalid" not in valid and "aria-invalid" not in valid


def test_a_plain_django_form_is_marked_too():
    class Plain(forms.Form):
        code = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control"}))

    assert 'class="form-control is-invalid"' in str(Plain(data={})["code"])


def _field(html: str, name: str) -> str:
    return re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


def test_the_shared_field_template_gives_the_error_the_id_the_field_points_at(web, national, territory):
    response = web(national).post("/accounts/users/new/", {"username": "", "password": "", "role": "member"})
    html = response.content.decode()
    username = _field(html, "username")
    assert "is-invalid" in username and 'aria-invalid="true"' in username
    assert 'aria-describedby="id_username_error"' in username
    assert re.search(r'<div class="invalid-feedback d-block" id="id_username_error">', html)
    # the unit picker's visible search box carries its hidden field's error
    search = re.search(r'<input[^>]*id="id_unit_search"[^>]*>', html).group(0)
    assert 'aria-describedby="id_unit_error"' in search and "is-invalid" in search
    assert 'id="id_unit_error"' in html


def test_the_page_loads_the_focus_script_from_a_file(web, insider):
    html = web(insider).get("/accounts/users/new/").content.decode()
    assert re.search(r'<script src="[^"]*kanoon/forms\.js" defer></script>', html)
    script = (Path(settings.BASE_DIR) / "static/kanoon/forms.js").read_text()
    assert "focusFirstError" in script and "aria-invalid" in script and ".focus(" in script


def test_a_new_users_role_defaults_to_the_lowest_offered(web, national, insider):
    for user in (national, insider):
        html = web(user).get("/accounts/users/new/").content.decode()
        select = re.search(r'<select name="role".*?</select>', html, re.S).group(0)
        offered = re.findall(r'<option value="([a-z_]+)"', select)
        chosen = re.findall(r'<option value="([a-z_]+)" selected', select)
        assert chosen == [min(offered, key=lambda r: RANK[r])] == ["member"], (user, chosen)
    page = web(national).get(f"/accounts/users/{insider.pk}/").content.decode()  # granting a role
    select = re.search(r'<select name="role".*?</select>', page, re.S).group(0)
    assert re.findall(r'<option value="([a-z_]+)" selected', select) == ["member"]


def test_a_new_user_form_shows_every_problem_on_the_first_submit(web, national, territory, insider):
    """The password rules and a taken username used to wait for a second submit (they ran in the
    service, after the form's own checks had passed)."""
    response = web(national).post(
        "/accounts/users/new/",
        {
            "username": "insider",  # taken
            "password": "123",  # too short, too common, only digits
            "mobile": "12",  # not a mobile
            "role": "member",
            "unit": "",  # not chosen
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"username", "password", "mobile", "unit"} <= set(errors), errors
    assert not User.objects.filter(username="insider").exclude(pk=insider.pk).exists()
    html = response.content.decode()
    for name in ("username", "password", "mobile"):
        assert 'aria-invalid="true"' in _field(html, name), name
