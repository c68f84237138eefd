"""`manage.py load_demo`: the 中山街道 demo (and a small 岳阳街道), idempotent and deterministic."""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from tqdm import tqdm

from accounts.models import User
from accounts.roles import ROLES
from demo.accounts import DEMO_PASSWORD, DEMO_USERS, demo_units, ensure_demo_users
from demo.cases import load_demo_cases
from demo.deliberation import load_demo_deliberation
from demo.evaluation import load_evaluation_demo
from demo.generator import Generator, audit_load, describe, is_complete, pending_households
from demo.resources import load_demo_resources
from demo.services import load_demo_services
from demo.smart import load_demo_smart
from demo.specs import ZHONGSHAN, yueyang, zhongshan
from open311.demo import ensure_open311_demo


class Command(BaseCommand):
    help = "Load the Zhongshan demo data (22 residential districts, ~50,000 residents) and the demo accounts. Running it again adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=22, help="residential districts (居民区) in 中山街道")
        parser.add_argument("--households", type=int, default=20_000, help="households in 中山街道 (about 2.5 residents each)")
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, districts, households, seed, verbosity, **options):
        ensure_open311_demo()  # the Open311 demo key jiayuan-demo-key (idempotent)
        specs = [zhongshan(districts, households, seed), yueyang(max(20, households // 100), seed)]
        users_ok = User.objects.filter(username__in=[u.username for u in DEMO_USERS]).count() == len(DEMO_USERS)
        if users_ok and all(is_complete(s) for s in specs):
            if verbosity:
                self.stdout.write("The demo data is already loaded; nothing to do.")
                self.print_accounts()
            self.load_cases(seed, verbosity)
            analyze()
            return
        started = time.monotonic()
        with tqdm(total=sum(pending_households(s) for s in specs), unit="户", desc="load_demo", disable=verbosity == 0) as bar:
            gen = Generator(seed, bar.update)
            for spec in specs:
                gen.subdistrict(spec)
        with transaction.atomic():
            gen.counts["users"] = ensure_demo_users(ZHONGSHAN)
            audit_load("load_demo", gen.counts, {"districts": districts, "households": households, "seed": seed})
        if verbosity:
            self.stdout.write(f"Created {describe(gen.counts)} in {time.monotonic() - started:.1f} s.")
            self.print_accounts()
        self.load_cases(seed, verbosity)
        analyze()

    def load_cases(self, seed, verbosity):
        """Two years of cases (demo/cases.py), with the calendar and categories first; once."""
        done = load_demo_cases(ZHONGSHAN, seed=seed, progress=verbosity > 0)
        if verbosity and not done.get("skipped"):
            self.stdout.write(f"Created {done['cases']:,} cases with {done['transitions']:,} timeline steps in {done['seconds']} s.")
        self.load_devices(seed, verbosity)

    def load_devices(self, seed, verbosity):
        """Several hundred devices with two days of history (demo/smart.py), after the cases' categories; once."""
        done = load_demo_smart(ZHONGSHAN, seed=seed, progress=verbosity > 0)
        if verbosity and not done.get("skipped"):
            self.stdout.write(f"Created {done['devices']:,} devices with {done['telemetry']:,} readings, {done['events']:,} events and "
                              f"{done['alarms']:,} past alarms in {done['seconds']} s; HTTP ingestion demo credential: {done['http credential']}")  # fmt: skip
        self.load_services(seed, verbosity)

    def load_services(self, seed, verbosity):
        """The centre, 22 stations, the menu, a year of bookings, duty, 睦邻点 and surveys (demo/services.py); once."""
        done = load_demo_services(ZHONGSHAN, seed=seed, progress=verbosity > 0)
        if verbosity and not done.get("skipped"):
            self.stdout.write(f"Created {done['places']} service places with {done['rooms']} rooms and {done['services']} services, {done['slots']:,} slots, "
                              f"{done['bookings']:,} bookings, {done['duty shifts']:,} duty shifts, {done['points']} 睦邻点 with {done['point activities']:,} "
                              f"activities and {done['surveys']} surveys in {done['seconds']} s.")  # fmt: skip
        self.load_resources(seed, verbosity)

    def load_resources(self, seed, verbosity):
        """Talents, co-building units, charities and their projects, shared spaces, needs and their matches (demo/resources.py); once."""
        done = load_demo_resources(ZHONGSHAN, seed=seed, progress=verbosity > 0)
        if verbosity and not done.get("skipped"):
            self.stdout.write(f"Created {done['talents']} talents, {done['co-building units']} co-building units, {done['charities']} charities with "
                              f"{done['projects']} projects, {done['spaces']} shared spaces, {done['needs']} needs, {done['matches']} matches and "
                              f"{done['service records']} service records in {done['seconds']} s.")  # fmt: skip
        self.load_deliberation(seed, verbosity)
        self.load_evaluation(seed, verbosity)

    def load_evaluation(self, seed, verbosity):
        """Four quarters of 物业服务评价 for every estate, with satisfaction surveys and ratings (demo/evaluation.py); once. After the
        deliberation demo: it reads its property companies, actions and 约请."""
        done = load_evaluation_demo(ZHONGSHAN, seed=seed)
        if verbosity and not done.get("skipped"):
            self.stdout.write(f"Evaluated property services: {done}.")

    def load_deliberation(self, seed, verbosity):
        """Property companies, councils and the other bodies, a year of meetings with decisions and actions, 约请 and 三重一大 (demo/deliberation/); once."""
        done = load_demo_deliberation(ZHONGSHAN, seed=seed, progress=verbosity > 0)
        if verbosity and not done.get("skipped"):
            self.stdout.write(f"Created {done['bodies']} deliberative bodies with {done['members']} members, {done['meetings']} meetings, {done['decisions']} "
                              f"decisions, {done['actions']} actions, {done['summons']} 约请 and {done['matters']} 三重一大 matters in {done['seconds']} s.")  # fmt: skip

    def print_accounts(self):
        units = demo_units(ZHONGSHAN)
        self.stdout.write(f"Demo accounts (password {DEMO_PASSWORD}):")
        units["H"].name = units["zsf"].address
        for du in DEMO_USERS:
            user = User.objects.get(username=du.username)
            self.stdout.write(f"  {du.username:<15} {user.display_name} · {ROLES[du.role].label} @ {units[du.at].name}")


def analyze():
    """Table statistics for the query planner after a bulk load. SQLite keeps none until ANALYZE (without them
    it walks a grouping index over every row: /services/occupancy/ 8x slower); PostgreSQL's autovacuum would
    get there later."""
    with connection.cursor() as c:
        c.execute("ANALYZE")
