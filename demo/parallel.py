"""Several subdistricts generated at once, one per worker process (PostgreSQL; 2+ CPUs).

The parent creates the subdistricts and 片区 first (top-level paths are numbered in one place),
then forks the workers; each opens its own database connection and reports finished households
through a queue, so one progress bar shows them all.
"""

import multiprocessing
import queue
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from django.db import connections, transaction

from demo.generator import Generator
from demo.plan import SubdistrictSpec

_progress = None


def _init(progress) -> None:
    global _progress
    _progress = progress


def _generate(spec: SubdistrictSpec, seed: int) -> Counter:
    gen = Generator(seed, _progress.put)
    gen.subdistrict(spec)
    connections.close_all()
    return gen.counts


def generate_parallel(specs: list[SubdistrictSpec], seed: int, workers: int, advance: Callable[[int], object]) -> Counter:
    counts = Counter()
    top = Generator(seed)
    for spec in specs:
        with transaction.atomic():
            top.top_units(spec)
    counts += top.counts
    connections.close_all()  # the children must not share the parent's connection
    ctx = multiprocessing.get_context("fork")
    progress = ctx.Queue()

    def drain():
        while True:
            try:
                advance(progress.get_nowait())
            except queue.Empty:
                return

    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(progress,)) as pool:
        pending = {pool.submit(_generate, spec, seed) for spec in specs}
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            drain()
            for f in done:
                counts += f.result()
    drain()
    return counts
