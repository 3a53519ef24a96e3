"""Documents made in the background (django-tasks): ids in, the service does the work."""

from __future__ import annotations

from django_tasks import task


@task()
def make_document(batch_id: int) -> None:
    """Make one requested document; a second run of a finished batch does nothing."""
    from .batches import run_batch

    run_batch(batch_id)
