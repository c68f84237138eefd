def test_the_social_worker_finds_a_resident_by_pinyin_initials(login, personas, people):
    c = login(personas["social_worker"])
    r = c.get("/people/?q=zsf")
    assert r.status_code == 200
    body = r.content.decode()
    assert "张三丰" in body and "1****************X" in body and "11010519491231002X" not in body
    assert "李四" not in body


def test_every_main_page_renders_for_the_admin(login, personas, people, tree):
    c = login(personas["subdistrict_admin"])
    for url in ["/", "/org/", f"/org/units/{tree.G1.pk}/", "/org/map/", "/org/map/grids.geojson", "/people/", f"/people/residents/{people['zsf'].pk}/",
                f"/people/households/{people['h1'].pk}/", "/accounts/roles/", f"/people/residents/new/?house={tree.H1.pk}", f"/people/residents/{people['zsf'].pk}/edit/",
                f"/org/units/{tree.G1.pk}/edit/", "/api/units/", "/api/residents/", "/api/schema/"]:
        assert c.get(url).status_code == 200, url
