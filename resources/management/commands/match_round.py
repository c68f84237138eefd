"""manage.py match_round --unit CODE [--name NAME] [--kinds talent,space,project] [--apply]: run a batch
round for the open needs of a unit (all of them: the command runs as the system), print the optimal and
the greedy totals, and with --apply propose the optimal assignment's matches."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from org.models import Unit
from resources.models import ResourceKind
from resources.services.rounds import AlreadyApplied, round_apply, round_run


class Command(BaseCommand):
    help = "Run a matching round (optimal by min-cost flow, beside greedy) for a unit's open needs; --apply proposes the matches."

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="the unit's code (a 居民区 or the subdistrict)")
        parser.add_argument("--name", default="", help="the round's name (default: the unit and the time)")
        parser.add_argument("--kinds", default="", help="only these kinds of resources, comma-separated: talent, space, project")
        parser.add_argument("--apply", action="store_true", help="propose the optimal assignment's matches")

    def handle(self, *args, unit, name, kinds, apply, **options):
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"No unit with the code {unit!r}.")
        kinds = [k.strip() for k in kinds.split(",") if k.strip()]
        bad = [k for k in kinds if k not in ResourceKind.values]
        if bad:
            raise CommandError(f"Unknown kinds: {', '.join(bad)} (talent, space, project).")
        name = name or f"{target.name} {timezone.localtime():%Y-%m-%d %H:%M}"

        def progress(blocks):
            return tqdm(blocks, desc="scoring needs (blocks)", unit="block", file=sys.stderr)

        r = round_run(target, None, name, kinds=kinds, progress=progress)
        gain = f" ({(r.optimal_total / r.greedy_total - 1) * 100:+.1f}%)" if r.greedy_total else ""
        self.stdout.write(
            f"round {r.pk} {r.name!r}: {r.needs_count} open needs x {r.resources_count} resources, {r.edges_count} candidate pairs, {r.seconds:.2f} s"
        )
        self.stdout.write(f"optimal: total {r.optimal_total:.4f}, {r.optimal_assigned} needs assigned{gain}")
        self.stdout.write(f"greedy:  total {r.greedy_total:.4f}, {r.greedy_assigned} needs assigned")
        if apply:
            try:
                report = round_apply(r, None)
            except AlreadyApplied as e:
                raise CommandError(e.message) from e
            self.stdout.write(
                f"applied: {report.created} matches proposed, {report.already_live} already live, {report.not_possible} no longer possible (skipped)"
            )
