"""Key rotation for the encrypted columns (core.protect): every `*_enc` column of every model is
re-encrypted with the newest FIELD_ENCRYPTION_KEY; with `reindex`, the blind-index digests beside them
(`X_enc` → `X_digest`) are recomputed with the current BLIND_INDEX_KEY. Batched, one transaction per batch,
rows already under the newest key left alone, so an interrupted run is simply run again."""

from dataclasses import dataclass

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.db import transaction
from django.db.models import Q

from core.protect import decrypt, digest, reencrypt


class UnreadableValue(Exception):
    """A stored value that none of the configured keys opens (the key it was written with is missing)."""


@dataclass(frozen=True)
class EncryptedColumns:
    model: type
    fields: tuple[str, ...]  # the *_enc columns
    digests: dict  # enc column -> its blind-index column, where there is one

    @property
    def label(self) -> str:
        return self.model._meta.label


def encrypted_columns() -> list[EncryptedColumns]:
    """Every model with encrypted columns: by convention a concrete text column named `*_enc`."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        enc = tuple(sorted(n for n in names if n.endswith("_enc")))
        if enc:
            digests = {n: n[: -len("_enc")] + "_digest" for n in enc if n[: -len("_enc")] + "_digest" in names}
            found.append(EncryptedColumns(model, enc, digests))
    return sorted(found, key=lambda c: c.label)


def pending(cols: EncryptedColumns):
    """The rows holding at least one encrypted value."""
    q = Q()
    for f in cols.fields:
        q |= ~Q(**{f: ""})
    return cols.model._base_manager.filter(q)


def rotate_batch(cols: EncryptedColumns, after, size: int, reindex: bool = False) -> tuple[int, int, object]:
    """One batch of rows with pk > `after`, in one transaction: (rows read, rows rewritten, last pk)."""
    model = cols.model
    with transaction.atomic():
        rows = list(pending(cols).filter(pk__gt=after).order_by("pk").select_for_update().values_list("pk", *cols.fields)[:size])
        changed = []
        for pk, *values in rows:
            updates = {}
            for name, value in zip(cols.fields, values, strict=True):
                try:
                    new = reencrypt(value)
                except InvalidToken as e:
                    raise UnreadableValue(f"{cols.label} {pk} {name}: no key in FIELD_ENCRYPTION_KEY opens it") from e
                if new is not None:
                    updates[name] = new
                if reindex and name in cols.digests:
                    updates[cols.digests[name]] = digest(decrypt(value))
            if updates:
                changed.append((pk, updates))
        for pk, updates in changed:
            model._base_manager.filter(pk=pk).update(**updates)  # no signals: the values are the same, only the key changed
    return len(rows), len(changed), rows[-1][0] if rows else after
