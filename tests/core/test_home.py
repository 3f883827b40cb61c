"""The home page's "needs your attention" cards, through the scope."""

from kanoon.assemblies import services as assembly_services
from kanoon.centers.models import MembershipStatus
from kanoon.core import scope
from tests.assemblies.conftest import build_chain
from tests.centers.conftest import make_center, make_member
from tests.conftest import make_user


def cards(web, user) -> str:
    response = web(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_pending_memberships_only_inside_the_scope(web, territory, insider, outsider):
    center = make_center(territory.yousefabad, "کانون سلامت یوسف‌آباد")
    make_member(center)
    center.memberships.update(status=MembershipStatus.PENDING)
    assert "درخواست عضویت در انتظار پذیرش" in cards(web, insider)
    assert "درخواست عضویت در انتظار پذیرش" not in cards(web, outsider)


def test_a_referred_problem_waits_on_the_receiving_county(web, territory):
    chain = build_chain(territory)
    neighborhood = make_user("nbh", scope.CENTER_SECRETARY, territory.yousefabad)
    county = make_user("cty", scope.COUNTY_EXPERT, territory.tehran_county)
    problem = assembly_services.problem_register(
        actor=neighborhood, assembly=chain.yousefabad, title="آب آشامیدنی", description="طعم نامطبوع"
    )
    assert "در انتظار تصمیم شما" not in cards(web, county)
    assembly_services.problem_refer(actor=neighborhood, problem=problem, justification="فراتر از توان محله")
    html = cards(web, county)
    assert "مسئلهٔ ارجاع‌شده در انتظار تصمیم شما" in html
    assert "در انتظار تصمیم شما" not in cards(web, neighborhood)


def test_home_is_plain_for_a_user_without_roles(web, territory):
    html = cards(web, make_user("nobody"))
    assert "هنوز نقشی به شما داده نشده است" in html
