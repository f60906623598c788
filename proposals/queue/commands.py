"""`proposals worker`: render PDFs from the queue on this machine."""

from __future__ import annotations

import sys

import click

from ..config import ConfigError
from .broker import BrokerUnavailable, celery_for, check
from .settings import QUEUE


@click.command()
@click.option(
    "--concurrency",
    default=1,
    show_default=True,
    help="PDFs laid out at once (one process each); about one per core.",
)
@click.option("--loglevel", default="INFO", show_default=True)
def worker(concurrency: int, loglevel: str) -> None:
    """Render PDFs handed over by the web app (needs PROPOSALS_BROKER_URL and the database)."""
    from . import tasks, worker_app

    try:
        app = worker_app.create()
        if not app.config.get("BROKER_URL"):
            raise ConfigError("PROPOSALS_BROKER_URL is not set: there is no queue to work for.")
        check(app.config)
    except (ConfigError, BrokerUnavailable) as exc:
        click.echo(f"proposals worker: {exc}", err=True)
        sys.exit(1)
    tasks.use_app(app)
    celery = celery_for(app.config)
    click.echo(f"Rendering PDFs from {QUEUE} with {concurrency} process(es) (Ctrl+C to stop)")
    celery.worker_main(
        [
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            f"--queues={QUEUE}",
            f"--loglevel={loglevel}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
