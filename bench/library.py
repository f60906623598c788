"""Library list and search pages with 5,000 samples: server time per request.

    .venv/bin/python bench/library.py [--samples 5000] [--repeat 30] [--json out.json]
        [--database-url postgresql+psycopg://user:password@host/database]

Builds a temporary database of N samples (variants of the starter library, so bodies and
tags are realistic), then times each page through the WSGI app, in this process. The
baseline is the same page on an empty library, measured in the same run: the ratio shows
what the library's size costs. Target: under 100 ms per request at 5,000 samples.

With --database-url (a PostgreSQL server's, say) the two libraries are two databases made
on that server for the run (`<database>_bench_empty`, `<database>_bench_full`) and dropped
afterwards; the URL's own database is only used to create them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proposals import create_app, db  # noqa: E402
from proposals.auth.users import create_user  # noqa: E402
from proposals.library import revisions  # noqa: E402
from proposals.library.spec import parse_sample  # noqa: E402
from proposals.models import Sample, SampleRevision  # noqa: E402
from proposals.paths import SAMPLES  # noqa: E402

PAGES = {
    "list, first page": "/library/",
    "list, page 40": "/library/?page=40",
    "search, common word": "/library/?q=cash",
    "search, two words": "/library/?q=margin+price",
    "search, no match": "/library/?q=zzzunmatched",
    "tag filter": "/library/?tag=it",
    "wizard sample step": None,  # filled in once a proposal exists
}


def make_app(folder: Path, url: str | None = None):
    return create_app(
        {
            "INSTANCE_PATH": folder,
            "DATABASE_URL": url or f"sqlite:///{folder}/bench.db",
            "SECRET_KEY": "bench",
            "SEED_DEMO": True,
            "LOG_LEVEL": "WARNING",
            "WTF_CSRF_ENABLED": False,
            "PRERENDER": False,
            "RENDER_WORKERS": 0,
        }
    )


def fill(app, count: int) -> None:
    """Add `count` samples, cycling through the starter files with new ids and titles."""
    starters = [p.read_text() for p in sorted(SAMPLES.glob("*.md")) if p.name != "README.md"]
    with db.standalone_session(app) as session:
        for number in range(count):
            source = starters[number % len(starters)]
            parsed = parse_sample(source)
            slug = f"{parsed.spec.id}-{number}"
            source = source.replace(f"id: {parsed.spec.id}", f"id: {slug}", 1)
            sample = Sample(slug=slug)
            revision = SampleRevision(
                sample=sample,
                number=1,
                title=f"{parsed.spec.title} {number}",
                summary=parsed.spec.summary,
                tags=parsed.spec.tags,
                source=source,
                author="bench",
            )
            session.add_all([sample, revision])
            revisions.make_current(sample, revision, parse_sample(source))
            if number % 500 == 499:
                session.commit()
        session.commit()


@contextmanager
def server_databases(url: str | None, names: list[str]):
    """A fresh database per name on the server of `url` (None: SQLite files instead)."""
    if url is None:
        yield [None] * len(names)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    databases = [f"{base.database}_bench_{name}" for name in names]
    with admin.connect() as connection:
        for database in databases:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        yield [base.set(database=d).render_as_string(hide_password=False) for d in databases]
    finally:
        with admin.connect() as connection:
            for database in databases:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


def time_pages(app, repeat: int) -> dict[str, list[float]]:
    with app.app_context():  # the first account also takes over the demo proposals
        create_user(db.session(), "bench@firm.example", "Bench", "correct horse battery")
    client = app.test_client()
    client.post("/login", data={"email": "bench@firm.example", "password": "correct horse battery"})
    pages = dict(PAGES)
    pages["wizard sample step"] = "/proposals/1/step/sample"
    timings = {}
    for name, url in pages.items():
        client.get(url)  # warm templates and caches
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings[name] = samples
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--database-url", help="a server to run on instead of SQLite files")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as empty_dir,
        tempfile.TemporaryDirectory() as full_dir,
        server_databases(args.database_url, ["empty", "full"]) as (empty_url, full_url),
    ):
        empty_app = make_app(Path(empty_dir), empty_url)
        baseline = time_pages(empty_app, args.repeat)
        full_app = make_app(Path(full_dir), full_url)
        started = time.perf_counter()
        fill(full_app, args.samples)
        fill_seconds = time.perf_counter() - started
        full = time_pages(full_app, args.repeat)
        for app in (empty_app, full_app):
            app.extensions["db_engine"].dispose()
    rows = []
    where = "SQLite" if args.database_url is None else full_app.extensions["db_engine"].dialect.name
    print(
        f"{args.samples} samples (+ starter library) on {where}, {args.repeat} requests per "
        f"page; filling took {fill_seconds:.1f} s\n"
    )
    print(f"{'page':<24}{'median ms':>10}{'p95 ms':>9}{'baseline ms':>13}{'ratio':>8}  target")
    for name, samples in full.items():
        median = statistics.median(samples)
        p95 = statistics.quantiles(samples, n=20)[-1]
        base = statistics.median(baseline[name])
        verdict = "ok" if median < 100 else "SLOW"
        rows.append(
            {
                "page": name,
                "median_ms": round(median, 2),
                "p95_ms": round(p95, 2),
                "baseline_ms": round(base, 2),
                "ratio": round(median / base, 2),
            }
        )
        print(f"{name:<24}{median:>10.1f}{p95:>9.1f}{base:>13.1f}{median / base:>8.2f}  {verdict}")
    if args.json:
        args.json.write_text(
            json.dumps({"samples": args.samples, "database": where, "pages": rows}, indent=2)
        )


if __name__ == "__main__":
    main()
