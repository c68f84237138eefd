"""`manage.py rotate_keys`: re-encrypt every encrypted column with the first (newest) FIELD_ENCRYPTION_KEY.

Rotation: put the new key in front (`FIELD_ENCRYPTION_KEY=new,old`), restart, run `rotate_keys`, then drop
the old key. `--reindex` also recomputes the exact-search digests with the current BLIND_INDEX_KEY (after
changing that key; exact searches find nothing until it is done). Batched, one transaction per batch;
safe to run again after an interruption.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from audit.services import audit_record
from core.keys import UnreadableValue, encrypted_columns, pending, rotate_batch


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column with the first FIELD_ENCRYPTION_KEY (--reindex: recompute the blind-index digests too)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="rows per transaction (default 1000)")
        parser.add_argument("--reindex", action="store_true", help="recompute the blind-index digests with the current BLIND_INDEX_KEY")

    def handle(self, *args, batch_size, reindex, verbosity, **options):
        columns = encrypted_columns()
        totals = {}
        for cols in columns:
            with tqdm(total=pending(cols).count(), unit="row", desc=cols.label, disable=verbosity == 0) as bar:
                after, rewritten = 0, 0
                while True:
                    try:
                        read, changed, after = rotate_batch(cols, after, batch_size, reindex=reindex)
                    except UnreadableValue as e:
                        raise CommandError(str(e)) from e
                    if not read:
                        break
                    rewritten += changed
                    bar.update(read)
            totals[cols.label] = rewritten
        audit_record(action="update", object_type="core.keys", object_repr="FIELD_ENCRYPTION_KEY", changes={"rotated": totals, "reindex": reindex})
        if verbosity:
            self.stdout.write("Rewritten: " + ", ".join(f"{label} {n:,}" for label, n in totals.items()))
