"""The service menu for a person (issue 15 item 8): a signed-in resident sees the services for them (offered
where they live, eligibility allowing: `doorstep.rules.service_is_for`), "show all" shows the rest with the
reason; search by text and pinyin initials; places as sections, the resident's own first; one card per
service with its next sessions; a constant number of queries as services, places and sessions grow."""

import pytest

from doorstep.services.bookings import booking_create
from doorstep.services.places import place_create, service_create
from doorstep.tests.builders.bookings import make_slot, make_station
from doorstep.tests.builders.bookings import station as station  # noqa: F401  (the fixtures)
from doorstep.tests.builders.bookings import tai_chi as tai_chi
from doorstep.tests.builders.bookings import zsf as zsf

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(tree):
    return place_create(kind="centre", unit=tree.S, name="中山幸福里", address="中山路1号")


@pytest.fixture
def menu(tree, station, centre, tai_chi, zsf):
    """张三丰 (76, lives under D1): at his station 太极拳 (anyone) and 早教 (6 and under); at the centre 社区食堂
    (anyone) and 困难家庭救助 (residents of the 街道); at the 蓝天 station (D2) 蓝天理发 (anyone) and 家庭医生坐诊
    (蓝天's residents only)."""
    far = make_station(tree.D2, name="蓝天好邻居服务站")
    return {
        "tai_chi": tai_chi,
        "early": service_create(place=station, group="life", name="亲子早教", capacity=5, eligibility={"max_age": 6}),
        "canteen": service_create(place=centre, group="life", name="社区食堂", access="walk_in", capacity=100),
        "relief": service_create(place=centre, group="government", name="困难家庭救助", access="apply", eligibility={"residents_of_unit": True}),
        "far_haircut": service_create(place=far, group="life", name="蓝天理发", capacity=4),
        "far_doctor": service_create(place=far, group="life", name="家庭医生坐诊", capacity=12, eligibility={"residents_of_unit": True}),
        "far": far,
    }


def shown(response):
    return {s.name for sec in response.context["sections"] for s in sec.services}


def test_a_resident_sees_by_default_only_the_services_for_him(login, personas, menu):
    r = login(personas["resident"]).get("/services/menu/")
    assert shown(r) == {"太极拳", "社区食堂", "困难家庭救助"}
    assert r.context["menu"].filtered and r.context["menu"].total == 6
    html = r.content.decode()
    assert 'id="menu-show-all"' in html and "all=1" in html


def test_show_all_adds_the_others_with_the_reason(login, personas, menu):
    r = login(personas["resident"]).get("/services/menu/", {"all": "1"})
    assert shown(r) == {"太极拳", "社区食堂", "困难家庭救助", "亲子早教", "蓝天理发", "家庭医生坐诊"}
    cards = {s.name: s for sec in r.context["sections"] for s in sec.services}
    assert cards["太极拳"].for_me and not cards["亲子早教"].for_me and cards["亲子早教"].refusal
    assert not cards["蓝天理发"].for_me
    assert 'id="menu-show-mine"' in r.content.decode()


def test_a_visitor_and_staff_without_a_home_see_every_offered_service(client, login, personas, menu):
    assert len(shown(client.get("/services/menu/"))) == 6
    r = login(personas["secretary"]).get("/services/menu/")
    assert len(shown(r)) == 6 and not r.context["menu"].filtered


def test_the_rule_is_the_named_permission_too(personas, menu):
    resident = personas["resident"]
    assert resident.has_perm("services.use_service", menu["tai_chi"]) and resident.has_perm("services.use_service", menu["relief"])
    assert not resident.has_perm("services.use_service", menu["early"]) and not resident.has_perm("services.use_service", menu["far_haircut"])


def test_search_by_text_and_by_pinyin_initials(client, login, personas, menu):
    assert shown(client.get("/services/menu/", {"q": "食堂"})) == {"社区食堂"}
    assert shown(client.get("/services/menu/", {"q": "jtys"})) == {"家庭医生坐诊"}  # 家庭医生坐诊's initials
    assert shown(client.get("/services/menu/", {"q": "蓝天"})) == {"蓝天理发", "家庭医生坐诊"}  # by place
    r = login(personas["resident"]).get("/services/menu/", {"q": "jtys"})
    assert shown(r) == set() and 'id="menu-empty"' in r.content.decode()  # not for him; the page offers all
    assert "all=1" in r.content.decode()


def test_places_are_sections_the_residents_own_station_then_the_centre(login, personas, menu, station, centre):
    r = login(personas["resident"]).get("/services/menu/", {"all": "1"})
    assert [sec.place.pk for sec in r.context["sections"]] == [station.pk, centre.pk, menu["far"].pk]
    assert [sec.near for sec in r.context["sections"]] == [True, True, False]
    r = login(personas["resident"]).get("/services/menu/")  # the services for him first within a place
    assert [s.name for s in r.context["sections"][0].services] == ["太极拳"]


def test_one_card_per_service_with_its_next_sessions_inside(login, personas, menu):
    tai_chi = menu["tai_chi"]
    slots = [make_slot(service=tai_chi, hours_from_now=24 * d + 2) for d in range(1, 6)]
    mine = booking_create(slot=slots[0], user=personas["resident"])
    r = login(personas["resident"]).get("/services/menu/")
    cards = [s for sec in r.context["sections"] for s in sec.services if s.pk == tai_chi.pk]
    assert len(cards) == 1
    card = cards[0]
    assert [slot.pk for slot, _m in card.sessions] == [s.pk for s in slots[:3]] and card.more_sessions == 2
    assert card.sessions[0][1] == mine
    html = r.content.decode()
    assert html.count(f'data-service="{tai_chi.pk}"') == 1
    assert f'href="/services/bookings/{mine.pk}/"' in html and f'action="/services/slots/{slots[1].pk}/book/"' in html


def grow(tree, n, start):
    for i in range(start, start + n):
        place = make_station(tree.D1 if i % 2 else tree.D2, name=f"站点{i}")
        for k in range(2):
            s = service_create(place=place, group="life", name=f"服务{i}-{k}", capacity=3, eligibility={"residents_of_unit": True} if k else {})
            for h in range(4):
                make_slot(service=s, hours_from_now=10 + 24 * h + i)


@pytest.mark.parametrize("who", ["resident", "visitor", "secretary"])
def test_the_menu_keeps_its_queries_as_services_and_sessions_grow(client, login, personas, tree, menu, who, django_assert_max_num_queries):
    c = client if who == "visitor" else login(personas[who])
    grow(tree, 2, 0)
    c.get("/services/menu/")
    with django_assert_max_num_queries(12) as small:
        assert c.get("/services/menu/").status_code == 200
    grow(tree, 12, 10)
    with django_assert_max_num_queries(len(small)):
        r = c.get("/services/menu/")
    assert r.status_code == 200 and len(shown(r)) > 4
