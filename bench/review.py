"""The first open of Review, from a fresh process with a cold cache.

    .venv/bin/python bench/review.py [--rounds 5] [--json out.json]

Each round starts a new Python process per example proposal (the demo's Northwind Bakery
and Harbor Dental): a new instance folder and database (the PDF cache empty), the app with
its production settings (two sample workers, two render workers, pre-rendering on). In it,
the consultant signs in and opens the dashboard (the first request starts the app's
warm-up, see proposals/wizard/review.py), then, once the warm-up has finished, the people
step (the baseline: a plain page of the same wizard) and Review, each timed through the
WSGI app. "straight away" opens Review right after sign-in without waiting for the
warm-up, the worst case of a consultant who goes to Review within a second or two of the
server starting. Target: p95 of the first open <= 1 s for both proposals.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EMAIL, PASSWORD = "bench@example.com", "correct horse battery"
PROPOSALS = ("Northwind Bakery", "Harbor Dental")


def timed(client, url: str) -> float:
    """Milliseconds for one GET through the WSGI app; the page must answer 200."""
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def one_round(prospect: str, wait: bool) -> dict:
    """In this (fresh) process: sign in, and time the people step and the first Review."""
    from sqlalchemy import select

    from proposals import create_app, db
    from proposals.auth.users import create_user
    from proposals.models import Proposal
    from proposals.wizard.review import WARMING

    folder = Path(tempfile.mkdtemp(prefix="bench-review-"))
    app = create_app(
        {
            "INSTANCE_PATH": folder,
            "DATABASE_URL": f"sqlite:///{folder}/bench.db",
            "SECRET_KEY": "bench",
            "SEED_DEMO": True,
            "LOG_LEVEL": "WARNING",
            "WTF_CSRF_ENABLED": False,
        }
    )
    with db.standalone_session(app) as session:
        create_user(session, EMAIL, "Bench", PASSWORD)
        proposal = session.scalar(select(Proposal).where(Proposal.prospect.contains(prospect)))
        proposal_id = proposal.id
    client = app.test_client()
    client.post("/login", data={"email": EMAIL, "password": PASSWORD})
    client.get("/")
    if wait:
        app.extensions[WARMING].join()
    people = timed(client, f"/proposals/{proposal_id}/step/people")
    review = timed(client, f"/proposals/{proposal_id}/step/review")
    return {"people": people, "review": review}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(rounds: int) -> dict:
    """Each round in its own process, so every first open is really the first."""
    results: dict = {}
    for wait in (True, False):
        for prospect in PROPOSALS:
            runs = []
            for _ in range(rounds):
                output = subprocess.run(
                    [sys.executable, __file__, "--one", prospect, *(["--wait"] if wait else [])],
                    capture_output=True,
                    text=True,
                )
                if output.returncode != 0:
                    sys.exit(f"a round for {prospect} failed:\n{output.stderr[-3000:]}")
                runs.append(json.loads(output.stdout.strip().splitlines()[-1]))
            results[(prospect, wait)] = runs
    return results


def report(results: dict) -> list[dict]:
    rows = []
    print("| proposal | when | people ms (median) | first Review median ms | p95 ms | ratio |")
    print("|---|---|---:|---:|---:|---:|")
    for (prospect, wait), runs in results.items():
        people = statistics.median(r["people"] for r in runs)
        first = [r["review"] for r in runs]
        row = {
            "proposal": prospect,
            "when": "after warm-up" if wait else "straight away",
            "people_median_ms": round(people, 1),
            "review_median_ms": round(statistics.median(first), 1),
            "review_p95_ms": round(p95(first), 1),
        }
        row["ratio"] = round(row["review_p95_ms"] / people, 1)
        rows.append(row)
        print(
            f"| {prospect} | {row['when']} | {row['people_median_ms']} | "
            f"{row['review_median_ms']} | {row['review_p95_ms']} | {row['ratio']}x |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--wait", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_round(args.one, args.wait)))
        return
    print(f"{platform.python_version()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    rows = report(run(args.rounds))
    print(f"load at the end {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
