"""PDFs per minute through the queue: one `proposals worker` against two, nothing else running.

    .venv/bin/python bench/render_queue.py [--jobs 24] [--rounds 2] [--json out.json]

bench/load.py measures the queue under 20 consultants, where the PDFs asked for per minute
(the consultants' pace) and the web processes' share of the cores decide as much as the
workers do. This isolates the workers: a throwaway PostgreSQL and Redis (tests/servers.py),
`--jobs` render jobs submitted at once (each for a proposal of its own, so none comes from
the PDF cache) through `render_jobs.submit`, as "Generate PDF" does, and the time until the
last one is done, with one worker and with two, in alternating rounds (medians compared);
each worker renders one PDF first, untimed.
Also the CPU time the workers' task processes got: the ratio means something only when two
workers got about twice the cores. Target (issue 15): two workers >= 1.8x the PDFs per
minute of one, when the machine has the cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from itertools import count
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from bench.load import children_cpu_seconds  # noqa: E402
from proposals import create_app, db, render_jobs  # noqa: E402
from proposals.auth.users import create_user  # noqa: E402
from proposals.document import validate_document  # noqa: E402
from proposals.models import JobStatus, Proposal, RenderJob  # noqa: E402
from proposals.operations import import_document  # noqa: E402
from tests.conftest import NORTHWIND, load_example  # noqa: E402
from tests.servers import Postgres, Redis, Worker  # noqa: E402

SECRET = "queue-benchmark-secret"
_titles = count(1)


def proposals_of_their_own(app, owner_id: int, how_many: int) -> list[int]:
    northwind = load_example(NORTHWIND)
    with app.app_context():
        session = db.session()
        return [
            import_document(
                session,
                validate_document({**northwind, "title": f"Queue bench {next(_titles)}"}),
                owner_id=owner_id,
            ).id
            for _ in range(how_many)
        ]


def one_round(app, env: dict, folder: Path, owner_id: int, workers: int, jobs: int) -> dict:
    started = [Worker(env, folder / f"worker-{workers}-{n}.log").start() for n in range(workers)]
    try:
        # One PDF per worker first, untimed: a task process's first PDF also loads fonts
        # and WeasyPrint's styles, which would count twice against two workers.
        render_all(app, proposals_of_their_own(app, owner_id, workers))
        ids = proposals_of_their_own(app, owner_id, jobs)
        # The task processes' CPU, living and reaped (a worker recycles its children).
        cpu_before = sum(children_cpu_seconds(worker.process.pid) for worker in started)
        began = time.monotonic()
        failed = render_all(app, ids)
        wall = time.monotonic() - began
        cpu = sum(children_cpu_seconds(worker.process.pid) for worker in started) - cpu_before
    finally:
        for worker in started:
            worker.stop()
    return {
        "workers": workers,
        "seconds": round(wall, 2),
        "pdfs_per_minute": round(60 * jobs / wall, 1),
        "failed": failed,
        "cores_got": round(cpu / wall, 2),
    }


def render_all(app, ids: list[int]) -> int:
    """Submit a render job for each proposal, as Generate PDF does, and wait until every
    one has ended; how many failed."""
    with app.app_context():
        session = db.session()
        job_ids = [render_jobs.submit(session, session.get(Proposal, id)).id for id in ids]
        ended = select(func.count()).select_from(RenderJob).where(RenderJob.id.in_(job_ids))
        while True:
            time.sleep(0.1)
            session.expire_all()
            finished = ended.where(RenderJob.status.in_([JobStatus.DONE, JobStatus.FAILED]))
            if session.scalar(finished) == len(job_ids):
                return session.scalar(ended.where(RenderJob.status == JobStatus.FAILED))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=24)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="proposals-queue-bench-"))
    os.chmod(folder, 0o755)  # the PostgreSQL cluster runs as another user
    postgres = Postgres(folder / "postgres").start()
    redis = Redis(folder / "redis").start()
    try:
        env = {
            "PROPOSALS_DATABASE_URL": postgres.url,
            "PROPOSALS_BROKER_URL": redis.url,
            "PROPOSALS_INSTANCE_PATH": str(folder / "instance"),
            "PROPOSALS_SECRET_KEY": SECRET,
            "PROPOSALS_SEED_DEMO": "0",
            "PROPOSALS_LOG_LEVEL": "WARNING",
        }
        os.environ.update(env)
        app = create_app({"PRERENDER": False})
        with app.app_context():
            owner_id = create_user(
                db.session(), "bench@queue.example", "Bench", "queue bench pw"
            ).id
        load_before = os.getloadavg()[0]
        runs = [
            one_round(app, env, folder, owner_id, workers, args.jobs)
            for _ in range(args.rounds)
            for workers in (1, 2)
        ]
        app.extensions["db_engine"].dispose()
    finally:
        redis.stop()
        postgres.stop()
    report = summary(runs, args.jobs, load_before)
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


def summary(runs: list[dict], jobs: int, load_before: float) -> dict:
    def median(workers: int, key: str) -> float:
        return statistics.median(run[key] for run in runs if run["workers"] == workers)

    one, two = median(1, "pdfs_per_minute"), median(2, "pdfs_per_minute")
    return {
        "jobs_per_round": jobs,
        "cpus": os.cpu_count(),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "one_worker_pdfs_per_minute": one,
        "two_workers_pdfs_per_minute": two,
        "two_over_one": round(two / one, 2),
        "cores_got": {"one": median(1, "cores_got"), "two": median(2, "cores_got")},
        "failed": sum(run["failed"] for run in runs),
        "runs": runs,
    }


if __name__ == "__main__":
    main()
