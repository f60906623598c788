"""The sample-preview path with the body worked out in a worker process, against in-process.

    .venv/bin/python bench/sample.py [--repeat 40] [--json out.json]

Times each starter sample's library page (its `example:` worked out, then the page drawn)
through the WSGI app: once with SAMPLE_WORKERS=0 (the body runs in the request, the
baseline) and once with two sample workers, interleaved request by request, after one warm
request each. Targets (issue 12): p95 with workers <= 150 ms, and <= 1.5x the in-process
time measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from proposals import create_app, db  # noqa: E402
from proposals.auth.users import create_user  # noqa: E402
from proposals.library.spec import parse_sample  # noqa: E402
from proposals.paths import SAMPLES  # noqa: E402
from proposals.render.shared_pool import shutdown_pool  # noqa: E402


def make_app(folder: Path, workers: int):
    app = create_app(
        {
            "INSTANCE_PATH": folder,
            "DATABASE_URL": f"sqlite:///{folder}/bench.db",
            "SECRET_KEY": "bench",
            "SEED_DEMO": False,
            "LOG_LEVEL": "WARNING",
            "RENDER_WORKERS": 0,
            "SAMPLE_WORKERS": workers,
            "WTF_CSRF_ENABLED": False,
        }
    )
    return app


def signed_in(app):
    client = app.test_client()
    client.post("/login", data={"email": "bench@firm.example", "password": PASSWORD})
    return client


PASSWORD = "correct horse battery"


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    slugs = [
        parse_sample(path.read_text()).spec.id
        for path in sorted(SAMPLES.glob("*.md"))
        if path.name.lower() != "readme.md"
    ]
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        apps = {"in process": make_app(folder, 0), "in a worker": make_app(folder, 2)}
        with apps["in process"].app_context():
            create_user(db.session(), "bench@firm.example", "Bench", PASSWORD, admin=True)
        clients = {name: signed_in(app) for name, app in apps.items()}
        times = {name: [] for name in apps}
        for name, client in clients.items():  # warm: workers started, templates compiled
            for slug in slugs:
                assert client.get(f"/library/{slug}").status_code == 200, (name, slug)
        for _ in range(args.repeat):
            for slug in slugs:
                for name, client in clients.items():
                    started = time.perf_counter()
                    response = client.get(f"/library/{slug}")
                    times[name].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200
        shutdown_pool()
    base, worker = times["in process"], times["in a worker"]
    result = {
        "requests": len(worker),
        "load_average": os.getloadavg()[0],
        "in_process_ms": {"median": statistics.median(base), "p95": p95(base)},
        "worker_ms": {"median": statistics.median(worker), "p95": p95(worker)},
        "ratio_p95": p95(worker) / p95(base),
        "ratio_median": statistics.median(worker) / statistics.median(base),
    }
    print(
        f"{len(slugs)} starter samples x {args.repeat}, load average {result['load_average']:.1f}"
    )
    print("| path | median ms | p95 ms |\n|---|---:|---:|")
    print(f"| body in the request | {result['in_process_ms']['median']:.1f} | {p95(base):.1f} |")
    print(f"| body in a worker | {result['worker_ms']['median']:.1f} | {p95(worker):.1f} |")
    print(f"ratio: median {result['ratio_median']:.2f}x, p95 {result['ratio_p95']:.2f}x")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
