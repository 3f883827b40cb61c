"""The site's URLs plus a page and an endpoint that show Organization contacts through the
sensitive-attribute mechanism (tests register those contacts as sensitive, then unregister)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from kanoon.audit.serializers import SensitiveFieldsMixin
from kanoon.core import scope
from kanoon.organizations.api import OrganizationViewSet
from kanoon.organizations.models import Organization
from kanoon.organizations.serializers import OrganizationSerializer
from kanoon.urls import handler400, handler403, handler404, handler500  # noqa: F401
from kanoon.urls import urlpatterns as site

PAGE = """{% extends "base.html" %}{% load audit %}{% block content %}
<h1>{{ org.name }}</h1>
<dl>
{% sensitive org "email" as email %}{% if email %}<dt>رایانامه</dt><dd>{{ email }}</dd>{% endif %}
{% sensitive org "mobile" as mobile %}{% if mobile %}<dt>تلفن همراه</dt><dd>{{ mobile }}</dd>{% endif %}
<dt>نشانی</dt><dd>{% sensitive org "address" %}</dd>
</dl>
<p>{% sensitive org "email" %}</p>
{% endblock %}"""

LIST = """{% load audit %}<ul>{% for org in orgs %}<li>{{ org.name }} {% sensitive org "email" %}</li>{% endfor %}</ul>"""


class SensitiveOrganizationSerializer(SensitiveFieldsMixin, OrganizationSerializer):
    pass


class SensitiveOrganizationViewSet(OrganizationViewSet):
    serializer_class = SensitiveOrganizationSerializer


@login_required
def organization_page(request, pk):
    org = scope.get_for_action(request.user, Organization.objects.select_related("unit"), "view", pk=pk)
    return HttpResponse(engines["django"].from_string(PAGE).render({"org": org}, request))


@login_required
def organization_list_page(request):
    orgs = Organization.objects.restrict(request.user, "view").select_related("unit").order_by("pk")
    return HttpResponse(engines["django"].from_string(LIST).render({"orgs": orgs}, request))


router = SimpleRouter()
router.register("organizations", SensitiveOrganizationViewSet, basename="sensitive-organization")

urlpatterns = [
    path("test-audit/organizations/<int:pk>/", organization_page, name="test-audit-organization"),
    path("test-audit/organizations/", organization_list_page, name="test-audit-organizations"),
    path("api/v1/test-audit/", include(router.urls)),
    *site,
]
