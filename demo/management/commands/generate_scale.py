"""`manage.py generate_scale --subdistricts 20`: district-scale data for benchmarks (~50,000 residents each)."""

import time

from django.core.management.base import BaseCommand
from django.db import connection
from tqdm import tqdm

from demo.generator import Generator, audit_load, describe, is_complete, pending_households
from demo.parallel import generate_parallel
from demo.specs import scale


class Command(BaseCommand):
    help = "Generate benchmark subdistricts SCALE-01 ... SCALE-NN; existing ones are skipped, a half-made one is completed."

    def add_arguments(self, parser):
        parser.add_argument("--subdistricts", type=int, default=20)
        parser.add_argument("--residents-per-subdistrict", type=int, default=50_000)
        parser.add_argument("--districts", type=int, default=22, help="residential districts per subdistrict")
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--workers", type=int, default=1, help="processes generating subdistricts at once (PostgreSQL only)")

    def handle(self, *args, subdistricts, residents_per_subdistrict, districts, seed, workers, verbosity, **options):
        specs = [scale(k, residents_per_subdistrict, districts, seed) for k in range(1, subdistricts + 1)]
        todo = [s for s in specs if not is_complete(s)]
        if not todo:
            if verbosity:
                self.stdout.write(f"All {subdistricts} benchmark subdistricts exist; nothing to do.")
            return
        started = time.monotonic()
        with tqdm(total=sum(pending_households(s) for s in todo), unit="户", desc="generate_scale", disable=verbosity == 0) as bar:
            if workers > 1 and len(todo) > 1 and connection.vendor == "postgresql":
                counts = generate_parallel(todo, seed, min(workers, len(todo)), bar.update)
            else:
                gen = Generator(seed, bar.update)
                for spec in todo:
                    gen.subdistrict(spec)
                counts = gen.counts
        options = {"subdistricts": subdistricts, "residents_per_subdistrict": residents_per_subdistrict, "districts": districts, "seed": seed}
        audit_load("generate_scale", counts, options)
        if verbosity:
            self.stdout.write(f"Created {describe(counts)} in {len(todo)} subdistricts in {time.monotonic() - started:.1f} s.")
