"""The alarm engine: rules evaluated on each stored batch (issue 5 item 5). Filled in by the alarm work."""

from .messages import StoredBatch


def evaluate(batch: StoredBatch) -> None:
    """Evaluate the alarm rules on what a batch stored for the first time (inside its transaction)."""
