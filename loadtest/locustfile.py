"""Load scenario: the personas' realistic mix against a production-style server.

StaffBrowser   office staff and social workers: lists, searches by pinyin initials, detail pages, unit pages (HTML, session)
ApiClient      another system or a grid worker's phone app: API lists, details, search (token)
Registrar      a committee secretary registering and correcting residents (API writes)
TrivialUser    only /healthz: the same server's ceiling, measured in the same run as the baseline

Writes acknowledged with 201 are recorded (LOAD_ACK_FILE) so `make faults` can check none was lost.
"""

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "jiayuan2021")
INITIALS = ["zsf", "wf", "lx", "zw", "ly", "wj", "zm", "cj", "lj", "hy"]
ACKED: list[int] = []
ACK_LOCK = threading.Lock()
# Short think times keep the server busy, so requests per second measure capacity in both phases.
WAIT = between(0.0, 0.2)
_seq = itertools.count(random.randint(0, 500))  # noqa: S311  load data, not security


def id_number(n: int) -> str:
    weights, check = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), "10X98765432"
    first17 = f"310117{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
    return first17 + check[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


class StaffBrowser(HttpUser):
    weight = 4
    wait_time = WAIT
    username = "socialworker"

    def on_start(self):
        self.client.get("/accounts/login/", name="/accounts/login/")
        token = self.client.cookies.get("csrftoken")
        self.client.post("/accounts/login/", {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}, name="/accounts/login/ [POST]")
        page = self.client.get("/people/", name="/people/").text
        self.residents = [int(x) for x in re.findall(r"/people/residents/(\d+)/", page)] or [1]

    @task(4)
    def directory(self):
        self.client.get(f"/people/?page={random.randint(1, 50)}", name="/people/?page")  # noqa: S311

    @task(4)
    def search(self):
        self.client.get(f"/people/?q={random.choice(INITIALS)}", name="/people/?q")  # noqa: S311

    @task(3)
    def resident(self):
        self.client.get(f"/people/residents/{random.choice(self.residents)}/", name="/people/residents/[id]/")  # noqa: S311

    @task(2)
    def units(self):
        self.client.get("/org/", name="/org/")

    @task(1)
    def home(self):
        self.client.get("/", name="/")


class ApiClient(HttpUser):
    weight = 3
    wait_time = WAIT

    def on_start(self):
        r = self.client.post("/api/token/", {"username": random.choice(["admin", "area1", "gridworker"]), "password": PASSWORD}, name="/api/token/")  # noqa: S311
        self.client.headers["Authorization"] = f"Token {r.json()['token']}"
        self.units = [u["id"] for u in self.client.get("/api/units/?kind=grid", name="/api/units/?kind").json()["results"]] or [1]

    @task(4)
    def residents(self):
        self.client.get(f"/api/residents/?page={random.randint(1, 20)}", name="/api/residents/?page")  # noqa: S311

    @task(3)
    def search(self):
        self.client.get(f"/api/residents/?q={random.choice(INITIALS)}", name="/api/residents/?q")  # noqa: S311

    @task(2)
    def under_grid(self):
        self.client.get(f"/api/residents/?under={random.choice(self.units)}", name="/api/residents/?under")  # noqa: S311

    @task(2)
    def households(self):
        self.client.get("/api/households/", name="/api/households/")

    @task(1)
    def unit(self):
        self.client.get(f"/api/units/{random.choice(self.units)}/", name="/api/units/[id]/")  # noqa: S311


class Registrar(HttpUser):
    weight = 1
    wait_time = WAIT

    def on_start(self):
        r = self.client.post("/api/token/", {"username": "secretary", "password": PASSWORD}, name="/api/token/")
        self.client.headers["Authorization"] = f"Token {r.json()['token']}"
        grids = self.client.get("/api/units/?kind=house&page_size=50", name="/api/units/?kind").json()["results"]
        self.houses = [u["id"] for u in grids]
        self.mine: list[int] = []

    @task(3)
    def register(self):
        n = next(_seq) * 7919 + os.getpid()
        body = {"name": "压测居民", "id_number": id_number(n), "mobile": f"13{n % 10**9:09d}", "house": random.choice(self.houses), "relation": "other"}  # noqa: S311
        with self.client.post("/api/residents/", json=body, name="/api/residents/ [POST]", catch_response=True) as r:
            if r.status_code == 201:
                with ACK_LOCK:
                    ACKED.append(r.json()["id"])
                self.mine.append(r.json()["id"])
            elif r.status_code == 400 and "id_number" in r.text:
                r.success()  # an ID number drawn twice: refused as it must be, not an error

    @task(1)
    def correct(self):
        if self.mine:
            pk = random.choice(self.mine)  # noqa: S311
            self.client.patch(f"/api/residents/{pk}/", json={"mobile": f"139{random.randint(0, 10**8 - 1):08d}"}, name="/api/residents/[id]/ [PATCH]")  # noqa: S311


class TrivialUser(HttpUser):
    wait_time = WAIT

    @task
    def healthz(self):
        self.client.get("/healthz", name="/healthz")


@events.quitting.add_listener
def write_acknowledged(environment, **kwargs):
    path = os.environ.get("LOAD_ACK_FILE")
    if path:
        with open(path, "w") as f:
            json.dump(ACKED, f)
