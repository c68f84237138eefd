"""A user's only unit is preselected on the case forms that ask for a place (issue 15 item 7); the patrol form,
where the pin comes first, leaves it to the worker."""


def test_the_hotline_form_preselects_a_secretarys_residential_district(login, grids, personas, categories):
    assert login(personas["secretary"]).get("/cases/hotline/").context["form"]["unit"].value() == grids.D1.pk


def test_nothing_is_preselected_for_a_user_with_several_places(login, grids, personas, categories):
    assert login(personas["subdistrict_admin"]).get("/cases/hotline/").context["form"]["unit"].value() is None


def test_the_patrol_form_leaves_the_place_to_the_pin(login, grids, personas, categories):
    assert login(personas["grid_worker"]).get("/cases/patrol/").context["form"]["unit"].value() is None
