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
