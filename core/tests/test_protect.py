from django.db import connection

from core.protect import decrypt, digest, encrypt, mask_id_number, mask_mobile


def test_it_masks_by_the_project_convention():
    assert mask_mobile("13812341234") == "138****1234"
    assert mask_id_number("310117198001010011") == "3****************1"


def test_encryption_round_trips_and_is_not_clear_text():
    token = encrypt("11010519491231002X")
    assert "11010519491231002X" not in token
    assert decrypt(token) == "11010519491231002X"


def test_the_digest_is_stable_and_keyed():
    assert digest("13812341234") == digest("13812341234") != "13812341234"


def test_a_database_dump_does_not_show_identifiers_in_clear_text(people):
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM people_resident")
        dump = repr(cur.fetchall())
    assert "11010519491231002X" not in dump and "13812341234" not in dump
    assert "1****************X" in dump  # the masked form is what is stored for display


def test_health_endpoints_answer(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}


def test_an_api_client_obtains_a_token_with_its_password(client, personas, password):
    r = client.post("/api/token/", {"username": "secretary", "password": password})
    assert r.status_code == 200 and len(r.json()["token"]) == 40
    assert client.post("/api/token/", {"username": "secretary", "password": "wrong-Pass1"}).status_code == 400


def test_a_persons_name_keeps_its_surname_and_a_star_for_each_other_character():
    from core.protect import mask_name

    assert [mask_name(n) for n in ("张三丰", "李四", "欧阳明", "欧阳", "")] == ["张**", "李*", "欧阳*", "欧*", ""]


def test_a_display_name_masks_the_persons_name_and_keeps_roles_and_leaves_out_account_names():
    from core.protect import mask_display_name

    shown = {t: mask_display_name(t) for t in ("张三丰", "居民 张三丰", "维保员 李四", "网格员", "resident", "13812341234", "居民 wang")}
    assert shown == {
        "张三丰": "张**",
        "居民 张三丰": "居民 张**",
        "维保员 李四": "维保员 李*",
        "网格员": "网格员",
        "resident": "",
        "13812341234": "",
        "居民 wang": "居民",
    }
