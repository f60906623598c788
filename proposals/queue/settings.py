"""The Celery app and its worker settings: what the hand-written render pool gives, in
Celery's own words (a hard time limit that kills the task's process, recycling after a
number of tasks and above a memory size, one task fetched at a time, retried once if its
worker dies)."""

from __future__ import annotations

from collections.abc import Mapping

from celery import Celery

from . import HARD_LIMIT_GRACE

QUEUE = "proposals-render"
TASKS_PER_CHILD = 50  # a fresh process now and then: WeasyPrint's caches only grow
CONNECT_TIMEOUT = 3.0  # seconds to reach the broker before saying it is unavailable


def make_celery(config: Mapping) -> Celery:
    """A Celery app for the broker in `config` (BROKER_URL) with the render limits."""
    time_limit = float(config.get("RENDER_TIME_LIMIT") or 60)
    celery = Celery("proposals", broker=config["BROKER_URL"], include=["proposals.queue.tasks"])
    celery.conf.update(
        task_default_queue=QUEUE,
        # Results come back through the database (the job row and its PDF version).
        task_ignore_result=True,
        # The soft limit lets the job say why it failed; the hard one kills the process.
        task_soft_time_limit=time_limit,
        task_time_limit=time_limit + HARD_LIMIT_GRACE,
        worker_max_tasks_per_child=TASKS_PER_CHILD,
        # Resident memory, in KiB, above which a child is replaced after its task.
        worker_max_memory_per_child=int(config.get("RENDER_MEMORY_MB") or 1024) * 1024,
        worker_prefetch_multiplier=1,
        # A task is acknowledged when done, and put back if its process dies under it;
        # the task itself refuses a third attempt (proposals/queue/tasks.py).
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_concurrency=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=False,
        broker_connection_retry=True,
        broker_connection_max_retries=None,  # a running worker waits for the broker forever
        broker_connection_timeout=CONNECT_TIMEOUT,
        broker_transport_options={
            "socket_connect_timeout": CONNECT_TIMEOUT,
            "socket_timeout": 10,
            "visibility_timeout": 3600,
        },
        # Publishing is tried once: a web request must not hang on a broker that is away.
        task_publish_retry=False,
        worker_send_task_events=False,
        task_send_sent_event=False,
        worker_enable_remote_control=False,
    )
    return celery
